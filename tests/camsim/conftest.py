# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the ONVIF tests: one simulated camera served in-process on a free port."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from onvif import ONVIFCamera

from camsim.camera import CameraKind, CameraSpec, SimCamera
from camsim.onvif.server import RunningOnvif, serve_in_thread

# A password that needs escaping wherever it could end up.
ONVIF_PASSWORD = "Ng@y-mai <&> 'troi' \"dep\""


def _spec(port: int, kind: CameraKind, index: int) -> CameraSpec:
    return CameraSpec(
        index=index,
        camera_id=f"cam{index + 1:02d}",
        name="Cầu Nhật Lệ" if index == 0 else f"Ngã tư số {index + 1}",
        kind=kind,
        host="127.0.0.1",
        onvif_port=port,
        rtsp_port=port + 1,
        username="admin",
        password=ONVIF_PASSWORD,
        model="SIM-DOME-20X" if kind == "dome" else "SIM-BULLET-4MM",
        serial=f"CS{index:010d}",
        mac=f"02:00:00:00:00:{index + 1:02x}",
        gop_seconds=2.0,
    )


def _serve(
    kind: CameraKind = "dome", index: int = 0, event_period: float = 0.0
) -> contextlib.AbstractContextManager[RunningOnvif]:
    return serve_in_thread(lambda port: SimCamera(_spec(port, kind, index)), event_period)


@pytest.fixture
def onvif_serve() -> Callable[..., contextlib.AbstractContextManager[RunningOnvif]]:
    """``with onvif_serve(kind, index, event_period) as server:`` serves one more camera."""
    return _serve


@pytest.fixture
def onvif_dome() -> Iterator[RunningOnvif]:
    """A PTZ dome camera's ONVIF endpoint (no background events)."""
    with _serve("dome") as server:
        yield server


@pytest.fixture
def onvif_fixed() -> Iterator[RunningOnvif]:
    """A fixed bullet camera's ONVIF endpoint (no PTZ, no background events)."""
    with _serve("fixed", index=3) as server:
        yield server


@contextlib.asynccontextmanager
async def _connect(
    server: RunningOnvif, password: str | None = None, update: bool = True, **options: Any
) -> AsyncIterator[ONVIFCamera]:
    spec = server.camera.spec
    secret = spec.password if password is None else password
    camera = ONVIFCamera(server.host, server.port, spec.username, secret, **options)
    try:
        if update:
            await camera.update_xaddrs()
        yield camera
    finally:
        await camera.close()


@pytest.fixture
def onvif_connect() -> Callable[..., contextlib.AbstractAsyncContextManager[ONVIFCamera]]:
    """``async with onvif_connect(server, password=None, update=True) as cam:`` an
    onvif-zeep-async client, its services found (``update_xaddrs``), closed afterwards."""
    return _connect


@pytest.fixture
def onvif_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make onvif-zeep-async parse replies strictly: an unexpected element is an error."""
    from onvif.settings import DEFAULT_SETTINGS

    monkeypatch.setattr(DEFAULT_SETTINGS, "strict", True)
