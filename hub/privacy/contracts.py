# SPDX-License-Identifier: GPL-3.0-or-later
"""Privacy mask shapes shared by the hub and the console (pydantic only).

Routes (``privacy.manage``, a camera in the caller's own scope; approvals do not count):

- ``GET /api/cameras/{id}/privacy-masks`` → list of :class:`PrivacyMaskOut`;
- ``PUT /api/cameras/{id}/privacy-masks`` (:class:`PrivacyMasksIn`, the whole set: a
  mask with an ``id`` keeps its row, one without is new, a stored one left out is
  deleted) → the new list; audited ``privacy.masks_set`` with before and after;
- ``DELETE /api/cameras/{id}/privacy-masks/{mask_id}`` → 204; audited
  ``privacy.mask_delete`` with before and after.

A vertex is ``[x, y]`` in normalized picture coordinates: 0..1 from the top-left corner
of the whole picture, whatever the stream's resolution.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Coordinate = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Vertex = tuple[Coordinate, Coordinate]
MAX_VERTICES = 64
MAX_MASKS = 32


class PrivacyMaskIn(BaseModel):
    """One polygon; ``id`` names a stored mask of the camera that it replaces."""

    model_config = ConfigDict(extra="forbid")

    id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    vertices: list[Vertex] = Field(min_length=3, max_length=MAX_VERTICES)


class PrivacyMasksIn(BaseModel):
    """The whole set of a camera's masks (an empty list lifts none: it deletes all)."""

    model_config = ConfigDict(extra="forbid")

    masks: list[PrivacyMaskIn] = Field(max_length=MAX_MASKS)


class PrivacyMaskOut(BaseModel):
    """A stored mask with who created and last changed it."""

    id: int
    camera_id: int
    vertices: list[tuple[float, float]]
    created_by: int | None
    created_at: datetime
    updated_by: int | None
    updated_at: datetime
