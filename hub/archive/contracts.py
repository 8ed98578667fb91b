# SPDX-License-Identifier: GPL-3.0-or-later
"""Archive shapes shared by the hub and the console (pydantic only, no device data)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from hub.catalog.contracts import StreamGrantOut, StreamKind
from hub.contracts import UtcDateTimeIn

# Replay speeds an operator can choose (ONVIF Scale): 1/4× … 16×.
RATES = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


class ArchiveLimitOut(BaseModel):
    """How far back the caller may replay: ``None`` days means the whole archive."""

    limit_days: int | None
    earliest: datetime | None


class TimeRange(BaseModel):
    """A closed-open range of UTC times."""

    start: datetime
    end: datetime


class GapKind(StrEnum):
    """Why a range of the timeline has no video."""

    NOT_RECORDED = "not_recorded"  # the device reports no data (gap, camera offline)
    BEFORE_RECORDINGS = "before_recordings"  # older than the device's oldest recording


class GapOut(BaseModel):
    """A range without video."""

    start: datetime
    end: datetime
    kind: GapKind


class MarkerOut(BaseModel):
    """An event in the recording (analytics, motion, …) for the timeline."""

    at: datetime
    kind: str  # short topic name, e.g. "LineCrossing", "Motion"
    label: str  # e.g. the plate, "" when none


class RecordingsOut(BaseModel):
    """What the device recorded in [start, end], clipped to the caller's archive depth."""

    camera_id: int
    start: datetime
    end: datetime
    ranges: list[TimeRange]
    gaps: list[GapOut]
    markers: list[MarkerOut]
    markers_truncated: bool
    data_from: datetime | None
    data_until: datetime | None
    limit: ArchiveLimitOut


class ArchiveGrantRequest(BaseModel):
    """Ask to replay a camera from ``start`` at ``rate`` (one of :data:`RATES`)."""

    model_config = ConfigDict(extra="forbid")

    start: UtcDateTimeIn
    rate: float = 1.0
    stream: StreamKind = StreamKind.SUB
    # HCM 6.3: replay without the camera's privacy masks (privacy.lift; audited).
    unmasked: bool = False


class ArchiveGrantOut(BaseModel):
    """An archive stream grant: the stream grant plus where and how fast it replays."""

    grant: StreamGrantOut
    start: datetime
    rate: float


class SnapshotRequest(BaseModel):
    """Take a snapshot: of the live picture (``at`` None) or of the archive at ``at``."""

    model_config = ConfigDict(extra="forbid")

    at: UtcDateTimeIn | None = None
    stream: StreamKind = StreamKind.MAIN


class SnapshotOut(BaseModel):
    """A stored evidence snapshot."""

    id: int
    camera_id: int
    sha256: str = Field(min_length=64, max_length=64)
    captured_at: datetime
    size: int
    source: str
