# SPDX-License-Identifier: GPL-3.0-or-later
"""A relay connection writes what queued up in one go, and drops a player that falls
more than :data:`QUEUE_BYTES` behind instead of holding its data without bound."""

from __future__ import annotations

import socket
import threading

from hub.media.http_out import QUEUE_BYTES, Connection
from hub.testing import wait_until


def test_queued_pictures_go_out_in_one_write() -> None:
    connection = Connection("127.0.0.1")
    for part in (b"a" * 1316, b"b" * 1316, b"c" * 500):
        assert connection.send(part)
    writes: list[bytes] = []

    def write(data: bytes) -> None:
        writes.append(data)
        connection.close()  # the grant ends: the pump returns

    left, right = socket.socketpair()
    with left, right:
        connection.pump(left, write)
    assert writes == [b"a" * 1316 + b"b" * 1316 + b"c" * 500]
    assert connection.bytes_sent == 3132


def test_a_player_too_far_behind_is_dropped_by_bytes_not_chunks() -> None:
    connection = Connection("127.0.0.1")
    picture = b"k" * 200_000  # a key frame of a main stream in one chunk
    sent = 0
    while connection.send(picture):
        sent += len(picture)
    assert QUEUE_BYTES - len(picture) < sent <= QUEUE_BYTES
    assert connection.closed.is_set()
    assert not connection.send(b"x")


def test_a_writing_player_keeps_up_and_is_never_dropped() -> None:
    connection = Connection("127.0.0.1")
    received = bytearray()
    left, right = socket.socketpair()
    pump = threading.Thread(target=connection.pump, args=(left, left.sendall))
    pump.start()
    reader = threading.Thread(target=lambda: _read_all(right, received))
    reader.start()
    sent = 0
    for n in range(200):  # 40 MB through a 4 MB queue, never more than 2 MB ahead
        ahead = n * 200_000 - 2_000_000
        wait_until(lambda a=ahead: connection.bytes_sent >= a, 10, "the player reading")
        assert connection.send(b"p" * 200_000)
        sent += 200_000
    wait_until(lambda: connection.bytes_sent == sent, 10, "the player reading all")
    connection.close()
    pump.join(10)
    left.shutdown(socket.SHUT_WR)
    reader.join(10)
    left.close()
    right.close()
    assert not pump.is_alive() and not reader.is_alive()
    assert len(received) == connection.bytes_sent == sent


def _read_all(sock: socket.socket, into: bytearray) -> None:
    while chunk := sock.recv(1 << 16):
        into += chunk
