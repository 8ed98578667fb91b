# SPDX-License-Identifier: GPL-3.0-or-later
"""Onboarding simulator cameras over HTTP: probe, refusals, secrecy, scope, changes."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from camsim.process import FleetProcess
from hub.audit.models import AuditRecord
from hub.catalog.access import device_access
from hub.catalog.models import Camera, CatalogueDeadline
from hub.db import transaction
from tests.hub.catalog.common import Catalogue, onboard_body


def _count(cat: Catalogue, table: type) -> int:
    with transaction(cat.live.hub.sessions) as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def _audit_text(cat: Catalogue) -> str:
    with transaction(cat.live.hub.sessions) as s:
        rows = s.scalars(select(AuditRecord).order_by(AuditRecord.seq)).all()
        return json.dumps(
            [[r.action, r.object_id, r.outcome, r.reason, r.detail] for r in rows],
            ensure_ascii=False,
        )


def test_onboarding_fills_the_record_from_the_device(
    catalogue: Catalogue, camsim_fleet: FleetProcess
) -> None:
    cat, dome, fixed = catalogue, camsim_fleet.first("dome"), camsim_fleet.first("fixed")
    with cat.http("admin_a") as http:
        r = http.post("/api/cameras/onboard", json=onboard_body(cat, dome, name=None))
        assert r.status_code == 201, r.text
        cam = r.json()
        assert cam["code"] == f"TN-{dome['id']}"
        assert (cam["manufacturer"], cam["model"]) == (dome["manufacturer"], dome["model"])
        assert cam["serial_number"] == dome["serial"]
        assert cam["firmware"]
        assert cam["name"]  # the device's name scope
        assert cam["onvif_profiles"] == ["S", "G", "T"]
        assert cam["streams"] == ["main", "sub"]
        assert cam["codecs"] == {"main": "H264", "sub": "H264"}  # from ONVIF Media 2
        assert cam["has_ptz"] and cam["has_events"] and cam["has_recording"]
        assert cam["using_unit_ids"] == [cat.province.units["police"]]
        assert cam["status"] == "unknown"

        r = http.post("/api/cameras/onboard", json=onboard_body(cat, fixed, name="Cổng chợ"))
        assert r.status_code == 201, r.text
        assert r.json()["has_ptz"] is False and r.json()["name"] == "Cổng chợ"

        # The hub keeps what it needs to reach the device (sealed credentials, stream URLs).
        with transaction(cat.live.hub.sessions) as s:
            row = s.get(Camera, cam["id"])
            assert row is not None
            access = device_access(row)
            assert (access.username, access.password) == (dome["username"], dome["password"])
            assert dome["password"] not in (row.credentials_sealed or "")
            assert access.rtsp_sub_url == dome["rtsp"]["sub"]
            assert (access.main_profile_token, access.sub_profile_token) == (
                "profile_main",
                "profile_sub",
            )

        # A second registration of the same code or device is refused before any probe.
        again = http.post("/api/cameras/onboard", json=onboard_body(cat, dome))
        assert (again.status_code, again.json()["detail"]) == (409, {"field": "code"})
        moved = http.post("/api/cameras/onboard", json=onboard_body(cat, dome, code="OTHER"))
        assert (moved.status_code, moved.json()["detail"]) == (409, {"field": "onvif_url"})

        listed = http.get("/api/cameras").json()
        assert [c["code"] for c in listed] == sorted([cam["code"], f"TN-{fixed['id']}"])
        texts = json.dumps(listed) + http.get(f"/api/cameras/{cam['id']}").text

    # Nothing device-level in API answers or the audit trail.
    audit = _audit_text(cat)
    assert "camera.onboard" in audit
    for secret in (dome["password"], fixed["password"], dome["onvif"]["url"], "rtsp://"):
        assert secret not in texts
        assert secret not in audit


def test_failed_probes_write_nothing(catalogue: Catalogue, camsim_faults: FleetProcess) -> None:
    cat = catalogue
    cams = camsim_faults.cameras
    with cat.http("admin_a") as http:
        r = http.post("/api/cameras/onboard", json=onboard_body(cat, cams[0], password="wrong"))
        assert (r.status_code, r.json()["code"]) == (422, "camera.auth_failed")
        assert r.json()["message_key"] == "error.camera.auth_failed"

        camsim_faults.set_faults(cams[1]["id"], malformed_xml=True)
        r = http.post("/api/cameras/onboard", json=onboard_body(cat, cams[1]))
        assert (r.status_code, r.json()["code"]) == (502, "camera.bad_reply")

        camsim_faults.set_faults(cams[2]["id"], offline=60)
        r = http.post("/api/cameras/onboard", json=onboard_body(cat, cams[2]))
        assert (r.status_code, r.json()["code"]) == (502, "camera.unreachable")

        nowhere = {**cams[3], "onvif": {"url": "http://127.0.0.1:9/onvif/device_service"}}
        r = http.post("/api/cameras/onboard", json=onboard_body(cat, nowhere))
        assert (r.status_code, r.json()["code"]) == (502, "camera.unreachable")

        bad = http.post(
            "/api/cameras/onboard", json=onboard_body(cat, cams[3], managing_unit_id=99999)
        )
        assert (bad.status_code, bad.json()["code"]) == (422, "camera.unknown_unit")
        assert http.get("/api/cameras").json() == []
    assert _count(cat, Camera) == 0
    assert _count(cat, CatalogueDeadline) == 0
    audit = _audit_text(cat)
    assert audit.count('"camera.probe"') == 4  # each failed attempt is on record
    assert cams[0]["password"] not in audit and "wrong" not in audit


def test_scope_of_the_catalogue(catalogue: Catalogue, camsim_fleet: FleetProcess) -> None:
    cat, p = catalogue, catalogue.province
    cams = camsim_fleet.cameras
    with cat.http("admin_a") as admin_a, cat.http("admin_b") as admin_b:
        a1 = admin_a.post(
            "/api/cameras/onboard", json=onboard_body(cat, cams[0], using_unit_ids=[])
        )
        assert a1.status_code == 201, a1.text
        # Outside the administrator's own scope: refused (approvals never give management).
        refused = admin_a.post(
            "/api/cameras/onboard",
            json=onboard_body(cat, cams[1], territory_id=p.territories["B1"]),
        )
        assert (refused.status_code, refused.json()["code"]) == (403, "scope.out_of_scope")
        b1 = admin_b.post(
            "/api/cameras/onboard",
            json=onboard_body(
                cat,
                cams[1],
                territory_id=p.territories["B1"],
                managing_unit_id=p.units["districtB"],
                operating_unit_id=p.units["districtB"],
                using_unit_ids=[p.units["communeA1"]],
            ),
        )
        assert b1.status_code == 201, b1.text
        b = admin_b.post(
            "/api/cameras/onboard",
            json=onboard_body(
                cat,
                cams[2],
                territory_id=p.territories["B"],
                managing_unit_id=p.units["districtB"],
                operating_unit_id=p.units["districtB"],
                using_unit_ids=[],
            ),
        )
        assert b.status_code == 201, b.text
        ids = {"a1": a1.json()["id"], "b1": b1.json()["id"], "b": b.json()["id"]}

    def seen(user: str) -> set[str]:
        with cat.http(user) as http:
            r = http.get("/api/cameras")
            assert r.status_code == 200
            return {k for k, v in ids.items() if v in {c["id"] for c in r.json()}}

    assert seen("op_a") == {"a1"}
    assert seen("op_b") == {"b1", "b"}
    assert seen("op_a1") == {"a1", "b1"}  # communeA1 uses the B1 camera
    assert seen("ioc") == {"a1", "b1", "b"}
    with cat.http("op_a") as http:
        assert http.get(f"/api/cameras/{ids['a1']}").status_code == 200
        denied = http.get(f"/api/cameras/{ids['b']}")
        assert (denied.status_code, denied.json()["code"]) == (403, "scope.out_of_scope")
        assert http.get("/api/cameras/99999").json()["code"] == "camera.not_found"
        assert http.get("/api/cameras", params={"q": cams[0]["id"]}).json()[0]["id"] == ids["a1"]
        assert http.get("/api/cameras", params={"q": "zzz"}).json() == []
        assert http.get("/api/cameras", params={"status": "online"}).json() == []
    with transaction(cat.live.hub.sessions) as s:
        denial = s.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "scope.denied")
            .order_by(AuditRecord.seq)
        ).all()
        assert [(d.object_type, d.object_id) for d in denial][-1] == ("camera", str(ids["b"]))


def test_changes_open_deadlines_and_audit_field_names(
    catalogue: Catalogue, camsim_fleet: FleetProcess
) -> None:
    cat, p = catalogue, catalogue.province
    entry = camsim_fleet.cameras[0]
    with cat.http("admin_a") as http:
        cam = http.post("/api/cameras/onboard", json=onboard_body(cat, entry)).json()
        refreshed = http.post(f"/api/cameras/{cam['id']}/refresh")
        assert refreshed.status_code == 200, refreshed.text
        assert refreshed.json()["model"] == entry["model"]
        r = http.patch(
            f"/api/cameras/{cam['id']}",
            json={
                "name": "Ngã tư Phan Đình Phùng",
                "mounting_layer": "10_20m",
                "domain": "traffic",
                "using_unit_ids": [p.units["police"], p.units["districtA"]],
                "password": "new-device-secret",
            },
        )
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["name"] == "Ngã tư Phan Đình Phùng" and out["domain"] == "traffic"
        assert out["using_unit_ids"] == sorted([p.units["police"], p.units["districtA"]])
        assert "new-device-secret" not in r.text
        # Moving it out of scope is refused; out-of-scope cameras cannot be changed.
        moved = http.patch(f"/api/cameras/{cam['id']}", json={"territory_id": p.territories["B"]})
        assert moved.status_code == 403
        deadlines = http.get("/api/catalogue/deadlines").json()
        assert [d["kind"] for d in deadlines] == ["installation", "change"]
        # The device still has its own password: a refresh now says so.
        stale = http.post(f"/api/cameras/{cam['id']}/refresh")
        assert (stale.status_code, stale.json()["code"]) == (422, "camera.auth_failed")
    with cat.http("admin_b") as http:
        assert http.patch(f"/api/cameras/{cam['id']}", json={"name": "x"}).status_code == 403
        assert http.post(f"/api/cameras/{cam['id']}/refresh").status_code == 403
    with transaction(cat.live.hub.sessions) as s:
        row = s.get(Camera, cam["id"])
        assert row is not None and row.credentials == (entry["username"], "new-device-secret")
        update = s.scalars(select(AuditRecord).where(AuditRecord.action == "camera.update")).one()
        assert sorted(json.loads(update.detail or "{}")["fields"]) == [
            "credentials",
            "domain",
            "mounting_layer",
            "name",
            "using_unit_ids",
        ]
    assert "new-device-secret" not in _audit_text(cat)


def test_codecs_come_from_media2_and_a_codec_the_relay_cannot_carry_is_refused(
    catalogue: Catalogue,
) -> None:
    cat = catalogue
    # cam01: H.265 with Media 2; cam02: JPEG only (an old camera); cam03: H.265 on a
    # device with Media 1 only, which cannot say H.265 (it says H264, as many devices do).
    args = ("--codec", "jpeg", "--h265", "cam01,cam03", "--media1-only", "cam03")
    with FleetProcess(3, *args, "--event-period", "0") as fleet, cat.http("admin_a") as http:
        h265, jpeg, media1 = fleet.cameras
        r = http.post("/api/cameras/onboard", json=onboard_body(cat, h265))
        assert r.status_code == 201, r.text
        assert r.json()["codecs"] == {"main": "H265", "sub": "H265"}
        assert r.json()["onvif_profiles"] == ["S", "G", "T"]

        r = http.post("/api/cameras/onboard", json=onboard_body(cat, jpeg))
        assert (r.status_code, r.json()["code"]) == (422, "camera.codec_unsupported")
        assert r.json()["detail"] == {"codecs": ["JPEG"], "supported": ["H264", "H265"]}

        r = http.post("/api/cameras/onboard", json=onboard_body(cat, media1))
        assert r.status_code == 201, r.text
        assert r.json()["codecs"] == {"main": "H264", "sub": "H264"}  # what Media 1 said
        assert r.json()["onvif_profiles"] == ["S", "G"]
        assert [c["code"] for c in http.get("/api/cameras").json()] == sorted(
            [f"TN-{h265['id']}", f"TN-{media1['id']}"]
        )
    audit = _audit_text(cat)
    assert '["camera.onboard", "TN-cam02", "refused", "camera.codec_unsupported"' in audit
    assert '{\\"codecs\\":[\\"JPEG\\"]}' in audit  # the detail, stored as JSON
