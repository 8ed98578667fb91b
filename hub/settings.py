# SPDX-License-Identifier: GPL-3.0-or-later
"""Hub settings from the environment (``VWALL_HUB_*``) and the command line."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


def _default_data_dir() -> Path:
    return Path(os.environ.get("VWALL_HUB_DATA_DIR", Path.home() / ".local/share/vwall-hub"))


@dataclass(frozen=True)
class Argon2Params:
    """argon2id cost parameters; production defaults follow the argon2-cffi profile."""

    time_cost: int = 3
    memory_cost: int = 65536
    parallelism: int = 4


# --- archive (archive helper): archive depth per role, evidence snapshots ---------------
def _default_archive_depth() -> dict[str, int | None]:
    # Days back a role may replay (None: no limit). A ward/commune operator sees a week,
    # a supervisor a month (TN 12.1: edge recordings are kept 30-45 days anyway).
    return {"operator": 7, "export_requester": 7, "supervisor": 30}


@dataclass(frozen=True)
class ArchiveSettings:
    """Archive depth and snapshot storage (see hub/archive/service.py for the rule)."""

    # Per role (Role values); a role holding image.archive but not listed gets the default.
    depth_days: dict[str, int | None] = field(default_factory=_default_archive_depth)
    default_depth_days: int | None = 7
    # Users of these unit kinds see the whole archive (the provincial IOC).
    unlimited_unit_kinds: tuple[str, ...] = ("province_ioc",)
    # Evidence snapshots: None keeps them in <data_dir>/snapshots.
    snapshot_dir: Path | None = None
    # Seconds for one ONVIF recording search or one ffmpeg frame grab.
    device_timeout: float = 15.0
    # Event markers returned by one recording search at most, newest first (a timeline a
    # thousand pixels wide shows no more; parsing thousands costs the hub seconds).
    max_markers: int = 500


@dataclass(frozen=True)
class Settings:
    """Everything the hub reads at start-up; immutable for the life of the process."""

    db_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8470
    data_dir: Path = field(default_factory=_default_data_dir)
    audit_key_path: Path | None = None
    totp_key_path: Path | None = None
    # Regulation profile of the deployment (HCM, DB, DH, YB, TN); see hub/profiles.
    profile: str = "TN"
    max_body_bytes: int = 1_048_576
    argon2: Argon2Params = field(default_factory=Argon2Params)
    # Passwords (NIST SP 800-63B). Admin rotation (HCM 12.2, DB 17.4, TN 10.1): None takes
    # the profile's period; a number overrides the profile.
    password_min_length: int = 12
    admin_password_max_age_days: int | None = None
    # Throttling: slow-down after some failures, lockout after many (NIST SP 800-63B 5.2.2)
    lockout_threshold: int = 100
    slowdown_free_failures: int = 5
    slowdown_base_seconds: float = 1.0
    slowdown_max_seconds: float = 60.0
    source_failure_threshold: int = 200
    # Sessions
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    login_ticket_minutes: int = 5
    # Account review (HCM 19.4, DB 13.2, TN 18.1): None takes the profile's period.
    review_interval_days: int | None = None
    unused_after_days: int = 90
    # Audit checkpoints (TN 11.3)
    checkpoint_every_records: int = 1000
    checkpoint_every_minutes: int = 10
    totp_issuer: str = "vwall"
    # PTZ (hub/ptz): the control lock, the move watchdog, rate limit and role priorities.
    ptz_lock_idle_seconds: float = 10.0  # the lock lapses after this long without a command
    ptz_move_timeout_seconds: float = 2.0  # a move without heartbeat is stopped after this
    ptz_device_move_seconds: float = 5.0  # Timeout sent with ContinuousMove (hub gone too)
    ptz_device_timeout_seconds: float = 5.0  # longest wait for one ONVIF PTZ call
    ptz_rate_per_second: int = 20  # commands per user and camera
    # "role=priority,…": a higher priority takes over a lower one's lock or reservation.
    ptz_role_priorities: str = "ioc_leader=40,supervisor=30,ptz_operator=20"
    # Archive (archive helper): depth per role, snapshot directory
    archive: ArchiveSettings = field(default_factory=ArchiveSettings)
    # Camera catalogue / health (catalog): device probing and the periodic health check.
    onvif_timeout_seconds: float = 5.0  # one ONVIF call during onboarding or refresh
    health_enabled: bool = True
    health_interval_seconds: float = 30.0
    health_timeout_seconds: float = 3.0  # each ONVIF / RTSP probe of a health check
    health_concurrency: int = 8  # cameras checked at the same time
    clock_drift_threshold_seconds: float = 5.0  # a device clock further off is flagged
    # Media relay / stream grants (streams): the relay runs when media_relay is true.
    media_relay: bool = True
    relay_bind_host: str = "127.0.0.1"  # where SRT listeners bind
    relay_public_host: str = ""  # host consoles connect to ("" = relay_bind_host)
    relay_port_min: int = 0  # inclusive UDP port range for listeners; 0 = any free port
    relay_port_max: int = 0
    relay_latency_ms: int = 120  # SRT latency named in grant URLs
    grant_seconds: int = 120  # a grant's lifetime; consoles renew before it ends
    grant_check_seconds: float = 1.0  # how often expiry and ended sessions are checked
    relay_keepalive_seconds: float = 30.0  # a live pull outlives its last grant this long

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL; SQLite in the data directory when none was given."""
        if self.db_url:
            return normalise_db_url(self.db_url)
        return f"sqlite:///{self.data_dir / 'hub.sqlite3'}"

    @property
    def key_path(self) -> Path:
        """Where the audit signing key (Ed25519, PEM) lives; never in the database."""
        return self.audit_key_path or self.data_dir / "audit-signing-key.pem"

    @property
    def totp_key_file(self) -> Path:
        """Where the AES-256-GCM key sealing TOTP secrets lives; never in the database."""
        return self.totp_key_path or self.data_dir / "totp-secret-key"

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given (non-``None``) fields replaced."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def normalise_db_url(url: str) -> str:
    """Accept a bare path or ``postgresql://`` and return a SQLAlchemy URL."""
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _coerce(value: str, current: Any, annotation: str = "") -> Any:
    if annotation.startswith("int"):
        return int(value)
    if isinstance(current, bool):
        return value.lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(value)
    if isinstance(current, float):
        return float(value)
    if isinstance(current, Path) or current is None:
        return Path(value)
    return value


def settings_from_env(environ: dict[str, str] | None = None) -> Settings:
    """Read ``VWALL_HUB_<FIELD>`` variables (and ``VWALL_HUB_ARGON2_<FIELD>``)."""
    env = os.environ if environ is None else environ
    base = Settings()
    changes: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name in ("argon2", "archive"):
            continue
        raw = env.get(f"VWALL_HUB_{f.name.upper()}")
        if raw is None:
            continue
        if f.name in ("db_url", "profile"):
            changes[f.name] = raw
        else:
            changes[f.name] = _coerce(raw, getattr(base, f.name), str(f.type))
    argon = {
        f.name: int(env[f"VWALL_HUB_ARGON2_{f.name.upper()}"])
        for f in fields(Argon2Params)
        if f"VWALL_HUB_ARGON2_{f.name.upper()}" in env
    }
    if argon:
        changes["argon2"] = Argon2Params(**argon)
    return replace(base, **changes)
