# SPDX-License-Identifier: GPL-3.0-or-later
"""Event snapshots and incident attachments, stored by their SHA-256.

A file is written durably by the archive's :func:`hub.archive.snapshots.store_file`
(temporary name, fsync, rename) and then renamed to its hash: the same picture sent
twice is kept once, and a row names its file by the hash it was checked against. A file
whose row rolled back stays as an orphan (another row may hold the same hash); the
retention purge removes files no row names.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from pathlib import Path

from hub.archive.snapshots import JPEG_MAGIC, store_file
from hub.context import Hub

_HASH = re.compile(r"^[0-9a-f]{64}$")


def file_dir(hub: Hub) -> Path:
    """Where event files live (``settings.incidents.file_dir`` or ``<data dir>/event-files``)."""
    configured = hub.settings.incidents.file_dir
    return configured if configured is not None else hub.settings.data_dir / "event-files"


def is_jpeg(data: bytes) -> bool:
    """Whether ``data`` looks like a whole JPEG (start and end markers)."""
    return data.startswith(JPEG_MAGIC) and data.rstrip(b"\x00").endswith(b"\xff\xd9")


def store(hub: Hub, data: bytes) -> str:
    """Keep ``data`` under its SHA-256 (once); returns the hash.

    Raises:
        HubError: 507 ``snapshot.failed`` (disk full, permissions).
    """
    directory = file_dir(hub)
    digest = hashlib.sha256(data).hexdigest()
    final = directory / digest
    if final.exists():
        return digest
    stored = store_file(directory, data)
    try:
        os.replace(directory / stored.file_name, final)
    except OSError:
        with contextlib.suppress(OSError):
            (directory / stored.file_name).unlink()
        raise
    return digest


def read(hub: Hub, digest: str) -> bytes | None:
    """The file of ``digest`` if it is there and still has that hash, else ``None``."""
    if not _HASH.match(digest):
        return None
    try:
        data = (file_dir(hub) / digest).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def remove_unreferenced(hub: Hub, referenced: set[str], older_than: float) -> int:
    """Delete stored files no row names any more and last written before ``older_than``
    (a POSIX time: a file whose row is still being committed is young); how many."""
    directory = file_dir(hub)
    removed = 0
    if not directory.is_dir():
        return 0
    for path in directory.iterdir():
        if not _HASH.match(path.name) or path.name in referenced:
            continue
        with contextlib.suppress(OSError):
            if path.stat().st_mtime >= older_than:
                continue
            path.unlink()
            removed += 1
    return removed
