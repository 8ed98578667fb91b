# SPDX-License-Identifier: GPL-3.0-or-later
"""Catalogue deadlines from the active regulation profile; overdue listing; closing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from camsim.process import FleetProcess
from hub.audit.models import AuditRecord
from hub.catalog.testing import register_fleet
from hub.db import transaction
from hub.testing import LiveHub
from tests.hub.catalog.common import make_catalogue, quiet


@pytest.mark.parametrize(
    ("profile", "due"),
    [
        ("TN", "2026-03-23T17:00:00Z"),  # TN 8.1: 15 working days
        ("HCM", "2026-03-16T17:00:00Z"),  # HCM 9.1: 10 working days
        ("DB", "2026-03-09T17:00:00Z"),  # DB 7.5: 5 days, ending on a Saturday: Monday
        ("DH", None),  # no catalogue deadline
    ],
)
def test_deadline_follows_the_profile(
    start_hub: Callable[..., LiveHub], camsim_fleet: FleetProcess, profile: str, due: str | None
) -> None:
    cat = make_catalogue(start_hub(**quiet(profile=profile)))
    # Onboarded on Monday 2 March 2026, 08:0x in Hanoi (the test clock).
    ids = register_fleet(cat.live, cat.province, camsim_fleet.cameras[:1], probe=False)
    with cat.http("admin_a") as http:
        deadlines = http.get("/api/catalogue/deadlines").json()
    if due is None:
        assert deadlines == []
        return
    assert len(deadlines) == 1
    (d,) = deadlines
    assert (d["camera_id"], d["kind"], d["due_at"]) == (ids["cam01"], "installation", due)
    assert d["overdue"] is False and d["closed_at"] is None


def test_overdue_deadlines_are_listed_and_closed(
    start_hub: Callable[..., LiveHub], camsim_fleet: FleetProcess
) -> None:
    # Sessions that outlast the month the clock jumps.
    live = start_hub(**quiet(session_idle_minutes=60 * 24 * 60, session_absolute_hours=24 * 60))
    cat = make_catalogue(live)
    ids = register_fleet(cat.live, cat.province, camsim_fleet.cameras[:2], probe=False)
    with cat.http("admin_a") as http:
        first = ids["cam01"]
        assert http.patch(f"/api/cameras/{first}", json={"name": "Cầu Gia Bảy"}).status_code == 200
        assert len(http.get("/api/catalogue/deadlines", params={"open": "true"}).json()) == 3
        assert http.get("/api/catalogue/deadlines", params={"overdue": "true"}).json() == []

        cat.live.clock.advance(days=30)  # past 15 working days
        overdue = http.get("/api/catalogue/deadlines", params={"overdue": "true"}).json()
        assert len(overdue) == 3 and all(d["overdue"] for d in overdue)

        change = next(d for d in overdue if d["kind"] == "change")
        with cat.http("admin_b") as other:  # not their district
            refused = other.post(f"/api/catalogue/deadlines/{change['id']}/close")
            assert (refused.status_code, refused.json()["code"]) == (403, "scope.out_of_scope")
            assert other.get("/api/catalogue/deadlines").json() == []
        closed = http.post(f"/api/catalogue/deadlines/{change['id']}/close")
        assert closed.status_code == 200, closed.text
        assert closed.json()["closed_by"] == cat.province.user_ids["admin_a"]
        assert closed.json()["overdue"] is False
        again = http.post(f"/api/catalogue/deadlines/{change['id']}/close")
        assert (again.status_code, again.json().get("code")) == (409, "deadline.closed")
        assert http.post("/api/catalogue/deadlines/99999/close").status_code == 404

        still = http.get("/api/catalogue/deadlines", params={"overdue": "true"}).json()
        assert {d["kind"] for d in still} == {"installation"} and len(still) == 2
        everything = http.get("/api/catalogue/deadlines").json()
        assert len(everything) == 3
    with cat.http("op_a") as op:
        assert op.get("/api/catalogue/deadlines").status_code == 403
    with transaction(cat.live.hub.sessions) as s:
        record = s.scalars(
            select(AuditRecord).where(AuditRecord.action == "catalogue.deadline_close")
        ).one()
        assert record.object_id == str(change["id"])
        assert '"late":true' in (record.detail or "")
