# SPDX-License-Identifier: GPL-3.0-or-later
"""WS-Discovery responder: answers directed (unicast) Probes for the fleet's cameras.

It binds one UDP socket on the given host, never joins a multicast group and never
sends multicast (no Hello/Bye): a client finds the cameras by sending a Probe straight
to this socket. Each matching camera answers with its own ProbeMatches datagram, as
real devices do, related to the Probe by ``wsa:RelatesTo``.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
import uuid
from typing import cast
from urllib.parse import urlsplit

from lxml import etree

from camsim.camera import SimCamera
from camsim.onvif.device import scopes as camera_scopes
from camsim.onvif.soap import Maker

log = logging.getLogger(__name__)

SOAP_ENV = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
DN = "http://www.onvif.org/ver10/network/wsdl"
TDS = "http://www.onvif.org/ver10/device/wsdl"
ACTION_PROBE = f"{WSD}/Probe"
ACTION_PROBE_MATCHES = f"{WSD}/ProbeMatches"
ANONYMOUS = f"{WSA}/role/anonymous"
MATCH_RFC3986 = f"{WSD}/rfc3986"
MATCH_STRCMP = f"{WSD}/strcmp0"
TYPES = ((DN, "NetworkVideoTransmitter"), (TDS, "Device"))
MAX_DATAGRAM = 65000

_NSMAP = {"s": SOAP_ENV, "a": WSA, "d": WSD, "dn": DN, "tds": TDS}
S, A, D = Maker(SOAP_ENV, _NSMAP), Maker(WSA, _NSMAP), Maker(WSD, _NSMAP)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def endpoint_reference(camera: SimCamera) -> str:
    """The camera's stable WS-Discovery endpoint reference (``urn:uuid:…``)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"camsim:{camera.spec.camera_id}").urn


class Probe:
    """What a Probe asks for: types, scopes, how to match scopes, and its MessageID."""

    def __init__(
        self, message_id: str, types: set[tuple[str, str]], scopes: list[str], match_by: str
    ) -> None:
        self.message_id = message_id
        self.types = types
        self.scopes = scopes
        self.match_by = match_by


def parse_probe(data: bytes) -> Probe | None:
    """The Probe in a datagram, or None when it is anything else (or not XML)."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return None
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        return None
    action = root.findtext(f"{{{SOAP_ENV}}}Header/{{{WSA}}}Action", "")
    probe = root.find(f"{{{SOAP_ENV}}}Body/{{{WSD}}}Probe")
    if probe is None or (action and action.strip() != ACTION_PROBE):
        return None
    message_id = (root.findtext(f"{{{SOAP_ENV}}}Header/{{{WSA}}}MessageID", "") or "").strip()
    types: set[tuple[str, str]] = set()
    types_element = probe.find(f"{{{WSD}}}Types")
    if types_element is not None:
        for name in (types_element.text or "").split():
            prefix, sep, local = name.rpartition(":")
            namespace = types_element.nsmap.get(prefix if sep else None, "")
            types.add((namespace or "", local))
    scopes_element = probe.find(f"{{{WSD}}}Scopes")
    scopes: list[str] = []
    match_by = MATCH_RFC3986
    if scopes_element is not None:
        scopes = (scopes_element.text or "").split()
        match_by = scopes_element.get("MatchBy", MATCH_RFC3986)
    return Probe(message_id, types, scopes, match_by)


def _scope_matches(wanted: str, offered: str, match_by: str) -> bool:
    if match_by == MATCH_STRCMP:
        return wanted == offered
    if match_by != MATCH_RFC3986:
        return False
    w, o = urlsplit(wanted), urlsplit(offered)
    if (w.scheme.lower(), w.netloc.lower()) != (o.scheme.lower(), o.netloc.lower()):
        return False
    w_parts = [p for p in w.path.split("/") if p]
    o_parts = [p for p in o.path.split("/") if p]
    return o_parts[: len(w_parts)] == w_parts


def matches(camera: SimCamera, probe: Probe) -> bool:
    """Whether the camera answers ``probe`` (all types and all scopes must match)."""
    if not probe.types <= set(TYPES):
        return False
    offered = camera_scopes(camera)
    return all(any(_scope_matches(w, o, probe.match_by) for o in offered) for w in probe.scopes)


def probe_matches(camera: SimCamera, relates_to: str, instance_id: int, number: int) -> bytes:
    """The ProbeMatches datagram a camera sends in reply to a Probe."""
    envelope = S.Envelope(
        S.Header(
            A.MessageID(uuid.uuid4().urn),
            A.RelatesTo(relates_to),
            A.To(ANONYMOUS),
            A.Action(ACTION_PROBE_MATCHES),
            D.AppSequence({"InstanceId": str(instance_id), "MessageNumber": str(number)}),
        ),
        S.Body(
            D.ProbeMatches(
                D.ProbeMatch(
                    A.EndpointReference(A.Address(endpoint_reference(camera))),
                    D.Types("dn:NetworkVideoTransmitter tds:Device"),
                    D.Scopes(" ".join(camera_scopes(camera))),
                    D.XAddrs(camera.spec.onvif_url),
                    D.MetadataVersion("1"),
                )
            )
        ),
    )
    etree.cleanup_namespaces(envelope, top_nsmap=_NSMAP, keep_ns_prefixes=list(_NSMAP))
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


class _Responder(asyncio.DatagramProtocol):
    def __init__(self, cameras: list[SimCamera]) -> None:
        self.cameras = cameras
        self.instance_id = int(time.time())
        self.numbers = itertools.count(1)
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # Python 3.11's selector datagram transport does not subclass DatagramTransport.
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        if self.transport is None or len(data) > MAX_DATAGRAM:
            return
        probe = parse_probe(data)
        if probe is None:
            return
        for camera in self.cameras:
            if camera.faults.offline() or not matches(camera, probe):
                continue
            reply = probe_matches(camera, probe.message_id, self.instance_id, next(self.numbers))
            self.transport.sendto(reply, addr)

    def error_received(self, exc: Exception) -> None:
        log.debug("WS-Discovery socket error: %s", exc)


async def start_discovery(
    cameras: list[SimCamera], host: str, port: int
) -> asyncio.DatagramTransport:
    """Answer unicast WS-Discovery Probes for ``cameras`` on ``host:port`` (UDP).

    Args:
        cameras: The cameras to announce (an offline camera does not answer).
        host: The address to bind (only this one; no multicast group is joined).
        port: The UDP port; 0 picks a free one (read it from the transport's sockname).

    Returns:
        The datagram transport; close it to stop answering.
    """
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(
        lambda: _Responder(cameras), local_addr=(host, port)
    )
    return transport
