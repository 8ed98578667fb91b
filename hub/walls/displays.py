# SPDX-License-Identifier: GPL-3.0-or-later
"""Wall displays: enrolment with a revocable token, operator pushes, view-only grants.

A display token is not a user session: it is looked up only by the ``/api/display/*``
routes (:func:`authenticate_display`), so every other route refuses it with 401 (the
session lookup finds no such token). Only the token's SHA-256 is stored, as for
sessions. A display sees what an operator pushed to it or its bound walls, and may play
only cameras on those walls that lie in its unit's scope — view-only: no PTZ, archive
or export route accepts it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import event as sa_event
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hub.audit.service import Actor
from hub.auth.principal import Principal
from hub.auth.sessions import new_token, token_digest
from hub.catalog.access import camera_or_404, device_access
from hub.catalog.contracts import StreamGrantOut, StreamKind
from hub.catalog.models import Camera
from hub.context import Hub
from hub.errors import HubError, PendingAudit
from hub.events import Audience, publish_after_commit
from hub.media import RelayError
from hub.org.models import OrgUnit
from hub.scope.service import require_in_scope, scope_of, territory_subtree
from hub.streams.grants import Grant, GrantNotFound, GrantOwner
from hub.streams.service import RELEASED, RelayService, running_relay
from hub.walls.contracts import (
    DisplayCreate,
    DisplayEnrolled,
    DisplayMe,
    DisplayOut,
    DisplayShow,
    DisplayTarget,
    DisplayWallEvent,
    WallCamera,
)
from hub.walls.models import Display, DisplayWall, Wall
from hub.walls.service import clean_content, dump_cameras, load_cameras, unit_chain, visible_wall

log = logging.getLogger(__name__)

TOPIC_WALL = "display.wall"


@dataclass(frozen=True)
class DisplayPrincipal:
    """An enrolled display calling with its token."""

    display_id: int
    name: str
    unit_id: int
    source: str | None

    @property
    def actor(self) -> Actor:
        """The display as an audit actor (no user: ``display:<id>``)."""
        return Actor(None, f"display:{self.display_id}", self.source)


def authenticate_display(
    session: Session, hub: Hub, token: str, source: str | None
) -> DisplayPrincipal:
    """Resolve a display token (re-checked on every call).

    Raises:
        HubError: 401 ``display.token_invalid`` (unknown or revoked token).
    """
    row = session.scalars(
        select(Display).where(Display.token_hash == token_digest(token))
    ).one_or_none()
    if row is None or row.revoked_at is not None:
        raise HubError(401, "display.token_invalid")
    row.last_seen_at = hub.clock.now()
    return DisplayPrincipal(row.id, row.name, row.unit_id, source)


def _unit_or_422(session: Session, unit_id: int) -> OrgUnit:
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise HubError(422, "display.unknown_unit", {"unit_id": unit_id})
    return unit


def _in_scope(hub: Hub, session: Session, principal: Principal, unit: OrgUnit) -> None:
    # Approvals extend access to objects, never the power to manage or command displays.
    require_in_scope(hub, session, principal, unit.territory_id, unit.domain, approvals=False)


def _wall_ids(session: Session, display_id: int) -> list[int]:
    stmt = (
        select(DisplayWall.wall_id)
        .where(DisplayWall.display_id == display_id)
        .order_by(DisplayWall.position)
    )
    return list(session.scalars(stmt))


def _out(session: Session, d: Display) -> DisplayOut:
    return DisplayOut(
        id=d.id,
        name=d.name,
        unit_id=d.unit_id,
        wall_ids=_wall_ids(session, d.id),
        current_wall_id=d.current_wall_id,
        created_at=d.created_at,
        revoked_at=d.revoked_at,
        last_seen_at=d.last_seen_at,
    )


def enrol_display(
    hub: Hub, session: Session, principal: Principal, req: DisplayCreate
) -> DisplayEnrolled:
    """Enrol a display of a unit in the admin's scope, bound to walls shared with that
    unit or a unit above it (what the room's people may see anyway). Audited.

    Raises:
        HubError: 422 ``display.unknown_unit`` / ``display.wall_not_shared``,
            403 ``scope.out_of_scope``.
    """
    unit = _unit_or_422(session, req.unit_id)
    _in_scope(hub, session, principal, unit)
    chain = unit_chain(session, unit.id)
    wall_ids = list(dict.fromkeys(req.wall_ids))
    for wall_id in wall_ids:
        wall = session.get(Wall, wall_id)
        if wall is None or wall.shared_unit_id not in chain:
            raise HubError(422, "display.wall_not_shared", {"wall_id": wall_id})
    token = display_token()
    display = Display(
        name=req.name,
        unit_id=unit.id,
        token_hash=token_digest(token),
        created_by=principal.user_id,
        created_at=hub.clock.now(),
    )
    session.add(display)
    session.flush()
    for position, wall_id in enumerate(wall_ids):
        session.add(DisplayWall(display_id=display.id, wall_id=wall_id, position=position))
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        "display.enrol",
        object_type="display",
        object_id=display.id,
        detail={"name": display.name, "unit_id": unit.id, "wall_ids": wall_ids},
    )
    return DisplayEnrolled(**_out(session, display).model_dump(), token=token)


def display_token() -> str:
    """A fresh display token (256 bits, URL-safe) that never begins with ``-``: it is
    typed on a command line (``vwall --display --enrol-token TOKEN``), where a leading
    ``-`` would make argparse read it as an option."""
    while True:
        token = new_token()
        if not token.startswith("-"):
            return token


def list_displays(hub: Hub, session: Session, principal: Principal) -> list[DisplayOut]:
    """Displays of units in the caller's scope."""
    scope = scope_of(session, principal, hub.clock.now())
    out = []
    for display in session.scalars(select(Display).order_by(Display.id)):
        unit = session.get(OrgUnit, display.unit_id)
        if unit is not None and scope.covers(unit.territory_id, unit.domain):
            out.append(_out(session, display))
    return out


def display_targets(hub: Hub, session: Session, principal: Principal) -> list[DisplayTarget]:
    """Displays an operator may push to: not revoked, of a unit in their scope."""
    scope = scope_of(session, principal, hub.clock.now())
    out = []
    stmt = select(Display).where(Display.revoked_at.is_(None)).order_by(Display.name, Display.id)
    for display in session.scalars(stmt):
        unit = session.get(OrgUnit, display.unit_id)
        if unit is not None and scope.covers(unit.territory_id, unit.domain):
            out.append(DisplayTarget(id=display.id, name=display.name, unit_id=display.unit_id))
    return out


def _display_or_404(session: Session, display_id: int) -> Display:
    display = session.get(Display, display_id)
    if display is None:
        raise HubError(404, "display.not_found")
    return display


def after_commit(session: Session, fn: Callable[[], None]) -> None:
    """Run ``fn`` once ``session``'s transaction has committed (never on rollback)."""

    def run(_sess: Session) -> None:
        try:
            fn()
        except Exception:
            log.exception("after-commit action failed")

    sa_event.listen(session, "after_commit", run, once=True)


def revoke_display(hub: Hub, session: Session, principal: Principal, display_id: int) -> DisplayOut:
    """Revoke a display's token: once committed its event stream ends at once and its
    stream grants are withdrawn, so the screen blanks. Audited; idempotent."""
    display = _display_or_404(session, display_id)
    unit = _unit_or_422(session, display.unit_id)
    _in_scope(hub, session, principal, unit)
    if display.revoked_at is None:
        display.revoked_at = hub.clock.now()
        display.revoked_by = principal.user_id
        hub.audit.append(
            session,
            principal.actor,
            "display.revoke",
            object_type="display",
            object_id=display.id,
            detail={"name": display.name},
        )
        after_commit(session, lambda: _cut_off(hub, display_id))
    session.flush()
    return _out(session, display)


def _cut_off(hub: Hub, display_id: int) -> None:
    hub.events.disconnect(lambda s: s.display_id == display_id)
    revoke_display_grants(hub, display_id)


def _current(session: Session, display: Display) -> DisplayWallEvent | None:
    if display.current_layout_json is not None:
        return DisplayWallEvent(
            display_id=display.id,
            wall_id=display.current_wall_id,
            name=display.current_name or "",
            layout=json.loads(display.current_layout_json),
            cameras=load_cameras(display.current_cameras_json),
        )
    walls = _bound_walls(session, display)
    return walls[0] if walls else None


def _bound_walls(session: Session, display: Display) -> list[DisplayWallEvent]:
    out = []
    for wall_id in _wall_ids(session, display.id):
        wall = session.get(Wall, wall_id)
        if wall is not None:
            out.append(_wall_event(display.id, wall))
    return out


def _wall_event(display_id: int, wall: Wall) -> DisplayWallEvent:
    return DisplayWallEvent(
        display_id=display_id,
        wall_id=wall.id,
        name=wall.name,
        layout=json.loads(wall.layout_json),
        cameras=load_cameras(wall.cameras_json),
    )


def show_on_display(
    hub: Hub, session: Session, principal: Principal, display_id: int, req: DisplayShow
) -> DisplayWallEvent:
    """Push a wall (one the operator sees) or an ad-hoc layout to a display of a unit in
    the operator's scope; the display follows at once (``display.wall``). Audited.

    Raises:
        HubError: 404 ``display.not_found`` / ``wall.not_found``, 403 out of scope,
            409 ``display.revoked``, 422 invalid content.
    """
    display = _display_or_404(session, display_id)
    unit = _unit_or_422(session, display.unit_id)
    _in_scope(hub, session, principal, unit)
    if display.revoked_at is not None:
        raise HubError(409, "display.revoked")
    if req.wall_id is not None:
        wall = visible_wall(session, principal, req.wall_id)
        shown = _wall_event(display.id, wall)
    else:
        assert req.content is not None
        layout, cameras = clean_content(session, req.content)
        name = req.name or str(layout.get("name", ""))
        shown = DisplayWallEvent(
            display_id=display.id, wall_id=None, name=name, layout=layout, cameras=cameras
        )
    display.current_wall_id = shown.wall_id
    display.current_name = shown.name
    display.current_layout_json = json.dumps(shown.layout, ensure_ascii=False)
    display.current_cameras_json = dump_cameras(shown.cameras)
    withdraw_left_cameras(hub, session, [display.id])
    hub.audit.append(
        session,
        principal.actor,
        "display.show",
        object_type="display",
        object_id=display.id,
        detail={
            "wall_id": shown.wall_id,
            "name": shown.name,
            "camera_ids": [c.camera_id for c in shown.cameras],
        },
    )
    publish_after_commit(
        session,
        hub.events,
        TOPIC_WALL,
        shown.model_dump(mode="json"),
        Audience(displays=frozenset({display.id})),
    )
    return shown


def unbind_unshared(session: Session, wall: Wall) -> int:
    """Unbind ``wall`` from displays whose unit no longer sees it (its share changed):
    a display is bound only to walls shared with its unit or a unit above it."""
    count = 0
    links = session.scalars(select(DisplayWall).where(DisplayWall.wall_id == wall.id))
    for link in list(links):
        display = session.get(Display, link.display_id)
        if display is None or wall.shared_unit_id not in unit_chain(session, display.unit_id):
            session.delete(link)
            count += 1
    session.flush()
    return count


def wall_changed(hub: Hub, session: Session, wall: Wall) -> int:
    """Displays showing ``wall`` (pushed, or their first bound wall by default) follow its
    new content as soon as the change commits; returns how many."""
    count = 0
    for display in session.scalars(select(Display).where(Display.revoked_at.is_(None))):
        current = display.current_wall_id == wall.id
        default = display.current_layout_json is None and _wall_ids(session, display.id)[:1] == [
            wall.id
        ]
        if not (current or default):
            continue
        shown = _wall_event(display.id, wall)
        if current:
            display.current_name = shown.name
            display.current_layout_json = json.dumps(shown.layout, ensure_ascii=False)
            display.current_cameras_json = dump_cameras(shown.cameras)
        publish_after_commit(
            session,
            hub.events,
            TOPIC_WALL,
            shown.model_dump(mode="json"),
            Audience(displays=frozenset({display.id})),
        )
        count += 1
    return count


def display_me(session: Session, who: DisplayPrincipal) -> DisplayMe:
    """What a display shows and may show."""
    display = _display_or_404(session, who.display_id)
    return DisplayMe(
        id=display.id,
        name=display.name,
        unit_id=display.unit_id,
        walls=_bound_walls(session, display),
        current=_current(session, display),
    )


def allowed_cameras(session: Session, display: Display) -> set[int]:
    """The cameras ``display`` may play: those of its bound walls and of what it shows."""
    cams: list[WallCamera] = []
    for wall in _bound_walls(session, display):
        cams += wall.cameras
    current = _current(session, display)
    if current is not None:
        cams += current.cameras
    return {c.camera_id for c in cams}


def check_display_camera(
    hub: Hub, session: Session, who: DisplayPrincipal, camera_id: int, *, audit: bool = True
) -> Camera:
    """The camera, if it is on the display's walls and in its unit's scope; the view is
    audited ``access.image.live`` as the display (``audit``), refusals always are.

    Raises:
        HubError: 404 ``camera.not_found``, 403 ``display.camera_not_on_wall`` /
            ``scope.out_of_scope``.
    """
    display = _display_or_404(session, who.display_id)
    camera = camera_or_404(session, camera_id)

    def deny(code: str) -> HubError:
        return HubError(
            403,
            code,
            None,
            PendingAudit(
                who.actor,
                "scope.denied",
                {
                    "outcome": "denied",
                    "object_type": "camera",
                    "object_id": str(camera.id),
                    "reason": code,
                },
            ),
        )

    if camera.id not in allowed_cameras(session, display):
        raise deny("display.camera_not_on_wall")
    unit = _unit_or_422(session, display.unit_id)
    if not _unit_covers(session, unit, camera):
        raise deny("scope.out_of_scope")
    if audit:
        hub.audit.append(
            session,
            who.actor,
            "access.image.live",
            object_type="camera",
            object_id=str(camera.id),
            detail={
                "basis": "display",
                "display_id": display.id,
                "display": display.name,
                "territory_id": camera.territory_id,
                "domain": camera.domain,
            },
        )
    return camera


def _unit_covers(session: Session, unit: OrgUnit, camera: Camera) -> bool:
    """The same rule as a user's scope, for the display's unit (IOC: everything).

    TN 6.2 reasons cannot be given by a screen, so a central display does not open a
    dedicated system's camera.
    """
    from hub.scope.service import _EVERYTHING  # the unit kinds that see everything

    if unit.kind in _EVERYTHING:
        return not camera.dedicated
    if camera.territory_id not in territory_subtree(session, unit.territory_id):
        return False
    return unit.domain is None or unit.domain == camera.domain


# --- stream grants -------------------------------------------------------------------


def _owner(who: DisplayPrincipal) -> GrantOwner:
    return GrantOwner(display_id=who.display_id)


def issue_display_grant(
    hub: Hub, session: Session, who: DisplayPrincipal, camera: Camera, stream: StreamKind
) -> StreamGrantOut:
    """A view-only live grant for the display from the relay's grant registry, audited
    ``stream.grant`` as the display (never with its URL or token).

    Raises:
        HubError: 503 ``media.relay_unavailable`` when the relay cannot serve it,
            409 ``camera.stream_unavailable`` when the camera has no such stream.
    """
    relay = running_relay(hub)
    url = device_access(camera).rtsp_url(stream)
    session.commit()  # no transaction held while the relay opens (on SQLite it locks writers)
    try:
        grant = relay.grants.issue(
            _owner(who), camera.id, stream, f"cam{camera.id}/{stream.value}", url
        )
    except RelayError:
        raise HubError(503, "media.relay_unavailable") from None
    try:
        hub.audit.append(
            session,
            who.actor,
            "stream.grant",
            object_type="camera",
            object_id=camera.id,
            detail={**grant.audit_detail(), "basis": "display", "display_id": who.display_id},
        )
        session.flush()
    except BaseException:
        relay.grants.revoke(grant.grant_id, None, "failed")
        raise
    return grant.out()


def _own_grant(hub: Hub, who: DisplayPrincipal, grant_id: str) -> Grant:
    relay = hub.services.get("relay")
    grant = relay.grants.get(grant_id) if isinstance(relay, RelayService) else None
    if grant is None or not _owner(who).holds(grant):
        raise HubError(404, "grant.not_found")
    return grant


def renew_display_grant(
    hub: Hub, session: Session, who: DisplayPrincipal, grant_id: str
) -> StreamGrantOut:
    """Extend one of the display's grants; the camera must still be on its walls and in
    its scope (else the grant ends at once).

    Raises:
        HubError: 404 ``grant.not_found``, 403 when the camera left the display's walls.
    """
    grant = _own_grant(hub, who, grant_id)
    relay = running_relay(hub)
    try:
        check_display_camera(hub, session, who, grant.camera_id, audit=False)
    except HubError:
        relay.grants.revoke(grant.grant_id, None, "access_withdrawn")
        raise
    try:
        return relay.grants.renew(grant_id, _owner(who)).out()
    except GrantNotFound:
        raise HubError(404, "grant.not_found") from None


def release_display_grant(hub: Hub, session: Session, who: DisplayPrincipal, grant_id: str) -> None:
    """End one of the display's grants now (its wall changed); audited ``stream.release``."""
    grant = _own_grant(hub, who, grant_id)
    if not running_relay(hub).grants.revoke(grant.grant_id, _owner(who), RELEASED):
        raise HubError(404, "grant.not_found")
    hub.audit.append(
        session,
        who.actor,
        "stream.release",
        object_type="camera",
        object_id=grant.camera_id,
        detail={
            "grant_id": grant.grant_id,
            "stream": grant.stream.value,
            "display_id": who.display_id,
        },
    )


def displays_of_wall(session: Session, wall_id: int) -> set[int]:
    """Displays (not revoked) bound to ``wall_id`` or showing it now."""
    bound = select(DisplayWall.display_id).where(DisplayWall.wall_id == wall_id)
    stmt = select(Display.id).where(
        Display.revoked_at.is_(None),
        or_(Display.id.in_(bound), Display.current_wall_id == wall_id),
    )
    return set(session.scalars(stmt))


def withdraw_left_cameras(hub: Hub, session: Session, display_ids: Iterable[int]) -> None:
    """End, as soon as the change commits, the grants of ``display_ids`` for cameras no
    longer on their walls or on what they show: a camera leaves the screen at once, not
    at its grant's next renewal (up to a grant lifetime later). Each display is told
    (``stream.revoked``) and each end is audited (``stream.end``, ``access_withdrawn``)."""
    session.flush()
    keep: dict[int, frozenset[int]] = {}
    for display_id in set(display_ids):
        display = session.get(Display, display_id)
        if display is not None and display.revoked_at is None:
            keep[display_id] = frozenset(allowed_cameras(session, display))
    if not keep:
        return

    def left(grant: Grant) -> bool:
        shown = keep.get(grant.owner.display_id) if grant.owner.display_id is not None else None
        return shown is not None and grant.camera_id not in shown

    def withdraw() -> None:
        relay = hub.services.get("relay")
        if isinstance(relay, RelayService):
            relay.grants.revoke_where(left, "access_withdrawn")

    after_commit(session, withdraw)


def revoke_display_grants(hub: Hub, display_id: int) -> int:
    """Withdraw every grant held by a display (its outputs close at once)."""
    relay = hub.services.get("relay")
    if not isinstance(relay, RelayService):
        return 0
    return relay.grants.revoke_where(lambda g: g.owner.display_id == display_id, "display_revoked")
