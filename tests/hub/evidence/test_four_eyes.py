# SPDX-License-Identifier: GPL-3.0-or-later
"""Four-eyes on raw footage leaving (profile ``raw_export_second_approval``, DH here):
a package with the originals waits for a second person; until then, or when rejected,
it cannot be fetched (refused and audited); the requester cannot approve their own,
even holding the right; once approved it holds the originals bit for bit and verifies;
a repeat is a new recorded export with its own approval."""

from __future__ import annotations

import hashlib
import zipfile

from hub.archive.clips import clip_dir
from hub.contracts import Role
from hub.testing import add_user, login
from tests.hub.cases.common import audit_actions, details
from tests.hub.evidence.common import EvidenceWorld, verify


def test_a_raw_export_needs_a_second_person(ev_world: EvidenceWorld) -> None:
    ev = ev_world
    w = ev.w
    case = ev.case_with_media()
    cid = int(case["id"])
    clip = next(m for m in case["media"] if m["kind"] == "clip")
    rid = ev.approved_request(cid)
    device = ev.device()

    r = ev.ask(cid, request_id=rid, device_identifier=device, raw=True)
    assert r.status_code == 201, r.text
    pending = r.json()
    assert (pending["status"], pending["needs_second_approval"]) == ("pending_approval", True)
    assert pending["sha256"] is None  # nothing built before the second person decides
    refused = ev.fetch(cid, pending["id"])
    assert (refused.status_code, refused.json()["code"]) == (403, "evidence.approval_required")
    assert ("evidence.package_download", "denied", "evidence.approval_required") in (
        audit_actions(w, "evidence.package_download")
    )

    def decide(user: str, package_id: int, verdict: str = "approve") -> object:
        with w.http(user) as http:
            return http.post(
                f"/api/cases/{cid}/packages/{package_id}/decide",
                json={"verdict": verdict, "note": "Đồng ý chuyển"},
                timeout=600,
            )

    r = decide("ioc_cw2", pending["id"])  # a colleague without the right
    assert r.status_code == 403 and r.json()["detail"] == {"reason": "no_approval_right"}

    # One person holding both rights (a deployment that combines role families) asks …
    w.live.hub.profile = w.live.hub.profile.model_copy(update={"role_families_combinable": True})
    add_user(w.live.hub, w.province, "ioc_both", "ioc", [Role.CASE_WORKER, Role.APPROVER])
    w.tokens["ioc_both"] = login(w.live, w.province, "ioc_both")
    r = ev.ask(cid, "ioc_both", request_id=rid, device_identifier=device, raw=True)
    assert r.status_code == 201, r.text
    own = r.json()
    # … and cannot approve it.
    r = decide("ioc_both", own["id"])
    assert (r.status_code, r.json()["code"]) == (403, "evidence.own_request")
    assert ("evidence.package_decide", "denied", "evidence.own_request") in (
        audit_actions(w, "evidence.package_decide")
    )

    # The second person approves: built with the originals, verified.
    r = decide("ioc_appr", pending["id"])
    assert r.status_code == 200, r.text
    ready = r.json()
    assert (ready["status"], ready["decided_by"], ready["raw"]) == ("ready", "ioc_appr", True)
    assert decide("ioc_appr", pending["id"]).json()["code"] == "evidence.not_pending"
    got = ev.fetch(cid, pending["id"])
    assert got.status_code == 200 and hashlib.sha256(got.content).hexdigest() == ready["sha256"]
    path = ev.tmp / "raw.zip"
    path.write_bytes(got.content)
    assert verify(path).returncode == 0
    with zipfile.ZipFile(path) as zf:
        original = zf.read(f"original/clip-m{clip['id']}.mp4")
        copy = zf.read(f"media/clip-m{clip['id']}.mp4")
    assert hashlib.sha256(original).hexdigest() == clip["sha256"]  # bit for bit
    assert hashlib.sha256(copy).hexdigest() != clip["sha256"]  # the watermarked copy
    stored = clip_dir(w.live.hub) / f"{clip['sha256']}.mp4"
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == clip["sha256"]

    # A repeat is another export, recorded, waiting for its own approval; rejected, it
    # stays out of reach.
    r = ev.ask(cid, request_id=rid, device_identifier=device, raw=True)
    again = r.json()
    assert again["status"] == "pending_approval" and again["export_id"] != ready["export_id"]
    assert decide("ioc_appr", again["id"], "reject").json()["status"] == "rejected"
    r = ev.fetch(cid, again["id"])
    assert (r.status_code, r.json()["code"]) == (403, "evidence.rejected")
    with w.http("ioc_cw") as http:
        listed = http.get(f"/api/cases/{cid}/packages").json()
    assert [(p["id"], p["status"]) for p in listed] == [
        (pending["id"], "ready"),
        (own["id"], "pending_approval"),
        (again["id"], "rejected"),
    ]
    exports = [d["export_id"] for d in details(w, "case.export")]
    assert len(set(exports)) == 3  # every package is its own recorded export
    requests = details(w, "evidence.package_request")
    assert [d["raw"] for d in requests] == [True, True, True]
    assert all(d["second_approval"] for d in requests)


def test_without_four_eyes_a_raw_export_is_built_at_once(ev_world: EvidenceWorld) -> None:
    ev = ev_world
    w = ev.w
    w.live.hub.profile = w.live.hub.profile.model_copy(
        update={"raw_export_second_approval": False}  # as HCM and DB
    )
    case = ev.case_with_media()
    cid = int(case["id"])
    r = ev.ask(cid, request_id=ev.approved_request(cid), device_identifier=ev.device(), raw=True)
    assert r.status_code == 201, r.text
    out = r.json()
    assert (out["status"], out["decided_by"], out["needs_second_approval"]) == (
        "ready",
        None,
        False,
    )
