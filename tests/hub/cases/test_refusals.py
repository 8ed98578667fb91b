# SPDX-License-Identifier: GPL-3.0-or-later
"""Every step of the hand-off by every wrong role and every wrong unit is refused by the
hub and audited, and changes nothing: a wrong role (no ``case.work``) is 403
``no_case_right``, the right role in a unit that sees the case but is not the side's
unit (the IOC for police steps, the police units above for the ward's, the ward for the
IOC's) is 403 ``wrong_unit``, a unit that does not see the case gets 404
``case.not_found``; then the right person takes the step."""

from __future__ import annotations

from typing import Any

from tests.hub.cases.common import World, audit_actions

# Who sees the case but may not take an IOC step / a police step, and why.
IOC_WRONG = {
    "ioc_op": "no_case_right",
    "ioc_appr": "no_case_right",
    "ioc_aud": "no_case_right",
    "ioc_admin": "no_case_right",
    "none_ioc": "no_case_right",
    "ioc_req": "no_case_right",
}
IOC_WRONG_AFTER_SEND = {"ward_cw": "wrong_unit", "prov_cw": "wrong_unit", "city_cw": "wrong_unit"}
POLICE_WRONG = {
    "ward_op": "no_case_right",
    "ward_appr": "no_case_right",
    "ward_aud": "no_case_right",
    "ioc_op": "no_case_right",
    "ioc_cw": "wrong_unit",
    "ioc_cw2": "wrong_unit",
    "city_cw": "wrong_unit",
    "prov_cw": "wrong_unit",
}
UNSEEN = ("traffic_cw", "da_cw", "a1_cw")


def _try(world: World, user: str, cid: int, step: str, body: dict[str, Any]) -> tuple[int, Any]:
    version = world.get(cid)["version"]
    with world.http(user) as http:
        if step == "edit":
            r = http.patch(f"/api/cases/{cid}", json={"version": version, **body})
        else:
            r = http.post(f"/api/cases/{cid}/{step}", json={"version": version, **body})
    return r.status_code, r.json()


def _refused_everywhere(
    world: World, cid: int, step: str, body: dict[str, Any], wrong: dict[str, str]
) -> None:
    before = world.get(cid)
    denied_before = len([a for a in audit_actions(world, "case.") if a[1] == "denied"])
    for user, reason in wrong.items():
        status, answer = _try(world, user, cid, step, body)
        assert (status, answer.get("detail")) == (403, {"reason": reason}), (user, step)
    for user in UNSEEN:
        status, answer = _try(world, user, cid, step, body)
        assert (status, answer["code"]) == (404, "case.not_found"), (user, step)
    after = world.get(cid)
    assert (after["status"], after["version"]) == (before["status"], before["version"])
    denied = [a for a in audit_actions(world, "case.") if a[1] == "denied"][denied_before:]
    action = f"case.{step.replace('-', '_')}"
    assert [a[0] for a in denied] == [action] * len(wrong), step
    assert [a[2] for a in denied] == list(wrong.values())


def test_every_step_by_every_wrong_role_and_unit_is_refused(world: World) -> None:
    w = world
    case = w.open_case()
    cid = case["id"]
    w.add_snapshot(cid)
    ward = w.unit("wardA1")
    ioc_steps: list[tuple[str, dict[str, Any]]] = [
        ("edit", {"place": "Khác"}),
        ("cancel", {"reason": "x"}),
        ("send", {"police_unit_id": ward}),
    ]
    for step, body in ioc_steps:
        _refused_everywhere(w, cid, step, body, IOC_WRONG)
    w.act("ioc_cw", cid, "send", {"police_unit_id": ward})

    police_steps: list[tuple[str, dict[str, Any], str | None]] = [
        ("accept", {}, "accept"),
        ("mark-complex", {"reason": "x"}, "mark-complex"),
        ("identify", {"violator": "V"}, "identify"),
        ("record", {"record_number": "1/BB"}, "record"),
        ("extend", {"extension": "fact_check", "reason": "x"}, "extend"),
        ("decide", {"decision_number": "2/QĐ"}, "decide"),
        ("conclude", {"outcome": "penalised", "conclusion": "Phạt"}, "conclude"),
    ]
    for step, body, _ in police_steps:
        _refused_everywhere(w, cid, step, body, POLICE_WRONG)
        if step == "record":
            transfer = {"police_unit_id": w.unit("cityA"), "reason": "x"}
            _refused_everywhere(w, cid, "transfer", transfer, POLICE_WRONG)
        w.act("ward_cw", cid, step, body)
    wrong_close = {**IOC_WRONG, **IOC_WRONG_AFTER_SEND}
    _refused_everywhere(w, cid, "close", {}, wrong_close)
    assert w.act("ioc_cw2", cid, "close", {})["status"] == "closed"


def test_a_step_the_status_does_not_allow_is_409_and_comments_are_for_the_sides(
    world: World,
) -> None:
    w = world
    case = w.open_case()
    r = w.act("ioc_cw", case["id"], "close", {}, status=409)
    assert r["code"] == "case.bad_transition"
    w.add_snapshot(case["id"])
    w.act("ioc_cw", case["id"], "send", {"police_unit_id": w.unit("wardA1")})
    r = w.act("ward_cw", case["id"], "decide", {"decision_number": "1"}, status=409)
    assert r["code"] == "case.bad_transition"
    for user in ("ioc_cw", "ward_cw"):
        with w.http(user) as http:
            ok = http.post(f"/api/cases/{case['id']}/comments", json={"text": "Đã xem"})
            assert ok.status_code == 200, ok.text
    with w.http("prov_cw") as http:
        no = http.post(f"/api/cases/{case['id']}/comments", json={"text": "x"})
    assert no.status_code == 403 and no.json()["detail"] == {"reason": "wrong_unit"}


def test_out_of_scope_is_404_everywhere(world: World) -> None:
    w = world
    case = w.open_case()
    w.add_snapshot(case["id"])
    for user in UNSEEN:
        with w.http(user) as http:
            assert http.get(f"/api/cases/{case['id']}").status_code == 404
            assert http.get("/api/cases").json() == []
            assert http.get("/api/cases/board", params={"state": "pending"}).json() == []
            r = http.post(
                f"/api/cases/{case['id']}/media/snapshots", json={"snapshot_id": w.snapshot()}
            )
            assert r.status_code == 404
    with w.http("ward_cw") as http:  # not yet sent to the ward
        assert http.get(f"/api/cases/{case['id']}").status_code == 404
    with w.http("ioc_aud") as http:  # the IOC sees every case
        assert http.get(f"/api/cases/{case['id']}").status_code == 200
