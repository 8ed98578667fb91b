# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence snapshots: one frame grabbed by the hub from the device, kept with its hash.

The hub, not the console, takes the picture: the console never meets the device, and a
picture the hub fetched itself is one it can vouch for. ``ffmpeg`` reads one frame (live:
the device's RTSP over TCP; archive: a private relay output replaying from the asked time,
see :func:`grab_archive_frame`) and writes a JPEG to a pipe;
the file is written to a temporary name, fsynced and renamed, and its row (SHA-256,
size, camera, frame time, taker) is added in the request's transaction. If the
transaction rolls back, the file is removed: there is never a row without its file nor
a file without its row. The device URL (it holds the credentials) is never logged, and
ffmpeg's own messages (which may quote it) are dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from hub.archive import recordings
from hub.archive.contracts import SnapshotOut, SnapshotRequest
from hub.archive.models import EvidenceSnapshot
from hub.archive.service import (
    archive_limit,
    check_depth,
    check_not_future,
    replay_source,
    require_recording,
)
from hub.auth.principal import Principal
from hub.catalog.access import device_access, use_camera
from hub.clock import as_utc
from hub.context import Hub
from hub.contracts import Permission
from hub.errors import HubError
from hub.media import RelayError
from hub.scope.service import require_permission
from hub.streams.service import NAME as RELAY
from hub.streams.service import RelayService

log = logging.getLogger(__name__)

MAX_JPEG_BYTES = 20 * 1024 * 1024
JPEG_MAGIC = b"\xff\xd8\xff"


@dataclass(frozen=True)
class StoredFile:
    """A JPEG written durably under the snapshot directory."""

    file_name: str
    sha256: str
    size: int


def snapshot_dir(hub: Hub) -> Path:
    """Where evidence JPEGs live (``settings.archive.snapshot_dir`` or data dir)."""
    configured = hub.settings.archive.snapshot_dir
    return configured if configured is not None else hub.settings.data_dir / "snapshots"


def ffmpeg_command(url: str) -> list[str]:
    """The ffmpeg command grabbing one frame of ``url`` (RTSP or SRT) as a JPEG on stdout."""
    # RTSP over TCP; an SRT (MPEG-TS) input is probed briefly: its first packets carry a
    # key frame with the codec parameters, and the default probing waits seconds more.
    if url.startswith("rtsp"):
        transport = ["-rtsp_transport", "tcp"]
    else:
        transport = ["-probesize", "262144", "-analyzeduration", "500000"]
    return [
        "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
        *transport, "-i", url,
        "-frames:v", "1", "-q:v", "2", "-f", "image2", "-c:v", "mjpeg", "-",
    ]  # fmt: skip


async def grab_archive_frame(
    hub: Hub, source_url: str, source_key: str, at: datetime, wait_seconds: float
) -> bytes:
    """One JPEG frame of the recording at ``at``.

    ONVIF replay needs ``Require: onvif-replay`` and ``Range: clock=`` on PLAY, which
    ffmpeg cannot send: when the hub's relay runs, the frame comes through a private relay
    output (the relay's ``rtspsrc onvif-mode`` seeks like an archive grant, nobody else
    knows its passphrase, and it is closed right after). Without a relay, ffmpeg reads
    the replay URI with the start in its query (``?start=``), which some devices (the
    simulator among them) accept.
    """
    service = hub.services.get(RELAY)
    if not isinstance(service, RelayService):
        query_url = f"{source_url}&start={at.timestamp():.3f}"
        return await grab_frame(query_url, wait_seconds)
    relay = service.grants.relay
    passphrase = secrets.token_urlsafe(24)
    try:
        output = await asyncio.to_thread(
            relay.open_output, source_key, source_url, passphrase, start=at.timestamp(), rate=1.0
        )
    except (RelayError, ValueError):
        raise HubError(502, "snapshot.failed", {"reason": "relay"}) from None
    try:
        return await grab_frame(f"{output.srt_url}&passphrase={passphrase}", wait_seconds)
    finally:
        await asyncio.to_thread(relay.close_output, output.output_id)


async def grab_frame(url: str, wait_seconds: float) -> bytes:
    """One JPEG frame of ``url``.

    Raises:
        HubError: 502 ``snapshot.failed`` (no frame: device, network, decoder or timeout).
    """
    try:
        proc = await asyncio.create_subprocess_exec(
            *ffmpeg_command(url),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,  # it may quote the URL: never kept
        )
    except OSError as exc:
        log.error("snapshot: cannot run ffmpeg (%s)", type(exc).__name__)
        raise HubError(502, "snapshot.failed", {"reason": "grabber"}) from None
    try:
        data, _ = await asyncio.wait_for(proc.communicate(), wait_seconds)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise HubError(502, "snapshot.failed", {"reason": "timeout"}) from None
    if proc.returncode != 0 or not data.startswith(JPEG_MAGIC) or len(data) > MAX_JPEG_BYTES:
        log.warning("snapshot: ffmpeg exit %s, %d bytes", proc.returncode, len(data))
        raise HubError(502, "snapshot.failed", {"reason": "no_frame"})
    return data


def store_file(directory: Path, data: bytes) -> StoredFile:
    """Write ``data`` durably (temp file, fsync, rename, fsync the directory).

    Raises:
        HubError: 507 ``snapshot.failed`` (disk full, permissions); nothing is left.
    """
    name = f"{secrets.token_hex(16)}.jpg"
    final = directory / name
    temp = directory / f".{name}.part"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, final)
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        with contextlib.suppress(OSError):
            final.unlink()
        log.error("snapshot: cannot store the file (%s)", exc.strerror or type(exc).__name__)
        raise HubError(507, "snapshot.failed", {"reason": "storage"}) from None
    return StoredFile(name, hashlib.sha256(data).hexdigest(), len(data))


def _remove_on_rollback(session: Session, path: Path) -> None:
    """Delete ``path`` if the request's transaction does not commit."""

    def _rolled_back(_session: Session) -> None:
        with contextlib.suppress(OSError):
            path.unlink()

    event.listen(session, "after_soft_rollback", lambda s, _t: _rolled_back(s), once=True)


def _out(row: EvidenceSnapshot) -> SnapshotOut:
    return SnapshotOut(
        id=row.id,
        camera_id=row.camera_id,
        sha256=row.sha256,
        captured_at=row.captured_at,
        size=row.size,
        source=row.source,
    )


async def take_snapshot(
    hub: Hub, session: Session, principal: Principal, camera_id: int, request: SnapshotRequest
) -> SnapshotOut:
    """Grab, store and register one frame (live, or archive at ``request.at``); audited.

    Raises:
        HubError: 403 (right, scope, ``archive.too_old``), 404, 409
            ``camera.no_recording`` / ``camera.stream_unavailable``, 422
            ``archive.in_future``, 502 ``snapshot.failed`` (device), 507 (storage).
    """
    camera, _decision = use_camera(hub, session, principal, camera_id, Permission.IMAGE_SNAPSHOT)
    device = device_access(camera)
    timeout = hub.settings.archive.device_timeout
    at: datetime | None = as_utc(request.at) if request.at is not None else None
    if at is None:
        url = device.rtsp_url(request.stream)
        captured_at = hub.clock.now()
    else:
        check_not_future(hub, at)
        require_permission(principal, Permission.IMAGE_ARCHIVE)
        check_depth(principal, archive_limit(hub, session, principal), camera.id, at)
        require_recording(camera)
        uri = await recordings.replay_uri(device, wait_seconds=timeout)
        url = replay_source(uri, device, request.stream)
        captured_at = at
    if at is None:
        data = await grab_frame(url, timeout)
    else:
        key = f"cam{camera.id}/{request.stream.value}/snapshot#{secrets.token_hex(4)}"
        data = await grab_archive_frame(hub, url, key, at, timeout)
    directory = snapshot_dir(hub)
    stored = await asyncio.to_thread(store_file, directory, data)
    _remove_on_rollback(session, directory / stored.file_name)
    row = EvidenceSnapshot(
        camera_id=camera.id,
        source="live" if at is None else "archive",
        file_name=stored.file_name,
        sha256=stored.sha256,
        size=stored.size,
        captured_at=captured_at,
        taken_by=principal.user_id,
        created_at=hub.clock.now(),
    )
    session.add(row)
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        "snapshot.take",
        object_type="snapshot",
        object_id=row.id,
        detail={
            "camera_id": camera.id,
            "source": row.source,
            "captured_at": captured_at.isoformat(),
            "sha256": stored.sha256,
            "size": stored.size,
        },
    )
    return _out(row)


def read_snapshot(
    hub: Hub, session: Session, principal: Principal, snapshot_id: int
) -> tuple[SnapshotOut, bytes]:
    """A stored snapshot and its JPEG, checked against its hash; the view is audited.

    Raises:
        HubError: 404 ``snapshot.not_found``; 403 (right, scope); 500 ``snapshot.corrupt``
            when the file is missing or its hash no longer matches.
    """
    row = session.get(EvidenceSnapshot, snapshot_id)
    if row is None:
        raise HubError(404, "snapshot.not_found")
    use_camera(hub, session, principal, row.camera_id, Permission.IMAGE_SNAPSHOT)
    try:
        data = (snapshot_dir(hub) / row.file_name).read_bytes()
    except OSError:
        data = b""
    if hashlib.sha256(data).hexdigest() != row.sha256:
        log.error("snapshot %d: file missing or altered", row.id)
        raise HubError(500, "snapshot.corrupt", {"snapshot_id": row.id})
    hub.audit.append(
        session,
        principal.actor,
        "snapshot.view",
        object_type="snapshot",
        object_id=row.id,
        detail={"camera_id": row.camera_id, "captured_at": as_utc(row.captured_at).isoformat()},
    )
    return _out(row), data
