# SPDX-License-Identifier: GPL-3.0-or-later
"""What every ONVIF operation handler gets: the device state, the request, the registry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from camsim.camera import SimCamera
from camsim.onvif.soap import NS, Element, NonceCache, SoapRequest

Handler = Callable[["Call"], Awaitable[Element]]

# Service path (under /onvif/) → (namespace, version) as GetServices announces them.
SERVICE_PATHS: dict[str, tuple[str, tuple[int, int]]] = {
    "device_service": (NS["tds"], (2, 60)),
    "media_service": (NS["trt"], (2, 60)),
    "media2_service": (NS["tr2"], (2, 60)),
    "ptz_service": (NS["tptz"], (2, 60)),
    "events_service": (NS["tev"], (2, 60)),
    "recording_service": (NS["trc"], (2, 60)),
    "search_service": (NS["tse"], (2, 42)),
    "replay_service": (NS["trp"], (2, 21)),
}


def service_url(camera: SimCamera, path: str) -> str:
    """The URL of one of the camera's services (``device_service``, ``pullpoint/7``…)."""
    return camera.spec.service_url(path)


def camera_services(camera: SimCamera) -> Iterator[tuple[str, str, tuple[int, int]]]:
    """(path, namespace, version) of every service this camera offers (no PTZ if fixed)."""
    for path, (namespace, version) in SERVICE_PATHS.items():
        if path == "ptz_service" and not camera.spec.has_ptz:
            continue
        if path == "media2_service" and not camera.spec.media2:
            continue
        yield path, namespace, version


class Service:
    """The operations of one ONVIF endpoint, keyed by the Clark name of their request."""

    def __init__(self, name: str, namespace: str) -> None:
        self.name = name
        self.namespace = namespace
        self.operations: dict[str, Handler] = {}

    def operation(self, local: str, namespace: str | None = None) -> Callable[[Handler], Handler]:
        """Register a handler for the request element ``local`` (in the service namespace)."""

        def register(handler: Handler) -> Handler:
            self.operations[f"{{{namespace or self.namespace}}}{local}"] = handler
            return handler

        return register


@dataclass
class PullPoint:
    """One pull-point subscription: where its reader is in the camera's event log."""

    sub_id: str
    cursor: int
    expires: float  # unix seconds
    topics: tuple[str, ...] = ()  # topic prefixes to keep; empty: all


@dataclass
class SearchJob:
    """A recording or event search, paged through GetXxxSearchResults."""

    token: str
    results: Iterator[Any]
    keep_alive: float
    expires: float  # unix seconds
    pending: list[Any] = field(default_factory=list)
    exhausted: bool = False  # the result iterator has nothing more
    reached: float | None = None  # time of the last result handed out

    @property
    def complete(self) -> bool:
        """Every result has been handed out."""
        return self.exhausted and not self.pending

    def take(self, count: int) -> list[Any]:
        """Up to ``count`` more results (reading one ahead so ``complete`` is exact)."""
        while len(self.pending) <= count and not self.exhausted:
            try:
                self.pending.append(next(self.results))
            except StopIteration:
                self.exhausted = True
        batch, self.pending = self.pending[:count], self.pending[count:]
        return batch


@dataclass
class DeviceState:
    """Per-device state of the ONVIF endpoint (the rest lives in :class:`SimCamera`)."""

    camera: SimCamera
    nonces: NonceCache = field(default_factory=NonceCache)
    pullpoints: dict[str, PullPoint] = field(default_factory=dict)
    searches: dict[str, SearchJob] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> str:
        """A fresh identifier for a subscription or search token."""
        ident = self.next_id
        self.next_id += 1
        return str(ident)


@dataclass(frozen=True)
class Call:
    """One operation call: the device, the parsed request and the endpoint path."""

    state: DeviceState
    request: SoapRequest
    path: str

    @property
    def camera(self) -> SimCamera:
        return self.state.camera

    @property
    def body(self) -> Element:
        """The operation element (``tds:GetDeviceInformation``…)."""
        return self.request.operation
