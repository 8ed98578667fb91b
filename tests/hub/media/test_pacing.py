# SPDX-License-Identifier: GPL-3.0-or-later
"""The relay's pacing of live frames (pure arithmetic: times in, times out)."""

from __future__ import annotations

import itertools

from hub.media.pacing import MS, SECOND, Pacer

FRAME = 40 * MS  # 25 fps


def gaps(times: list[int]) -> list[int]:
    return [(b - a) // MS for a, b in itertools.pairwise(times)]


def test_a_steady_camera_keeps_its_spacing_and_no_delay() -> None:
    pacer = Pacer()
    base, camera = 7 * SECOND, 900 * SECOND
    jitter = [0, 2, 1]  # ms of network jitter, in turn
    out = [
        pacer.paced(base + i * FRAME + jitter[i % 3] * MS, camera + i * FRAME) for i in range(250)
    ]
    spaced = gaps(out)
    # The delay grows once to the largest jitter (a 42 ms gap), then every gap is 40 ms.
    assert spaced[0] == 42 and set(spaced[1:]) == {40}
    assert out[0] == base and pacer.delay == base - camera + 2 * MS
    assert pacer.restarts == 0


def test_bursts_come_out_evenly_after_the_delay_grows_to_the_longest_burst() -> None:
    pacer = Pacer()
    out = []
    for i in range(250):
        held = (i // 10 + 1) * 10 * FRAME  # frames arrive ten at a time, together
        out.append(pacer.paced(held + 3 * MS, i * FRAME))
    spaced = gaps(out)
    assert spaced[:9] == [40] * 9
    assert spaced.count(40) >= len(spaced) - 1  # one late burst at most grows the delay
    assert all(g >= 40 for g in spaced)


def test_a_hiccup_s_delay_shrinks_back_slowly() -> None:
    pacer = Pacer()
    out, arrivals = [], []
    for i in range(1000):
        arrival = i * FRAME + (800 * MS if i == 50 else 0)  # one frame 0.8 s late...
        if 50 < i < 70:
            arrival = max(arrival, 50 * FRAME + 800 * MS)  # ...and those behind it
        arrivals.append(arrival)
        out.append(pacer.paced(arrival, i * FRAME))
    grown = out[60] - 60 * FRAME
    assert 750 * MS <= grown <= 810 * MS
    # Each gap shortens by at most 2 ms (a barely visible speed-up) …
    assert all(38 <= g <= 40 for g in gaps(out[60:]))
    # … and after 40 s the delay is back to the slack above the arrival.
    assert out[-1] - arrivals[-1] <= 30 * MS + 2 * MS
    assert all(o >= a for o, a in zip(out, arrivals, strict=True))  # never before it came


def test_a_jump_in_camera_time_starts_a_new_timeline() -> None:
    pacer = Pacer()
    out = [pacer.paced(i * FRAME, i * FRAME) for i in range(10)]
    out += [pacer.paced((10 + i) * FRAME, 3600 * SECOND + i * FRAME) for i in range(10)]
    out += [pacer.paced((20 + i) * FRAME, i * FRAME) for i in range(10)]  # camera clock reset
    assert set(gaps(out)) == {40}
    assert pacer.restarts == 2


def test_units_shown_at_once_then_paced_never_go_backwards() -> None:
    pacer = Pacer()
    out = [pacer.at_once(SECOND) for _ in range(20)]  # a cached GOP
    out += [pacer.paced(SECOND + i * MS, 50 * SECOND + i * FRAME) for i in range(20)]
    assert all(g >= 1 for g in gaps(out))
    pacer.restart()
    after = pacer.paced(2 * SECOND, 10 * SECOND)
    assert after > out[-1] and pacer.restarts == 1
