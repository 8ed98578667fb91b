# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence packages from a case with real simulator video: the package verifies
offline with the real ``vwall-verify`` (a directory or the ZIP), and every change to it
is named — one byte of any file, a file removed or added, the manifest re-signed with
another key; the summary PDF reads back in Vietnamese; it is fetched once."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pypdf import PdfReader

from hub.archive.clips import clip_dir
from hub.db import transaction
from hub.evidence.manifest import (
    MANIFEST,
    PUBLIC_KEY,
    SIGNATURE,
    TIMESTAMP,
    b64,
    canonical_json,
    content_digest,
    key_fingerprint,
    pretty_json,
    public_key_pem,
    sha256_hex,
    sign_timestamp,
)
from hub.evidence.signing import hub_signed
from hub.privacy.models import PrivacyMask
from tests.hub.cases.common import audit_actions, details
from tests.hub.evidence.common import EvidenceWorld, verify


def _package(ev: EvidenceWorld) -> tuple[dict[str, Any], dict[str, Any], Path]:
    """A case with a clip and a snapshot exported as a package, fetched to a ZIP."""
    case = ev.case_with_media()
    cid = int(case["id"])
    rid = ev.approved_request(cid)
    r = ev.ask(cid, request_id=rid, device_identifier=ev.device())
    assert r.status_code == 201, r.text
    out = r.json()
    assert (out["status"], out["raw"], out["timestamp_kind"]) == ("ready", False, "hub-signed")
    got = ev.fetch(cid, out["id"])
    assert got.status_code == 200, got.text
    assert hashlib.sha256(got.content).hexdigest() == out["sha256"]
    assert got.headers["x-content-sha256"] == out["sha256"]
    path = ev.tmp / f"{out['number']}.zip"
    path.write_bytes(got.content)
    return case, out, path


def _unpacked(zip_path: Path, where: Path) -> Path:
    if where.exists():
        shutil.rmtree(where)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(where)
    return where


def _failures(result: Any) -> list[str]:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    return [line.removeprefix("FAIL ") for line in result.stdout.splitlines() if "FAIL" in line]


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _resign(root: Path, key: Ed25519PrivateKey, swap_key: bool) -> None:
    """Re-sign the manifest with ``key``; with ``swap_key`` also put that key into the
    package and make the manifest consistent with it (a careful forger)."""
    manifest = json.loads((root / MANIFEST).read_bytes())
    if swap_key:
        pem = public_key_pem(key.public_key())
        (root / PUBLIC_KEY).write_bytes(pem)
        for entry in manifest["files"]:
            if entry["path"] == PUBLIC_KEY:
                entry.update(sha256=sha256_hex(pem), size=len(pem))
        manifest["hub"]["fingerprint"] = key_fingerprint(key.public_key())
        manifest["content_sha256"] = content_digest(manifest["files"])
    data = canonical_json(manifest)
    (root / MANIFEST).write_bytes(data)
    (root / SIGNATURE).write_text(b64(key.sign(data)) + "\n")
    if swap_key:
        stamp = json.loads((root / TIMESTAMP).read_bytes())
        info = hub_signed(datetime.fromisoformat(stamp["time"]), data).info
        (root / TIMESTAMP).write_bytes(pretty_json(sign_timestamp(key, info)))


def test_a_package_verifies_offline_and_every_change_is_named(ev_world: EvidenceWorld) -> None:
    ev = ev_world
    case, out, zip_path = _package(ev)
    cid = int(case["id"])
    ok = verify(zip_path)
    assert ok.returncode == 0 and "OK" in ok.stdout, ok.stdout + ok.stderr
    with ev.w.http("ioc_cw") as http:
        key = http.get("/api/evidence/key").json()
    assert key["fingerprint"] == out["key_fingerprint"]
    assert verify(zip_path, "--trusted-key", key["fingerprint"]).returncode == 0
    assert verify(zip_path, "--trusted-key", key["public_key_pem"]).returncode == 0
    other = Ed25519PrivateKey.generate()
    stranger = key_fingerprint(other.public_key())
    refused = _failures(verify(zip_path, "--trusted-key", stranger))
    assert any(f.startswith("key not trusted") for f in refused), refused

    # What is inside: the copies, the data, the custody, the summary in Vietnamese.
    base = _unpacked(zip_path, ev.tmp / "base")
    assert verify(base).returncode == 0
    names = sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())
    clip = next(m for m in case["media"] if m["kind"] == "clip")
    snap = next(m for m in case["media"] if m["kind"] == "snapshot")
    assert f"media/clip-m{clip['id']}.mp4" in names
    assert f"media/snapshot-m{snap['id']}.jpg" in names
    assert not any(n.startswith("original/") for n in names)  # no raw footage asked
    data = json.loads((base / "case.json").read_bytes())
    assert data["case"]["number"] == case["number"]
    assert data["case"]["cameras"][0]["camera_id"] == ev.w.camera_id
    assert {m["original_sha256"] for m in data["media"]} == {clip["sha256"], snap["sha256"]}
    stamp = json.loads((base / TIMESTAMP).read_bytes())
    assert stamp["kind"] == "hub-signed" and "no time-stamping authority" in stamp["note"].lower()
    custody = json.loads((base / "custody.json").read_bytes())["custody"]
    actions = [c["action"] for c in custody]
    assert actions.count("case.add_media") == 2
    assert "case.export" in actions and "evidence.package_request" in actions
    assert all(len(c["record_hash"]) == 64 for c in custody)
    text = "\n".join(page.extract_text() for page in PdfReader(base / "summary.pdf").pages)
    for phrase in ("GÓI CHỨNG CỨ VỤ VIỆC VI PHẠM", "Vượt đèn đỏ", "Ngã tư Hoàng Văn Thụ"):
        assert phrase in text, phrase
    assert case["number"] in text and "Thời gian do hub tự ký" in text

    # One byte of any file.
    for name in names:
        copy = _unpacked(zip_path, ev.tmp / "t")
        _flip(copy / name)
        failures = _failures(verify(copy))
        if name == MANIFEST:
            # Whatever else it now says, the hub's signature no longer holds.
            assert "signature invalid" in failures or failures[0].startswith("manifest invalid"), (
                failures
            )
        elif name == SIGNATURE:
            assert failures == ["signature invalid"], failures
        elif name == TIMESTAMP:
            assert len(failures) == 1 and failures[0].startswith("time-stamp invalid"), failures
        else:
            assert f"file {name} hash mismatch" in failures, (name, failures)
    # The ZIP itself, one entry changed.
    bad_zip = ev.tmp / "bad.zip"
    with zipfile.ZipFile(zip_path) as src, zipfile.ZipFile(bad_zip, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "events.json":
                body = body.replace(b"events", b"evenTs", 1)
            dst.writestr(info, body)
    assert _failures(verify(bad_zip)) == ["file events.json hash mismatch"]

    # A file removed, a file added.
    copy = _unpacked(zip_path, ev.tmp / "t")
    (copy / f"media/clip-m{clip['id']}.mp4").unlink()
    assert _failures(verify(copy)) == [f"file media/clip-m{clip['id']}.mp4 missing"]
    copy = _unpacked(zip_path, ev.tmp / "t")
    (copy / "notes.txt").write_text("ghi chú")
    assert _failures(verify(copy)) == ["extra file notes.txt"]
    copy = _unpacked(zip_path, ev.tmp / "t")
    (copy / SIGNATURE).unlink()
    assert any("signature missing" in f for f in _failures(verify(copy)))

    # Re-signed with another key: the package's key does not verify it; a forger who
    # also swaps the key in is caught by the key the receiver trusts.
    copy = _unpacked(zip_path, ev.tmp / "t")
    _resign(copy, other, swap_key=False)
    assert "signature invalid" in _failures(verify(copy))
    copy = _unpacked(zip_path, ev.tmp / "t")
    _resign(copy, other, swap_key=True)
    assert verify(copy).returncode == 0  # self-consistent, signed by someone else…
    failures = _failures(verify(copy, "--trusted-key", key["fingerprint"]))
    assert failures == [f"key not trusted: signed by {stranger}, trusted is {key['fingerprint']}"]

    # Recorded with its hash; fetched once.
    build = details(ev.w, "evidence.package_build")
    assert build[-1]["sha256"] == out["sha256"] and build[-1]["package_id"] == out["id"]
    again = ev.fetch(cid, out["id"])
    assert (again.status_code, again.json()["code"]) == (409, "evidence.already_collected")
    assert ("evidence.package_download", "denied", "evidence.already_collected") in (
        audit_actions(ev.w, "evidence.package_download")
    )
    other_user = ev.fetch(cid, out["id"], "ioc_cw2")  # another person's package: not there
    assert (other_user.status_code, other_user.json()["code"]) == (
        404,
        "evidence.package_not_found",
    )


def test_the_original_stays_unaltered_and_the_copy_is_watermarked_and_masked(
    ev_world: EvidenceWorld,
) -> None:
    import cv2
    import numpy as np

    ev = ev_world
    mask = [(0.7, 0.05), (0.95, 0.05), (0.95, 0.3), (0.7, 0.3)]  # e.g. a home's window
    with transaction(ev.w.live.hub.sessions) as s:
        now = ev.w.now()
        s.add(
            PrivacyMask(
                camera_id=ev.w.camera_id,
                position=0,
                vertices_json=json.dumps(mask),
                created_at=now,
                updated_at=now,
            )
        )
    case, _out, zip_path = _package(ev)
    clip = next(m for m in case["media"] if m["kind"] == "clip")
    original = clip_dir(ev.w.live.hub) / f"{clip['sha256']}.mp4"
    assert hashlib.sha256(original.read_bytes()).hexdigest() == clip["sha256"]
    base = _unpacked(zip_path, ev.tmp / "base")
    copy = base / f"media/clip-m{clip['id']}.mp4"

    def first_frame(path: Path) -> Any:
        capture = cv2.VideoCapture(str(path))
        try:
            ok, frame = capture.read()
            assert ok, path
            return np.asarray(frame, np.int16)
        finally:
            capture.release()

    a, b = first_frame(original), first_frame(copy)
    assert a.shape == b.shape
    h, w = a.shape[:2]
    size = max(12, h // 24)
    band = (slice(h - 2 * size, h - size), slice(size, w // 3))  # the watermark's line
    far = (slice(0, h // 4), slice(w // 3, 2 * w // 3))  # nowhere near it
    assert float(np.abs(a[band] - b[band]).mean()) > 25.0  # the text is there
    assert float(np.abs(a[far] - b[far]).mean()) < 6.0  # the rest is the same picture
    masked = (slice(int(0.08 * h), int(0.27 * h)), slice(int(0.73 * w), int(0.92 * w)))
    assert float(b[masked].max()) <= 24 < float(a[masked].max())  # painted opaque
    ffprobe = __import__("subprocess").run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=codec_name",
            "-of",
            "csv=p=0",
            str(copy),
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert ffprobe.stdout.strip() == "h264"
    # The stored original is as it was (same bytes, same hash as the case recorded).
    assert hashlib.sha256(original.read_bytes()).hexdigest() == clip["sha256"]
    assert original.stat().st_size == clip["size"]
