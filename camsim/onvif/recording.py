# SPDX-License-Identifier: GPL-3.0-or-later
"""The ONVIF recording control service (trc), read-only: the camera's one recording."""

from __future__ import annotations

from camsim import recordings
from camsim.onvif.context import Call, Service, service_url
from camsim.onvif.soap import NS, TRC, TT, Element
from camsim.scene import ascii_label

SERVICE = Service("recording_service", NS["trc"])


@SERVICE.operation("GetServiceCapabilities")
async def _get_service_capabilities(call: Call) -> Element:
    return TRC.GetServiceCapabilitiesResponse(
        TRC.Capabilities(
            {"DynamicRecordings": "false", "DynamicTracks": "false", "MaxRecordings": "1"}
        )
    )


@SERVICE.operation("GetRecordings")
async def _get_recordings(call: Call) -> Element:
    camera = call.camera
    spec = camera.spec
    days = spec.recording_days
    tracks = (
        (recordings.VIDEO_TRACK, "Video", "H.264 main stream"),
        (recordings.METADATA_TRACK, "Metadata", "Analytics events"),
    )
    return TRC.GetRecordingsResponse(
        TRC.RecordingItem(
            TT.RecordingToken(recordings.recording_token(camera)),
            TT.Configuration(
                TT.Source(
                    TT.SourceId(service_url(camera, "device_service")),
                    TT.Name(spec.name),
                    TT.Location(ascii_label(spec.name)),
                    TT.Description(f"{spec.model} {spec.camera_id}"),
                    TT.Address(spec.rtsp_url(spec.streams[0])),
                ),
                TT.Content("Continuous recording"),
                TT.MaximumRetentionTime(f"P{days}D"),
            ),
            TT.Tracks(
                *(
                    TT.Track(
                        TT.TrackToken(token),
                        TT.Configuration(TT.TrackType(kind), TT.Description(text)),
                    )
                    for token, kind, text in tracks
                )
            ),
        )
    )
