# SPDX-License-Identifier: GPL-3.0-or-later
"""PTZ requests and answers (pydantic only: the console imports this module).

Positions and velocities use the ONVIF generic spaces: pan and tilt in [-1, 1] (a
velocity of 1 is the dome's top speed), zoom position in [0, 1], zoom velocity and
translation in [-1, 1].
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Unit = Annotated[float, Field(ge=-1.0, le=1.0, allow_inf_nan=False)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Speed = Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]
_PRINTABLE = r"^[^\x00-\x1f\x7f]+$"
_NO_NUL = r"^[^\x00]+$"
PresetName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=_PRINTABLE)
]
PRESET_TOKEN_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"

# The topic of pushed lock changes (hub.events).
CONTROL_TOPIC = "ptz.control"


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PtzMove(_In):
    """Start (or change) a continuous move; it runs while heartbeats keep coming.

    ``timeout_ms`` shortens the hub's heartbeat deadline for this move (never beyond the
    hub's own setting).
    """

    pan: Unit = 0.0
    tilt: Unit = 0.0
    zoom: Unit = 0.0
    timeout_ms: Annotated[int, Field(ge=100, le=60_000)] | None = None


class PtzAbsolute(_In):
    """Go to a position (click-to-centre computes one); absent axes stay where they are."""

    pan: Unit | None = None
    tilt: Unit | None = None
    zoom: Fraction | None = None
    speed: Speed | None = None


class PtzRelative(_In):
    """Move by a translation (drag in the picture, wheel zoom)."""

    pan: Unit = 0.0
    tilt: Unit = 0.0
    zoom: Unit = 0.0
    speed: Speed | None = None


class PtzPresetCreate(_In):
    """Save the current position as a new preset."""

    name: PresetName


class PtzPresetRename(_In):
    """Rename a preset (its position is kept)."""

    name: PresetName


class PtzReserve(_In):
    """Keep a camera for oneself for a while (an incident in progress)."""

    minutes: Annotated[int, Field(ge=1, le=24 * 60)]
    reason: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=500, pattern=_NO_NUL),
    ]


class PtzPreset(BaseModel):
    """A preset position stored in the device."""

    token: str
    name: str


class PtzPosition(BaseModel):
    """Where the dome looks (generic spaces)."""

    pan: float
    tilt: float
    zoom: float


class PtzControl(BaseModel):
    """Who controls a camera now; also the payload of ``ptz.control`` events.

    ``until`` is when the lock (or the reservation, if ``reserved``) lapses unless renewed.
    ``version`` grows with every change of the camera's control state: a console that
    hears of it twice (a push and a slower answer to its own command) keeps the newest.
    """

    camera_id: int
    holder_user_id: int | None = None
    holder_username: str | None = None
    holder_display_name: str | None = None
    until: datetime | None = None
    reserved: bool = False
    reason: str | None = None
    version: int = 0


class PtzStatus(BaseModel):
    """The lock and the device's position; ``device_error`` when the device did not answer."""

    control: PtzControl
    moving: bool = False
    position: PtzPosition | None = None
    device_error: str | None = None
