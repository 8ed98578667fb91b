# SPDX-License-Identifier: GPL-3.0-or-later
"""Console test fixtures: an in-memory keyring, qasync's loop under pytest-qt, a live hub."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import keyring
import pytest
import qasync
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from hub.testing import LiveHub, settings_for_tests
from i18n.catalog import install_translator


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this process only (tests never touch the real one)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="module")
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """qasync's loop as the running asyncio loop while pytest-qt drives Qt's event loop.

    One loop serves the module and is never stopped: ``QEventLoop.stop()`` calls
    ``QApplication.exit()``, after which later ``qtbot`` waits no longer run the loop.
    """
    install_translator(qapp, "vi")
    loop = qasync.QEventLoop(qapp, already_running=True)
    # Plain Python threads for asyncio.to_thread: qasync's default executor is made of
    # QThreads, and a QThread still alive at interpreter exit aborts the whole run.
    executor = ThreadPoolExecutor(4, thread_name_prefix="qloop")
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    yield loop
    executor.shutdown(wait=True, cancel_futures=True)
    # Cancelled tasks must run their cancellation while this is still the running loop:
    # left pending, qasync ran them in a later test's Qt events with no loop running, and
    # an HTTP call cut off there failed in httpcore (NoEventLoopError in CI, reported in
    # whatever test was running). Qt's events run qasync's callbacks.
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    deadline = time.monotonic() + 10.0
    while any(not t.done() for t in pending) and time.monotonic() < deadline:
        qapp.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    qapp.aboutToQuit.disconnect(loop._after_run_forever)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveHub]:
    hub = LiveHub(settings_for_tests(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "data"))
    hub.start()
    yield hub
    hub.stop()


# The live site (hub + relay + simulated fleet + console) for end-to-end console tests.
from tests.console.live_site import console, log_in, site  # noqa: E402, F401
