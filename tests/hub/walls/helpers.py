# SPDX-License-Identifier: GPL-3.0-or-later
"""Test helpers for walls and displays: catalogue rows, wall bodies, display enrolment,
a display's event stream."""

from __future__ import annotations

import contextlib
import itertools
import json
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from hub.catalog.models import Camera
from hub.context import Hub
from hub.db import transaction
from hub.testing import LiveHub, Province

_codes = itertools.count(1)


def add_camera(
    hub: Hub,
    p: Province,
    territory: str = "A1",
    *,
    name: str | None = None,
    rtsp_sub_url: str | None = None,
    rtsp_main_url: str | None = None,
    credentials: tuple[str, str] | None = None,
    domain: str | None = None,
) -> int:
    """A catalogue row (no device behind it unless URLs are given)."""
    n = next(_codes)
    with transaction(hub.sessions) as s:
        now = hub.clock.now()
        cam = Camera(
            code=f"W{n:04d}",
            name=name or f"Camera {n}",
            onvif_url=f"http://127.0.0.1:{20000 + n}/onvif/device_service",
            rtsp_main_url=rtsp_main_url,
            rtsp_sub_url=rtsp_sub_url,
            managing_unit_id=p.units["districtA"],
            operating_unit_id=p.units["districtA"],
            tier="tier_2",
            category="security",
            territory_id=p.territories[territory],
            domain=domain,
            mounting_layer="5_10m",
            created_at=now,
            updated_at=now,
        )
        s.add(cam)
        s.flush()
        if credentials is not None:
            cam.credentials = credentials
        return cam.id


def grid(rows: int = 2, cols: int = 2, name: str | None = None) -> dict[str, Any]:
    """A plain grid layout as JSON data."""
    cells = [{"row": r, "col": c} for r in range(rows) for c in range(cols)]
    return {"name": name or f"{rows}x{cols}", "rows": rows, "cols": cols, "cells": cells}


def wall_body(
    name: str, cameras: list[int], shared_unit_id: int | None = None, layout: Any = None
) -> dict[str, Any]:
    """A ``POST /api/walls`` body with ``cameras`` in the first cells."""
    return {
        "name": name,
        "layout": layout or grid(),
        "cameras": [{"cell": i, "camera_id": c} for i, c in enumerate(cameras)],
        "shared_unit_id": shared_unit_id,
    }


def enrol(live: LiveHub, admin_token: str, unit_id: int, wall_ids: list[int]) -> dict[str, Any]:
    """Enrol a display over HTTP; returns the answer (with its token)."""
    with live.client(admin_token) as http:
        r = http.post(
            "/api/displays", json={"name": "Màn hình 1", "unit_id": unit_id, "wall_ids": wall_ids}
        )
        assert r.status_code == 201, r.text
        out: dict[str, Any] = r.json()
        return out


@contextmanager
def display_stream(live: LiveHub, token: str) -> Iterator[queue.Queue[Any]]:
    """Read a display's event stream in a thread: a queue of (topic, data) and ("end",)."""
    got: queue.Queue[Any] = queue.Queue()
    opened = threading.Event()
    http = httpx.Client(base_url=live.url, timeout=30)

    def run() -> None:
        with (
            contextlib.suppress(httpx.HTTPError),
            http.stream(
                "GET", "/api/display/events", headers={"Authorization": f"Bearer {token}"}
            ) as r,
        ):
            got.put(("status", r.status_code))
            topic = None
            for line in r.iter_lines():
                opened.set()
                if line.startswith("event: "):
                    topic = line[7:]
                elif line.startswith("data: ") and topic:
                    got.put((topic, json.loads(line[6:])))
                    topic = None
        got.put(("end", None))
        opened.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert opened.wait(10)
    try:
        yield got
    finally:
        live.hub.events.disconnect(lambda sub: sub.display_id is not None)
        thread.join(10)
        http.close()
