# SPDX-License-Identifier: GPL-3.0-or-later
"""A case's stored clip and snapshot fetched by a workstation: the bytes with their
content type, length and SHA-256, ranges for a player to seek, only for case workers who
see the case (404 outside, 403 without the right, audited), every fetch audited and
written to the personal-data log; the fetches of an export name it and the workstation's
account of the copy is audited."""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta
from typing import Any

from hub.archive.clips import clip_dir
from hub.archive.models import EvidenceSnapshot
from hub.archive.snapshots import snapshot_dir
from hub.cases.models import CaseMedia
from hub.db import transaction
from tests.hub.cases.common import World, audit_actions, details


def stored_media(w: World, case_id: int, clip_size: int = 300_000) -> tuple[int, int, bytes, bytes]:
    """A clip and a snapshot stored as the hub stores them (content-addressed files) and
    added to a case: (clip id, snapshot id, clip bytes, JPEG bytes)."""
    clip = b"\x00\x00\x00\x18ftypisom" + os.urandom(clip_size - 12)
    jpeg = b"\xff\xd8\xff\xe0" + os.urandom(5000) + b"\xff\xd9"
    clip_sha = hashlib.sha256(clip).hexdigest()
    jpeg_sha = hashlib.sha256(jpeg).hexdigest()
    hub = w.live.hub
    clip_dir(hub).mkdir(parents=True, exist_ok=True)
    snapshot_dir(hub).mkdir(parents=True, exist_ok=True)
    (clip_dir(hub) / f"{clip_sha}.mp4").write_bytes(clip)
    (snapshot_dir(hub) / f"{jpeg_sha}.jpg").write_bytes(jpeg)
    at = w.now() - timedelta(minutes=30)
    with transaction(hub.sessions) as s:
        snap = EvidenceSnapshot(
            camera_id=w.camera_id,
            source="archive",
            file_name=f"{jpeg_sha}.jpg",
            sha256=jpeg_sha,
            size=len(jpeg),
            captured_at=at,
            taken_by=w.user_id("ioc_cw"),
            created_at=w.now(),
        )
        s.add(snap)
        s.flush()
        common: dict[str, Any] = {"case_id": case_id, "camera_id": w.camera_id}
        common |= {"added_by": w.user_id("ioc_cw"), "added_at": w.now()}
        c = CaseMedia(
            kind="clip",
            start=at,
            end=at + timedelta(seconds=10),
            duration_seconds=10.0,
            sha256=clip_sha,
            size=len(clip),
            file_name=f"{clip_sha}.mp4",
            **common,
        )
        p = CaseMedia(
            kind="snapshot",
            start=at,
            end=at,
            sha256=jpeg_sha,
            size=len(jpeg),
            snapshot_id=snap.id,
            **common,
        )
        s.add_all([c, p])
        s.flush()
        return c.id, p.id, clip, jpeg


def test_the_stored_clip_and_snapshot_for_case_workers_who_see_the_case(world: World) -> None:
    w = world
    cid = int(w.open_case()["id"])
    clip_id, snap_id, clip, jpeg = stored_media(w, cid)
    url = f"/api/cases/{cid}/media/{clip_id}"
    with w.http("ioc_cw") as http:
        r = http.get(url)
        assert r.status_code == 200, r.text
        assert r.content == clip
        assert r.headers["content-type"] == "video/mp4"
        assert r.headers["content-length"] == str(len(clip))
        sha = hashlib.sha256(clip).hexdigest()
        assert r.headers["x-content-sha256"] == sha and r.headers["etag"] == f'"{sha}"'
        assert r.headers["accept-ranges"] == "bytes"
        assert r.headers["content-disposition"].startswith("attachment")
        # A player seeks: a range answers 206 with just those bytes.
        part = http.get(url, headers={"Range": "bytes=1000-1999"})
        assert part.status_code == 206
        assert part.content == clip[1000:2000]
        assert part.headers["content-range"] == f"bytes 1000-1999/{len(clip)}"
        tail = http.get(url, headers={"Range": "bytes=-100"})
        assert tail.status_code == 206 and tail.content == clip[-100:]
        r = http.get(f"/api/cases/{cid}/media/{snap_id}")
        assert (r.status_code, r.content) == (200, jpeg)
        assert r.headers["content-type"] == "image/jpeg"
        assert r.headers["x-content-sha256"] == hashlib.sha256(jpeg).hexdigest()

    # Out of scope: the case does not exist for a ward case worker before it is sent;
    # a medium of another case is not this case's.
    with w.http("ward_cw") as http:
        r = http.get(url)
    assert (r.status_code, r.json()["code"]) == (404, "case.not_found")
    other = int(w.open_case()["id"])
    with w.http("ioc_cw") as http:
        r = http.get(f"/api/cases/{other}/media/{clip_id}")
    assert (r.status_code, r.json()["code"]) == (404, "case.media_not_found")
    # Wrong role: an IOC operator sees every case but works none.
    with w.http("ioc_op") as http:
        r = http.get(url)
    assert r.status_code == 403 and r.json()["detail"] == {"reason": "no_case_right"}
    with w.http("ioc_cw") as http:  # no export of this case by this caller
        r = http.get(url, params={"export_id": 1})
    assert (r.status_code, r.json()["code"]) == (404, "case.export_not_found")

    # Each fetch audited as a view of evidence, the refusal too.
    views = audit_actions(w, "case.view_media")
    assert views.count(("case.view_media", "success", None)) == 4
    assert ("case.view_media", "denied", "no_case_right") in views
    seen = [d for d in details(w, "case.view_media") if "media_id" in d]
    assert [d["range"] for d in seen] == [None, "bytes=1000-1999", "bytes=-100", None]
    assert {d["sha256"] for d in seen} == {sha, hashlib.sha256(jpeg).hexdigest()}
    with w.http("ioc_aud") as http:
        pd = http.get("/api/personal-data-log", params={"case_id": cid}).json()
    views_pd = [e for e in pd if e["action"] == "view"]
    assert len(views_pd) == 4
    assert views_pd[0]["performer_name"] == "ioc_cw"
    assert set(views_pd[0]["data_types"]) == {"image", "plate"}
    assert set(views_pd[-1]["data_types"]) == {"video", "plate"}

    # Sent: the ward police unit's case workers see it and its media now.
    w.act("ioc_cw", cid, "send", {"police_unit_id": w.unit("wardA1")})
    with w.http("ward_cw") as http:
        r = http.get(url)
    assert (r.status_code, r.content) == (200, clip)


def test_a_missing_or_altered_file_is_an_error_not_other_bytes(world: World) -> None:
    w = world
    cid = int(w.open_case()["id"])
    clip_id, _snap, clip, _jpeg = stored_media(w, cid, clip_size=5000)
    path = clip_dir(w.live.hub) / f"{hashlib.sha256(clip).hexdigest()}.mp4"
    path.write_bytes(clip[:-1])
    with w.http("ioc_cw") as http:
        r = http.get(f"/api/cases/{cid}/media/{clip_id}")
    assert (r.status_code, r.json()["code"]) == (500, "case.media_missing")
    path.unlink()
    with w.http("ioc_cw") as http:
        r = http.get(f"/api/cases/{cid}/media/{clip_id}")
    assert (r.status_code, r.json()["code"]) == (500, "case.media_missing")


def test_the_fetches_of_an_export_and_its_copy_report(world: World) -> None:
    w = world
    cid = int(w.sent_case()["id"])
    clip_id, _snap, clip, _jpeg = stored_media(w, cid, clip_size=4000)
    with w.http("ioc_admin") as http:
        r = http.post(
            "/api/storage-devices",
            json={
                "identifier": "SN-COPY-0001",
                "label": "Ổ cứng",
                "owner_unit_id": w.unit("ioc"),
                "asset_number": "TS-1",
                "state_owned": True,
            },
        )
        assert r.status_code == 201, r.text
    with w.http("ioc_req") as http:
        rid = http.post(
            f"/api/cases/{cid}/extraction-requests", json={"purpose": "Chuyển", "content": "c"}
        ).json()["id"]
    with w.http("ioc_appr") as http:
        http.post(f"/api/extraction-requests/{rid}/decide", json={"verdict": "approve"})
    with w.http("ioc_cw") as http:
        r = http.post(
            f"/api/cases/{cid}/exports",
            json={"request_id": rid, "device_identifier": "SN-COPY-0001", "media_ids": [clip_id]},
        )
        assert r.status_code == 201, r.text
        export_id = r.json()["id"]
        r = http.get(f"/api/cases/{cid}/media/{clip_id}", params={"export_id": export_id})
        assert (r.status_code, r.content) == (200, clip)
    with w.http("ioc_cw2") as http:  # not the one who exported
        r = http.get(f"/api/cases/{cid}/media/{clip_id}", params={"export_id": export_id})
    assert (r.status_code, r.json()["code"]) == (404, "case.export_not_found")
    with w.http("ioc_aud") as http:
        pd = http.get("/api/personal-data-log", params={"case_id": cid}).json()
    assert "view" not in [e["action"] for e in pd]  # the export's own entry covers it
    assert details(w, "case.view_media")[-1]["export_id"] == export_id

    sha = hashlib.sha256(clip).hexdigest()
    report = f"/api/cases/{cid}/exports/{export_id}/copy"
    good = {"device_identifier": "SN-COPY-0001", "files": [{"media_id": clip_id, "ok": True}]}
    good["files"][0]["sha256"] = sha  # type: ignore[index]
    with w.http("ioc_cw") as http:
        assert http.post(report, json=good).status_code == 204
        lied = {**good, "files": [{"media_id": clip_id, "ok": True, "sha256": "0" * 64}]}
        assert http.post(report, json=lied).status_code == 204
        full = {"device_identifier": "SN-COPY-0001", "error": "disk_full"}
        full["files"] = [{"media_id": clip_id, "ok": False, "error": "disk_full"}]  # type: ignore[assignment]
        assert http.post(report, json=full).status_code == 204
        wrong = {**good, "device_identifier": "SN-OTHER-0001"}
        r = http.post(report, json=wrong)
        assert (r.status_code, r.json()["code"]) == (422, "case.bad_copy_report")
    with w.http("ioc_cw2") as http:
        r = http.post(report, json=good)
    assert (r.status_code, r.json()["code"]) == (404, "case.export_not_found")
    copies = audit_actions(w, "case.export_copy")
    assert copies == [
        ("case.export_copy", "success", None),
        ("case.export_copy", "failed", "hash"),
        ("case.export_copy", "failed", "disk_full"),
    ]
