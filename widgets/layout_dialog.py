# SPDX-License-Identifier: GPL-3.0-or-later
"""A dialog to make a wall layout of one's own: rows, columns and an optional large tile."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from layouts.model import MAX_GRID, Layout


class LayoutPreview(QWidget):
    """The layout drawn as outlined cells, so the operator sees what they will get."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_shown: Layout | None = None
        self.setMinimumSize(240, 135)

    def show_layout(self, layout: Layout) -> None:
        self.layout_shown = layout
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(20, 20, 20))
        layout = self.layout_shown
        if layout is not None:
            w, h = self.width() / layout.cols, self.height() / layout.rows
            painter.setPen(QColor(230, 230, 230))
            for cell in layout.cells:
                box = QRect(
                    round(cell.col * w) + 2,
                    round(cell.row * h) + 2,
                    round(cell.col_span * w) - 4,
                    round(cell.row_span * h) - 4,
                )
                painter.fillRect(box, QColor(45, 70, 110))
                painter.drawRect(box)
        painter.end()


class CustomLayoutDialog(QDialog):
    """Rows × columns, and how many cells the large top-left tile spans (0: none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Custom layout"))
        self.rows = QSpinBox(self)
        self.cols = QSpinBox(self)
        self.big = QSpinBox(self)
        for box in (self.rows, self.cols):
            box.setRange(1, MAX_GRID)
            box.setValue(3)
        self.big.setRange(0, MAX_GRID)
        self.big.setSpecialValueText(self.tr("None"))
        self.preview = LayoutPreview(self)
        form = QFormLayout()
        form.addRow(self.tr("Rows"), self.rows)
        form.addRow(self.tr("Columns"), self.cols)
        form.addRow(self.tr("Large tile (cells per side)"), self.big)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        # Qt ships no Vietnamese for its standard buttons: name them ourselves.
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        ok.setText(self.tr("Apply"))
        cancel.setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.preview, 1)
        column.addWidget(buttons)
        for spin in (self.rows, self.cols, self.big):
            spin.valueChanged.connect(self._changed)
        self._changed()

    def chosen(self) -> Layout:
        """The layout the values describe (the large tile is cut to fit the grid)."""
        rows, cols = self.rows.value(), self.cols.value()
        big = min(self.big.value(), rows, cols)
        return Layout.featured(rows, cols, big)

    def _changed(self) -> None:
        self.big.setMaximum(min(self.rows.value(), self.cols.value()))
        self.preview.show_layout(self.chosen())
