# SPDX-License-Identifier: GPL-3.0-or-later
"""Tables of the camera catalogue: cameras, their using units, catalogue deadlines."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from hub.auth.secretbox import SecretBox
from hub.db import Base, UtcDateTime


class Camera(Base):
    """One camera with the fields the regulations ask of a catalogue (REQUIREMENTS §2).

    ``onvif_url``, ``rtsp_main_url``, ``rtsp_sub_url`` and the credentials are device
    access: they stay in the hub (the relay and the ONVIF calls use them) and are never
    returned by the API. Credentials are sealed with the hub's secret key.
    """

    __tablename__ = "cameras"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Device information (filled by ONVIF probing on onboarding)
    manufacturer: Mapped[str] = mapped_column(String(200), default="")
    model: Mapped[str] = mapped_column(String(200), default="")
    firmware: Mapped[str] = mapped_column(String(100), default="")
    serial_number: Mapped[str] = mapped_column(String(100), default="")
    hardware_id: Mapped[str] = mapped_column(String(100), default="")
    onvif_profiles: Mapped[str] = mapped_column(String(40), default="")  # "S,G,T,M"
    has_ptz: Mapped[bool] = mapped_column(Boolean, default=False)
    has_events: Mapped[bool] = mapped_column(Boolean, default=False)
    has_recording: Mapped[bool] = mapped_column(Boolean, default=False)
    onvif_url: Mapped[str] = mapped_column(String(500))
    rtsp_main_url: Mapped[str | None] = mapped_column(String(500))
    rtsp_sub_url: Mapped[str | None] = mapped_column(String(500))
    # ONVIF media profile tokens of the two streams and the PTZ node.
    main_profile_token: Mapped[str | None] = mapped_column(String(64))
    sub_profile_token: Mapped[str | None] = mapped_column(String(64))
    # Video codec of each stream as the probe read it ("H264", "H265"; "" not said).
    main_codec: Mapped[str] = mapped_column(String(16), default="", server_default="")
    sub_codec: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # The channel (ONVIF video source token) of an NVR or encoder; "" its first (or only).
    channel_token: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # The ONVIF recording of that channel on its device ("" until the archive found it).
    recording_token: Mapped[str] = mapped_column(String(64), default="", server_default="")
    credentials_sealed: Mapped[str | None] = mapped_column(Text)
    # Organisation (HCM 8, TN 3)
    managing_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    operating_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    update_method: Mapped[str] = mapped_column(String(20), default="automatic")
    update_frequency_days: Mapped[int] = mapped_column(Integer, default=1)
    tier: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(40))
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id"), index=True)
    domain: Mapped[str | None] = mapped_column(String(40))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    mounting_layer: Mapped[str] = mapped_column(String(20))
    public_sharing: Mapped[bool] = mapped_column(Boolean, default=False)
    # A dedicated (specialised) system: TN 6.2 reasons apply to IOC access.
    dedicated: Mapped[bool] = mapped_column(Boolean, default=False)
    # Health
    status: Mapped[str] = mapped_column(String(20), default="unknown")
    status_detail: Mapped[str | None] = mapped_column(String(200))
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    clock_offset_seconds: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    using_units: Mapped[list[CameraUsingUnit]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CameraUsingUnit.unit_id"
    )

    @property
    def credentials(self) -> tuple[str, str] | None:
        """(username, password) in clear, opened with the hub's key; ``None`` if unset."""
        if self.credentials_sealed is None:
            return None
        raw = _secret_box(self).open(self.credentials_sealed, credentials_place(self.id))
        data = json.loads(raw)
        return str(data["username"]), str(data["password"])

    @credentials.setter
    def credentials(self, value: tuple[str, str] | None) -> None:
        if value is None:
            self.credentials_sealed = None
            return
        if self.id is None:  # sealing binds the value to the row: it needs the id
            session = object_session(self)
            if session is not None:
                session.flush()
        plain = json.dumps({"username": value[0], "password": value[1]})
        self.credentials_sealed = _secret_box(self).seal(plain, credentials_place(self.id))


def credentials_place(camera_id: int) -> str:
    """The associated data binding sealed credentials to their camera."""
    return f"vwall:cameras.credentials:{camera_id}"


def _secret_box(camera: Camera) -> SecretBox:
    session = object_session(camera)
    box = session.info.get("secret_box") if session is not None else None
    if not isinstance(box, SecretBox):
        raise RuntimeError("device credentials are readable only in a hub session")
    return box


class CameraUsingUnit(Base):
    """A unit that uses a camera's images (đơn vị sử dụng)."""

    __tablename__ = "camera_using_units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)

    __table_args__ = (UniqueConstraint("camera_id", "unit_id"),)


class CatalogueDeadline(Base):
    """A catalogue update owed to the central catalogue after an install or a change
    (HCM 9.1: 10 working days, DB 7.5: 5 days, TN 8.1: 15 working days)."""

    __tablename__ = "catalogue_deadlines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "installation" | "change"
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    detail: Mapped[str | None] = mapped_column(Text)
