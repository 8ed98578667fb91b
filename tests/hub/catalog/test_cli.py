# SPDX-License-Identifier: GPL-3.0-or-later
"""`vwall-hub cameras onboard-inventory / list` against the simulator's inventory."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from camsim.process import FleetProcess
from hub.audit.models import AuditRecord
from hub.cli import main
from hub.context import open_hub
from hub.db import transaction
from hub.settings import settings_from_env


def test_onboard_inventory_and_list(
    db_url: str,
    tmp_path: Path,
    camsim_fleet: FleetProcess,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VWALL_HUB_ARGON2_MEMORY_COST", "256")
    monkeypatch.setenv("VWALL_HUB_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("VWALL_HUB_ARGON2_PARALLELISM", "1")
    db = ["--db", db_url, "--data-dir", str(tmp_path / "data")]
    assert (
        main(["init", "--province", "Thái Nguyên", "--leader", "L", "--it-focal-point", "IT", *db])
        == 0
    )
    created = re.search(r"created province (\d+), IOC unit (\d+)", capsys.readouterr().out)
    assert created is not None
    province, ioc = created.groups()
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps(camsim_fleet.inventory), encoding="utf-8")
    onboard = ["cameras", "onboard-inventory", str(inventory), "--territory-id", province]
    onboard += ["--unit-id", ioc, "--category", "traffic_counting", "--tier", "tier_1", *db]

    assert main(onboard) == 0
    out = capsys.readouterr().out
    codes = [c["id"] for c in camsim_fleet.cameras]
    assert all(f"{code}: onboarded" in out for code in codes), out
    assert main(onboard) == 0  # again: every code is already there
    assert f"onboarded 0, skipped {len(codes)}, failed 0" in capsys.readouterr().out

    assert main(["cameras", "list", "--json", *db]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["code"] for c in listed] == sorted(codes)
    assert {c["category"] for c in listed} == {"traffic_counting"}
    assert all(c["streams"] == ["main", "sub"] and c["manufacturer"] for c in listed)
    assert main(["cameras", "list", *db]) == 0
    assert f"{len(codes)} camera(s)" in capsys.readouterr().out

    missing = ["cameras", "onboard-inventory", str(tmp_path / "nope.json")]
    assert main([*missing, "--territory-id", province, "--unit-id", ioc, *db]) == 2

    settings = settings_from_env().with_overrides(db_url=db_url, data_dir=tmp_path / "data")
    hub = open_hub(settings)
    try:
        with transaction(hub.sessions) as s:
            records = s.scalars(
                select(AuditRecord).where(AuditRecord.action == "camera.onboard")
            ).all()
            assert len(records) == len(codes) and {r.actor for r in records} == {"system"}
            text = " ".join(r.detail or "" for r in records)
            assert camsim_fleet.cameras[0]["password"] not in text
    finally:
        hub.close()
