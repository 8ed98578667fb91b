# SPDX-License-Identifier: GPL-3.0-or-later
"""Publishing a case's media for citizens, on a real hub with real simulator video:
refused before the police's conclusion (and audited); the proposal finds the planted
plate and face; the published copy has no detail left inside each box, matches the
original elsewhere and is black under the camera's privacy mask; the original's hash
does not change; the publication is recorded and audited and another hub process on the
database sees it; bad input is refused and stores nothing."""

from __future__ import annotations

import json
from typing import Any

import cv2
import numpy as np
from sqlalchemy import func, select

from hub.db import transaction
from hub.publishing.models import Publication
from hub.testing import LiveHub
from tests.hub.cases.common import audit_actions, details
from tests.hub.publishing.common import (
    FACE_AT,
    FACE_SIZE,
    PLATE_H,
    PLATE_W,
    PublishWorld,
    box_px,
    correlation,
    detail,
    overlaps,
    plate_at,
    read_frames,
    region,
    sha256_of,
)

MASK = [[0.0, 0.0], [0.15, 0.0], [0.15, 0.12], [0.0, 0.12]]  # top-left corner


def _rows(pw: PublishWorld) -> int:
    with transaction(pw.w.live.hub.sessions) as s:
        return int(s.scalar(select(func.count()).select_from(Publication)) or 0)


def _post(pw: PublishWorld, user: str, path: str, body: Any) -> Any:
    with pw.http(user) as http:
        return http.post(path, json=body, timeout=600)


def _set_mask(pw: PublishWorld) -> None:
    with pw.http("ioc_admin") as http:
        r = http.put(
            f"/api/cameras/{pw.w.camera_id}/privacy-masks", json={"masks": [{"vertices": MASK}]}
        )
        assert r.status_code == 200, r.text


def test_nothing_is_published_before_the_conclusion_nor_by_the_wrong_people(
    pub_world: PublishWorld,
) -> None:
    pw = pub_world
    draft = pw.case(conclude=False)
    cid = draft["id"]
    medium = pw.medium(draft, "clip")["id"]
    base = f"/api/cases/{cid}/publications"
    r = _post(pw, "ioc_sup", f"{base}/proposals", {"medium_id": medium})
    assert r.status_code == 409 and r.json()["code"] == "publishing.case_not_concluded", r.text
    r = _post(pw, "ioc_sup", base, {"medium_id": medium, "channel": "city_app", "tracks": []})
    assert r.status_code == 409 and r.json()["code"] == "publishing.case_not_concluded", r.text
    r = _post(pw, "ioc_sup", f"{base}/preview", {"medium_id": medium, "t": 0, "tracks": []})
    assert r.status_code == 409, r.text
    # Without the right (the IOC operator, the case worker): 403, audited.
    r = _post(pw, "ioc_op", f"{base}/proposals", {"medium_id": medium})
    assert r.status_code == 403 and r.json()["detail"]["reason"] == "no_publish_right"
    r = _post(pw, "ioc_cw", base, {"medium_id": medium, "channel": "city_app", "tracks": []})
    assert r.status_code == 403 and r.json()["detail"]["reason"] == "no_publish_right"
    assert _rows(pw) == 0
    assert audit_actions(pw.w, "publishing.") == [
        ("publishing.propose", "denied", "publishing.case_not_concluded"),
        ("publishing.publish", "denied", "publishing.case_not_concluded"),
        ("publishing.preview", "denied", "publishing.case_not_concluded"),
        ("publishing.propose", "denied", "no_publish_right"),
        ("publishing.publish", "denied", "no_publish_right"),
    ]

    # Concluded: a police supervisor, who sees the case, still may not publish it.
    done = pw.case()
    cid = done["id"]
    medium = pw.medium(done, "clip")["id"]
    r = _post(pw, "city_sup", f"/api/cases/{cid}/publications/proposals", {"medium_id": medium})
    assert r.status_code == 403 and r.json()["detail"]["reason"] == "wrong_unit", r.text
    assert audit_actions(pw.w, "publishing.")[-1] == ("publishing.propose", "denied", "wrong_unit")


def _plate_boxes(frame_index: int, fps: float = 25.0) -> tuple[int, int, int, int]:
    x, y = plate_at(frame_index / fps)
    return x, y, x + PLATE_W, y + PLATE_H


def _track_box(track: dict[str, Any], t: float, width: int, height: int) -> Any:
    frames = track["keyframes"]
    if t < frames[0]["t"] or t > frames[-1]["t"]:
        return None
    for a, b in zip(frames, frames[1:] or frames, strict=False):
        if a["t"] <= t <= b["t"]:
            f = 0.0 if b["t"] == a["t"] else (t - a["t"]) / (b["t"] - a["t"])
            k = {c: a[c] + (b[c] - a[c]) * f for c in "xywh"}
            return box_px(k, width, height)
    return box_px(frames[-1], width, height)


def test_a_clip_is_proposed_adjusted_published_and_recorded(pub_world: PublishWorld) -> None:
    pw = pub_world
    case = pw.case()
    cid = case["id"]
    medium, original = pw.add_planted_clip(case)
    before = sha256_of(original)
    _set_mask(pw)
    base = f"/api/cases/{cid}/publications"

    # 1. The hub proposes: the plate, tracked across the clip, and the face.
    r = _post(pw, "ioc_sup", f"{base}/proposals", {"medium_id": medium})
    assert r.status_code == 200, r.text
    proposal = r.json()
    assert (proposal["kind"], proposal["width"], proposal["height"]) == ("clip", 1280, 720)
    duration = proposal["duration_s"]
    assert duration > 4
    plates = [t for t in proposal["tracks"] if t["kind"] == "plate"]
    faces = [t for t in proposal["tracks"] if t["kind"] == "face"]
    assert plates and faces, proposal["tracks"]
    face_square = (FACE_AT[0], FACE_AT[1], FACE_AT[0] + FACE_SIZE, FACE_AT[1] + FACE_SIZE)
    face_track = max(
        faces, key=lambda t: overlaps(face_square, box_px(t["keyframes"][0], 1280, 720))
    )
    # The moving plate is covered by one track over (nearly) the whole clip.
    plate_track = max(plates, key=lambda t: t["keyframes"][-1]["t"] - t["keyframes"][0]["t"])
    assert plate_track["keyframes"][0]["t"] <= 0.5
    assert plate_track["keyframes"][-1]["t"] >= duration - 0.6
    for n in range(0, int(duration * 25) - 1, 10):
        box = _track_box(plate_track, n / 25, 1280, 720)
        assert box is not None and overlaps(box, _plate_boxes(n)) > 0.9, (n, box)
    face_box = box_px(face_track["keyframes"][0], 1280, 720)
    assert overlaps(face_square, face_box) > 0.9  # the box lies on the drawn face

    # 2. The operator adjusts: drops every other proposal, adds a manual box.
    manual = {
        "id": "manual-1",
        "kind": "manual",
        "keyframes": [
            {"t": 1.0, "x": 0.5, "y": 0.6, "w": 0.1, "h": 0.1},
            {"t": 3.0, "x": 0.6, "y": 0.6, "w": 0.1, "h": 0.1},
        ],
    }
    tracks = [plate_track, face_track, manual]

    # The preview shows the frame as it will be published.
    r = _post(pw, "ioc_sup", f"{base}/preview", {"medium_id": medium, "t": 2.0, "tracks": tracks})
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg", r.text
    shown = cv2.imdecode(np.frombuffer(r.content, np.uint8), cv2.IMREAD_COLOR)
    assert shown.shape == (720, 1280, 3)
    plate_then = _track_box(plate_track, 2.0, 1280, 720)
    assert detail(region(shown, plate_then)) < 20

    # 3. Published: the copy is rendered and recorded.
    r = _post(
        pw,
        "ioc_sup",
        base,
        {"medium_id": medium, "channel": "city_app", "tracks": tracks, "note": "Ứng dụng"},
    )
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["status"] == "ready" and out["tracks"] == 3 and out["channel"] == "city_app"
    assert out["original_sha256"] == before and out["medium_id"] == medium
    with pw.http("ioc_sup") as http:
        got = http.get(f"{base}/{out['id']}/file", timeout=120)
    assert got.status_code == 200 and got.headers["content-type"] == "video/mp4"
    assert sha256_of_bytes(got.content) == out["sha256"] == got.headers["x-content-sha256"]
    copy = pw.ev.tmp / "published.mp4"
    copy.write_bytes(got.content)

    # 4. The picture: no detail inside the boxes, the original elsewhere, the mask black.
    originals, published = read_frames(original), read_frames(copy)
    assert len(published) == len(originals)
    mask_box = (0, 0, int(0.15 * 1280), int(0.12 * 720))
    for n in range(0, len(originals), 12):
        t = n / 25
        a, b = originals[n], published[n]
        for track in tracks:
            box = _track_box(track, t, 1280, 720)
            if box is None:
                continue
            before_px, after_px = detail(region(a, box)), detail(region(b, box))
            if track["kind"] != "manual":  # there was detail, and a fifth of it is left
                assert before_px > 20 and after_px < before_px / 5, (n, track, before_px, after_px)
            assert after_px < 25, (n, track["id"], after_px)  # the encoder's noise, no more
            assert abs(correlation(region(a, box), region(b, box))) < 0.2, (n, track["id"])
        # Outside every box (and the mask, and a margin for the encoder's blocks): the
        # original picture.
        keep = np.ones(a.shape[:2], bool)
        for box in [_track_box(tr, t, 1280, 720) for tr in tracks] + [mask_box]:
            if box is not None:
                keep[max(0, box[1] - 16) : box[3] + 16, max(0, box[0] - 16) : box[2] + 16] = False
        diff = np.abs(a.astype(np.int16) - b.astype(np.int16))[keep]
        assert diff.mean() < 3.0, (n, diff.mean())
        assert b[8 : mask_box[3] - 8, 8 : mask_box[2] - 8].max() < 24  # painted black
    assert sha256_of(original) == before  # the original is untouched

    # 5. Recorded: the row and the audit trail; another hub process sees it.
    with transaction(pw.w.live.hub.sessions) as s:
        row = s.scalars(select(Publication)).one()
        assert [t["id"] for t in json.loads(row.tracks_json)] == [
            plate_track["id"],
            face_track["id"],
            "manual-1",
        ]
        assert (row.original_sha256, row.sha256) == (before, out["sha256"])
        assert row.published_by == pw.w.user_id("ioc_sup") and row.note == "Ứng dụng"
        assert json.loads(row.masks_json) == [MASK]
    actions = [a for a, o, _ in audit_actions(pw.w, "publishing.") if o == "success"]
    assert actions == [
        "publishing.propose",
        "publishing.preview",
        "publishing.publish",
        "publishing.build",
        "publishing.download",
    ]
    (build,) = details(pw.w, "publishing.build")
    assert build["sha256"] == out["sha256"] and build["original_sha256"] == before
    (published_detail,) = details(pw.w, "publishing.publish")
    assert len(published_detail["tracks"]) == 3
    other = LiveHub(pw.w.live.hub.settings, pw.w.live.clock).start()
    try:
        with other.client(pw.w.tokens["ioc_cw"]) as http:
            listed = http.get(base).json()
        assert [p["id"] for p in listed] == [out["id"]]
        assert listed[0]["sha256"] == out["sha256"] and listed[0]["published_by"]
        with other.client(pw.w.tokens["ioc_sup"]) as http:
            again = http.get(f"{base}/{out['id']}/file", timeout=120)
        assert sha256_of_bytes(again.content) == out["sha256"]
    finally:
        other.stop()
    assert [a for a, o, _ in audit_actions(pw.w, "publishing.download")] == [
        "publishing.download",
        "publishing.download",
    ]
    # Reading is for whoever sees the case; the file is for publishers (audited).
    with pw.http("ioc_cw") as http:
        r = http.get(f"{base}/{out['id']}/file")
    assert r.status_code == 403 and r.json()["detail"]["reason"] == "no_publish_right"


def sha256_of_bytes(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_a_snapshot_is_published_as_a_blurred_jpeg(pub_world: PublishWorld) -> None:
    pw = pub_world
    case = pw.case()
    cid = case["id"]
    medium, original = pw.add_planted_snapshot(case)
    before = sha256_of(original)
    base = f"/api/cases/{cid}/publications"
    r = _post(pw, "ioc_sup", f"{base}/proposals", {"medium_id": medium})
    assert r.status_code == 200, r.text
    proposal = r.json()
    assert proposal["kind"] == "snapshot" and proposal["duration_s"] == 0
    kinds = {t["kind"] for t in proposal["tracks"]}
    assert {"plate", "face"} <= kinds, proposal["tracks"]
    assert all([k["t"] for k in t["keyframes"]] == [0.0] for t in proposal["tracks"])
    plate = next(
        t
        for t in proposal["tracks"]
        if t["kind"] == "plate"
        and overlaps(box_px(t["keyframes"][0], 1280, 720), _plate_boxes(0)) > 0.9
    )
    r = _post(pw, "ioc_sup", base, {"medium_id": medium, "channel": "city_app", "tracks": [plate]})
    assert r.status_code == 201 and r.json()["status"] == "ready", r.text
    with pw.http("ioc_sup") as http:
        got = http.get(f"{base}/{r.json()['id']}/file")
    assert got.headers["content-type"] == "image/jpeg"
    a = cv2.imread(str(original))
    b = cv2.imdecode(np.frombuffer(got.content, np.uint8), cv2.IMREAD_COLOR)
    box = box_px(plate["keyframes"][0], 1280, 720)
    assert detail(region(a, box)) > 50 and detail(region(b, box)) < 20
    assert abs(correlation(region(a, box), region(b, box))) < 0.2
    # The face was not chosen (the operator decides): it stays as it was.
    face = (FACE_AT[0], FACE_AT[1], FACE_AT[0] + FACE_SIZE, FACE_AT[1] + FACE_SIZE)
    assert correlation(region(a, face), region(b, face)) > 0.9
    assert sha256_of(original) == before


def test_bad_input_is_refused_and_stores_nothing(pub_world: PublishWorld) -> None:
    pw = pub_world
    case = pw.case()
    cid = case["id"]
    clip = pw.medium(case, "clip")
    base = f"/api/cases/{cid}/publications"

    def track(**k: Any) -> dict[str, Any]:
        frame = {"t": 0.0, "x": 0.1, "y": 0.1, "w": 0.1, "h": 0.1} | k
        return {"id": "m1", "kind": "manual", "keyframes": [frame]}

    def body(*tracks: dict[str, Any], **more: Any) -> dict[str, Any]:
        return {"medium_id": clip["id"], "channel": "city_app", "tracks": list(tracks)} | more

    cases: list[tuple[dict[str, Any], int, str]] = [
        (body(track(x=0.95)), 422, "invalid_input"),  # leaves the picture
        (body(track(w=0.0)), 422, "invalid_input"),  # no size
        (body(track(x=-0.1)), 422, "invalid_input"),
        (body(track(w=float("nan"))), 422, "invalid_input"),
        (body(track(t=clip["duration_seconds"] + 5)), 422, "publishing.time_outside"),
        (body(track(), track()), 422, "invalid_input"),  # the same id twice
        (
            body({"id": "m1", "kind": "manual", "keyframes": [track()["keyframes"][0]] * 2}),
            422,
            "invalid_input",
        ),  # times not increasing
        (body(*[track() | {"id": f"m{n}"} for n in range(201)]), 422, "invalid_input"),
        (body(track(), channel="facebook"), 422, "invalid_input"),
        (body(track(), medium_id=999_999), 404, "publishing.medium_not_found"),
        (body(track(), note="a\x00b"), 422, "invalid_input"),
        (body({"id": "m1", "kind": "robot", "keyframes": [track()["keyframes"][0]]}), 422,
         "invalid_input"),
    ]  # fmt: skip
    for payload, status, code in cases:
        with pw.http("ioc_sup") as http:
            r = http.post(
                base,
                content=json.dumps(payload, allow_nan=True),
                headers={"Content-Type": "application/json"},
            )
        assert (r.status_code, r.json()["code"]) == (status, code), (payload, r.text)
    # A medium of another case is not this case's.
    other = pw.case(conclude=False)
    r = _post(pw, "ioc_sup", base, body(medium_id=pw.medium(other, "clip")["id"]))
    assert (r.status_code, r.json()["code"]) == (404, "publishing.medium_not_found")
    r = _post(pw, "ioc_sup", f"{base}/preview", {"medium_id": clip["id"], "t": 9999.0})
    assert (r.status_code, r.json()["code"]) == (422, "publishing.time_outside")
    assert _rows(pw) == 0
    assert [a for a, o, _ in audit_actions(pw.w, "publishing.") if o == "success"] == []
