# SPDX-License-Identifier: GPL-3.0-or-later
"""Recording day swaps (admin API, audited, recomputing open deadlines), the deadline
endpoint and ``vwall-hub deadline``, the jurisdiction set at ``init`` — SQLite and
PostgreSQL (the ``db_url`` fixture)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.catalog.contracts import DeadlineKind
from hub.catalog.deadlines import open_deadline
from hub.catalog.models import Camera, CatalogueDeadline
from hub.cli import main
from hub.contracts import Role
from hub.db import transaction
from hub.profiles.store import CalendarDayRow, set_jurisdiction
from hub.testing import LiveHub, Province, add_user, login, seed_province

# Tue 10 Mar 2026, an ordinary working day the tests declare a day off.
DAY = "2026-03-10"
BODY: dict[str, Any] = {
    "day": DAY,
    "kind": "day_off",
    "decision": {"number": "123/TB-BNV", "issued_on": "2026-03-01", "issuer": "Bộ Nội vụ"},
    "note": "test",
}


def _camera_with_deadline(live: LiveHub, p: Province) -> int:
    """A camera onboarded now (Mon 2 Mar 2026 08:00 local) with its open TN 8.1
    installation deadline: 15 working days → end of Mon 23 Mar."""
    now = live.clock.now()
    with transaction(live.hub.sessions) as s:
        camera = Camera(
            code="cal-1",
            name="Ngã tư Phan Đình Phùng",
            onvif_url="http://127.0.0.1:9/onvif/device_service",
            managing_unit_id=p.units["communeA1"],
            operating_unit_id=p.units["communeA1"],
            tier="tier_3",
            category="security",
            territory_id=p.territories["A1"],
            mounting_layer="5_10m",
            created_at=now,
            updated_at=now,
        )
        s.add(camera)
        s.flush()
        row = open_deadline(live.hub, s, camera, DeadlineKind.INSTALLATION)
        assert row is not None
        return row.id


def _due(live: LiveHub, deadline_id: int) -> datetime:
    with live.hub.sessions() as s:
        row = s.get(CatalogueDeadline, deadline_id)
        assert row is not None
        return row.due_at.replace(tzinfo=UTC) if row.due_at.tzinfo is None else row.due_at


def _records(live: LiveHub, action: str) -> list[AuditRecord]:
    with live.hub.sessions() as s:
        return list(
            s.scalars(
                select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.seq)
            )
        )


@pytest.fixture
def live(start_hub: Callable[..., LiveHub]) -> LiveHub:
    return start_hub(profile="TN")


@pytest.fixture
def province(live: LiveHub) -> Province:
    p = seed_province(live.hub)
    add_user(live.hub, p, "root", "ioc", [Role.ADMIN])
    add_user(live.hub, p, "olga", "districtA", [Role.OPERATOR])
    return p


def test_shipped_2026_swap_is_in_every_hub(live: LiveHub, province: Province) -> None:
    with live.client(login(live, province, "olga")) as http:
        days = http.get("/api/calendar/days", params={"year": 2026}).json()
        assert [(d["day"]["day"], d["day"]["kind"], d["shipped"]) for d in days] == [
            ("2026-01-02", "day_off", True),
            ("2026-01-10", "working_day", True),
        ]
        assert days[0]["day"]["decision"]["number"] is None  # not known: not invented
        assert http.get("/api/calendar/days", params={"year": 2025}).json() == []
        # The example of the issue: 3 working days from Fri 9 Jan 2026 16:00.
        r = http.get(
            "/api/deadline",
            params={"from": "2026-01-09T16:00:00+07:00", "amount": 3, "unit": "working_days"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["due_at"] == "2026-01-14T00:00:00+07:00"
        assert r.json()["profile"] == "TN"


def test_deadline_endpoint_checks_its_input(live: LiveHub, province: Province) -> None:
    with live.client(login(live, province, "olga")) as http:
        ok = {"from": "2026-03-09T16:00:00+07:00", "amount": 24, "unit": "working_hours"}
        assert http.get("/api/deadline", params=ok).json()["due_at"] == (
            "2026-03-12T16:00:00+07:00"
        )
        hcm = http.get("/api/deadline", params={**ok, "profile": "hcm"}).json()
        assert hcm["profile"] == "HCM"
        for bad in (
            {**ok, "from": "2026-03-09T16:00:00"},  # no offset
            {**ok, "amount": 0},
            {**ok, "unit": "weeks"},
            {**ok, "profile": "XX"},
        ):
            r = http.get("/api/deadline", params=bad)
            assert r.status_code == 422, (bad, r.text)
    with live.client() as http:
        assert http.get("/api/deadline", params=ok).status_code == 401


def test_non_admins_are_refused_and_audited(live: LiveHub, province: Province) -> None:
    with live.client(login(live, province, "olga")) as http:
        r = http.post("/api/calendar/days", json=BODY)
        assert (r.status_code, r.json()["code"]) == (403, "forbidden")
        assert http.delete("/api/calendar/days/2026-01-02").status_code == 403
    denied = _records(live, "authz.denied")
    assert any(rec.actor == "olga" and rec.reason == "missing org.manage" for rec in denied), [
        (r.actor, r.reason) for r in denied
    ]
    with live.hub.sessions() as s:
        assert (
            s.scalars(select(CalendarDayRow).where(CalendarDayRow.shipped.is_(False))).all() == []
        )


def test_admin_change_is_audited_and_moves_open_deadlines(
    live: LiveHub, province: Province
) -> None:
    deadline_id = _camera_with_deadline(live, province)
    assert _due(live, deadline_id) == datetime(2026, 3, 23, 17, 0, tzinfo=UTC)  # 24:00 Mon 23
    with live.client(login(live, province, "root")) as http:
        r = http.post("/api/calendar/days", json=BODY)
        assert r.status_code == 200, r.text
        change = r.json()
        assert change["before"] is None and change["after"]["kind"] == "day_off"
        # A day off inside the period: the deadline moves one working day, to Tue 24 Mar.
        assert change["recomputed"] == [
            {
                "kind": "catalogue",
                "id": deadline_id,
                "before": "2026-03-23T17:00:00Z",
                "after": "2026-03-24T17:00:00Z",
            }
        ]
        assert _due(live, deadline_id) == datetime(2026, 3, 24, 17, 0, tzinfo=UTC)
        listed = http.get("/api/catalogue/deadlines").json()
        assert [d["due_at"] for d in listed] == ["2026-03-24T17:00:00Z"]
        # Every deadline counts with it, the calculator too.
        r = http.get(
            "/api/deadline",
            params={"from": "2026-03-09T10:00:00+07:00", "amount": 1, "unit": "working_days"},
        )
        assert r.json()["due_at"] == "2026-03-12T00:00:00+07:00"  # Tue 10 off → Wed 11

        # Replacing the record keeps before and after.
        again = http.post("/api/calendar/days", json={**BODY, "kind": "working_day"}).json()
        assert again["before"]["kind"] == "day_off" and again["after"]["kind"] == "working_day"
        assert again["recomputed"][0]["after"] == "2026-03-23T17:00:00Z"

        removed = http.delete(f"/api/calendar/days/{DAY}")
        assert removed.status_code == 200, removed.text
        assert removed.json()["after"] is None and removed.json()["recomputed"] == []
        missing = http.delete(f"/api/calendar/days/{DAY}")
        assert (missing.status_code, missing.json()["code"]) == (404, "calendar.day_not_found")
        # A shipped decision can be corrected too: removing Sat 10 Jan 2026 makes it off.
        assert http.delete("/api/calendar/days/2026-01-10").status_code == 200

    sets = _records(live, "calendar.day_set")
    assert [r.actor for r in sets] == ["root", "root"]
    assert sets[0].object_type == "calendar_day" and sets[0].object_id == DAY
    assert sets[0].detail is not None
    first = json.loads(sets[0].detail)
    assert first["before"] is None
    assert first["after"]["decision"] == {
        "number": "123/TB-BNV",
        "issued_on": "2026-03-01",
        "issuer": "Bộ Nội vụ",
    }
    assert first["recomputed_count"] == 1 and first["recomputed"][0]["id"] == deadline_id
    removals = _records(live, "calendar.day_removed")
    assert [r.object_id for r in removals] == [DAY, "2026-01-10"]
    refused = _records(live, "request.refused")
    assert any(r.reason == "calendar.day_not_found" for r in refused)


def test_closed_deadlines_stay_as_they_were(live: LiveHub, province: Province) -> None:
    deadline_id = _camera_with_deadline(live, province)
    with transaction(live.hub.sessions) as s:
        row = s.get(CatalogueDeadline, deadline_id)
        assert row is not None
        row.closed_at = live.clock.now()
    with live.client(login(live, province, "root")) as http:
        assert http.post("/api/calendar/days", json=BODY).json()["recomputed"] == []
    assert _due(live, deadline_id) == datetime(2026, 3, 23, 17, 0, tzinfo=UTC)


def test_profile_shows_the_jurisdiction(live: LiveHub, province: Province) -> None:
    with transaction(live.hub.sessions) as s:
        set_jurisdiction(s, "Tỉnh Thái Nguyên", live.clock.now())
    with live.client(login(live, province, "olga")) as http:
        body = http.get("/api/profile").json()
    assert body["jurisdiction"] == "Tỉnh Thái Nguyên"
    assert body["profile"]["regulation"] == "Quyết định số …/2026/QĐ-UBND, chưa có số"


# --- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "out"),
    [
        (["--amount", "3", "--unit", "working_days"], "2026-01-14T00:00:00+07:00"),
        (["--amount", "24", "--unit", "working_hours"], "2026-01-13T16:00:00+07:00"),
        (["--amount", "24", "--unit", "hours"], "2026-01-10T16:00:00+07:00"),
        (["--amount", "3", "--unit", "days"], "2026-01-13T00:00:00+07:00"),
        (["--amount", "1", "--unit", "months"], "2026-02-10T00:00:00+07:00"),
    ],
)
def test_cli_prints_the_due_instant(
    args: list[str], out: str, capsys: pytest.CaptureFixture[str]
) -> None:
    start = ["deadline", "--profile", "TN", "--from", "2026-01-09T16:00:00+07:00"]
    assert main([*start, *args]) == 0
    assert capsys.readouterr().out == out + "\n"


def test_cli_takes_any_offset_and_answers_in_plus_seven(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["--from", "2026-01-09T09:00:00Z", "--amount", "1", "--unit", "hours"]
    assert main(["deadline", *args]) == 0
    assert capsys.readouterr().out == "2026-01-09T17:00:00+07:00\n"


@pytest.mark.parametrize(
    "bad",
    [
        ["--from", "2026-01-09T16:00:00", "--amount", "3", "--unit", "days"],  # naive
        ["--from", "9/1/2026", "--amount", "3", "--unit", "days"],
        ["--from", "2026-01-09T16:00:00+07:00", "--amount", "0", "--unit", "days"],
        ["--from", "2026-01-09T16:00:00+07:00", "--amount", "3", "--unit", "weeks"],
    ],
)
def test_cli_refuses_bad_input(bad: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["deadline", *bad])
    assert exc.value.code == 2


def test_cli_unknown_profile(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--from", "2026-01-09T16:00:00+07:00", "--amount", "3", "--unit", "days"]
    assert main(["deadline", "--profile", "XX", *args]) == 2
    assert "unknown regulation profile" in capsys.readouterr().err


def test_cli_counts_the_hubs_recorded_days_and_init_keeps_the_jurisdiction(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", db_url, "--data-dir", str(tmp_path / "d")]
    init = ["init", "--province", "Yên Bái", "--leader", "A", "--it-focal-point", "B"]
    assert main([*base, "--profile", "YB", *init, "--jurisdiction", "Tỉnh Lào Cai"]) == 0
    out = capsys.readouterr().out
    assert "regulation profile: YB — Quyết định 2448/QĐ-UBND" in out
    assert "tỉnh Lào Cai (từ 01/7/2025)" in out
    assert "jurisdiction served: Tỉnh Lào Cai" in out
    from hub.db import make_engine, make_sessionmaker
    from hub.profiles.store import jurisdiction_of

    engine = make_engine(db_url)
    try:
        with transaction(make_sessionmaker(engine)) as s:
            assert jurisdiction_of(s) == "Tỉnh Lào Cai"
            # An administrator's day off on Mon 12 Jan 2026.
            s.add(
                CalendarDayRow(
                    day=datetime(2026, 1, 12).date(),
                    kind="day_off",
                    decision_number=None,
                    decision_date=None,
                    decision_issuer="UBND tỉnh",
                    note="",
                    shipped=False,
                    recorded_by=None,
                    recorded_at=datetime.now(UTC),
                )
            )
    finally:
        engine.dispose()
    args = ["--from", "2026-01-09T16:00:00+07:00", "--amount", "3", "--unit", "working_days"]
    assert main([*base, "deadline", *args]) == 0
    assert capsys.readouterr().out == "2026-01-15T00:00:00+07:00\n"  # Sat 10, Tue 13, Wed 14
    assert main(["deadline", *args]) == 0  # no --db: the shipped days only
    assert capsys.readouterr().out == "2026-01-14T00:00:00+07:00\n"
