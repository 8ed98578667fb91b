# SPDX-License-Identifier: GPL-3.0-or-later
"""The ONVIF media 2 service (tr2, ver20, Profile T): profiles, encoders and stream URIs.

Media 1 cannot say H.265 (its ``tt:VideoEncoding`` knows JPEG, MPEG4 and H264): a camera
encoding H.265 tells the truth only here, where ``tt:VideoEncoder2Configuration`` names
the encoding by its MIME subtype (``H264``, ``H265``). Profiles and tokens are the same
as in Media 1.
"""

from __future__ import annotations

from camsim.camera import SimCamera, StreamSpec
from camsim.onvif.context import Call, Service
from camsim.onvif.media import encoder_token, gov_length, profile_name, source_configuration
from camsim.onvif.ptz import ptz_configuration
from camsim.onvif.soap import NS, TR2, TT, Element, Maker, invalid_arg
from camsim.onvif.values import text_arg

SERVICE = Service("media2_service", NS["tr2"])

# Stream protocols of GetStreamUri (ONVIF Media 2, 5.1.3): what this camera serves.
PROTOCOLS = ("RtspUnicast", "RTSP", "RtspOverHttp")
H26X_PROFILES = {"h264": "Main", "h265": "Main"}  # JPEG has neither profile nor GOP


def encoder2_configuration(
    camera: SimCamera, stream: StreamSpec, tag: str = "VideoEncoder", maker: Maker = TR2
) -> Element:
    """A stream's ``tt:VideoEncoder2Configuration`` (in a profile or a list answer)."""
    attributes = {"token": encoder_token(stream)}
    if stream.codec in H26X_PROFILES:
        attributes["GovLength"] = str(gov_length(camera, stream))
        attributes["Profile"] = H26X_PROFILES[stream.codec]
    element: Element = maker.named(
        tag,
        attributes,
        TT.Name(f"VideoEncoder_{stream.key}"),
        TT.UseCount("1"),
        TT.Encoding(stream.encoding),
        TT.Resolution(TT.Width(str(stream.width)), TT.Height(str(stream.height))),
        TT.RateControl(
            {"ConstantBitRate": "false"},
            TT.FrameRateLimit(str(stream.fps)),
            TT.BitrateLimit(str(stream.bitrate_kbps)),
        ),
        TT.Multicast(
            TT.Address(TT.Type("IPv4"), TT.IPv4Address("0.0.0.0")),
            TT.Port("0"),
            TT.TTL("1"),
            TT.AutoStart("false"),
        ),
        TT.Quality("4"),
    )
    return element


def _profile(camera: SimCamera, stream: StreamSpec, types: set[str]) -> Element:
    every = not types or "All" in types
    wanted = {"VideoSource", "VideoEncoder", "PTZ"} if every else types
    return TR2.Profiles(
        {"token": stream.profile_token, "fixed": "true"},
        TR2.Name(profile_name(stream)),
        TR2.Configurations(
            source_configuration(camera, stream.channel, "VideoSource", TR2)
            if "VideoSource" in wanted
            else None,
            encoder2_configuration(camera, stream) if "VideoEncoder" in wanted else None,
            ptz_configuration(camera, "PTZ", TR2)
            if camera.spec.has_ptz and "PTZ" in wanted
            else None,
        ),
    )


def _streams(call: Call, token: str | None) -> list[StreamSpec]:
    spec = call.camera.spec
    if not token:
        return list(spec.streams)
    try:
        return [spec.stream(token)]
    except KeyError:
        raise invalid_arg(f"No profile {token}", "ter:NoProfile") from None


@SERVICE.operation("GetServiceCapabilities")
async def _get_service_capabilities(call: Call) -> Element:
    return TR2.GetServiceCapabilitiesResponse(
        TR2.Capabilities(
            {"SnapshotUri": "false", "Rotation": "false", "OSD": "false"},
            TR2.ProfileCapabilities(
                {"MaximumNumberOfProfiles": str(len(call.camera.spec.streams))}
            ),
            TR2.StreamingCapabilities(
                {"RTSPStreaming": "true", "RTPMulticast": "false", "RTP_RTSP_TCP": "true"}
            ),
        )
    )


@SERVICE.operation("GetProfiles")
async def _get_profiles(call: Call) -> Element:
    token = text_arg(call.body, "tr2:Token")
    types = {(t.text or "").strip() for t in call.body.findall("tr2:Type", NS)}
    return TR2.GetProfilesResponse(
        *(_profile(call.camera, s, types) for s in _streams(call, token))
    )


@SERVICE.operation("GetVideoSourceConfigurations")
async def _get_video_source_configurations(call: Call) -> Element:
    # An unknown profile is refused; a profile's answer is its channel's configuration.
    streams = _streams(call, text_arg(call.body, "tr2:ProfileToken"))
    channels = sorted({s.channel for s in streams})
    return TR2.GetVideoSourceConfigurationsResponse(
        *(source_configuration(call.camera, c, "Configurations", TR2) for c in channels)
    )


@SERVICE.operation("GetVideoEncoderConfigurations")
async def _get_video_encoder_configurations(call: Call) -> Element:
    camera = call.camera
    streams = _streams(call, text_arg(call.body, "tr2:ProfileToken"))
    wanted = text_arg(call.body, "tr2:ConfigurationToken")
    if wanted:
        streams = [s for s in streams if encoder_token(s) == wanted]
        if not streams:
            raise invalid_arg(f"No configuration {wanted}", "ter:NoConfig")
    return TR2.GetVideoEncoderConfigurationsResponse(
        *(encoder2_configuration(camera, s, "Configurations", TR2) for s in streams)
    )


@SERVICE.operation("GetStreamUri")
async def _get_stream_uri(call: Call) -> Element:
    token = text_arg(call.body, "tr2:ProfileToken")
    if not token:
        raise invalid_arg("Missing argument tr2:ProfileToken")
    [stream] = _streams(call, token)
    protocol = text_arg(call.body, "tr2:Protocol") or "RtspUnicast"
    if protocol not in PROTOCOLS:
        raise invalid_arg(f"Unsupported stream protocol {protocol}", "ter:InvalidStreamSetup")
    return TR2.GetStreamUriResponse(TR2.Uri(call.camera.spec.rtsp_url(stream)))
