# SPDX-License-Identifier: GPL-3.0-or-later
"""Assemble an evidence package from what the service read (no database here): the
watermarked copies, the data files, the key, the summary, then the manifest, its
signature and time-stamp, written as a ZIP beside the final path and renamed into it.

Video and pictures are stored uncompressed in the ZIP (they are compressed already and a
receiver can read them in place); JSON and the PDF are deflated. The layout is
:mod:`hub.evidence.manifest`'s.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hub.evidence.manifest import (
    FORMAT,
    MANIFEST,
    PUBLIC_KEY,
    SIGNATURE,
    SUMMARY,
    TIMESTAMP,
    TIMESTAMP_TOKEN,
    b64,
    canonical_json,
    content_digest,
    key_fingerprint,
    pretty_json,
    public_key_pem,
    sha256_hex,
    sign_timestamp,
)
from hub.evidence.render import watermark_copy, watermark_image
from hub.evidence.signing import Stamp
from hub.evidence.summary import SummaryFacts, local_time, summary_pdf
from hub.evidence.verify import TSA_CHAIN

Polygon = list[tuple[float, float]]


@dataclass(frozen=True)
class PackageMedium:
    """A clip or snapshot of the case and where its stored original is."""

    media_id: int
    kind: str  # "clip" or "snapshot"
    camera_id: int
    camera_name: str
    start: datetime
    end: datetime
    sha256: str
    size: int
    source: Path
    masks: Sequence[Polygon] = ()

    @property
    def suffix(self) -> str:
        return ".mp4" if self.kind == "clip" else ".jpg"

    @property
    def name(self) -> str:
        return f"{self.kind}-m{self.media_id}{self.suffix}"


@dataclass(frozen=True)
class PackagePlan:
    """Everything a package holds, read by the service before the slow part."""

    package_id: int
    number: str
    case_number: str
    unit_name: str
    created_at: datetime
    raw: bool
    requested_by: str
    approved_by: str | None
    purpose: str
    case: dict[str, Any]
    events: list[dict[str, Any]]
    custody: list[dict[str, Any]]
    media: list[PackageMedium]
    tsa_chain: bytes | None = None
    tsa_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def watermark(self) -> str:
        """The visible text on every copy: case number, unit, time of the export."""
        return f"{self.case_number} · {self.unit_name} · {local_time(self.created_at)}"


@dataclass(frozen=True)
class BuiltPackage:
    """The written package and what identifies it."""

    path: Path
    sha256: str
    size: int
    manifest_sha256: str
    content_sha256: str
    fingerprint: str
    timestamp: dict[str, Any]


def _file_sha256(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _media_entries(plan: PackagePlan, root: Path) -> list[dict[str, Any]]:
    """Render the copies (and copy the originals of a raw export) into ``root``."""
    out: list[dict[str, Any]] = []
    (root / "media").mkdir()
    if plan.raw:
        (root / "original").mkdir()
    text = plan.watermark()
    for m in plan.media:
        copy = root / "media" / m.name
        render = watermark_copy if m.kind == "clip" else watermark_image
        render(m.source, copy, text, m.masks)
        item: dict[str, Any] = {
            "media_id": m.media_id,
            "kind": m.kind,
            "camera_id": m.camera_id,
            "camera_name": m.camera_name,
            "start": m.start.isoformat(),
            "end": m.end.isoformat(),
            "original_sha256": m.sha256,
            "original_size": m.size,
            "copy": f"media/{m.name}",
            "watermark": text,
            "masks": [list(map(list, p)) for p in m.masks],
        }
        if plan.raw:
            original = root / "original" / m.name
            shutil.copyfile(m.source, original)
            if _file_sha256(original) != (m.sha256, m.size):
                raise OSError(f"medium {m.media_id}: the stored file is not its recorded hash")
            item["original"] = f"original/{m.name}"
        out.append(item)
    return out


def build_package(
    plan: PackagePlan,
    key: Ed25519PrivateKey,
    stamp: Callable[[bytes], Stamp],
    dst: Path,
) -> BuiltPackage:
    """Write the package of ``plan`` to ``dst`` (a ZIP), signed with ``key`` and
    time-stamped by ``stamp`` (called with the manifest's bytes).

    Raises:
        hub.evidence.render.RenderError: a copy could not be rendered.
        hub.evidence.signing.TimeStampUnavailable: from ``stamp``.
        OSError: a stored original is gone or altered, or the disk is full.
    """
    dst.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=dst.parent) as tmp:
        root = Path(tmp) / "package"
        root.mkdir()
        media = _media_entries(plan, root)
        public = key.public_key()
        fingerprint = key_fingerprint(public)
        (root / PUBLIC_KEY).write_bytes(public_key_pem(public))
        package_info = {
            "id": plan.package_id,
            "number": plan.number,
            "created_at": plan.created_at.isoformat(),
            "requested_by": plan.requested_by,
            "approved_by": plan.approved_by,
            "purpose": plan.purpose,
            "raw": plan.raw,
            **plan.extra,
        }
        (root / "case.json").write_bytes(
            pretty_json({"package": package_info, "case": plan.case, "media": media})
        )
        (root / "events.json").write_bytes(pretty_json({"events": plan.events}))
        (root / "custody.json").write_bytes(pretty_json({"custody": plan.custody}))
        if plan.tsa_chain:
            (root / TSA_CHAIN).write_bytes(plan.tsa_chain)
        files = _entries(root)
        content = content_digest(files)
        facts = SummaryFacts(
            package_number=plan.number,
            case=plan.case,
            unit_name=plan.unit_name,
            created_at=plan.created_at,
            requested_by=plan.requested_by,
            approved_by=plan.approved_by,
            raw=plan.raw,
            purpose=plan.purpose,
            files=files,
            content_sha256=content,
            fingerprint=fingerprint,
            timestamp_kind="rfc3161" if plan.tsa_url else "hub-signed",
            tsa_url=plan.tsa_url,
            custody=plan.custody,
        )
        (root / SUMMARY).write_bytes(summary_pdf(facts))
        files = _entries(root)
        manifest = {
            "format": FORMAT,
            "package": package_info,
            "case_number": plan.case_number,
            "hub": {"public_key_file": PUBLIC_KEY, "fingerprint": fingerprint},
            "content_sha256": content,
            "files": files,
        }
        manifest_bytes = canonical_json(manifest)
        (root / MANIFEST).write_bytes(manifest_bytes)
        (root / SIGNATURE).write_text(b64(key.sign(manifest_bytes)) + "\n", "ascii")
        stamped = stamp(manifest_bytes)
        (root / TIMESTAMP).write_bytes(pretty_json(sign_timestamp(key, stamped.info)))
        if stamped.token is not None:
            (root / TIMESTAMP_TOKEN).write_bytes(stamped.token)
        partial = Path(tmp) / "package.zip"
        _zip(root, partial)
        digest, size = _file_sha256(partial)
        os.replace(partial, dst)
    return BuiltPackage(
        path=dst,
        sha256=digest,
        size=size,
        manifest_sha256=sha256_hex(manifest_bytes),
        content_sha256=content,
        fingerprint=fingerprint,
        timestamp=stamped.info,
    )


def _entries(root: Path) -> list[dict[str, Any]]:
    out = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        if name in (MANIFEST, SIGNATURE, TIMESTAMP, TIMESTAMP_TOKEN):
            continue
        digest, size = _file_sha256(path)
        out.append({"path": name, "sha256": digest, "size": size})
    return out


def _zip(root: Path, dst: Path) -> None:
    with zipfile.ZipFile(dst, "w") as zf:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            stored = path.suffix in (".mp4", ".jpg")
            zf.write(
                path, name, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            )
    with dst.open("rb+") as fh:
        os.fsync(fh.fileno())
