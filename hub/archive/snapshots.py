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

No secret reaches ffmpeg's command line or environment, which every local user can read
in ``/proc/<pid>/cmdline`` and ``environ``: ffmpeg reads a one-entry ``ffconcat`` list
from its stdin (a pipe) naming the URL, with the input options as ``option`` lines, and
a protocol whitelist keeps it to the pipe and the stream's own protocols; its
environment holds only ``PATH`` and the locale.
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
from hub.archive.recordings import ChannelRecording
from hub.archive.service import (
    archive_limit,
    channel_recording,
    check_depth,
    check_not_future,
    remember_recording,
    replay_source,
    require_recording,
)
from hub.auth.principal import Principal
from hub.catalog.access import DeviceAccess, device_access, use_camera
from hub.catalog.models import Camera
from hub.clock import as_utc
from hub.context import Hub
from hub.contracts import Permission
from hub.errors import HubError
from hub.media import RelayError
from hub.privacy.service import apply_masks_jpeg, masks_of
from hub.scope.service import require_permission
from hub.streams.service import NAME as RELAY
from hub.streams.service import RelayService

log = logging.getLogger(__name__)

MAX_JPEG_BYTES = 20 * 1024 * 1024
JPEG_MAGIC = b"\xff\xd8\xff"


@dataclass(frozen=True)
class StoredFile:
    """A file written durably (a snapshot's JPEG, a clip's MP4): name, hash, size."""

    file_name: str
    sha256: str
    size: int


def snapshot_dir(hub: Hub) -> Path:
    """Where evidence JPEGs live (``settings.archive.snapshot_dir`` or data dir)."""
    configured = hub.settings.archive.snapshot_dir
    return configured if configured is not None else hub.settings.data_dir / "snapshots"


# What ffmpeg may open besides its stdin: RTSP interleaved over TCP (no RTP/UDP ports),
# RTSP over TLS, and the relay's private output (HTTP(S), or SRT). Never ``file``.
_PROTOCOLS = {
    "rtsp": "pipe,rtsp,tcp",
    "rtsps": "pipe,rtsps,tls,tcp",
    "http": "pipe,http,tcp",
    "https": "pipe,https,tls,tcp",
    "srt": "pipe,srt",
}


def _ffconcat_quote(value: str) -> str:
    """``value`` as one ffconcat token (single quotes; a quote itself as ``'\\''``)."""
    return "'" + value.replace("'", "'\\''") + "'"


def ffmpeg_input(url: str) -> tuple[list[str], bytes]:
    """The command grabbing one frame of ``url`` (RTSP, or the relay's MPEG-TS output)
    as a JPEG on stdout, and the ffconcat list to write to its stdin: the URL (with the
    device credentials or the output's token) never appears in the command line.

    Raises:
        ValueError: ``url`` is not an RTSP(S), HTTP(S) or SRT URL, or holds a line break.
    """
    scheme = url.split(":", 1)[0].lower()
    if scheme not in _PROTOCOLS or any(ch in url for ch in "\r\n\0"):
        raise ValueError("not a stream URL ffmpeg may open")
    # RTSP over TCP; an MPEG-TS input (the relay's output) is probed briefly: its first
    # packets carry a key frame with the codec parameters; default probing waits longer.
    if scheme.startswith("rtsp"):
        options = [("rtsp_transport", "tcp")]
    else:
        options = [("probesize", "262144"), ("analyzeduration", "500000")]
    lines = ["ffconcat version 1.0", f"file {_ffconcat_quote(url)}"]
    lines += [f"option {key} {value}" for key, value in options]
    command = [
        "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
        "-f", "concat", "-safe", "0", "-protocol_whitelist", _PROTOCOLS[scheme],
        "-i", "pipe:0",
        "-frames:v", "1", "-q:v", "2", "-f", "image2", "-c:v", "mjpeg", "-",
    ]  # fmt: skip
    return command, ("\n".join(lines) + "\n").encode()


def child_environment() -> dict[str, str]:
    """The whole environment of a child process: a search path and the C locale, so that
    nothing of the hub's own environment (database URL, key paths) reaches it."""
    return {"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C"}


async def grab_archive_frame(
    hub: Hub, source_url: str, source_key: str, at: datetime, wait_seconds: float
) -> bytes:
    """One JPEG frame of the recording at ``at``.

    ONVIF replay needs ``Require: onvif-replay`` and ``Range: clock=`` on PLAY, which
    ffmpeg cannot send: when the hub's relay runs, the frame comes through a private relay
    output (the relay's ``rtspsrc onvif-mode`` seeks like an archive grant, nobody else
    knows its token, and it is closed right after). Without a relay, ffmpeg reads the
    replay URI with the start in its query (``?start=``), which some devices (the
    simulator among them) accept.
    """
    service = hub.services.get(RELAY)
    if not isinstance(service, RelayService):
        query_url = f"{source_url}&start={at.timestamp():.3f}"
        return await grab_frame(query_url, wait_seconds)
    relay = service.grants.relay
    token = secrets.token_urlsafe(24)
    try:
        output = await asyncio.to_thread(
            relay.open_output, source_key, source_url, token, start=at.timestamp(), rate=1.0
        )
    except (RelayError, ValueError):
        raise HubError(502, "snapshot.failed", {"reason": "relay"}) from None
    try:
        return await grab_frame(output.with_token(token), wait_seconds)
    finally:
        await asyncio.to_thread(relay.close_output, output.output_id)


async def grab_frame(url: str, wait_seconds: float) -> bytes:
    """One JPEG frame of ``url``.

    Raises:
        HubError: 502 ``snapshot.failed`` (no frame: device, network, decoder or timeout).
    """
    try:
        command, listing = ffmpeg_input(url)
    except ValueError:
        raise HubError(502, "snapshot.failed", {"reason": "source"}) from None
    try:
        proc = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.PIPE,  # the ffconcat list naming the URL
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,  # it may quote the URL: never kept
            env=child_environment(),
        )
    except OSError as exc:
        log.error("snapshot: cannot run ffmpeg (%s)", type(exc).__name__)
        raise HubError(502, "snapshot.failed", {"reason": "grabber"}) from None
    try:
        data, _ = await asyncio.wait_for(proc.communicate(listing), wait_seconds)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise HubError(502, "snapshot.failed", {"reason": "timeout"}) from None
    if proc.returncode != 0 or not data.startswith(JPEG_MAGIC) or len(data) > MAX_JPEG_BYTES:
        log.warning("snapshot: ffmpeg exit %s, %d bytes", proc.returncode, len(data))
        raise HubError(502, "snapshot.failed", {"reason": "no_frame"})
    return data


def store_file(
    directory: Path, data: bytes, suffix: str = ".jpg", error_code: str = "snapshot.failed"
) -> StoredFile:
    """Write ``data`` durably under a random name (temp file, fsync, rename, fsync the
    directory). For content named by its hash see :func:`adopt_by_hash`.

    Args:
        directory: where the file goes (created if missing).
        data: the whole content.
        suffix: the file name's ending (``.jpg``; any content type).
        error_code: the code of the 507 refusal.

    Raises:
        HubError: 507 ``error_code`` (disk full, permissions); nothing is left.
    """
    name = f"{secrets.token_hex(16)}{suffix}"
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
        _fsync_directory(directory)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        with contextlib.suppress(OSError):
            final.unlink()
        log.error("cannot store the file (%s)", exc.strerror or type(exc).__name__)
        raise HubError(507, error_code, {"reason": "storage"}) from None
    return StoredFile(name, hashlib.sha256(data).hexdigest(), len(data))


def _fsync_directory(directory: Path) -> None:
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def adopt_by_hash(
    directory: Path, temp: Path, suffix: str, error_code: str
) -> tuple[StoredFile, bool]:
    """Store a finished file written at ``temp`` (in ``directory``) under its content's
    name, ``<sha256><suffix>``: hashed, fsynced, renamed, the directory fsynced. When a
    file of that name is already there (the same bytes), ``temp`` is removed and the
    existing one kept.

    Returns:
        The stored file, and whether this call created it (False: it was already there).

    Raises:
        HubError: 507 ``error_code`` (disk full, permissions); ``temp`` is removed.
    """
    digest = hashlib.sha256()
    size = 0
    final: Path | None = None
    try:
        fd = os.open(temp, os.O_RDONLY)
        try:
            while block := os.read(fd, 1 << 20):
                digest.update(block)
                size += len(block)
            os.fsync(fd)
        finally:
            os.close(fd)
        name = f"{digest.hexdigest()}{suffix}"
        final = directory / name
        if final.exists():
            temp.unlink()
            return StoredFile(name, digest.hexdigest(), size), False
        os.replace(temp, final)
        _fsync_directory(directory)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        log.error("cannot store the file (%s)", exc.strerror or type(exc).__name__)
        raise HubError(507, error_code, {"reason": "storage"}) from None
    return StoredFile(name, digest.hexdigest(), size), True


def remove_on_rollback(session: Session, path: Path) -> None:
    """Delete ``path`` if the request's transaction does not commit."""

    def _rolled_back(_session: Session) -> None:
        with contextlib.suppress(OSError):
            path.unlink()

    event.listen(session, "after_soft_rollback", lambda s, _t: _rolled_back(s), once=True)


def _masked(data: bytes, masks: list[list[tuple[float, float]]]) -> bytes:
    """The frame with the camera's privacy masks painted in (unchanged without masks).

    Raises:
        HubError: 502 ``snapshot.failed`` when the frame cannot be decoded.
    """
    try:
        return apply_masks_jpeg(data, masks)
    except ValueError:
        raise HubError(502, "snapshot.failed") from None


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
    timeout = hub.settings.archive.device_timeout
    at: datetime | None = as_utc(request.at) if request.at is not None else None

    def check() -> tuple[Camera, DeviceAccess, ChannelRecording | None]:
        camera, _decision = use_camera(
            hub, session, principal, camera_id, Permission.IMAGE_SNAPSHOT
        )
        device, channel = device_access(camera), None
        if at is not None:
            check_not_future(hub, at)
            require_permission(principal, Permission.IMAGE_ARCHIVE)
            check_depth(principal, archive_limit(hub, session, principal), camera.id, at)
            require_recording(camera)
            channel = channel_recording(camera)
        session.commit()  # no transaction held while the device answers and ffmpeg grabs
        return camera, device, channel

    # The database in worker threads only; the device and ffmpeg are awaited on the loop.
    camera, device, channel = await asyncio.to_thread(check)
    token = ""
    if at is None or channel is None:
        url = device.rtsp_url(request.stream)
        captured_at = hub.clock.now()
    else:
        replay = await recordings.replay_uri(device, channel, wait_seconds=timeout)
        token = replay.recording_token
        url = replay_source(replay.uri, device, request.stream)
        captured_at = at
    if at is None:
        data = await grab_frame(url, timeout)
    else:
        key = f"cam{camera.id}/{request.stream.value}/snapshot#{secrets.token_hex(4)}"
        data = await grab_archive_frame(hub, url, key, at, timeout)
    return await asyncio.to_thread(
        _keep_snapshot, hub, session, principal, camera, token, data, captured_at, at is None
    )


def _keep_snapshot(
    hub: Hub,
    session: Session,
    principal: Principal,
    camera: Camera,
    recording_token: str,
    data: bytes,
    captured_at: datetime,
    live: bool,
) -> SnapshotOut:
    """(worker thread) Mask, store, register and audit a grabbed frame."""
    if recording_token:
        remember_recording(camera, recording_token)
    # HCM 6.3: the stored picture is masked; lifting is for watching, never for evidence
    # that flows on into cases and exports to people without the right.
    data = _masked(data, masks_of(session, camera.id))
    directory = snapshot_dir(hub)
    stored = store_file(directory, data)
    remove_on_rollback(session, directory / stored.file_name)
    row = EvidenceSnapshot(
        camera_id=camera.id,
        source="live" if live else "archive",
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
