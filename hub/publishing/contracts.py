# SPDX-License-Identifier: GPL-3.0-or-later
"""Shapes of publishing a case medium for citizens, shared by the hub and the console
(pydantic only).

Routes (JSON, bearer session token; ``case.publish`` except reading; the hub's README,
"Publishing", tells the rules):

- ``POST /api/cases/{id}/publications/proposals`` (:class:`ProposalIn`) →
  :class:`ProposalOut`: faces and plates found on the medium, as tracks;
- ``POST /api/cases/{id}/publications/preview`` (:class:`PreviewIn`) → ``image/jpeg``:
  the frame at ``t`` with the tracks blurred and the masks painted;
- ``POST /api/cases/{id}/publications`` (:class:`PublicationIn`) → 201
  :class:`PublicationOut` (``ready``, or ``failed``);
- ``GET /api/cases/{id}/publications`` → ``list[PublicationOut]``, oldest first;
  ``GET /api/cases/{id}/publications/{publication_id}`` → :class:`PublicationOut`;
- ``GET /api/cases/{id}/publications/{publication_id}/file`` → the blurred copy
  (``video/mp4`` or ``image/jpeg``, ``X-Content-SHA256``), audited.

A track exists from its first keyframe to its last and is interpolated linearly between
them; coordinates are shares (0..1) of the picture's width and height, times seconds
from the medium's first frame (a snapshot: one keyframe at 0).
"""

from __future__ import annotations

import itertools
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

MAX_TRACKS = 200
MAX_KEYFRAMES = 2000  # per track: a keyframe every 0.1 s of a 200 s clip
MIN_SIDE = 0.002  # a box narrower or lower than this share of the picture hides nothing
_SLACK = 1e-6  # rounding of x + w


def _no_control(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValueError("control characters are not allowed")
    return value


Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Seconds = Annotated[float, Field(ge=0.0, le=86_400.0, allow_inf_nan=False)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Channel(StrEnum):
    """Where a published copy goes."""

    CITY_APP = "city_app"


class PublicationStatus(StrEnum):
    """Where a publication stands."""

    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"


class TrackKind(StrEnum):
    """What a track hides: found by the hub, or drawn by the operator."""

    FACE = "face"
    PLATE = "plate"
    MANUAL = "manual"


class KeyframeIO(_In):
    """A box at a time: ``x``, ``y`` its top-left corner, ``w``, ``h`` its size."""

    t: Seconds
    x: Share
    y: Share
    w: Share
    h: Share

    @model_validator(mode="after")
    def _inside(self) -> Self:
        if self.w < MIN_SIDE or self.h < MIN_SIDE:
            raise ValueError("the box is too small")
        if self.x + self.w > 1.0 + _SLACK or self.y + self.h > 1.0 + _SLACK:
            raise ValueError("the box leaves the picture")
        return self


class TrackIO(_In):
    """A box moving over time (keyframes in increasing time)."""

    id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")]
    kind: TrackKind
    keyframes: Annotated[list[KeyframeIO], Field(min_length=1, max_length=MAX_KEYFRAMES)]

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        times = [k.t for k in self.keyframes]
        if any(b <= a for a, b in itertools.pairwise(times)):
            raise ValueError("keyframe times must increase")
        return self


Tracks = Annotated[list[TrackIO], Field(max_length=MAX_TRACKS)]


def _unique_ids(tracks: list[TrackIO]) -> None:
    ids = [t.id for t in tracks]
    if len(ids) != len(set(ids)):
        raise ValueError("track ids must be unique")


class ProposalIn(_In):
    """Which medium of the case to look at."""

    medium_id: Annotated[int, Field(ge=1, le=2_147_483_647)]


class ProposalOut(BaseModel):
    """What the hub found on the medium, for the operator to adjust."""

    medium_id: int
    kind: Literal["clip", "snapshot"]
    width: int
    height: int
    duration_s: float  # 0 for a snapshot
    tracks: list[TrackIO]


class PreviewIn(_In):
    """A frame to check before publishing: the medium, a time, the tracks."""

    medium_id: Annotated[int, Field(ge=1, le=2_147_483_647)]
    t: Seconds = 0.0
    tracks: Tracks = []

    @model_validator(mode="after")
    def _ids(self) -> Self:
        _unique_ids(self.tracks)
        return self


class PublicationIn(_In):
    """Publish a medium of a concluded case with these tracks blurred."""

    medium_id: Annotated[int, Field(ge=1, le=2_147_483_647)]
    channel: Channel
    tracks: Tracks
    note: Annotated[str, Field(max_length=4000), AfterValidator(_no_control)] = ""

    @model_validator(mode="after")
    def _ids(self) -> Self:
        _unique_ids(self.tracks)
        return self


class PublicationOut(BaseModel):
    """A publication and what identifies it."""

    id: int
    case_id: int
    medium_id: int
    channel: Channel
    status: PublicationStatus
    sha256: str | None
    original_sha256: str
    published_by: str
    published_at: datetime
    tracks: int  # how many tracks were blurred
    note: str
