# SPDX-License-Identifier: GPL-3.0-or-later
"""Edge input is a clear 4xx, never a 500 (issue 9, item 10).

Datetimes at the ends of Python's range have no UTC value (``OverflowError``), a long
host name breaks the IDNA codec (``UnicodeError``), a broken IPv6 literal breaks
``urlsplit`` (``ValueError``). Every datetime, URL and address field of the API is tried
with the issue's examples and then with hypothesis, through the real HTTP API.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.contracts import EARLIEST_INSTANT, LATEST_INSTANT, Role
from hub.testing import LiveHub, Province, add_user, login, seed_province
from tests.hub.walls.helpers import add_camera

EDGE_TIMES = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:30:00-12:00"]
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class Edge:
    live: LiveHub
    province: Province
    tokens: dict[str, str]
    camera_id: int

    def call(
        self, user: str, method: str, path: str, **kwargs: Any
    ) -> httpx.Response:  # one request as ``user``
        with self.live.client(self.tokens[user]) as http:
            return http.request(method, path, **kwargs)


@pytest.fixture
def edge(start_hub: Any) -> Edge:
    live = start_hub(onvif_timeout_seconds=0.5)
    province = seed_province(live.hub)
    users = {
        "ioc_op": ("ioc", [Role.OPERATOR]),  # whole archive: requests reach the camera
        "admin": ("ioc", [Role.ADMIN]),
        "approver": ("ioc", [Role.APPROVER]),
        "auditor": ("ioc", [Role.AUDITOR]),
    }
    tokens = {}
    for name, (unit, roles) in users.items():
        add_user(live.hub, province, name, unit, roles)
        tokens[name] = login(live, province, name)
    camera_id = add_camera(live.hub, province)  # no recording: a quick 409 when valid
    return Edge(live, province, tokens, camera_id)


def assert_clear_4xx(r: httpx.Response) -> None:
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    body = r.json()
    assert set(body) == {"code", "message_key", "detail"}
    assert body["message_key"] == "error." + body["code"]


def assert_invalid(r: httpx.Response) -> None:
    assert_clear_4xx(r)
    assert (r.status_code, r.json()["code"]) == (422, "invalid_input"), r.text


# -- every datetime field ------------------------------------------------------------------


def datetime_calls(edge: Edge, value: str) -> list[httpx.Response]:
    """Each datetime field of the API given ``value``."""
    cam = edge.camera_id
    later = "2026-03-03T00:00:00+00:00"
    earlier = "2026-03-01T00:00:00+00:00"
    approval = {
        "grantee_id": edge.province.user_ids["ioc_op"],
        "territory_id": edge.province.territories["A"],
        "document_number": "12/QĐ-UBND",
        "document_date": "2026-03-01",
        "approver": "Chủ tịch",
        "purpose": "kiểm tra",
    }
    return [
        edge.call("ioc_op", "GET", f"/api/cameras/{cam}/recordings",
                  params={"start": value, "end": later}),
        edge.call("ioc_op", "GET", f"/api/cameras/{cam}/recordings",
                  params={"start": earlier, "end": value}),
        edge.call("ioc_op", "POST", f"/api/cameras/{cam}/archive-grants", json={"start": value}),
        edge.call("ioc_op", "POST", f"/api/cameras/{cam}/snapshots", json={"at": value}),
        edge.call("auditor", "GET", "/api/audit/records", params={"since": value}),
        edge.call("auditor", "GET", "/api/audit/records", params={"until": value}),
        edge.call("approver", "POST", "/api/approvals", json={**approval, "expires_at": value}),
    ]  # fmt: skip


@pytest.mark.parametrize("value", EDGE_TIMES)
def test_datetimes_at_the_ends_of_the_range_are_invalid_input(edge: Edge, value: str) -> None:
    calls = datetime_calls(edge, value)
    for r in calls:
        assert_invalid(r)
    # Every refusal is audited: the route and the field, never the value. The first of a
    # caller's refusals in a minute is written at once, the others in its summary.
    edge.live.hub.services["refusals"].flush(everything=True)
    refused = invalid_records(edge)
    assert sum(r.detail_dict.get("count", 1) for r in refused) == len(calls)
    assert {"route": "/api/cameras/{camera_id}/recordings", "method": "GET", "status": 422,
            "fields": ["query.start"]}.items() <= refused[0].detail_dict.items()  # fmt: skip
    routes = [route for r in refused for route in r.detail_dict.get("routes", {})]
    assert "POST /api/cameras/{camera_id}/archive-grants" in routes
    assert all(r.source == "127.0.0.1" and value not in (r.detail or "") for r in refused)


@dataclass
class Refusal:
    source: str | None
    detail: str | None

    @property
    def detail_dict(self) -> dict[str, Any]:
        return dict(json.loads(self.detail or "{}"))


def invalid_records(edge: Edge) -> list[Refusal]:
    with edge.live.hub.sessions() as s:
        rows = s.execute(
            select(AuditRecord.source, AuditRecord.detail)
            .where(AuditRecord.action == "request.invalid")
            .order_by(AuditRecord.seq)
        )
        return [Refusal(source, detail) for source, detail in rows]


def _utc_ok(moment: datetime) -> bool:
    try:
        utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except OverflowError:
        return False
    return EARLIEST_INSTANT <= utc <= LATEST_INSTANT


offsets = st.timedeltas(
    min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)
)
zones: st.SearchStrategy[tzinfo | None] = st.one_of(
    st.none(), st.just(UTC), offsets.map(lambda d: timezone(d))
)


def _zoned(naive: st.SearchStrategy[datetime]) -> st.SearchStrategy[datetime]:
    return st.builds(lambda d, z: d.replace(tzinfo=z), naive, zones)


moments = st.one_of(
    _zoned(st.datetimes()),
    # near both ends of the range, where conversions overflow
    _zoned(st.datetimes(max_value=datetime(1, 1, 3))),
    _zoned(st.datetimes(min_value=datetime(9999, 12, 29))),
)


@PROPERTY
@given(moment=moments)
def test_any_datetime_is_answered_without_a_server_error(edge: Edge, moment: datetime) -> None:
    text = moment.isoformat()
    for r in datetime_calls(edge, text):
        assert_clear_4xx(r) if r.status_code >= 400 else None
        assert r.status_code < 500, (text, r.status_code, r.text)
        if not _utc_ok(moment):
            assert_invalid(r)


# -- URL fields ----------------------------------------------------------------------------


def onboard(edge: Edge, onvif_url: str) -> httpx.Response:
    body = {
        "onvif_url": onvif_url,
        "username": "admin",
        "password": "secret",
        "code": "EDGE-1",
        "managing_unit_id": edge.province.units["districtA"],
        "operating_unit_id": edge.province.units["districtA"],
        "tier": "tier_2",
        "category": "security",
        # An unknown territory: refused after the URL was compared with known devices,
        # before any device is contacted.
        "territory_id": 2_000_000,
        "mounting_layer": "5_10m",
    }
    return edge.call("admin", "POST", "/api/cameras/onboard", json=body)


@pytest.mark.parametrize(
    "url", ["http://[::1:bad/", "http://[::1]:99999/", "http://host:port/", f"http://{'a' * 64}/x"]
)
def test_malformed_onvif_urls_are_invalid_input(edge: Edge, url: str) -> None:
    assert_invalid(onboard(edge, url))


labels = st.text(string.ascii_letters + string.digits + "-_", min_size=0, max_size=70)
hosts = st.one_of(
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(lambda a: f"[{a}]"),
    st.lists(labels, min_size=1, max_size=6).map(".".join),
    st.text(max_size=40).map(lambda t: f"[{t}"),
    st.text(max_size=40),
)
ports = st.one_of(
    st.just(""),
    st.integers(-5, 70000).map(lambda p: f":{p}"),
    st.text(max_size=6).map(lambda t: f":{t}"),
)
urls = st.one_of(
    st.builds(
        lambda scheme, user, host, port, path: f"{scheme}://{user}{host}{port}/{path}",
        st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
        st.sampled_from(["", "u:p@", "admin:pa%40ss@", "@", ":@"]),
        hosts,
        ports,
        st.text(max_size=20),
    ),
    st.text(max_size=60),
)


@PROPERTY
@given(url=urls)
def test_any_onvif_url_is_answered_without_a_server_error(edge: Edge, url: str) -> None:
    r = onboard(edge, url)
    assert r.status_code < 500, (url, r.status_code, r.text)
    assert_clear_4xx(r)


# -- address fields ------------------------------------------------------------------------


def discover(edge: Edge, **fields: Any) -> httpx.Response:
    body = {"timeout_seconds": 0.05, **fields}
    return edge.call("admin", "POST", "/api/cameras/discover", json=body)


def test_a_253_character_discovery_address_is_invalid_input(edge: Edge) -> None:
    assert_invalid(discover(edge, address="a" * 253))
    assert_invalid(discover(edge, address=("b" * 70 + ".") * 3 + "cam"))
    assert_invalid(discover(edge, address="cam..local"))


addresses = st.one_of(
    st.ip_addresses().map(str),
    st.lists(labels, min_size=1, max_size=8).map(".".join),
    st.text(min_size=1, max_size=260),
    st.integers(1, 300).map(lambda n: "a" * n),
)
interfaces = st.one_of(st.none(), st.ip_addresses(v=4).map(str), st.text(min_size=1, max_size=70))


@PROPERTY
@given(address=st.one_of(st.none(), addresses), interface=interfaces)
def test_any_discovery_address_is_answered_without_a_server_error(
    edge: Edge, address: str | None, interface: str | None
) -> None:
    fields = {k: v for k, v in {"address": address, "interface": interface}.items() if v}
    r = discover(edge, **fields)
    assert r.status_code < 500, (address, interface, r.status_code, r.text)
    if r.status_code >= 400:
        assert_clear_4xx(r)
