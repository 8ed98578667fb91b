# SPDX-License-Identifier: GPL-3.0-or-later
"""A case's publications for citizens: the "Publications" tab of the case view — what was
published (medium, channel, who, when, how many boxes blurred, the copy's SHA-256) and
"Publish…" for a medium of a concluded case (an intent the console turns into the
publishing dialog)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.incident_model import OVERDUE_COLOUR, local_time


@dataclass(frozen=True)
class PublicationItem:
    """One publication as the tab lists it."""

    id: int
    medium: str
    channel: str
    status: str  # building, ready, failed (hub.publishing)
    published_by: str
    published_at: datetime
    tracks: int
    sha256: str | None
    note: str = ""


class PublicationsPanel(QWidget):
    """The publications of the case on show.

    Signals:
        publishRequested(int): open the publishing dialog for a medium (media id).
    """

    publishRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publicationsPanel")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("casePublications")
        self.tree.setHeaderLabels(
            [
                self.tr("Medium"),
                self.tr("Channel"),
                self.tr("Status"),
                self.tr("Published by"),
                self.tr("Published"),
                self.tr("Blurred"),
                self.tr("SHA-256"),
            ]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.medium_box = QComboBox(self)
        self.medium_box.setObjectName("publishMedium")
        self.publish_button = QPushButton(self.tr("&Publish for citizens…"), self)
        self.publish_button.setObjectName("casePublish")
        self.publish_button.clicked.connect(self._publish)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("publicationsMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 4)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addWidget(self.medium_box, 1)
        row.addWidget(self.publish_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.tree, 1)
        box.addWidget(self.message_label)
        box.addLayout(row)
        self.set_media([], allowed=False)

    def set_media(self, media: list[tuple[int, str]], allowed: bool) -> None:
        """The case's media to choose from, and whether I may publish now."""
        chosen = self.medium_box.currentData()
        self.medium_box.clear()
        for media_id, label in media:
            self.medium_box.addItem(label, media_id)
        found = self.medium_box.findData(chosen)
        if found >= 0:
            self.medium_box.setCurrentIndex(found)
        self.medium_box.setVisible(allowed)
        self.publish_button.setVisible(allowed)
        self.publish_button.setEnabled(bool(media))

    def set_publications(self, items: list[PublicationItem]) -> None:
        """Show the case's publications."""
        self.tree.clear()
        for item in items:
            line = QTreeWidgetItem(
                [
                    item.medium,
                    item.channel,
                    self.status_text(item.status),
                    item.published_by,
                    local_time(item.published_at),
                    str(item.tracks),
                    item.sha256 or "",
                ]
            )
            line.setData(0, Qt.ItemDataRole.UserRole + 1, item.id)
            if item.note:
                line.setToolTip(0, item.note)
            if item.status == "failed":
                line.setForeground(2, OVERDUE_COLOUR)
            self.tree.addTopLevelItem(line)
        # Not for an empty list: at a session's end, resizing the cleared tree let a window's
        # pending deferred delete run early (seen in tests/console/test_session.py).
        for column in range(6 if items else 0):
            self.tree.resizeColumnToContents(column)

    def status_text(self, status: str) -> str:
        """What a publication's status reads."""
        return {
            "building": self.tr("Rendering…"),
            "ready": self.tr("Published"),
            "failed": self.tr("Failed"),
        }.get(status, status)

    def say(self, text: str, error: bool = False) -> None:
        """A line under the list."""
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #b3261e;" if error else "")

    def _publish(self) -> None:
        media_id = self.medium_box.currentData()
        if isinstance(media_id, int):
            self.publishRequested.emit(media_id)
