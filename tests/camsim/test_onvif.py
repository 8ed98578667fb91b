# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulated camera's ONVIF device and media services, WS-Security and fault modes."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import hashlib
import os
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
import pytest
import zeep.exceptions
from lxml import etree
from onvif.exceptions import ONVIFAuthError, ONVIFError

from camsim.camera import CameraSpec, SimCamera, default_streams
from camsim.onvif.server import RunningOnvif, serve_in_thread

T = TypeVar("T")
Connect = Callable[..., Any]

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
TT = "http://www.onvif.org/ver10/schema"
NS = {"s": SOAP12, "tds": "http://www.onvif.org/ver10/device/wsdl"}
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
DEVICE_INFO = '<tds:GetDeviceInformation xmlns:tds="http://www.onvif.org/ver10/device/wsdl"/>'
SERVICE_NAMESPACES = {
    "device": "http://www.onvif.org/ver10/device/wsdl",
    "media": "http://www.onvif.org/ver10/media/wsdl",
    "media2": "http://www.onvif.org/ver20/media/wsdl",
    "ptz": "http://www.onvif.org/ver20/ptz/wsdl",
    "events": "http://www.onvif.org/ver10/events/wsdl",
    "search": "http://www.onvif.org/ver10/search/wsdl",
    "replay": "http://www.onvif.org/ver10/replay/wsdl",
    "recording": "http://www.onvif.org/ver10/recording/wsdl",
}

pytestmark = pytest.mark.usefixtures("onvif_strict")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coro, 60))


def soap(
    body: str,
    password: str,
    created: datetime | None = None,
    nonce: bytes | None = None,
    password_type: str = "PasswordDigest",
) -> bytes:
    """A SOAP 1.2 request with a UsernameToken built independently of the device code."""
    nonce = os.urandom(16) if nonce is None else nonce
    stamp = (created or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = hashlib.sha1(nonce + stamp.encode() + password.encode()).digest()
    secret = base64.b64encode(digest).decode() if password_type == "PasswordDigest" else password
    token = etree.Element(f"{{{WSSE}}}UsernameToken", nsmap={"wsse": WSSE, "wsu": WSU})
    etree.SubElement(token, f"{{{WSSE}}}Username").text = "admin"
    pw = etree.SubElement(token, f"{{{WSSE}}}Password", Type=f"{PROFILE}#{password_type}")
    pw.text = secret
    etree.SubElement(token, f"{{{WSSE}}}Nonce").text = base64.b64encode(nonce).decode()
    etree.SubElement(token, f"{{{WSU}}}Created").text = stamp
    header = etree.tostring(token).decode()
    return (
        f'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{SOAP12}">'
        f'<s:Header><wsse:Security xmlns:wsse="{WSSE}">{header}</wsse:Security></s:Header>'
        f"<s:Body>{body}</s:Body></s:Envelope>"
    ).encode()


def post(server: RunningOnvif, service: str, payload: bytes) -> tuple[int, bytes]:
    response = httpx.post(
        f"{server.base_url}/{service}",
        content=payload,
        headers={"Content-Type": "application/soap+xml; charset=utf-8"},
        timeout=30,
    )
    return response.status_code, response.content


def fault_codes(content: bytes) -> list[str]:
    """Code and subcode values of a SOAP 1.2 fault reply."""
    root = etree.fromstring(content)
    code = root.find("s:Body/s:Fault/s:Code", NS)
    assert code is not None, content
    return [v.text or "" for v in code.iter(f"{{{SOAP12}}}Value")]


def subcodes(error: zeep.exceptions.Fault) -> list[str]:
    return [etree.QName(q).localname for q in error.subcodes or []]


def extension_xaddrs(extension: dict[str, Any]) -> dict[str, str]:
    """XAddrs of the capabilities Extension; zeep's ``xs:any ##other`` swallows the tt
    elements into ``_value_1`` (as for real cameras), so read them from there too."""
    found = {k: v["XAddr"] for k, v in extension.items() if isinstance(v, dict) and "XAddr" in v}
    for element in extension.get("_value_1") or []:
        xaddr = element.findtext(f"{{{TT}}}XAddr")
        if xaddr:
            found[etree.QName(element).localname] = xaddr
    return found


def test_device_information_services_and_capabilities(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    spec = onvif_dome.camera.spec

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            device = await cam.create_devicemgmt_service()
            info = await device.GetDeviceInformation()
            assert (info.Manufacturer, info.Model) == (spec.manufacturer, spec.model)
            assert (info.FirmwareVersion, info.SerialNumber) == (spec.firmware, spec.serial)

            services = await device.GetServices({"IncludeCapability": True})
            by_namespace = {s.Namespace: s for s in services}
            assert set(by_namespace) == set(SERVICE_NAMESPACES.values())
            for name, namespace in SERVICE_NAMESPACES.items():
                service = by_namespace[namespace]
                assert service.XAddr.startswith(f"{onvif_dome.base_url}/{name}")
                assert service.Version.Major == 2
                assert cam.xaddrs[namespace] == service.XAddr

            caps = await cam.get_capabilities()
            assert caps is not None
            assert caps["Device"]["XAddr"] == spec.onvif_url
            assert caps["Media"]["XAddr"].endswith("/onvif/media_service")
            assert caps["PTZ"]["XAddr"].endswith("/onvif/ptz_service")
            assert caps["Events"]["WSPullPointSupport"] is True
            extension = extension_xaddrs(caps["Extension"])
            assert extension["Search"].endswith("/onvif/search_service")
            assert extension["Replay"].endswith("/onvif/replay_service")
            assert extension["Recording"].endswith("/onvif/recording_service")
            media_only = await device.GetCapabilities({"Category": ["Media"]})
            assert media_only.Device is None and media_only.Media is not None

            scopes = [s.ScopeItem for s in await device.GetScopes()]
            assert "onvif://www.onvif.org/name/Cau_Nhat_Le" in scopes
            assert f"onvif://www.onvif.org/hardware/{spec.model}" in scopes
            assert (await device.GetHostname()).Name == "camsim-cam01"
            interfaces = await device.GetNetworkInterfaces()
            assert interfaces[0].Info.HwAddress == spec.mac
            assert interfaces[0].IPv4.Config.Manual[0].Address == "127.0.0.1"

    run(scenario())


def test_system_date_and_time_needs_no_credentials(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    async def scenario() -> None:
        async with onvif_connect(onvif_dome, password="wrong", update=False) as cam:
            device = await cam.create_devicemgmt_service()
            for answer in (
                await device.authless_GetSystemDateAndTime(),
                await device.GetSystemDateAndTime(),  # a bad token is ignored here
            ):
                assert answer.TimeZone.TZ == "ICT-7"
                assert answer.DaylightSavings is False
                utc, local = answer.UTCDateTime, answer.LocalDateTime
                device_utc = datetime(
                    utc.Date.Year,
                    utc.Date.Month,
                    utc.Date.Day,
                    utc.Time.Hour,
                    utc.Time.Minute,
                    utc.Time.Second,
                    tzinfo=UTC,
                )
                assert abs((device_utc - datetime.now(UTC)).total_seconds()) < 5
                local_hour = (utc.Time.Hour + 7) % 24
                assert local.Time.Hour == local_hour

    run(scenario())


def test_wrong_password_gets_a_not_authorized_fault(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    async def scenario() -> None:
        async with onvif_connect(onvif_dome, password="wrong", update=False) as cam:
            device = await cam.create_devicemgmt_service()
            with pytest.raises(zeep.exceptions.Fault) as caught:
                await device.GetDeviceInformation()
            assert caught.value.code == "env:Sender"
            assert subcodes(caught.value) == ["NotAuthorized"]

    run(scenario())
    status, content = post(onvif_dome, "device_service", soap(DEVICE_INFO, "wrong"))
    assert status == 400
    assert fault_codes(content) == ["env:Sender", "ter:NotAuthorized"]


def test_stale_replayed_or_plain_tokens_are_refused(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    password = onvif_dome.camera.spec.password

    async def skewed_client(skew: timedelta) -> None:
        async with onvif_connect(onvif_dome, update=False) as cam:
            cam.dt_diff = skew  # the client signs with a clock this far off
            device = await cam.create_devicemgmt_service()
            with pytest.raises(zeep.exceptions.Fault) as caught:
                await device.GetDeviceInformation()
            assert subcodes(caught.value) == ["NotAuthorized"]

    run(skewed_client(timedelta(minutes=-10)))
    run(skewed_client(timedelta(minutes=10)))

    fresh = soap(DEVICE_INFO, password)
    assert post(onvif_dome, "device_service", fresh)[0] == 200
    replayed = post(onvif_dome, "device_service", fresh)
    assert replayed[0] == 400 and fault_codes(replayed[1])[1] == "ter:NotAuthorized"
    almost_stale = datetime.now(UTC) - timedelta(minutes=4)
    assert post(onvif_dome, "device_service", soap(DEVICE_INFO, password, almost_stale))[0] == 200
    stale = datetime.now(UTC) - timedelta(minutes=6)
    assert post(onvif_dome, "device_service", soap(DEVICE_INFO, password, stale))[0] == 400
    plain = soap(DEVICE_INFO, password, password_type="PasswordText")
    assert post(onvif_dome, "device_service", plain)[0] == 400
    bare = f'<s:Envelope xmlns:s="{SOAP12}"><s:Body>{DEVICE_INFO}</s:Body></s:Envelope>'
    status, content = post(onvif_dome, "device_service", bare.encode())
    assert (status, fault_codes(content)) == (400, ["env:Sender", "ter:NotAuthorized"])


def test_media_profiles(onvif_dome: RunningOnvif, onvif_connect: Connect) -> None:
    spec = onvif_dome.camera.spec

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            media = await cam.create_media_service()
            profiles = await media.GetProfiles()
            assert [p.token for p in profiles] == ["profile_main", "profile_sub"]
            for profile, (width, height, fps) in zip(
                profiles, [(1280, 720, 25), (640, 360, 15)], strict=True
            ):
                encoder = profile.VideoEncoderConfiguration
                assert encoder.Encoding == "H264"
                assert (encoder.Resolution.Width, encoder.Resolution.Height) == (width, height)
                assert encoder.RateControl.FrameRateLimit == fps
                assert encoder.RateControl.BitrateLimit > 0
                assert encoder.H264.GovLength == fps * spec.gop_seconds
                assert profile.VideoSourceConfiguration.SourceToken == "vs_1"
                ptz = profile.PTZConfiguration
                assert ptz.NodeToken == "ptz_node_1"
                assert ptz.DefaultPTZSpeed.PanTilt.x == 1.0
                assert ptz.DefaultPTZTimeout == timedelta(seconds=60)
            sub = await media.GetProfile({"ProfileToken": "profile_sub"})
            assert sub.VideoEncoderConfiguration.Resolution.Width == 640
            sources = await media.GetVideoSources()
            assert sources[0].token == "vs_1" and sources[0].Resolution.Height == 720
            encoders = await media.GetVideoEncoderConfigurations()
            assert {e.token for e in encoders} == {"vec_main", "vec_sub"}

    run(scenario())


@pytest.mark.filterwarnings("ignore:.*BasicAuth:DeprecationWarning")
@pytest.mark.filterwarnings("ignore:.*'auth' parameter:DeprecationWarning")
def test_stream_and_snapshot_uris(onvif_dome: RunningOnvif, onvif_connect: Connect) -> None:
    spec = onvif_dome.camera.spec

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            media = await cam.create_media_service()
            for stream in spec.streams:
                answer = await media.GetStreamUri(
                    {
                        "StreamSetup": {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
                        "ProfileToken": stream.profile_token,
                    }
                )
                assert answer.Uri == spec.rtsp_url(stream)
            uri = await cam.get_snapshot_uri("profile_main")
            assert uri == f"{onvif_dome.base_url}/snapshot?profile=profile_main"
            for basic in (False, True):
                jpeg = await cam.get_snapshot("profile_main", basic_auth=basic)
                assert jpeg is not None and jpeg[:2] == b"\xff\xd8"
            cam.passwd = "wrong"  # the snapshot URI is known (cached); the password is not
            with pytest.raises(ONVIFAuthError):
                await cam.get_snapshot("profile_main")

    run(scenario())
    assert httpx.get(f"{onvif_dome.base_url}/snapshot", timeout=30).status_code == 401


def test_media_bad_arguments_are_sender_faults(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            media = await cam.create_media_service()
            with pytest.raises(zeep.exceptions.Fault) as caught:
                await media.GetProfile({"ProfileToken": "nope"})
            assert caught.value.code == "env:Sender"
            assert subcodes(caught.value) == ["InvalidArgVal", "NoProfile"]
            with pytest.raises(zeep.exceptions.Fault) as caught:
                await media.GetStreamUri(
                    {
                        "StreamSetup": {
                            "Stream": "RTP-Multicast",
                            "Transport": {"Protocol": "UDP"},
                        },
                        "ProfileToken": "profile_main",
                    }
                )
            assert subcodes(caught.value) == ["InvalidArgVal", "InvalidStreamSetup"]

    run(scenario())


def test_fixed_camera_has_no_ptz(onvif_fixed: RunningOnvif, onvif_connect: Connect) -> None:
    async def scenario() -> None:
        async with onvif_connect(onvif_fixed) as cam:
            assert SERVICE_NAMESPACES["ptz"] not in cam.xaddrs
            capabilities = await cam.get_capabilities()
            assert capabilities is not None and capabilities.get("PTZ") is None
            with pytest.raises(ONVIFError):
                await cam.create_ptz_service()
            media = await cam.create_media_service()
            assert all(p.PTZConfiguration is None for p in await media.GetProfiles())
            # A client that insists (a stale inventory) gets a proper fault.
            cam.xaddrs[SERVICE_NAMESPACES["ptz"]] = f"{onvif_fixed.base_url}/ptz_service"
            ptz = await cam.create_ptz_service()
            with pytest.raises(zeep.exceptions.Fault) as caught:
                await ptz.GetNodes()
            assert caught.value.code == "env:Receiver"
            assert subcodes(caught.value) == ["ActionNotSupported", "PTZNotSupported"]

    run(scenario())


def test_malformed_or_unknown_requests_get_faults(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    password = onvif_dome.camera.spec.password
    for garbage in (b"<not xml", b"", b"<a><b></a>", "<Envelope>\u00e9</Envelope>".encode()):
        status, content = post(onvif_dome, "device_service", garbage)
        assert status == 400
        assert fault_codes(content) == ["env:Sender", "ter:WellFormed"]
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>&x;</s:Body>'
        b"</s:Envelope>"
    )
    status, content = post(onvif_dome, "device_service", xxe)
    assert status == 400 and b"root:" not in content
    soap11 = (
        b'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>'
    )
    assert fault_codes(post(onvif_dome, "device_service", soap11)[1]) == ["env:VersionMismatch"]
    unknown = soap('<tds:Reboot xmlns:tds="http://www.onvif.org/ver10/device/wsdl"/>', password)
    status, content = post(onvif_dome, "device_service", unknown)
    assert (status, fault_codes(content)) == (500, ["env:Receiver", "ter:ActionNotSupported"])
    assert post(onvif_dome, "no_such_service", unknown)[0] == 404

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            imaging = "http://www.onvif.org/ver20/imaging/wsdl"
            cam.xaddrs[imaging] = f"{onvif_dome.base_url}/device_service"
            service = await cam.create_imaging_service()
            with pytest.raises(zeep.exceptions.Fault) as caught:
                await service.GetImagingSettings({"VideoSourceToken": "vs_1"})
            assert subcodes(caught.value) == ["ActionNotSupported"]

    run(scenario())


def test_malformed_reply_fails_a_lenient_client_too(
    onvif_dome: RunningOnvif, onvif_connect: Connect, monkeypatch: pytest.MonkeyPatch
) -> None:
    from onvif.settings import DEFAULT_SETTINGS

    monkeypatch.setattr(DEFAULT_SETTINGS, "strict", False)  # what the hub runs with

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            media = await cam.create_media_service()
            onvif_dome.camera.faults.malformed_xml = True
            with pytest.raises(zeep.exceptions.XMLSyntaxError):
                await media.GetProfiles()
            with pytest.raises(zeep.exceptions.XMLSyntaxError):
                await media.GetVideoSources()

    run(scenario())


def test_fault_modes(onvif_dome: RunningOnvif, onvif_connect: Connect) -> None:
    faults = onvif_dome.camera.faults

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            device = await cam.create_devicemgmt_service()

            faults.onvif_delay = 0.4
            began = time.monotonic()
            await device.GetDeviceInformation()
            assert time.monotonic() - began >= 0.4
            faults.onvif_delay = 0.0

            faults.soap_fault = True
            with pytest.raises(zeep.exceptions.Fault) as caught:
                await device.GetDeviceInformation()
            assert caught.value.code == "env:Receiver"
            assert subcodes(caught.value) == ["Action", "HardwareFailure"]
            assert (await device.GetSystemDateAndTime()).TimeZone.TZ == "ICT-7"
            faults.soap_fault = False

            faults.malformed_xml = True
            with pytest.raises((zeep.exceptions.TransportError, zeep.exceptions.XMLSyntaxError)):
                await device.GetDeviceInformation()
            faults.malformed_xml = False

            faults.offline_until = time.monotonic() + 120
            with pytest.raises(zeep.exceptions.TransportError) as offline:
                await device.GetDeviceInformation()
            assert offline.value.status_code == 503
            faults.clear()
            assert (await device.GetDeviceInformation()).Model == "SIM-DOME-20X"

    run(scenario())
    faults.malformed_xml = True
    status, content = post(onvif_dome, "device_service", soap(DEVICE_INFO, "wrong"))
    assert status == 200
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(content)
    faults.malformed_xml = False
    faults.offline_until = time.monotonic() + 120
    assert post(onvif_dome, "device_service", soap(DEVICE_INFO, "x")) == (503, b"")
    faults.clear()


# -- Media 2 (Profile T) ---------------------------------------------------------------

MEDIA2 = SERVICE_NAMESPACES["media2"]


def _h265_dome(port: int) -> SimCamera:
    spec = CameraSpec(
        index=0,
        camera_id="cam01",
        name="Cầu Nhật Lệ",
        kind="dome",
        host="127.0.0.1",
        onvif_port=port,
        rtsp_port=port + 1,
        username="admin",
        password="s3cret!",
        streams=default_streams("h265"),
    )
    return SimCamera(spec)


async def _media2(cam: Any) -> Any:
    """A Media 2 client: onvif-zeep-async's service class on ONVIF's Media 2 WSDL (the hub's
    copy; onvif-zeep-async ships none)."""
    from onvif import ONVIFService

    from hub.catalog.onvif_probe import MEDIA2_WSDL

    service = ONVIFService(
        cam.xaddrs[MEDIA2],
        cam.user,
        cam.passwd,
        str(MEDIA2_WSDL),
        dt_diff=cam.dt_diff,
        binding_name=f"{{{MEDIA2}}}Media2Binding",
    )
    await service.setup()
    cam.services[("media2", None)] = service  # closed with the camera
    return service


def test_media2_says_h265_where_media1_cannot(onvif_connect: Connect) -> None:
    with serve_in_thread(_h265_dome) as server:
        spec = server.camera.spec

        async def scenario() -> None:
            async with onvif_connect(server) as cam:
                media2 = await _media2(cam)
                profiles = await media2.GetProfiles({"Type": ["All"]})
                assert [p.token for p in profiles] == ["profile_main", "profile_sub"]
                for profile, stream in zip(profiles, spec.streams, strict=True):
                    encoder = profile.Configurations.VideoEncoder
                    assert (encoder.Encoding, encoder.Profile) == ("H265", "Main")
                    assert (encoder.Resolution.Width, encoder.Resolution.Height) == (
                        stream.width,
                        stream.height,
                    )
                    assert encoder.GovLength == round(stream.fps * spec.gop_seconds)
                    assert profile.Configurations.PTZ is not None
                    uri = await media2.GetStreamUri(
                        {"Protocol": "RtspUnicast", "ProfileToken": profile.token}
                    )
                    assert uri == spec.rtsp_url(stream)
                only_video = await media2.GetProfiles(
                    {"Token": "profile_sub", "Type": ["VideoEncoder"]}
                )
                assert len(only_video) == 1 and only_video[0].Configurations.PTZ is None
                configs = await media2.GetVideoEncoderConfigurations({})
                assert [c.Encoding for c in configs] == ["H265", "H265"]
                one = await media2.GetVideoEncoderConfigurations({"ProfileToken": "profile_main"})
                assert [c.token for c in one] == ["vec_main"]
                with pytest.raises(zeep.exceptions.Fault):
                    await media2.GetStreamUri({"Protocol": "RtspUnicast", "ProfileToken": "x"})
                # Media 1 has no way to say H.265: like many devices, it says H264.
                media1 = await cam.create_media_service()
                [main, _sub] = await media1.GetProfiles()
                assert main.VideoEncoderConfiguration.Encoding == "H264"

        run(scenario())


def test_a_media1_only_camera_offers_no_media2() -> None:
    def older(port: int) -> SimCamera:
        camera = _h265_dome(port)
        return SimCamera(dataclasses.replace(camera.spec, media2=False))

    with serve_in_thread(older) as server:
        body = '<tds:GetServices xmlns:tds="http://www.onvif.org/ver10/device/wsdl">'
        body += "<tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>"
        status, content = post(server, "device_service", soap(body, "s3cret!"))
        offered = etree.fromstring(content).iterfind(".//tds:Namespace", NS)
        assert {e.text for e in offered} == set(SERVICE_NAMESPACES.values()) - {MEDIA2}
        status, _ = post(server, "media2_service", soap("<x/>", "s3cret!"))
        assert status == 404
