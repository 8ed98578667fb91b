# SPDX-License-Identifier: GPL-3.0-or-later
"""Extraction approvals per profile: YB 12.2a/b (provincial police leadership; ward and
city police through their unit leader), DH 12.2c/d (ward police through their leader to a
higher police unit; other agencies in writing), DB and HCM (no prior approval, logged);
four eyes; TN 9.2 fast extraction (commune chairman or a person he authorised in
writing, reason and purpose mandatory, cameras of the commune, 24 working-hour dossier
flagged when late)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hub.cases.upkeep import CaseUpkeep
from hub.catalog.models import Camera
from hub.contracts import Role
from hub.db import transaction
from hub.incidents.models import Incident
from hub.testing import add_user, login, wait_until
from tests.hub.cases.common import World, audit_actions, details, local


def _requester(world: World, name: str, unit: str) -> None:
    add_user(world.live.hub, world.province, name, unit, [Role.EXPORT_REQUESTER])
    world.tokens[name] = login(world.live, world.province, name)


def _request(world: World, user: str, cid: int, **body: Any) -> dict[str, Any]:
    payload = {"purpose": "Xử lý vi phạm", "content": "Clip 10 phút", **body}
    with world.http(user) as http:
        r = http.post(f"/api/cases/{cid}/extraction-requests", json=payload)
        assert r.status_code == 201, r.text
        return dict(r.json())


def _decide(
    world: World, user: str, rid: int, verdict: str = "approve", status: int = 200
) -> dict[str, Any]:
    with world.http(user) as http:
        r = http.post(f"/api/extraction-requests/{rid}/decide", json={"verdict": verdict})
        assert r.status_code == status, r.text
        return dict(r.json())


def _sent(world: World) -> int:
    return int(world.sent_case()["id"])


def test_yen_bai_provincial_police_leadership_approves(world_of: Any) -> None:
    w: World = world_of("YB")
    _requester(w, "ward_req", "wardA1")
    _requester(w, "prov_req", "police")
    cid = _sent(w)
    # YB 12.2b: the ward police ask through their unit leader first.
    req = _request(w, "ward_req", cid)
    assert (req["status"], req["rule"]) == ("pending_endorsement", "provincial_police_leadership")
    assert _decide(w, "prov_appr", req["id"], status=403)["detail"] == {"reason": "wrong_unit"}
    with w.http("ward_appr") as http:
        mine = http.get("/api/extraction-requests", params={"pending_for_me": True}).json()
    assert [r["id"] for r in mine] == [req["id"]]
    assert mine[0]["allowed_actions"] == ["endorse", "reject"]
    endorsed = _decide(w, "ward_appr", req["id"])
    assert endorsed["status"] == "pending_approval"
    # YB 12.2a: only the provincial police leadership decides; the endorser does not.
    assert _decide(w, "city_appr", req["id"], status=403)["detail"] == {"reason": "wrong_unit"}
    assert _decide(w, "ward_appr", req["id"], status=403)["detail"]["reason"] in (
        "already_decided",
        "wrong_unit",
    )
    approved = _decide(w, "prov_appr", req["id"])
    assert approved["status"] == "approved"
    assert [(d["stage"], d["verdict"]) for d in approved["decisions"]] == [
        ("endorsement", "approve"),
        ("approval", "approve"),
    ]
    # The provincial police's own request goes straight to its leadership.
    assert _request(w, "prov_req", cid)["status"] == "pending_approval"
    # Refusals are audited.
    assert ("extraction.decide", "denied", "wrong_unit") in audit_actions(w, "extraction.")


def test_dong_hoi_ward_police_via_their_leader_and_other_agencies_in_writing(
    world: World,
) -> None:
    w = world
    _requester(w, "ward_req", "wardA1")
    cid = _sent(w)
    req = _request(w, "ward_req", cid)
    assert req["status"] == "pending_endorsement"  # DH 12.2c: through the unit leader
    _decide(w, "ward_appr", req["id"])
    assert _decide(w, "ioc_appr", req["id"], status=403)["detail"] == {"reason": "wrong_unit"}
    assert _decide(w, "city_appr", req["id"])["status"] == "approved"  # the higher police
    # DH 12.2d: another agency in writing — content, purpose, commitment, the document.
    with w.http("ioc_req") as http:
        bad = http.post(
            f"/api/cases/{cid}/extraction-requests",
            json={"kind": "written_request", "purpose": "p", "content": "c"},
        )
    assert bad.status_code == 422
    written = _request(
        w,
        "ioc_req",
        cid,
        kind="written_request",
        commitment="Chỉ dùng cho điều tra",
        requester_agency="Sở Giao thông vận tải",
        document_number="45/SGTVT",
        document_date="2026-01-05",
    )
    assert written["status"] == "pending_approval"
    assert _decide(w, "ioc_appr", written["id"], "reject")["status"] == "rejected"
    _decide(w, "ioc_appr", written["id"], status=409)


def test_no_prior_approval_in_dien_bien_but_purpose_and_requester_logged(world_of: Any) -> None:
    w: World = world_of("DB")
    cid = _sent(w)
    req = _request(w, "ioc_req", cid)
    assert (req["status"], req["rule"]) == ("approved", "logged_purpose_requester")
    assert req["requester_name"] == "ioc_req" and req["purpose"] == "Xử lý vi phạm"
    with w.http("ioc_cw") as http:  # case work does not ask for extraction
        r = http.post(
            f"/api/cases/{cid}/extraction-requests", json={"purpose": "p", "content": "c"}
        )
    assert r.status_code == 403 and r.json()["detail"] == {"reason": "no_request_right"}


def _commune_case(world: World) -> int:
    return int(world.open_case("a1_cw")["id"])


def test_fast_extraction_by_the_commune_chairman_or_his_written_delegate(world_of: Any) -> None:
    w: World = world_of("TN")
    cid = _commune_case(w)
    fast = {"offence": "illegal_dumping", "emergency": True, "reason": "Đổ rác", "purpose": "XP"}
    # Reason and purpose are mandatory (TN 9.2b): refused and audited.
    for missing in ({"reason": ""}, {"purpose": "  "}):
        with w.http("a1_chair") as http:
            r = http.post(f"/api/cases/{cid}/fast-extractions", json={**fast, **missing})
        assert r.status_code == 422 and r.json()["code"] == "extraction.reason_required"
    with w.http("a1_chair") as http:
        r = http.post(f"/api/cases/{cid}/fast-extractions", json={**fast, "emergency": False})
    assert r.json()["code"] == "extraction.not_emergency"
    denied = [a for a in audit_actions(w, "extraction.fast") if a[1] == "denied"]
    assert [a[2] for a in denied] == [
        "reason_and_purpose_required",
        "reason_and_purpose_required",
        "not_emergency",
    ]
    # Neither chairman nor authorised: refused; the IOC is not the commune either.
    for user, reason in (("a1_cw2", "not_chairman_or_authorised"), ("ioc_appr", "wrong_unit")):
        with w.http(user) as http:
            r = http.post(f"/api/cases/{cid}/fast-extractions", json=fast)
        assert (r.status_code, r.json()["detail"]) == (403, {"reason": reason}), user
    # The chairman authorises a1_cw2 in writing (recorded), then a1_cw2 extracts.
    with w.http("a1_chair") as http:
        auth = http.post(
            "/api/fast-extraction-authorisations",
            json={
                "grantee_id": w.user_id("a1_cw2"),
                "document_number": "07/GUQ-UBND",
                "document_date": "2026-01-05",
                "expires_at": "2026-12-31T00:00:00+07:00",
            },
        )
    assert auth.status_code == 201, auth.text
    w.move_to("2026-01-09T16:00")
    with w.http("a1_cw2") as http:
        r = http.post(f"/api/cases/{cid}/fast-extractions", json=fast)
    assert r.status_code == 201, r.text
    out = r.json()
    assert (out["status"], out["authorisation_id"]) == ("fast", auth.json()["id"])
    # 24 working hours from Fri 16:00: 1 h Fri, 8 h Sat 10 Jan (worked), 8 h Mon, 7 h Tue.
    assert local(out["dossier_due_at"]) == "2026-01-13T16:00"
    assert out["dossier_late"] is False and out["allowed_actions"] == ["complete_dossier"]
    record = details(w, "extraction.fast")[-1]  # the refusals came before
    assert (record["reason"], record["purpose"]) == ("Đổ rác", "XP")
    with w.http("ioc_aud") as http:
        log = http.get("/api/extraction-log", params={"case_id": cid}).json()
        pd = http.get("/api/personal-data-log", params={"case_id": cid}).json()
    assert [(e["action"], e["purpose"], e["performer_name"]) for e in log] == [
        ("fast_extraction", "XP", "a1_cw2")
    ]
    assert pd[0]["action"] == "fast_extraction" and set(pd[0]["data_types"]) == {"video", "image"}

    # Late: the service flags it and opens an incident for the commune.
    w.move_to("2026-01-13T16:30")
    upkeep = w.live.hub.services["cases"]
    assert isinstance(upkeep, CaseUpkeep)
    done = upkeep.rounds
    upkeep.wake()
    wait_until(lambda: upkeep.rounds > done, what="a case upkeep round")
    with w.http("a1_cw2") as http:
        (listed,) = http.get("/api/extraction-requests").json()
    assert listed["dossier_late"] is True
    (late,) = details(w, "extraction.dossier_late")
    with transaction(w.live.hub.sessions) as s:
        incident = s.get(Incident, late["incident_id"])
        assert incident is not None and incident.unit_id == w.unit("communeA1")
    with w.http("a1_cw2") as http:
        r = http.post(f"/api/extraction-requests/{out['id']}/dossier", json={"reference": "HS-01"})
    assert r.status_code == 200 and r.json()["dossier_late"] is True  # stays flagged


def test_fast_extraction_only_on_cameras_of_the_commune(world_of: Any) -> None:
    w: World = world_of("TN")
    with transaction(w.live.hub.sessions) as s:
        camera = s.get(Camera, w.camera_id)
        assert camera is not None
        camera.managing_unit_id = camera.operating_unit_id = w.unit("districtA")
    cid = _commune_case(w)  # in the commune's territory, but the district's camera
    with w.http("a1_chair") as http:
        r = http.post(
            f"/api/cases/{cid}/fast-extractions",
            json={"offence": "urban_order", "emergency": True, "reason": "r", "purpose": "p"},
        )
    assert r.status_code == 403 and r.json()["detail"] == {"reason": "camera_not_granted"}
    with transaction(w.live.hub.sessions) as s:
        assert s.scalars(select(Incident)).first() is None


def test_fast_extraction_is_thai_nguyen_only(world: World) -> None:
    cid = _commune_case(world)
    with world.http("a1_chair") as http:
        r = http.post(
            f"/api/cases/{cid}/fast-extractions",
            json={"offence": "urban_order", "emergency": True, "reason": "r", "purpose": "p"},
        )
    assert r.status_code == 422 and r.json()["code"] == "extraction.fast_not_in_profile"
