# SPDX-License-Identifier: GPL-3.0-or-later
"""A package build cut off (the hub stopped or crashed mid-build) is built again once its
lease runs out — by exactly one of two hub processes over the same database — and given up,
recorded, after three starts; a build whose builder still holds its lease is left alone."""

from __future__ import annotations

from datetime import timedelta

from hub.db import transaction
from hub.evidence.models import EvidencePackage
from hub.evidence.upkeep import EvidenceUpkeep
from hub.testing import LiveHub, wait_until
from tests.hub.cases.common import audit_actions, details
from tests.hub.evidence.common import EvidenceWorld, verify
from tests.hub.evidence.test_pending import _pushed
from tests.hub.test_events import listen


def _cut_off(live: LiveHub, package_id: int, attempts: int, lease: timedelta) -> None:
    """What a builder that stopped mid-build leaves: ``building``, its lease, its starts."""
    with transaction(live.hub.sessions) as s:
        row = s.get(EvidencePackage, package_id)
        assert row is not None
        row.status = "building"
        row.lease_until = live.hub.clock.now() + lease
        row.attempts = attempts


def _round(live: LiveHub) -> EvidenceUpkeep:
    """Run one more upkeep round on ``live`` and wait for it."""
    upkeep = live.hub.services["evidence"]
    assert isinstance(upkeep, EvidenceUpkeep)
    done = upkeep.rounds
    upkeep.wake()
    wait_until(lambda: upkeep.rounds > done, 600, "an evidence upkeep round")
    return upkeep


def _status(live: LiveHub, package_id: int) -> tuple[str, int, object]:
    with transaction(live.hub.sessions) as s:
        row = s.get(EvidencePackage, package_id)
        assert row is not None
        return row.status, row.attempts, row.lease_until


def test_a_cut_off_build_is_resumed_once_by_one_of_two_hubs(ev_world: EvidenceWorld) -> None:
    ev = ev_world
    w = ev.w
    case = ev.case_with_media()
    cid = int(case["id"])
    r = ev.ask(cid, request_id=ev.approved_request(cid), device_identifier=ev.device(), raw=True)
    assert r.status_code == 201, r.text
    package_id = int(r.json()["id"])

    # Its builder still holds the lease: nobody else touches it.
    _cut_off(w.live, package_id, attempts=1, lease=timedelta(seconds=40))
    _round(w.live)
    assert _status(w.live, package_id)[:2] == ("building", 1)

    # The lease ran out (the builder is gone). A second hub process over the same database
    # and files runs its own upkeep: one of the two builds the package, once.
    _cut_off(w.live, package_id, attempts=1, lease=timedelta(seconds=-1))
    other = LiveHub(w.live.hub.settings, w.live.clock).start()
    try:
        first = _round(other)
        second = _round(w.live)
        wait_until(lambda: _status(w.live, package_id)[0] != "building", 600, "the rebuild")
        assert sorted(first.resumed + second.resumed) == [package_id]
    finally:
        other.stop()
    status, attempts, lease = _status(w.live, package_id)
    assert (status, attempts, lease) == ("ready", 2, None)
    builds = [d for d in details(w, "evidence.package_build") if d["package_id"] == package_id]
    assert len(builds) == 1 and builds[0]["attempt"] == 2
    got = ev.fetch(cid, package_id)
    assert got.status_code == 200
    path = ev.tmp / "resumed.zip"
    path.write_bytes(got.content)
    assert verify(path).returncode == 0


def test_a_build_cut_off_three_times_is_recorded_failed(ev_world: EvidenceWorld) -> None:
    ev = ev_world
    w = ev.w
    case = ev.case_with_media()
    cid = int(case["id"])
    r = ev.ask(cid, request_id=ev.approved_request(cid), device_identifier=ev.device(), raw=True)
    package_id = int(r.json()["id"])
    _cut_off(w.live, package_id, attempts=3, lease=timedelta(seconds=-1))
    with listen(w.live, w.tokens["ioc_cw"], topics="evidence") as requester:
        _round(w.live)
        told = _pushed(requester, package_id, "failed", timeout=30)  # not only on the next read
    assert told["failure"]
    status, attempts, lease = _status(w.live, package_id)
    assert (status, attempts, lease) == ("failed", 4, None)
    assert ("evidence.package_build", "failed", "evidence.build_interrupted") in audit_actions(
        w, "evidence.package_build"
    )
    r = ev.fetch(cid, package_id)
    assert r.status_code == 409 or r.status_code == 404 or r.json()["code"].startswith("evidence.")
