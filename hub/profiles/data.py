# SPDX-License-Identifier: GPL-3.0-or-later
"""The five regulation profiles; every number cites its article, defaults say so."""

from __future__ import annotations

from datetime import date

from hub.profiles.model import (
    Deadline,
    DeadlineUnit,
    ExtractionApproval,
    HandOffDeadlines,
    ProfileCode,
    RegulationProfile,
    ReportPeriod,
)


def _wd(n: int) -> Deadline:
    return Deadline(amount=n, unit=DeadlineUnit.WORKING_DAYS)


def _days(n: int) -> Deadline:
    return Deadline(amount=n, unit=DeadlineUnit.DAYS)


def _hours(n: int) -> Deadline:
    return Deadline(amount=n, unit=DeadlineUnit.HOURS)


def _months(n: int) -> Deadline:
    return Deadline(amount=n, unit=DeadlineUnit.MONTHS)


# Security periods no regulation puts a number on: HCM 12.2, DB 17.4 and TN 10.1 say
# "change administrator passwords regularly"; HCM 19.4, DB 13.2 and TN 18.1 "review
# accounts periodically". Defaults: 90-day admin rotation (common government practice),
# a 180-day review (the 6-monthly rhythm of HCM 16.1 / TN 15.1 maintenance), and a
# 15-minute console lock (half the hub's 30-minute idle session).
_ADMIN_PASSWORD_DAYS = 90
_REVIEW_DAYS = 180
_IDLE_LOCK_MINUTES = 15
_SECURITY_DEFAULTS = frozenset(
    {"admin_password_max_age_days", "account_review_days", "console_idle_lock_minutes"}
)
# Only TN (11.1) says the privilege families are kept apart; the others are silent and get
# TN's rule: one account, one family (role_families_combinable=False).
_FAMILIES_DEFAULT = frozenset({"role_families_combinable"})
# No text fixes office hours; "working hours" (TN 9.2b) count the default 08:00–12:00 and
# 13:00–17:00 (model.DEFAULT_OFFICE_HOURS) unless a profile sets its own.
_OFFICE_DEFAULT = frozenset({"office_hours"})
# Since 1 July 2025 (Nghị quyết 202/2025/QH15 of 12/6/2025 on the provinces; district
# level abolished the same day) Yên Bái is part of Lào Cai and Quảng Bình of Quảng Trị.
# A regulation of a former province stays in force until the new province replaces it;
# the hub's own jurisdiction is set at ``vwall-hub init --jurisdiction``.
_LAO_CAI = "tỉnh Lào Cai (từ 01/7/2025)"
_QUANG_TRI = "tỉnh Quảng Trị (từ 01/7/2025)"
# Where retention is not fixed: the DB 11.3 / TN 12.1a floor of 30 days for raw video and
# the TN 12.1c 12 months for events.
_RAW_DAYS_DEFAULT = 30
_EVENTS_MONTHS_DEFAULT = 12

HCM = RegulationProfile(
    code=ProfileCode.HCM,
    regulation="Quyết định 01/2022/QĐ-UBND",
    regulation_number="01/2022/QĐ-UBND",
    regulation_date=date(2022, 1, 12),
    issued_by="Ủy ban nhân dân Thành phố Hồ Chí Minh",
    catalogue_update=_wd(10),  # HCM 9.1: 10 working days after install or change
    fault_fix=_wd(5),  # HCM 16.2: 5 working days from detection or notice
    raw_retention_min_days=_RAW_DAYS_DEFAULT,  # default: HCM leaves it to the DoIC
    events_retention_months=_EVENTS_MONTHS_DEFAULT,  # default: HCM is silent
    extraction_approval=ExtractionApproval.IN_SCOPE_RIGHTS,  # HCM 7, 10.3
    raw_export_second_approval=False,  # HCM 7, 10.3: the account's rights in its scope decide
    report_periods=(ReportPeriod.HALF_YEARLY,),  # HCM 25.5: every 6 months
    maintenance_months=6,  # HCM 16.1: maintenance every 6 months
    admin_password_max_age_days=_ADMIN_PASSWORD_DAYS,  # default: HCM 12.2 "regularly"
    account_review_days=_REVIEW_DAYS,  # default: HCM 19.4 "periodically"
    console_idle_lock_minutes=_IDLE_LOCK_MINUTES,  # default: HCM is silent
    defaulted=_SECURITY_DEFAULTS
    | _OFFICE_DEFAULT
    | _FAMILIES_DEFAULT
    | {"raw_retention_min_days", "events_retention_months"},
)

DB = RegulationProfile(
    code=ProfileCode.DB,
    regulation="Quyết định 25/2024/QĐ-UBND",
    regulation_number="25/2024/QĐ-UBND",
    regulation_date=date(2024, 6, 30),
    issued_by="Ủy ban nhân dân tỉnh Điện Biên",
    catalogue_update=_days(5),  # DB 7.5: 5 days
    fault_fix=_hours(24),  # DB 11.2: 24 hours
    raw_retention_min_days=30,  # DB 11.3: at least 30 days
    events_retention_months=_EVENTS_MONTHS_DEFAULT,  # default: DB is silent
    extraction_approval=ExtractionApproval.LOGGED_PURPOSE_REQUESTER,  # DB 16.3
    raw_export_second_approval=False,  # DB 16.3: purpose and requester logged, no approver
    report_periods=(ReportPeriod.AD_HOC,),  # default: DB fixes no periodic report
    admin_password_max_age_days=_ADMIN_PASSWORD_DAYS,  # default: DB 17.4 "regularly"
    account_review_days=_REVIEW_DAYS,  # default: DB 13.2 "periodically"
    console_idle_lock_minutes=_IDLE_LOCK_MINUTES,  # default: DB is silent
    defaulted=_SECURITY_DEFAULTS
    | _OFFICE_DEFAULT
    | _FAMILIES_DEFAULT
    | {"events_retention_months", "report_periods"},
)

# DH 11.3 and 13: the violation hand-off to the police, in Đồng Hới's words.
_DH_HAND_OFF = HandOffDeadlines(
    transfer=_wd(5),  # DH 11.3a: IOC transfers the data within 5 working days
    verify=_months(1),  # DH 11.3b: police verify within 1 month of receipt
    verify_complex=_months(2),  # DH 11.3b: 2 months when complex
    record=_wd(3),  # DH 13.1: record within 3 working days of identifying the violator
    record_transfer=_hours(24),  # DH 13.1: to the competent person within 24 hours
    decision=_wd(7),  # DH 13.2: decision within 7 working days of the record
    decision_transferred=_wd(10),  # DH 13.2: 10 working days when transferred
    decision_explanation=_months(1),  # DH 13.2: 1 month if the violator asks to explain
    decision_complex=_months(2),  # DH 13.2: 2 months if especially complex
    notify_back=_wd(5),  # DH 11.3b: police tell the IOC the conclusion in 5 working days
)

DH = RegulationProfile(
    code=ProfileCode.DH,
    regulation="Quyết định 790/QĐ-UBND",
    regulation_number="790/QĐ-UBND",
    regulation_date=date(2022, 3, 18),
    issued_by="Chủ tịch Ủy ban nhân dân thành phố Đồng Hới (tỉnh Quảng Bình)",
    now_part_of=_QUANG_TRI,
    catalogue_update=None,  # DH: no catalogue deadline
    fault_fix=None,  # DH 8: per the incident procedure
    raw_retention_min_days=_RAW_DAYS_DEFAULT,  # default: DH is silent
    events_retention_months=_EVENTS_MONTHS_DEFAULT,  # default: DH is silent
    extraction_approval=ExtractionApproval.UNIT_LEADER_TO_HIGHER_POLICE,  # DH 12.2c
    raw_export_second_approval=True,  # DH 12.2c: extraction goes through a second person
    hand_off=_DH_HAND_OFF,
    # DH 15.3: quarterly, 6-monthly, annual and ad hoc reports
    report_periods=(
        ReportPeriod.QUARTERLY,
        ReportPeriod.HALF_YEARLY,
        ReportPeriod.ANNUAL,
        ReportPeriod.AD_HOC,
    ),
    admin_password_max_age_days=_ADMIN_PASSWORD_DAYS,  # default: DH is silent
    account_review_days=_REVIEW_DAYS,  # default: DH is silent
    console_idle_lock_minutes=_IDLE_LOCK_MINUTES,  # default: DH is silent
    defaulted=_SECURITY_DEFAULTS
    | _OFFICE_DEFAULT
    | _FAMILIES_DEFAULT
    | {"raw_retention_min_days", "events_retention_months"},
)

YB = RegulationProfile(
    code=ProfileCode.YB,
    regulation="Quyết định 2448/QĐ-UBND",
    regulation_number="2448/QĐ-UBND",
    regulation_date=date(2021, 11, 8),
    issued_by="Chủ tịch Ủy ban nhân dân tỉnh Yên Bái",
    now_part_of=_LAO_CAI,
    catalogue_update=None,  # YB: no catalogue deadline
    fault_fix=None,  # YB 8: per the incident procedure
    raw_retention_min_days=_RAW_DAYS_DEFAULT,  # default: YB is silent
    events_retention_months=_EVENTS_MONTHS_DEFAULT,  # default: YB is silent
    extraction_approval=ExtractionApproval.PROVINCIAL_POLICE_LEADERSHIP,  # YB 12.2a
    raw_export_second_approval=True,  # YB 12.2a: leadership approves, the unit extracts
    # YB 12.2a: "Công an tỉnh Yên Bái, Công an thành phố Yên Bái ... trên địa bàn toàn tỉnh"
    city_police_province_wide=True,
    # YB 13.3: quarterly, 6-monthly, annual and ad hoc reports
    report_periods=(
        ReportPeriod.QUARTERLY,
        ReportPeriod.HALF_YEARLY,
        ReportPeriod.ANNUAL,
        ReportPeriod.AD_HOC,
    ),
    admin_password_max_age_days=_ADMIN_PASSWORD_DAYS,  # default: YB is silent
    account_review_days=_REVIEW_DAYS,  # default: YB is silent
    console_idle_lock_minutes=_IDLE_LOCK_MINUTES,  # default: YB is silent
    defaulted=_SECURITY_DEFAULTS
    | _OFFICE_DEFAULT
    | _FAMILIES_DEFAULT
    | {"raw_retention_min_days", "events_retention_months"},
)

TN = RegulationProfile(
    code=ProfileCode.TN,
    # The text in hand is unnumbered and undated ("Số: /2026/QĐ-UBND", "ngày   tháng 7
    # năm 2026"): no number is made up.
    regulation="Quyết định số …/2026/QĐ-UBND, chưa có số",
    regulation_number=None,
    regulation_date=None,
    issued_by="Ủy ban nhân dân tỉnh Thái Nguyên",
    catalogue_update=_wd(15),  # TN 8.1: 15 working days
    fault_fix=_wd(3),  # TN 15: 3 working days
    raw_retention_min_days=30,  # TN 12.1a: raw video at the edge 30–45 days
    raw_retention_max_days=45,  # TN 12.1a, 12.3: then destroyed irreversibly
    events_retention_months=12,  # TN 12.1c: metadata and events 12 months
    extraction_approval=ExtractionApproval.FAST_EXTRACTION_COMMUNE_CHAIRMAN,  # TN 9.2
    # TN 11.1: identifying images are sensitive personal data, strictly managed; TN 9.2c:
    # raw data only to the state's own devices. Our reading: a second person approves.
    raw_export_second_approval=True,
    fast_extraction_dossier=Deadline(amount=24, unit=DeadlineUnit.WORKING_HOURS),  # TN 9.2
    # TN 23.3: "định kỳ trước ngày 15 tháng 12 hằng năm hoặc đột xuất theo yêu cầu"
    report_periods=(ReportPeriod.ANNUAL, ReportPeriod.AD_HOC),
    report_year_starts=(12, 15),  # TN 23.3: period 15 Dec – 14 Dec
    maintenance_months=6,  # TN 15.1: maintenance every 6 months
    breach_notification=_hours(72),  # TN 11.5: notify police and data subjects in 72 h
    admin_password_max_age_days=_ADMIN_PASSWORD_DAYS,  # default: TN 10.1 "regularly"
    account_review_days=_REVIEW_DAYS,  # default: TN 18.1 "periodically"
    console_idle_lock_minutes=_IDLE_LOCK_MINUTES,  # default: TN is silent
    role_families_combinable=False,  # TN 11.1: separated privilege families
    defaulted=_SECURITY_DEFAULTS | _OFFICE_DEFAULT,
)

PROFILES: dict[ProfileCode, RegulationProfile] = {p.code: p for p in (HCM, DB, DH, YB, TN)}

# TN is the default: the newest regulation, the one whose rules (TN 6.2, 9.2, 11.1, 22.1)
# the hub already enforces, and the strictest on security and retention.
DEFAULT_PROFILE = ProfileCode.TN


def profile_for(code: str) -> RegulationProfile:
    """The profile of a jurisdiction code (case-insensitive).

    Raises:
        ValueError: for an unknown code.
    """
    try:
        return PROFILES[ProfileCode(code.strip().upper())]
    except ValueError:
        known = ", ".join(PROFILES)
        raise ValueError(f"unknown regulation profile {code!r} (known: {known})") from None
