# SPDX-License-Identifier: GPL-3.0-or-later
"""Shapes of evidence packages, shared by the hub and the console (pydantic only).

Routes (JSON, bearer session token; the hub's README, "Evidence packages", tells the
rules):

- ``POST /api/cases/{id}/packages`` (:class:`PackageIn`: an export's fields and ``raw``)
  → 201 :class:`PackageOut` (``ready``, or ``pending_approval`` when the profile asks a
  second person to approve a raw export);
- ``GET /api/cases/{id}/packages`` → ``list[PackageOut]``, oldest first;
  ``GET /api/cases/{id}/packages/{package_id}`` → :class:`PackageOut`;
- ``POST /api/cases/{id}/packages/{package_id}/decide`` (:class:`PackageDecisionIn`,
  ``approval.grant``, never the requester) → :class:`PackageOut`;
- ``GET /api/cases/{id}/packages/{package_id}/file`` → the ZIP (``application/zip``,
  ``X-Content-SHA256``), once, to its requester;
- ``GET /api/evidence/pending`` → ``list[PendingPackageOut]``: the packages waiting for a
  second person that the caller may decide (``approval.grant``, the case's operating unit
  or a unit above it, never the requester), oldest first;
- ``GET /api/evidence/key`` → :class:`EvidenceKeyOut` (the public key receivers trust).

Pushes (``GET /api/events``, topic :data:`TOPIC_PACKAGE`, data :class:`PackageOut`): a
package was requested, decided, built, failed or downloaded — to its requester, its
decider, and the ``approval.grant`` / ``case.work`` / ``image.export_request`` holders of
the units that see the case and of the requester's unit (and the units above them).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from hub.cases.contracts import ExportIn

TOPIC_PACKAGE = "evidence.package"


def _no_control(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValueError("control characters are not allowed")
    return value


class PackageStatus(StrEnum):
    """Where a package stands."""

    PENDING_APPROVAL = "pending_approval"  # a raw export waits for a second person
    BUILDING = "building"
    READY = "ready"
    REJECTED = "rejected"
    FAILED = "failed"


class PackageIn(ExportIn):
    """Export a case as an evidence package to a registered device, under an approved
    extraction request (the fields of an export); ``raw`` adds the stored originals,
    bit for bit, besides the watermarked copies."""

    raw: bool = False


class PackageDecisionIn(BaseModel):
    """A second person's decision on a raw export."""

    model_config = ConfigDict(extra="forbid")

    verdict: Literal["approve", "reject"]
    note: Annotated[str, Field(max_length=4000), AfterValidator(_no_control)] = ""


class PackageOut(BaseModel):
    """A package and what identifies it (hashes, key, time-stamp)."""

    id: int
    case_id: int
    case_number: str
    number: str
    export_id: int
    raw: bool
    status: PackageStatus
    needs_second_approval: bool
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    built_at: datetime | None
    sha256: str | None
    size: int | None
    manifest_sha256: str | None
    content_sha256: str | None
    key_fingerprint: str | None
    timestamp_kind: str | None
    failure: str | None
    downloaded_at: datetime | None


class PendingPackageOut(PackageOut):
    """A package waiting for the caller's decision, with what the approver reads: the
    requester's unit and the purpose of the extraction request it is exported under."""

    requested_unit: str
    purpose: str


class EvidenceKeyOut(BaseModel):
    """The hub's evidence signing key, as a receiver records it to trust."""

    public_key_pem: str
    fingerprint: str
