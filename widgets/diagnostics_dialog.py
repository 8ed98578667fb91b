# SPDX-License-Identifier: GPL-3.0-or-later
"""What support asks first: versions, the Qt platform, how video is drawn (GPU or CPU,
and why), libVLC, the hub, players that did not close. One button copies it all."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from widgets.player import libvlc_version, pending_closes
from widgets.render_path import RenderChoice, RenderPath, current_render_path


def vwall_version() -> str:
    try:
        return metadata.version("vwall")
    except metadata.PackageNotFoundError:  # run from a source tree
        return "dev"


class DiagnosticsDialog(QDialog):
    """A read-only form of the workstation's facts; :meth:`rows` for tests and copying."""

    def __init__(self, hub: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Diagnostics"))
        self._rows: list[tuple[str, str]] = []
        form = QFormLayout()
        choice = current_render_path()
        for label, value in (
            (self.tr("vwall version"), vwall_version()),
            (self.tr("Qt platform"), QGuiApplication.platformName()),
            (self.tr("Video drawing"), self.render_text(choice)),
            (self.tr("Why"), self.reason_text(choice)),
            (self.tr("OpenGL"), self.opengl_text(choice)),
            (self.tr("libVLC"), libvlc_version()),
            (self.tr("Hub"), hub or self.tr("not connected")),
            (self.tr("Players still closing"), str(pending_closes())),
        ):
            value_label = QLabel(value, self)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value_label.setWordWrap(True)
            form.addRow(label, value_label)
            self._rows.append((label, value))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(self.tr("Close"))  # Qt's own catalogue is not installed
        self.copy_button = QPushButton(self.tr("Copy"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def rows(self) -> list[tuple[str, str]]:
        """The (label, value) pairs on show."""
        return list(self._rows)

    def text(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self._rows)

    def copy(self) -> None:
        """Put the facts on the clipboard, one per line, for a support ticket."""
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.text())

    def render_text(self, choice: RenderChoice) -> str:
        if choice.path is RenderPath.OPENGL:
            return self.tr("GPU: OpenGL shaders convert and scale the video")
        return self.tr("CPU: pictures converted at the tile's size, copied unscaled")

    def reason_text(self, choice: RenderChoice) -> str:
        if choice.forced:
            return self.tr("set by VWALL_RENDER")
        if choice.gl_renderer is None:
            return self.tr("OpenGL is not available")
        if choice.hardware_gl:
            return self.tr("OpenGL is hardware-accelerated")
        return self.tr("OpenGL runs in software here: the CPU path is cheaper")

    def opengl_text(self, choice: RenderChoice) -> str:
        if choice.gl_renderer is None:
            return self.tr("none")
        return f"{choice.gl_renderer} ({choice.gl_version or '?'})"
