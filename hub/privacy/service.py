# SPDX-License-Identifier: GPL-3.0-or-later
"""Privacy masks (HCM 6.3): keeping a camera's polygons, and painting them opaque.

A mask is a polygon in normalized picture coordinates (see :mod:`hub.privacy.models`).
Every picture that leaves the hub passes through here: a stream grant carries the
camera's masks and the console paints them into every frame before showing it
(:func:`grant_with_masks`); a snapshot is masked before it is stored
(:func:`apply_masks_jpeg`); an export or evidence package paints them with ffmpeg
(:func:`ffmpeg_mask_filter`) or OpenCV (:func:`apply_masks_bgr`).

Lifting the masks is a right of its own (``privacy.lift``, TN 11.1 image exploitation,
never implied by managing them): asked by someone without it, it is refused and audited
(``privacy.lift`` denied); used, it is audited (``privacy.lift``) with what it was used
for.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.catalog.contracts import StreamGrantOut
from hub.context import Hub
from hub.contracts import Permission
from hub.errors import HubError, PendingAudit
from hub.privacy.contracts import PrivacyMaskOut, PrivacyMasksIn
from hub.privacy.models import PrivacyMask

Polygon = list[tuple[float, float]]
Masks = Sequence[Sequence[tuple[float, float]]]  # normalized polygons
FILL_BGR = (0, 0, 0)  # opaque black: what a mask shows everywhere (console, snapshots)
# Fractional bits of the vertices handed to OpenCV (sub-pixel edges, as Qt paints them).
_SHIFT = 4
# Smallest area of a polygon, as a share of the picture (a line or a point hides nothing
# and is almost always a slip of the mouse).
MIN_AREA = 1e-5


def _vertices(row: PrivacyMask) -> Polygon:
    return [(float(x), float(y)) for x, y in json.loads(row.vertices_json)]


def _rows(session: Session, camera_id: int) -> list[PrivacyMask]:
    stmt = (
        select(PrivacyMask)
        .where(PrivacyMask.camera_id == camera_id)
        .order_by(PrivacyMask.position, PrivacyMask.id)
    )
    return list(session.scalars(stmt))


def masks_of(session: Session, camera_id: int) -> list[list[tuple[float, float]]]:
    """The camera's masks as normalized polygons, in drawing order (empty: none)."""
    return [_vertices(row) for row in _rows(session, camera_id)]


def mask_out(row: PrivacyMask) -> PrivacyMaskOut:
    """A stored mask as a contract."""
    return PrivacyMaskOut(
        id=row.id,
        camera_id=row.camera_id,
        vertices=_vertices(row),
        created_by=row.created_by,
        created_at=row.created_at,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def list_masks(session: Session, camera_id: int) -> list[PrivacyMaskOut]:
    """The camera's stored masks with who made them."""
    return [mask_out(row) for row in _rows(session, camera_id)]


def _area(vertices: Sequence[tuple[float, float]]) -> float:
    n = len(vertices)
    twice = sum(
        vertices[i][0] * vertices[(i + 1) % n][1] - vertices[(i + 1) % n][0] * vertices[i][1]
        for i in range(n)
    )
    return abs(twice) / 2.0


def _audit_view(rows: Sequence[PrivacyMask]) -> list[dict[str, Any]]:
    return [{"id": r.id, "vertices": _vertices(r)} for r in rows]


def set_masks(
    hub: Hub, session: Session, principal: Principal, camera_id: int, req: PrivacyMasksIn
) -> list[PrivacyMaskOut]:
    """Replace the camera's set of masks (audited ``privacy.masks_set``, before/after).

    Raises:
        HubError: 422 ``privacy.unknown_mask`` (an ``id`` that is not one of the camera's
            masks, or given twice), ``privacy.degenerate_polygon`` (no area).
    """
    rows = _rows(session, camera_id)
    by_id = {r.id: r for r in rows}
    before = _audit_view(rows)
    wanted = [m.id for m in req.masks if m.id is not None]
    unknown = sorted({i for i in wanted if i not in by_id})
    if unknown or len(wanted) != len(set(wanted)):
        raise HubError(422, "privacy.unknown_mask", {"mask_ids": unknown or wanted})
    for index, mask in enumerate(req.masks):
        if _area(mask.vertices) < MIN_AREA:
            raise HubError(422, "privacy.degenerate_polygon", {"index": index})
    now = hub.clock.now()
    kept: list[PrivacyMask] = []
    for position, mask in enumerate(req.masks):
        text = json.dumps([[x, y] for x, y in mask.vertices])
        row = by_id.get(mask.id) if mask.id is not None else None
        if row is None:
            row = PrivacyMask(
                camera_id=camera_id,
                position=position,
                vertices_json=text,
                created_by=principal.user_id,
                created_at=now,
                updated_by=principal.user_id,
                updated_at=now,
            )
            session.add(row)
        elif row.vertices_json != text or row.position != position:
            row.vertices_json, row.position = text, position
            row.updated_by, row.updated_at = principal.user_id, now
        kept.append(row)
    for row in rows:
        if row not in kept:
            session.delete(row)
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        "privacy.masks_set",
        object_type="camera",
        object_id=camera_id,
        detail={"before": before, "after": _audit_view(kept)},
    )
    return [mask_out(row) for row in kept]


def delete_mask(
    hub: Hub, session: Session, principal: Principal, camera_id: int, mask_id: int
) -> None:
    """Delete one mask of the camera (audited ``privacy.mask_delete``, before/after).

    Raises:
        HubError: 404 ``privacy.mask_not_found``.
    """
    rows = _rows(session, camera_id)
    target = next((r for r in rows if r.id == mask_id), None)
    if target is None:
        raise HubError(404, "privacy.mask_not_found")
    before = _audit_view(rows)
    session.delete(target)
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        "privacy.mask_delete",
        object_type="camera",
        object_id=camera_id,
        detail={
            "mask_id": mask_id,
            "before": before,
            "after": _audit_view([r for r in rows if r is not target]),
        },
    )


# --- lifting -----------------------------------------------------------------------------


def lift_masks(hub: Hub, session: Session, principal: Principal, camera_id: int, use: str) -> None:
    """Let the caller see the camera unmasked for ``use`` (``live``, ``archive``…);
    audited ``privacy.lift`` each time.

    Raises:
        HubError: 403 ``forbidden`` without ``privacy.lift`` (audited, denied).
    """
    # TN 11.1: a right of the image family of its own; managing masks does not imply it.
    if Permission.PRIVACY_LIFT not in principal.permissions:
        raise HubError(
            403,
            "forbidden",
            {"permission": Permission.PRIVACY_LIFT.value},
            PendingAudit(
                principal.actor,
                "privacy.lift",
                {
                    "outcome": "denied",
                    "object_type": "camera",
                    "object_id": camera_id,
                    "reason": f"missing {Permission.PRIVACY_LIFT.value}",
                    "detail": {"use": use},
                },
            ),
        )
    hub.audit.append(
        session,
        principal.actor,
        "privacy.lift",
        object_type="camera",
        object_id=camera_id,
        detail={"use": use, "masks": len(_rows(session, camera_id))},
    )


def grant_with_masks(session: Session, grant: StreamGrantOut, unmasked: bool) -> StreamGrantOut:
    """The grant as its owner receives it: with the camera's masks, or marked unmasked
    (the caller lifted them, see :func:`lift_masks`)."""
    if unmasked:
        return grant.model_copy(update={"masks": [], "unmasked": True})
    return grant.model_copy(update={"masks": masks_of(session, grant.camera_id)})


# --- painting ----------------------------------------------------------------------------


def _pixel_polygons(masks: Masks, width: int, height: int) -> list[Any]:
    scale = 1 << _SHIFT
    return [
        np.array(
            [[round(x * width * scale), round(y * height * scale)] for x, y in polygon],
            dtype=np.int32,
        )
        for polygon in masks
        if len(polygon) >= 3
    ]


def mask_image(masks: Masks, width: int, height: int) -> np.ndarray:
    """A ``height`` × ``width`` 8-bit image: 255 inside a mask, 0 elsewhere."""
    out = np.zeros((height, width), dtype=np.uint8)
    polygons = _pixel_polygons(masks, width, height)
    if polygons:
        cv2.fillPoly(out, polygons, 255, lineType=cv2.LINE_8, shift=_SHIFT)
    return out


def apply_masks_bgr(frame: np.ndarray, masks: Masks) -> np.ndarray:
    """Paint ``masks`` opaque (:data:`FILL_BGR`) into a BGR frame, in place; returns it."""
    height, width = frame.shape[:2]
    polygons = _pixel_polygons(masks, width, height)
    if polygons:
        cv2.fillPoly(frame, polygons, FILL_BGR, lineType=cv2.LINE_8, shift=_SHIFT)
    return frame


def apply_masks_jpeg(data: bytes, masks: Masks) -> bytes:
    """A JPEG with ``masks`` painted opaque (the same bytes when there are none).

    Raises:
        ValueError: ``data`` is not an image OpenCV can read.
    """
    if not masks:
        return data
    frame = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if frame is None:
        raise ValueError("not an image")
    apply_masks_bgr(frame, masks)
    ok, encoded = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 95])
    if not ok:
        raise ValueError("cannot encode")
    return bytes(encoded.tobytes())


def _boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Cover the set pixels of ``mask`` exactly with boxes ``(x, y, w, h)``: each row's
    runs, rows with the same runs in a row merged into one box."""
    boxes: list[tuple[int, int, int, int]] = []
    open_runs: dict[tuple[int, int], int] = {}  # (x, w) -> first row
    height = mask.shape[0]
    for y in range(height + 1):
        runs: set[tuple[int, int]] = set()
        if y < height:
            row = np.concatenate(([0], (mask[y] > 0).astype(np.int8), [0]))
            edges = np.flatnonzero(np.diff(row))
            runs = {(int(a), int(b - a)) for a, b in zip(edges[::2], edges[1::2], strict=True)}
        for run in [r for r in open_runs if r not in runs]:
            top = open_runs.pop(run)
            boxes.append((run[0], top, run[1], y - top))
        for run in runs:
            open_runs.setdefault(run, y)
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def ffmpeg_mask_filter(masks: Masks, width: int, height: int) -> str:
    """An ffmpeg filter chain (for ``-vf``, or one link of a ``-filter_complex``) painting
    ``masks`` opaque black on a ``width`` × ``height`` picture; ``"null"`` when none.

    Exact, not an approximation: the polygons are rasterised by OpenCV as
    :func:`apply_masks_bgr` does, grown by one pixel (so chroma subsampling cannot
    leave a coloured edge) and covered exactly by filled ``drawbox`` boxes — one per run
    of rows whose covered spans are the same, so a rectangle is one box and a slanted
    edge a box per row. The chain holds no file name and no secret.
    """
    raster = mask_image(masks, width, height)
    if not raster.any():
        return "null"
    raster = cv2.dilate(raster, np.ones((3, 3), np.uint8))
    return ",".join(
        f"drawbox=x={x}:y={y}:w={w}:h={h}:color=black@1:t=fill" for x, y, w, h in _boxes(raster)
    )
