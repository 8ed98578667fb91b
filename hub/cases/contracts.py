# SPDX-License-Identifier: GPL-3.0-or-later
"""Shapes of violation cases, their media, the hand-off to the police with its legal
deadlines, extraction approvals, the register of storage devices, exports and the two
logs (extraction, personal data), shared by the hub and the console (pydantic only).

Routes (JSON, bearer session token; the hub's README, "Violation cases", tells the rules):

- Cases: ``GET /api/cases`` (filters ``status``, ``side`` = ``ioc``/``police``,
  ``inbox``, ``open``, ``limit``, ``before_id``) → ``list[CaseOut]``, newest first;
  ``POST /api/cases`` (:class:`CaseCreate`, ``case.work``) → 201 ``CaseOut``;
  ``GET /api/cases/{id}`` → :class:`CaseDetail`; ``PATCH /api/cases/{id}``
  (:class:`CaseUpdate`, draft only) → ``CaseOut``.
- Hand-off steps, each ``POST /api/cases/{id}/<step>`` → the new ``CaseOut``: IOC side
  ``send`` (:class:`SendIn`), ``cancel`` (:class:`ReasonIn`), ``close``
  (:class:`VersionIn`); police side ``accept`` (:class:`AcceptIn`), ``mark-complex``
  (:class:`ReasonIn`), ``identify`` (:class:`IdentifyIn`), ``record``
  (:class:`RecordIn`), ``transfer`` (:class:`TransferIn`), ``extend``
  (:class:`ExtendIn`), ``decide`` (:class:`DecideIn`), ``conclude``
  (:class:`ConcludeIn`); both sides ``comments`` (:class:`CaseCommentIn`).
- Media: ``POST /api/cases/{id}/media/clips`` (:class:`ClipIn`) and
  ``/media/snapshots`` (:class:`SnapshotIn`) → 201 :class:`CaseMediaOut`.
- Deadline board: ``GET /api/cases/board`` (``side``, ``state`` = ``due_soon``/
  ``overdue``/``pending``, ``limit``) → ``list[BoardItem]``, soonest first.
- Extraction: ``POST /api/cases/{id}/extraction-requests``
  (:class:`ExtractionRequestCreate`) and ``/fast-extractions``
  (:class:`FastExtractionIn`, TN 9.2) → 201 :class:`ExtractionRequestOut`;
  ``GET /api/extraction-requests`` (``pending_for_me``) →
  ``list[ExtractionRequestOut]``; ``POST /api/extraction-requests/{id}/decide``
  (:class:`ApprovalDecisionIn`), ``/dossier`` (:class:`DossierIn`), ``/withdraw``
  (:class:`ReasonIn` without version) → ``ExtractionRequestOut``;
  ``POST /api/fast-extraction-authorisations`` (:class:`AuthorisationCreate`) → 201
  :class:`AuthorisationOut`; ``GET /api/fast-extraction-authorisations``.
- Storage devices: ``POST /api/storage-devices`` (:class:`StorageDeviceCreate`,
  ``storage_device.manage``) → 201 :class:`StorageDeviceOut`; ``GET``;
  ``POST /api/storage-devices/{id}/revoke``.
- Media bytes: ``GET /api/cases/{id}/media/{media_id}`` (``export_id`` when the copy is
  part of an export) → the stored file (``video/mp4`` or ``image/jpeg``, ranges for
  clips, ``X-Content-SHA256`` and ``ETag`` = its SHA-256); each fetch is audited.
- Export: ``POST /api/cases/{id}/exports`` (:class:`ExportIn`) → 201 :class:`ExportOut`;
  the workstation copies the files and reports ``POST
  /api/cases/{id}/exports/{export_id}/copy`` (:class:`ExportCopyIn`) → 204.
- Logs (``audit.read``): ``GET /api/extraction-log``,
  ``GET /api/personal-data-log`` (``case_id``, ``limit``, ``before_id``).

Errors: stale version 409 ``case.stale``; a step the status does not allow 409
``case.bad_transition``; wrong role or wrong unit 403 ``forbidden`` (audited, detail
``reason``); out of scope 404 ``case.not_found``; see the README for the others.

Push topics (SSE): ``case.opened``, ``case.updated`` (data = ``CaseOut`` with
``allowed_actions`` empty), ``extraction.opened``, ``extraction.updated`` (data =
``ExtractionRequestOut``, ``allowed_actions`` empty).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from hub.contracts import RowId, UtcDateTimeIn
from hub.profiles.model import ExtractionApproval


def _no_control(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValueError("control characters are not allowed")
    return value


def _single_line(value: str) -> str:
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError("control characters are not allowed")
    return value


LongText = Annotated[str, Field(max_length=4000), AfterValidator(_no_control)]
NonEmptyLongText = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_no_control)]
Line = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_single_line)]
ShortLine = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_single_line)]
Plate = Annotated[str, Field(min_length=1, max_length=20), AfterValidator(_single_line)]
Version = Annotated[int, Field(ge=1, le=2_147_483_647)]
DeviceIdentifier = Annotated[
    str, Field(min_length=4, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")
]

MAX_CAMERAS = 16
MAX_RANGE_SECONDS = 24 * 3600


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- enums ------------------------------------------------------------------------------


class ViolationType(StrEnum):
    """What was violated (REQUIREMENTS §6)."""

    RED_LIGHT = "red_light"
    WRONG_LANE = "wrong_lane"
    ILLEGAL_STOPPING_PARKING = "illegal_stopping_parking"
    SPEEDING = "speeding"
    LITTERING_DUMPING = "littering_dumping"
    URBAN_ORDER = "urban_order"
    OTHER = "other"


class CaseOrigin(StrEnum):
    """Where the operator opened the case from."""

    INCIDENT = "incident"
    TILE = "tile"
    TIMELINE = "timeline"


class CaseStatus(StrEnum):
    """Hand-off states (DH 11.3, 13).

    draft → sent → verifying → identified → recorded → decided → concluded → closed;
    a draft may be cancelled; verifying or identified may conclude without a decision
    (no violation, violator not found).
    """

    DRAFT = "draft"  # the IOC gathers media
    SENT = "sent"  # DH 11.3a: handed to the police unit, in its inbox
    VERIFYING = "verifying"  # accepted; DH 11.3b: verify
    IDENTIFIED = "identified"  # violator identified; DH 13.1: record due
    RECORDED = "recorded"  # violation record made; DH 13.2: decision due
    DECIDED = "decided"  # penalty decision made; DH 11.3b: tell the IOC
    CONCLUDED = "concluded"  # the police told the IOC the conclusion
    CLOSED = "closed"  # the IOC closed it; the legal hold is released
    CANCELLED = "cancelled"  # the IOC dropped a draft; the hold is released


OPEN_STATUSES = frozenset(
    {
        CaseStatus.DRAFT,
        CaseStatus.SENT,
        CaseStatus.VERIFYING,
        CaseStatus.IDENTIFIED,
        CaseStatus.RECORDED,
        CaseStatus.DECIDED,
        CaseStatus.CONCLUDED,
    }
)


class CaseSide(StrEnum):
    """Which side of the hand-off a unit (or a deadline) is on."""

    IOC = "ioc"
    POLICE = "police"


class CaseAction(StrEnum):
    """What a caller may do to a case now (``CaseOut.allowed_actions``)."""

    EDIT = "edit"
    ADD_MEDIA = "add_media"
    SEND = "send"
    CANCEL = "cancel"
    CLOSE = "close"
    ACCEPT = "accept"
    MARK_COMPLEX = "mark_complex"
    IDENTIFY = "identify"
    RECORD = "record"
    TRANSFER = "transfer"
    EXTEND = "extend"
    DECIDE = "decide"
    CONCLUDE = "conclude"
    COMMENT = "comment"
    REQUEST_EXTRACTION = "request_extraction"
    FAST_EXTRACTION = "fast_extraction"
    EXPORT = "export"


class DeadlineKind(StrEnum):
    """The legal deadlines of a hand-off (each with its article, see ``basis``)."""

    TRANSFER = "transfer"  # DH 11.3a: IOC → police, 5 working days from detection
    VERIFY = "verify"  # DH 11.3b: 1 month from receipt (2 months when complex)
    RECORD = "record"  # DH 13.1: 3 working days from identifying the violator
    RECORD_TRANSFER = "record_transfer"  # DH 13.1: 24 hours, outside one's authority
    DECISION = "decision"  # DH 13.2: 7 / 10 working days, 1 / 2 months from the record
    NOTIFY_BACK = "notify_back"  # DH 11.3b: tell the IOC within 5 working days


class DeadlineState(StrEnum):
    """Where a deadline stands at the moment of the answer."""

    PENDING = "pending"
    DUE_SOON = "due_soon"  # within ``cases.due_soon_hours``
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"
    VOID = "void"  # no longer applies (e.g. concluded without a record)


class DecisionExtension(StrEnum):
    """Why a penalty decision takes longer (DH 13.2)."""

    EXPLANATION = "explanation"  # the violator asks to explain: 1 month
    FACT_CHECK = "fact_check"  # facts need checking: 1 month
    ESPECIALLY_COMPLEX = "especially_complex"  # 2 months


class CaseOutcome(StrEnum):
    """How the police concluded a case."""

    PENALISED = "penalised"
    NO_VIOLATION = "no_violation"
    VIOLATOR_NOT_IDENTIFIED = "violator_not_identified"
    OTHER = "other"


class MediaKind(StrEnum):
    """A piece of case media."""

    CLIP = "clip"  # cut by the hub from the archive, stream copy
    SNAPSHOT = "snapshot"  # one JPEG frame


class ExtractionKind(StrEnum):
    """How footage is asked for."""

    STANDARD = "standard"  # the profile's approval chain (YB 12.2a/b, DH 12.2c)
    WRITTEN_REQUEST = "written_request"  # another agency in writing (DH 12.2d, YB 12.2d)
    FAST = "fast"  # TN 9.2: emergency, commune chairman or authorised person


class ExtractionStatus(StrEnum):
    """Where an extraction request stands."""

    PENDING_ENDORSEMENT = "pending_endorsement"  # the requester's unit leader (YB 12.2b)
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"  # includes "no prior approval needed" (HCM, DB)
    FAST = "fast"  # TN 9.2: in effect without prior approval, dossier due
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class ApprovalStage(StrEnum):
    """A step of an approval chain."""

    ENDORSEMENT = "endorsement"  # the requester's own unit leader forwards it
    APPROVAL = "approval"  # the approving leadership decides


class Verdict(StrEnum):
    """An approver's answer."""

    APPROVE = "approve"
    REJECT = "reject"


class ExtractionAction(StrEnum):
    """What a caller may do to an extraction request now."""

    ENDORSE = "endorse"
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    COMPLETE_DOSSIER = "complete_dossier"


class FastOffence(StrEnum):
    """The situations of TN 9.2a in which fast extraction is allowed."""

    URBAN_ORDER = "urban_order"  # vi phạm trật tự đô thị
    ILLEGAL_DUMPING = "illegal_dumping"  # đổ rác thải trái phép
    SECURITY_ORDER = "security_order"  # an ninh trật tự
    ADMINISTRATIVE_VIOLATION = "administrative_violation"  # vi phạm hành chính đang diễn ra


class LogAction(StrEnum):
    """What an extraction-log or personal-data-log entry records."""

    CAPTURE = "capture"  # media cut or taken into a case
    EXPORT = "export"  # raw media copied to a registered device
    FAST_EXTRACTION = "fast_extraction"  # TN 9.2
    IDENTIFY = "identify"  # a violator identified (personal data)
    HAND_OFF = "hand_off"  # the case sent or transferred to a police unit
    VIEW = "view"  # a medium's stored bytes fetched by a workstation (not for an export)


class DataType(StrEnum):
    """Kinds of personal data a case processes (TN 21.5b)."""

    VIDEO = "video"
    IMAGE = "image"
    PLATE = "plate"
    IDENTITY = "identity"


# --- cases ------------------------------------------------------------------------------


class CameraRange(_In):
    """One camera and the time range of the violation on it."""

    camera_id: RowId
    start: UtcDateTimeIn
    end: UtcDateTimeIn

    @model_validator(mode="after")
    def _ordered(self) -> CameraRange:
        if not self.start < self.end:
            raise ValueError("a range must end after it starts")
        if (self.end - self.start).total_seconds() > MAX_RANGE_SECONDS:
            raise ValueError("a range is at most 24 hours")
        return self


class CameraRangeOut(BaseModel):
    """A camera range of a case, with the camera's name."""

    camera_id: int
    camera_name: str
    start: datetime
    end: datetime


class CaseCreate(_In):
    """Open a case (``case.work``): from an incident, a tile or a timeline selection.

    The operator and unit are the caller's; ``detected_at`` (default: the incident's
    first event, else now) starts the 5 working days of DH 11.3a.
    """

    origin: CaseOrigin
    violation_type: ViolationType
    incident_id: RowId | None = None
    cameras: list[CameraRange] = Field(min_length=1, max_length=MAX_CAMERAS)
    place: Line
    plate: Plate | None = None
    vehicle_type: ShortLine | None = None
    description: LongText = ""
    detected_at: UtcDateTimeIn | None = None

    @model_validator(mode="after")
    def _incident(self) -> CaseCreate:
        if (self.origin is CaseOrigin.INCIDENT) != (self.incident_id is not None):
            raise ValueError("incident_id is given exactly when the origin is an incident")
        return self


class CaseUpdate(_In):
    """Change a draft (omitted fields stay; ``cameras`` replaces the list)."""

    version: Version
    violation_type: ViolationType | None = None
    cameras: list[CameraRange] | None = Field(default=None, min_length=1, max_length=MAX_CAMERAS)
    place: Line | None = None
    plate: Plate | None = None
    vehicle_type: ShortLine | None = None
    description: LongText | None = None


class CaseDeadlineOut(BaseModel):
    """One legal deadline of a case."""

    kind: DeadlineKind
    side: CaseSide  # who must act
    article: str  # e.g. "DH 13.1"
    basis: str  # the article and amount, e.g. "DH 13.1: 3 ngày làm việc"
    started_at: datetime
    due_at: datetime
    met_at: datetime | None
    state: DeadlineState
    due_soon: bool
    overdue: bool
    incident_id: int | None  # the incident raised when it ran out


class CaseOut(BaseModel):
    """A case as lists, the inbox and pushes show it."""

    id: int
    number: str  # e.g. "VP-2026-000042"
    status: CaseStatus
    origin: CaseOrigin
    violation_type: ViolationType
    incident_id: int | None
    place: str
    plate: str | None
    vehicle_type: str | None
    description: str
    detected_at: datetime
    cameras: list[CameraRangeOut] = Field(default_factory=list)
    unit_id: int  # the operating unit (IOC side)
    unit_name: str
    opened_by: str | None
    opened_at: datetime
    police_unit_id: int | None  # the police unit it sits with
    police_unit_name: str | None
    sent_at: datetime | None  # also the police's receipt (DH 11.3b)
    accepted_at: datetime | None
    accepted_by: str | None
    complex: bool
    identified_at: datetime | None
    recorded_at: datetime | None
    record_number: str | None
    outside_authority: bool
    transferred_from_unit_id: int | None
    transferred_at: datetime | None
    decision_extension: DecisionExtension | None
    decided_at: datetime | None
    decision_number: str | None
    outcome: CaseOutcome | None
    conclusion: str | None
    concluded_at: datetime | None
    closed_at: datetime | None
    held: bool  # media and events under legal hold (TN 12.2)
    media_count: int
    deadlines: list[CaseDeadlineOut] = Field(default_factory=list)
    next_due_at: datetime | None
    due_soon: bool
    overdue: bool
    version: int
    allowed_actions: list[CaseAction] = Field(default_factory=list)


class CaseMediaOut(BaseModel):
    """A clip or snapshot of a case, stored by its SHA-256."""

    id: int
    kind: MediaKind
    camera_id: int
    camera_name: str | None
    start: datetime
    end: datetime  # = start for a snapshot
    duration_seconds: float  # 0 for a snapshot
    sha256: str
    size: int
    added_by: str | None
    added_at: datetime
    # A clip is stored as the camera sent it: a player paints the camera's privacy masks
    # (normalized polygons) into it; a snapshot is stored with them painted in (HCM 6.3).
    masks: list[list[tuple[float, float]]] = []


class CaseStepOut(BaseModel):
    """One recorded step of a case (who did what, when)."""

    at: datetime
    actor_name: str | None
    unit_name: str | None
    action: str
    from_status: CaseStatus | None
    to_status: CaseStatus | None
    text: str | None


class ApprovalDecisionOut(BaseModel):
    """An endorsement or decision on an extraction request."""

    stage: ApprovalStage
    verdict: Verdict
    by_id: int
    by_name: str
    by_unit_name: str
    at: datetime
    note: str


class ExtractionRequestOut(BaseModel):
    """A request to extract a case's footage, and where its approval stands."""

    id: int
    case_id: int
    case_number: str
    kind: ExtractionKind
    rule: ExtractionApproval  # the profile's approval rule it was made under
    status: ExtractionStatus
    purpose: str
    content: str
    commitment: str | None
    requester_id: int
    requester_name: str
    requester_unit_id: int
    requester_unit_name: str
    requester_agency: str | None  # another agency (written request)
    document_number: str | None
    document_date: date | None
    offence: FastOffence | None  # fast extraction
    reason: str | None  # fast extraction (TN 9.2b)
    authorisation_id: int | None  # the written authorisation it was made under
    dossier_due_at: datetime | None  # TN 9.2b: 24 working hours
    dossier_completed_at: datetime | None
    dossier_reference: str | None
    dossier_late: bool
    created_at: datetime
    decisions: list[ApprovalDecisionOut] = Field(default_factory=list)
    allowed_actions: list[ExtractionAction] = Field(default_factory=list)


class ExportOut(BaseModel):
    """Raw media copied to a registered state-owned storage device."""

    id: int
    case_id: int
    request_id: int
    device_id: int
    device_identifier: str
    performed_by: str
    performed_at: datetime
    purpose: str
    recipient_agency: str | None
    consent_document_number: str | None
    consent_document_date: date | None
    items: list[CaseMediaOut] = Field(default_factory=list)


class CaseDetail(CaseOut):
    """A case with its media, history, extraction requests and exports."""

    media: list[CaseMediaOut] = Field(default_factory=list)
    steps: list[CaseStepOut] = Field(default_factory=list)
    extraction_requests: list[ExtractionRequestOut] = Field(default_factory=list)
    exports: list[ExportOut] = Field(default_factory=list)


class BoardItem(BaseModel):
    """One open deadline on the board (due soon or overdue, both sides)."""

    case_id: int
    case_number: str
    status: CaseStatus
    violation_type: ViolationType
    side: CaseSide
    unit_id: int  # the unit that must act
    unit_name: str
    kind: DeadlineKind
    article: str
    basis: str
    due_at: datetime
    state: DeadlineState
    incident_id: int | None


# --- hand-off steps -----------------------------------------------------------------------


class VersionIn(_In):
    """A step that needs only the version the caller saw."""

    version: Version


class ReasonIn(_In):
    """A step with a reason (cancel a draft, mark complex)."""

    version: Version
    reason: NonEmptyLongText


class SendIn(_In):
    """The IOC hands the case to a competent police unit (DH 11.3a)."""

    version: Version
    police_unit_id: RowId
    note: LongText = ""


class AcceptIn(_In):
    """The police unit accepts the case; ``complex``: 2 months to verify (DH 11.3b)."""

    version: Version
    complex: bool = False


class IdentifyIn(_In):
    """The violator is identified (the record is due in 3 working days, DH 13.1)."""

    version: Version
    violator: Line  # a name or reference, kept as personal data of the case
    note: LongText = ""


class RecordIn(_In):
    """The violation record is made; ``outside_authority``: it must go to the competent
    unit within 24 hours (DH 13.1)."""

    version: Version
    record_number: ShortLine
    outside_authority: bool = False
    note: LongText = ""


class TransferIn(_In):
    """Hand the case to the competent police unit."""

    version: Version
    police_unit_id: RowId
    reason: NonEmptyLongText


class ExtendIn(_In):
    """The decision takes longer (DH 13.2): an explanation asked, facts to check, or
    especially complex."""

    version: Version
    extension: DecisionExtension
    reason: NonEmptyLongText


class DecideIn(_In):
    """The penalty decision is made."""

    version: Version
    decision_number: ShortLine
    note: LongText = ""


class ConcludeIn(_In):
    """The police tell the IOC the conclusion (DH 11.3b)."""

    version: Version
    outcome: CaseOutcome
    conclusion: NonEmptyLongText


class CaseCommentIn(_In):
    """A comment on a case (either side)."""

    text: NonEmptyLongText


# --- media ----------------------------------------------------------------------------------


class ClipIn(_In):
    """Cut a clip of a case camera from the archive (stream copy, no re-encoding)."""

    camera_id: RowId
    start: UtcDateTimeIn
    end: UtcDateTimeIn

    @model_validator(mode="after")
    def _ordered(self) -> ClipIn:
        if not self.start < self.end:
            raise ValueError("a clip must end after it starts")
        if (self.end - self.start).total_seconds() > 3600:
            raise ValueError("a clip is at most one hour")
        return self


class SnapshotIn(_In):
    """Add a snapshot: an evidence snapshot already taken (``snapshot_id``), or a new
    one the hub takes from the archive at ``at`` on ``camera_id``."""

    snapshot_id: RowId | None = None
    camera_id: RowId | None = None
    at: UtcDateTimeIn | None = None

    @model_validator(mode="after")
    def _one(self) -> SnapshotIn:
        if (self.snapshot_id is None) == (self.camera_id is None or self.at is None):
            raise ValueError("give snapshot_id, or camera_id and at")
        return self


# --- extraction ------------------------------------------------------------------------------


class ExtractionRequestCreate(_In):
    """Ask to extract a case's footage; a written request of another agency states its
    content, purpose and commitment with the document (DH 12.2d, YB 12.2d)."""

    kind: ExtractionKind = ExtractionKind.STANDARD
    purpose: NonEmptyLongText
    content: NonEmptyLongText
    commitment: LongText | None = None
    requester_agency: Line | None = None
    document_number: ShortLine | None = None
    document_date: date | None = None

    @model_validator(mode="after")
    def _written(self) -> ExtractionRequestCreate:
        if self.kind is ExtractionKind.FAST:
            raise ValueError("fast extraction has its own route")
        if self.kind is ExtractionKind.WRITTEN_REQUEST and not (
            self.requester_agency
            and self.document_number
            and self.document_date
            and self.commitment
        ):
            raise ValueError(
                "a written request names the agency, the document, its date and commitment"
            )
        return self


class FastExtractionIn(_In):
    """TN 9.2: an emergency extraction by a commune chairman or a person he authorised in
    writing; reason and purpose are mandatory (422 ``extraction.reason_required``)."""

    offence: FastOffence
    emergency: bool
    reason: LongText = ""
    purpose: LongText = ""


class ApprovalDecisionIn(_In):
    """Endorse (the requester's unit leader) or decide (the approving leadership)."""

    verdict: Verdict
    note: LongText = ""


class DossierIn(_In):
    """The internal dossier of a fast extraction is complete (TN 9.2b)."""

    reference: ShortLine
    note: LongText = ""


class WithdrawIn(_In):
    """The requester withdraws a pending request."""

    reason: NonEmptyLongText


class AuthorisationCreate(_In):
    """A commune chairman authorises a person in writing to direct fast extraction
    (TN 9.2a)."""

    grantee_id: RowId
    document_number: ShortLine
    document_date: date
    expires_at: UtcDateTimeIn


class AuthorisationOut(BaseModel):
    """A recorded written authorisation for fast extraction."""

    id: int
    unit_id: int
    grantee_id: int
    grantee_name: str
    granted_by: int
    granted_by_name: str
    document_number: str
    document_date: date
    recorded_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


# --- storage devices and export ------------------------------------------------------------


class StorageDeviceCreate(_In):
    """Register a state-owned storage device (``storage_device.manage``)."""

    identifier: DeviceIdentifier  # serial number or asset tag, checked on export
    label: Line
    owner_unit_id: RowId
    asset_number: ShortLine  # the state asset record that proves ownership
    state_owned: bool

    @model_validator(mode="after")
    def _state(self) -> StorageDeviceCreate:
        if not self.state_owned:
            raise ValueError("only state-owned devices are registered (TN 9.2c)")
        return self


class StorageDeviceOut(BaseModel):
    """A registered storage device."""

    id: int
    identifier: str
    label: str
    owner_unit_id: int
    owner_unit_name: str
    asset_number: str
    registered_by: str | None
    registered_at: datetime
    revoked_at: datetime | None


class ExportIn(_In):
    """Copy a case's raw media to a registered device under an approved (or fast)
    extraction request; to another agency only with its written consent or request."""

    request_id: RowId
    device_identifier: DeviceIdentifier
    media_ids: list[RowId] | None = Field(default=None, min_length=1, max_length=200)
    recipient_agency: Line | None = None
    consent_document_number: ShortLine | None = None
    consent_document_date: date | None = None


class CopiedFile(_In):
    """What the workstation wrote for one medium of an export."""

    media_id: RowId
    ok: bool
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None  # read back
    error: Annotated[str, Field(max_length=60, pattern=r"^[a-z0-9_.]*$")] | None = None


class ExportCopyIn(_In):
    """The workstation's account of copying an export to the device: per file, the
    SHA-256 read back after writing, and the manifest's own hash."""

    device_identifier: DeviceIdentifier
    files: list[CopiedFile] = Field(min_length=1, max_length=200)
    manifest_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    error: Annotated[str, Field(max_length=60, pattern=r"^[a-z0-9_.]*$")] | None = None


# --- logs ------------------------------------------------------------------------------------


class ExtractionLogOut(BaseModel):
    """One extraction-log entry (DB 16.3: purpose, time, performer, requester)."""

    id: int
    at: datetime
    action: LogAction
    case_id: int
    case_number: str
    request_id: int | None
    purpose: str
    performer_id: int
    performer_name: str
    performer_unit_name: str
    requester: str  # a person and unit, or another agency
    camera_ids: list[int]
    media_count: int
    device_identifier: str | None


class PersonalDataLogOut(BaseModel):
    """One personal-data processing log entry (TN 21.5b: purpose, time, data type,
    performer)."""

    id: int
    at: datetime
    action: LogAction
    case_id: int
    case_number: str
    purpose: str
    data_types: list[DataType]
    performer_id: int
    performer_name: str
    performer_unit_name: str
