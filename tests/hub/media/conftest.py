# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the media relay tests: a running relay owned by each test."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest

from hub.media import MediaRelay

T = TypeVar("T")


@pytest.fixture
def relay() -> Iterator[MediaRelay]:
    """A started media relay on 127.0.0.1 with free ports; stopped (worker gone) after."""
    media = MediaRelay(request_timeout=20.0).start()
    try:
        yield media
    finally:
        media.stop()


def _wait_for(check: Callable[[], T], timeout: float, what: str, every: float = 0.1) -> T:
    """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what} (last: {value!r})")
        time.sleep(every)


@pytest.fixture
def wait_for() -> Callable[..., object]:
    """``wait_for(check, timeout, what)``: poll until ``check()`` is truthy, or fail."""
    return _wait_for
