# SPDX-License-Identifier: GPL-3.0-or-later
"""Serve one camera's ONVIF app with uvicorn in a background thread (tests, tools)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import uvicorn

from camsim.camera import SimCamera
from camsim.onvif.app import create_onvif_app


class _ThreadServer(uvicorn.Server):
    """uvicorn outside the main thread: it must not install signal handlers."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass(frozen=True)
class RunningOnvif:
    """A camera whose ONVIF app answers on ``host:port``."""

    camera: SimCamera
    host: str
    port: int

    @property
    def base_url(self) -> str:
        """``http://host:port/onvif`` (``https``, and the camera's own root, as it says)."""
        return self.camera.spec.service_url("").rstrip("/")

    @property
    def device_url(self) -> str:
        """The device service's URL, as an installer would type it."""
        return self.camera.spec.onvif_url


@contextlib.contextmanager
def serve_in_thread(
    make_camera: Callable[[int], SimCamera],
    event_period: float = 0.0,
    host: str = "127.0.0.1",
    start_timeout: float = 10.0,
    tls: tuple[str, str] | None = None,
) -> Iterator[RunningOnvif]:
    """Bind a free port, build the camera for it, and serve its ONVIF app until the block ends.

    Args:
        make_camera: Builds the camera given the bound port (its spec must carry it).
        event_period: Passed to :func:`create_onvif_app` (0: no background events).
        host: The address to bind.
        start_timeout: Seconds to wait for uvicorn to report it has started.
        tls: (certificate file, key file) to serve HTTPS (the spec should say ``tls``).

    Yields:
        The running endpoint.

    Raises:
        RuntimeError: uvicorn did not start in time.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = int(sock.getsockname()[1])
    camera = make_camera(port)
    config = uvicorn.Config(
        create_onvif_app(camera, event_period=event_period),
        log_level="warning",
        lifespan="on",
        access_log=False,
        ssl_certfile=tls[0] if tls else None,
        ssl_keyfile=tls[1] if tls else None,
    )
    server = _ThreadServer(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"onvif-{port}", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + start_timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the ONVIF app did not start")
            time.sleep(0.01)
        yield RunningOnvif(camera, host, port)
    finally:
        server.should_exit = True
        thread.join(start_timeout + 30)
        sock.close()
