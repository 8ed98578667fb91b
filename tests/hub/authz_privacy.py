# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of the privacy mask routes (see ``authz.py``).

Masks are managed like the catalogue entry itself: ``privacy.manage`` and the camera in
the caller's own scope (no approval; a unit registered as using the camera does not
manage it). A delete case stores its own mask first, straight into the database.
"""

from __future__ import annotations

from hub.contracts import Permission
from hub.db import transaction
from hub.privacy.models import PrivacyMask
from tests.hub.authz import Builder, Case, Ctx, Rule

MANAGE = Permission.PRIVACY_MANAGE
SQUARE = [[0.1, 0.1], [0.3, 0.1], [0.3, 0.3], [0.1, 0.3]]


def _managed(build: Builder) -> Rule:
    return Rule(MANAGE, build, scoped=True, camera=True)


def _delete(ctx: Ctx, actor: str, situation: str) -> Case:
    camera_id = ctx.camera(situation)
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        row = PrivacyMask(
            camera_id=camera_id,
            position=0,
            vertices_json="[[0.1, 0.1], [0.3, 0.1], [0.3, 0.3]]",
            created_at=now,
            updated_at=now,
        )
        s.add(row)
        s.flush()
        return Case(f"/api/cameras/{camera_id}/privacy-masks/{row.id}")


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/cameras/{camera_id}/privacy-masks"): _managed(
        lambda ctx, actor, sit: Case(f"/api/cameras/{ctx.camera(sit)}/privacy-masks")
    ),
    ("PUT", "/api/cameras/{camera_id}/privacy-masks"): _managed(
        lambda ctx, actor, sit: Case(
            f"/api/cameras/{ctx.camera(sit)}/privacy-masks", {"masks": [{"vertices": SQUARE}]}
        )
    ),
    ("DELETE", "/api/cameras/{camera_id}/privacy-masks/{mask_id}"): _managed(_delete),
    ("GET", "/api/cameras/{camera_id}/privacy-masks/picture"): _managed(
        lambda ctx, actor, sit: Case(f"/api/cameras/{ctx.camera(sit)}/privacy-masks/picture")
    ),
}
