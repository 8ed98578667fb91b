# SPDX-License-Identifier: GPL-3.0-or-later
"""Drawing of a video tile's overlay: name, clock, live badge, status, watermark."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import astuple, dataclass, field

from PySide6.QtCore import QByteArray, QDateTime, QPointF, QRect, QRectF, Qt, QTimeZone
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen, QPolygonF

LOCAL_ZONE = QTimeZone(QByteArray(b"Asia/Ho_Chi_Minh"))
if not LOCAL_ZONE.isValid():  # pragma: no cover - no tz database: Vietnam has no DST
    LOCAL_ZONE = QTimeZone(7 * 3600)
DATE_FORMAT = "dd/MM/yyyy HH:mm:ss"
SELECTED = QColor(255, 196, 0)
LIVE_RED = QColor(200, 30, 30)
ARCHIVE_BLUE = QColor(25, 90, 190)
WARNING_AMBER = QColor(230, 150, 0, 220)
BAND = QColor(0, 0, 0, 150)
MARGIN = 4
_clock_cache: list[int | str] = [-1, ""]


def local_time_text(now: QDateTime | None = None) -> str:
    """The local time (Asia/Ho_Chi_Minh) as operators read it: dd/MM/yyyy HH:mm:ss."""
    if now is not None:
        return now.toTimeZone(LOCAL_ZONE).toString(DATE_FORMAT)
    second = int(time.time())
    if second != _clock_cache[0]:  # every tile asks many times a second: format once
        text = QDateTime.fromSecsSinceEpoch(second).toTimeZone(LOCAL_ZONE).toString(DATE_FORMAT)
        _clock_cache[:] = [second, text]
    return str(_clock_cache[1])


@dataclass
class OverlayText:
    """Everything the overlay shows, already translated."""

    name: str
    clock: str
    live_badge: str | None
    status: str | None
    watermark: str | None
    selected: bool
    warning: str | None = None  # e.g. the camera's clock drifts from the hub's
    archive: bool = False  # the badge says "archive" (blue), the clock is the picture's time


@dataclass
class OverlayGeometry:
    """Where the overlay put its texts last time (tests check that they fit)."""

    name: QRect
    clock: QRect
    badge: QRect
    status: QRect
    warning: QRect = field(default_factory=QRect)


def aspect_fit(frame_w: int, frame_h: int, area: QRect) -> QRectF:
    """The largest rectangle of the frame's aspect ratio centred in ``area``."""
    if frame_w <= 0 or frame_h <= 0 or area.isEmpty():
        return QRectF(area)
    scale = min(area.width() / frame_w, area.height() / frame_h)
    w, h = frame_w * scale, frame_h * scale
    return QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)


DIM = QColor(0, 0, 0, 140)  # over a picture that is not live (stalled, switching)
Masks = Sequence[Sequence[tuple[float, float]]]  # normalized polygons (0..1 of the picture)


def paint_masks(painter: QPainter, target: QRect | QRectF, masks: Masks) -> None:
    """Paint privacy masks opaque black over the picture shown in ``target`` (HCM 6.3).

    Each polygon is in normalized picture coordinates, so it follows the picture's
    scaling and letterboxing; its outline is painted too, so no edge pixel of what it
    hides is left half-covered.
    """
    if not masks:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(QPen(Qt.GlobalColor.black, 2))
    painter.setBrush(Qt.GlobalColor.black)
    x, y, w, h = target.x(), target.y(), target.width(), target.height()
    for polygon in masks:
        if len(polygon) >= 3:
            painter.drawPolygon(QPolygonF([QPointF(x + px * w, y + py * h) for px, py in polygon]))
    painter.restore()


def draw_frame(
    painter: QPainter,
    image: QImage | None,
    area: QRect,
    dim: bool,
    smooth: bool,
    masks: Masks = (),
) -> None:
    """Paint the picture scaled with its aspect ratio (Qt scales), black around it, with
    its privacy masks painted in as part of it.

    ``smooth`` asks for bilinear scaling: nicer, and about 1 % of a core per tile at
    15 fps on the reference machine (see ``bench/wall_render.py``). A picture exactly
    the size of its place is copied, not scaled.
    """
    if image is None:
        painter.fillRect(area, Qt.GlobalColor.black)
        return
    fitted = aspect_fit(image.width(), image.height(), area)
    target = fitted.toRect() & area
    # Black only where the picture does not cover (a full fill per frame is measurable).
    for bar in (
        QRect(area.left(), area.top(), area.width(), target.top() - area.top()),
        QRect(area.left(), target.bottom() + 1, area.width(), area.bottom() - target.bottom()),
        QRect(area.left(), target.top(), target.left() - area.left(), target.height()),
        QRect(target.right() + 1, target.top(), area.right() - target.right(), target.height()),
    ):
        if not bar.isEmpty():
            painter.fillRect(bar, Qt.GlobalColor.black)
    if target.size() == image.size():
        painter.drawImage(target.topLeft(), image)
    else:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
        painter.drawImage(target, image)
    paint_masks(painter, fitted, masks)
    if dim:  # a stalled picture is never shown as if it were live
        painter.fillRect(target, DIM)


def draw_overlay(painter: QPainter, area: QRect, text: OverlayText, font: QFont) -> OverlayGeometry:
    """Paint the overlay over ``area``; texts are elided so they never leave the tile."""
    metrics = QFontMetrics(font)
    painter.setFont(font)
    band_h = metrics.height() + 2 * MARGIN
    band = QRect(area.left(), area.top(), area.width(), band_h)
    painter.fillRect(band, BAND)
    x = area.left() + MARGIN
    right = area.right() - MARGIN
    badge = QRect()
    if text.live_badge:
        label = metrics.elidedText(text.live_badge, Qt.TextElideMode.ElideRight, area.width() // 3)
        badge = QRect(x, band.top() + 2, metrics.horizontalAdvance(label) + 2 * MARGIN, band_h - 4)
        painter.fillRect(badge, ARCHIVE_BLUE if text.archive else LIVE_RED)
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
        x = badge.right() + MARGIN + 1
    clock = QRect()
    clock_w = metrics.horizontalAdvance(text.clock)
    if right - x > clock_w + 60:  # a narrow tile drops the clock before the name
        clock = QRect(right - clock_w, band.top(), clock_w, band_h)
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(
            clock, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text.clock
        )
        right = clock.left() - MARGIN
    name_label = metrics.elidedText(text.name, Qt.TextElideMode.ElideRight, max(0, right - x))
    name = QRect(x, band.top(), metrics.horizontalAdvance(name_label), band_h)
    painter.setPen(Qt.GlobalColor.white)
    painter.drawText(name, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name_label)
    status = QRect()
    if text.status:
        status = _draw_status(painter, area, text.status, font)
    warning = QRect()
    if text.warning:
        label = metrics.elidedText(
            text.warning, Qt.TextElideMode.ElideRight, area.width() - 4 * MARGIN
        )
        w = metrics.horizontalAdvance(label) + 2 * MARGIN
        warning = QRect(area.left() + MARGIN, area.bottom() - band_h - MARGIN + 1, w, band_h)
        painter.fillRect(warning, WARNING_AMBER)
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(warning, Qt.AlignmentFlag.AlignCenter, label)
    if text.watermark:
        _draw_watermark(painter, area, text.watermark, font)
    if text.selected:
        painter.setPen(QPen(SELECTED, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(area.adjusted(1, 1, -2, -2))
    return OverlayGeometry(name=name, clock=clock, badge=badge, status=status, warning=warning)


def _draw_status(painter: QPainter, area: QRect, message: str, font: QFont) -> QRect:
    big = QFont(font)
    big.setPointSizeF(font.pointSizeF() * 1.3)
    big.setBold(True)
    metrics = QFontMetrics(big)
    label = metrics.elidedText(message, Qt.TextElideMode.ElideRight, area.width() - 4 * MARGIN)
    w = metrics.horizontalAdvance(label) + 2 * MARGIN
    h = metrics.height() + 2 * MARGIN
    box = QRect(area.center().x() - w // 2, area.center().y() - h // 2, w, h)
    painter.fillRect(box, BAND)
    painter.setFont(big)
    painter.setPen(Qt.GlobalColor.white)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
    painter.setFont(font)
    return box


def _draw_watermark(painter: QPainter, area: QRect, message: str, font: QFont) -> None:
    painter.save()
    painter.setClipRect(area)
    painter.setFont(font)
    painter.setPen(QColor(255, 255, 255, 60))
    metrics = QFontMetrics(font)
    step_x = metrics.horizontalAdvance(message) + 60
    step_y = metrics.height() * 5
    painter.translate(area.center())
    painter.rotate(-25)
    span = area.width() + area.height()
    for y in range(-span, span, step_y):
        offset = (y // step_y) % 2 * step_x // 2
        for x in range(-span - offset, span, step_x):
            painter.drawText(x, y, message)
    painter.restore()


class OverlayCache:
    """Draws a tile's overlay from a cached transparent image, redrawn only when a text,
    the size or the font changes (once a second for the clock).

    A 4×4 wall paints 240 tiles a second; laying out and drawing the texts (and a tiled,
    rotated watermark) on every frame cost more than drawing the picture itself. Only the
    parts the overlay covers are blended onto the picture (not the whole tile).
    """

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._image = QImage()
        self._geometry: OverlayGeometry | None = None
        self._parts: list[QRect] = []

    def draw(
        self, painter: QPainter, area: QRect, text: OverlayText, font: QFont
    ) -> OverlayGeometry:
        """Paint the overlay of ``text`` over ``area``; returns where the texts are."""
        key = (area.width(), area.height(), astuple(text), font.key())
        if key != self._key or self._geometry is None:
            self._render(area.width(), area.height(), text, font)
            self._key = key
        origin = area.topLeft()
        for part in self._parts:
            painter.drawImage(part.translated(origin), self._image, part)
        g = self._geometry
        assert g is not None
        dx, dy = area.left(), area.top()
        return OverlayGeometry(
            name=g.name.translated(dx, dy),
            clock=g.clock.translated(dx, dy),
            badge=g.badge.translated(dx, dy),
            status=g.status.translated(dx, dy),
            warning=g.warning.translated(dx, dy),
        )

    def _render(self, width: int, height: int, text: OverlayText, font: QFont) -> None:
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        inner = QPainter(image)
        whole = QRect(0, 0, width, height)
        geometry = draw_overlay(inner, whole, text, font)
        inner.end()
        if text.watermark:
            parts = [whole]
        else:
            band_h = QFontMetrics(font).height() + 2 * MARGIN
            parts = [QRect(0, 0, width, band_h), geometry.status, geometry.warning]
            if text.selected:
                edge = 4
                parts += [
                    QRect(0, 0, width, edge),
                    QRect(0, height - edge, width, edge),
                    QRect(0, 0, edge, height),
                    QRect(width - edge, 0, edge, height),
                ]
        self._parts = [p & whole for p in parts if not (p & whole).isEmpty()]
        self._image, self._geometry = image, geometry
