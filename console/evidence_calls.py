# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's evidence package routes as the console calls them, and the download of a
package's ZIP to a file.

The routes (:mod:`hub.evidence.contracts`) are called through
:meth:`hub.client.HubClient.call_raw` and :meth:`~hub.client.HubClient.stream` (the same
connection and session token, the hub's refusals as :class:`~hub.client.HubApiError`).
Asking for a package and approving one answer only when the hub has built it: the copies
are re-encoded by ffmpeg (a case of ten one-minute clips took 58–89 s on the bench, longer
on a loaded machine), so those calls wait up to :data:`BUILD_TIMEOUT`.

The hub hands a package out **once** and records it as collected when it starts sending
it, so everything that can be checked before asking is: the file is created and the free
space compared with the package's size first (an unwritable place or a full disk costs
nothing). The bytes are written under a temporary name off the GUI thread, fsynced, the
SHA-256 compared with the hub's, then renamed; whatever goes wrong (write error, disk
full, cancel, hash mismatch) removes the partial file.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel, TypeAdapter

from console.case_export import RESERVE_BYTES, CopyError
from hub.client import HubApiError, HubClient
from hub.evidence.contracts import EvidenceKeyOut, PackageDecisionIn, PackageIn, PackageOut

BUILD_TIMEOUT = 900.0  # seconds: a build re-encodes every clip (see the module doc)
READ_TIMEOUT = 120.0  # seconds without a byte before a download counts as stalled
CHUNK = 1 << 20

Progress = Callable[[int, int], None]


class HubRoutes:
    """Routes of one hub connection that :class:`HubClient` has no wrapper for, called
    through its :meth:`~HubClient.call_raw` (the same pool, token and refusals)."""

    def __init__(self, client: HubClient) -> None:
        self.client = client

    async def _send(
        self,
        method: str,
        path: str,
        body: BaseModel | None = None,
        wait: float | None = None,
    ) -> Any:
        token = self.client.token
        if token is None:
            raise HubApiError(401, "auth.required", "error.auth.required")
        return await self.client.call_raw(method, path, body, bearer=token, wait=wait)


class PackageCalls(HubRoutes):
    """The evidence package routes of one hub connection."""

    async def packages(self, case_id: int) -> list[PackageOut]:
        """The case's packages, oldest first."""
        raw = await self._send("GET", f"/api/cases/{case_id}/packages")
        return TypeAdapter(list[PackageOut]).validate_json(raw)

    async def package(self, case_id: int, package_id: int) -> PackageOut:
        """One package of the case."""
        raw = await self._send("GET", f"/api/cases/{case_id}/packages/{package_id}")
        return PackageOut.model_validate_json(raw)

    async def request(self, case_id: int, req: PackageIn) -> PackageOut:
        """Ask for a package: answers when built (or waiting for a second person)."""
        raw = await self._send("POST", f"/api/cases/{case_id}/packages", req, BUILD_TIMEOUT)
        return PackageOut.model_validate_json(raw)

    async def decide(self, case_id: int, package_id: int, req: PackageDecisionIn) -> PackageOut:
        """Approve (the hub builds it, then answers) or reject a raw export."""
        path = f"/api/cases/{case_id}/packages/{package_id}/decide"
        raw = await self._send("POST", path, req, BUILD_TIMEOUT)
        return PackageOut.model_validate_json(raw)

    async def key(self) -> EvidenceKeyOut:
        """The hub's evidence signing key (what a receiver trusts)."""
        return EvidenceKeyOut.model_validate_json(await self._send("GET", "/api/evidence/key"))

    async def download(
        self, package: PackageOut, target: Path, progress: Progress | None = None
    ) -> str:
        """Save a ready package of mine to ``target`` (see the module doc); its SHA-256.

        Raises:
            CopyError: ``not_writable`` / ``read_only`` / ``disk_full`` (found before
                asking: the package can still be fetched), ``hash_mismatch``.
            OSError: writing failed on the way.
            HubApiError: the hub refuses (``evidence.already_collected``, …).
        """
        part = target.with_name(target.name + ".part")
        try:
            handle = await asyncio.to_thread(part.open, "wb")
        except OSError as exc:  # nothing asked yet: the package can still be fetched
            raise CopyError("read_only" if exc.errno == errno.EROFS else "not_writable") from exc
        digest = hashlib.sha256()
        try:
            free = (await asyncio.to_thread(shutil.disk_usage, part.parent)).free
            if package.size is not None and free < package.size + RESERVE_BYTES:
                raise CopyError("disk_full")
            stated = await self._stream(package, handle, digest, progress)
            await asyncio.to_thread(_finish, handle)
            got = digest.hexdigest()
            if got != package.sha256 or (stated and stated != got):
                raise CopyError("hash_mismatch")
            await asyncio.to_thread(os.replace, part, target)
            await asyncio.to_thread(_fsync_dir, target.parent)
        except BaseException:
            handle.close()
            with contextlib.suppress(OSError):
                part.unlink()
            raise
        return got

    async def _stream(
        self, package: PackageOut, handle: Any, digest: Any, progress: Progress | None
    ) -> str:
        path = f"/api/cases/{package.case_id}/packages/{package.id}/file"
        timeout = httpx.Timeout(READ_TIMEOUT, connect=15.0)
        total = package.size or 0
        done = 0
        async with self.client.stream(path, timeout) as r:
            stated = str(r.headers.get("x-content-sha256", ""))
            try:
                async for chunk in r.aiter_bytes(CHUNK):
                    digest.update(chunk)
                    await asyncio.to_thread(handle.write, chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
            except httpx.TransportError as exc:
                raise HubApiError(0, "network", "error.network", str(exc)) from exc
        return stated


def _finish(handle: Any) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
