# SPDX-License-Identifier: GPL-3.0-or-later
"""Shapes of saved walls and wall displays, shared by the hub and the console (pydantic).

A wall is a layout (``layouts.model.Layout.to_dict()``: name, rows, cols, cells) plus
the cameras of its cells by cell index. Camera ids inside the layout's cells are not
trusted: the hub keeps the geometry and takes the cameras from ``cameras`` only.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hub.catalog.contracts import StreamKind

MAX_CELLS = 64
NAME = Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StreamPreference(StrEnum):
    """Which stream a cell plays: the wall's choice by tile size, or pinned."""

    AUTO = "auto"
    MAIN = "main"
    SUB = "sub"


class WallCamera(_In):
    """The camera of one cell (``cell`` = index in the layout's reading order)."""

    cell: int = Field(ge=0, lt=MAX_CELLS)
    camera_id: int = Field(ge=1, le=2_147_483_647)
    stream: StreamPreference = StreamPreference.AUTO


class WallContent(_In):
    """What a wall shows: geometry and the camera of each filled cell."""

    layout: dict[str, Any]
    cameras: list[WallCamera] = Field(default_factory=list, max_length=MAX_CELLS)

    @model_validator(mode="after")
    def _one_camera_per_cell(self) -> WallContent:
        cells = [c.cell for c in self.cameras]
        if len(cells) != len(set(cells)):
            raise ValueError("a cell has two cameras")
        return self


class WallCreate(WallContent):
    """Save a wall under a name; ``shared_unit_id`` shares it (read-only) with a unit."""

    name: str = NAME
    shared_unit_id: int | None = Field(default=None, ge=1, le=2_147_483_647)


class WallOut(BaseModel):
    """A saved wall as its owner or a member of its shared unit sees it."""

    id: int
    name: str
    owner_id: int
    owner_name: str
    shared_unit_id: int | None
    layout: dict[str, Any]
    cameras: list[WallCamera]
    editable: bool
    updated_at: datetime


class LastWallIn(WallContent):
    """What the wall shows now (``wall_id`` when it is a saved wall)."""

    wall_id: int | None = Field(default=None, ge=1, le=2_147_483_647)


class LastWallOut(BaseModel):
    """The wall to restore at login."""

    wall_id: int | None
    layout: dict[str, Any]
    cameras: list[WallCamera]
    updated_at: datetime


class DisplayCreate(_In):
    """Enrol a wall display of ``unit_id`` bound to walls shared with that unit (or above)."""

    name: str = NAME
    unit_id: int = Field(ge=1, le=2_147_483_647)
    wall_ids: list[int] = Field(default_factory=list, max_length=32)


class DisplayOut(BaseModel):
    """An enrolled display (never its token)."""

    id: int
    name: str
    unit_id: int
    wall_ids: list[int]
    current_wall_id: int | None
    created_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None


class DisplayTarget(BaseModel):
    """A display an operator may push walls to."""

    id: int
    name: str
    unit_id: int


class DisplayEnrolled(DisplayOut):
    """The answer to an enrolment: the display token, shown this once only."""

    token: str = Field(repr=False)


class DisplayShow(_In):
    """Push a saved wall, or an ad-hoc layout + cameras, to a display."""

    wall_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    content: WallContent | None = None
    name: str | None = Field(default=None, min_length=1, max_length=100)

    @model_validator(mode="after")
    def _exactly_one(self) -> DisplayShow:
        if (self.wall_id is None) == (self.content is None):
            raise ValueError("give either wall_id or content")
        return self


class DisplayWallEvent(BaseModel):
    """What a display shows (``display.wall`` push and ``current`` of ``/display/me``)."""

    display_id: int
    wall_id: int | None
    name: str
    layout: dict[str, Any]
    cameras: list[WallCamera]


class DisplayMe(BaseModel):
    """A display's view of itself."""

    id: int
    name: str
    unit_id: int
    walls: list[DisplayWallEvent]
    current: DisplayWallEvent | None


class DisplayGrantRequest(_In):
    """A display asks for a live stream of a camera on one of its walls."""

    camera_id: int = Field(ge=1, le=2_147_483_647)
    stream: StreamKind = StreamKind.SUB
