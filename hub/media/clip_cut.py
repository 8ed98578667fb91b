# SPDX-License-Identifier: GPL-3.0-or-later
"""The clip cutter: a short-lived child that copies a range of an ONVIF replay into an MP4.

Run as ``python -m hub.media.clip_cut`` by :mod:`hub.archive.clips`. It reads one JSON
request from stdin — ``{"url", "start", "end", "path", "faststart_path",
"rate_control", "wait_seconds"}`` (``url`` is the replay URI with the device credentials,
times are Unix seconds, ``path`` the file to write) — and writes one JSON line to stdout:
``{"ok": true, "result": {"first", "last", "frames", "codec", "width", "height",
"duration", "receive_seconds"}}`` or ``{"ok": false, "error": code, "message": text}``
with ``code`` one of
``device`` (the camera refused or failed), ``no_video`` (nothing in the range),
``codec`` (neither H.264 nor H.265), ``storage`` (the file could not be written),
``timeout``, ``cutter``. Everything it says or logs is redacted.

Two pipelines, as in the relay: ``rtspsrc onvif-mode=true onvif-rate-control=false !
depay ! parse ! appsink`` pulls the replay (``Range: clock=start-end``, ``Rate-Control:
no``: a device that supports it sends as fast as it can) and ``appsrc ! parse ! mp4mux
faststart=true ! filesink`` writes the file. Between them each access unit is checked
against the range and restamped from its recording time: the file starts on the last
key frame at or before ``start`` and ends before the first frame at or after ``end``.
Nothing is decoded or re-encoded.

The range is asked in the first PLAY (a seek sent to ``rtspsrc`` before it plays), so
nothing of another range is ever received. A device may still be asked again from where
it was (``rtspsrc`` can pause and play once more) and start on the key frame before that
point: units at or before the last one taken are repeats and are left out.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from typing import Any

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

from hub.media.protocol import redact, url_secrets  # noqa: E402
from hub.media.relay_pipelines import (  # noqa: E402
    DEPAYLOADERS,
    NTP_UNIX_OFFSET,
    _split_credentials,
)
from hub.media.relay_worker import _die_with_parent  # noqa: E402

log = logging.getLogger("hub.media.clip_cut")

MUXER_PARSERS = {"H264": "h264parse", "H265": "h265parse"}
PREROLL_SECONDS = 2.0  # asked before ``start``, so the clip can begin on a key frame before it
GOP_MAX = 600  # access units kept from the last key frame before the range (long GOPs)


class CutError(Exception):
    """A cut that failed, with its code (see the module doc)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class ClipCut:
    """One cut: pull ``[start, end)`` of the replay and write it to ``path``."""

    def __init__(self, request: dict[str, Any]) -> None:
        self.url = str(request["url"])
        self.start = float(request["start"])
        self.end = float(request["end"])
        self.path = str(request["path"])
        self.faststart_path = str(request["faststart_path"])
        self.rate_control = bool(request.get("rate_control", False))
        self.wait_seconds = float(request["wait_seconds"])
        self.secrets = url_secrets(self.url)
        self.loop = GLib.MainLoop()
        self.codec = ""
        self.width = 0
        self.height = 0
        self.frames = 0
        self._receiving_since = 0.0
        self._received_at = 0.0
        self.untimed = 0
        self.first: float | None = None
        self.last: float | None = None
        self._first_clock = 0  # the recording time of the clip's first unit (NTP ns)
        self._last_pts = 0
        self._last_duration = 0
        self._gop: list[tuple[Any, float]] = []
        self._newest: float | None = None  # the recording time of the latest unit taken
        self.repeated = 0  # units the device sent again (left out)
        self._ended = False
        self._lock = threading.Lock()
        self._result: dict[str, Any] | None = None
        self._error: CutError | None = None
        self._pull: Any = None
        self._mux: Any = None
        self._appsrc: Any = None

    # -- main loop ---------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        """Cut; returns the result or raises :class:`CutError`."""
        self._pull = self._build_pull()
        pull_bus = self._pull.get_bus()
        pull_bus.add_signal_watch()
        pull_bus.connect("message", self._on_pull_message)
        GLib.timeout_add(int(self.wait_seconds * 1000), self._on_timeout)
        if not self._pull.get_by_name("src").send_event(self._range_seek()):
            raise CutError("device", "the replay range could not be asked")
        if self._pull.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
            raise CutError("device", "the replay did not start")
        self.loop.run()
        for pipeline in (self._pull, self._mux):
            if pipeline is not None:
                pipeline.set_state(Gst.State.NULL)
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    def _fail(self, code: str, message: str) -> bool:
        if self._error is None and self._result is None:
            self._error = CutError(code, redact(" ".join(message.split()), self.secrets))
        self.loop.quit()
        return False

    def _on_timeout(self) -> bool:
        return self._fail("timeout", f"the cut did not finish in {self.wait_seconds:.0f} s")

    def _build_pull(self) -> Any:
        bare, user, password = _split_credentials(self.url)
        pull = Gst.parse_launch(
            "rtspsrc name=src protocols=tcp latency=0 drop-on-latency=false buffer-mode=none "
            "onvif-mode=true "
            "appsink name=sink emit-signals=true sync=false async=false max-buffers=200 drop=false"
        )
        src = pull.get_by_name("src")
        src.set_property("location", bare)
        src.set_property("onvif-rate-control", self.rate_control)
        if user:
            src.set_property("user-id", user)
            src.set_property("user-pw", password)
        src.connect("pad-added", self._on_pad_added, pull)
        pull.get_by_name("sink").connect("new-sample", self._on_sample)
        return pull

    def _on_pad_added(self, _src: Any, pad: Any, pull: Any) -> None:
        """(rtspsrc's thread) Link the camera's video to the depayloader and parser."""
        caps = pad.get_current_caps() or pad.query_caps(None)
        structure = caps.get_structure(0) if caps is not None and caps.get_size() else None
        if structure is None or structure.get_string("media") != "video":
            return
        encoding = (structure.get_string("encoding-name") or "").upper()
        sink = pull.get_by_name("sink")
        if sink.get_static_pad("sink").is_linked():
            return
        chain = DEPAYLOADERS.get(encoding)
        if chain is None:
            GLib.idle_add(self._fail, "codec", f"the camera records {encoding or 'unnamed'}")
            return
        depay = Gst.parse_bin_from_description(chain, True)
        pull.add(depay)
        if pad.link(depay.get_static_pad("sink")) != Gst.PadLinkReturn.OK or not depay.link(sink):
            GLib.idle_add(self._fail, "cutter", f"cannot link {encoding} video")
            return
        depay.sync_state_with_parent()
        self.codec = encoding

    def _on_pull_message(self, _bus: Any, message: Any) -> None:
        if message.type == Gst.MessageType.ERROR:
            err, debug = message.parse_error()
            self._fail("device", f"{err.message} ({debug or ''})")
        elif message.type == Gst.MessageType.EOS:
            GLib.idle_add(self._finish)

    def _range_seek(self) -> Any:
        """``Range: clock=start-end`` for the first PLAY (a flushing ONVIF clock seek,
        kept by ``rtspsrc`` until it plays)."""
        start_ns = round((self.start - PREROLL_SECONDS + NTP_UNIX_OFFSET) * Gst.SECOND)
        end_ns = round((self.end + NTP_UNIX_OFFSET) * Gst.SECOND)
        return Gst.Event.new_seek(
            1.0,
            Gst.Format.TIME,
            Gst.SeekFlags.FLUSH,
            Gst.SeekType.SET,
            start_ns,
            Gst.SeekType.SET,
            end_ns,
        )

    # -- streaming thread ----------------------------------------------------------------

    def _on_sample(self, sink: Any) -> Any:
        sample = sink.emit("pull-sample")
        if sample is None:
            return Gst.FlowReturn.OK
        with self._lock:
            if self._ended:
                return Gst.FlowReturn.EOS
            return self._take(sample)

    def _take(self, sample: Any) -> Any:
        buffer = sample.get_buffer()
        pts = buffer.pts
        if pts == Gst.CLOCK_TIME_NONE:
            self.untimed += 1  # (the jitter buffer's first unit after a seek may have none)
            return Gst.FlowReturn.OK
        clock = _clock(sample)
        if not NTP_UNIX_OFFSET * Gst.SECOND < clock < Gst.CLOCK_TIME_NONE:
            GLib.idle_add(self._fail, "device", "the replay carries no recording times")
            return Gst.FlowReturn.EOS
        at = clock / Gst.SECOND - NTP_UNIX_OFFSET
        if self._newest is not None and at <= self._newest + 1e-6:
            self.repeated += 1  # sent again after the device was asked again
            return Gst.FlowReturn.OK
        self._newest = at
        if at >= self.end:
            self._ended = True
            GLib.idle_add(self._finish)
            return Gst.FlowReturn.EOS
        if self.first is not None:
            return self._push(sample, at)
        # Before the range: keep the group of pictures since the last key frame, so the
        # clip starts on the last key frame at or before ``start`` when there is one.
        key = not buffer.has_flags(Gst.BufferFlags.DELTA_UNIT)
        if key and (at <= self.start or not self._gop):
            self._gop = [(sample, at)]
        elif self._gop and len(self._gop) < GOP_MAX:
            self._gop.append((sample, at))
        if at < self.start or not self._gop:
            return Gst.FlowReturn.OK
        gop, self._gop = self._gop, []
        try:
            self._start_mux(gop[0][0].get_caps())
        except (GLib.Error, CutError) as exc:
            GLib.idle_add(self._fail, "storage", str(exc))
            return Gst.FlowReturn.EOS
        self.first = gop[0][1]
        self._first_clock = _clock(gop[0][0])
        self._receiving_since = time.monotonic()
        for cached, cached_at in gop:
            if self._push(cached, cached_at) != Gst.FlowReturn.OK:
                return Gst.FlowReturn.EOS
        return Gst.FlowReturn.OK

    def _push(self, sample: Any, at: float) -> Any:
        """Restamp one access unit from the clip's start by its recording time (the
        receiver's timestamps restart when the device is asked again) and hand it to the
        muxer; a decode time before the presentation time keeps its offset."""
        buffer = sample.get_buffer()
        pts = _clock(sample) - self._first_clock
        out = buffer.copy()
        out.pts = pts
        reorder = buffer.pts - buffer.dts if buffer.dts != Gst.CLOCK_TIME_NONE else 0
        out.dts = max(0, pts - reorder)
        if self._appsrc.emit("push-buffer", out) != Gst.FlowReturn.OK:
            GLib.idle_add(self._fail, "storage", "the clip file could not be written")
            return Gst.FlowReturn.EOS
        if self.frames and pts > self._last_pts:
            self._last_duration = pts - self._last_pts
        self.frames += 1
        self.last = at
        self._last_pts = pts
        return Gst.FlowReturn.OK

    def _start_mux(self, caps: Any) -> None:
        structure = caps.get_structure(0)
        self.width = structure.get_int("width")[1] if structure.has_field("width") else 0
        self.height = structure.get_int("height")[1] if structure.has_field("height") else 0
        parser = MUXER_PARSERS[self.codec]
        self._mux = Gst.parse_launch(
            f"appsrc name=src format=time is-live=false block=true max-bytes=16000000 "
            f"! {parser} ! mp4mux name=mux faststart=true ! filesink name=file sync=false"
        )
        self._appsrc = self._mux.get_by_name("src")
        self._appsrc.set_property("caps", caps)
        self._mux.get_by_name("mux").set_property("faststart-file", self.faststart_path)
        self._mux.get_by_name("file").set_property("location", self.path)
        bus = self._mux.get_bus()
        bus.add_signal_watch()
        bus.connect("message", self._on_mux_message)
        if self._mux.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
            raise CutError("storage", _bus_error(self._mux) or "the clip file cannot be opened")

    # -- the end ---------------------------------------------------------------------

    def _finish(self) -> bool:
        """The range (or the replay) ended: close the file."""
        with self._lock:
            self._ended = True
            self._received_at = time.monotonic()
            if self.first is None:
                return self._fail("no_video", "the camera sent no video in the range")
        self._appsrc.emit("end-of-stream")
        return False

    def _on_mux_message(self, _bus: Any, message: Any) -> None:
        if message.type == Gst.MessageType.ERROR:
            err, debug = message.parse_error()
            self._fail("storage", f"{err.message} ({debug or ''})")
        elif message.type == Gst.MessageType.EOS:
            assert self.first is not None and self.last is not None
            duration = (self._last_pts + self._last_duration) / Gst.SECOND
            self._result = {
                "first": self.first,
                "last": self.last,
                "frames": self.frames,
                "codec": self.codec,
                "width": self.width,
                "height": self.height,
                "duration": duration,
                "untimed": self.untimed,
                "repeated": self.repeated,
                # from the first frame of the clip to the end of the range (the device)
                "receive_seconds": round(self._received_at - self._receiving_since, 3),
            }
            self.loop.quit()


def _clock(sample: Any) -> int:
    """A unit's recording time (NTP ns): in ONVIF mode ``rtspsrc`` stamps each unit with
    the time of the replay's RTP header extension. (Not the segment's stream time: that
    maps the first unit to the start of the asked range, while a device may start on the
    key frame before it.)"""
    pts: int = sample.get_buffer().pts
    return pts


def _bus_error(pipeline: Any) -> str:
    message = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
    if message is None:
        return ""
    err, debug = message.parse_error()
    return f"{err.message} ({debug or ''})"


def main() -> int:
    """Read the request, cut, answer; exit code 0 when the clip was written."""
    _die_with_parent()
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but the answer may reach the parent's pipe
    logging.basicConfig(level=os.environ.get("VWALL_RELAY_LOG", "WARNING"))
    try:
        request = json.loads(sys.stdin.readline())
    except ValueError:
        out.write(json.dumps({"ok": False, "error": "cutter", "message": "bad request"}) + "\n")
        return 2
    Gst.init(None)
    cut = ClipCut(request)
    try:
        answer: dict[str, Any] = {"ok": True, "result": cut.run()}
    except CutError as exc:
        answer = {"ok": False, "error": exc.code, "message": str(exc)}
    except Exception as exc:  # anything else: a redacted, generic failure
        text = redact(f"{type(exc).__name__}: {exc}", cut.secrets)
        answer = {"ok": False, "error": "cutter", "message": text}
    out.write(json.dumps(answer) + "\n")
    out.flush()
    return 0 if answer["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
