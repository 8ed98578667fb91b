# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers of the catalogue tests: quiet settings, signed-in users, onboarding bodies."""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import time
from dataclasses import dataclass, fields
from typing import Any

import httpx

from hub.contracts import Role
from hub.settings import Settings
from hub.testing import LiveHub, Province, add_user, login, seed_province


def quiet(**overrides: Any) -> dict[str, Any]:
    """Settings for catalogue tests: no background health round unless asked, no relay."""
    known = {f.name for f in fields(Settings)}
    base: dict[str, Any] = {"health_enabled": False, "media_relay": False}
    base.update(overrides)
    return {k: v for k, v in base.items() if k in known}


@dataclass
class Catalogue:
    """A running hub, its province and signed-in users."""

    live: LiveHub
    province: Province
    tokens: dict[str, str]

    def http(self, user: str) -> httpx.Client:
        return self.live.client(self.tokens[user])


def make_catalogue(live: LiveHub) -> Catalogue:
    province = seed_province(live.hub)
    users = {
        "admin_a": ("districtA", [Role.ADMIN]),
        "admin_b": ("districtB", [Role.ADMIN]),
        "op_a": ("districtA", [Role.OPERATOR]),
        "op_b": ("districtB", [Role.OPERATOR]),
        "op_a1": ("communeA1", [Role.OPERATOR]),
        "ioc": ("ioc", [Role.OPERATOR]),
    }
    tokens = {}
    for name, (unit, roles) in users.items():
        add_user(live.hub, province, name, unit, roles)
        tokens[name] = login(live, province, name)
    return Catalogue(live, province, tokens)


def onboard_body(cat: Catalogue, entry: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """An onboarding request for a simulator camera, in commune A1."""
    p = cat.province
    body = {
        "onvif_url": entry["onvif"]["url"],
        "username": entry["username"],
        "password": entry["password"],
        "code": f"TN-{entry['id']}",
        "managing_unit_id": p.units["communeA1"],
        "operating_unit_id": p.units["communeA1"],
        "using_unit_ids": [p.units["police"]],
        "update_method": "automatic",
        "update_frequency_days": 1,
        "tier": "tier_3",
        "category": "security",
        "territory_id": p.territories["A1"],
        "domain": None,
        "latitude": 21.59,
        "longitude": 105.84,
        "mounting_layer": "5_10m",
        "public_sharing": False,
        "dedicated": False,
    }
    body.update(changes)
    return body


class EventListener:
    """Reads one user's ``/api/events`` stream in a thread; events land in ``events``."""

    def __init__(self, live: LiveHub, token: str, topics: str) -> None:
        self.events: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self._opened = threading.Event()
        self._http = httpx.Client(base_url=live.url, timeout=30)
        self._live = live
        self._thread = threading.Thread(target=self._run, args=(token, topics), daemon=True)

    def _run(self, token: str, topics: str) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with (
            contextlib.suppress(httpx.HTTPError),
            self._http.stream(
                "GET", "/api/events", params={"topics": topics}, headers=headers
            ) as r,
        ):
            self._opened.set()
            topic = data = None
            for line in r.iter_lines():
                if line.startswith("event: "):
                    topic = line[7:]
                elif line.startswith("data: "):
                    data = json.loads(line[6:])
                elif line == "" and topic is not None and data is not None:
                    self.events.put((topic, data))
                    topic = data = None
        self._opened.set()

    def __enter__(self) -> EventListener:
        self._thread.start()
        assert self._opened.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._live.hub.events.disconnect(lambda sub: True)
        self._thread.join(10)
        self._http.close()

    def drain(self) -> list[tuple[str, dict[str, Any]]]:
        """Every event received so far."""
        out = []
        while not self.events.empty():
            out.append(self.events.get_nowait())
        return out

    def wait_for(self, predicate: Any, timeout: float = 15.0) -> dict[str, Any]:
        """The first event whose data satisfies ``predicate`` (others are dropped)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            assert left > 0, "no matching event in time"
            try:
                _topic, data = self.events.get(timeout=left)
            except queue.Empty:
                continue
            if predicate(data):
                return data
