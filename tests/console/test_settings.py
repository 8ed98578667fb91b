# SPDX-License-Identifier: GPL-3.0-or-later
"""Workstation settings survive a machine with no usable keyring."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from console.settings import DEFAULT_HUB_URL, WorkstationSettings


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    keyring.set_keyring(previous)


def test_without_a_keyring_nothing_is_remembered_and_nothing_breaks(no_keyring: None) -> None:
    settings = WorkstationSettings()
    settings.remember("http://127.0.0.1:8470", "alice", "token")
    settings.forget_token()
    session = settings.load()
    assert (session.hub_url, session.username, session.token) == (DEFAULT_HUB_URL, "", None)
