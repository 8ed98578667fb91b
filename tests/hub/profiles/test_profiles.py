# SPDX-License-Identifier: GPL-3.0-or-later
"""The five regulation profiles as data, the deployment setting and the read-only API."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hub.contracts import Role
from hub.profiles.data import PROFILES, profile_for
from hub.profiles.model import DeadlineUnit, ExtractionApproval, ProfileCode, RegulationProfile
from hub.settings import settings_from_env
from hub.testing import LiveHub, add_user, login, seed_province


def test_every_jurisdiction_has_a_profile() -> None:
    assert set(PROFILES) == set(ProfileCode)


@pytest.mark.parametrize(
    ("code", "amount", "unit"),
    [
        ("HCM", 10, DeadlineUnit.WORKING_DAYS),  # HCM 9.1
        ("DB", 5, DeadlineUnit.DAYS),  # DB 7.5
        ("TN", 15, DeadlineUnit.WORKING_DAYS),  # TN 8.1
    ],
)
def test_catalogue_update_deadlines(code: str, amount: int, unit: DeadlineUnit) -> None:
    rule = profile_for(code).catalogue_update
    assert rule is not None and (rule.amount, rule.unit) == (amount, unit)


def test_fault_fix_and_silent_rules() -> None:
    assert profile_for("HCM").fault_fix == profile_for("HCM").fault_fix  # frozen, comparable
    fix = {code: p.fault_fix for code, p in PROFILES.items()}
    assert fix[ProfileCode.DB] is not None and fix[ProfileCode.DB].unit == DeadlineUnit.HOURS
    assert fix[ProfileCode.TN] is not None and fix[ProfileCode.TN].amount == 3
    assert fix[ProfileCode.DH] is None and fix[ProfileCode.YB] is None  # per procedure
    assert profile_for("DH").catalogue_update is None
    assert profile_for("yb").catalogue_update is None


def test_dong_hoi_hand_off_deadlines() -> None:
    hand_off = profile_for("DH").hand_off
    assert hand_off is not None
    assert (hand_off.transfer.amount, hand_off.transfer.unit) == (5, DeadlineUnit.WORKING_DAYS)
    assert (hand_off.verify.amount, hand_off.verify_complex.amount) == (1, 2)
    assert hand_off.verify.unit == DeadlineUnit.MONTHS
    assert hand_off.record.amount == 3 and hand_off.record_transfer.unit == DeadlineUnit.HOURS
    assert [hand_off.decision.amount, hand_off.decision_transferred.amount] == [7, 10]
    assert hand_off.notify_back.amount == 5
    assert all(p.hand_off is None for c, p in PROFILES.items() if c != ProfileCode.DH)


def test_thai_nguyen_specifics() -> None:
    tn = profile_for("TN")
    assert (tn.raw_retention_min_days, tn.raw_retention_max_days) == (30, 45)
    assert tn.events_retention_months == 12
    assert tn.extraction_approval == ExtractionApproval.FAST_EXTRACTION_COMMUNE_CHAIRMAN
    assert tn.fast_extraction_dossier is not None
    assert tn.fast_extraction_dossier.unit == DeadlineUnit.WORKING_HOURS
    assert tn.report_year_starts == (12, 15)


def test_each_profile_has_its_own_extraction_rule() -> None:
    assert len({p.extraction_approval for p in PROFILES.values()}) == len(PROFILES)


def test_silent_rules_are_marked_as_defaults() -> None:
    for p in PROFILES.values():
        assert "admin_password_max_age_days" in p.defaulted
        assert "console_idle_lock_minutes" in p.defaulted
    assert "raw_retention_min_days" not in profile_for("DB").defaulted  # DB 11.3
    assert "raw_retention_min_days" in profile_for("HCM").defaulted


def test_profiles_are_validated() -> None:
    data = profile_for("TN").model_dump()
    with pytest.raises(ValueError):
        RegulationProfile.model_validate({**data, "defaulted": {"no_such_rule"}})
    with pytest.raises(ValueError):
        RegulationProfile.model_validate({**data, "raw_retention_max_days": 10})
    with pytest.raises(ValueError):
        profile_for("HN")


def test_profile_and_overrides_from_environment() -> None:
    s = settings_from_env({"VWALL_HUB_PROFILE": "DH", "VWALL_HUB_REVIEW_INTERVAL_DAYS": "30"})
    assert s.profile == "DH" and s.review_interval_days == 30
    assert s.admin_password_max_age_days is None
    assert settings_from_env({}).profile == "TN"


def test_api_shows_the_active_profile(start_hub: Callable[..., LiveHub]) -> None:
    live = start_hub(profile="HCM", review_interval_days=60)
    p = seed_province(live.hub)
    add_user(live.hub, p, "olga", "districtA", [Role.OPERATOR], must_change_password=True)
    token = login(live, p, "olga")
    with live.client(token) as http:
        body = http.get("/api/profile").json()
    with live.client() as http:
        assert http.get("/api/profile").status_code == 401
    assert body["profile"]["code"] == "HCM"
    assert body["profile"]["catalogue_update"] == {"amount": 10, "unit": "working_days"}
    assert body["security"] == {
        "admin_password_max_age_days": 90,
        "account_review_days": 60,
        "console_idle_lock_minutes": 15,
        "overridden": ["account_review_days"],
    }


def test_unknown_profile_stops_the_hub(start_hub: Callable[..., LiveHub]) -> None:
    with pytest.raises(ValueError, match="unknown regulation profile"):
        start_hub(profile="XX")


def _admin_due(live: LiveHub, days: int) -> bool:
    p = seed_province(live.hub)
    add_user(live.hub, p, "root", "ioc", [Role.ADMIN])
    live.clock.advance(days=days)
    token = login(live, p, "root")
    with live.client(token) as http:
        return bool(http.get("/api/auth/me").json()["password_change_required"])


def test_admin_rotation_follows_the_profile(start_hub: Callable[..., LiveHub]) -> None:
    live = start_hub(profile="TN")
    assert not _admin_due(live, profile_for("TN").admin_password_max_age_days - 1)
    live.clock.advance(days=2)
    with live.hub.sessions() as s:
        from hub.auth.sessions import password_change_due
        from hub.org.models import User

        root = s.query(User).filter_by(username="root").one()
        assert password_change_due(live.hub, root, live.clock.now())


def test_setting_overrides_the_profile_rotation(start_hub: Callable[..., LiveHub]) -> None:
    live = start_hub(admin_password_max_age_days=10)
    assert _admin_due(live, 11)


def test_account_review_follows_the_profile(start_hub: Callable[..., LiveHub]) -> None:
    live = start_hub(profile="DB", admin_password_max_age_days=1000)
    p = seed_province(live.hub)
    add_user(live.hub, p, "rev", "ioc", [Role.ADMIN])
    add_user(live.hub, p, "idle", "districtA", [Role.OPERATOR])

    def due_after(days: int) -> set[str]:
        live.clock.advance(days=days)
        with live.client(login(live, p, "rev")) as http:
            review = http.get("/api/users/review").json()
        return {u["username"] for u in review["due_for_review"]}

    assert "idle" not in due_after(profile_for("DB").account_review_days - 1)
    assert "idle" in due_after(2)
