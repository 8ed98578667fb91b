# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of violation cases, extraction requests, fast-extraction
authorisations, storage devices and the case logs (hub/cases).

The matrix's actors work in district A: each target case belongs to district A on both
sides (operating unit and police unit), so a case worker there acts for either side and
every actor sees it (the IOC leader sees everything). Who acts for which *unit* (the
wrong unit, a unit that does not see the case: 403 ``wrong_unit`` / 404) is tested in
tests/hub/cases/test_refusals.py. Fast extraction and the written authorisations belong
to a commune (TN 9.2a): those cases sign in as a fresh account of commune A1 holding the
actor's roles; fast extraction is open to any role once the person is authorised in
writing, so each such account is. Clips are cut by a stand-in (see ``_clip``).
Withdrawing a request and completing a fast
extraction's dossier belong to its requester: each actor has a request of their own.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from hub.archive.clips import ClipFile, clip_dir
from hub.archive.models import EvidenceSnapshot
from hub.auth.sessions import open_session
from hub.cases import media
from hub.cases.models import (
    CaseCamera,
    CaseExport,
    CaseExportItem,
    CaseMedia,
    ExtractionRequest,
    FastExtractionAuthorisation,
    StorageDevice,
    ViolationCase,
)
from hub.catalog.contracts import StreamKind
from hub.contracts import Permission
from hub.db import transaction
from hub.org.models import User
from tests.hub.authz import SESSION, Case, Ctx, Rule, static

_DONE = {
    "sent": ("sent_at",),
    "verifying": ("sent_at", "accepted_at"),
    "identified": ("sent_at", "accepted_at", "identified_at"),
    "recorded": ("sent_at", "accepted_at", "identified_at", "recorded_at"),
    "decided": ("sent_at", "accepted_at", "identified_at", "recorded_at", "decided_at"),
    "concluded": (
        "sent_at",
        "accepted_at",
        "identified_at",
        "recorded_at",
        "decided_at",
        "concluded_at",
    ),
}


def _case(ctx: Ctx, status: str = "draft", unit: str = "districtA", media: bool = False) -> int:
    """A case of ``unit`` on both sides in ``status``, camera in A1 (in scope)."""
    camera_id = ctx.camera("in_scope")
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        unit_id = ctx.province.units[unit]
        row = ViolationCase(
            number=f"VP-MX-{next(ctx.counter):06d}",
            status=status,
            origin="tile",
            violation_type="red_light",
            place="Ngã tư",
            description="",
            detected_at=now - timedelta(hours=1),
            unit_id=unit_id,
            opened_at=now,
            police_unit_id=None if status == "draft" else unit_id,
            complex=False,
            outside_authority=False,
            held=True,
            version=1,
            updated_at=now,
        )
        for name in _DONE.get(status, ()):
            setattr(row, name, now)
        s.add(row)
        s.flush()
        s.add(
            CaseCamera(
                case_id=row.id,
                camera_id=camera_id,
                start=now - timedelta(hours=2),
                end=now - timedelta(minutes=1),
            )
        )
        if media or status != "draft":
            s.add(
                CaseMedia(
                    case_id=row.id,
                    kind="snapshot",
                    camera_id=camera_id,
                    start=now - timedelta(minutes=30),
                    end=now - timedelta(minutes=30),
                    duration_seconds=0.0,
                    sha256=secrets.token_hex(32),
                    size=100,
                    added_at=now,
                )
            )
        return row.id


def _step(suffix: str, status: str, body: dict[str, Any] | None = None) -> Rule:
    return Rule(
        Permission.CASE_WORK,
        lambda ctx, actor, sit: Case(
            f"/api/cases/{_case(ctx, status)}/{suffix}", {"version": 1, **(body or {})}
        ),
    )


def _snapshot(ctx: Ctx, actor: str, situation: str) -> Case:
    case_id = _case(ctx)
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        row = EvidenceSnapshot(
            camera_id=ctx.camera("in_scope"),
            source="archive",
            file_name=f"mx-{secrets.token_hex(8)}.jpg",
            sha256=secrets.token_hex(32),
            size=100,
            captured_at=now - timedelta(minutes=30),
            taken_by=ctx.province.user_ids[actor],
            created_at=now,
        )
        s.add(row)
        s.flush()
        return Case(f"/api/cases/{case_id}/media/snapshots", {"snapshot_id": row.id})


async def _paper_cut(
    hub: Any, session: Any, actor: Any, camera: Any, start: Any, end: Any, stream: Any = None
) -> ClipFile:
    """The matrix's stand-in for the cutter (no device is asked)."""
    return ClipFile(
        camera_id=camera.id,
        stream=StreamKind.MAIN,
        file_name=f"{'0' * 64}.mp4",
        sha256="0" * 64,
        size=1,
        start=start,
        end=end,
        first_frame_at=start,
        last_frame_at=end,
        duration=(end - start).total_seconds(),
        frames=1,
        codec="H264",
        width=1,
        height=1,
    )


def _clip(ctx: Ctx, actor: str, situation: str) -> Case:
    if "paper_cut" not in ctx.memo:
        # The matrix hub's clock (T0) lies months before the simulator's recordings (the
        # wall clock), so a real cut finds no video: the cutter is a stand-in here, like
        # the relay. The real cut through this route: tests/hub/cases/test_media.py.
        real = media.cut_clip
        media.cut_clip = _paper_cut  # type: ignore[assignment]
        ctx.memo["paper_cut"] = True

        def restore() -> None:
            media.cut_clip = real  # type: ignore[assignment]

        ctx.cleanups.append(restore)
    case_id = _case(ctx)
    now = ctx.live.clock.now()
    return Case(
        f"/api/cases/{case_id}/media/clips",
        {
            "camera_id": ctx.camera("in_scope"),
            "start": (now - timedelta(minutes=20)).isoformat(),
            "end": (now - timedelta(minutes=19)).isoformat(),
        },
    )


def _open(ctx: Ctx, actor: str, situation: str) -> Case:
    now = ctx.live.clock.now()
    return Case(
        "/api/cases",
        {
            "origin": "timeline",
            "violation_type": "wrong_lane",
            "cameras": [
                {
                    "camera_id": ctx.camera("in_scope"),
                    "start": (now - timedelta(hours=1)).isoformat(),
                    "end": (now - timedelta(minutes=5)).isoformat(),
                }
            ],
            "place": "Cầu Gia Bảy",
        },
    )


def _request(
    ctx: Ctx,
    requester_id: int,
    status: str = "pending_approval",
    kind: str = "standard",
    unit: str = "districtA",
) -> int:
    case_id = _case(ctx, "sent")
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        requester = s.get(User, requester_id)
        assert requester is not None
        row = ExtractionRequest(
            case_id=case_id,
            kind=kind,
            rule="fast_extraction_commune_chairman",
            status=status,
            purpose="Xử lý vi phạm",
            content="Ảnh",
            requester_id=requester_id,
            requester_unit_id=requester.unit_id,
            dossier_due_at=now + timedelta(days=2) if kind == "fast" else None,
            created_at=now,
            updated_at=now,
        )
        s.add(row)
        s.flush()
        return row.id


def _other_requester(ctx: Ctx) -> int:
    if "requester" not in ctx.memo:
        _name, uid = ctx.fresh_user("districtA")
        ctx.memo["requester"] = uid
    return int(ctx.memo["requester"])


def _decide(ctx: Ctx, actor: str, situation: str) -> Case:
    rid = _request(ctx, _other_requester(ctx))
    return Case(f"/api/extraction-requests/{rid}/decide", {"verdict": "approve"})


def _withdraw(ctx: Ctx, actor: str, situation: str) -> Case:
    rid = _request(ctx, ctx.province.user_ids[actor])
    return Case(f"/api/extraction-requests/{rid}/withdraw", {"reason": "Không cần nữa"})


def _dossier(ctx: Ctx, actor: str, situation: str) -> Case:
    rid = _request(ctx, ctx.province.user_ids[actor], status="fast", kind="fast")
    return Case(f"/api/extraction-requests/{rid}/dossier", {"reference": "HS-1"})


def _device(ctx: Ctx) -> StorageDevice:
    with transaction(ctx.live.hub.sessions) as s:
        row = StorageDevice(
            identifier=f"SN-MX-{next(ctx.counter)}",
            label="Ổ cứng",
            owner_unit_id=ctx.province.units["districtA"],
            asset_number="TS-1",
            registered_at=ctx.live.clock.now(),
        )
        s.add(row)
        s.flush()
        s.expunge(row)
        return row


def _export(ctx: Ctx, actor: str, situation: str) -> Case:
    rid = _request(ctx, _other_requester(ctx), status="approved")
    with transaction(ctx.live.hub.sessions) as s:
        row = s.get(ExtractionRequest, rid)
        assert row is not None
        case_id = row.case_id
    device = _device(ctx)
    return Case(
        f"/api/cases/{case_id}/exports",
        {"request_id": rid, "device_identifier": device.identifier},
    )


def _stored_clip(ctx: Ctx, case_id: int) -> int:
    """A clip of the case whose file is in the clip store (the bytes route serves it)."""
    data = secrets.token_bytes(64)
    sha = hashlib.sha256(data).hexdigest()
    directory = clip_dir(ctx.live.hub)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{sha}.mp4").write_bytes(data)
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        row = CaseMedia(
            case_id=case_id,
            kind="clip",
            camera_id=ctx.camera("in_scope"),
            start=now - timedelta(minutes=30),
            end=now - timedelta(minutes=29),
            duration_seconds=60.0,
            sha256=sha,
            size=len(data),
            file_name=f"{sha}.mp4",
            added_at=now,
        )
        s.add(row)
        s.flush()
        return row.id


def _media_bytes(ctx: Ctx, actor: str, situation: str) -> Case:
    case_id = _case(ctx, "sent")
    return Case(f"/api/cases/{case_id}/media/{_stored_clip(ctx, case_id)}")


def _copy_report(ctx: Ctx, actor: str, situation: str) -> Case:
    """The actor's own export of a case's clip (only its performer reports the copy)."""
    rid = _request(ctx, _other_requester(ctx), status="approved")
    with transaction(ctx.live.hub.sessions) as s:
        request = s.get(ExtractionRequest, rid)
        assert request is not None
        case_id = request.case_id
    media_id = _stored_clip(ctx, case_id)
    device = _device(ctx)
    with transaction(ctx.live.hub.sessions) as s:
        row = CaseExport(
            case_id=case_id,
            request_id=rid,
            device_id=device.id,
            performed_by=ctx.province.user_ids[actor],
            performed_at=ctx.live.clock.now(),
            purpose="Chuyển công an",
        )
        s.add(row)
        s.flush()
        s.add(CaseExportItem(export_id=row.id, media_id=media_id))
        export_id = row.id
    return Case(
        f"/api/cases/{case_id}/exports/{export_id}/copy",
        {
            "device_identifier": device.identifier,
            "files": [{"media_id": media_id, "ok": False, "error": "device_removed"}],
            "error": "device_removed",
        },
    )


def _commune_token(ctx: Ctx, actor: str) -> str:
    """A fresh account of commune A1 with the actor's roles, signed in (no clock move)."""
    roles, _unit = ctx.placement[actor]
    _name, uid = ctx.fresh_user("communeA1", roles)
    with transaction(ctx.live.hub.sessions) as s:
        user = s.get(User, uid)
        assert user is not None
        token, _ = open_session(s, ctx.live.hub, user, None)
    ctx.memo["commune_user"] = uid
    return token


def _fast(ctx: Ctx, actor: str, situation: str) -> Case:
    token = _commune_token(ctx, actor)
    uid = int(ctx.memo["commune_user"])
    case_id = _case(ctx, "draft", unit="communeA1", media=True)
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        s.add(
            FastExtractionAuthorisation(
                unit_id=ctx.province.units["communeA1"],
                grantee_id=uid,
                granted_by=uid,
                document_number="01/GUQ",
                document_date=now.date(),
                recorded_at=now,
                expires_at=now + timedelta(days=30),
            )
        )
    return Case(
        f"/api/cases/{case_id}/fast-extractions",
        {"offence": "urban_order", "emergency": True, "reason": "Lấn chiếm", "purpose": "XP"},
        token,
    )


def _authorise(ctx: Ctx, actor: str, situation: str) -> Case:
    token = _commune_token(ctx, actor)
    _name, grantee = ctx.fresh_user("communeA1")
    return Case(
        "/api/fast-extraction-authorisations",
        {
            "grantee_id": grantee,
            "document_number": "02/GUQ",
            "document_date": "2026-03-01",
            "expires_at": (ctx.live.clock.now() + timedelta(days=30)).isoformat(),
        },
        token,
    )


def _register(ctx: Ctx, actor: str, situation: str) -> Case:
    return Case(
        "/api/storage-devices",
        {
            "identifier": f"SN-REG-{next(ctx.counter)}",
            "label": "Ổ cứng",
            "owner_unit_id": ctx.province.units["districtA"],
            "asset_number": "TS-2",
            "state_owned": True,
        },
    )


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/cases"): Rule(SESSION, static("/api/cases")),
    ("POST", "/api/cases"): Rule(Permission.CASE_WORK, _open),
    ("GET", "/api/cases/board"): Rule(SESSION, static("/api/cases/board")),
    ("GET", "/api/cases/{case_id}"): Rule(
        SESSION, lambda ctx, actor, sit: Case(f"/api/cases/{_case(ctx)}")
    ),
    ("PATCH", "/api/cases/{case_id}"): Rule(
        Permission.CASE_WORK,
        lambda ctx, actor, sit: Case(f"/api/cases/{_case(ctx)}", {"version": 1, "place": "X"}),
    ),
    ("POST", "/api/cases/{case_id}/send"): Rule(
        Permission.CASE_WORK,
        lambda ctx, actor, sit: Case(
            f"/api/cases/{_case(ctx, media=True)}/send",
            {"version": 1, "police_unit_id": ctx.province.units["police"]},
        ),
    ),
    ("POST", "/api/cases/{case_id}/cancel"): _step("cancel", "draft", {"reason": "Trùng"}),
    ("POST", "/api/cases/{case_id}/close"): _step("close", "concluded"),
    ("POST", "/api/cases/{case_id}/accept"): _step("accept", "sent"),
    ("POST", "/api/cases/{case_id}/mark-complex"): _step(
        "mark-complex", "verifying", {"reason": "Phức tạp"}
    ),
    ("POST", "/api/cases/{case_id}/identify"): _step(
        "identify", "verifying", {"violator": "Người vi phạm"}
    ),
    ("POST", "/api/cases/{case_id}/record"): _step(
        "record", "identified", {"record_number": "1/BB"}
    ),
    ("POST", "/api/cases/{case_id}/transfer"): Rule(
        Permission.CASE_WORK,
        lambda ctx, actor, sit: Case(
            f"/api/cases/{_case(ctx, 'recorded')}/transfer",
            {"version": 1, "police_unit_id": ctx.province.units["police"], "reason": "x"},
        ),
    ),
    ("POST", "/api/cases/{case_id}/extend"): _step(
        "extend", "recorded", {"extension": "fact_check", "reason": "Xác minh thêm"}
    ),
    ("POST", "/api/cases/{case_id}/decide"): _step(
        "decide", "recorded", {"decision_number": "2/QĐ"}
    ),
    ("POST", "/api/cases/{case_id}/conclude"): _step(
        "conclude", "decided", {"outcome": "penalised", "conclusion": "Đã xử phạt"}
    ),
    ("POST", "/api/cases/{case_id}/comments"): Rule(
        Permission.CASE_WORK,
        lambda ctx, actor, sit: Case(f"/api/cases/{_case(ctx)}/comments", {"text": "Đã xem"}),
    ),
    ("POST", "/api/cases/{case_id}/media/clips"): Rule(Permission.CASE_WORK, _clip),
    ("POST", "/api/cases/{case_id}/media/snapshots"): Rule(Permission.CASE_WORK, _snapshot),
    ("GET", "/api/cases/{case_id}/media/{media_id}"): Rule(Permission.CASE_WORK, _media_bytes),
    ("POST", "/api/cases/{case_id}/extraction-requests"): Rule(
        Permission.IMAGE_EXPORT_REQUEST,
        lambda ctx, actor, sit: Case(
            f"/api/cases/{_case(ctx, 'sent')}/extraction-requests",
            {"purpose": "Xử lý vi phạm", "content": "Ảnh"},
        ),
    ),
    ("POST", "/api/cases/{case_id}/fast-extractions"): Rule(SESSION, _fast),
    ("GET", "/api/extraction-requests"): Rule(SESSION, static("/api/extraction-requests")),
    ("POST", "/api/extraction-requests/{request_id}/decide"): Rule(
        Permission.APPROVAL_GRANT, _decide
    ),
    ("POST", "/api/extraction-requests/{request_id}/withdraw"): Rule(SESSION, _withdraw),
    ("POST", "/api/extraction-requests/{request_id}/dossier"): Rule(SESSION, _dossier),
    ("POST", "/api/fast-extraction-authorisations"): Rule(Permission.APPROVAL_GRANT, _authorise),
    ("GET", "/api/fast-extraction-authorisations"): Rule(
        Permission.APPROVAL_GRANT, static("/api/fast-extraction-authorisations")
    ),
    ("POST", "/api/storage-devices"): Rule(Permission.STORAGE_DEVICE_MANAGE, _register),
    ("GET", "/api/storage-devices"): Rule(SESSION, static("/api/storage-devices")),
    ("POST", "/api/storage-devices/{device_id}/revoke"): Rule(
        Permission.STORAGE_DEVICE_MANAGE,
        lambda ctx, actor, sit: Case(f"/api/storage-devices/{_device(ctx).id}/revoke"),
    ),
    ("POST", "/api/cases/{case_id}/exports"): Rule(Permission.CASE_WORK, _export),
    ("POST", "/api/cases/{case_id}/exports/{export_id}/copy"): Rule(SESSION, _copy_report),
    ("GET", "/api/extraction-log"): Rule(Permission.AUDIT_READ, static("/api/extraction-log")),
    ("GET", "/api/personal-data-log"): Rule(
        Permission.AUDIT_READ, static("/api/personal-data-log")
    ),
}
