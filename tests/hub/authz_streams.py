# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of the stream grant routes (gathered by test_authz_matrix.py).

The matrix runs without GStreamer: its hub holds a relay service over a stand-in relay
(:class:`PaperRelay`, it opens no output), so right and scope are the real checks and an
allowed caller gets a real grant (201) of a simulator camera rather than 503.
"""

from __future__ import annotations

from sqlalchemy import select

from hub.auth.models import AuthSession
from hub.auth.sessions import token_digest
from hub.catalog.contracts import StreamKind
from hub.contracts import Permission
from hub.db import transaction
from hub.media import RelayOutput
from hub.streams.grants import GrantOwner
from hub.streams.service import NAME, RelayService
from hub.testing import LiveHub
from tests.hub.authz import SESSION, Case, Ctx, Rule, image_rule

SOURCE = "rtsp://127.0.0.1:9/matrix/sub"  # never pulled: the stand-in relay opens nothing


class PaperRelay:
    """Hands out outputs without serving anything (authorization checks only)."""

    def __init__(self) -> None:
        self.count = 0

    def open_output(
        self,
        source_key: str,
        source_url: str,
        token: str,
        *,
        start: float | None = None,
        rate: float = 1.0,
    ) -> RelayOutput:
        self.count += 1
        url = f"http://127.0.0.1:50000/media/out{self.count}"
        return RelayOutput(f"out{self.count}", source_key, "127.0.0.1", 50000, url)

    def close_output(self, output_id: str) -> bool:
        return True


def install_paper_relay(live: LiveHub) -> RelayService:
    """Put a relay service over a :class:`PaperRelay` into a hub run without the relay."""
    service = RelayService(live.hub, relay=PaperRelay())
    live.hub.services[NAME] = service
    return service


def _relay(ctx: Ctx) -> RelayService:
    service = ctx.live.hub.services.get(NAME)
    assert isinstance(service, RelayService), "the matrix hub runs a PaperRelay"
    return service


def _grant_of(ctx: Ctx, actor: str, situation: str) -> str:
    """A grant held by the actor's matrix session, issued past the route (so that callers
    without the right hold one too, and renewal alone is what is checked)."""
    token = ctx.tokens[actor]
    with transaction(ctx.live.hub.sessions) as s:
        session_id = s.scalar(
            select(AuthSession.id).where(AuthSession.token_hash == token_digest(token))
        )
    owner = GrantOwner(user_id=ctx.province.user_ids[actor], session_id=session_id)
    camera_id = ctx.camera(situation)
    grant = _relay(ctx).grants.issue(
        owner, camera_id, StreamKind.SUB, f"cam{camera_id}/sub", SOURCE
    )
    return grant.grant_id


def _ask(ctx: Ctx, actor: str, situation: str) -> Case:
    return Case(f"/api/cameras/{ctx.camera(situation)}/grants", {"stream": "sub"})


RULES: dict[tuple[str, str], Rule] = {
    ("POST", "/api/cameras/{camera_id}/grants"): image_rule(Permission.IMAGE_LIVE, _ask),
    # Renewal applies the grant's rules again (a unit registered on the camera included).
    ("POST", "/api/grants/{grant_id}/renew"): image_rule(
        Permission.IMAGE_LIVE,
        lambda ctx, actor, sit: Case(f"/api/grants/{_grant_of(ctx, actor, sit)}/renew"),
    ),
    # The owner may always let go of a grant: no right needed, only the session.
    ("DELETE", "/api/grants/{grant_id}"): image_rule(
        SESSION,
        lambda ctx, actor, sit: Case(f"/api/grants/{_grant_of(ctx, actor, sit)}"),
        scoped=False,
    ),
}
