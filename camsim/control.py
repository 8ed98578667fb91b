# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet's control endpoint: inventory, fault injection and events on demand (tests)."""

from __future__ import annotations

import asyncio
import json
import time
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from camsim.events import TOPICS

if TYPE_CHECKING:
    from camsim.fleet import Fleet

FAULT_KEYS = {
    "stream_drop",
    "onvif_delay",
    "soap_fault",
    "malformed_xml",
    "offline",
    "rtp_bursts",
}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _json_object(request: Request) -> dict[str, Any] | JSONResponse:
    try:
        body = json.loads(await request.body() or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error(400, "body is not JSON")
    if not isinstance(body, dict):
        return _error(400, "body must be a JSON object")
    return body


def create_control_app(fleet: Fleet) -> Starlette:
    """The HTTP API tests use to steer the fleet (never exposed beyond loopback)."""

    def camera_or_404(request: Request) -> str | JSONResponse:
        camera_id = str(request.path_params["camera_id"])
        try:
            fleet.camera(camera_id)
        except KeyError:
            return _error(404, f"no camera {camera_id}")
        return camera_id

    async def inventory(request: Request) -> JSONResponse:
        return JSONResponse(fleet.inventory())

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "cameras": len(fleet.cameras)})

    async def faults(request: Request) -> JSONResponse:
        camera_id = camera_or_404(request)
        if isinstance(camera_id, JSONResponse):
            return camera_id
        if request.method == "GET":
            return JSONResponse(fleet.camera(camera_id).faults.snapshot())
        if request.method == "DELETE":
            return JSONResponse(fleet.clear_faults(camera_id))
        body = await _json_object(request)
        if isinstance(body, JSONResponse):
            return body
        unknown = set(body) - FAULT_KEYS
        if unknown:
            return _error(400, f"unknown faults: {sorted(unknown)}")
        try:
            return JSONResponse(fleet.apply_faults(camera_id, body))
        except (TypeError, ValueError) as exc:
            return _error(400, str(exc))

    async def events(request: Request) -> JSONResponse:
        camera_id = camera_or_404(request)
        if isinstance(camera_id, JSONResponse):
            return camera_id
        body = await _json_object(request)
        if isinstance(body, JSONResponse):
            return body
        kind = body.get("kind")
        data = body.get("data", {})
        garbled = body.get("garbled", False)
        if kind not in TOPICS:
            return _error(400, f"kind must be one of {sorted(TOPICS)}")
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            return _error(400, "data must map names to strings")
        if not isinstance(garbled, bool):
            return _error(400, "garbled must be true or false")
        event = fleet.camera(camera_id).events.publish(kind, data, garbled=garbled)
        return JSONResponse({"seq": event.seq, "topic": event.topic, "utc_time": event.utc_time})

    async def ptz(request: Request) -> JSONResponse:
        camera_id = camera_or_404(request)
        if isinstance(camera_id, JSONResponse):
            return camera_id
        camera = fleet.camera(camera_id)
        pos = camera.position()
        moving = camera.ptz.is_moving(time.monotonic()) if camera.ptz else False
        return JSONResponse({"pan": pos.pan, "tilt": pos.tilt, "zoom": pos.zoom, "moving": moving})

    async def streams(request: Request) -> JSONResponse:
        camera_id = camera_or_404(request)
        if isinstance(camera_id, JSONResponse):
            return camera_id
        # client_count() waits on the GLib thread: keep the event loop free.
        stats = await asyncio.to_thread(fleet.stream_stats, camera_id)
        return JSONResponse(stats)

    async def recordings(request: Request) -> JSONResponse:
        """Store a range of a stream's recording now: ``{"stream", "start", "end"}``
        (Unix seconds), as a recorder has it on disk; answers when it is stored."""
        camera_id = camera_or_404(request)
        if isinstance(camera_id, JSONResponse):
            return camera_id
        body = await _json_object(request)
        if isinstance(body, JSONResponse):
            return body
        try:
            stream, start, end = str(body.get("stream", "main")), body["start"], body["end"]
            if not all(isinstance(v, int | float) for v in (start, end)):
                raise TypeError("start and end must be Unix seconds")
            count = await asyncio.to_thread(
                fleet.store_recording, camera_id, stream, float(start), float(end)
            )
        except KeyError as exc:
            return _error(400, f"missing or unknown: {exc}")
        except (TypeError, ValueError) as exc:
            return _error(400, str(exc))
        except (TimeoutError, RuntimeError) as exc:
            return _error(503, str(exc))
        return JSONResponse({"segments": count})

    return Starlette(
        routes=[
            Route("/health", health),
            Route("/cameras", inventory),
            Route("/cameras/{camera_id}/faults", faults, methods=["GET", "POST", "DELETE"]),
            Route("/cameras/{camera_id}/events", events, methods=["POST"]),
            Route("/cameras/{camera_id}/ptz", ptz),
            Route("/cameras/{camera_id}/streams", streams),
            Route("/cameras/{camera_id}/recordings", recordings, methods=["POST"]),
        ]
    )
