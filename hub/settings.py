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
    """Archive depth, snapshot and clip storage (see hub/archive/service.py for the rule)."""

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
    # Evidence clips (hub/archive/clips.py): None keeps them in <data_dir>/clips.
    clip_dir: Path | None = None
    # The longest clip one cut may ask for (422 clip.too_long beyond it).
    clip_max_seconds: float = 600.0
    # A cut that has not finished in clip_max_seconds × this + device_timeout is given up
    # (a device that ignores Rate-Control: no sends in real time: factor ≥ 1).
    clip_time_factor: float = 1.5
    # Cuts running at once (each a child and a device replay); one beyond waits for a
    # slot up to device_timeout, then is refused with 503 clip.busy.
    clip_max_concurrent: int = 2
    # Free space a cut leaves on the clip disk, besides the clip itself (507 below it).
    clip_reserve_bytes: int = 256 * 1024 * 1024


# --- incidents (hub/incidents): edge AI boxes, attachments, escalation, retention -------
@dataclass(frozen=True)
class IncidentSettings:
    """Limits of the event ingest and the incident queue (see hub/incidents)."""

    # Largest JPEG an edge AI box may send with an event (413 event.snapshot_too_large).
    ai_snapshot_max_bytes: int = 512 * 1024
    # Largest file attached to an incident (413 incident.attachment_too_large).
    attachment_max_bytes: int = 700 * 1024
    # Unacknowledged reported incidents (no rule) escalate after this long; None: never.
    report_escalate_minutes: int | None = 30
    # How often the incident service looks for escalations and purges old events.
    check_seconds: float = 30.0
    purge_every_hours: float = 24.0
    # Event files (AI snapshots, attachments): None keeps them in <data_dir>/event-files.
    file_dir: Path | None = None


# --- violation cases (hub/cases): deadline board, overdue checks -------------------------
@dataclass(frozen=True)
class CaseSettings:
    """The case domain's board and background checks (see hub/cases)."""

    # A pending deadline this close is "due soon" on the board.
    due_soon_hours: float = 48.0
    # How often the case service looks for overdue deadlines and late dossiers.
    check_seconds: float = 30.0


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
    # Failures count in a sliding window: older ones are forgotten (a typo behind a NAT
    # after a bad week no longer waits a minute).
    throttle_window_minutes: int = 15
    # Reverse proxies whose X-Forwarded-For is believed: addresses or networks,
    # comma-separated ("10.0.0.5, 192.168.10.0/24"); empty: none, the peer is the client.
    trusted_proxies: str = ""
    # Password steps run on their own threads (hub/auth/gate.py): this many at once,
    # this many more waiting; beyond that an attempt gets 429 at once (a flood of argon2id
    # checks never starves other requests of threads, CPU or the database).
    login_workers: int = 2
    login_queue: int = 32
    # Sessions
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    login_ticket_minutes: int = 5
    # How often open event streams check that their session still holds (any hub process
    # may end it): a stream ends at most this long after its session.
    event_session_check_seconds: float = 1.0
    # Events across hub processes (PostgreSQL, hub/events_pg.py): each process also reads
    # the event table this often whatever the notifications say (covers a lost LISTEN
    # connection); the backlog Last-Event-ID resumes from keeps events younger than
    # event_backlog_hours, at most the newest event_backlog_rows, purged this often.
    event_catchup_seconds: float = 2.0
    event_backlog_hours: float = 24.0
    event_backlog_rows: int = 10_000
    event_purge_seconds: float = 300.0
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
    # Incidents: AI-box snapshots, attachments, escalation of reports, checks.
    incidents: IncidentSettings = field(default_factory=IncidentSettings)
    # Violation cases: the deadline board's "due soon", overdue checks.
    cases: CaseSettings = field(default_factory=CaseSettings)
    # Camera catalogue / health (catalog): device probing and the periodic health check.
    onvif_timeout_seconds: float = 5.0  # one ONVIF call during onboarding or refresh
    health_enabled: bool = True
    health_interval_seconds: float = 30.0
    health_timeout_seconds: float = 3.0  # each ONVIF / RTSP probe of a health check
    health_concurrency: int = 8  # cameras checked at the same time
    clock_drift_threshold_seconds: float = 5.0  # a device clock further off is flagged
    # Camera events (incidents): one ONVIF pull-point subscription per camera.
    camera_events_enabled: bool = True
    camera_events_pull_seconds: float = 10.0  # PullMessages long-poll (its Timeout)
    camera_events_message_limit: int = 100  # MessageLimit of one PullMessages
    camera_events_termination_seconds: float = 600.0  # asked lifetime; renewed at half
    camera_events_timeout_seconds: float = 10.0  # one ONVIF call (beyond the long-poll)
    camera_events_concurrency: int = 8  # subscriptions being set up at the same time
    camera_events_retry_seconds: float = 2.0  # first retry; doubles up to 5 minutes
    camera_events_refresh_seconds: float = 60.0  # catalogue re-read (changes also wake it)
    # How long a stopping reader may finish its poll in flight (a poll cut off takes the
    # events the device queues meanwhile to nobody); 0 cuts it off. A poll returns as soon
    # as the device has an event, so a short grace catches those of the moment of the
    # stop without holding a hub's (or an embedded console's) exit for a whole poll.
    camera_events_stop_grace_seconds: float = 2.0
    # Media relay / stream grants (streams): the relay runs when media_relay is true.
    media_relay: bool = True
    relay_bind_host: str = "127.0.0.1"  # where the relay's HTTP(S) listener binds
    relay_public_host: str = ""  # host consoles connect to ("" = relay_bind_host)
    relay_port: int = 0  # the relay's one TCP port for every grant; 0 = any free port
    relay_tls_cert: str = ""  # PEM certificate for the relay's TLS ("" = the hub's)
    relay_tls_key: str = ""  # its private key ("" = in the certificate file)
    # The hub's own HTTPS (serve --tls-cert/--tls-key); the relay uses it unless told not to.
    tls_cert: str = ""
    tls_key: str = ""
    grant_seconds: int = 120  # a grant's lifetime; consoles renew before it ends
    grant_check_seconds: float = 1.0  # how often expiry and ended sessions are checked
    relay_keepalive_seconds: float = 30.0  # a live pull outlives its last grant this long
    # Relay pool across hosts (hub/relaypool, PostgreSQL only): with relay_pool a hub
    # starts no relay of its own and opens grants on `vwall-hub relay` hosts, each camera
    # stream's pull leased to one host in the database. The control secret hubs and relay
    # hosts share is read from a file (None: <data_dir>/relay-control-secret), never
    # from arguments. relay_pool_media_url: the base URL consoles reach this hub's media
    # redirects at ("" = the URL the console asked the grant through).
    relay_pool: bool = False
    relay_control_port: int = 0  # a relay host's control endpoint for hubs; 0 = any free
    relay_control_secret_file: Path | None = None
    relay_pool_media_url: str = ""
    relay_heartbeat_seconds: float = 0.5  # a relay host's heartbeat (and lease renewal)
    relay_dead_seconds: float = 1.5  # a relay host silent this long is dead
    relay_lease_seconds: float = 2.0  # a lease not renewed this long is free
    relay_check_seconds: float = 0.25  # how often a hub looks for dead hosts of its grants
    # A hub tells each relay host which of its outputs are still wanted this often; a
    # host closes outputs nobody kept for relay_orphan_seconds (their hub was killed).
    relay_keep_seconds: float = 5.0
    relay_orphan_seconds: float = 30.0
    # Evidence packages (hub/evidence): where built packages are kept (None:
    # <data_dir>/evidence-packages), the signing key (None: evidence-signing-key.pem beside
    # the audit key), the RFC 3161 time-stamping authority (TN 11.3; "" = none: the hub
    # signs its own time and the package says so) and the PEM chain of its certificates
    # put into each package so a receiver can check the token offline.
    evidence_dir: Path | None = None
    evidence_key_path: Path | None = None
    evidence_tsa_url: str = ""
    evidence_tsa_chain: Path | None = None
    evidence_tsa_timeout_seconds: float = 10.0
    evidence_resume_seconds: float = 30.0  # how often cut-off package builds are looked for
    # Publishing (hub/publishing): how often cut-off renders of published copies are looked for.
    publishing_resume_seconds: float = 30.0

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
        if f.name in ("argon2", "archive", "cases"):
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
