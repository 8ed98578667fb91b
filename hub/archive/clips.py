# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence clips: a range of a camera's recording, cut by the hub by stream copy.

The hub, not the console, cuts the clip: it asks the device for its replay URI (ONVIF
search/replay), pulls ``[start, end)`` with an ONVIF replay (``Range: clock=start-end``,
and ``Rate-Control: no`` so a device that supports it sends as fast as it can) and
remuxes the video it receives, without re-encoding (H.264 or H.265 as recorded), into an
MP4 file. Nothing is decoded: the clip holds the very access units the camera recorded.

**Where it runs.** The hub process never imports GStreamer: each cut is a short-lived
child process (``python -m hub.media.clip_cut``), given its request — the replay URL
with the device credentials, the range, the output path — on its stdin, never on its
command line or in its environment (both readable by any local user). Cancelling the
awaiting task (the caller gave up, a client went away) kills the child and removes what
it wrote.

**Container.** A plain MP4 with its index (``moov``) in front (``faststart``), not a
fragmented MP4: every player a court or a police unit may have (Windows' own player,
QuickTime, VLC, forensic tools) opens and seeks it and shows its duration, which some
do not for fragments; a progressive download can start playing at once. Faststart needs
the whole clip before the file is complete, which costs nothing here: the file becomes
visible only when whole (temporary name, fsync, rename).

**Content-addressed.** The file is named by its SHA-256 (``<sha256>.mp4`` under
:func:`clip_dir`); two cuts giving the same bytes share one file. A clip is what it
holds: size, duration, camera, stream, the range asked for, and the times of its first
and last frames as the recording stamps them. A stream copy starts on a key frame: the
first frame is the key frame at (or, on devices that replay from the key frame before
the asked time, just before) ``start``; the clip ends with the last frame before
``end``.

**Bounds.** A clip is at most ``settings.archive.clip_max_seconds`` long; a cut gives up
after ``clip_max_seconds × clip_time_factor + device_timeout``; a disk without room for
the clip (and ``clip_reserve_bytes``) refuses it with 507, leaving nothing behind. At
most ``clip_max_concurrent`` cuts run at once (each a child process pulling a replay from
a device, whose own replay sessions are few): a cut beyond it waits for a slot, with no
transaction open, up to ``device_timeout``, then is refused with 503 ``clip.busy``
(``{limit}``; audited) — the caller may try again; a queue without bound would only
turn a burst into timeouts.

**Rights.** :func:`cut_clip` checks no right: who may extract footage, with whose
approval (YB 12.2, DH 12.2, TN 9.2), is the case's rule (hub/cases), which calls it once
that is settled. There is no public route that cuts a clip outside a case: a clip
is an extraction, and an extraction without its approval is what the regulations forbid.
Every cut is audited (``clip.cut``: who, camera, stream, range, SHA-256, size).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import secrets
import sys
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hub.archive import recordings
from hub.archive.service import (
    channel_recording,
    check_not_future,
    remember_recording,
    replay_source,
    require_recording,
)
from hub.archive.snapshots import adopt_by_hash, remove_on_rollback
from hub.audit.service import Actor
from hub.catalog.access import DeviceAccess, device_access
from hub.catalog.contracts import StreamKind
from hub.catalog.models import Camera
from hub.clock import as_utc
from hub.context import Hub
from hub.errors import HubError, PendingAudit
from hub.media.protocol import redact, url_secrets
from hub.media.worker_process import worker_environment

log = logging.getLogger(__name__)

CONTENT_TYPE = "video/mp4"
SUFFIX = ".mp4"
PREROLL_SECONDS = 2.0  # the cutter asks this much before start (see hub.media.clip_cut)
CUTTER = (sys.executable, "-m", "hub.media.clip_cut")
# How the cutter's failures reach the caller: (status, code, reason).
_FAILURES: dict[str, tuple[int, str, str | None]] = {
    "device": (502, "clip.failed", "device"),
    "codec": (502, "clip.failed", "codec"),
    "cutter": (502, "clip.failed", "cutter"),
    "no_video": (409, "clip.no_video", None),
    "storage": (507, "clip.storage", None),
    "timeout": (504, "clip.timeout", None),
}


@dataclass(frozen=True)
class ClipFile:
    """A stored clip: its file (named by its hash) and what it shows.

    Attributes:
        camera_id: the camera it was cut from.
        stream: the stream (main or sub) it was cut from.
        file_name: ``<sha256>.mp4``, relative to :func:`clip_dir` (never a client's path).
        sha256: hex SHA-256 of the whole file.
        size: bytes.
        start: the start asked for (UTC).
        end: the end asked for (UTC, exclusive).
        first_frame_at: the recording time of its first frame (a key frame).
        last_frame_at: the recording time of its last frame.
        duration: seconds the file plays (first frame to the end of the last one).
        frames: video frames (access units) in it.
        codec: ``"H264"`` or ``"H265"``, as recorded.
        width: pixels.
        height: pixels.
        content_type: ``video/mp4``.
        receive_seconds: how long the device took to send the clip's frames (with
            ``Rate-Control: no``, its reading and sending speed; diagnostics only).
    """

    camera_id: int
    stream: StreamKind
    file_name: str
    sha256: str
    size: int
    start: datetime
    end: datetime
    first_frame_at: datetime
    last_frame_at: datetime
    duration: float
    frames: int
    codec: str
    width: int
    height: int
    content_type: str = CONTENT_TYPE
    receive_seconds: float = 0.0


def clip_dir(hub: Hub) -> Path:
    """Where evidence clips live (``settings.archive.clip_dir`` or ``<data_dir>/clips``)."""
    configured = hub.settings.archive.clip_dir
    return configured if configured is not None else hub.settings.data_dir / "clips"


def clip_path(hub: Hub, clip: ClipFile) -> Path:
    """The file of a stored clip."""
    return clip_dir(hub) / clip.file_name


async def cut_clip(
    hub: Hub,
    session: Session,
    actor: Actor,
    camera: Camera,
    start: datetime,
    end: datetime,
    stream: StreamKind = StreamKind.MAIN,
) -> ClipFile:
    """Cut ``[start, end)`` of ``camera``'s recording into a stored MP4, by stream copy.

    The caller has already decided that ``actor`` may extract this footage (right, scope,
    approval); this checks the range, asks the device, cuts, stores and audits
    ``clip.cut`` in ``session``.

    Transactions: once the range is checked and the camera row read, ``session`` is
    **committed** — nothing may be held while the device works (seconds to minutes; on
    SQLite an open transaction holds the write lock), so call it with nothing pending.
    The ``clip.cut`` record is then added in the session's next transaction, which the
    caller commits with its own rows; if that rolls back, a file this cut created is
    removed with it (one another cut had already stored with the same bytes stays).
    Refusals and failures are audited (``clip.cut``, outcome denied/failed) after the
    caller's rollback, as every refusal (:class:`~hub.errors.PendingAudit`).

    Cancel the awaiting task to cancel the cut: the child is killed, nothing is stored.

    Args:
        hub: the hub.
        session: the caller's transaction (the audit record joins it).
        actor: who cuts (``principal.actor``).
        camera: the camera row (with its device credentials).
        start: first instant wanted (aware datetime).
        end: end of the range (exclusive), after ``start``.
        stream: main (default: the recorded full resolution) or sub.

    Returns:
        The stored clip.

    Raises:
        HubError: 422 ``clip.bad_range`` (end not after start), ``clip.too_long``
            (``{max_seconds}``), ``archive.in_future``; 409 ``camera.no_recording`` (the
            camera records nothing), ``clip.no_video`` (the device has no video in the
            range); 502 ``camera.unreachable`` / ``camera.search_failed`` /
            ``clip.failed`` (``{reason}``: ``device``, ``codec``, ``cutter``), 504
            ``camera.timeout`` / ``clip.timeout``; 503 ``clip.busy`` (``{limit}``: as many
            cuts running as allowed, none ended within ``device_timeout``); 507
            ``clip.storage`` (disk full or not writable; nothing is left).
    """
    start, end = as_utc(start), as_utc(end)
    rules = hub.settings.archive
    camera_id = camera.id
    asked = {
        "camera_id": camera_id,
        "stream": stream.value,
        "from": start.isoformat(),
        "to": end.isoformat(),
    }

    def refused(status: int, code: str, detail: dict[str, Any] | None = None) -> HubError:
        """A refusal or failure of this cut, audited even though the caller rolls back."""
        fields = {
            "outcome": "failed" if status >= 500 else "denied",
            "object_type": "camera",
            "object_id": camera_id,
            "reason": code,
            "detail": {**asked, **(detail or {})},
        }
        return HubError(status, code, detail, PendingAudit(actor, "clip.cut", fields))

    if end <= start:
        raise refused(422, "clip.bad_range")
    if (end - start).total_seconds() > rules.clip_max_seconds:
        raise refused(422, "clip.too_long", {"max_seconds": rules.clip_max_seconds})
    check_not_future(hub, end)
    require_recording(camera)
    directory = clip_dir(hub)
    _check_room(directory, rules.clip_reserve_bytes, refused)
    device = device_access(camera)
    channel = channel_recording(camera)
    session.commit()  # nothing held while the device works (nor while waiting for a slot)
    async with _cut_slot(hub, refused):
        return await _cut(hub, session, actor, camera, device, channel, asked, refused)


async def _cut(
    hub: Hub,
    session: Session,
    actor: Actor,
    camera: Camera,
    device: DeviceAccess,
    channel: recordings.ChannelRecording,
    asked: dict[str, Any],
    refused: Callable[..., HubError],
) -> ClipFile:
    """The device work of :func:`cut_clip` (``asked``: camera id, stream, range), in a
    cut slot."""
    rules = hub.settings.archive
    camera_id: int = asked["camera_id"]
    stream = StreamKind(asked["stream"])
    start, end = datetime.fromisoformat(asked["from"]), datetime.fromisoformat(asked["to"])
    directory = clip_dir(hub)
    try:
        found = await recordings.search_recordings(
            device,
            channel,
            start.timestamp(),
            end.timestamp(),
            wait_seconds=rules.device_timeout,
            max_markers=0,
        )
        # The search found the channel's recording: replay that one.
        channel = replace(channel, known=found.recording_token or channel.known)
        replay = await recordings.replay_uri(device, channel, wait_seconds=rules.device_timeout)
    except HubError as exc:
        raise refused(exc.status, exc.code, exc.detail) from None
    if not found.ranges:
        raise refused(409, "clip.no_video")
    # Devices that read the start from the URI's query (the simulator) start near it.
    url = replay_source(
        replay.uri, device, stream, start=f"{start.timestamp() - PREROLL_SECONDS:.3f}"
    )
    wait = (end - start).total_seconds() * rules.clip_time_factor + rules.device_timeout
    token = secrets.token_hex(16)
    temp = directory / f".{token}.mp4.part"
    moov = directory / f".{token}.moov.part"
    request = {
        "url": url,
        "start": start.timestamp(),
        "end": end.timestamp(),
        "path": str(temp),
        "faststart_path": str(moov),
        "rate_control": False,
        "wait_seconds": wait,
    }
    try:
        try:
            answer = await _run_cutter(request, wait + 10.0, url_secrets(url))
        finally:
            with contextlib.suppress(OSError):
                moov.unlink()
        if not answer.get("ok"):
            status, code, reason = _FAILURES.get(str(answer.get("error")), _FAILURES["cutter"])
            log.warning("camera %s: clip cut failed: %s", device.code, answer.get("message", ""))
            raise refused(status, code, {"reason": reason} if reason else None)
        stored, created = await asyncio.to_thread(
            adopt_by_hash, directory, temp, SUFFIX, "clip.storage"
        )
    except BaseException:  # cancelled, failed: nothing half-written stays
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if created:
        remove_on_rollback(session, directory / stored.file_name)
    result = answer["result"]
    clip = ClipFile(
        camera_id=camera_id,
        stream=stream,
        file_name=stored.file_name,
        sha256=stored.sha256,
        size=stored.size,
        start=start,
        end=end,
        first_frame_at=datetime.fromtimestamp(float(result["first"]), UTC),
        last_frame_at=datetime.fromtimestamp(float(result["last"]), UTC),
        duration=round(float(result["duration"]), 3),
        frames=int(result["frames"]),
        codec=str(result["codec"]),
        width=int(result["width"]),
        height=int(result["height"]),
        receive_seconds=float(result.get("receive_seconds", 0.0)),
    )

    def record() -> None:  # the database in a worker thread, never on the loop
        remember_recording(camera, replay.recording_token)
        hub.audit.append(
            session,
            actor,
            "clip.cut",
            object_type="camera",
            object_id=camera_id,
            detail={
                **asked,
                "sha256": clip.sha256,
                "size": clip.size,
                "first_frame_at": clip.first_frame_at.isoformat(),
                "last_frame_at": clip.last_frame_at.isoformat(),
                "duration": clip.duration,
                "frames": clip.frames,
                "codec": clip.codec,
            },
        )

    await asyncio.to_thread(record)
    return clip


_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, asyncio.Semaphore]] = (
    weakref.WeakKeyDictionary()
)


def cut_slots(hub: Hub) -> asyncio.Semaphore:
    """The hub's cut slots (``clip_max_concurrent``) on the running event loop."""
    per_hub = _slots.setdefault(asyncio.get_running_loop(), {})
    slots = per_hub.get(id(hub))
    if slots is None:
        slots = per_hub[id(hub)] = asyncio.Semaphore(hub.settings.archive.clip_max_concurrent)
    return slots


@contextlib.asynccontextmanager
async def _cut_slot(hub: Hub, refused: Callable[..., HubError]) -> AsyncIterator[None]:
    """Hold one cut slot; wait for it up to ``device_timeout`` (503 ``clip.busy``)."""
    rules = hub.settings.archive
    slots = cut_slots(hub)
    try:
        await asyncio.wait_for(slots.acquire(), rules.device_timeout)
    except TimeoutError:
        log.warning("clip: %d cuts running, one more refused", rules.clip_max_concurrent)
        raise refused(503, "clip.busy", {"limit": rules.clip_max_concurrent}) from None
    try:
        yield
    finally:
        slots.release()


def _check_room(directory: Path, reserve: int, refused: Any) -> None:
    """Refuse (507 ``clip.storage``) when the clip disk is not writable or has less than
    ``reserve`` bytes free."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        stat = os.statvfs(directory)
    except OSError:
        raise refused(507, "clip.storage") from None
    if stat.f_bavail * stat.f_frsize < reserve:
        log.error("clip storage: less than %d bytes free", reserve)
        raise refused(507, "clip.storage")


async def _run_cutter(request: dict[str, Any], wait: float, hidden: list[str]) -> dict[str, Any]:
    """Run one cutter child on ``request`` (on its stdin) and return its answer; the child
    is killed when the wait ends or the awaiting task is cancelled."""
    try:
        proc = await asyncio.create_subprocess_exec(
            *CUTTER,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=worker_environment(),
            start_new_session=True,
        )
    except OSError as exc:
        log.error("clip: cannot run the cutter (%s)", type(exc).__name__)
        return {"ok": False, "error": "cutter"}
    try:
        out, err = await asyncio.wait_for(
            proc.communicate((json.dumps(request) + "\n").encode()), wait
        )
    except TimeoutError:
        return {"ok": False, "error": "timeout", "message": "the cutter did not finish"}
    finally:
        if proc.returncode is None:  # timed out or cancelled
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await asyncio.shield(proc.wait())
    for line in err.decode(errors="replace").splitlines()[-20:]:
        log.debug("cutter %d: %s", proc.pid, redact(line, hidden))
    try:
        answer = json.loads(out.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"ok": False, "error": "cutter", "message": f"exit {proc.returncode}"}
    return answer if isinstance(answer, dict) else {"ok": False, "error": "cutter"}


def verify_clip(hub: Hub, clip: ClipFile) -> bool:
    """Whether the stored file is there and still hashes to ``clip.sha256``."""
    digest = hashlib.sha256()
    try:
        with clip_path(hub, clip).open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return False
    return digest.hexdigest() == clip.sha256
