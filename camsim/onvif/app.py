# SPDX-License-Identifier: GPL-3.0-or-later
"""The ASGI app of one simulated camera's ONVIF side: routing, WS-Security, faults, snapshot.

Every service of the camera is served under ``<root>/<service>``; pull points live at
``<root>/pullpoint/<id>`` and the JPEG snapshot at ``<root>/snapshot?profile=<token>``,
where the root is ``/onvif`` unless the camera's spec says otherwise (``onvif_root``).
Only GetSystemDateAndTime answers without a WS-Security UsernameToken (digest).

Faults injected on ``camera.faults`` act on every request:

- ``offline()``: HTTP 503 with an empty body (no SOAP at all);
- ``onvif_delay``: every reply waits that many seconds first;
- ``soap_fault``: every authenticated call gets ``env:Receiver`` / ``ter:Action`` /
  ``ter:HardwareFailure`` (HTTP 500);
- ``malformed_xml``: every SOAP reply loses its envelope and its end (invalid XML) and
  is sent with HTTP 200.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from camsim.camera import SimCamera
from camsim.onvif import device, events, media, media2, ptz, recording, replay, search
from camsim.onvif.context import Call, DeviceState, Service
from camsim.onvif.httpauth import HttpAuth
from camsim.onvif.soap import (
    SoapFault,
    envelope,
    fault_element,
    not_supported,
    parse_envelope,
    serialize,
    verify_username_token,
)

log = logging.getLogger(__name__)

SOAP_MEDIA_TYPE = "application/soap+xml; charset=utf-8"
DEFAULT_EVENT_PERIOD = 10.0
MAX_REQUEST_BYTES = 1 << 20

ENDPOINTS: dict[str, Service] = {
    "device_service": device.SERVICE,
    "media_service": media.SERVICE,
    "media2_service": media2.SERVICE,
    "ptz_service": ptz.SERVICE,
    "events_service": events.SERVICE,
    "search_service": search.SERVICE,
    "replay_service": replay.SERVICE,
    "recording_service": recording.SERVICE,
}


def _offline() -> Response:
    return Response(status_code=503)


def _soap_reply(status: int, payload: bytes) -> Response:
    return Response(payload, status_code=status, media_type=SOAP_MEDIA_TYPE)


def _garble(payload: bytes) -> bytes:
    """A reply cut on both ends: no envelope (its namespace declarations lost) and no end.

    Not well-formed, and even a recovering parser (onvif-zeep-async is lenient by
    default) finds no SOAP envelope in it, so the client reports an error rather than
    reading half an answer.
    """
    body = payload.partition(b"<env:Body>")[2] or payload
    first_tag_end = body.find(b">") + 1
    return body[: max(first_tag_end, len(body) * 2 // 3)]


async def _answer(
    state: DeviceState, service: Service, body: bytes, path: str
) -> tuple[int, bytes]:
    """(HTTP status, SOAP envelope) for one request; faults never escape as tracebacks."""
    camera = state.camera
    try:
        request = parse_envelope(body)
        public = service is device.SERVICE and request.qname in device.PUBLIC_OPERATIONS
        if not public:
            spec = camera.spec
            verify_username_token(request.header, spec.username, spec.password, state.nonces)
            if camera.faults.soap_fault:
                raise SoapFault(
                    "Receiver", ("ter:Action", "ter:HardwareFailure"), "Simulated device failure"
                )
        handler = service.operations.get(request.qname)
        if handler is None:
            raise not_supported(f"{request.local_name} is not supported by {service.name}")
        result = await handler(Call(state, request, path))
        return 200, serialize(envelope(result))
    except SoapFault as fault:
        return fault.http_status, serialize(envelope(fault_element(fault)))
    except Exception:
        log.exception("%s: %s failed", camera.spec.camera_id, path)
        internal = SoapFault("Receiver", ("ter:Action",), "Internal device error")
        return internal.http_status, serialize(envelope(fault_element(internal)))


async def _serve(state: DeviceState, service: Service, request: Request, path: str) -> Response:
    faults = state.camera.faults
    if faults.offline():
        return _offline()
    body = await request.body()
    if faults.onvif_delay > 0:
        await asyncio.sleep(faults.onvif_delay)
    status, payload = await _answer(state, service, body, path)
    if faults.offline():
        return _offline()
    if faults.malformed_xml:
        return _soap_reply(200, _garble(payload))
    return _soap_reply(status, payload)


def create_onvif_app(camera: SimCamera, event_period: float = DEFAULT_EVENT_PERIOD) -> Starlette:
    """The ONVIF endpoint of one camera, to serve on ``camera.spec.host:onvif_port``.

    Args:
        camera: The simulated camera (its spec, PTZ mechanics, events and faults).
        event_period: Mean seconds between the analytics events the camera raises by
            itself while the app runs (published on ``camera.events``); 0 disables them.

    Returns:
        A Starlette app serving ``/onvif/device_service``, ``media_service``,
        ``media2_service``,
        ``ptz_service``, ``events_service``, ``pullpoint/<id>``, ``search_service``,
        ``replay_service``, ``recording_service`` (SOAP 1.2 POST) and
        ``GET /onvif/snapshot?profile=<token>`` (JPEG, HTTP digest or basic auth).
    """
    state = DeviceState(camera)
    http_auth = HttpAuth(camera.spec.username, camera.spec.password)

    async def soap_endpoint(request: Request) -> Response:
        name = request.path_params["service"]
        service = ENDPOINTS.get(name)
        if service is None or (service is media2.SERVICE and not camera.spec.media2):
            return Response("No such service", status_code=404, media_type="text/plain")
        return await _serve(state, service, request, name)

    async def pullpoint_endpoint(request: Request) -> Response:
        path = f"pullpoint/{request.path_params['sub_id']}"
        return await _serve(state, events.PULLPOINT, request, path)

    async def snapshot_endpoint(request: Request) -> Response:
        faults = camera.faults
        if faults.offline():
            return _offline()
        if faults.onvif_delay > 0:
            await asyncio.sleep(faults.onvif_delay)
        authorization = request.headers.get("authorization")
        if not http_auth.check(request.method, request.url.path, authorization):
            denied = Response("Unauthorized", status_code=401, media_type="text/plain")
            for challenge in http_auth.challenges():
                denied.headers.append("WWW-Authenticate", challenge)
            return denied
        token = request.query_params.get("profile", camera.spec.streams[0].profile_token)
        try:
            camera.spec.stream(token)
        except KeyError:
            return Response(f"No profile {token}", status_code=404, media_type="text/plain")
        jpeg = await asyncio.to_thread(camera.snapshot_jpeg)
        return Response(jpeg, media_type="image/jpeg")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = None
        if event_period > 0:
            task = asyncio.create_task(events.generate_events(camera, event_period))
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    root = camera.spec.onvif_root
    app = Starlette(
        routes=[
            Route(f"{root}/snapshot", snapshot_endpoint, methods=["GET"]),
            Route(f"{root}/pullpoint/{{sub_id}}", pullpoint_endpoint, methods=["POST"]),
            Route(f"{root}/{{service}}", soap_endpoint, methods=["POST"]),
        ],
        lifespan=lifespan,
        max_body_size=MAX_REQUEST_BYTES,
    )
    app.state.onvif = state
    return app
