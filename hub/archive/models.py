# SPDX-License-Identifier: GPL-3.0-or-later
"""Tables of the archive domain: evidence snapshots.

A snapshot is evidence: the JPEG lives in a file under the hub's data directory and the
row keeps its SHA-256, size, camera, the time of the frame and who took it, so a later
case can prove the picture was not changed. Row and file exist together or not at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base, UtcDateTime


class EvidenceSnapshot(Base):
    """One JPEG frame of a camera (live or archive) kept as evidence."""

    __tablename__ = "evidence_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id"), index=True)
    source: Mapped[str] = mapped_column(String(10))  # "live" | "archive"
    # File name relative to the snapshot directory (never a path the client chose).
    file_name: Mapped[str] = mapped_column(String(200), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    captured_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)  # frame time
    taken_by: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
