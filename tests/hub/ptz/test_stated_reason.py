# SPDX-License-Identifier: GPL-3.0-or-later
"""TN 6.2 on PTZ and archive requests: a central operator opening a dedicated system states
a reason in the query (PTZ commands have no body); without one the hub refuses, with one
it acts and the audit trail keeps the reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.catalog.models import Camera
from hub.contracts import Role
from hub.testing import add_user, login
from tests.hub.ptz.conftest import Site

REASON = {"reason": "technical_fault_handling", "reason_note": "Phiếu sự cố 17/IOC"}


def _records(site: Site, camera_id: int, action: str) -> list[AuditRecord]:
    with site.live.hub.sessions() as s:
        return list(
            s.scalars(
                select(AuditRecord).where(
                    AuditRecord.object_id == str(camera_id), AuditRecord.action == action
                )
            )
        )


def test_a_central_operator_states_the_reason_on_ptz_and_archive_requests(site: Site) -> None:
    _sim, camera_id = site.dome()
    with site.live.hub.sessions() as s, s.begin():
        camera = s.get(Camera, camera_id)
        assert camera is not None
        camera.dedicated = True  # e.g. the police's own system (TN 6.2)
        camera.has_recording = True  # the simulator's domes record (ONVIF recording search)
    add_user(site.live.hub, site.province, "iocsup", "ioc", [Role.SUPERVISOR])
    site.tokens["iocsup"] = login(site.live, site.province, "iocsup")
    since = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    until = datetime.now(UTC).isoformat()
    with site.http("iocsup") as http:
        refused = http.get(f"/api/cameras/{camera_id}/ptz/status")
        assert (refused.status_code, refused.json()["code"]) == (403, "scope.reason_required")
        refused = http.get(
            f"/api/cameras/{camera_id}/recordings", params={"start": since, "end": until}
        )
        assert (refused.status_code, refused.json()["code"]) == (403, "scope.reason_required")

        status = http.get(f"/api/cameras/{camera_id}/ptz/status", params=REASON)
        assert status.status_code == 200, status.text
        home = http.post(f"/api/cameras/{camera_id}/ptz/home", params=REASON)
        assert home.status_code == 200, home.text
        found = http.get(
            f"/api/cameras/{camera_id}/recordings",
            params={"start": since, "end": until, **REASON},
        )
        assert found.status_code == 200, found.text
        bad = http.get(f"/api/cameras/{camera_id}/ptz/status", params={"reason": "curiosity"})
        assert bad.status_code == 422
    ptz_uses = _records(site, camera_id, "access.image.ptz")
    archive_uses = _records(site, camera_id, "access.image.archive")
    assert ptz_uses and all(r.reason == "technical_fault_handling" for r in ptz_uses)
    assert archive_uses and all(r.reason == "technical_fault_handling" for r in archive_uses)
    assert any("Phiếu sự cố 17/IOC" in (r.detail or "") for r in ptz_uses + archive_uses)
    # The reason belongs to its request only: the next one without it is refused again.
    with site.http("iocsup") as http:
        again = http.get(f"/api/cameras/{camera_id}/ptz/status")
        assert (again.status_code, again.json()["code"]) == (403, "scope.reason_required")
