# SPDX-License-Identifier: GPL-3.0-or-later
"""The shape of a regulation profile (pydantic only, so the console can import it too)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Frozen(BaseModel):
    """Immutable, and unknown fields are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ProfileCode(StrEnum):
    """Jurisdictions with a regulation on camera surveillance systems."""

    HCM = "HCM"  # Ho Chi Minh City, QĐ 01/2022/QĐ-UBND
    DB = "DB"  # Điện Biên 25/2024
    DH = "DH"  # Đồng Hới 790/2022
    YB = "YB"  # Yên Bái 2448/2021
    TN = "TN"  # Thái Nguyên 2026


class DeadlineUnit(StrEnum):
    """How a deadline counts time (see ``WorkingDayCalendar.deadline``)."""

    WORKING_DAYS = "working_days"
    DAYS = "days"
    HOURS = "hours"
    WORKING_HOURS = "working_hours"
    MONTHS = "months"


class Deadline(_Frozen):
    """An amount of time a rule allows, e.g. 5 working days."""

    amount: int = Field(ge=1, le=1000)
    unit: DeadlineUnit


class ExtractionApproval(StrEnum):
    """Who must agree before footage is extracted (REQUIREMENTS §4)."""

    IN_SCOPE_RIGHTS = "in_scope_rights"  # HCM: the account's rights within its scope
    LOGGED_PURPOSE_REQUESTER = "logged_purpose_requester"  # DB 16.3
    UNIT_LEADER_TO_HIGHER_POLICE = "unit_leader_to_higher_police"  # DH 12.2c
    PROVINCIAL_POLICE_LEADERSHIP = "provincial_police_leadership"  # YB 12.2a
    FAST_EXTRACTION_COMMUNE_CHAIRMAN = "fast_extraction_commune_chairman"  # TN 9.2


class ReportPeriod(StrEnum):
    """Periodic reports a jurisdiction asks for."""

    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    ANNUAL = "annual"
    AD_HOC = "ad_hoc"


class HandOffDeadlines(_Frozen):
    """Deadlines of handing a violation to the police and of their answer (DH 11, 13)."""

    transfer: Deadline
    verify: Deadline
    verify_complex: Deadline
    record: Deadline
    record_transfer: Deadline
    decision: Deadline
    decision_transferred: Deadline
    decision_explanation: Deadline
    decision_complex: Deadline
    notify_back: Deadline


class RegulationProfile(_Frozen):
    """What one jurisdiction's regulation fixes; ``defaulted`` names fields it is silent on.

    ``None`` means the regulation sets no such deadline (or leaves it to a procedure).
    """

    code: ProfileCode
    jurisdiction: str
    regulation: str
    catalogue_update: Deadline | None
    fault_fix: Deadline | None
    raw_retention_min_days: int = Field(ge=1)
    raw_retention_max_days: int | None = None
    events_retention_months: int = Field(ge=1)
    extraction_approval: ExtractionApproval
    fast_extraction_dossier: Deadline | None = None
    hand_off: HandOffDeadlines | None = None
    report_periods: tuple[ReportPeriod, ...]
    # (month, day) the annual reporting year starts on; None = the calendar year.
    report_year_starts: tuple[int, int] | None = None
    maintenance_months: int | None = None
    breach_notification: Deadline | None = None
    admin_password_max_age_days: int = Field(ge=1)
    account_review_days: int = Field(ge=1)
    console_idle_lock_minutes: int = Field(ge=1, le=240)
    defaulted: frozenset[str] = frozenset()

    @model_validator(mode="after")
    def _consistent(self) -> RegulationProfile:
        unknown = self.defaulted - set(type(self).model_fields)
        if unknown:
            raise ValueError(f"defaulted names unknown fields: {sorted(unknown)}")
        if self.raw_retention_max_days is not None and (
            self.raw_retention_max_days < self.raw_retention_min_days
        ):
            raise ValueError("raw retention maximum below its minimum")
        return self


class SecurityPeriods(_Frozen):
    """The security periods in force: the profile's, unless a setting overrides them."""

    admin_password_max_age_days: int
    account_review_days: int
    console_idle_lock_minutes: int
    overridden: frozenset[str] = frozenset()


class ActiveProfile(_Frozen):
    """The deployment's regulation profile, read-only, and the periods in force."""

    profile: RegulationProfile
    security: SecurityPeriods
