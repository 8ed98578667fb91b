# SPDX-License-Identifier: GPL-3.0-or-later
"""ONVIF events as the hub reads them: topics → kinds, notification messages →
:class:`CameraEvent`, and one camera's pull point over onvif-zeep-async.

Messages come as zeep objects (the ONVIF schema parsed them) or, from devices whose
message zeep could not type, as lxml elements; both are read. Failures are folded into
:class:`EventsError` with a stable reason that never carries the device's address or
credentials.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import zeep.exceptions
from lxml import etree
from onvif.exceptions import ONVIFAuthError, ONVIFError, ONVIFTimeoutError

from hub.catalog.access import DeviceAccess
from hub.catalog.onvif_client import onvif_client
from hub.catalog.onvif_probe import NS_EVENTS
from hub.incidents.camera_events import CameraEvent, EventKind, PropertyOperation

log = logging.getLogger(__name__)

_PULLPOINT_NS = f"{NS_EVENTS}/PullPointSubscription"
_AUTH_FAULTS = {"NotAuthorized", "FailedAuthentication"}
_UNSUPPORTED_FAULTS = {"ActionNotSupported", "NotSupported", "ServiceNotSupported"}
# Bounds of one message: a device sending more is broken (or hostile).
_MAX_TOPIC = 200  # events.topic
_MAX_ITEMS = 64
_MAX_NAME = 64
_MAX_VALUE = 1024

# --- topics and messages ---------------------------------------------------------------

# ONVIF topic paths (namespace prefixes dropped) → kind; a topic at or below one matches.
TOPIC_KINDS: tuple[tuple[str, EventKind], ...] = (
    ("RuleEngine/CellMotionDetector/Motion", EventKind.MOTION),
    ("RuleEngine/MotionRegionDetector/Motion", EventKind.MOTION),
    ("VideoSource/MotionAlarm", EventKind.MOTION),
    ("RuleEngine/LineDetector/Crossed", EventKind.LINE_CROSSING),
    ("RuleEngine/FieldDetector/ObjectsInside", EventKind.INTRUSION),
    # Tampering: the imaging / analytics / recording services' scene checks (ONVIF
    # Imaging and Analytics specs) and the analytics tamper rule.
    ("VideoSource/GlobalSceneChange", EventKind.TAMPERING),
    ("VideoSource/ImageTooBlurry", EventKind.TAMPERING),
    ("VideoSource/ImageTooDark", EventKind.TAMPERING),
    ("VideoSource/ImageTooBright", EventKind.TAMPERING),
    ("RuleEngine/TamperDetector", EventKind.TAMPERING),
    ("RecordingConfig", EventKind.RECORDING),
    ("RecordingHistory", EventKind.RECORDING),
)


class MalformedMessage(ValueError):
    """A notification message the hub cannot read (no topic, no time, oversized…)."""


def topic_path(topic: str) -> str:
    """``tns1:RuleEngine/tnsx:Foo/Bar`` → ``RuleEngine/Foo/Bar`` (prefixes dropped)."""
    return "/".join(part.rpartition(":")[2] for part in topic.strip().split("/"))


def topic_kind(topic: str) -> EventKind:
    """The kind of event an ONVIF topic reports (``OTHER`` when unknown)."""
    path = topic_path(topic).lower()
    for known, kind in TOPIC_KINDS:
        known = known.lower()
        if path == known or path.startswith(known + "/"):
            return kind
    return EventKind.OTHER


def _field(node: Any, name: str) -> Any:
    """An attribute or child of a zeep object or an lxml element (by local name)."""
    if isinstance(node, etree._Element):
        if name in node.attrib:
            return node.attrib[name]
        for child in node:
            if isinstance(child.tag, str) and etree.QName(child).localname == name:
                return child
        return None
    return getattr(node, name, None)


def _simple_items(node: Any) -> dict[str, str]:
    if node is None:
        return {}
    if isinstance(node, etree._Element):
        items: Iterable[Any] = [
            c for c in node if isinstance(c.tag, str) and etree.QName(c).localname == "SimpleItem"
        ]
    else:
        items = getattr(node, "SimpleItem", None) or []
    out: dict[str, str] = {}
    for item in items:
        name, value = _field(item, "Name"), _field(item, "Value")
        if not name:
            continue
        name, value = str(name), "" if value is None else str(value)
        if len(name) > _MAX_NAME or len(value) > _MAX_VALUE or len(out) >= _MAX_ITEMS:
            raise MalformedMessage("an item is too large or there are too many")
        out[name] = value
    return out


def _utc(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise MalformedMessage("UtcTime is not a time") from None
    if not isinstance(value, datetime):
        raise MalformedMessage("no UtcTime")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _operation(value: Any) -> PropertyOperation | None:
    if value is None or value == "":
        return None
    for op in PropertyOperation:
        if str(value).strip().lower() == op.value.lower():
            return op
    raise MalformedMessage("unknown PropertyOperation")


def event_key(
    camera_id: int,
    topic: str,
    occurred_at: datetime,
    operation: PropertyOperation | None,
    source: dict[str, str],
    data: dict[str, str],
) -> str:
    """A digest naming one event across re-deliveries (SHA-256, hex)."""
    raw = json.dumps(
        [
            camera_id,
            topic,
            occurred_at.isoformat(),
            operation.value if operation else None,
            sorted(source.items()),
            sorted(data.items()),
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(raw.encode()).hexdigest()


def camera_event(camera_id: int, notification: Any) -> CameraEvent:
    """A :class:`CameraEvent` from one ``wsnt:NotificationMessage`` (zeep object or lxml).

    Raises:
        MalformedMessage: no topic or ``tt:Message``, no usable ``UtcTime``, an unknown
            ``PropertyOperation``, oversized items.
    """
    topic_node = _field(notification, "Topic")
    topic = _field(topic_node, "_value_1") if topic_node is not None else None
    if isinstance(topic_node, etree._Element):
        topic = topic_node.text
    topic = str(topic or "").strip()
    if not topic or len(topic) > _MAX_TOPIC:
        raise MalformedMessage("no topic, or too long")
    wrapper = _field(notification, "Message")
    message = None
    if isinstance(wrapper, etree._Element):
        message = next((c for c in wrapper if isinstance(c.tag, str)), None)
    elif wrapper is not None:
        message = getattr(wrapper, "_value_1", None)
    if message is None:
        raise MalformedMessage("no tt:Message")
    occurred_at = _utc(_field(message, "UtcTime"))
    operation = _operation(_field(message, "PropertyOperation"))
    source = _simple_items(_field(message, "Source"))
    data = _simple_items(_field(message, "Data"))
    return CameraEvent(
        camera_id=camera_id,
        topic=topic,
        kind=topic_kind(topic),
        occurred_at=occurred_at,
        key=event_key(camera_id, topic, occurred_at, operation, source, data),
        source=source,
        data=data,
        operation=operation,
    )


# --- the device side -------------------------------------------------------------------


class EventsError(Exception):
    """A call to a device's event service failed; ``reason`` is stable and safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _subcodes(fault: zeep.exceptions.Fault) -> list[str]:
    out = []
    for q in fault.subcodes or []:
        try:
            out.append(etree.QName(q).localname)
        except (ValueError, TypeError):
            out.append(str(q).rpartition(":")[2])
    return out


def classify(exc: BaseException, on_pull_point: bool) -> EventsError:
    """The :class:`EventsError` for a failure; on the pull point itself a SOAP fault (or
    HTTP 404) means the device no longer knows the subscription."""
    if isinstance(exc, EventsError):
        return exc
    wrapped = isinstance(exc, ONVIFError) and not isinstance(
        exc, ONVIFAuthError | ONVIFTimeoutError
    )
    if wrapped and isinstance(exc.__cause__, BaseException):
        return classify(exc.__cause__, on_pull_point)
    if isinstance(exc, TimeoutError | ONVIFTimeoutError):
        return EventsError("timeout")
    if isinstance(exc, ONVIFAuthError):
        return EventsError("auth")
    if isinstance(exc, zeep.exceptions.Fault):
        codes = set(_subcodes(exc))
        if codes & _AUTH_FAULTS:
            return EventsError("auth")
        if on_pull_point:
            return EventsError("subscription_lost")
        if codes & _UNSUPPORTED_FAULTS:
            return EventsError("unsupported")
        return EventsError("fault")
    if isinstance(exc, zeep.exceptions.TransportError):
        if exc.status_code in (401, 403):
            return EventsError("auth")
        if on_pull_point and exc.status_code == 404:
            return EventsError("subscription_lost")
        return EventsError("unreachable")
    if isinstance(exc, zeep.exceptions.Error | etree.XMLSyntaxError | ValueError):
        return EventsError("invalid_reply")
    if isinstance(exc, OSError | ONVIFError) or type(exc).__module__.startswith("aiohttp"):
        return EventsError("unreachable")
    return EventsError("invalid_reply")


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def _lifetime(reply: Any, asked: float) -> float:
    """Seconds the device granted: its TerminationTime minus its CurrentTime (both in
    the device's clock, so a skewed clock does not matter), else what was asked."""
    current, terminates = (
        getattr(reply, "CurrentTime", None),
        getattr(reply, "TerminationTime", None),
    )
    if isinstance(current, datetime) and isinstance(terminates, datetime):
        return max(0.0, (terminates - current).total_seconds())
    return asked


class EventDevice:
    """One camera's event service over onvif-zeep-async; ``close`` releases it."""

    def __init__(self, access: DeviceAccess, call_timeout: float) -> None:
        self.call_timeout = call_timeout
        self._camera = onvif_client(access.onvif_url, access.username, access.password)
        self._connected = False
        self._pull: Any = None  # onvif ONVIFService (untyped library)
        self._manager: Any = None

    @property
    def connected(self) -> bool:
        """Whether the device answered GetServices (its ONVIF address works)."""
        return self._connected

    async def _call(self, on_pull_point: bool, extra: float, make: Callable[[], Any]) -> Any:
        try:
            async with asyncio.timeout(self.call_timeout + extra):
                if not self._connected:
                    await self._camera.update_xaddrs()
                    self._connected = True
                return await make()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            raise classify(exc, on_pull_point) from None

    async def _use(self, address: str) -> None:
        self._camera.xaddrs[_PULLPOINT_NS] = address
        self._pull = await self._camera.create_pullpoint_service()
        self._manager = await self._camera.create_subscription_service("PullPointSubscription")

    async def subscribe(self, lifetime: float) -> tuple[str, float]:
        """A new pull point: (its address, seconds granted).

        Raises:
            EventsError: ``unsupported`` when the device has no event service.
        """

        async def create() -> tuple[str, float]:
            if NS_EVENTS not in self._camera.xaddrs:
                raise EventsError("unsupported")
            events = await self._camera.create_events_service()
            reply = await events.CreatePullPointSubscription(
                {"InitialTerminationTime": f"PT{int(lifetime)}S"}
            )
            raw = reply.SubscriptionReference.Address._value_1
            if not raw:
                raise EventsError("invalid_reply")
            address = self._camera.rewrite_url(_without_userinfo(str(raw).strip()))
            await self._use(address)
            return address, _lifetime(reply, lifetime)

        result: tuple[str, float] = await self._call(False, 0.0, create)
        return result

    async def resume(self, address: str) -> None:
        """Go on with a known pull point (no call to the device)."""
        await self._call(True, 0.0, lambda: self._use(address))

    async def renew(self, lifetime: float) -> float:
        """Extend the subscription; returns the seconds granted."""
        reply = await self._call(
            True, 0.0, lambda: self._manager.Renew({"TerminationTime": f"PT{int(lifetime)}S"})
        )
        return _lifetime(reply, lifetime)

    async def pull(self, wait: float, limit: int) -> list[Any]:
        """Long-poll for up to ``limit`` messages, waiting at most ``wait`` seconds."""
        reply = await self._call(
            True,
            wait,
            lambda: self._pull.PullMessages(
                {"Timeout": timedelta(seconds=wait), "MessageLimit": limit}
            ),
        )
        return list(getattr(reply, "NotificationMessage", None) or [])

    async def close(self) -> None:
        """Close every connection of this client."""
        try:
            await self._camera.close()
        except Exception:  # closing a broken connection may fail; nothing to keep
            log.debug("closing an ONVIF client failed", exc_info=True)
