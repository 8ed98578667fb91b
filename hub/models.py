# SPDX-License-Identifier: GPL-3.0-or-later
"""Imports every domain's tables so ``Base.metadata`` is complete (migrations, tests)."""

from hub.archive.models import EvidenceSnapshot
from hub.audit.models import AuditCheckpoint, AuditRecord
from hub.auth.models import AuthSession, LoginFailure, LoginThrottle, LoginTicket, RecoveryCode
from hub.cases.models import (
    CaseCamera,
    CaseDeadline,
    CaseExport,
    CaseExportItem,
    CaseMedia,
    CaseStep,
    ExtractionDecision,
    ExtractionLogEntry,
    ExtractionRequest,
    FastExtractionAuthorisation,
    PersonalDataLogEntry,
    StorageDevice,
    ViolationCase,
)
from hub.catalog.models import Camera, CameraUsingUnit, CatalogueDeadline
from hub.db import Base
from hub.events_pg import PushedEventRow
from hub.evidence.models import EvidencePackage
from hub.incidents.models import (
    AiBox,
    CameraEventRow,
    Incident,
    IncidentAttachment,
    IncidentRule,
    IncidentStep,
    ProcedureCheck,
)
from hub.incidents.subscription_models import EventSubscription
from hub.org.models import OrgUnit, RoleChange, Territory, User, UserRole
from hub.privacy.models import PrivacyMask
from hub.profiles.store import CalendarDayRow, Deployment
from hub.ptz.models import PtzPresetLabel
from hub.publishing.models import Publication
from hub.relaypool.models import RelayHostRow, RelayLeaseRow
from hub.scope.models import AccessApproval, Emergency
from hub.streams.models import GrantHolderRow, StreamGrantRow
from hub.walls.models import Display, DisplayWall, LastWall, Wall

__all__ = [
    "AccessApproval",
    "AiBox",
    "AuditCheckpoint",
    "AuditRecord",
    "AuthSession",
    "Base",
    "CalendarDayRow",
    "Camera",
    "CameraEventRow",
    "CameraUsingUnit",
    "CaseCamera",
    "CaseDeadline",
    "CaseExport",
    "CaseExportItem",
    "CaseMedia",
    "CaseStep",
    "CatalogueDeadline",
    "Deployment",
    "Display",
    "DisplayWall",
    "Emergency",
    "EventSubscription",
    "EvidencePackage",
    "EvidenceSnapshot",
    "ExtractionDecision",
    "ExtractionLogEntry",
    "ExtractionRequest",
    "FastExtractionAuthorisation",
    "GrantHolderRow",
    "Incident",
    "IncidentAttachment",
    "IncidentRule",
    "IncidentStep",
    "LastWall",
    "LoginFailure",
    "LoginThrottle",
    "LoginTicket",
    "OrgUnit",
    "PersonalDataLogEntry",
    "PrivacyMask",
    "ProcedureCheck",
    "PtzPresetLabel",
    "Publication",
    "PushedEventRow",
    "RecoveryCode",
    "RelayHostRow",
    "RelayLeaseRow",
    "RoleChange",
    "StorageDevice",
    "StreamGrantRow",
    "Territory",
    "User",
    "UserRole",
    "ViolationCase",
    "Wall",
]
