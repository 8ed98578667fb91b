# SPDX-License-Identifier: GPL-3.0-or-later
"""The ONVIF device management service (tds): identity, services, capabilities, clock."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from camsim.camera import SimCamera
from camsim.onvif.context import Call, Service, camera_services, service_url
from camsim.onvif.soap import (
    NS,
    TDS,
    TEV,
    TPTZ,
    TR2,
    TRC,
    TRP,
    TRT,
    TSE,
    TT,
    Element,
    not_supported,
)
from camsim.onvif.values import bool_arg, xs_bool
from camsim.scene import VN_TZ, ascii_label

SERVICE = Service("device_service", NS["tds"])

# The only operation a client may call without WS-Security (ONVIF Core, "pre-auth").
PUBLIC_OPERATIONS = frozenset({f"{{{NS['tds']}}}GetSystemDateAndTime"})
POSIX_TZ = "ICT-7"  # Asia/Ho_Chi_Minh in POSIX form: UTC+7, no daylight saving


def scopes(camera: SimCamera) -> list[str]:
    """The camera's ONVIF scopes, as GetScopes and WS-Discovery announce them."""
    spec = camera.spec
    name = ascii_label(spec.name).replace(" ", "_") or spec.camera_id
    return [
        "onvif://www.onvif.org/type/video_encoder",
        "onvif://www.onvif.org/type/ptz" if spec.has_ptz else "onvif://www.onvif.org/type/fixed",
        "onvif://www.onvif.org/Profile/Streaming",
        "onvif://www.onvif.org/Profile/G",
        *(["onvif://www.onvif.org/Profile/T"] if spec.media2 else []),
        f"onvif://www.onvif.org/name/{name}",
        f"onvif://www.onvif.org/hardware/{spec.model}",
        "onvif://www.onvif.org/location/country/vietnam",
        "onvif://www.onvif.org/location/city/dong_hoi",
        f"onvif://www.onvif.org/location/geo/{spec.latitude:.5f},{spec.longitude:.5f}",
    ]


@SERVICE.operation("GetDeviceInformation")
async def _get_device_information(call: Call) -> Element:
    spec = call.camera.spec
    return TDS.GetDeviceInformationResponse(
        TDS.Manufacturer(spec.manufacturer),
        TDS.Model(spec.model),
        TDS.FirmwareVersion(spec.firmware),
        TDS.SerialNumber(spec.serial or spec.camera_id),
        TDS.HardwareId(f"{spec.model}-HW1"),
    )


def _date_time(tag: str, moment: datetime) -> Element:
    return TT.named(
        tag,
        TT.Time(
            TT.Hour(str(moment.hour)), TT.Minute(str(moment.minute)), TT.Second(str(moment.second))
        ),
        TT.Date(TT.Year(str(moment.year)), TT.Month(str(moment.month)), TT.Day(str(moment.day))),
    )


@SERVICE.operation("GetSystemDateAndTime")
async def _get_system_date_and_time(call: Call) -> Element:
    now = time.time()
    return TDS.GetSystemDateAndTimeResponse(
        TDS.SystemDateAndTime(
            TT.DateTimeType("NTP"),
            TT.DaylightSavings("false"),
            TT.TimeZone(TT.TZ(POSIX_TZ)),
            _date_time("UTCDateTime", datetime.fromtimestamp(now, UTC)),
            _date_time("LocalDateTime", datetime.fromtimestamp(now, VN_TZ)),
        )
    )


CATEGORIES = ("All", "Analytics", "Device", "Events", "Imaging", "Media", "PTZ")


def _capabilities(call: Call, categories: set[str]) -> Element:
    camera = call.camera
    every = "All" in categories
    for category in categories:
        if category not in CATEGORIES:
            raise not_supported(f"Unknown capability category {category}", "ter:NoSuchService")
        if category in ("Analytics", "Imaging") or (category == "PTZ" and not camera.spec.has_ptz):
            raise not_supported(f"The device has no {category} service", "ter:NoSuchService")
    device = events = media = ptz = extension = None
    if every or "Device" in categories:
        device = TT.Device(
            TT.XAddr(service_url(camera, "device_service")),
            TT.Network(
                TT.IPFilter("false"),
                TT.ZeroConfiguration("false"),
                TT.IPVersion6("false"),
                TT.DynDNS("false"),
            ),
            TT.System(
                TT.DiscoveryResolve("false"),
                TT.DiscoveryBye("false"),
                TT.RemoteDiscovery("false"),
                TT.SystemBackup("false"),
                TT.SystemLogging("false"),
                TT.FirmwareUpgrade("false"),
                TT.SupportedVersions(TT.Major("2"), TT.Minor("60")),
            ),
        )
    if every or "Events" in categories:
        events = TT.Events(
            TT.XAddr(service_url(camera, "events_service")),
            TT.WSSubscriptionPolicySupport("false"),
            TT.WSPullPointSupport("true"),
            TT.WSPausableSubscriptionManagerInterfaceSupport("false"),
        )
    if every or "Media" in categories:
        media = TT.Media(
            TT.XAddr(service_url(camera, "media_service")),
            TT.StreamingCapabilities(
                TT.RTPMulticast("false"), TT.RTP_TCP("true"), TT.RTP_RTSP_TCP("true")
            ),
        )
    if (every or "PTZ" in categories) and camera.spec.has_ptz:
        ptz = TT.PTZ(TT.XAddr(service_url(camera, "ptz_service")))
    if every:
        extension = TT.Extension(
            TT.Recording(
                TT.XAddr(service_url(camera, "recording_service")),
                TT.ReceiverSource("false"),
                TT.MediaProfileSource("true"),
                TT.DynamicRecordings("false"),
                TT.DynamicTracks("false"),
                TT.MaxStringLength("64"),
            ),
            TT.Search(TT.XAddr(service_url(camera, "search_service")), TT.MetadataSearch("false")),
            TT.Replay(TT.XAddr(service_url(camera, "replay_service"))),
        )
    return TDS.Capabilities(device, events, media, ptz, extension)


@SERVICE.operation("GetCapabilities")
async def _get_capabilities(call: Call) -> Element:
    wanted = {(c.text or "").strip() for c in call.body.findall("tds:Category", NS)} or {"All"}
    return TDS.GetCapabilitiesResponse(_capabilities(call, wanted))


def _service_capabilities(call: Call, path: str) -> Element | None:
    spec = call.camera.spec
    if path == "device_service":
        return TDS.Capabilities(
            TDS.Network({"IPFilter": "false", "ZeroConfiguration": "false", "NTP": "1"}),
            TDS.Security({"UsernameToken": "true", "HttpDigest": "true"}),
            TDS.System({"DiscoveryResolve": "false", "DiscoveryBye": "false"}),
        )
    if path == "media_service":
        return TRT.Capabilities(
            TRT.ProfileCapabilities({"MaximumNumberOfProfiles": str(len(spec.streams))}),
            TRT.StreamingCapabilities(
                {"RTPMulticast": "false", "RTP_TCP": "true", "RTP_RTSP_TCP": "true"}
            ),
            {"SnapshotUri": "true"},
        )
    if path == "media2_service":
        return TR2.Capabilities(
            {"SnapshotUri": "false", "Rotation": "false", "OSD": "false"},
            TR2.ProfileCapabilities({"MaximumNumberOfProfiles": str(len(spec.streams))}),
            TR2.StreamingCapabilities(
                {"RTSPStreaming": "true", "RTPMulticast": "false", "RTP_RTSP_TCP": "true"}
            ),
        )
    if path == "ptz_service":
        return TPTZ.Capabilities({"EFlip": "false", "Reverse": "false"})
    if path == "events_service":
        return TEV.Capabilities(
            {
                "WSSubscriptionPolicySupport": "false",
                "WSPullPointSupport": "true",
                "MaxPullPoints": "16",
            }
        )
    if path == "search_service":
        return TSE.Capabilities({"MetadataSearch": "false", "GeneralStartEvents": "true"})
    if path == "replay_service":
        return TRP.Capabilities({"ReversePlayback": "false", "RTP_RTSP_TCP": "true"})
    if path == "recording_service":
        return TRC.Capabilities({"DynamicRecordings": "false", "DynamicTracks": "false"})
    return None


@SERVICE.operation("GetServices")
async def _get_services(call: Call) -> Element:
    include = bool_arg(call.body, "tds:IncludeCapability", False)
    services = []
    for path, namespace, (major, minor) in camera_services(call.camera):
        capabilities = _service_capabilities(call, path) if include else None
        services.append(
            TDS.Service(
                TDS.Namespace(namespace),
                TDS.XAddr(service_url(call.camera, path)),
                TDS.Capabilities(capabilities) if capabilities is not None else None,
                TDS.Version(TT.Major(str(major)), TT.Minor(str(minor))),
            )
        )
    return TDS.GetServicesResponse(*services)


@SERVICE.operation("GetServiceCapabilities")
async def _get_service_capabilities(call: Call) -> Element:
    capabilities = _service_capabilities(call, "device_service")
    return TDS.GetServiceCapabilitiesResponse(capabilities)


@SERVICE.operation("GetScopes")
async def _get_scopes(call: Call) -> Element:
    return TDS.GetScopesResponse(
        *(TDS.Scopes(TT.ScopeDef("Fixed"), TT.ScopeItem(scope)) for scope in scopes(call.camera))
    )


@SERVICE.operation("GetHostname")
async def _get_hostname(call: Call) -> Element:
    name = f"camsim-{call.camera.spec.camera_id}"
    return TDS.GetHostnameResponse(TDS.HostnameInformation(TT.FromDHCP("false"), TT.Name(name)))


@SERVICE.operation("GetNetworkInterfaces")
async def _get_network_interfaces(call: Call) -> Element:
    spec = call.camera.spec
    return TDS.GetNetworkInterfacesResponse(
        TDS.NetworkInterfaces(
            {"token": "eth0"},
            TT.Enabled("true"),
            TT.Info(TT.Name("eth0"), TT.HwAddress(spec.mac or "02:00:00:00:00:00"), TT.MTU("1500")),
            TT.IPv4(
                TT.Enabled("true"),
                TT.Config(
                    TT.Manual(TT.Address(spec.host), TT.PrefixLength("8")),
                    TT.DHCP(xs_bool(False)),
                ),
            ),
        )
    )
