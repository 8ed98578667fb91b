# SPDX-License-Identifier: GPL-3.0-or-later
"""A minimal RTSP/1.0 client with digest authentication, for tests that send exact headers.

Decoders (ffmpeg, ``rtspsrc``) choose their own requests; this client sends what a test
writes — e.g. ONVIF ``Require: onvif-replay`` with ``Range: clock=…`` and ``Scale`` — and
returns the status and headers of each answer. Interleaved RTP/RTCP arriving on the
connection after a PLAY is skipped while an answer is awaited, or read packet by packet
with :meth:`RtspClient.read_packet` (a test timing the camera's RTP). Loopback only; every
read has a timeout.
"""

from __future__ import annotations

import hashlib
import re
import socket
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RtspResponse:
    """An RTSP answer: status code and headers (names in lower case)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RtpPacket:
    """One interleaved RTP packet as it arrived: its channel, header fields and arrival."""

    channel: int
    arrived: float  # time.monotonic() when its last byte was read
    seq: int
    timestamp: int
    marker: bool
    size: int


class RtspClient:
    """One RTSP connection; answers a digest challenge with its credentials once."""

    def __init__(
        self, host: str, port: int, user: str = "", password: str = "", timeout: float = 10.0
    ) -> None:
        self.base = f"rtsp://{host}:{port}"
        self.user, self.password = user, password
        self._sock = socket.create_connection((host, port), timeout=timeout)
        self._cseq = 0
        self._challenge: tuple[str, str] | None = None  # realm, nonce

    def __enter__(self) -> RtspClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self._sock.close()

    def request(
        self, method: str, path: str, headers: dict[str, str] | None = None
    ) -> RtspResponse:
        """Send ``method`` for ``path`` (e.g. ``/replay``) and read the answer.

        Args:
            method: ``DESCRIBE``, ``SETUP``, ``PLAY``, …
            path: the path (and query) after ``host:port``.
            headers: extra request headers.

        Raises:
            ConnectionError: the server closed the connection.
            TimeoutError: no answer in time.
        """
        uri = self.base + path
        answer = self._send(method, uri, headers or {})
        if answer.status == 401 and self._challenge is None and self.user:
            challenge = answer.headers.get("www-authenticate", "")
            realm = re.search(r'realm="([^"]*)"', challenge)
            nonce = re.search(r'nonce="([^"]*)"', challenge)
            if realm and nonce:
                self._challenge = (realm[1], nonce[1])
                answer = self._send(method, uri, headers or {})
        return answer

    def _send(self, method: str, uri: str, headers: dict[str, str]) -> RtspResponse:
        self._cseq += 1
        lines = [f"{method} {uri} RTSP/1.0", f"CSeq: {self._cseq}"]
        lines += [f"{key}: {value}" for key, value in headers.items()]
        if self._challenge is not None:
            realm, nonce = self._challenge
            ha1 = _md5(f"{self.user}:{realm}:{self.password}")
            response = _md5(f"{ha1}:{nonce}:{_md5(f'{method}:{uri}')}")
            lines.append(
                f'Authorization: Digest username="{self.user}", realm="{realm}", '
                f'nonce="{nonce}", uri="{uri}", response="{response}"'
            )
        self._sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return self._read_response()

    def play_tcp(self, path: str) -> str:
        """DESCRIBE, SETUP (RTP interleaved on this connection, channels 0-1) and PLAY the
        first stream of ``path``; returns the session id. Packets then come from
        :meth:`read_packet`.

        Raises:
            ConnectionError: a request was refused.
        """
        answer = self.request("DESCRIBE", path, {"Accept": "application/sdp"})
        if answer.status != 200:
            raise ConnectionError(f"DESCRIBE {path}: {answer.status}")
        transport = "RTP/AVP/TCP;unicast;interleaved=0-1"
        answer = self.request("SETUP", f"{path}/stream=0", {"Transport": transport})
        if answer.status != 200:
            raise ConnectionError(f"SETUP {path}: {answer.status}")
        session = answer.headers.get("session", "").split(";")[0]
        answer = self.request("PLAY", path, {"Session": session, "Range": "npt=0-"})
        if answer.status != 200:
            raise ConnectionError(f"PLAY {path}: {answer.status}")
        return session

    def read_packet(self) -> RtpPacket:
        """The next interleaved RTP packet (RTCP, on odd channels, is skipped).

        Raises:
            ConnectionError: the server closed the connection or sent something else.
            TimeoutError: nothing arrived within the connection's timeout.
        """
        while True:
            if self._recv_exactly(1) != b"$":
                raise ConnectionError("expected an interleaved packet")
            head = self._recv_exactly(3)
            data = self._recv_exactly(int.from_bytes(head[1:3], "big"))
            arrived = time.monotonic()
            if head[0] % 2 == 0 and len(data) >= 12:
                return RtpPacket(
                    channel=head[0],
                    arrived=arrived,
                    seq=int.from_bytes(data[2:4], "big"),
                    timestamp=int.from_bytes(data[4:8], "big"),
                    marker=bool(data[1] & 0x80),
                    size=len(data),
                )

    def _recv_exactly(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self._sock.recv(size - len(data))
            if not chunk:
                raise ConnectionError("RTSP connection closed")
            data += chunk
        return data

    def _read_line(self) -> bytes:
        line = b""
        while not line.endswith(b"\r\n"):
            line += self._recv_exactly(1)
        return line

    def _read_response(self) -> RtspResponse:
        while True:
            first = self._recv_exactly(1)
            if first != b"$":
                break
            head = self._recv_exactly(3)  # interleaved RTP/RTCP: channel, length
            self._recv_exactly(int.from_bytes(head[1:3], "big"))
        status_line = (first + self._read_line()).decode(errors="replace")
        headers: dict[str, str] = {}
        while (line := self._read_line()) != b"\r\n":
            key, _, value = line.decode(errors="replace").partition(":")
            headers[key.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        if length:
            self._recv_exactly(length)
        return RtspResponse(int(status_line.split()[1]), headers)


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()
