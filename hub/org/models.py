# SPDX-License-Identifier: GPL-3.0-or-later
"""Tables of territories, organisation units, users and role grants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from hub.auth.secretbox import SecretBox
from hub.db import Base, UtcDateTime


class Territory(Base):
    """Province → district → commune/ward (địa bàn)."""

    __tablename__ = "territories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))


class OrgUnit(Base):
    """A unit (IOC, department, centre, district, commune, police…), TN 22.1 contacts."""

    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id"), index=True)
    domain: Mapped[str | None] = mapped_column(String(40))
    leader: Mapped[str] = mapped_column(String(200))
    it_focal_point: Mapped[str] = mapped_column(String(200))


class User(Base):
    """An account issued to one person for one function."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    password_changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    password_change_required: Mapped[bool] = mapped_column(Boolean, default=False)
    # AES-256-GCM under a key file outside the database; read and set ``totp_secret``.
    totp_secret_sealed: Mapped[str | None] = mapped_column(String(200))
    totp_enrolled: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    roles: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="UserRole.role"
    )

    @property
    def totp_secret(self) -> str | None:
        """The TOTP secret in clear, opened with the hub's key (never stored in clear).

        Raises:
            SecretUnreadable: the key file is not the one the secret was sealed with.
        """
        if self.totp_secret_sealed is None:
            return None
        return _secret_box(self).open_totp(self.id, self.totp_secret_sealed)

    @totp_secret.setter
    def totp_secret(self, secret: str | None) -> None:
        if secret is None:
            self.totp_secret_sealed = None
            return
        if self.id is None:  # sealing binds the secret to the row: it needs the id
            session = object_session(self)
            if session is not None:
                session.flush()
        self.totp_secret_sealed = _secret_box(self).seal_totp(self.id, secret)


def _secret_box(user: User) -> SecretBox:
    """The key of the hub session holding ``user`` (``hub.context.open_hub`` puts it there)."""
    session = object_session(user)
    box = session.info.get("secret_box") if session is not None else None
    if not isinstance(box, SecretBox):
        raise RuntimeError("TOTP secrets are readable only in a hub session (Hub.sessions)")
    return box


class UserRole(Base):
    """One role held by one user."""

    __tablename__ = "user_roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(40))

    __table_args__ = (UniqueConstraint("user_id", "role"),)


class RoleChange(Base):
    """A role change waiting for a second administrator (four-eyes, TN 11.1).

    Asked for when a change would give one person roles from two privilege families and
    the regulation profile allows that at all. ``roles_before``/``roles_after`` are the
    role values joined by commas; the change applies only while the account still holds
    ``roles_before``. ``status``: pending, confirmed, rejected or superseded.
    """

    __tablename__ = "role_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    roles_before: Mapped[str] = mapped_column(String(500))
    roles_after: Mapped[str] = mapped_column(String(500))
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(12), index=True)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
