# SPDX-License-Identifier: GPL-3.0-or-later
"""When the relay presents each access unit of a live stream to a player.

Many cameras send their RTP in bursts: a few hundred milliseconds of frames held, then sent
at once. Stamped with the time they reached the relay, such frames come out in clumps
(a frame, a pause, six frames within a millisecond) and the player shows them jerkily.
A :class:`Pacer` keeps the camera's own spacing instead: a unit is presented at its camera
time plus an offset, fixed when the stream starts (the first unit shows at once), so the
player sees the intervals the camera encoded.

The offset is the picture's delay. It grows when a unit arrives later than its place on
that timeline (the delay becomes what the stream needs: the longest burst), and it shrinks
back slowly, a few milliseconds per unit, once every unit of a whole window arrived with
time to spare, so one hiccup does not keep a live picture late for the rest of the shift.
A jump in the camera's times (a restarted pull, a camera whose clock was set) starts a new
timeline. Times are integer nanoseconds, the relay's (GStreamer running time) and the
camera's, in any origin.
"""

from __future__ import annotations

MS = 1_000_000
SECOND = 1_000 * MS


class Pacer:
    """Presentation times of one player's live stream (one thread: the pull's)."""

    def __init__(
        self,
        slack: int = 30 * MS,
        window: int = 5 * SECOND,
        step: int = 2 * MS,
        max_ahead: int = 2 * SECOND,
        max_jump: int = 5 * SECOND,
    ) -> None:
        self.slack = slack  # spare time kept when the delay shrinks
        self.window = window  # how long units must all be early before it shrinks
        self.step = step  # how much it shrinks per unit (a barely visible speed-up)
        self.max_ahead = max_ahead  # a unit further ahead than this starts a new timeline
        self.max_jump = max_jump  # camera times moving more than this: a new timeline
        self._offset: int | None = None
        self._last: int | None = None  # the last time handed out (times only go forward)
        self._last_source: int | None = None
        self._window_start = 0
        self._window_lead: int | None = None
        self._shrink = 0
        self._started = False
        self.restarts = 0  # new timelines after the first (for the health report)

    @property
    def delay(self) -> int | None:
        """How much later than the camera's timeline units are presented (None: none yet)."""
        return self._offset

    def restart(self) -> None:
        """The stream restarted: the next paced unit starts a new timeline."""
        self._offset = None
        self._last_source = None

    def at_once(self, now: int) -> int:
        """A time for a unit to show now (a cached key frame and what followed it)."""
        return self._hand_out(now)

    def paced(self, now: int, source: int) -> int:
        """The time of a unit whose camera time is ``source``, received at ``now``."""
        last = self._last_source
        jumped = last is not None and not (last - self.max_jump < source < last + self.max_jump)
        self._last_source = source
        if self._offset is None or jumped:
            self._new_timeline(now, source)
            return self._hand_out(now)
        assert self._offset is not None
        at = source + self._offset
        if at < now:  # later than its place: the delay grows to what the stream needs
            self._offset += now - at
            at = now
            self._open_window(now)
        elif at > now + self.max_ahead:
            self._new_timeline(now, source)
            return self._hand_out(now)
        else:
            self._note_lead(now, at - now)
        if self._shrink > 0:
            step = min(self._shrink, self.step, at - now)
            self._offset -= step
            self._shrink -= step
            at -= step
        return self._hand_out(at)

    def _new_timeline(self, now: int, source: int) -> None:
        if self._started:
            self.restarts += 1
        self._started = True
        self._offset = now - source
        self._shrink = 0
        self._open_window(now)

    def _open_window(self, now: int) -> None:
        self._window_start = now
        self._window_lead = None

    def _note_lead(self, now: int, lead: int) -> None:
        if self._window_lead is None or lead < self._window_lead:
            self._window_lead = lead
        if now - self._window_start >= self.window:
            if self._window_lead is not None and self._window_lead > self.slack:
                self._shrink = self._window_lead - self.slack
            self._open_window(now)

    def _hand_out(self, at: int) -> int:
        if self._last is not None:
            at = max(at, self._last + MS)
        self._last = at
        return at
