# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of the stream grant routes (gathered by test_authz_matrix.py).

The matrix runs without a simulator or GStreamer, so the builders put a relay service over
a stand-in relay (it opens no listener) into the hub: right and scope are the real checks,
and an allowed caller gets a real grant rather than 503.
"""

from __future__ import annotations

from sqlalchemy import select

from hub.auth.models import AuthSession
from hub.auth.sessions import token_digest
from hub.catalog.contracts import StreamKind
from hub.catalog.models import Camera
from hub.contracts import Permission
from hub.db import transaction
from hub.media import RelayOutput
from hub.streams.grants import GrantOwner
from hub.streams.service import NAME, RelayService
from tests.hub.authz import Case, Ctx, Rule

SOURCE = "rtsp://127.0.0.1:9/matrix/sub"  # never pulled: the stand-in relay opens nothing


class PaperRelay:
    """Hands out outputs without serving anything (authorization checks only)."""

    def __init__(self) -> None:
        self.count = 0

    def open_output(
        self,
        source_key: str,
        source_url: str,
        passphrase: str,
        *,
        start: float | None = None,
        rate: float = 1.0,
    ) -> RelayOutput:
        self.count += 1
        port = 50000 + self.count
        return RelayOutput(
            f"out{self.count}", source_key, "127.0.0.1", port, f"srt://127.0.0.1:{port}"
        )

    def close_output(self, output_id: str) -> bool:
        return True


def _relay(ctx: Ctx) -> RelayService:
    hub = ctx.live.hub
    service = hub.services.get(NAME)
    if not isinstance(service, RelayService):
        service = RelayService(hub, relay=PaperRelay())
        hub.services[NAME] = service
    return service


def _camera(ctx: Ctx, situation: str) -> int:
    """A camera in the situation's territory (created once per hub)."""
    code = f"streams-matrix-{situation}"
    with transaction(ctx.live.hub.sessions) as s:
        found = s.scalar(select(Camera.id).where(Camera.code == code))
        if found is not None:
            return int(found)
        now = ctx.live.clock.now()
        unit = ctx.unit(situation)
        camera = Camera(
            code=code,
            name=code,
            onvif_url="http://127.0.0.1:9/onvif/device_service",
            rtsp_main_url=SOURCE.replace("/sub", "/main"),
            rtsp_sub_url=SOURCE,
            managing_unit_id=unit,
            operating_unit_id=unit,
            tier="tier_3",
            category="security",
            territory_id=ctx.territory(situation),
            mounting_layer="5_10m",
            created_at=now,
            updated_at=now,
        )
        s.add(camera)
        s.flush()
        return camera.id


def _grant_of(ctx: Ctx, actor: str, situation: str) -> str:
    """A grant held by the actor's matrix session, issued past the route (so that callers
    without the right hold one too, and renewal alone is what is checked)."""
    token = ctx.tokens[actor]
    with transaction(ctx.live.hub.sessions) as s:
        session_id = s.scalar(
            select(AuthSession.id).where(AuthSession.token_hash == token_digest(token))
        )
    owner = GrantOwner(user_id=ctx.province.user_ids[actor], session_id=session_id)
    camera_id = _camera(ctx, situation)
    grant = _relay(ctx).grants.issue(
        owner, camera_id, StreamKind.SUB, f"cam{camera_id}/sub", SOURCE
    )
    return grant.grant_id


def _ask(ctx: Ctx, actor: str, situation: str) -> Case:
    _relay(ctx)
    return Case(f"/api/cameras/{_camera(ctx, situation)}/grants", {"stream": "sub"})


RULES: dict[tuple[str, str], Rule] = {
    ("POST", "/api/cameras/{camera_id}/grants"): Rule(
        Permission.IMAGE_LIVE, _ask, scoped=True, approval_extends=True
    ),
    ("POST", "/api/grants/{grant_id}/renew"): Rule(
        Permission.IMAGE_LIVE,
        lambda ctx, actor, sit: Case(f"/api/grants/{_grant_of(ctx, actor, sit)}/renew"),
        scoped=True,
        approval_extends=True,
    ),
    # The owner may always let go of a grant: no right needed, only the session.
    ("DELETE", "/api/grants/{grant_id}"): Rule(
        "session",
        lambda ctx, actor, sit: Case(f"/api/grants/{_grant_of(ctx, actor, sit)}"),
    ),
}
