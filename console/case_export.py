# SPDX-License-Identifier: GPL-3.0-or-later
"""The workstation's part of exporting a case's raw media (TN 9.2c): the removable volume,
its identifier, and the copy that is checked byte for byte.

The operator chooses a mounted volume (a directory chooser opening at ``/media/$USER``).
Its **identifier** is read from the device, never typed: the disk's hardware serial
number as ``lsblk -J -o NAME,UUID,SERIAL,MOUNTPOINT`` reports it for the disk holding the
mount (a partition inherits its disk's), else the filesystem UUID (``lsblk``'s, or the
``/dev/disk/by-uuid`` link naming the mounted device). The register of storage devices
(:mod:`hub.cases.export`) stores exactly that string: the storage-device dialog reads it
from the plugged device the same way (:func:`volume_identifier`), so what is registered
is what an export reads. A serial outlives reformatting; a UUID is the fallback for
readers that hide the serial.

The hub checks the identifier against the register first (refused and audited when not
registered: nothing is written then). Then each medium is downloaded through the hub
(``GET /api/cases/{id}/media/{media_id}?export_id=…``, audited there) into
``<volume>/<case number>_export-<id>/``: written under a temporary name, fsynced, its
SHA-256 compared with the hub's, renamed, the directory fsynced, and read back from the
device (the page cache dropped first) to compare the hash again. A ``manifest.json``
beside the files names the case, the export, the device, who, when and every file with
its hash. Whatever went wrong (device removed or swapped, disk full, hash mismatch) is
said per file and reported to the hub (``…/exports/{id}/copy``, audited); a file that
failed is removed, never left looking complete.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import getpass
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hub.cases import contracts as cc
from hub.client import HubApiError, HubClient

IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{3,99}$")  # as the register takes it
CHUNK = 1 << 20
RESERVE_BYTES = 1 << 20  # room left for the manifest and the filesystem's own needs
MANIFEST = "manifest.json"
DEVICE_GONE = frozenset({errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ESTALE})
FULL = frozenset({errno.ENOSPC, errno.EDQUOT})

Run = Callable[[list[str]], str]


class CopyError(Exception):
    """A copy failed; ``code`` is what the operator reads and the hub records."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def error_code(exc: BaseException) -> str:
    """A stable code for what went wrong writing to the device."""
    if isinstance(exc, CopyError):
        return exc.code
    if isinstance(exc, HubApiError):
        return "download_failed"
    if isinstance(exc, OSError):
        if exc.errno in FULL:
            return "disk_full"
        if exc.errno in DEVICE_GONE:
            return "device_removed"
        if exc.errno == errno.EROFS:
            return "read_only"
    return "write_failed"


# --- the volume and its identifier -----------------------------------------------------------


def default_media_dir() -> Path:
    """Where removable volumes are mounted for this user (``/media/$USER``)."""
    user = os.environ.get("USER") or getpass.getuser()
    return Path("/media") / user


def mount_point(path: Path) -> Path:
    """The mount point holding ``path``."""
    current = path.resolve()
    while not os.path.ismount(current) and current != current.parent:
        current = current.parent
    return current


def _run(argv: list[str]) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    return done.stdout if done.returncode == 0 else ""


def _valid(value: object) -> str | None:
    text = str(value).strip() if value else ""
    return text if IDENTIFIER.match(text) else None


def _from_lsblk(listing: str, mount: Path) -> str | None:
    try:
        devices = json.loads(listing).get("blockdevices", [])
    except (ValueError, AttributeError):
        return None

    def walk(nodes: list[dict[str, Any]], serial: str | None) -> str | None:
        for node in nodes:
            own = _valid(node.get("serial")) or serial
            points = node.get("mountpoints") or [node.get("mountpoint")]
            if str(mount) in [str(p) for p in points if p]:
                return own or _valid(node.get("uuid"))
            found = walk(node.get("children") or [], own)
            if found:
                return found
        return None

    return walk(devices, None)


def _from_by_uuid(mount: Path, by_uuid: Path = Path("/dev/disk/by-uuid")) -> str | None:
    device = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/mountinfo").read_text().splitlines():
            fields = line.split()
            if len(fields) > 4 and fields[4] == str(mount) and " - " in line:
                device = line.split(" - ", 1)[1].split()[1]
    if device is None or not by_uuid.is_dir():
        return None
    for link in by_uuid.iterdir():
        with contextlib.suppress(OSError):
            if link.resolve() == Path(device).resolve():
                return _valid(link.name)
    return None


def volume_identifier(path: Path, run: Run = _run) -> str | None:
    """The identifier of the device mounted at (or holding) ``path``: its disk's serial,
    else its filesystem UUID; None when neither can be read (see the module doc)."""
    mount = mount_point(path)
    found = _from_lsblk(run(["lsblk", "-J", "-o", "NAME,UUID,SERIAL,MOUNTPOINT"]), mount)
    return found or _from_by_uuid(mount)


# --- the copy --------------------------------------------------------------------------------


@dataclass
class CopiedFile:
    """What happened to one medium of the export."""

    media_id: int
    kind: str
    file: str
    size: int
    sha256: str  # the hub's
    ok: bool = False
    written_sha256: str | None = None  # read back from the device
    error: str | None = None


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _finish(handle: Any) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()


def read_back(path: Path) -> str:
    """The SHA-256 of a file as the device holds it (its cached pages dropped first, so
    the bytes come from the device, not from what was just written to memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        with contextlib.suppress(AttributeError, OSError):
            os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


async def download(
    client: HubClient,
    case_id: int,
    media_id: int,
    sha256: str,
    target: Path,
    export_id: int | None = None,
) -> str:
    """Download a medium through the hub into ``target`` (temporary name, fsync, hash
    checked against the hub's, rename, directory fsync); its SHA-256.

    Raises:
        CopyError: ``hash_mismatch``; HubApiError; OSError (nothing is left behind).
    """
    part = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    handle = await asyncio.to_thread(part.open, "wb")

    async def write(chunk: bytes) -> None:
        digest.update(chunk)
        await asyncio.to_thread(handle.write, chunk)

    try:
        stated = await client.download_case_media(case_id, media_id, write, export_id=export_id)
        await asyncio.to_thread(_finish, handle)
        got = digest.hexdigest()
        if got != sha256 or (stated and stated != sha256):
            raise CopyError("hash_mismatch")
        await asyncio.to_thread(os.replace, part, target)
        await asyncio.to_thread(_fsync_dir, target.parent)
    except BaseException:
        handle.close()
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    return got


def file_name(number: str, medium: cc.CaseMediaOut) -> str:
    """The name a medium gets on the device."""
    return f"{number}-m{medium.id}{'.mp4' if medium.kind is cc.MediaKind.CLIP else '.jpg'}"


@dataclass
class ExportCopy:
    """One export being copied to a volume (see the module doc)."""

    client: HubClient
    case: cc.CaseDetail
    export: cc.ExportOut
    volume: Path
    read_identifier: Callable[[Path], str | None]
    now: Callable[[], datetime]
    files: list[CopiedFile] | None = None
    folder: Path | None = None
    manifest_sha256: str | None = None
    error: str | None = None
    reported: bool = False  # the hub has the account of the copy

    def _media(self) -> Iterator[tuple[cc.CaseMediaOut, CopiedFile]]:
        for medium in self.export.items:
            name = file_name(self.case.number, medium)
            yield medium, CopiedFile(medium.id, medium.kind.value, name, medium.size, medium.sha256)

    async def run(self) -> bool:
        """Copy every file, write the manifest, report to the hub; True when all of it
        was written and read back with the hub's hashes."""
        pairs = list(self._media())
        self.files = [f for _m, f in pairs]
        try:
            await self._check_volume(sum(m.size for m, _f in pairs))
            self.folder = self.volume / f"{self.case.number}_export-{self.export.id}"
            await asyncio.to_thread(self.folder.mkdir, parents=True, exist_ok=True)
        except (OSError, CopyError) as exc:
            self.error = error_code(exc)
        for medium, copied in pairs:
            if self.error is not None:
                copied.error = copied.error or self.error
                continue
            await self._copy(medium, copied)
        if self.folder is not None and self.error is None:
            try:
                await asyncio.to_thread(self._write_manifest)
            except OSError as exc:
                self.error = error_code(exc)
        await self._report()
        return self.error is None and all(f.ok for f in self.files)

    async def _check_volume(self, total: int) -> None:
        identifier = await asyncio.to_thread(self.read_identifier, self.volume)
        if identifier != self.export.device_identifier:
            raise CopyError("device_changed")  # another device than the hub checked
        free = (await asyncio.to_thread(shutil.disk_usage, self.volume)).free
        if free < total + RESERVE_BYTES:
            raise CopyError("disk_full")

    async def _copy(self, medium: cc.CaseMediaOut, copied: CopiedFile) -> None:
        assert self.folder is not None
        target = self.folder / copied.file
        try:
            await download(
                self.client, self.case.id, medium.id, medium.sha256, target, self.export.id
            )
            copied.written_sha256 = await asyncio.to_thread(read_back, target)
            if copied.written_sha256 != medium.sha256:
                raise CopyError("hash_mismatch")
            copied.ok = True
        except (OSError, HubApiError, CopyError) as exc:
            copied.error = error_code(exc)
            with contextlib.suppress(OSError):
                target.unlink()
            if copied.error in ("device_removed", "disk_full", "read_only"):
                self.error = copied.error  # nothing more can go to this device

    def manifest(self) -> dict[str, Any]:
        """What the manifest says."""
        e = self.export
        return {
            "format": "vwall-export/1",
            "case": {"id": self.case.id, "number": self.case.number},
            "export": {
                "id": e.id,
                "request_id": e.request_id,
                "purpose": e.purpose,
                "recipient_agency": e.recipient_agency,
                "consent_document_number": e.consent_document_number,
            },
            "device_identifier": e.device_identifier,
            "performed_by": e.performed_by,
            "performed_at": e.performed_at.isoformat(),
            "copied_at": self.now().isoformat(),
            "media": [
                {**asdict(f), "camera_id": m.camera_id, "start": m.start.isoformat()}
                | {"end": m.end.isoformat(), "duration_seconds": m.duration_seconds}
                for m, f in zip(e.items, self.files or [], strict=True)
            ],
        }

    def _write_manifest(self) -> None:
        assert self.folder is not None
        data = json.dumps(self.manifest(), ensure_ascii=False, indent=2).encode()
        path = self.folder / MANIFEST
        part = path.with_name(MANIFEST + ".part")
        with part.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, path)
        _fsync_dir(self.folder)
        self.manifest_sha256 = read_back(path)

    async def _report(self) -> None:
        files = [
            cc.CopiedFile(media_id=f.media_id, ok=f.ok, sha256=f.written_sha256, error=f.error)
            for f in self.files or []
        ]
        req = cc.ExportCopyIn(
            device_identifier=self.export.device_identifier,
            files=files,
            manifest_sha256=self.manifest_sha256,
            error=self.error,
        )
        # The copy stands whatever the hub answers; the operator is told either way.
        try:
            await self.client.report_export_copy(self.case.id, self.export.id, req)
            self.reported = True
        except HubApiError:
            self.reported = False
