# SPDX-License-Identifier: GPL-3.0-or-later
"""The shape of a regulation profile (pydantic only, so the console can import it too)."""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum
from itertools import pairwise

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator


class _Frozen(BaseModel):
    """Immutable, and unknown fields are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ProfileCode(StrEnum):
    """Jurisdictions with a regulation on camera surveillance systems."""

    HCM = "HCM"  # Ho Chi Minh City, Quyết định 01/2022/QĐ-UBND of 12/01/2022
    DB = "DB"  # Điện Biên province, Quyết định 25/2024/QĐ-UBND of 30/6/2024
    DH = "DH"  # Đồng Hới city, Quyết định 790/QĐ-UBND of 18/3/2022
    YB = "YB"  # Yên Bái province, Quyết định 2448/QĐ-UBND of 08/11/2021
    TN = "TN"  # Thái Nguyên province, Quyết định …/2026/QĐ-UBND (no number yet)


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


class OfficePeriod(_Frozen):
    """One stretch of office hours on a working day, local time (Asia/Ho_Chi_Minh)."""

    start: time
    end: time

    @model_validator(mode="after")
    def _ordered(self) -> OfficePeriod:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("office hours are local times without a time zone")
        if not self.start < self.end:
            raise ValueError("an office period must end after it starts")
        return self


# Office hours of state bodies: 40 hours a week, Monday to Friday (Quyết định
# 188/1999/QĐ-TTg), 8 a day; the hours of the day are each body's own, so a profile may
# set others. Used for "working hours" (TN 9.2b "24 giờ làm việc").
DEFAULT_OFFICE_HOURS: tuple[OfficePeriod, ...] = (
    OfficePeriod(start=time(8), end=time(12)),
    OfficePeriod(start=time(13), end=time(17)),
)


class DayKind(StrEnum):
    """What a decision makes of a date, against the ordinary calendar."""

    DAY_OFF = "day_off"  # e.g. Fri 2 Jan 2026, swapped away
    WORKING_DAY = "working_day"  # e.g. Sat 10 Jan 2026, worked in exchange


class CalendarDecision(_Frozen):
    """The decision that set a day off or a working day: ``None`` where not known."""

    number: str | None = Field(default=None, min_length=1, max_length=100)
    issued_on: date | None = None
    issuer: str = Field(min_length=1, max_length=200)


class CalendarDay(_Frozen):
    """A day off or a working day beyond what the ``holidays`` package knows."""

    day: date
    kind: DayKind
    decision: CalendarDecision
    note: str = Field(default="", max_length=500)


class CalendarDayOut(_Frozen):
    """A recorded day with who recorded it (``shipped``: came with the hub)."""

    day: CalendarDay
    shipped: bool
    recorded_by: int | None
    recorded_at: AwareDatetime


class RecomputedDeadline(_Frozen):
    """An open deadline whose due time a calendar change moved."""

    kind: str  # "catalogue"
    id: int
    before: AwareDatetime
    after: AwareDatetime


class CalendarChange(_Frozen):
    """The answer to a calendar change: the day before and after, deadlines moved."""

    before: CalendarDay | None
    after: CalendarDay | None
    recomputed: list[RecomputedDeadline]


class DeadlineAnswer(_Frozen):
    """When a period runs out (``GET /api/deadline``, ``vwall-hub deadline``)."""

    profile: ProfileCode
    start: AwareDatetime
    amount: int
    unit: DeadlineUnit
    # In Asia/Ho_Chi_Minh (+07:00). A period in days ends at 24:00 of its last day,
    # written as 00:00 of the next day.
    due_at: AwareDatetime


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
    # The decision that issued the regulation, e.g. "Quyết định 25/2024/QĐ-UBND";
    # ``regulation_number`` None: the text has no number yet (TN's draft).
    regulation: str
    regulation_number: str | None
    regulation_date: date | None
    # Who issued it and the territory it was issued for, as of its date; where that
    # territory has since been merged, ``now_part_of`` says into what. The jurisdiction a
    # hub actually serves is the deployment's (``vwall-hub init --jurisdiction``).
    issued_by: str
    now_part_of: str | None = None
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
    # TN 11.1 separates the privilege families (technical administration, image
    # exploitation, biometric matching; the hub also keeps approval, audit, case work and
    # command apart): one person holds roles of one family. True lets a deployment give one
    # account roles of several families, each such change confirmed by a second
    # administrator (four-eyes). Default: not allowed.
    role_families_combinable: bool = False
    # YB 12.2a: the city police use the cameras of the whole province, like the
    # provincial police (elsewhere city/district police see their own territory).
    city_police_province_wide: bool = False
    # Four-eyes on footage leaving as recorded: an evidence package holding the original
    # (unwatermarked) files needs a second person's approval, never the requester's
    # (hub/evidence). Default: asked (the original is sensitive personal data, TN 11.1).
    raw_export_second_approval: bool = True
    # Office hours that "working hours" count (TN 9.2b "24 giờ làm việc").
    office_hours: tuple[OfficePeriod, ...] = Field(default=DEFAULT_OFFICE_HOURS, min_length=1)
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
        periods = sorted(self.office_hours, key=lambda p: p.start)
        if any(a.end > b.start for a, b in pairwise(periods)):
            raise ValueError("office periods overlap")
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
    # The jurisdiction this hub serves, set at ``vwall-hub init`` (None: an older hub).
    jurisdiction: str | None = None
