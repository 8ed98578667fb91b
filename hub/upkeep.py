# SPDX-License-Identifier: GPL-3.0-or-later
"""The shape every periodic hub service shares (case deadlines, incident escalation,
resumed package builds): a round at start, then one every :meth:`Upkeep.interval` seconds
and whenever :meth:`Upkeep.wake` is called (from any thread); a failing round is logged
and the next one runs; ``rounds`` counts finished rounds (tests wait on it).

A round is :meth:`Upkeep.round` run in a worker thread (database work), or
:meth:`Upkeep.run_round` when a service's round is itself asynchronous. Stopping waits up
to :attr:`Upkeep.stop_wait` seconds for a running round, then cancels the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from hub.context import Hub

log = logging.getLogger(__name__)


class Upkeep:
    """A hub service running rounds in the background (subclasses name it)."""

    name = "upkeep"
    stop_wait = 30.0  # seconds a running round may finish in when the hub stops

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.rounds = 0  # completed rounds (tests wait on it)
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._step: asyncio.Future[None] | None = None

    def interval(self) -> float:
        """Seconds between rounds (read each time: settings can change)."""
        raise NotImplementedError

    def round(self) -> None:
        """One round's work, in a worker thread (override this or :meth:`run_round`)."""
        raise NotImplementedError

    async def run_round(self) -> None:
        """One round: :meth:`round` in a worker thread."""
        await asyncio.to_thread(self.round)

    async def start(self) -> None:
        """Start the loop; the first round runs at once."""
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        """Cancel the loop (after its running round, within ``stop_wait``) and wait for it."""
        if self._task is not None:
            step = self._step
            if step is not None and not step.done() and self.stop_wait > 0:
                await asyncio.wait({step}, timeout=self.stop_wait)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def wake(self) -> None:
        """Run the next round now (safe from any thread)."""
        if self._loop is not None and self._wake is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            try:
                self._step = asyncio.ensure_future(self.run_round())
                await asyncio.shield(self._step)
            except asyncio.CancelledError:
                if self._step is not None:
                    self._step.cancel()
                raise
            except Exception:  # one bad round must not end the service
                log.exception("%s round failed", self.name)
            finally:
                self._step = None
            self.rounds += 1
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval())
