# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet's WS-Discovery responder, probed directly (unicast) over loopback UDP."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest
from lxml import etree

from camsim.camera import CameraKind, CameraSpec, SimCamera
from camsim.discovery import endpoint_reference, start_discovery

T = TypeVar("T")
SOAP = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
DN = "http://www.onvif.org/ver10/network/wsdl"
NS = {"s": SOAP, "a": WSA, "d": WSD}


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coro, 30))


def cameras() -> list[SimCamera]:
    kinds: list[CameraKind] = ["dome", "dome", "fixed"]
    return [
        SimCamera(
            CameraSpec(
                index=i,
                camera_id=f"cam{i + 1:02d}",
                name=["Cầu Nhật Lệ", "Chợ Đồng Hới", "Ga Đồng Hới"][i],
                kind=kind,
                host="127.0.0.1",
                onvif_port=18000 + 2 * i,
                rtsp_port=18001 + 2 * i,
                username="admin",
                password="pw",
                model="SIM-BULLET-4MM" if kind == "fixed" else "SIM-DOME-20X",
            )
        )
        for i, kind in enumerate(kinds)
    ]


def probe(
    message_id: str, types: str | None = "dn:NetworkVideoTransmitter", scopes: str = ""
) -> bytes:
    types_xml = f"<d:Types>{types}</d:Types>" if types is not None else ""
    scopes_xml = f"<d:Scopes>{scopes}</d:Scopes>" if scopes else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<s:Envelope xmlns:s="{SOAP}" xmlns:a="{WSA}" xmlns:d="{WSD}" xmlns:dn="{DN}">'
        f"<s:Header><a:Action>{WSD}/Probe</a:Action><a:MessageID>{message_id}</a:MessageID>"
        f"<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>"
        f"<s:Body><d:Probe>{types_xml}{scopes_xml}</d:Probe></s:Body></s:Envelope>"
    ).encode()


class Collector(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.replies: list[bytes] = []

    def datagram_received(self, data: bytes, addr: Any) -> None:
        self.replies.append(data)


async def exchange(
    fleet: list[SimCamera], datagrams: list[bytes], until: Any, limit: float = 5.0
) -> list[bytes]:
    """Send datagrams to a responder for ``fleet``; collect replies until ``until(replies)``."""
    loop = asyncio.get_running_loop()
    responder = await start_discovery(fleet, "127.0.0.1", 0)
    host, port = responder.get_extra_info("sockname")[:2]
    assert host == "127.0.0.1"
    transport, collector = await loop.create_datagram_endpoint(
        Collector, local_addr=("127.0.0.1", 0)
    )
    try:
        for datagram in datagrams:
            transport.sendto(datagram, (host, port))
        deadline = time.monotonic() + limit
        while not until(collector.replies):
            assert time.monotonic() < deadline, f"only {len(collector.replies)} replies"
            await asyncio.sleep(0.01)
        return collector.replies
    finally:
        transport.close()
        responder.close()


def relates_to(reply: bytes) -> str:
    return etree.fromstring(reply).findtext("s:Header/a:RelatesTo", "", NS)


def test_probe_gets_one_match_per_camera() -> None:
    fleet = cameras()
    message_id = uuid.uuid4().urn
    replies = run(exchange(fleet, [probe(message_id)], lambda r: len(r) >= 3))
    found = {}
    for reply in replies:
        root = etree.fromstring(reply)
        assert root.findtext("s:Header/a:Action", "", NS) == f"{WSD}/ProbeMatches"
        assert root.findtext("s:Header/a:RelatesTo", "", NS) == message_id
        assert root.find("s:Header/d:AppSequence", NS) is not None
        [match] = root.findall("s:Body/d:ProbeMatches/d:ProbeMatch", NS)
        address = match.findtext("a:EndpointReference/a:Address", "", NS)
        types = match.find("d:Types", NS)
        assert types is not None
        resolved = {
            (types.nsmap[name.split(":")[0]], name.split(":")[1])
            for name in (types.text or "").split()
        }
        assert resolved == {
            (DN, "NetworkVideoTransmitter"),
            ("http://www.onvif.org/ver10/device/wsdl", "Device"),
        }
        found[address] = (
            match.findtext("d:XAddrs", "", NS),
            (match.findtext("d:Scopes", "", NS) or "").split(),
            match.findtext("d:MetadataVersion", "", NS),
        )
    for camera in fleet:
        xaddrs, scopes, version = found[endpoint_reference(camera)]
        assert endpoint_reference(camera).startswith("urn:uuid:")
        assert xaddrs == camera.spec.onvif_url
        assert f"onvif://www.onvif.org/hardware/{camera.spec.model}" in scopes
        assert any(s.startswith("onvif://www.onvif.org/location/") for s in scopes)
        assert version == "1"
    names = {s for _, scopes, _ in found.values() for s in scopes if "/name/" in s}
    assert names == {
        "onvif://www.onvif.org/name/Cau_Nhat_Le",
        "onvif://www.onvif.org/name/Cho_Dong_Hoi",
        "onvif://www.onvif.org/name/Ga_Dong_Hoi",
    }
    assert endpoint_reference(fleet[0]) == endpoint_reference(cameras()[0])  # stable


def test_types_and_scopes_filter_the_matches() -> None:
    fleet = cameras()
    fleet[1].faults.offline_until = time.monotonic() + 60  # an offline camera is silent
    wrong_type, junk, by_scope, any_type = (uuid.uuid4().urn for _ in range(4))
    datagrams = [
        probe(wrong_type, types="dn:Printer"),
        b"\x00not xml at all",
        probe(junk, types="tds:Device"),  # unbound prefix: no match
        probe(by_scope, types=None, scopes="onvif://www.onvif.org/hardware/SIM-BULLET-4MM"),
        probe(any_type, types=None),
    ]
    replies = run(
        exchange(fleet, datagrams, lambda r: sum(relates_to(x) == any_type for x in r) >= 2)
    )
    related = [relates_to(r) for r in replies]
    assert wrong_type not in related and junk not in related
    assert related.count(by_scope) == 1 and related.count(any_type) == 2
    [bullet] = [r for r in replies if relates_to(r) == by_scope]
    assert endpoint_reference(fleet[2]).encode() in bullet


def test_a_ws_discovery_library_understands_the_replies() -> None:
    wsd = pytest.importorskip("wsdiscovery")
    from wsdiscovery.actions.probe import constructProbe
    from wsdiscovery.message import createSOAPMessage, parseSOAPMessage
    from wsdiscovery.qname import QName

    fleet = cameras()
    envelope = constructProbe([QName(DN, "NetworkVideoTransmitter", "dn")], [])
    datagram = createSOAPMessage(envelope).encode()
    replies = run(exchange(fleet, [datagram], lambda r: len(r) >= 3))
    services = {}
    for reply in replies:
        parsed = parseSOAPMessage(reply, "127.0.0.1")
        assert parsed is not None and parsed.getRelatesTo() == envelope.getMessageId()
        for match in parsed.getProbeResolveMatches():
            services[match.getEPR()] = match
    assert set(services) == {endpoint_reference(c) for c in fleet}
    for camera in fleet:
        match = services[endpoint_reference(camera)]
        assert match.getXAddrs() == [camera.spec.onvif_url]
        assert {(t.getNamespace(), t.getLocalname()) for t in match.getTypes()} >= {
            (DN, "NetworkVideoTransmitter")
        }
        assert any(str(s).endswith(camera.spec.model) for s in match.getScopes())
    assert wsd is not None
