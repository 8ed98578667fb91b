# SPDX-License-Identifier: GPL-3.0-or-later
"""The ONVIF media service (trt, ver10): profiles, video sources, stream and snapshot URIs."""

from __future__ import annotations

from urllib.parse import quote

from camsim.camera import SimCamera, StreamSpec
from camsim.onvif.context import Call, Service, service_url
from camsim.onvif.ptz import ptz_configuration
from camsim.onvif.soap import NS, TRT, TT, Element, Maker, invalid_arg
from camsim.onvif.values import required_text, text_arg

SERVICE = Service("media_service", NS["trt"])

URI_TIMEOUT = "PT60S"


def encoder_token(stream: StreamSpec) -> str:
    """The token of a stream's video encoder configuration."""
    return f"vec_{stream.key}"


def source_configuration_token(channel: int) -> str:
    """The token of a channel's video source configuration (``vsc_1``…)."""
    return f"vsc_{channel}"


def channel_streams(camera: SimCamera, channel: int) -> list[StreamSpec]:
    """The streams encoding one channel (video source), main first."""
    return [s for s in camera.spec.streams if s.channel == channel]


def gov_length(camera: SimCamera, stream: StreamSpec) -> int:
    """Frames between two key frames: the frame rate times the camera's GOP seconds."""
    return max(1, round(stream.fps * camera.spec.gop_seconds))


def source_configuration(
    camera: SimCamera, channel: int, tag: str = "VideoSourceConfiguration", maker: Maker = TT
) -> Element:
    """A channel's video source configuration (the same in Media 1 and Media 2)."""
    streams = channel_streams(camera, channel)
    main = streams[0]
    element: Element = maker.named(
        tag,
        {"token": source_configuration_token(channel)},
        TT.Name(f"VideoSource_{channel}"),
        TT.UseCount(str(len(streams))),
        TT.SourceToken(main.source_token),
        TT.Bounds({"x": "0", "y": "0", "width": str(main.width), "height": str(main.height)}),
    )
    return element


def _encoder_configuration(
    camera: SimCamera,
    stream: StreamSpec,
    tag: str = "VideoEncoderConfiguration",
    maker: Maker = TT,
) -> Element:
    element: Element = maker.named(
        tag,
        {"token": encoder_token(stream)},
        TT.Name(f"VideoEncoder_{stream.key}"),
        TT.UseCount("1"),
        # Media 1 cannot say H.265; like many devices, an H.265 stream says H264 here
        # (Media 2 tells the truth).
        TT.Encoding("JPEG" if stream.codec == "jpeg" else "H264"),
        TT.Resolution(TT.Width(str(stream.width)), TT.Height(str(stream.height))),
        TT.Quality("4"),
        TT.RateControl(
            TT.FrameRateLimit(str(stream.fps)),
            TT.EncodingInterval("1"),
            TT.BitrateLimit(str(stream.bitrate_kbps)),
        ),
        TT.H264(TT.GovLength(str(gov_length(camera, stream))), TT.H264Profile("Main"))
        if stream.codec != "jpeg"
        else None,
        TT.Multicast(
            TT.Address(TT.Type("IPv4"), TT.IPv4Address("0.0.0.0")),
            TT.Port("0"),
            TT.TTL("1"),
            TT.AutoStart("false"),
        ),
        TT.SessionTimeout(URI_TIMEOUT),
    )
    return element


def profile_name(stream: StreamSpec) -> str:
    """A profile's name: ``MainStream``; ``Channel2MainStream`` on channel 2+."""
    name = f"{stream.name.capitalize()}Stream"
    return name if stream.channel == 1 else f"Channel{stream.channel}{name}"


def profile(camera: SimCamera, stream: StreamSpec, tag: str) -> Element:
    """A media profile (``trt:Profiles`` or ``trt:Profile``) for one of the streams."""
    element: Element = TRT.named(
        tag,
        {"token": stream.profile_token, "fixed": "true"},
        TT.Name(profile_name(stream)),
        source_configuration(camera, stream.channel),
        _encoder_configuration(camera, stream),
        ptz_configuration(camera) if camera.spec.has_ptz else None,
    )
    return element


def _stream(call: Call, path: str = "trt:ProfileToken") -> StreamSpec:
    token = required_text(call.body, path)
    try:
        return call.camera.spec.stream(token)
    except KeyError:
        raise invalid_arg(f"No profile {token}", "ter:NoProfile") from None


def _media_uri(uri: str) -> Element:
    return TRT.MediaUri(
        TT.Uri(uri),
        TT.InvalidAfterConnect("false"),
        TT.InvalidAfterReboot("false"),
        TT.Timeout(URI_TIMEOUT),
    )


@SERVICE.operation("GetServiceCapabilities")
async def _get_service_capabilities(call: Call) -> Element:
    return TRT.GetServiceCapabilitiesResponse(
        TRT.Capabilities(
            {"SnapshotUri": "true"},
            TRT.ProfileCapabilities(
                {"MaximumNumberOfProfiles": str(len(call.camera.spec.streams))}
            ),
            TRT.StreamingCapabilities(
                {"RTPMulticast": "false", "RTP_TCP": "true", "RTP_RTSP_TCP": "true"}
            ),
        )
    )


@SERVICE.operation("GetProfiles")
async def _get_profiles(call: Call) -> Element:
    camera = call.camera
    return TRT.GetProfilesResponse(*(profile(camera, s, "Profiles") for s in camera.spec.streams))


@SERVICE.operation("GetProfile")
async def _get_profile(call: Call) -> Element:
    return TRT.GetProfileResponse(profile(call.camera, _stream(call), "Profile"))


@SERVICE.operation("GetVideoSources")
async def _get_video_sources(call: Call) -> Element:
    camera = call.camera
    sources = []
    for channel in camera.spec.channels:
        main = channel_streams(camera, channel)[0]
        sources.append(
            TRT.VideoSources(
                {"token": main.source_token},
                TT.Framerate(str(main.fps)),
                TT.Resolution(TT.Width(str(main.width)), TT.Height(str(main.height))),
            )
        )
    return TRT.GetVideoSourcesResponse(*sources)


@SERVICE.operation("GetVideoSourceConfigurations")
async def _get_video_source_configurations(call: Call) -> Element:
    camera = call.camera
    return TRT.GetVideoSourceConfigurationsResponse(
        *(source_configuration(camera, c, "Configurations", TRT) for c in camera.spec.channels)
    )


@SERVICE.operation("GetVideoEncoderConfigurations")
async def _get_video_encoder_configurations(call: Call) -> Element:
    camera = call.camera
    return TRT.GetVideoEncoderConfigurationsResponse(
        *(_encoder_configuration(camera, s, "Configurations", TRT) for s in camera.spec.streams)
    )


@SERVICE.operation("GetStreamUri")
async def _get_stream_uri(call: Call) -> Element:
    stream = _stream(call)
    kind = text_arg(call.body, "trt:StreamSetup/tt:Stream") or "RTP-Unicast"
    protocol = text_arg(call.body, "trt:StreamSetup/tt:Transport/tt:Protocol") or "RTSP"
    if kind != "RTP-Unicast" or protocol not in ("RTSP", "UDP", "TCP"):
        raise invalid_arg(
            f"Unsupported stream setup {kind} over {protocol}", "ter:InvalidStreamSetup"
        )
    return TRT.GetStreamUriResponse(_media_uri(call.camera.spec.rtsp_url(stream)))


def snapshot_url(camera: SimCamera, stream: StreamSpec) -> str:
    """The HTTP URL of a profile's JPEG snapshot (needs HTTP digest or basic auth)."""
    return service_url(camera, f"snapshot?profile={quote(stream.profile_token)}")


@SERVICE.operation("GetSnapshotUri")
async def _get_snapshot_uri(call: Call) -> Element:
    stream = _stream(call)
    return TRT.GetSnapshotUriResponse(_media_uri(snapshot_url(call.camera, stream)))
