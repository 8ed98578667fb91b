# SPDX-License-Identifier: GPL-3.0-or-later
"""Export of raw media only to registered state-owned storage devices (TN 9.2c): an
unregistered, revoked or foreign device is refused and audited; only under an approved
request; another agency only with its written consent (TN 22.3, HCM 23.3, DB 18.3); the
extraction log (DB 16.3) and the personal-data log (TN 21.5b) record it, read by
auditors of the units that see the case."""

from __future__ import annotations

from typing import Any

from tests.hub.cases.common import World, audit_actions, details


def _device(world: World, identifier: str, unit: str = "ioc") -> dict[str, Any]:
    with world.http("ioc_admin") as http:
        r = http.post(
            "/api/storage-devices",
            json={
                "identifier": identifier,
                "label": "Ổ cứng chuyên dụng",
                "owner_unit_id": world.unit(unit),
                "asset_number": "TS-2026-001",
                "state_owned": True,
            },
        )
        assert r.status_code == 201, r.text
        return dict(r.json())


def _approved(world: World, cid: int, **body: Any) -> int:
    with world.http("ioc_req") as http:
        r = http.post(
            f"/api/cases/{cid}/extraction-requests",
            json={"purpose": "Chuyển công an", "content": "Ảnh", **body},
        )
        assert r.status_code == 201, r.text
    rid = int(r.json()["id"])
    with world.http("ioc_appr") as http:
        assert (
            http.post(f"/api/extraction-requests/{rid}/decide", json={"verdict": "approve"}).json()[
                "status"
            ]
            == "approved"
        )
    return rid


def _export(world: World, cid: int, user: str = "ioc_cw", **body: Any) -> Any:
    with world.http(user) as http:
        return http.post(f"/api/cases/{cid}/exports", json=body)


def test_export_only_to_a_registered_device_under_an_approved_request(world: World) -> None:
    w = world
    cid = int(w.sent_case()["id"])
    device = _device(w, "SN-WD-0001")
    with w.http("ioc_admin") as http:  # a personal device is not registered at all
        r = http.post(
            "/api/storage-devices",
            json={
                "identifier": "USB-PERSONAL",
                "label": "USB",
                "owner_unit_id": w.unit("ioc"),
                "asset_number": "-",
                "state_owned": False,
            },
        )
    assert r.status_code == 422
    with w.http("ioc_req") as http:
        pending = http.post(
            f"/api/cases/{cid}/extraction-requests", json={"purpose": "p", "content": "c"}
        ).json()
    r = _export(w, cid, request_id=pending["id"], device_identifier="SN-WD-0001")
    assert (r.status_code, r.json()["code"]) == (403, "case.not_approved")
    rid = _approved(w, cid)
    r = _export(w, cid, request_id=rid, device_identifier="USB-PERSONAL")
    assert (r.status_code, r.json()["code"]) == (403, "case.device_not_registered")
    ward_device = _device(w, "SN-WARD-0001", unit="wardA1")  # another unit's device
    r = _export(w, cid, request_id=rid, device_identifier=ward_device["identifier"])
    assert r.json()["code"] == "case.device_not_registered"
    r = _export(w, cid, "ward_cw", request_id=rid, device_identifier="SN-WD-0001")
    assert r.status_code == 403 and r.json()["detail"] == {"reason": "wrong_unit"}
    denied = [a for a in audit_actions(w, "case.export") if a[1] == "denied"]
    assert [a[2] for a in denied] == [
        "case.not_approved",
        "case.device_not_registered",
        "case.device_not_registered",
        "wrong_unit",
    ]
    refused = [d for d in details(w, "case.export")]
    assert any(d.get("device_identifier") == "USB-PERSONAL" for d in refused)

    ok = _export(w, cid, request_id=rid, device_identifier="SN-WD-0001")
    assert ok.status_code == 201, ok.text
    out = ok.json()
    assert (out["device_id"], out["request_id"], len(out["items"])) == (device["id"], rid, 1)
    assert out["recipient_agency"] is None
    with w.http("ioc_admin") as http:
        assert http.post(f"/api/storage-devices/{device['id']}/revoke").status_code == 200
    r = _export(w, cid, request_id=rid, device_identifier="SN-WD-0001")
    assert r.json()["code"] == "case.device_not_registered"  # revoked

    # The logs: the capture, the hand-off and the export, by the IOC's auditor.
    with w.http("ioc_aud") as http:
        log = http.get("/api/extraction-log", params={"case_id": cid}).json()
        pd = http.get("/api/personal-data-log", params={"case_id": cid}).json()
    assert [e["action"] for e in log] == ["export", "capture"]
    export_entry = log[0]
    assert export_entry["purpose"] == "Chuyển công an"
    assert export_entry["requester"].startswith("ioc_req")
    assert export_entry["performer_name"] == "ioc_cw"
    assert export_entry["device_identifier"] == "SN-WD-0001"
    assert [e["action"] for e in pd] == ["export", "hand_off", "capture"]
    assert set(pd[0]["data_types"]) == {"image", "plate"}
    with w.http("ward_aud") as http:  # the ward's auditor: the case was sent to the ward
        assert len(http.get("/api/extraction-log").json()) == 2
    with w.http("ioc_cw") as http:
        assert http.get("/api/extraction-log").status_code == 403


def test_another_agency_only_with_its_written_consent(world: World) -> None:
    w = world
    cid = int(w.sent_case()["id"])
    _device(w, "SN-WD-0002")
    rid = _approved(w, cid)
    r = _export(
        w, cid, request_id=rid, device_identifier="SN-WD-0002", recipient_agency="Báo Quảng Bình"
    )
    assert (r.status_code, r.json()["code"]) == (403, "case.consent_required")
    assert ("case.export", "denied", "case.consent_required") in audit_actions(w, "case.export")
    ok = _export(
        w,
        cid,
        request_id=rid,
        device_identifier="SN-WD-0002",
        recipient_agency="Báo Quảng Bình",
        consent_document_number="12/CV-BQB",
        consent_document_date="2026-01-05",
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["consent_document_number"] == "12/CV-BQB"
    detail = w.get(cid)
    assert [e["id"] for e in detail["exports"]] == [ok.json()["id"]]
