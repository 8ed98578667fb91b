# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in for the hub's media relay: one RTSP camera re-served as MPEG-TS over SRT."""

from __future__ import annotations

import secrets
import socket
import subprocess


def free_udp_port() -> int:
    """A UDP port nobody listens on right now (SRT runs over UDP)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SrtRelay:
    """One camera stream re-served as MPEG-TS over SRT by a ``gst-launch-1.0`` child.

    A stand-in for the hub's media relay (``hub/media``), which these tests must not
    depend on: ``rtspsrc`` (TCP) ! depay ! parse ! ``mpegtsmux`` ! ``srtsink`` listener
    with an AES passphrase.
    """

    def __init__(self, rtsp_url: str) -> None:
        self.rtsp_url = rtsp_url
        self.port = free_udp_port()
        self.passphrase = secrets.token_urlsafe(12)
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> SrtRelay:
        """Start (or restart) the pipeline on the same port and passphrase."""
        self.stop()
        self.proc = subprocess.Popen(
            [
                "gst-launch-1.0",
                "-q",
                "rtspsrc",
                f"location={self.rtsp_url}",
                "protocols=tcp",
                "latency=100",
                "!",
                "rtph264depay",
                "!",
                "h264parse",
                "config-interval=-1",
                "!",
                "mpegtsmux",
                "!",
                "srtsink",
                f"uri=srt://127.0.0.1:{self.port}?mode=listener",
                f"passphrase={self.passphrase}",
                "pbkeylen=16",
                "wait-for-connection=false",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return self

    def stop(self) -> None:
        """Kill the pipeline (the stream stalls for its viewers)."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
            self.proc = None

    def url(self, passphrase: str | None = None) -> str:
        """The SRT URL a console plays (libVLC takes the passphrase in the query)."""
        secret = self.passphrase if passphrase is None else passphrase
        return f"srt://127.0.0.1:{self.port}?mode=caller&passphrase={secret}"
