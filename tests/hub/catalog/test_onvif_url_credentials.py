# SPDX-License-Identifier: GPL-3.0-or-later
"""Credentials written into an ONVIF URL are sealed, never stored in the URL (issue 9,
item 12): at onboarding through the API, and for rows an older hub stored (migration)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from sqlalchemy import select, text

from camsim.process import FleetProcess
from hub.audit.models import AuditRecord
from hub.catalog.models import Camera
from hub.db import stamp, transaction, upgrade
from hub.testing import LiveHub
from tests.hub.catalog.common import Catalogue, onboard_body


def with_userinfo(url: str, username: str, password: str) -> str:
    parts = urlsplit(url)
    netloc = f"{quote(username, safe='')}:{quote(password, safe='')}@{parts.netloc}"
    return parts._replace(netloc=netloc).geturl()


def stored_row(live: LiveHub, camera_id: int) -> dict[str, Any]:
    """The camera's row as the database holds it (every column as text)."""
    with live.hub.engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM cameras WHERE id = :id"), {"id": camera_id})
        return {k: str(v) for k, v in row.mappings().one().items()}


def all_audit_text(live: LiveHub) -> str:
    with live.hub.sessions() as s:
        rows = s.execute(select(AuditRecord.object_id, AuditRecord.reason, AuditRecord.detail))
        return " ".join(str(cell) for row in rows for cell in row)


def test_credentials_in_the_onvif_url_are_sealed_not_stored(
    catalogue: Catalogue, camsim_fleet: FleetProcess
) -> None:
    entry = camsim_fleet.cameras[0]
    password = entry["password"]
    body = onboard_body(catalogue, entry)
    del body["username"], body["password"]  # only in the URL, as an installer wrote it
    body["onvif_url"] = with_userinfo(entry["onvif"]["url"], entry["username"], password)
    with catalogue.http("admin_a") as http:
        r = http.post("/api/cameras/onboard", json=body)
        assert r.status_code == 201, r.text
        camera_id = r.json()["id"]
        # The sealed credentials are the URL's: the device answers the hub's check.
        checked = http.post(f"/api/cameras/{camera_id}/check")
        assert checked.status_code == 200 and checked.json()["status"] == "online"
    row = stored_row(catalogue.live, camera_id)
    assert row["onvif_url"] == entry["onvif"]["url"]  # without user:password@
    for column, value in row.items():
        assert password not in value, f"password in plain text in cameras.{column}"
    assert password not in all_audit_text(catalogue.live)
    with transaction(catalogue.live.hub.sessions) as s:
        camera = s.get(Camera, camera_id)
        assert camera is not None and camera.credentials == (entry["username"], password)


def test_other_credentials_in_the_url_than_in_the_request_are_refused(
    catalogue: Catalogue, camsim_fleet: FleetProcess
) -> None:
    entry = camsim_fleet.cameras[1]
    url = with_userinfo(entry["onvif"]["url"], "admin", "not-the-password")
    with catalogue.http("admin_a") as http:
        r = http.post("/api/cameras/onboard", json=onboard_body(catalogue, entry, onvif_url=url))
    assert (r.status_code, r.json()["code"]) == (422, "camera.conflicting_credentials")
    with catalogue.live.hub.sessions() as s:
        refused = s.scalars(
            select(AuditRecord).where(
                AuditRecord.action == "camera.onboard", AuditRecord.outcome == "denied"
            )
        ).all()
        assert [r.reason for r in refused] == ["camera.conflicting_credentials"]
        assert s.scalar(select(Camera.id)) is None


def current_revision(live: LiveHub) -> str:
    with live.hub.engine.connect() as conn:
        return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def test_upgrade_moves_credentials_of_stored_urls_into_the_sealed_store(
    catalogue: Catalogue, camsim_fleet: FleetProcess
) -> None:
    """Rows an older hub wrote with ``user:password@`` in the URL (and without sealed
    credentials) are cleaned by migration 0009 with the hub's key."""
    live = catalogue.live
    entry = camsim_fleet.cameras[2]
    with catalogue.http("admin_a") as http:
        r = http.post("/api/cameras/onboard", json=onboard_body(catalogue, entry))
        assert r.status_code == 201, r.text
        camera_id = r.json()["id"]
    legacy = with_userinfo(entry["onvif"]["url"], entry["username"], entry["password"])
    rtsp = with_userinfo("rtsp://127.0.0.1:1/sub", entry["username"], entry["password"])
    with live.hub.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE cameras SET onvif_url = :u, rtsp_sub_url = :r,"
                " credentials_sealed = NULL WHERE id = :id"
            ),
            {"u": legacy, "r": rtsp, "id": camera_id},
        )
    with transaction(live.hub.sessions) as s:
        box = s.info["secret_box"]
    # Replay migration 0009 alone over what the older hub wrote, then back to the newest.
    head = current_revision(live)
    stamp(live.hub.engine, "0008_login_failures")
    upgrade(live.hub.engine, box, "0009_onvif_url_credentials")
    stamp(live.hub.engine, head)
    row = stored_row(live, camera_id)
    assert row["onvif_url"] == entry["onvif"]["url"]
    assert row["rtsp_sub_url"] == "rtsp://127.0.0.1:1/sub"
    assert all(entry["password"] not in v for v in row.values())
    with transaction(live.hub.sessions) as s:
        camera = s.get(Camera, camera_id)
        assert camera is not None
        assert camera.credentials == (entry["username"], entry["password"])
