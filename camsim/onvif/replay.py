# SPDX-License-Identifier: GPL-3.0-or-later
"""The ONVIF replay service (trp): the RTSP URI that plays back a recording (an NVR's
channels each have theirs: ``/replay``, ``/ch2/replay``…)."""

from __future__ import annotations

from camsim import recordings
from camsim.onvif.context import Call, Service
from camsim.onvif.soap import NS, TRP, TT, Element, invalid_arg
from camsim.onvif.values import required_text, text_arg

SERVICE = Service("replay_service", NS["trp"])
SESSION_TIMEOUT = "PT60S"


@SERVICE.operation("GetServiceCapabilities")
async def _get_service_capabilities(call: Call) -> Element:
    return TRP.GetServiceCapabilitiesResponse(
        TRP.Capabilities({"ReversePlayback": "false", "RTP_RTSP_TCP": "true"})
    )


@SERVICE.operation("GetReplayUri")
async def _get_replay_uri(call: Call) -> Element:
    """The replay URI; the client adds ``Range: clock=`` on PLAY (or ``?start=&scale=``)."""
    token = required_text(call.body, "trp:RecordingToken")
    channel = recordings.recording_channel(call.camera, token)
    if channel is None:
        raise invalid_arg(f"No recording {token}", "ter:NoRecording")
    protocol = text_arg(call.body, "trp:StreamSetup/tt:Transport/tt:Protocol") or "RTSP"
    if protocol not in ("RTSP", "TCP", "UDP"):
        raise invalid_arg(f"Unsupported transport {protocol}", "ter:InvalidStreamSetup")
    return TRP.GetReplayUriResponse(TRP.Uri(call.camera.spec.channel_replay_url(channel)))


@SERVICE.operation("GetReplayConfiguration")
async def _get_replay_configuration(call: Call) -> Element:
    return TRP.GetReplayConfigurationResponse(TRP.Configuration(TT.SessionTimeout(SESSION_TIMEOUT)))
