# SPDX-License-Identifier: GPL-3.0-or-later
"""Incident deadlines from the active profile, counted by the hub's one deadline
function with its recorded days: fault repair (HCM 16.2: 5 working days; DB 11.2: 24 h;
TN 15.1: 3 working days; DH, YB: per procedure), the 72-hour written notice of a
security incident or data leak (TN 11.5); overdue by the hub clock; a calendar change
counts the open ones again.

Tables: (opened, local +07:00) → due, across a weekend, Tết 2026 (Mon 16 – Fri 20 Feb)
and the 2026 New Year swap (Fri 2 Jan off, Sat 10 Jan worked). A period in days ends at
24:00 of its last day (00:00 of the next).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from hub.contracts import Role
from hub.db import transaction
from hub.incidents.service import deadlines_for
from hub.testing import LiveHub, add_user, login, seed_province

FAULT_TABLES: dict[str, list[tuple[str, str]]] = {
    "TN": [  # TN 15.1/15.2: 3 working days
        ("2026-03-06T10:00+07:00", "2026-03-12T00:00+07:00"),  # Fri → Mon, Tue, Wed
        ("2026-03-07T10:00+07:00", "2026-03-12T00:00+07:00"),  # Sat: counts from Mon
        ("2026-02-13T10:00+07:00", "2026-02-26T00:00+07:00"),  # Fri before Tết: 23, 24, 25
        ("2026-02-18T09:00+07:00", "2026-02-26T00:00+07:00"),  # during Tết
        ("2026-01-09T16:00+07:00", "2026-01-14T00:00+07:00"),  # Sat 10 Jan worked: 10, 12, 13
        ("2025-12-31T09:00+07:00", "2026-01-08T00:00+07:00"),  # 1, 2 Jan off: 5, 6, 7
    ],
    "HCM": [  # HCM 16.2: 5 working days
        ("2026-03-06T10:00+07:00", "2026-03-14T00:00+07:00"),  # Mon 9 … Fri 13
        ("2026-02-13T10:00+07:00", "2026-02-28T00:00+07:00"),  # 23 … 27 Feb
        ("2026-01-09T16:00+07:00", "2026-01-16T00:00+07:00"),  # 10, 12, 13, 14, 15
        ("2025-12-31T09:00+07:00", "2026-01-10T00:00+07:00"),  # 5 … 9 Jan
    ],
    "DB": [  # DB 11.2: 24 hours, clock hours (weekends and Tết do not stop it)
        ("2026-03-06T10:00+07:00", "2026-03-07T10:00+07:00"),
        ("2026-02-16T08:30+07:00", "2026-02-17T08:30+07:00"),
        ("2026-01-01T23:00+07:00", "2026-01-02T23:00+07:00"),
    ],
}
BASIS = {
    "TN": "TN 15.1: 3 ngày làm việc",
    "HCM": "HCM 16.2: 5 ngày làm việc",
    "DB": "DB 11.2: 24 giờ",
}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize("code", sorted(FAULT_TABLES))
def test_fault_deadline_tables(start_hub: Callable[..., LiveHub], code: str) -> None:
    live = start_hub(health_enabled=False, profile=code)
    with transaction(live.hub.sessions) as s:
        for opened, due in FAULT_TABLES[code]:
            got, basis, notice = deadlines_for(live.hub, s, "fault", at(opened))
            assert (got, basis, notice) == (at(due), BASIS[code], None), opened


@pytest.mark.parametrize("code", ["DH", "YB"])
def test_fault_deadline_per_procedure(start_hub: Callable[..., LiveHub], code: str) -> None:
    live = start_hub(health_enabled=False, profile=code)
    with transaction(live.hub.sessions) as s:
        due, basis, notice = deadlines_for(live.hub, s, "fault", at("2026-03-06T10:00+07:00"))
    assert due is None and notice is None
    assert basis == f"{code} 8: theo quy trình xử lý sự cố, không có thời hạn cố định"


def test_breach_notice_is_72_hours_in_tn(start_hub: Callable[..., LiveHub]) -> None:
    live = start_hub(health_enabled=False, profile="TN")
    with transaction(live.hub.sessions) as s:
        for category in ("security_incident", "data_leak"):
            due, basis, notice = deadlines_for(live.hub, s, category, at("2026-02-13T17:00+07:00"))
            assert due is None and notice == at("2026-02-16T17:00+07:00")  # clock hours, Tết too
            assert basis == "TN 11.5: thông báo bằng văn bản trong 72 giờ"
        assert deadlines_for(live.hub, s, "intrusion", at("2026-02-13T17:00+07:00")) == (
            None,
            None,
            None,
        )


def test_reported_fault_shows_its_deadline_goes_overdue_and_moves_with_the_calendar(
    start_hub: Callable[..., LiveHub],
) -> None:
    live = start_hub(
        health_enabled=False,
        profile="TN",
        session_idle_minutes=30 * 24 * 60,
        session_absolute_hours=30 * 24,
    )
    province = seed_province(live.hub)
    add_user(live.hub, province, "oper", "districtA", [Role.OPERATOR])
    add_user(live.hub, province, "admin", "ioc", [Role.ADMIN])
    op, adm = login(live, province, "oper"), login(live, province, "admin")
    # The test clock starts Mon 2 Mar 2026 08:00 +07:00 (plus the logins' TOTP steps).
    with live.client(op) as http:
        r = http.post("/api/incidents", json={"category": "fault", "title": "Camera mất hình"})
        assert r.status_code == 201
        inc = r.json()
    opened = at(inc["opened_at"])
    assert at(inc["due_at"]) == at("2026-03-06T00:00+07:00")  # Tue, Wed, Thu
    assert inc["due_basis"] == "TN 15.1: 3 ngày làm việc" and inc["overdue"] is False
    # An extra day off on Wed 4 Mar moves it a day; the change lists the incident.
    with live.client(adm) as http:
        r = http.post(
            "/api/calendar/days",
            json={
                "day": "2026-03-04",
                "kind": "day_off",
                "decision": {"number": "12/QĐ-UBND", "issued_on": "2026-03-01", "issuer": "UBND"},
            },
        )
        assert r.status_code == 200, r.text
        moved = [m for m in r.json()["recomputed"] if m["kind"] == "incident"]
        assert [(m["id"], at(m["after"])) for m in moved] == [
            (inc["id"], at("2026-03-07T00:00+07:00"))
        ]
    live.clock.advance(days=5)
    with live.client(op) as http:
        now = http.get(f"/api/incidents/{inc['id']}").json()
        assert at(now["due_at"]) == at("2026-03-07T00:00+07:00") and now["overdue"] is True
        assert [i["id"] for i in http.get("/api/incidents", params={"overdue": "true"}).json()] == [
            inc["id"]
        ]
        assert http.get("/api/incidents", params={"overdue": "false"}).json() == []
    assert opened < at("2026-03-03T00:00+07:00")
