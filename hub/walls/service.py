# SPDX-License-Identifier: GPL-3.0-or-later
"""Saved walls: validation, visibility, sharing, the last wall; every change audited.

Sharing rule (REQUIREMENTS §3, "shared per unit"): a wall shared with unit U is visible
(read-only) to the members of U and of the units below U; only its owner edits or
deletes it. The owner may share it with their own unit or a unit below it — never
sideways or upwards — so a share never reaches people outside the owner's own chain of
command. Walls hold only camera ids: seeing video still needs a stream grant, which
checks the viewer's scope, so a shared wall never widens anyone's access.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.catalog.models import Camera
from hub.context import Hub
from hub.errors import HubError, PendingAudit
from hub.org.models import OrgUnit, User
from hub.walls.contracts import (
    LastWallIn,
    LastWallOut,
    WallCamera,
    WallContent,
    WallCreate,
    WallOut,
)
from hub.walls.models import DisplayWall, LastWall, Wall
from layouts.model import Cell, Layout, LayoutError


def unit_chain(session: Session, unit_id: int) -> list[int]:
    """``unit_id`` and its ancestors, nearest first (empty when the unit does not exist)."""
    parents: dict[int, int | None] = {
        uid: parent for uid, parent in session.execute(select(OrgUnit.id, OrgUnit.parent_id))
    }
    out: list[int] = []
    current: int | None = unit_id if unit_id in parents else None
    while current is not None and current not in out:
        out.append(current)
        current = parents.get(current)
    return out


def units_below(session: Session, unit_id: int) -> frozenset[int]:
    """``unit_id`` and every unit under it."""
    children: dict[int, list[int]] = {}
    for uid, parent in session.execute(select(OrgUnit.id, OrgUnit.parent_id)):
        if parent is not None:
            children.setdefault(parent, []).append(uid)
    out, todo = {unit_id}, [unit_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return frozenset(out)


def clean_content(
    session: Session, content: WallContent
) -> tuple[dict[str, Any], list[WallCamera]]:
    """The validated geometry (cameras stripped from its cells) and the cell cameras.

    Raises:
        HubError: 422 ``wall.invalid_layout`` (not a layout), ``wall.invalid_cell`` (a
            camera on a cell the layout lacks), ``wall.unknown_camera`` (no such camera).
    """
    try:
        layout = Layout.from_dict(content.layout)
    except (LayoutError, TypeError, ValueError, AttributeError) as exc:
        raise HubError(422, "wall.invalid_layout", {"reason": str(exc)[:200]}) from None
    if len(layout.cells) > 64 or layout.rows > 16 or layout.cols > 16 or len(layout.name) > 100:
        raise HubError(422, "wall.invalid_layout", {"reason": "too large"})
    bare = Layout(
        layout.name,
        layout.rows,
        layout.cols,
        [Cell(c.row, c.col, c.row_span, c.col_span) for c in layout.cells],
    )
    bad_cells = sorted(c.cell for c in content.cameras if c.cell >= len(bare.cells))
    if bad_cells:
        raise HubError(422, "wall.invalid_cell", {"cells": bad_cells})
    check_cameras(session, (c.camera_id for c in content.cameras))
    cameras = sorted(content.cameras, key=lambda c: c.cell)
    return bare.to_dict(), cameras


def check_cameras(session: Session, camera_ids: Iterable[int]) -> None:
    """Refuse ids of cameras that are not in the catalogue (422 ``wall.unknown_camera``)."""
    wanted = set(camera_ids)
    if not wanted:
        return
    found = set(session.scalars(select(Camera.id).where(Camera.id.in_(wanted))))
    if missing := sorted(wanted - found):
        raise HubError(422, "wall.unknown_camera", {"camera_ids": missing})


def dump_cameras(cameras: list[WallCamera]) -> str:
    """Cell cameras as stored JSON."""
    return json.dumps([c.model_dump(mode="json") for c in cameras], separators=(",", ":"))


def load_cameras(text: str | None) -> list[WallCamera]:
    """Cell cameras from stored JSON."""
    return [WallCamera.model_validate(item) for item in json.loads(text or "[]")]


def _out(session: Session, wall: Wall, principal: Principal) -> WallOut:
    owner = session.get(User, wall.owner_id)
    return WallOut(
        id=wall.id,
        name=wall.name,
        owner_id=wall.owner_id,
        owner_name=owner.display_name if owner else "",
        shared_unit_id=wall.shared_unit_id,
        layout=json.loads(wall.layout_json),
        cameras=load_cameras(wall.cameras_json),
        editable=wall.owner_id == principal.user_id,
        updated_at=wall.updated_at,
    )


def _visible_units(session: Session, principal: Principal) -> list[int]:
    """Units whose shared walls the caller sees: their own and every unit above it."""
    return unit_chain(session, principal.unit_id)


def list_walls(session: Session, principal: Principal) -> list[WallOut]:
    """The caller's walls and the walls shared with their unit (or a unit above it)."""
    stmt = (
        select(Wall)
        .where(
            or_(
                Wall.owner_id == principal.user_id,
                Wall.shared_unit_id.in_(_visible_units(session, principal)),
            )
        )
        .order_by(Wall.name, Wall.id)
    )
    return [_out(session, w, principal) for w in session.scalars(stmt)]


def visible_wall(session: Session, principal: Principal, wall_id: int) -> Wall:
    """A wall the caller may see, or 404 ``wall.not_found`` (others' walls do not exist)."""
    wall = session.get(Wall, wall_id)
    if wall is None or not (
        wall.owner_id == principal.user_id
        or (
            wall.shared_unit_id is not None
            and wall.shared_unit_id in _visible_units(session, principal)
        )
    ):
        raise HubError(404, "wall.not_found")
    return wall


def _own_wall(session: Session, principal: Principal, wall_id: int, action: str) -> Wall:
    wall = visible_wall(session, principal, wall_id)
    if wall.owner_id != principal.user_id:
        raise HubError(
            403,
            "wall.not_owner",
            None,
            PendingAudit(
                principal.actor,
                action,
                {
                    "outcome": "denied",
                    "object_type": "wall",
                    "object_id": wall.id,
                    "reason": "not_owner",
                },
            ),
        )
    return wall


def _check_share(
    hub: Hub, session: Session, principal: Principal, unit_id: int | None, action: str
) -> None:
    if unit_id is None:
        return
    if session.get(OrgUnit, unit_id) is None:
        raise HubError(422, "wall.unknown_unit", {"unit_id": unit_id})
    if principal.unit_id not in unit_chain(session, unit_id):
        raise HubError(
            403,
            "wall.share_out_of_unit",
            {"unit_id": unit_id},
            PendingAudit(
                principal.actor,
                action,
                {
                    "outcome": "denied",
                    "object_type": "unit",
                    "object_id": unit_id,
                    "reason": "share_outside_own_unit",
                },
            ),
        )


def _check_name(session: Session, owner_id: int, name: str, wall_id: int | None) -> None:
    clash = session.scalars(
        select(Wall.id).where(Wall.owner_id == owner_id, Wall.name == name)
    ).first()
    if clash is not None and clash != wall_id:
        raise HubError(409, "wall.name_taken", {"name": name})


def create_wall(hub: Hub, session: Session, principal: Principal, req: WallCreate) -> WallOut:
    """Save a new wall of the caller (audited ``wall.create``, and ``wall.share``)."""
    layout, cameras = clean_content(session, req)
    _check_share(hub, session, principal, req.shared_unit_id, "wall.share")
    _check_name(session, principal.user_id, req.name, None)
    now = hub.clock.now()
    wall = Wall(
        name=req.name,
        owner_id=principal.user_id,
        shared_unit_id=req.shared_unit_id,
        layout_json=json.dumps(layout, ensure_ascii=False),
        cameras_json=dump_cameras(cameras),
        created_at=now,
        updated_at=now,
    )
    session.add(wall)
    session.flush()
    detail = {
        "name": wall.name,
        "cells": len(layout["cells"]),
        "camera_ids": [c.camera_id for c in cameras],
    }
    hub.audit.append(
        session,
        principal.actor,
        "wall.create",
        object_type="wall",
        object_id=wall.id,
        detail=detail,
    )
    if wall.shared_unit_id is not None:
        hub.audit.append(
            session,
            principal.actor,
            "wall.share",
            object_type="wall",
            object_id=wall.id,
            detail={"unit_id": wall.shared_unit_id},
        )
    return _out(session, wall, principal)


def update_wall(
    hub: Hub, session: Session, principal: Principal, wall_id: int, req: WallCreate
) -> WallOut:
    """Replace a wall of the caller (owner only; audited ``wall.update`` / ``wall.share``)."""
    wall = _own_wall(session, principal, wall_id, "wall.update")
    layout, cameras = clean_content(session, req)
    if req.shared_unit_id != wall.shared_unit_id:
        _check_share(hub, session, principal, req.shared_unit_id, "wall.share")
    _check_name(session, principal.user_id, req.name, wall.id)
    previous_share = wall.shared_unit_id
    wall.name = req.name
    wall.layout_json = json.dumps(layout, ensure_ascii=False)
    wall.cameras_json = dump_cameras(cameras)
    wall.shared_unit_id = req.shared_unit_id
    wall.updated_at = hub.clock.now()
    detail = {
        "name": wall.name,
        "cells": len(layout["cells"]),
        "camera_ids": [c.camera_id for c in cameras],
    }
    hub.audit.append(
        session,
        principal.actor,
        "wall.update",
        object_type="wall",
        object_id=wall.id,
        detail=detail,
    )
    if previous_share != wall.shared_unit_id:
        hub.audit.append(
            session,
            principal.actor,
            "wall.share",
            object_type="wall",
            object_id=wall.id,
            detail={"unit_id": wall.shared_unit_id, "previous_unit_id": previous_share},
        )
    from hub.walls.displays import (  # displays import us
        displays_of_wall,
        unbind_unshared,
        wall_changed,
        withdraw_left_cameras,
    )

    session.flush()
    showing = displays_of_wall(session, wall.id)
    if previous_share != wall.shared_unit_id:
        unbind_unshared(session, wall)
    wall_changed(hub, session, wall)
    withdraw_left_cameras(hub, session, showing)
    return _out(session, wall, principal)


def delete_wall(hub: Hub, session: Session, principal: Principal, wall_id: int) -> None:
    """Delete a wall of the caller; displays bound to it lose it (audited ``wall.delete``)."""
    from hub.walls.displays import displays_of_wall, withdraw_left_cameras  # they import us
    from hub.walls.models import Display

    wall = _own_wall(session, principal, wall_id, "wall.delete")
    showing = displays_of_wall(session, wall.id)
    for link in session.scalars(select(DisplayWall).where(DisplayWall.wall_id == wall.id)):
        session.delete(link)

    for display in session.scalars(select(Display).where(Display.current_wall_id == wall.id)):
        display.current_wall_id = None
    for last in session.scalars(select(LastWall).where(LastWall.wall_id == wall.id)):
        last.wall_id = None
    hub.audit.append(
        session,
        principal.actor,
        "wall.delete",
        object_type="wall",
        object_id=wall.id,
        detail={"name": wall.name},
    )
    session.flush()
    session.delete(wall)
    withdraw_left_cameras(hub, session, showing)


def last_wall(session: Session, principal: Principal) -> LastWallOut | None:
    """The wall to restore at login, if the caller ever showed one."""
    row = session.get(LastWall, principal.user_id)
    if row is None:
        return None
    return LastWallOut(
        wall_id=row.wall_id,
        layout=json.loads(row.layout_json),
        cameras=load_cameras(row.cameras_json),
        updated_at=row.updated_at,
    )


def set_last_wall(hub: Hub, session: Session, principal: Principal, req: LastWallIn) -> LastWallOut:
    """Remember what the caller's wall shows (a preference: not audited)."""
    layout, cameras = clean_content(session, req)
    if req.wall_id is not None:
        visible_wall(session, principal, req.wall_id)
    row = session.get(LastWall, principal.user_id)
    if row is None:
        row = LastWall(user_id=principal.user_id)
        session.add(row)
    row.wall_id = req.wall_id
    row.layout_json = json.dumps(layout, ensure_ascii=False)
    row.cameras_json = dump_cameras(cameras)
    row.updated_at = hub.clock.now()
    session.flush()
    out = last_wall(session, principal)
    assert out is not None
    return out
