# SPDX-License-Identifier: GPL-3.0-or-later
"""The words of violation cases: statuses, violation types, deadlines, sides, steps,
outcomes and the board's columns (values are the hub's keys, texts are translated)."""

from __future__ import annotations

from PySide6.QtCore import QObject

STATUSES = (
    "draft",
    "sent",
    "verifying",
    "identified",
    "recorded",
    "decided",
    "concluded",
    "closed",
    "cancelled",
)
OPEN_STATUSES = frozenset(STATUSES[:7])
VIOLATIONS = (
    "red_light",
    "wrong_lane",
    "illegal_stopping_parking",
    "speeding",
    "littering_dumping",
    "urban_order",
    "other",
)
# The buttons of the case view, in the order of the hand-off.
ACTIONS = (
    "add_media",
    "edit",
    "send",
    "accept",
    "mark_complex",
    "identify",
    "record",
    "transfer",
    "extend",
    "decide",
    "conclude",
    "close",
    "cancel",
    "comment",
    "request_extraction",
    "fast_extraction",
    "export",
)
OUTCOMES = ("penalised", "no_violation", "violator_not_identified", "other")
EXTENSIONS = ("explanation", "fact_check", "especially_complex")
FAST_OFFENCES = ("urban_order", "illegal_dumping", "security_order", "administrative_violation")


class Column:
    """Columns of the case board."""

    # The deadline first after the number: a narrow dock still shows what is due.
    NUMBER, DEADLINE, SIDE, STATUS, VIOLATION, PLACE, POLICE, OPENED = range(8)
    COUNT_OF = 8


class CaseLabels(QObject):
    """Case words in the operator's language."""

    def column_title(self, column: int) -> str:
        """A board column's header."""
        return {
            Column.NUMBER: self.tr("Case"),
            Column.STATUS: self.tr("Status"),
            Column.VIOLATION: self.tr("Violation"),
            Column.PLACE: self.tr("Place"),
            Column.SIDE: self.tr("To act"),
            Column.DEADLINE: self.tr("Next deadline"),
            Column.POLICE: self.tr("Police unit"),
            Column.OPENED: self.tr("Opened"),
        }.get(column, "")

    def status_text(self, status: str) -> str:
        """A hand-off status in words."""
        return {
            "draft": self.tr("Draft"),
            "sent": self.tr("Sent to the police"),
            "verifying": self.tr("Verifying"),
            "identified": self.tr("Violator identified"),
            "recorded": self.tr("Record made"),
            "decided": self.tr("Penalty decided"),
            "concluded": self.tr("Concluded"),
            "closed": self.tr("Closed"),
            "cancelled": self.tr("Cancelled"),
        }.get(status, status)

    def violation_text(self, violation: str) -> str:
        """A violation type in words."""
        return {
            "red_light": self.tr("Running a red light"),
            "wrong_lane": self.tr("Wrong lane"),
            "illegal_stopping_parking": self.tr("Illegal stopping or parking"),
            "speeding": self.tr("Speeding"),
            "littering_dumping": self.tr("Littering or illegal dumping"),
            "urban_order": self.tr("Urban order"),
            "other": self.tr("Other"),
        }.get(violation, violation)

    def side_text(self, side: str) -> str:
        """Which side of the hand-off acts."""
        return {"ioc": self.tr("IOC"), "police": self.tr("Police")}.get(side, side)

    def deadline_text(self, kind: str) -> str:
        """A legal deadline of the hand-off."""
        return {
            "transfer": self.tr("Hand over to the police"),
            "verify": self.tr("Verify"),
            "record": self.tr("Make the violation record"),
            "record_transfer": self.tr("Transfer to the competent unit"),
            "decision": self.tr("Penalty decision"),
            "notify_back": self.tr("Tell the IOC the conclusion"),
        }.get(kind, kind)

    def deadline_state_text(self, state: str) -> str:
        """Where a deadline stands."""
        return {
            "pending": self.tr("Pending"),
            "due_soon": self.tr("Due soon"),
            "overdue": self.tr("Overdue"),
            "met": self.tr("Met"),
            "met_late": self.tr("Met late"),
            "void": self.tr("No longer applies"),
        }.get(state, state)

    def action_text(self, action: str) -> str:
        """A step as its button says it."""
        return {
            "add_media": self.tr("Add clip or snapshot…"),
            "edit": self.tr("Edit…"),
            "send": self.tr("Send to the police…"),
            "accept": self.tr("Accept…"),
            "mark_complex": self.tr("Mark complex…"),
            "identify": self.tr("Violator identified…"),
            "record": self.tr("Record made…"),
            "transfer": self.tr("Transfer…"),
            "extend": self.tr("Extend the decision time…"),
            "decide": self.tr("Penalty decided…"),
            "conclude": self.tr("Conclude…"),
            "close": self.tr("Close case"),
            "cancel": self.tr("Cancel case…"),
            "comment": self.tr("Comment…"),
            "request_extraction": self.tr("Request extraction…"),
            "fast_extraction": self.tr("Fast extraction…"),
            "export": self.tr("Export…"),
        }.get(action, action)

    def step_text(self, action: str) -> str:
        """A recorded step of a case (its history)."""
        return {
            "open": self.tr("Case opened"),
            "edit": self.tr("Draft changed"),
            "add_clip": self.tr("Clip added"),
            "add_snapshot": self.tr("Snapshot added"),
            "send": self.tr("Sent to the police"),
            "cancel": self.tr("Cancelled"),
            "close": self.tr("Closed"),
            "accept": self.tr("Accepted"),
            "mark_complex": self.tr("Marked complex"),
            "identify": self.tr("Violator identified"),
            "record": self.tr("Violation record made"),
            "transfer": self.tr("Transferred"),
            "extend": self.tr("Decision time extended"),
            "decide": self.tr("Penalty decided"),
            "conclude": self.tr("Concluded"),
            "comment": self.tr("Comment"),
            "extraction_request": self.tr("Extraction requested"),
            "fast_extraction": self.tr("Fast extraction"),
            "export": self.tr("Exported"),
            "overdue": self.tr("Deadline missed"),
        }.get(action, action)

    def outcome_text(self, outcome: str) -> str:
        """How the police concluded."""
        return {
            "penalised": self.tr("Penalised"),
            "no_violation": self.tr("No violation"),
            "violator_not_identified": self.tr("Violator not identified"),
            "other": self.tr("Other"),
        }.get(outcome, outcome)

    def extension_text(self, extension: str) -> str:
        """Why a decision takes longer (DH 13.2)."""
        return {
            "explanation": self.tr("The violator asks to explain (1 month)"),
            "fact_check": self.tr("Facts need checking (1 month)"),
            "especially_complex": self.tr("Especially complex (2 months)"),
        }.get(extension, extension)

    def offence_text(self, offence: str) -> str:
        """A situation in which fast extraction is allowed (TN 9.2a)."""
        return {
            "urban_order": self.tr("Urban order violation"),
            "illegal_dumping": self.tr("Illegal dumping"),
            "security_order": self.tr("Security and order"),
            "administrative_violation": self.tr("Administrative violation in progress"),
        }.get(offence, offence)

    def extraction_status_text(self, status: str) -> str:
        """Where an extraction request stands."""
        return {
            "pending_endorsement": self.tr("Waiting for the unit leader"),
            "pending_approval": self.tr("Waiting for approval"),
            "approved": self.tr("Approved"),
            "fast": self.tr("Fast extraction (dossier due)"),
            "rejected": self.tr("Rejected"),
            "withdrawn": self.tr("Withdrawn"),
        }.get(status, status)

    def media_kind_text(self, kind: str) -> str:
        """A clip or a snapshot."""
        return {"clip": self.tr("Clip"), "snapshot": self.tr("Snapshot")}.get(kind, kind)
