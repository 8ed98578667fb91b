# SPDX-License-Identifier: GPL-3.0-or-later
"""The running hub's shared parts: settings, clock, database, audit trail, hashing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.audit.chain import load_or_create_signing_key
from hub.audit.service import AuditTrail
from hub.auth.passwords import PasswordHashing
from hub.clock import Clock, SystemClock
from hub.db import make_engine, make_sessionmaker, upgrade
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

    def close(self) -> None:
        """Sign the audit chain head (so a cut tail shows) and release connections."""
        with self.sessions() as session, session.begin():
            self.audit.seal(session)
        self.engine.dispose()


def open_hub(settings: Settings, clock: Clock | None = None, migrate: bool = True) -> Hub:
    """Connect, migrate to head, load (or create) the audit signing key."""
    clock = clock or SystemClock()
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    key = load_or_create_signing_key(settings.key_path)
    audit = AuditTrail(
        clock, key, settings.checkpoint_every_records, settings.checkpoint_every_minutes
    )
    return Hub(
        settings, clock, engine, make_sessionmaker(engine), audit, PasswordHashing(settings.argon2)
    )
