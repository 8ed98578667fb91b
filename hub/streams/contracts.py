# SPDX-License-Identifier: GPL-3.0-or-later
"""Stream grant shapes shared by the hub and the console (pydantic only).

The grant itself is :class:`hub.catalog.contracts.StreamGrantOut`.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from hub.catalog.contracts import GrantRequest, StreamKind
from hub.contracts import AccessReason


class LiveGrantRequest(GrantRequest):
    """Ask for a live stream; a central operator opening a dedicated system states the
    TN 6.2 reason (and may add a note, e.g. the written request's number); ``unmasked``
    asks it without the camera's privacy masks (``privacy.lift``, audited)."""

    reason: AccessReason | None = None
    reason_note: str | None = Field(default=None, max_length=500)
    # HCM 6.3: see the camera without its privacy masks (privacy.lift; audited).
    unmasked: bool = False


class StreamRevokedEvent(BaseModel):
    """Pushed to the owner (topic ``stream.revoked``) when a grant ends without the owner
    releasing it: ``reason`` is ``expired``, ``session_ended``, ``access_withdrawn``,
    ``revoked`` (e.g. a display token withdrawn) or ``shutdown``. The console stops the
    tile (or asks for a new grant if it still may)."""

    grant_id: str
    camera_id: int
    stream: StreamKind
    kind: str
    reason: str
