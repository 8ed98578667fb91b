# SPDX-License-Identifier: GPL-3.0-or-later
"""PTZ through the hub against the simulated fleet: moves, the watchdog, the lock and its
push, reservations, presets, refusals, rate limit and device faults."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from camsim.process import FleetProcess
from hub.testing import wait_until
from tests.hub.ptz.conftest import Site
from tests.hub.test_events import listen


def audit_actions(site: Site, camera_id: int) -> list[tuple[str, str | None, str]]:
    """(action, username, outcome) of the camera's audit records, oldest first."""
    from sqlalchemy import select

    from hub.audit.models import AuditRecord
    from hub.db import transaction

    with transaction(site.live.hub.sessions) as s:
        rows = s.scalars(
            select(AuditRecord)
            .where(AuditRecord.object_type == "camera", AuditRecord.object_id == str(camera_id))
            .order_by(AuditRecord.seq)
        ).all()
        return [(r.action, r.actor, r.outcome) for r in rows]


def actor_records(site: Site, username: str) -> list[tuple[str, str]]:
    """(action, outcome) of a user's audit records."""
    from sqlalchemy import select

    from hub.audit.models import AuditRecord
    from hub.db import transaction

    with transaction(site.live.hub.sessions) as s:
        rows = s.scalars(
            select(AuditRecord).where(AuditRecord.actor == username).order_by(AuditRecord.seq)
        ).all()
        return [(r.action, r.outcome) for r in rows]


def test_move_runs_until_stop_and_is_audited(site: Site) -> None:
    sim, cam = site.dome(0)
    start = site.position(sim)
    with site.http("op1") as http:
        r = http.post(f"/api/cameras/{cam}/ptz/move", json={"pan": 0.5, "tilt": 0.0, "zoom": 0})
        assert r.status_code == 200, r.text
        control = r.json()
        assert control["holder_username"] == "op1" and control["reserved"] is False
        wait_until(lambda: site.position(sim)["moving"], 5, "the dome moving")
        wait_until(
            lambda: abs(site.position(sim)["pan"] - start["pan"]) > 0.05, 5, "the dome panning"
        )
        assert http.post(f"/api/cameras/{cam}/ptz/heartbeat").status_code == 200
        r = http.post(f"/api/cameras/{cam}/ptz/stop")
        assert r.status_code == 200, r.text
        assert not site.position(sim)["moving"]
        status = http.get(f"/api/cameras/{cam}/ptz/status").json()
        assert status["control"]["holder_username"] == "op1"
        assert status["moving"] is False and status["device_error"] is None
        assert abs(status["position"]["pan"] - site.position(sim)["pan"]) < 1e-3
        # A heartbeat after the stop says nothing runs.
        r = http.post(f"/api/cameras/{cam}/ptz/heartbeat")
        assert r.status_code == 409 and r.json()["code"] == "ptz.not_moving"
    actions = [a for a, user, _ in audit_actions(site, cam) if user == "op1"]
    assert actions.count("ptz.move") == 1 and actions.count("ptz.stop") == 1
    assert "access.image.ptz" in actions


def test_watchdog_stops_a_move_whose_console_went_silent(site: Site) -> None:
    sim, cam = site.dome(1)
    with site.http("op1") as http:
        r = http.post(f"/api/cameras/{cam}/ptz/move", json={"pan": -0.3, "tilt": 0.2})
        assert r.status_code == 200, r.text
        # Heartbeats keep it going past the 2 s deadline…
        until = time.monotonic() + 2.6
        while time.monotonic() < until:
            assert http.post(f"/api/cameras/{cam}/ptz/heartbeat").status_code == 200
            time.sleep(0.4)  # the console's heartbeat pace, not a wait for a condition
        assert site.position(sim)["moving"]
    # …then the console vanishes: no stop, no heartbeat.
    last_beat = time.monotonic()
    # The dome stops when the device answers the watchdog's stop; the watchdog notes the
    # time right after, so wait for both.
    wait_until(
        lambda: not site.position(sim)["moving"] and cam in site.ptz.watchdog_stops,
        5,
        "the watchdog stopping the dome",
    )
    stopped_after = site.ptz.watchdog_stops[cam] - last_beat
    assert stopped_after <= 2.0 + 0.2, stopped_after
    here = site.position(sim)
    time.sleep(0.3)  # observe a while: the position must not change
    assert site.position(sim) == here  # it stays stopped
    # The record is written right after the stop is noted: wait for it.
    wait_until(
        lambda: ("ptz.stop", "ptz-watchdog", "success") in audit_actions(site, cam),
        5,
        "the watchdog's ptz.stop record",
    )


def test_second_operator_is_refused_and_a_supervisor_takes_over(site: Site) -> None:
    sim, cam = site.dome(2)
    with (
        listen(site.live, site.tokens["op1"], topics="ptz") as events,
        site.http("op1") as op1,
        site.http("op2") as op2,
        site.http("sup") as sup,
    ):
        assert op1.post(f"/api/cameras/{cam}/ptz/move", json={"tilt": 0.4}).status_code == 200
        got = events.get(timeout=10)
        while got[0] != "ptz.control":
            got = events.get(timeout=10)
        assert got[1]["holder_username"] == "op1" and got[1]["camera_id"] == cam

        r = op2.post(f"/api/cameras/{cam}/ptz/move", json={"tilt": -0.4})
        assert r.status_code == 409
        body = r.json()
        assert body["code"] == "ptz.locked" and body["message_key"] == "error.ptz.locked"
        assert body["detail"]["holder_username"] == "op1"
        assert op2.post(f"/api/cameras/{cam}/ptz/stop").status_code == 409

        r = sup.post(f"/api/cameras/{cam}/ptz/move", json={"pan": 0.2})
        assert r.status_code == 200, r.text
        assert r.json()["holder_username"] == "sup"
        got = events.get(timeout=10)
        assert got[0] == "ptz.control" and got[1]["holder_username"] == "sup"
        assert got[1]["holder_display_name"] == "sup"
        # op1's move was replaced: its heartbeats are refused now
        r = op1.post(f"/api/cameras/{cam}/ptz/heartbeat")
        assert r.status_code == 409 and r.json()["code"] == "ptz.not_moving"
        r = op1.post(f"/api/cameras/{cam}/ptz/move", json={"tilt": 0.4})
        assert r.status_code == 409 and r.json()["detail"]["holder_username"] == "sup"
        assert sup.post(f"/api/cameras/{cam}/ptz/stop").status_code == 200
        assert sup.post(f"/api/cameras/{cam}/ptz/release").status_code == 200
        got = events.get(timeout=10)
        assert got[0] == "ptz.control" and got[1]["holder_username"] is None
        assert not site.position(sim)["moving"]
    records = audit_actions(site, cam)
    assert ("ptz.takeover", "sup", "success") in records
    assert ("ptz.denied", "op2", "denied") in records


def test_the_lock_lapses_after_the_idle_period(make_site: Callable[..., Site]) -> None:
    site = make_site(ptz_lock_idle_seconds=0.5)
    _, cam = site.dome(0)
    with (
        listen(site.live, site.tokens["op2"], topics="ptz.control") as events,
        site.http("op1") as op1,
        site.http("op2") as op2,
    ):
        assert op1.post(f"/api/cameras/{cam}/ptz/home").status_code == 200
        assert op2.post(f"/api/cameras/{cam}/ptz/home").status_code == 409
        seen: list[Any] = []
        wait_until(
            lambda: (
                seen.append(events.get(timeout=5))
                or any(e[0] == "ptz.control" and e[1]["holder_username"] is None for e in seen)
            ),
            5,
            "the lapse pushed",
        )
        assert op2.post(f"/api/cameras/{cam}/ptz/home").status_code == 200


def test_reservations_hold_until_a_higher_priority_breaks_them(
    make_site: Callable[..., Site],
) -> None:
    # Configured priorities: here a PTZ operator outranks a supervisor.
    site = make_site(ptz_role_priorities="supervisor=10,ptz_operator=20")
    _, cam = site.dome(0)
    _, cam2 = site.dome(1)
    with site.http("sup") as sup, site.http("op1") as op1, site.http("viewer") as viewer:
        r = op1.post(f"/api/cameras/{cam}/ptz/reserve", json={"minutes": 5, "reason": "x"})
        assert r.status_code == 403  # a PTZ operator may not reserve
        r = sup.post(f"/api/cameras/{cam}/ptz/reserve", json={"minutes": 30, "reason": "Cháy chợ"})
        assert r.status_code == 200, r.text
        control = r.json()
        assert control["reserved"] is True and control["reason"] == "Cháy chợ"
        assert control["holder_username"] == "sup"
        assert viewer.post(f"/api/cameras/{cam}/ptz/home").status_code == 403
        r = op1.post(f"/api/cameras/{cam}/ptz/home")
        assert r.status_code == 200, r.text  # higher priority: breaks the reservation
        assert r.json()["reserved"] is False and r.json()["holder_username"] == "op1"
    with site.http("sup") as sup, site.http("sup2") as sup2:
        body = {"minutes": 10, "reason": "incident"}
        assert sup.post(f"/api/cameras/{cam2}/ptz/reserve", json=body).status_code == 200
        r = sup2.post(f"/api/cameras/{cam2}/ptz/move", json={"pan": 0.1})
        assert r.status_code == 409 and r.json()["code"] == "ptz.reserved"  # equal priority
        assert r.json()["detail"]["reason"] == "incident"
        assert sup2.delete(f"/api/cameras/{cam2}/ptz/reserve").status_code == 409
        r = sup.delete(f"/api/cameras/{cam2}/ptz/reserve")
        assert r.status_code == 200 and r.json()["reserved"] is False
    records = audit_actions(site, cam)
    assert ("ptz.reserve", "sup", "success") in records
    assert ("ptz.takeover", "op1", "success") in records
    # The refused release of someone else's reservation is audited (issue 9, item 9).
    assert ("ptz.denied", "sup2", "denied") in audit_actions(site, cam2)


def test_presets_round_trip(site: Site) -> None:
    sim, cam = site.dome(0)
    base = f"/api/cameras/{cam}/ptz"
    with site.http("sup") as sup, site.http("op1") as op1:
        assert sup.post(f"{base}/absolute", json={"pan": 0.3, "tilt": -0.2, "zoom": 0.1}).is_success
        wait_until(lambda: not site.position(sim)["moving"], 10, "the dome arriving")
        r = sup.post(f"{base}/presets", json={"name": "Cổng chợ"})
        assert r.status_code == 201, r.text
        preset = r.json()
        assert preset["name"] == "Cổng chợ"
        r = sup.post(f"{base}/presets", json={"name": "Cổng chợ"})
        assert r.status_code == 409 and r.json()["code"] == "ptz.preset_exists"
        listed = op1.get(f"{base}/presets").json()
        assert {"token": preset["token"], "name": "Cổng chợ"} in listed
        assert op1.post(f"{base}/presets", json={"name": "x"}).status_code == 403

        assert sup.post(f"{base}/relative", json={"pan": -0.2, "tilt": 0.3}).is_success
        wait_until(lambda: not site.position(sim)["moving"], 10, "the dome arriving")
        assert abs(site.position(sim)["pan"] - 0.1) < 0.01
        r = sup.post(f"{base}/presets/{preset['token']}/goto")
        assert r.status_code == 200, r.text
        wait_until(lambda: not site.position(sim)["moving"], 10, "the dome at the preset")
        here = site.position(sim)
        assert abs(here["pan"] - 0.3) < 0.01 and abs(here["tilt"] + 0.2) < 0.01

        r = sup.put(f"{base}/presets/{preset['token']}", json={"name": "Cổng chợ Đông"})
        assert r.status_code == 200, r.text
        listed = op1.get(f"{base}/presets").json()
        assert {"token": preset["token"], "name": "Cổng chợ Đông"} in listed
        assert site.position(sim) == here  # a rename never moves the stored position
        r = sup.put(f"{base}/presets/nope", json={"name": "y"})
        assert r.status_code == 404 and r.json()["code"] == "ptz.preset_not_found"
        assert op1.delete(f"{base}/presets/{preset['token']}").status_code == 403
        assert sup.delete(f"{base}/presets/{preset['token']}").status_code == 204
        assert all(p["token"] != preset["token"] for p in op1.get(f"{base}/presets").json())
        r = sup.post(f"{base}/presets/{preset['token']}/goto")
        assert r.status_code == 404 and r.json()["code"] == "ptz.preset_not_found"
        assert sup.post(f"{base}/home").status_code == 200
    actions = [(a, u) for a, u, _ in audit_actions(site, cam)]
    for action in ("ptz.preset.save", "ptz.preset.goto", "ptz.preset.rename", "ptz.preset.delete"):
        assert (action, "sup") in actions


def test_refusals_without_right_scope_or_ptz(site: Site) -> None:
    _, cam = site.dome(0)
    _, fixed = site.fixed()
    with site.http("viewer") as viewer, site.http("stranger") as stranger:
        r = viewer.post(f"/api/cameras/{cam}/ptz/move", json={"pan": 0.5})
        assert r.status_code == 403 and r.json()["code"] == "forbidden"
        r = stranger.post(f"/api/cameras/{cam}/ptz/move", json={"pan": 0.5})
        assert r.status_code == 403
        assert viewer.get(f"/api/cameras/{cam}/ptz/presets").status_code == 403
    with site.http("sup") as sup:
        r = sup.post(f"/api/cameras/{fixed}/ptz/move", json={"pan": 0.5})
        assert r.status_code == 409 and r.json()["code"] == "ptz.unsupported"
        assert sup.post("/api/cameras/999999/ptz/stop").json()["code"] == "camera.not_found"
        r = sup.post(f"/api/cameras/{cam}/ptz/move", json={"pan": 1.5})
        assert r.status_code == 422
    assert ("authz.denied", "denied") in actor_records(site, "viewer")
    assert ("scope.denied", "denied") in actor_records(site, "stranger")
    records = audit_actions(site, cam)
    assert not any(a == "ptz.move" for a, u, _ in records if u in ("viewer", "stranger"))


def test_a_held_key_is_rate_limited(make_site: Callable[..., Site]) -> None:
    site = make_site(ptz_rate_per_second=5)
    _, cam = site.dome(0)
    with site.http("op1") as http:
        codes = [http.post(f"/api/cameras/{cam}/ptz/heartbeat").status_code for _ in range(8)]
        assert codes[:5] == [409] * 5  # nothing moving, but counted
        assert 429 in codes[5:]
        r = http.post(f"/api/cameras/{cam}/ptz/heartbeat")
        if r.status_code == 429:
            assert r.json()["code"] == "ptz.rate_limited"
            assert int(r.headers["Retry-After"]) >= 1


def test_device_faults_give_a_clear_502(site: Site, camsim_faults: FleetProcess) -> None:
    sim, cam = site.dome(1)
    with site.http("sup") as sup:
        camsim_faults.set_faults(sim, soap_fault=True)
        r = sup.post(f"/api/cameras/{cam}/ptz/move", json={"pan": 0.5})
        assert r.status_code == 502, r.text
        body = r.json()
        assert body["code"] == "ptz.device_error"
        assert body["message_key"] == "error.ptz.device_error"
        assert body["detail"] == {"reason": "fault", "fault": "HardwareFailure"}
        assert sup.post(f"/api/cameras/{cam}/ptz/heartbeat").status_code == 409
        status = sup.get(f"/api/cameras/{cam}/ptz/status").json()
        assert status["device_error"] == "fault" and status["position"] is None
        camsim_faults.clear_faults(sim)
        camsim_faults.set_faults(sim, offline=30)
        r = sup.post(f"/api/cameras/{cam}/ptz/stop")
        assert r.status_code == 502
        assert r.json()["detail"]["reason"] in ("unreachable", "timeout", "fault")
        assert "127.0.0.1" not in r.text and "password" not in r.text
        camsim_faults.clear_faults(sim)
        wait_until(
            lambda: sup.post(f"/api/cameras/{cam}/ptz/stop").status_code == 200,
            20,
            "the camera back",
        )
    records = audit_actions(site, cam)
    assert ("ptz.device_error", "sup", "failure") in records


def test_a_reservation_taking_over_a_running_move_stops_it(site: Site) -> None:
    sim, cam = site.dome(0)
    with site.http("op1") as op1, site.http("sup") as sup:
        assert op1.post(f"/api/cameras/{cam}/ptz/move", json={"zoom": 0.3}).status_code == 200
        wait_until(lambda: site.position(sim)["moving"], 5, "the dome zooming")
        body = {"minutes": 15, "reason": "Tai nạn giao thông"}
        r = sup.post(f"/api/cameras/{cam}/ptz/reserve", json=body)
        assert r.status_code == 200 and r.json()["reserved"] is True
        assert not site.position(sim)["moving"]  # stopped before the answer, not by a timeout
        r = op1.post(f"/api/cameras/{cam}/ptz/heartbeat")
        assert r.status_code == 409 and r.json()["code"] == "ptz.not_moving"
        assert sup.delete(f"/api/cameras/{cam}/ptz/reserve").status_code == 200


def test_heartbeats_renew_the_devices_own_move_timeout(make_site: Callable[..., Site]) -> None:
    site = make_site(ptz_device_move_seconds=1.0)  # the dome stops itself after 1 s
    sim, cam = site.dome(2)
    with site.http("op1") as http:
        assert http.post(f"/api/cameras/{cam}/ptz/move", json={"pan": 0.2}).status_code == 200
        until = time.monotonic() + 2.0
        while time.monotonic() < until:
            assert http.post(f"/api/cameras/{cam}/ptz/heartbeat").status_code == 200
            time.sleep(0.25)  # the console's heartbeat pace
            assert site.position(sim)["moving"]
        # Without heartbeats the device's own timeout (or the watchdog) ends it.
        wait_until(lambda: not site.position(sim)["moving"], 3, "the dome stopping")
