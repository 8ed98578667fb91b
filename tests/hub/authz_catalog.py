# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of the camera catalogue routes (see ``authz.py``).

The matrix runs without the simulator. Cameras are made directly in the database; their
devices are either nowhere (a closed loopback port: a health check answers "offline"
at once) or a stub that refuses every credential (a refresh answers 422
``camera.auth_failed``). Onboarding reuses a registered code, so an allowed caller gets
409 before any device is probed.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from hub.auth.sessions import open_session
from hub.catalog.models import Camera, CameraUsingUnit, CatalogueDeadline
from hub.contracts import Permission
from hub.db import transaction
from hub.org.models import User
from tests.hub.authz import SESSION, Case, Ctx, Rule, static

NOWHERE = "127.0.0.1:9"  # discard port: nothing listens on loopback, refused at once
_FAULT = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    b'xmlns:ter="http://www.onvif.org/ver10/error"><s:Body><s:Fault>'
    b"<s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>ter:NotAuthorized</s:Value>"
    b'</s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">Sender not authorized</s:Text>'
    b"</s:Reason></s:Fault></s:Body></s:Envelope>"
)


class _Refuser(BaseHTTPRequestHandler):
    """An ONVIF device that refuses every credential."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
        self.send_response(400)
        self.send_header("Content-Type", "application/soap+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(_FAULT)))
        self.end_headers()
        self.wfile.write(_FAULT)

    def log_message(self, format: str, *args: object) -> None:
        pass


_refuser: ThreadingHTTPServer | None = None


def _refusing_device() -> str:
    """host:port of the stub device (one per test process, a daemon thread)."""
    global _refuser
    if _refuser is None:
        _refuser = ThreadingHTTPServer(("127.0.0.1", 0), _Refuser)
        threading.Thread(target=_refuser.serve_forever, daemon=True).start()
    host, port = _refuser.server_address[:2]
    return f"{host!s}:{port}"


def _camera(ctx: Ctx, situation: str, device: str = NOWHERE, using: str | None = None) -> int:
    n = next(ctx.counter)
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        unit = ctx.unit(situation)
        camera = Camera(
            code=f"matrix-{n}",
            name=f"Matrix {n}",
            onvif_url=f"http://{device}/onvif/device_service",
            rtsp_main_url=f"rtsp://{NOWHERE}/main",
            rtsp_sub_url=f"rtsp://{NOWHERE}/sub",
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
        camera.credentials = ("admin", "device-password")
        if using:
            camera.using_units = [CameraUsingUnit(unit_id=ctx.province.units[using])]
        return camera.id


def _get_camera(ctx: Ctx, actor: str, situation: str) -> Case:
    # Any signed-in user may read a camera they see: out of scope, this one is visible
    # because the caller's unit (district A) uses it. Scope refusals: tests/hub/catalog.
    using = "districtA" if situation == "out_of_scope" else None
    return Case(f"/api/cameras/{_camera(ctx, situation, using=using)}")


def _onboard(ctx: Ctx, actor: str, situation: str) -> Case:
    existing = _camera(ctx, "in_scope")
    with transaction(ctx.live.hub.sessions) as s:
        camera = s.get(Camera, existing)
        assert camera is not None
        code = camera.code
    unit = ctx.unit(situation)
    return Case(
        "/api/cameras/onboard",
        {
            "onvif_url": f"http://{NOWHERE}/onvif/device_service",
            "username": "admin",
            "password": "pw",
            "code": code,  # already registered: 409 before any probe
            "managing_unit_id": unit,
            "operating_unit_id": unit,
            "tier": "tier_3",
            "category": "security",
            "territory_id": ctx.territory(situation),
            "mounting_layer": "5_10m",
        },
    )


def _check(ctx: Ctx, actor: str, situation: str) -> Case:
    case = Case(f"/api/cameras/{_camera(ctx, situation)}/check")
    if actor == "r_admin":
        # The route admits image.live OR camera.manage (the administrator's), which a
        # one-permission rule cannot state: the admin row is played by a role-less
        # colleague (403); the administrator's own check is in tests/hub/catalog.
        _, uid = ctx.fresh_user("districtA", [])
        with transaction(ctx.live.hub.sessions) as s:
            user = s.get(User, uid)
            assert user is not None
            case.token, _ = open_session(s, ctx.live.hub, user, None)
    return case


def _deadline(ctx: Ctx, actor: str, situation: str) -> Case:
    camera_id = _camera(ctx, situation)
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        row = CatalogueDeadline(camera_id=camera_id, kind="change", opened_at=now, due_at=now)
        s.add(row)
        s.flush()
        return Case(f"/api/catalogue/deadlines/{row.id}/close")


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/cameras"): Rule(SESSION, static("/api/cameras")),
    ("GET", "/api/cameras/{camera_id}"): Rule(SESSION, _get_camera),
    ("POST", "/api/cameras/onboard"): Rule(Permission.CAMERA_MANAGE, _onboard, scoped=True),
    ("PATCH", "/api/cameras/{camera_id}"): Rule(
        Permission.CAMERA_MANAGE,
        lambda ctx, actor, sit: Case(f"/api/cameras/{_camera(ctx, sit)}", {"name": "Đổi tên"}),
        scoped=True,
    ),
    ("POST", "/api/cameras/{camera_id}/refresh"): Rule(
        Permission.CAMERA_MANAGE,
        lambda ctx, actor, sit: Case(
            f"/api/cameras/{_camera(ctx, sit, device=_refusing_device())}/refresh"
        ),
        scoped=True,
    ),
    ("POST", "/api/cameras/{camera_id}/check"): Rule(
        Permission.IMAGE_LIVE, _check, scoped=True, approval_extends=True
    ),
    ("POST", "/api/cameras/discover"): Rule(
        Permission.CAMERA_MANAGE,
        static(
            "/api/cameras/discover", {"address": "127.0.0.1", "port": 9, "timeout_seconds": 0.2}
        ),
    ),
    ("GET", "/api/catalogue/deadlines"): Rule(
        Permission.CAMERA_MANAGE, static("/api/catalogue/deadlines?open=true&overdue=true")
    ),
    ("POST", "/api/catalogue/deadlines/{deadline_id}/close"): Rule(
        Permission.CAMERA_MANAGE, _deadline, scoped=True
    ),
}
