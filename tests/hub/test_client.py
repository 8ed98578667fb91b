# SPDX-License-Identifier: GPL-3.0-or-later
"""The console's typed async client against a real hub over HTTP."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest

from hub.auth import totp
from hub.client import HubApiError, HubClient
from hub.contracts import (
    CLIENT_IDLE_SECONDS,
    SERVER_KEEP_ALIVE_SECONDS,
    AccessRequest,
    EmergencyCreate,
    Permission,
    Role,
    ScopedObject,
    UnitUpdate,
    UserCreate,
)
from hub.testing import PASSWORD, LiveHub, Province, add_user

T = TypeVar("T")


def run(live: LiveHub, flow: Callable[[HubClient], Awaitable[T]]) -> T:
    async def main() -> T:
        async with HubClient(live.url) as client:
            return await flow(client)

    return asyncio.run(main())


def test_client_imports_nothing_server_side() -> None:
    code = (
        "import sys, hub.client; bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'fastapi', 'sqlalchemy', 'alembic', 'uvicorn', 'starlette', 'argon2', 'psycopg'} "
        "or m in {'hub.db', 'hub.app', 'hub.context', 'hub.errors'}); print(bad); "
        "sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_enrol_login_and_work(live: LiveHub, province: Province) -> None:
    add_user(
        live.hub, province, "admin", "ioc", [Role.ADMIN], enrolled=False, must_change_password=True
    )

    async def flow(client: HubClient) -> None:
        assert (await client.health()).status == "ok"
        challenge = await client.login("admin", PASSWORD)
        assert challenge.stage == "enrol"
        start = await client.start_enrolment()
        grant = await client.confirm_enrolment(totp.code_at(start.secret, live.clock.now()))
        assert grant.recovery_codes is not None and len(grant.recovery_codes) == 10
        assert grant.user.password_change_required is True
        with pytest.raises(HubApiError) as err:
            await client.units()
        assert err.value.code == "auth.password_change_required"
        assert err.value.message_key == "error.auth.password_change_required"
        await client.change_password(PASSWORD, "my very own passphrase")
        live.clock.advance(seconds=30)
        assert (await client.login("admin", "my very own passphrase")).stage == "mfa"
        await client.submit_code(totp.code_at(start.secret, live.clock.now()))
        me = await client.me()
        assert me.username == "admin" and me.roles == [Role.ADMIN]
        unit = await client.update_unit(province.units["districtA"], UnitUpdate(leader="Mới"))
        assert unit.leader == "Mới"
        created = await client.create_user(
            UserCreate(
                username="opx",
                display_name="Op X",
                unit_id=province.units["districtA"],
                roles=[Role.OPERATOR],
                password="a long enough passphrase",
            )
        )
        assert created.password_change_required
        assert (await client.user_action(created.id, "disable")).disabled
        assert len(await client.territories()) == len(province.territories)
        await client.logout()
        with pytest.raises(HubApiError) as err:
            await client.me()
        assert err.value.status == 401

    run(live, flow)


def test_errors_and_scope(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "lead", "ioc", [Role.IOC_LEADER, Role.OPERATOR])

    async def flow(client: HubClient) -> None:
        with pytest.raises(HubApiError) as err:
            await client.login("lead", "wrong password here")
        assert (err.value.status, err.value.code) == (401, "auth.login_failed")
        await client.login("lead", PASSWORD)
        with pytest.raises(HubApiError) as err:
            await client.submit_code(
                "000000"
                if totp.code_at(province.secrets["lead"], live.clock.now()) != "000000"
                else "111111"
            )
        assert err.value.code == "auth.login_failed"
        await client.submit_code(totp.code_at(province.secrets["lead"], live.clock.now()))
        scope = await client.my_scope()
        assert scope.everything
        obj = ScopedObject(territory_id=province.territories["B1"], dedicated=True)
        with pytest.raises(HubApiError) as err:
            await client.request_access(AccessRequest(object=obj, permission=Permission.IMAGE_LIVE))
        assert err.value.code == "scope.reason_required"
        emergency = await client.raise_emergency(EmergencyCreate(reason="Bão", duration_minutes=30))
        decision = await client.request_access(
            AccessRequest(object=obj, permission=Permission.IMAGE_LIVE)
        )
        assert decision.emergency_id == emergency.id
        assert (await client.end_emergency(emergency.id)).ended_at is not None
        with pytest.raises(HubApiError) as err:
            await client.audit_records()
        assert err.value.code == "forbidden"

    run(live, flow)


def test_profile_recovery_codes_and_mfa_reset(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "boss", "ioc", [Role.ADMIN])
    victim = add_user(live.hub, province, "lostphone", "districtA", [Role.OPERATOR])

    async def flow(client: HubClient) -> None:
        await client.login("boss", PASSWORD)
        await client.submit_code(totp.code_at(province.secrets["boss"], live.clock.now()))
        active = await client.profile()
        assert active.profile.code == "TN" and active.security.console_idle_lock_minutes == 15
        live.clock.advance(seconds=30)
        code = totp.code_at(province.secrets["boss"], live.clock.now())
        assert len(await client.regenerate_recovery_codes(PASSWORD, code)) == 10
        assert (await client.user_action(victim, "mfa/reset")).mfa_enrolled is False

    run(live, flow)


def test_network_failure_is_a_hub_error() -> None:
    async def flow() -> None:
        async with HubClient("http://127.0.0.1:9", timeout=2) as client:
            with pytest.raises(HubApiError) as err:
                await client.health()
            assert err.value.code == "network"

    asyncio.run(flow())


def test_the_client_lets_idle_connections_go_before_the_hub_closes_them(live: LiveHub) -> None:
    """A request sent on a kept-alive connection just as the server closes it for
    idleness gets no answer, and a POST cannot be sent again safely: the console's
    "The hub does not answer." for an operator who did nothing wrong (seen in CI on
    opening a case). So the client's idle limit is well below the hub's."""
    served = live._server.config.timeout_keep_alive
    assert served == SERVER_KEEP_ALIVE_SECONDS

    async def flow(client: HubClient) -> float:
        await client.health()
        pool = client._pool(client.url)._transport._pool  # type: ignore[attr-defined]
        return float(pool._keepalive_expiry)

    idle = run(live, flow)
    assert idle == CLIENT_IDLE_SECONDS
    assert idle * 2 <= served
