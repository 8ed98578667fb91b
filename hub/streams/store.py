# SPDX-License-Identifier: GPL-3.0-or-later
"""Stream grants in the database (:class:`~hub.streams.models.StreamGrantRow`), so any hub
process renews, releases and revokes any hub's grant and redirects any hub's media URL.

The hub that opened a grant's relay output (the holder) keeps the output; it writes the
row when the grant is issued and marks it ended when the grant ends there. Another hub
acts on the row only: a renewal moves ``expires_at`` (under the row lock), a release or
revocation marks it ended. The holder reads its rows every ``grant_check_seconds``
(:meth:`GrantStore.states`) and closes outputs whose rows ended elsewhere, telling the
owner and auditing as it does for its own ends; a grant renewed elsewhere lives on.

Each holder stamps ``stream_grant_holders`` at every check (the database's clock, not
the hub's). A holder silent for :data:`HOLDER_SILENT_SECONDS` (killed, its machine dead)
no longer serves its outputs: its grants are ended ``holder_gone`` when another hub is
asked to renew them, and no hub redirects to them, so consoles ask for new grants.

Used on PostgreSQL (several hub processes). Every method opens its own short transaction:
call them from worker threads, never the event loop.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from hub.auth.secretbox import SecretBox, SecretUnreadable
from hub.catalog.contracts import StreamKind
from hub.db import transaction
from hub.relaypool.leases import db_now
from hub.streams.grants import Grant, GrantOwner
from hub.streams.models import GrantHolderRow, StreamGrantRow

PURGE_AFTER = timedelta(hours=1)  # ended and expired rows are kept this long, then deleted
# A holder whose last check is older than this (or three of its check periods, if longer)
# is gone: its grants are neither renewed nor redirected through other hubs (its relay
# outputs are orphans the relay hosts close).
HOLDER_SILENT_SECONDS = 10.0
HOLDER_SILENT_CHECKS = 3

Renewal = Literal["renewed", "expired", "missing"]


def url_place(grant_id: str) -> str:
    """The associated data binding a sealed grant URL to its grant."""
    return f"vwall:stream_grants.url:{grant_id}"


def token_digest(token: str) -> str:
    """What the database keeps of a grant's token."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class RowState:
    """What the holder needs to know of one of its grants' rows."""

    expires_at: datetime
    end_reason: str | None


class GrantStore:
    """The ``stream_grants`` table, for one hub process (``hub_id``)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        box: SecretBox,
        hub_id: str,
        now: Callable[[], datetime],
        check_seconds: float = 1.0,
    ) -> None:
        self.sessions = sessions
        self.box = box
        self.hub_id = hub_id
        self._now = now
        self.check_seconds = check_seconds

    def add(self, grant: Grant) -> None:
        """Record a grant this hub just opened."""
        owner = grant.owner
        with transaction(self.sessions) as db:
            db.add(
                StreamGrantRow(
                    grant_id=grant.grant_id,
                    output_id=grant.output_id,
                    hub_id=self.hub_id,
                    user_id=owner.user_id,
                    session_id=owner.session_id,
                    display_id=owner.display_id,
                    camera_id=grant.camera_id,
                    stream=grant.stream.value,
                    kind=grant.kind,
                    source_key=grant.source_key,
                    start=grant.start,
                    rate=grant.rate,
                    issued_at=grant.issued_at,
                    expires_at=grant.expires_at,
                    emergency=grant.emergency,
                    unmasked=grant.unmasked,
                    token_sha256=token_digest(grant.token),
                    url_sealed=self.box.seal(grant.url, url_place(grant.grant_id)),
                )
            )

    def find(self, grant_id: str) -> Grant | None:
        """The grant if its row is open and not past its expiry (any hub's)."""
        with transaction(self.sessions) as db:
            row = db.get(StreamGrantRow, grant_id)
            if row is None or row.ended_at is not None or row.expires_at <= self._now():
                return None
            return self._grant(row)

    def renew(
        self, grant_id: str, owner: GrantOwner, until: datetime
    ) -> tuple[Renewal, Grant | None]:
        """Move an open grant of ``owner`` to expire at ``until`` (row locked).

        Returns ``("renewed", grant)``; ``("expired", grant)`` for a grant past its expiry
        (its row is marked ended); ``("missing", None)`` for an unknown, ended or foreign
        grant (the caller answers all of them alike).
        """
        now = self._now()
        with transaction(self.sessions) as db:
            row = db.get(StreamGrantRow, grant_id, with_for_update=True)
            if row is None or row.ended_at is not None:
                return "missing", None
            grant = self._grant(row)
            if grant is None or not owner.holds(grant):
                return "missing", None
            if not self._holder_alive(db, row.hub_id):
                row.ended_at, row.end_reason = now, "holder_gone"
                return "missing", None
            if row.expires_at <= now:
                row.ended_at, row.end_reason = now, "expired"
                return "expired", grant
            row.expires_at = until
            return "renewed", self._grant(row)

    def end(self, grant_id: str, reason: str, owner: GrantOwner | None = None) -> Grant | None:
        """Mark an open grant ended (``owner`` None: whoever holds it); returns it, or
        None when it was not open (or not ``owner``'s)."""
        now = self._now()
        with transaction(self.sessions) as db:
            row = db.get(StreamGrantRow, grant_id, with_for_update=True)
            if row is None or row.ended_at is not None:
                return None
            grant = self._grant(row)
            if grant is None or (owner is not None and not owner.holds(grant)):
                return None
            row.ended_at, row.end_reason = now, reason
            return grant

    def states(self, grant_ids: Iterable[str]) -> dict[str, RowState]:
        """The rows of ``grant_ids`` (the holder's sweep); a missing id has no row."""
        ids = list(grant_ids)
        if not ids:
            return {}
        with transaction(self.sessions) as db:
            rows = db.execute(
                select(
                    StreamGrantRow.grant_id, StreamGrantRow.expires_at, StreamGrantRow.end_reason
                ).where(StreamGrantRow.grant_id.in_(ids))
            ).all()
        return {gid: RowState(expires_at, reason) for gid, expires_at, reason in rows}

    def source_of(self, output_id: str, token: str) -> str | None:
        """The source key of an open grant's output if ``token`` is its token (any hub's;
        the /media/ redirect). Unknown output, ended grant and wrong token are all None."""
        digest = token_digest(token)
        with transaction(self.sessions) as db:
            rows = db.scalars(
                select(StreamGrantRow).where(
                    StreamGrantRow.output_id == output_id, StreamGrantRow.ended_at.is_(None)
                )
            ).all()
            for row in rows:  # one, for the pool's random output ids
                if not hmac.compare_digest(row.token_sha256, digest):
                    continue
                if row.expires_at <= self._now() or not self._holder_alive(db, row.hub_id):
                    return None
                return row.source_key
            return None

    def beat(self) -> None:
        """Stamp this hub as a live holder (each expiry check)."""
        with transaction(self.sessions) as db:
            now = db_now(db)
            if db.get(GrantHolderRow, self.hub_id, with_for_update=True) is None:
                every = self.check_seconds
                db.add(GrantHolderRow(hub_id=self.hub_id, seen_at=now, check_seconds=every))
            else:
                db.execute(
                    update(GrantHolderRow)
                    .where(GrantHolderRow.hub_id == self.hub_id)
                    .values(seen_at=now)
                )

    def leave(self) -> None:
        """This hub stops holding grants (its outputs are closed)."""
        with transaction(self.sessions) as db:
            db.execute(delete(GrantHolderRow).where(GrantHolderRow.hub_id == self.hub_id))

    def _holder_alive(self, db: Session, hub_id: str) -> bool:
        if hub_id == self.hub_id:
            return True
        seen = db.get(GrantHolderRow, hub_id)
        if seen is None:
            return False
        silent = max(HOLDER_SILENT_SECONDS, HOLDER_SILENT_CHECKS * seen.check_seconds)
        return seen.seen_at > db_now(db) - silent

    def purge(self) -> int:
        """Delete rows that ended or expired more than :data:`PURGE_AFTER` ago."""
        cutoff = self._now() - PURGE_AFTER
        with transaction(self.sessions) as db:
            result = db.execute(delete(StreamGrantRow).where(StreamGrantRow.expires_at < cutoff))
            silent = db_now(db) - PURGE_AFTER.total_seconds()
            db.execute(delete(GrantHolderRow).where(GrantHolderRow.seen_at < silent))
            return int(getattr(result, "rowcount", 0) or 0)

    def end_all_of_this_hub(self, reason: str) -> int:
        """Mark every open row of this hub ended (the hub stops: its outputs close)."""
        with transaction(self.sessions) as db:
            result = db.execute(
                update(StreamGrantRow)
                .where(StreamGrantRow.hub_id == self.hub_id, StreamGrantRow.ended_at.is_(None))
                .values(ended_at=self._now(), end_reason=reason)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def _grant(self, row: StreamGrantRow) -> Grant | None:
        try:
            url = self.box.open(row.url_sealed, url_place(row.grant_id))
        except SecretUnreadable:
            return None  # another deployment's key, or a row moved: not a grant here
        return Grant(
            grant_id=row.grant_id,
            owner=GrantOwner(
                user_id=row.user_id, session_id=row.session_id, display_id=row.display_id
            ),
            camera_id=row.camera_id,
            stream=StreamKind(row.stream),
            kind=row.kind,
            source_key=row.source_key,
            output_id=row.output_id,
            issued_at=row.issued_at,
            expires_at=row.expires_at,
            start=row.start,
            rate=row.rate,
            token="",  # only its digest is stored; the holder has it
            url=url,
            emergency=row.emergency,
            unmasked=row.unmasked,
        )
