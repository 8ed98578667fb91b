# SPDX-License-Identifier: GPL-3.0-or-later
"""The incident queue's words: priorities, statuses, categories, steps and columns."""

from __future__ import annotations

from PySide6.QtCore import QObject


class Column:
    """Columns of the queue."""

    PRIORITY, STATUS, CATEGORY, TITLE, CAMERA, AREA, OPENED, DUE, ASSIGNEE, COUNT = range(10)
    COUNT_OF = 10


class IncidentLabels(QObject):
    """Priorities, statuses, categories, steps and columns in the operator's words."""

    def column_title(self, column: int) -> str:
        """A column's header."""
        return {
            Column.PRIORITY: self.tr("Priority"),
            Column.STATUS: self.tr("Status"),
            Column.CATEGORY: self.tr("Category"),
            Column.TITLE: self.tr("Incident"),
            Column.CAMERA: self.tr("Camera"),
            Column.AREA: self.tr("Area"),
            Column.OPENED: self.tr("Opened"),
            Column.DUE: self.tr("Deadline"),
            Column.ASSIGNEE: self.tr("Assignee"),
            Column.COUNT: self.tr("Events"),
        }.get(column, "")

    def priority_text(self, priority: str) -> str:
        """A priority in words."""
        return {
            "critical": self.tr("Critical"),
            "high": self.tr("High"),
            "medium": self.tr("Medium"),
            "low": self.tr("Low"),
        }.get(priority, priority)

    def status_text(self, status: str) -> str:
        """A life-cycle status in words."""
        return {
            "new": self.tr("New"),
            "acknowledged": self.tr("Acknowledged"),
            "assigned": self.tr("Assigned"),
            "in_progress": self.tr("In progress"),
            "resolved": self.tr("Resolved"),
            "closed": self.tr("Closed"),
        }.get(status, status)

    def category_text(self, category: str) -> str:
        """A category in words."""
        return {
            "fault": self.tr("Fault"),
            "security_incident": self.tr("Cyber-security incident"),
            "data_leak": self.tr("Personal data leak"),
            "abuse": self.tr("Abuse of the system"),
            "violation": self.tr("Violation"),
            "intrusion": self.tr("Intrusion"),
            "motion": self.tr("Motion"),
            "tampering": self.tr("Camera tampering"),
            "other": self.tr("Other"),
        }.get(category, category)

    def action_text(self, action: str) -> str:
        """A step of the life cycle, as its button says it."""
        return {
            "acknowledge": self.tr("Acknowledge"),
            "assign": self.tr("Assign…"),
            "start": self.tr("Start"),
            "comment": self.tr("Comment…"),
            "escalate": self.tr("Escalate…"),
            "resolve": self.tr("Resolve…"),
            "close": self.tr("Close"),
            "reopen": self.tr("Reopen…"),
        }.get(action, action)
