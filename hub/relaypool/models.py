# SPDX-License-Identifier: GPL-3.0-or-later
"""Relay pool tables: the relay hosts with their heartbeats, and who pulls each stream.

Times are seconds since the epoch on the database's clock (``clock_timestamp()``), never
a host's: relay hosts and hubs on several machines compare them.
"""

from __future__ import annotations

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base


class RelayHostRow(Base):
    """One running ``vwall-hub relay`` process: where consoles fetch media from it, where
    hubs control it, its last heartbeat and its load (camera pulls it runs)."""

    __tablename__ = "relay_hosts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_url: Mapped[str] = mapped_column(String(255))
    control_url: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[float] = mapped_column(Float)
    heartbeat_at: Mapped[float] = mapped_column(Float, index=True)
    load: Mapped[int] = mapped_column(Integer, default=0)


class RelayLeaseRow(Base):
    """The relay host that pulls a camera stream (``source_key``), until ``expires_at``
    unless that host's heartbeat renews it."""

    __tablename__ = "relay_leases"

    source_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    host_id: Mapped[str] = mapped_column(String(64), index=True)
    expires_at: Mapped[float] = mapped_column(Float)
