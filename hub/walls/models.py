# SPDX-License-Identifier: GPL-3.0-or-later
"""Tables of saved walls, each user's last wall, and enrolled wall displays.

A wall's layout and cameras are stored as JSON text: the hub validates them on the way
in (``layouts.model.Layout`` geometry, existing cameras) and never queries inside them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base, UtcDateTime


class Wall(Base):
    """A named wall of one owner, optionally shared with one unit (read-only for others)."""

    __tablename__ = "walls"
    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_walls_owner_id_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    shared_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    layout_json: Mapped[str] = mapped_column(Text)
    cameras_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LastWall(Base):
    """What a user's wall showed when they last changed it (restored at the next login).

    The content is kept whole (not only ``wall_id``): an unsaved wall is restored too,
    and a saved wall deleted meanwhile still comes back as it was shown.
    """

    __tablename__ = "last_walls"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    wall_id: Mapped[int | None] = mapped_column(ForeignKey("walls.id", ondelete="SET NULL"))
    layout_json: Mapped[str] = mapped_column(Text)
    cameras_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Display(Base):
    """A wall display PC enrolled with a token (only its SHA-256 is kept), bound to walls.

    ``current_*`` is what an operator last pushed to it (``display.wall``); until then it
    shows its first bound wall.
    """

    __tablename__ = "displays"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    current_wall_id: Mapped[int | None] = mapped_column(ForeignKey("walls.id", ondelete="SET NULL"))
    current_name: Mapped[str | None] = mapped_column(String(100))
    current_layout_json: Mapped[str | None] = mapped_column(Text)
    current_cameras_json: Mapped[str | None] = mapped_column(Text)


class DisplayWall(Base):
    """A wall a display is bound to (it may show it and play its cameras)."""

    __tablename__ = "display_walls"

    display_id: Mapped[int] = mapped_column(
        ForeignKey("displays.id", ondelete="CASCADE"), primary_key=True
    )
    wall_id: Mapped[int] = mapped_column(
        ForeignKey("walls.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
