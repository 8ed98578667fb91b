# SPDX-License-Identifier: GPL-3.0-or-later
"""WS-Discovery (SOAP-over-UDP, 2005/04) Probe for ONVIF devices.

Why our own ~100 lines instead of a library: the one maintained Python implementation
(WSDiscovery) runs its own threads and multicast listeners for the life of an object;
a catalogue scan needs one Probe and a few seconds of listening, on one chosen interface
or straight at one address (a directed Probe, which is also how the simulator is found).

The Probe goes to 239.255.255.250:3702 from the chosen interface (sent twice, as
SOAP-over-UDP asks for multicast), or once to ``address:port``. Every ProbeMatch that
relates to our MessageID is kept, one per endpoint reference. Replies are parsed without
entity expansion or network access.
"""

from __future__ import annotations

import asyncio
import fcntl
import ipaddress
import socket
import struct
import uuid
from dataclasses import dataclass, field
from typing import Any, cast

from lxml import etree

SOAP_ENV = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
DN = "http://www.onvif.org/ver10/network/wsdl"
MULTICAST_GROUP = "239.255.255.250"
PORT = 3702
_MAX_DATAGRAM = 65535
_SIOCGIFADDR = 0x8915
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class DiscoveryError(Exception):
    """The scan could not be sent (unknown interface or address)."""


@dataclass
class Found:
    """One device's answer."""

    endpoint: str
    xaddrs: list[str] = field(default_factory=list)
    scopes: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)


def probe_message(message_id: str) -> bytes:
    """A Probe for ONVIF network video transmitters."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<s:Envelope xmlns:s="{SOAP_ENV}" xmlns:a="{WSA}" xmlns:d="{WSD}" xmlns:dn="{DN}">'
        f"<s:Header><a:Action>{WSD}/Probe</a:Action><a:MessageID>{message_id}</a:MessageID>"
        "<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>"
        "<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>"
        "</s:Envelope>"
    ).encode()


def parse_matches(data: bytes, message_id: str) -> list[Found]:
    """The ProbeMatch entries of a datagram answering ``message_id`` (else none)."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return []
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        return []
    relates = (root.findtext(f"{{{SOAP_ENV}}}Header/{{{WSA}}}RelatesTo") or "").strip()
    if relates != message_id:
        return []
    out = []
    for match in root.iterfind(f"{{{SOAP_ENV}}}Body/{{{WSD}}}ProbeMatches/{{{WSD}}}ProbeMatch"):
        endpoint = (match.findtext(f"{{{WSA}}}EndpointReference/{{{WSA}}}Address") or "").strip()
        found = Found(
            endpoint=endpoint[:200],
            xaddrs=(match.findtext(f"{{{WSD}}}XAddrs") or "").split()[:10],
            scopes=(match.findtext(f"{{{WSD}}}Scopes") or "").split()[:50],
            types=(match.findtext(f"{{{WSD}}}Types") or "").split()[:10],
        )
        if found.endpoint or found.xaddrs:
            out.append(found)
    return out


def interface_address(interface: str) -> str:
    """The IPv4 address of an interface given by address or by name (Linux).

    Raises:
        DiscoveryError: no such interface or no IPv4 address on it.
    """
    try:
        return str(ipaddress.IPv4Address(interface))
    except ValueError:
        pass
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            packed = struct.pack("256s", interface.encode()[:15])
            answer = fcntl.ioctl(sock.fileno(), _SIOCGIFADDR, packed)
        except OSError:
            raise DiscoveryError(f"no IPv4 address on interface {interface!r}") from None
    return socket.inet_ntoa(answer[20:24])


class _Collector(asyncio.DatagramProtocol):
    def __init__(self, message_id: str) -> None:
        self.message_id = message_id
        self.found: dict[str, Found] = {}

    def datagram_received(self, data: bytes, addr: Any) -> None:
        for match in parse_matches(data, self.message_id):
            key = match.endpoint or " ".join(match.xaddrs)
            self.found.setdefault(key, match)

    def error_received(self, exc: Exception) -> None:
        pass  # ICMP unreachable from a directed Probe: nobody there; keep listening


async def discover(
    address: str | None = None,
    port: int = PORT,
    interface: str | None = None,
    time_limit: float = 3.0,
) -> list[Found]:
    """Probe and collect answers for ``time_limit`` seconds.

    Raises:
        DiscoveryError: the address does not resolve or the interface is unknown.
    """
    loop = asyncio.get_running_loop()
    message_id = uuid.uuid4().urn
    message = probe_message(message_id)
    local = interface_address(interface) if interface else "0.0.0.0"
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        if address:
            try:
                async with asyncio.timeout(time_limit):  # a slow resolver counts too
                    infos = await loop.getaddrinfo(
                        address, port, family=socket.AF_INET, type=socket.SOCK_DGRAM
                    )
            except (OSError, TimeoutError):
                raise DiscoveryError(f"cannot resolve {address!r}") from None
            target = cast(tuple[str, int], infos[0][4])
            sends = 1
        else:
            target = (MULTICAST_GROUP, port)
            sends = 2
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
            if interface:
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(local))
        sock.bind((local if interface else "0.0.0.0", 0))
        sock.setblocking(False)
    except OSError as exc:  # an address that is not this host's, a port already taken
        sock.close()
        raise DiscoveryError(f"cannot use interface {interface!r}: {exc.strerror}") from None
    except BaseException:
        sock.close()
        raise
    transport, protocol = await loop.create_datagram_endpoint(
        lambda: _Collector(message_id), sock=sock
    )
    try:
        for i in range(sends):
            if i:
                await asyncio.sleep(min(0.1, time_limit / 4))
            try:
                transport.sendto(message, target)
            except OSError as exc:
                raise DiscoveryError(f"cannot send the Probe: {exc.strerror}") from None
        await asyncio.sleep(time_limit)
    finally:
        transport.close()
    return list(protocol.found.values())
