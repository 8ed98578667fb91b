# SPDX-License-Identifier: GPL-3.0-or-later
"""Imports every domain's tables so ``Base.metadata`` is complete (migrations, tests)."""

from hub.archive.models import EvidenceSnapshot
from hub.audit.models import AuditCheckpoint, AuditRecord
from hub.auth.models import AuthSession, LoginThrottle, LoginTicket, RecoveryCode
from hub.catalog.models import Camera, CameraUsingUnit, CatalogueDeadline
from hub.db import Base
from hub.org.models import OrgUnit, Territory, User, UserRole
from hub.ptz.models import PtzPresetLabel
from hub.scope.models import AccessApproval, Emergency
from hub.walls.models import Display, DisplayWall, LastWall, Wall

__all__ = [
    "AccessApproval",
    "AuditCheckpoint",
    "AuditRecord",
    "AuthSession",
    "Base",
    "Camera",
    "CameraUsingUnit",
    "CatalogueDeadline",
    "Display",
    "DisplayWall",
    "Emergency",
    "EvidenceSnapshot",
    "LastWall",
    "LoginThrottle",
    "LoginTicket",
    "OrgUnit",
    "PtzPresetLabel",
    "RecoveryCode",
    "Territory",
    "User",
    "UserRole",
    "Wall",
]
