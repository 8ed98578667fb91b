# SPDX-License-Identifier: GPL-3.0-or-later
"""The running hub's shared parts: settings, clock, database, audit trail, hashing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.audit.chain import head_path, load_or_create_signing_key
from hub.audit.service import AuditTrail
from hub.auth.gate import LoginGate
from hub.auth.passwords import PasswordHashing
from hub.auth.secretbox import SecretBox
from hub.clock import Clock, SystemClock
from hub.db import make_engine, make_sessionmaker, upgrade
from hub.events import EventBus
from hub.events_pg import event_bus
from hub.profiles.data import profile_for
from hub.profiles.model import RegulationProfile
from hub.profiles.working_days import WorkingDayCalendar
from hub.settings import Settings


@dataclass
class Hub:
    """Everything a request handler or the CLI needs; one per process."""

    settings: Settings
    clock: Clock
    engine: Engine
    sessions: sessionmaker[Session]
    audit: AuditTrail
    passwords: PasswordHashing
    profile: RegulationProfile
    calendar: WorkingDayCalendar
    events: EventBus
    # Running background services by name (hub.services); filled by the app's lifespan.
    services: dict[str, Any] = field(default_factory=dict)
    # Where password steps run (never in a request thread nor inside a transaction).
    login_gate: LoginGate = field(default_factory=lambda: LoginGate(2, 32))

    @property
    def admin_password_max_age_days(self) -> int:
        """Admin password rotation: the setting if given, else the profile's period."""
        override = self.settings.admin_password_max_age_days
        return self.profile.admin_password_max_age_days if override is None else override

    @property
    def account_review_days(self) -> int:
        """Account review period: the setting if given, else the profile's period."""
        override = self.settings.review_interval_days
        return self.profile.account_review_days if override is None else override

    def close(self) -> None:
        """Sign the audit chain head (so a cut tail shows) and release connections."""
        self.login_gate.close()
        with self.sessions() as session, session.begin():
            self.audit.seal(session)
        self.engine.dispose()


def open_hub(settings: Settings, clock: Clock | None = None, migrate: bool = True) -> Hub:
    """Connect, migrate to head, load (or create) the audit signing and TOTP keys.

    Raises:
        ValueError: the settings name an unknown regulation profile.
    """
    profile = profile_for(settings.profile)
    clock = clock or SystemClock()
    engine = make_engine(settings.database_url)
    secret_box = SecretBox.load_or_create(settings.totp_key_file)
    if migrate:
        upgrade(engine, secret_box)
    key = load_or_create_signing_key(settings.key_path)
    audit = AuditTrail(
        clock,
        key,
        settings.checkpoint_every_records,
        settings.checkpoint_every_minutes,
        head_path(settings.key_path),
    )
    return Hub(
        settings,
        clock,
        engine,
        make_sessionmaker(engine, {"secret_box": secret_box}),
        audit,
        PasswordHashing(settings.argon2, settings.login_workers),
        profile,
        WorkingDayCalendar(),
        event_bus(engine, clock.now),
        login_gate=LoginGate(settings.login_workers, settings.login_queue),
    )
