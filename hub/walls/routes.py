# SPDX-License-Identifier: GPL-3.0-or-later
"""Routes of saved walls (``/api/walls``), displays (``/api/displays``, admins and
operators) and the display's own API (``/api/display/*``, display token only)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from fastapi.responses import StreamingResponse

from hub.auth.principal import Principal
from hub.catalog.contracts import StreamGrantOut
from hub.context import Hub
from hub.contracts import Permission
from hub.db import transaction
from hub.deps import (
    BearerToken,
    CurrentUser,
    DbSession,
    HubDep,
    PathId,
    SourceDep,
    end_check,
    require,
)
from hub.event_routes import sse_response
from hub.events import Subscriber
from hub.privacy.service import grant_with_masks
from hub.walls import displays, service
from hub.walls.contracts import (
    DisplayCreate,
    DisplayEnrolled,
    DisplayGrantRequest,
    DisplayMe,
    DisplayOut,
    DisplayShow,
    DisplayTarget,
    DisplayWallEvent,
    LastWallIn,
    LastWallOut,
    WallCreate,
    WallOut,
)
from hub.walls.displays import DisplayPrincipal, authenticate_display

router = APIRouter(prefix="/api", tags=["walls"])

DisplayManager = Annotated[Principal, Depends(require(Permission.DISPLAY_MANAGE))]
LiveViewer = Annotated[Principal, Depends(require(Permission.IMAGE_LIVE))]


def get_display(
    hub: HubDep, db: DbSession, token: BearerToken, source: SourceDep
) -> DisplayPrincipal:
    """The calling display (display token only; a user session is refused with 401)."""
    display = authenticate_display(db, hub, token, source)
    end_check(db)
    return display


CurrentDisplay = Annotated[DisplayPrincipal, Depends(get_display)]


# --- saved walls ------------------------------------------------------------------------


@router.get("/walls")
def list_walls(db: DbSession, me: CurrentUser) -> list[WallOut]:
    """My walls and the walls shared with my unit (or a unit above it)."""
    return service.list_walls(db, me)


@router.post("/walls", status_code=201)
def create_wall(hub: HubDep, db: DbSession, me: CurrentUser, req: WallCreate) -> WallOut:
    """Save a wall; ``shared_unit_id`` (my unit or one below it) shares it read-only."""
    return service.create_wall(hub, db, me, req)


@router.get("/walls/last")
def get_last_wall(db: DbSession, me: CurrentUser) -> LastWallOut | None:
    """The wall to restore at login (``null`` before the first one)."""
    return service.last_wall(db, me)


@router.put("/walls/last")
def put_last_wall(hub: HubDep, db: DbSession, me: CurrentUser, req: LastWallIn) -> LastWallOut:
    """Remember what my wall shows now."""
    return service.set_last_wall(hub, db, me, req)


@router.put("/walls/{wall_id}")
def update_wall(
    hub: HubDep, db: DbSession, me: CurrentUser, wall_id: PathId, req: WallCreate
) -> WallOut:
    """Replace one of my walls (name, layout, cameras, share)."""
    return service.update_wall(hub, db, me, wall_id, req)


@router.delete("/walls/{wall_id}", status_code=204)
def delete_wall(hub: HubDep, db: DbSession, me: CurrentUser, wall_id: PathId) -> None:
    """Delete one of my walls."""
    service.delete_wall(hub, db, me, wall_id)


# --- displays (administrators enrol and revoke; operators push) ---------------------------


@router.post("/displays", status_code=201)
def enrol_display(
    hub: HubDep, db: DbSession, me: DisplayManager, req: DisplayCreate
) -> DisplayEnrolled:
    """Enrol a wall display; the answer carries its token, shown this once only."""
    return displays.enrol_display(hub, db, me, req)


@router.get("/displays")
def list_displays(hub: HubDep, db: DbSession, me: DisplayManager) -> list[DisplayOut]:
    """Displays of units in my scope."""
    return displays.list_displays(hub, db, me)


@router.get("/displays/targets")
def display_targets(hub: HubDep, db: DbSession, me: LiveViewer) -> list[DisplayTarget]:
    """Displays I may push walls to (operators)."""
    return displays.display_targets(hub, db, me)


@router.post("/displays/{display_id}/revoke")
def revoke_display(
    hub: HubDep, db: DbSession, me: DisplayManager, display_id: PathId
) -> DisplayOut:
    """Revoke a display: its stream of events and its grants end at once."""
    return displays.revoke_display(hub, db, me, display_id)


@router.post("/displays/{display_id}/show")
def show_on_display(
    hub: HubDep, db: DbSession, me: LiveViewer, display_id: PathId, req: DisplayShow
) -> DisplayWallEvent:
    """Push a wall or layout to a display of my scope."""
    return displays.show_on_display(hub, db, me, display_id, req)


# --- the display's own API (display token) ------------------------------------------------


@router.get("/display/me")
def display_me(db: DbSession, who: CurrentDisplay) -> DisplayMe:
    """The display's name, bound walls and current wall."""
    return displays.display_me(db, who)


@router.post("/display/grants", status_code=201)
def display_grant(
    hub: HubDep, db: DbSession, who: CurrentDisplay, req: DisplayGrantRequest
) -> StreamGrantOut:
    """A view-only live grant for a camera on one of the display's walls (always with the
    camera's privacy masks: a display cannot lift them)."""
    camera = displays.check_display_camera(hub, db, who, req.camera_id)
    return grant_with_masks(
        db, displays.issue_display_grant(hub, db, who, camera, req.stream), False
    )


GrantId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("/display/grants/{grant_id}/renew")
def display_grant_renew(
    hub: HubDep, db: DbSession, who: CurrentDisplay, grant_id: GrantId
) -> StreamGrantOut:
    """Extend one of the display's grants (the camera must still be on its walls)."""
    return grant_with_masks(db, displays.renew_display_grant(hub, db, who, grant_id), False)


@router.delete("/display/grants/{grant_id}", status_code=204)
def display_grant_release(
    hub: HubDep, db: DbSession, who: CurrentDisplay, grant_id: GrantId
) -> Response:
    """End one of the display's grants now (its wall changed)."""
    displays.release_display_grant(hub, db, who, grant_id)
    return Response(status_code=204)


def _check_display(hub: Hub, token: str, source: str | None) -> DisplayPrincipal:
    with transaction(hub.sessions) as session:
        return authenticate_display(session, hub, token, source)


@router.get(
    "/display/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def display_events(
    request: Request,
    hub: HubDep,
    token: BearerToken,
    source: SourceDep,
    max_seconds: Annotated[float, Query(ge=0, le=86_400)] = 3600,
    last_event_id: Annotated[int | None, Header(ge=0)] = None,
) -> StreamingResponse:
    """The display's push stream (``display.*`` and ``stream.*`` topics only), as SSE.

    Revoking the display ends it at once; the token is also re-checked at every
    keep-alive. A display reconnects with ``Last-Event-ID``.
    """
    who = await asyncio.to_thread(_check_display, hub, token, source)
    sub = Subscriber(
        user_id=None,
        unit_id=None,
        display_id=who.display_id,
        covers=lambda _territory, _domain: False,
        topics=frozenset({"display", "stream"}),
        loop=asyncio.get_running_loop(),
    )
    return sse_response(
        hub,
        request,
        sub,
        last_event_id,
        max_seconds,
        lambda: _check_display(hub, token, source),
        ": vwall display events",
    )
