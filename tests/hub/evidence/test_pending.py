# SPDX-License-Identifier: GPL-3.0-or-later
"""Packages waiting for a second person reach the approver: ``GET /api/evidence/pending``
lists what the caller may decide (never their own, never another unit's case), and every
step of a package is pushed (``evidence.package``) to the requester and to whoever may
decide it, not to other units."""

from __future__ import annotations

import queue
import time
from typing import Any

from hub.archive.clips import clip_dir
from hub.contracts import Role
from hub.events import Audience
from hub.testing import add_user, login
from tests.hub.evidence.common import EvidenceWorld
from tests.hub.test_events import listen

TOPIC = "evidence.package"


def _pushed(q: queue.Queue[Any], package_id: int, status: str, timeout: float = 60) -> Any:
    """The first ``evidence.package`` push of the package in ``status`` (others skipped)."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            topic, data, _id = q.get(timeout=left)
        except queue.Empty:
            break
        if topic == TOPIC and data["id"] == package_id and data["status"] == status:
            return data
    raise AssertionError(f"no {TOPIC} push of package {package_id} as {status}")


def _first(q: queue.Queue[Any]) -> tuple[str, Any]:
    """The first event after the stream's status line."""
    while True:
        topic, data, _id = q.get(timeout=30)
        if topic != "status":
            return topic, data


def test_the_approver_lists_and_hears_of_packages_waiting_for_them(
    ev_world: EvidenceWorld,
) -> None:
    ev = ev_world
    w = ev.w
    live = w.live
    case = ev.case_with_media(seconds=3.0)
    cid = int(case["id"])
    rid = ev.approved_request(cid)
    device = ev.device()
    # One person holding both rights (a deployment that combines role families).
    live.hub.profile = live.hub.profile.model_copy(update={"role_families_combinable": True})
    add_user(live.hub, w.province, "ioc_both", "ioc", [Role.CASE_WORKER, Role.APPROVER])
    w.tokens["ioc_both"] = login(live, w.province, "ioc_both")

    def pending(user: str, **params: Any) -> Any:
        with w.http(user) as http:
            return http.get("/api/evidence/pending", params=params)

    assert pending("ioc_appr").json() == []
    with (
        listen(live, w.tokens["ioc_appr"], topics="evidence") as approver,
        listen(live, w.tokens["ioc_cw"], topics="evidence") as requester,
        listen(live, w.tokens["a1_chair"], topics="evidence") as other_unit,
    ):
        r = ev.ask(cid, request_id=rid, device_identifier=device, raw=True)
        assert r.status_code == 201, r.text
        asked = r.json()
        heard = _pushed(approver, asked["id"], "pending_approval", timeout=30)
        assert (heard["case_number"], heard["requested_by"]) == (case["number"], "ioc_cw")
        _pushed(requester, asked["id"], "pending_approval", timeout=30)
        r = ev.ask(cid, "ioc_both", request_id=rid, device_identifier=device, raw=True)
        own = r.json()
        assert own["status"] == "pending_approval", r.text
        _pushed(approver, own["id"], "pending_approval", timeout=30)

        # The approver lists both, with the case, the requester and the purpose.
        listed = pending("ioc_appr").json()
        assert [p["id"] for p in listed] == [asked["id"], own["id"]]
        first = listed[0]
        assert (first["case_number"], first["requested_by"], first["status"]) == (
            case["number"],
            "ioc_cw",
            "pending_approval",
        )
        assert first["requested_unit"] and first["purpose"] == "Chuyển công an xử lý vi phạm"
        # Never one's own as something to decide; nothing for who may decide nothing,
        # nor for an approver of another unit (who does not see the case).
        assert [p["id"] for p in pending("ioc_both").json()] == [asked["id"]]
        assert pending("ioc_cw").json() == []
        assert pending("a1_chair").json() == []
        assert pending("prov_appr").json() == []
        assert [p["id"] for p in pending("ioc_appr", limit=1).json()] == [asked["id"]]
        bad = pending("ioc_appr", limit=0)
        assert (bad.status_code, bad.json()["code"]) == (422, "invalid_input")

        # Rejected: off the list, and the requester hears it.
        with w.http("ioc_appr") as http:
            r = http.post(
                f"/api/cases/{cid}/packages/{own['id']}/decide", json={"verdict": "reject"}
            )
        assert r.json()["status"] == "rejected", r.text
        _pushed(approver, own["id"], "rejected", timeout=30)
        assert [p["id"] for p in pending("ioc_appr").json()] == [asked["id"]]

        # Approved: the requester hears it decided, then built, then collected.
        with w.http("ioc_appr") as http:
            r = http.post(
                f"/api/cases/{cid}/packages/{asked['id']}/decide",
                json={"verdict": "approve"},
                timeout=600,
            )
        assert r.json()["status"] == "ready", r.text
        _pushed(requester, asked["id"], "building")
        ready = _pushed(requester, asked["id"], "ready")
        assert ready["decided_by"] == "ioc_appr" and ready["sha256"] == r.json()["sha256"]
        assert pending("ioc_appr").json() == []
        assert ev.fetch(cid, asked["id"]).status_code == 200
        collected = _pushed(requester, asked["id"], "ready", timeout=30)
        assert collected["downloaded_at"] is not None
        _pushed(approver, asked["id"], "ready", timeout=30)

        # The other unit's approver heard none of it: a note to them alone comes first.
        only = Audience(users=frozenset({w.user_id("a1_chair")}))
        live.hub.events.publish("evidence.marker", {"n": 1}, only)
        assert _first(other_unit) == ("evidence.marker", {"n": 1})


def test_a_failed_build_is_pushed_to_the_requester(ev_world: EvidenceWorld) -> None:
    ev = ev_world
    w = ev.w
    case = ev.case_with_media(seconds=3.0)
    cid = int(case["id"])
    clip = next(m for m in case["media"] if m["kind"] == "clip")
    rid = ev.approved_request(cid)
    r = ev.ask(cid, request_id=rid, device_identifier=ev.device(), raw=True)
    asked = r.json()
    assert asked["status"] == "pending_approval", r.text
    # The stored original altered meanwhile: the build checks it and fails.
    stored = clip_dir(w.live.hub) / f"{clip['sha256']}.mp4"
    stored.write_bytes(stored.read_bytes()[:-1] + b"\x00")
    with listen(w.live, w.tokens["ioc_cw"], topics="evidence") as requester:
        with w.http("ioc_appr") as http:
            r = http.post(
                f"/api/cases/{cid}/packages/{asked['id']}/decide",
                json={"verdict": "approve"},
                timeout=600,
            )
        assert (r.status_code, r.json()["code"]) == (500, "evidence.build_failed"), r.text
        _pushed(requester, asked["id"], "building", timeout=30)
        failed = _pushed(requester, asked["id"], "failed", timeout=30)
        assert failed["failure"] and failed["sha256"] is None
