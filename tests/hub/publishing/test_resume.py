# SPDX-License-Identifier: GPL-3.0-or-later
"""A render cut off (the hub stopped or crashed mid-render) is rendered again from the
recorded tracks once its lease runs out — by exactly one of two hub processes over the
same database — and given up, recorded, after three starts; a render whose renderer still
holds its lease is left alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hub.db import transaction
from hub.publishing.models import Publication
from hub.publishing.upkeep import PublishingUpkeep
from hub.testing import LiveHub, wait_until
from tests.hub.cases.common import audit_actions, details
from tests.hub.publishing.common import PublishWorld

BOX = {"t": 0.0, "x": 0.2, "y": 0.2, "w": 0.3, "h": 0.3}


def _published(pw: PublishWorld) -> tuple[int, dict[str, Any]]:
    case = pw.case()
    medium = pw.medium(case, "snapshot")
    body = {
        "medium_id": medium["id"],
        "channel": "city_app",
        "tracks": [{"id": "m1", "kind": "manual", "keyframes": [BOX]}],
    }
    with pw.http("ioc_sup") as http:
        r = http.post(f"/api/cases/{case['id']}/publications", json=body, timeout=300)
    assert r.status_code == 201 and r.json()["status"] == "ready", r.text
    return int(case["id"]), r.json()


def _cut_off(live: LiveHub, publication_id: int, attempts: int, lease: timedelta) -> None:
    """What a renderer that stopped mid-render leaves: ``building``, its lease, starts."""
    with transaction(live.hub.sessions) as s:
        row = s.get(Publication, publication_id)
        assert row is not None
        row.status = "building"
        row.sha256 = None
        row.lease_until = live.hub.clock.now() + lease
        row.attempts = attempts


def _round(live: LiveHub) -> PublishingUpkeep:
    """Run one more upkeep round on ``live`` and wait for it."""
    upkeep = live.hub.services["publishing"]
    assert isinstance(upkeep, PublishingUpkeep)
    done = upkeep.rounds
    upkeep.wake()
    wait_until(lambda: upkeep.rounds > done, 600, "a publishing upkeep round")
    return upkeep


def _status(live: LiveHub, publication_id: int) -> tuple[str, int, object, str | None]:
    with transaction(live.hub.sessions) as s:
        row = s.get(Publication, publication_id)
        assert row is not None
        return row.status, row.attempts, row.lease_until, row.sha256


def test_a_cut_off_render_is_resumed_once_by_one_of_two_hubs(pub_world: PublishWorld) -> None:
    pw = pub_world
    live = pw.w.live
    cid, out = _published(pw)
    pid = int(out["id"])
    assert _status(live, pid) == ("ready", 1, None, out["sha256"])

    # Its renderer still holds the lease: nobody else touches it.
    _cut_off(live, pid, attempts=1, lease=timedelta(seconds=40))
    _round(live)
    assert _status(live, pid)[:2] == ("building", 1)

    # The lease ran out (the renderer is gone). A second hub process over the same
    # database and files runs its own upkeep: one of the two renders it, once.
    _cut_off(live, pid, attempts=1, lease=timedelta(seconds=-1))
    other = LiveHub(live.hub.settings, live.clock).start()
    try:
        first = _round(other)
        second = _round(live)
        wait_until(lambda: _status(live, pid)[0] != "building", 600, "the render again")
        assert sorted(first.resumed + second.resumed) == [pid]
    finally:
        other.stop()
    # The same tracks on the same original: the same copy.
    assert _status(live, pid) == ("ready", 2, None, out["sha256"])
    builds = [d for d in details(pw.w, "publishing.build") if d["publication_id"] == pid]
    assert [b["attempt"] for b in builds] == [1, 2]
    with pw.http("ioc_sup") as http:
        got = http.get(f"/api/cases/{cid}/publications/{pid}/file")
    assert got.status_code == 200 and got.headers["x-content-sha256"] == out["sha256"]


def test_a_render_cut_off_three_times_is_recorded_failed(pub_world: PublishWorld) -> None:
    pw = pub_world
    live = pw.w.live
    cid, out = _published(pw)
    pid = int(out["id"])
    _cut_off(live, pid, attempts=3, lease=timedelta(seconds=-1))
    _round(live)
    status, attempts, lease, _ = _status(live, pid)
    assert (status, attempts, lease) == ("failed", 4, None)
    assert ("publishing.build", "failed", "publishing.render_interrupted") in audit_actions(
        pw.w, "publishing.build"
    )
    with pw.http("ioc_sup") as http:
        r = http.get(f"/api/cases/{cid}/publications/{pid}/file")
    assert (r.status_code, r.json()["code"]) == (409, "publishing.not_ready")
