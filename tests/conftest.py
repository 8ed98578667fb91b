# SPDX-License-Identifier: GPL-3.0-or-later
"""Project-wide fixtures: the simulated camera fleet as a real separate process."""

import gc
import os
import sys
from collections.abc import Iterator

import pytest

pytest_plugins = ["camsim.testing"]

# A SQLite transaction begun on a hub's event loop can stall every request for the busy
# timeout (hub.db._check_not_on_hub_loop); in tests it is an error where it happens,
# also in hubs started as child processes (they inherit the environment).
os.environ["VWALL_HUB_LOOP_CHECK"] = "raise"


STUCK_SECONDS = 10.0  # a retired libVLC player still closing after this is stuck


@pytest.fixture(autouse=True)
def no_transaction_on_a_hub_loop() -> Iterator[None]:
    """Fail the test during which an in-process hub began a SQLite transaction on its
    event loop (a background task may have swallowed the error). One begun by a hub of a
    module- or session-wide fixture between tests fails the next test."""
    yield
    db = sys.modules.get("hub.db")
    if db is not None and (found := db.loop_violations()):
        pytest.fail("Database work on a hub's event loop:\n" + "\n".join(found))


@pytest.fixture(autouse=True)
def no_stuck_player() -> Iterator[None]:
    """Fail the test that leaves a libVLC player that never finishes closing.

    Tiles close retired players on threads of their own (never on the UI thread); a
    close that does not end means libVLC is stuck, which a control room cannot afford.
    """
    yield
    player = sys.modules.get("widgets.player")
    if player is not None and not player.settle(STUCK_SECONDS):
        pytest.fail(f"{player.pending_closes()} libVLC player(s) did not stop")


@pytest.fixture(autouse=True)
def garbage_collected_between_tests() -> Iterator[None]:
    """Collect each test's garbage at its end, here on the main thread, and freeze what
    survives (``gc.freeze``: later collections no longer scan it).

    The suite keeps millions of objects alive in one process (3.3 million after the
    console tests). Left to the collector's own thresholds, a full collection then ran
    at a random moment in whichever thread allocated — measured 2.3 s after 100 console
    tests and longer later — inside timed sections: an in-process hub took over 10 s to
    start, a PTZ stop came 3.7 s after the console dropped off the network. Collected here,
    a test's garbage costs a short collection of the objects it made, between tests.
    """
    yield
    gc.collect()
    gc.freeze()
