# SPDX-License-Identifier: GPL-3.0-or-later
"""The ONVIF event service (tev): topic set, pull-point subscriptions, live event source."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Mapping

from lxml import etree

from camsim import recordings
from camsim.camera import SimCamera
from camsim.events import TOPICS, SimEvent
from camsim.onvif.context import Call, PullPoint, Service, service_url
from camsim.onvif.soap import NS, TEV, TT, WSA, WSNT, WSTOP, Element, invalid_arg, qn
from camsim.onvif.values import format_datetime, int_arg, parse_datetime, parse_duration, text_arg

SERVICE = Service("events_service", NS["tev"])
PULLPOINT = Service("pullpoint", NS["tev"])

CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet"
CONCRETE = "http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete"
ITEM_FILTER = "http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter"
DEFAULT_TERMINATION = 60.0  # seconds a subscription lives unless asked otherwise
MAX_TERMINATION = 86400.0
MAX_PULL_WAIT = 30.0  # longest PullMessages long-poll, whatever Timeout asks
MAX_PULLPOINTS = 16
POLL_STEP = 0.05

_VEHICLE_ITEMS = (
    ("ObjectId", "xs:integer"),
    ("Plate", "xs:string"),
    ("VehicleType", "xs:string"),
    ("Colour", "xs:string"),
    ("Direction", "xs:string"),
    ("Speed", "xs:float"),
)
_RULE_SOURCE = (("VideoSourceConfigurationToken", "tt:ReferenceToken"), ("Rule", "xs:string"))

# topic → (is a property, Source items, Data items), as GetEventProperties describes them.
DESCRIPTIONS: dict[str, tuple[bool, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = {
    TOPICS["motion"]: (True, _RULE_SOURCE, (("IsMotion", "xs:boolean"), *_VEHICLE_ITEMS)),
    TOPICS["line_crossing"]: (False, _RULE_SOURCE, _VEHICLE_ITEMS),
    TOPICS["intrusion"]: (True, _RULE_SOURCE, (("IsInside", "xs:boolean"), *_VEHICLE_ITEMS)),
    TOPICS["tampering"]: (True, (("Source", "tt:ReferenceToken"),), (("State", "xs:boolean"),)),
    recordings.TRACK_STATE_TOPIC: (
        True,
        (("RecordingToken", "tt:RecordingReference"), ("Track", "tt:TrackReference")),
        (("IsDataPresent", "xs:boolean"),),
    ),
}


def _is_property(topic: str) -> bool:
    """Whether a topic reports a state (its messages carry a PropertyOperation)."""
    return DESCRIPTIONS.get(topic, (True,))[0]


def _items(tag: str, items: tuple[tuple[str, str], ...]) -> Element:
    element: Element = TT.named(
        tag, *(TT.SimpleItemDescription({"Name": name, "Type": kind}) for name, kind in items)
    )
    return element


def topic_set() -> Element:
    """The ``wstop:TopicSet`` of every topic the camera raises, with message descriptions."""
    root = WSTOP.TopicSet()
    for topic, (is_property, source, data) in DESCRIPTIONS.items():
        path = topic.removeprefix("tns1:").split("/")
        node = root.find(qn(f"tns1:{path[0]}"))
        if node is None:
            node = etree.SubElement(root, qn(f"tns1:{path[0]}"))
        for part in path[1:]:
            child = node.find(part)
            node = child if child is not None else etree.SubElement(node, part)
        node.set(qn("wstop:topic"), "true")
        node.append(
            TT.MessageDescription(
                {"IsProperty": "true" if is_property else "false"},
                _items("Source", source),
                _items("Data", data),
            )
        )
    return root


def notification_message(
    topic: str,
    utc_time: float,
    source: Mapping[str, str],
    data: Mapping[str, str],
    property_operation: str | None = "Changed",
    subscription: str | None = None,
    producer: str | None = None,
    garbled: bool = False,
) -> Element:
    """A ``wsnt:NotificationMessage`` carrying one ``tt:Message`` (``garbled``: without
    its required UtcTime, as a broken device sends it)."""
    attrs = {} if garbled else {"UtcTime": format_datetime(utc_time)}
    if property_operation:
        attrs["PropertyOperation"] = property_operation
    message = TT.Message(
        attrs,
        TT.Source(*(TT.SimpleItem({"Name": k, "Value": v}) for k, v in source.items())),
        TT.Data(*(TT.SimpleItem({"Name": k, "Value": v}) for k, v in data.items())),
    )
    return WSNT.NotificationMessage(
        WSNT.SubscriptionReference(WSA.Address(subscription)) if subscription else None,
        WSNT.Topic({"Dialect": CONCRETE_SET}, topic),
        WSNT.ProducerReference(WSA.Address(producer)) if producer else None,
        WSNT.Message(message),
    )


def _termination(element: Element, path: str, now: float, default: float) -> float:
    """Absolute expiry from an AbsoluteOrRelativeTimeType argument (duration or dateTime)."""
    raw = text_arg(element, path)
    if not raw:
        return now + default
    expiry = now + parse_duration(raw) if raw.startswith(("P", "-P")) else parse_datetime(raw)
    if expiry <= now:
        raise invalid_arg("Termination time is in the past", "ter:UnacceptableTerminationTime")
    return min(expiry, now + MAX_TERMINATION)


def topic_prefixes(expressions: list[Element]) -> tuple[str, ...]:
    """Topic prefixes from ``wsnt:TopicExpression`` filters (ConcreteSet dialect, ``|``)."""
    prefixes: list[str] = []
    for expression in expressions:
        for alternative in (expression.text or "").split("|"):
            topic = alternative.strip().removesuffix("//.").rstrip("/")
            prefix, sep, rest = topic.partition(":")
            if sep and expression.nsmap.get(prefix) == NS["tns1"]:
                topic = f"tns1:{rest}"
            if topic:
                prefixes.append(topic)
    return tuple(prefixes)


def topic_matches(topic: str, prefixes: tuple[str, ...]) -> bool:
    """Whether ``topic`` is one of ``prefixes`` or below one (no prefixes: every topic)."""
    return not prefixes or any(topic == p or topic.startswith(p + "/") for p in prefixes)


@SERVICE.operation("GetServiceCapabilities")
async def _get_service_capabilities(call: Call) -> Element:
    return TEV.GetServiceCapabilitiesResponse(
        TEV.Capabilities(
            {
                "WSSubscriptionPolicySupport": "false",
                "WSPullPointSupport": "true",
                "WSPausableSubscriptionManagerInterfaceSupport": "false",
                "MaxPullPoints": str(MAX_PULLPOINTS),
            }
        )
    )


@SERVICE.operation("GetEventProperties")
async def _get_event_properties(call: Call) -> Element:
    return TEV.GetEventPropertiesResponse(
        TEV.TopicNamespaceLocation("http://www.onvif.org/onvif/ver10/topics/topicns.xml"),
        WSNT.FixedTopicSet("true"),
        topic_set(),
        WSNT.TopicExpressionDialect(CONCRETE_SET),
        WSNT.TopicExpressionDialect(CONCRETE),
        TEV.MessageContentFilterDialect(ITEM_FILTER),
        TEV.MessageContentSchemaLocation("http://www.onvif.org/onvif/ver10/schema/onvif.xsd"),
    )


@SERVICE.operation("CreatePullPointSubscription")
async def _create_pull_point_subscription(call: Call) -> Element:
    state, now = call.state, time.time()
    for sub_id, point in list(state.pullpoints.items()):
        if point.expires <= now:
            del state.pullpoints[sub_id]
    while len(state.pullpoints) >= MAX_PULLPOINTS:  # the oldest subscription gives way
        del state.pullpoints[next(iter(state.pullpoints))]
    expires = _termination(call.body, "tev:InitialTerminationTime", now, DEFAULT_TERMINATION)
    filters = topic_prefixes(call.body.findall("tev:Filter/wsnt:TopicExpression", NS))
    point = PullPoint(state.new_id(), call.camera.events.last_seq, expires, filters)
    state.pullpoints[point.sub_id] = point
    return TEV.CreatePullPointSubscriptionResponse(
        TEV.SubscriptionReference(
            WSA.Address(service_url(call.camera, f"pullpoint/{point.sub_id}"))
        ),
        WSNT.CurrentTime(format_datetime(now)),
        WSNT.TerminationTime(format_datetime(point.expires)),
    )


def _pullpoint(call: Call) -> PullPoint:
    sub_id = call.path.rpartition("/")[2]
    point = call.state.pullpoints.get(sub_id)
    if point is None or point.expires <= time.time():
        call.state.pullpoints.pop(sub_id, None)
        raise invalid_arg(f"No subscription {sub_id} (unsubscribed or expired)")
    return point


def _take(camera: SimCamera, point: PullPoint, limit: int) -> list[SimEvent]:
    taken: list[SimEvent] = []
    while len(taken) < limit:
        batch = camera.events.since(point.cursor, limit=200)
        if not batch:
            break
        for event in batch:
            point.cursor = event.seq
            if topic_matches(event.topic, point.topics):
                taken.append(event)
                if len(taken) >= limit:
                    break
    return taken


@PULLPOINT.operation("PullMessages")
async def _pull_messages(call: Call) -> Element:
    point = _pullpoint(call)
    timeout = parse_duration(text_arg(call.body, "tev:Timeout") or "PT0S")
    limit = int_arg(call.body, "tev:MessageLimit", 100)
    if timeout < 0 or limit < 0:
        raise invalid_arg("Timeout and MessageLimit must not be negative")
    deadline = time.monotonic() + min(timeout, MAX_PULL_WAIT)
    camera = call.camera
    events = _take(camera, point, limit)
    while not events and limit and time.monotonic() < deadline:
        if call.state.pullpoints.get(point.sub_id) is not point or camera.faults.offline():
            break
        await asyncio.sleep(POLL_STEP)
        events = _take(camera, point, limit)
    address = service_url(camera, f"pullpoint/{point.sub_id}")
    producer = service_url(camera, "device_service")
    return TEV.PullMessagesResponse(
        TEV.CurrentTime(format_datetime(time.time())),
        TEV.TerminationTime(format_datetime(point.expires)),
        *(
            notification_message(
                e.topic,
                e.utc_time,
                e.source,
                e.data,
                "Changed" if _is_property(e.topic) else None,
                address,
                producer,
                e.garbled,
            )
            for e in events
        ),
    )


@PULLPOINT.operation("SetSynchronizationPoint")
async def _set_synchronization_point(call: Call) -> Element:
    _pullpoint(call)
    return TEV.SetSynchronizationPointResponse()


@PULLPOINT.operation("Renew", NS["wsnt"])
async def _renew(call: Call) -> Element:
    point = _pullpoint(call)
    now = time.time()
    point.expires = _termination(call.body, "wsnt:TerminationTime", now, DEFAULT_TERMINATION)
    return WSNT.RenewResponse(
        WSNT.TerminationTime(format_datetime(point.expires)), WSNT.CurrentTime(format_datetime(now))
    )


@PULLPOINT.operation("Unsubscribe", NS["wsnt"])
async def _unsubscribe(call: Call) -> Element:
    point = _pullpoint(call)
    call.state.pullpoints.pop(point.sub_id, None)
    return WSNT.UnsubscribeResponse()


async def generate_events(camera: SimCamera, period: float, seed: str | None = None) -> None:
    """Publish a plausible analytics event on ``camera.events`` about every ``period`` s.

    Runs until cancelled; intervals vary ±40 % around ``period``. Nothing is published
    while the camera is offline.

    Args:
        camera: The camera whose analytics raise the events.
        period: Mean seconds between events (must be positive).
        seed: Seed of the event sequence; by default a new one per run.
    """
    seed = seed if seed is not None else f"{time.time():.0f}"
    rng = random.Random(f"{camera.spec.camera_id}:{seed}")
    counter = 0
    while True:
        await asyncio.sleep(period * rng.uniform(0.6, 1.4))
        if camera.faults.offline():
            continue
        counter += 1
        kind, source, data = recordings.analytics_event(camera, f"live:{seed}:{counter}")
        camera.events.publish(kind, data, source)
