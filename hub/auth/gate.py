# SPDX-License-Identifier: GPL-3.0-or-later
"""The password step's own few threads: argon2id never holds the request threads.

A password check costs ~100-150 ms of CPU (argon2id, production parameters). Run in the
request thread pool, a flood of login attempts fills it and every other request waits
for a thread; run inside a transaction, it held the database write lock. So password
steps run here: at most ``workers`` at once (which also bounds how many attempts can be
between their throttle check and the recording of their outcome), at most ``queue``
more waiting; beyond that an attempt is refused at once (429, audited by the caller).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class LoginGateFull(Exception):
    """Every worker is busy and the queue is full."""


class LoginGate:
    """A bounded pool of password-step workers with a bounded queue."""

    def __init__(self, workers: int, queue: int) -> None:
        self.workers = max(1, workers)
        self._limit = self.workers + max(0, queue)
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="login")
        self._pending = 0
        self._lock = threading.Lock()

    @property
    def pending(self) -> int:
        """Password steps running or waiting."""
        with self._lock:
            return self._pending

    def _release(self, _future: Future[Any]) -> None:
        with self._lock:
            self._pending -= 1

    async def run(self, step: Callable[[], T]) -> T:
        """Run ``step`` on a worker and wait for it without holding a thread.

        A step keeps its place until it has finished, even if the caller gave up
        (the client went away): the bound is on work, not on waiting requests.

        Raises:
            LoginGateFull: too many steps running or waiting.
        """
        with self._lock:
            if self._pending >= self._limit:
                raise LoginGateFull
            self._pending += 1
        try:
            future = self._pool.submit(step)
        except BaseException:
            with self._lock:
                self._pending -= 1
            raise
        future.add_done_callback(self._release)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        """Stop the workers; steps still waiting are dropped."""
        self._pool.shutdown(wait=False, cancel_futures=True)
