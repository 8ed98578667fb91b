# SPDX-License-Identifier: GPL-3.0-or-later
"""Stream grants in the database (issue 14): a grant opened through hub A is renewed,
released and revoked through hub B, and B's ``/media/`` redirect serves A's output, so a
load balancer needs no affinity. Two hubs on one PostgreSQL, a real relay host process,
the simulated fleet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.catalog.models import Camera
from hub.contracts import Role
from hub.db import transaction
from hub.streams.models import GrantHolderRow, StreamGrantRow
from hub.streams.store import HOLDER_SILENT_SECONDS
from hub.testing import LiveHub, add_user, wait_until
from tests.hub.relaypool.conftest import PoolSite
from tests.hub.relaypool.test_pool import control_health, grant, location

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)


def call(hub: LiveHub, token: str, method: str, path: str) -> httpx.Response:
    with hub.client(token) as http:
        return http.request(method, path)


def outputs(pool: PoolSite) -> set[str]:
    [relay] = pool.relays
    return {o["output_id"] for o in control_health(pool, relay.control_url)["outputs"]}


def records(pool: PoolSite, action: str, grant_id: str) -> list[AuditRecord]:
    with pool.site.live.hub.sessions() as s:
        rows = s.scalars(select(AuditRecord).where(AuditRecord.action == action)).all()
        s.expunge_all()
    return [r for r in rows if grant_id in (r.object_id or "") + (r.detail or "")]


def output_of(url: str) -> str:
    return url.split("/media/")[1].split("?")[0]


def test_a_grant_through_a_is_redirected_renewed_and_released_through_b(
    make_pool: Callable[..., PoolSite],
) -> None:
    pool = make_pool(relays=1)
    site, b = pool.site, pool.b
    a_grants = site.relay.grants
    camera_id = site.cams[site.fleet.cameras[0]["id"]]
    token = site.tokens["opa"]
    given = grant(site.live, token, camera_id)
    grant_id, output = given["grant_id"], output_of(given["url"])
    assert output in outputs(pool)

    # The row keeps neither the token nor the URL in clear.
    with site.live.hub.sessions() as s:
        row = s.get(StreamGrantRow, grant_id)
        assert row is not None and row.output_id == output
        secret = given["url"].split("token=")[1]
        assert secret not in row.url_sealed and secret not in row.token_sha256

    # B redirects A's output (a load balancer sent the player there); a wrong token is 404.
    through_b = given["url"].replace(site.live.url, b.url)
    assert location(through_b) == location(given["url"])
    forged = through_b.replace("token=", "token=x")
    assert httpx.get(forged, follow_redirects=False, timeout=10).status_code == 404

    # Renewed through B, beyond the lifetime A gave it: A keeps the output open.
    site.live.clock.advance(seconds=100)
    r = call(b, token, "POST", f"/api/grants/{grant_id}/renew")
    assert r.status_code == 200, r.text
    renewed: dict[str, Any] = r.json()
    assert renewed["url"] == given["url"] and renewed["expires_at"] > given["expires_at"]
    until = datetime.fromisoformat(renewed["expires_at"])

    def a_took_it_on() -> bool:
        held = next((g for g in a_grants.grants() if g.grant_id == grant_id), None)
        return held is not None and held.expires_at == until

    wait_until(a_took_it_on, 10, "hub A to follow the renewal through B")
    site.live.clock.advance(seconds=60)  # past the expiry A gave, within B's renewal
    a_grants.expire()
    assert a_grants.get(grant_id) is not None and output in outputs(pool)

    # Released through B: A closes the output; audited once on B as a release, no end.
    r = call(b, token, "DELETE", f"/api/grants/{grant_id}")
    assert r.status_code == 204, r.text
    wait_until(lambda: output not in outputs(pool), 10, "hub A to close the released output")
    assert a_grants.get(grant_id) is None
    assert httpx.get(given["url"], follow_redirects=False, timeout=10).status_code == 404
    assert call(site.live, token, "POST", f"/api/grants/{grant_id}/renew").status_code == 404
    assert call(b, token, "DELETE", f"/api/grants/{grant_id}").status_code == 404
    assert len(records(pool, "stream.release", grant_id)) == 1
    assert records(pool, "stream.end", grant_id) == []


def test_a_renewal_through_b_after_the_camera_left_scope_ends_the_stream_on_a(
    make_pool: Callable[..., PoolSite],
) -> None:
    pool = make_pool(relays=1)
    site, b = pool.site, pool.b
    camera_id = site.cams[site.fleet.cameras[1]["id"]]
    token = site.tokens["opa"]
    given = grant(site.live, token, camera_id)
    grant_id, output = given["grant_id"], output_of(given["url"])
    # Someone else's renewal or release through B is the same 404 as an unknown grant.
    add_user(site.live.hub, site.province, "opa2", "districtA", [Role.OPERATOR])
    other = site.login("opa2")
    assert call(b, other, "POST", f"/api/grants/{grant_id}/renew").status_code == 404
    assert call(b, other, "DELETE", f"/api/grants/{grant_id}").status_code == 404
    assert output in outputs(pool)
    with transaction(site.live.hub.sessions) as s:
        camera = s.get(Camera, camera_id)
        assert camera is not None
        camera.territory_id = site.province.territories["B1"]  # out of districtA's scope
    r = call(b, token, "POST", f"/api/grants/{grant_id}/renew")
    assert (r.status_code, r.json()["code"]) == (403, "scope.out_of_scope")
    # A, which holds the output, closes it, tells the console and audits the end once.
    wait_until(lambda: output not in outputs(pool), 10, "hub A to close the withdrawn output")
    wait_until(lambda: records(pool, "stream.end", grant_id), 10, "the end to be audited")
    [end] = records(pool, "stream.end", grant_id)
    assert end.reason == "access_withdrawn"
    assert site.relay.grants.get(grant_id) is None


def test_the_grants_of_a_hub_gone_silent_are_neither_renewed_nor_redirected_by_b(
    make_pool: Callable[..., PoolSite],
) -> None:
    """A killed hub's outputs are orphans the relay host closes: B must not keep its
    grants alive, or consoles would hold URLs nobody serves instead of asking anew."""
    pool = make_pool(relays=1)
    site, b = pool.site, pool.b
    camera_id = site.cams[site.fleet.cameras[2]["id"]]
    token = site.tokens["opa"]
    given = grant(site.live, token, camera_id)
    grant_id = given["grant_id"]
    through_b = given["url"].replace(site.live.url, b.url)
    assert call(b, token, "POST", f"/api/grants/{grant_id}/renew").status_code == 200
    # Hub A stops checking (as if killed): its stamp ages past the silence limit.
    a = site.relay
    a.grants.stop_expiry()
    assert a.store is not None
    with transaction(site.live.hub.sessions) as s:
        holder = s.get(GrantHolderRow, a.store.hub_id)
        assert holder is not None
        holder.seen_at -= HOLDER_SILENT_SECONDS + 1
    assert httpx.get(through_b, follow_redirects=False, timeout=10).status_code == 404
    assert call(b, token, "POST", f"/api/grants/{grant_id}/renew").status_code == 404
    with site.live.hub.sessions() as s:
        row = s.get(StreamGrantRow, grant_id)
        assert row is not None and row.end_reason == "holder_gone"
