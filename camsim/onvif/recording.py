# SPDX-License-Identifier: GPL-3.0-or-later
"""The ONVIF recording control service (trc), read-only: one recording per channel.

A camera has one recording; an NVR or encoder one per channel. Which channel a recording
holds is said the ONVIF way: its recording job's source is the channel's main media
profile (``GetRecordingJobs``), and its tracks describe the channel's video source.
"""

from __future__ import annotations

from camsim import recordings
from camsim.camera import SimCamera, StreamSpec
from camsim.onvif.context import Call, Service, service_url
from camsim.onvif.soap import NS, TRC, TT, Element
from camsim.scene import ascii_label

SERVICE = Service("recording_service", NS["trc"])
PROFILE_SOURCE = "http://www.onvif.org/ver10/schema/Profile"


def channel_main(camera: SimCamera, channel: int) -> StreamSpec:
    """The main stream of a channel (the one its recording holds)."""
    return next(s for s in camera.spec.streams if s.channel == channel)


def track_descriptions(camera: SimCamera, channel: int) -> tuple[tuple[str, str, str], ...]:
    """(token, type, description) of a channel recording's tracks."""
    main = channel_main(camera, channel)
    return (
        (recordings.VIDEO_TRACK, "Video", f"{main.encoding} {main.source_token} main stream"),
        (recordings.METADATA_TRACK, "Metadata", "Analytics events"),
    )


@SERVICE.operation("GetServiceCapabilities")
async def _get_service_capabilities(call: Call) -> Element:
    count = str(len(call.camera.spec.channels))
    return TRC.GetServiceCapabilitiesResponse(
        TRC.Capabilities(
            {"DynamicRecordings": "false", "DynamicTracks": "false", "MaxRecordings": count}
        )
    )


def _recording_item(camera: SimCamera, channel: int) -> Element:
    spec = camera.spec
    return TRC.RecordingItem(
        TT.RecordingToken(recordings.recording_token(camera, channel)),
        TT.Configuration(
            TT.Source(
                TT.SourceId(service_url(camera, "device_service")),
                TT.Name(spec.name),
                TT.Location(ascii_label(spec.name)),
                TT.Description(f"{spec.model} {spec.camera_id} channel {channel}"),
                TT.Address(spec.rtsp_url(channel_main(camera, channel))),
            ),
            TT.Content("Continuous recording"),
            TT.MaximumRetentionTime(f"P{spec.recording_days}D"),
        ),
        TT.Tracks(
            *(
                TT.Track(
                    TT.TrackToken(token),
                    TT.Configuration(TT.TrackType(kind), TT.Description(text)),
                )
                for token, kind, text in track_descriptions(camera, channel)
            )
        ),
    )


@SERVICE.operation("GetRecordings")
async def _get_recordings(call: Call) -> Element:
    camera = call.camera
    return TRC.GetRecordingsResponse(
        *(_recording_item(camera, channel) for channel in camera.spec.channels)
    )


@SERVICE.operation("GetRecordingJobs")
async def _get_recording_jobs(call: Call) -> Element:
    """One active job per channel, recording its main profile into its recording."""
    camera = call.camera
    return TRC.GetRecordingJobsResponse(
        *(
            TRC.JobItem(
                TT.JobToken(recordings.job_token(camera, channel)),
                TT.JobConfiguration(
                    TT.RecordingToken(recordings.recording_token(camera, channel)),
                    TT.Mode("Active"),
                    TT.Priority("1"),
                    TT.Source(
                        TT.SourceToken(
                            TT.Token(channel_main(camera, channel).profile_token),
                            Type=PROFILE_SOURCE,
                        ),
                        TT.AutoCreateReceiver("false"),
                        TT.Tracks(
                            TT.SourceTag("SourceVideo"),
                            TT.Destination(recordings.VIDEO_TRACK),
                        ),
                    ),
                ),
            )
            for channel in camera.spec.channels
        )
    )
