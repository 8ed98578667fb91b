# SPDX-License-Identifier: GPL-3.0-or-later
"""The service shell: OpenAPI, JSON errors, bad input never gives a 500."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx

from hub.contracts import Role
from hub.testing import LiveHub, Province, add_user, login


def assert_error(r: object, status: int, code: str) -> None:
    import httpx

    assert isinstance(r, httpx.Response)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"code", "message_key", "detail"}
    assert body["code"] == code
    assert body["message_key"] == f"error.{code}"


def test_openapi_and_health(live: LiveHub) -> None:
    with live.client() as http:
        spec = http.get("/openapi.json").json()
        assert "/api/auth/login" in spec["paths"]
        assert http.get("/api/health").json()["status"] == "ok"


def test_unknown_route_and_method_are_json(live: LiveHub) -> None:
    with live.client() as http:
        assert_error(http.get("/api/nowhere"), 404, "not_found")
        assert_error(http.delete("/api/health"), 405, "method_not_allowed")


def test_bad_bodies_are_4xx(live: LiveHub) -> None:
    url = "/api/auth/login"
    json_ct = {"Content-Type": "application/json"}
    with live.client() as http:
        assert_error(http.post(url, content=b"{not json", headers=json_ct), 400, "malformed_json")
        assert_error(
            http.post(url, content=b'{"username": "\xff\xfe", "password": "x"}', headers=json_ct),
            400,
            "malformed_json",
        )
        assert_error(http.post(url, json={"username": 5, "password": []}), 422, "invalid_input")
        assert_error(
            http.post(url, json={"username": "a", "password": "b", "admin": True}),
            422,
            "invalid_input",
        )
        assert_error(http.post(url, json=["list"]), 422, "invalid_input")
        assert_error(
            http.post(url, json={"username": "a\x00", "password": "b"}), 422, "invalid_input"
        )
        assert_error(
            http.post(url, content=b"x" * 2_000_000, headers=json_ct), 413, "body_too_large"
        )
        assert_error(
            http.post(
                url,
                content=b"username=a",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            ),
            422,
            "invalid_input",
        )


def test_sql_looking_input_is_just_text(live: LiveHub, province: Province) -> None:
    with live.client() as http:
        r = http.post(
            "/api/auth/login",
            json={"username": "' OR 1=1; DROP TABLE users; --", "password": "x' --"},
        )
        assert_error(r, 401, "auth.login_failed")
    add_user(live.hub, province, "admin", "ioc", [Role.ADMIN])
    token = login(live, province, "admin")
    with live.client(token) as http:
        r = http.post(
            "/api/units",
            json={
                "name": "'); DELETE FROM org_units; --",
                "kind": "commune",
                "territory_id": province.territories["A1"],
                "leader": "x",
                "it_focal_point": "y",
            },
        )
        assert r.status_code == 201, r.text
        assert len(http.get("/api/units").json()) == len(province.units) + 1


def test_nothing_half_written_on_refusal(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "admin", "ioc", [Role.ADMIN])
    token = login(live, province, "admin")
    with live.client(token) as http:
        before = http.get("/api/users").json()
        r = http.post(
            "/api/users",
            json={
                "username": "weak",
                "display_name": "W",
                "unit_id": province.units["ioc"],
                "roles": ["operator"],
                "password": "password1234",
            },
        )
        assert_error(r, 422, "password.common")
        assert http.get("/api/users").json() == before


def test_out_of_range_numbers_and_naive_times_are_4xx(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "admin", "ioc", [Role.ADMIN, Role.APPROVER])
    token = login(live, province, "admin")
    huge = 2**70
    with live.client(token) as http:
        assert_error(http.get(f"/api/users/{huge}"), 422, "invalid_input")
        assert_error(http.get("/api/users/-1"), 422, "invalid_input")
        assert_error(http.get("/api/users/abc"), 422, "invalid_input")
        assert_error(http.get("/api/users/999999"), 404, "not_found")
        r = http.post(
            "/api/units",
            json={
                "name": "x",
                "kind": "commune",
                "territory_id": huge,
                "leader": "l",
                "it_focal_point": "i",
            },
        )
        assert_error(r, 422, "invalid_input")
        r = http.post(
            "/api/units",
            json={
                "name": "x",
                "kind": "commune",
                "territory_id": 424242,
                "leader": "l",
                "it_focal_point": "i",
            },
        )
        assert_error(r, 404, "not_found")
        r = http.post(
            "/api/approvals",
            json={
                "grantee_id": 1,
                "territory_id": province.territories["A"],
                "document_number": "1",
                "document_date": "2026-03-01",
                "approver": "x",
                "purpose": "p",
                "expires_at": "2026-04-01T00:00:00",
            },
        )
        assert_error(r, 422, "invalid_input")
        assert_error(http.get("/api/audit/records", params={"after": huge}), 403, "forbidden")


def test_chunked_bodies_over_the_limit_are_413(live: LiveHub) -> None:
    """No Content-Length (Transfer-Encoding: chunked): the body is counted as it arrives."""
    limit = live.hub.settings.max_body_bytes
    json_ct = {"Content-Type": "application/json"}

    def chunks(total: int, size: int = 16_384) -> Iterator[bytes]:
        sent = 0
        while sent < total:
            piece = min(size, total - sent)
            sent += piece
            yield b" " * piece

    with live.client() as http:
        r = http.post("/api/auth/login", content=chunks(limit + 1), headers=json_ct)
        assert "content-length" not in r.request.headers
        assert r.request.headers["transfer-encoding"] == "chunked"
        assert_error(r, 413, "body_too_large")
        # At the limit the body goes through (and is then judged as JSON).
        body = b'{"username": "nobody", "password": "wrong password here"}'
        padded = [body, *chunks(limit - len(body))]
        r = http.post("/api/auth/login", content=iter(padded), headers=json_ct)
        assert r.request.headers["transfer-encoding"] == "chunked"
        assert_error(r, 401, "auth.login_failed")


def test_more_requests_at_once_than_the_hub_has_threads_all_answer(
    live: LiveHub, province: Province
) -> None:
    """A 64-tile display wall asks its grants at once. Each request checks its caller in
    one thread call and runs its endpoint in another; on SQLite a transaction held across
    that hop held the write lock while waiting for a thread (the pool has 40), so every
    request stalled for the busy timeout (30 s) and many ended in 500."""
    add_user(live.hub, province, "operator", "districtA", [Role.OPERATOR])
    token = login(live, province, "operator")

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(
            base_url=live.url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=20.0,  # under the busy timeout: a stalled request fails the test
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=None),
        ) as http:
            return await asyncio.gather(*(http.get("/api/walls") for _ in range(100)))

    answers = asyncio.run(burst())
    assert [r.status_code for r in answers] == [200] * 100
