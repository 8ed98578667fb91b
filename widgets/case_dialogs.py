# SPDX-License-Identifier: GPL-3.0-or-later
"""Dialogs of violation cases: the new case form, the question each hand-off step asks,
adding a clip or snapshot, (the extraction dialogs are in
:mod:`widgets.extraction_dialogs`).

They only collect answers (plain values; the console builds the hub's requests). Each
opens window-modal with :func:`~widgets.incident_dialogs.open_dialog` and tells its
answer through ``finished``; the OK button stays off until what the hub requires is
there. Times are entered and shown in Vietnam time and answered in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from widgets.case_labels import EXTENSIONS, OUTCOMES, VIOLATIONS, CaseLabels
from widgets.incident_dialogs import TEXT_MAX
from widgets.tile_overlay import LOCAL_ZONE

LINE_MAX = 200
SHORT_MAX = 100
PLATE_MAX = 20
MAX_CAMERAS = 16
DATE_TIME_FORMAT = "dd/MM/yyyy HH:mm:ss"
VEHICLES = ("car", "motorbike", "truck", "bus", "bicycle", "other")


def to_qt(moment: datetime) -> QDateTime:
    """A UTC instant as a Vietnam-time QDateTime."""
    stamp = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    return QDateTime.fromMSecsSinceEpoch(round(stamp * 1000)).toTimeZone(LOCAL_ZONE)


def from_qt(moment: QDateTime) -> datetime:
    """A QDateTime as a UTC instant."""
    return datetime.fromtimestamp(moment.toMSecsSinceEpoch() / 1000, UTC)


def _time_edit(parent: QWidget, moment: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(parent)
    edit.setDisplayFormat(DATE_TIME_FORMAT)
    edit.setCalendarPopup(True)
    edit.setTimeZone(LOCAL_ZONE)
    edit.setDateTime(to_qt(moment))
    return edit


def text_box(parent: QWidget, name: str, maximum: int = TEXT_MAX) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)  # Tab leaves the box: the form stays keyboard-friendly
    edit.setMaximumHeight(90)
    edit.setProperty("maximum", maximum)
    return edit


def line_edit(parent: QWidget, name: str, maximum: int) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setMaxLength(maximum)
    return edit


def plain(edit: QPlainTextEdit) -> str:
    return edit.toPlainText().strip()[:TEXT_MAX]


class FormDialog(QDialog):
    """A form with OK / Cancel; OK is on only when :meth:`ready` says so (the base of the
    case and extraction dialogs)."""

    def __init__(self, name: str, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName(f"{name}Ok")
        self.ok_button.setDefault(True)
        # A fixed context: self.tr() would look the text up under the subclass's name.
        cancel = QCoreApplication.translate("FormDialog", "Cancel")
        self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(self.form)
        box.addWidget(self.note_label)
        box.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def note(self, text: str) -> None:
        """A line of explanation under the form (e.g. the legal basis)."""
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))

    def ready(self) -> bool:
        """Whether everything the hub requires is filled in."""
        return True

    def refresh(self, *_: Any) -> None:
        """Switch OK on or off."""
        self.ok_button.setEnabled(self.ready())

    def watch(self, *widgets: QWidget) -> None:
        """Re-check :meth:`ready` whenever these change."""
        for widget in widgets:
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.textChanged.connect(self.refresh)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self.refresh)
                widget.editTextChanged.connect(self.refresh)
            elif isinstance(widget, QDateTimeEdit):
                widget.dateTimeChanged.connect(self.refresh)
            elif isinstance(widget, QCheckBox | QRadioButton):
                widget.toggled.connect(self.refresh)
        self.refresh()

    def accept(self) -> None:
        if self.ready():
            super().accept()


# --- new case -------------------------------------------------------------------------


@dataclass(frozen=True)
class NewCase:
    """The answers of the new case form (times in UTC)."""

    violation_type: str
    ranges: tuple[tuple[int, datetime, datetime], ...]
    place: str
    plate: str
    vehicle_type: str
    description: str


class NewCaseDialog(FormDialog):
    """Open a case: violation type, cameras and time ranges, place, plate and vehicle,
    description. ``cameras`` are (camera id, label) to choose from; ``ranges`` the
    (camera id, start, end) the case starts with (the tile's last minutes, the timeline
    selection, the incident's camera)."""

    def __init__(
        self,
        labels: CaseLabels,
        cameras: list[tuple[int, str]],
        ranges: list[tuple[int, datetime, datetime]],
        origin_text: str,
        place: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("newCaseDialog", "", "", parent)
        self.setWindowTitle(self.tr("New violation case"))
        self.ok_button.setText(self.tr("Open case"))
        self.cameras = cameras
        self.violation_box = QComboBox(self)
        self.violation_box.setObjectName("caseViolation")
        for key in VIOLATIONS:
            self.violation_box.addItem(labels.violation_text(key), key)
        self.range_grid = QGridLayout()
        self.range_rows: list[tuple[QComboBox, QDateTimeEdit, QDateTimeEdit]] = []
        self.add_camera_button = QPushButton(self.tr("Add a camera"), self)
        self.add_camera_button.clicked.connect(lambda: self.add_range(None, None, None))
        self.place_edit = line_edit(self, "casePlace", LINE_MAX)
        self.place_edit.setText(place)
        self.plate_edit = line_edit(self, "casePlate", PLATE_MAX)
        self.plate_edit.setPlaceholderText(self.tr("e.g. 20A-123.45"))
        self.vehicle_box = QComboBox(self)
        self.vehicle_box.setObjectName("caseVehicle")
        self.vehicle_box.setEditable(True)
        self.vehicle_box.addItem("", "")
        for key, text in self._vehicles():
            self.vehicle_box.addItem(text, key)
        self.description_edit = text_box(self, "caseDescription")
        self.form.addRow(self.tr("&Origin:"), QLabel(origin_text, self))
        self.form.addRow(self.tr("&Violation:"), self.violation_box)
        self.form.addRow(self.tr("Cameras and times:"), self.range_grid)
        self.form.addRow("", self.add_camera_button)
        self.form.addRow(self.tr("&Place:"), self.place_edit)
        self.form.addRow(self.tr("Pla&te:"), self.plate_edit)
        self.form.addRow(self.tr("Vehicle &type:"), self.vehicle_box)
        self.form.addRow(self.tr("&Description:"), self.description_edit)
        self.note(
            self.tr(
                "The case goes to the competent police unit within 5 working days of "
                "detection (DH 11.3a)."
            )
        )
        for camera_id, start, end in ranges:
            self.add_range(camera_id, start, end)
        if not ranges:
            self.add_range(None, None, None)
        self.watch(self.place_edit)

    def _vehicles(self) -> list[tuple[str, str]]:
        return [
            ("car", self.tr("Car")),
            ("motorbike", self.tr("Motorbike")),
            ("truck", self.tr("Truck")),
            ("bus", self.tr("Bus")),
            ("bicycle", self.tr("Bicycle")),
            ("other", self.tr("Other vehicle")),
        ]

    def add_range(
        self, camera_id: int | None, start: datetime | None, end: datetime | None
    ) -> None:
        """Add a camera row (up to :data:`MAX_CAMERAS`)."""
        if len(self.range_rows) >= MAX_CAMERAS:
            return
        now = datetime.now(UTC).replace(microsecond=0)
        combo = QComboBox(self)
        combo.setObjectName("caseCamera")
        for key, label in self.cameras:
            combo.addItem(label, key)
        if camera_id is not None:
            found = combo.findData(camera_id)
            if found < 0:
                combo.addItem(str(camera_id), camera_id)
                found = combo.count() - 1
            combo.setCurrentIndex(found)
        start_edit = _time_edit(self, start or now.replace(second=0))
        end_edit = _time_edit(self, end or now)
        row = len(self.range_rows)
        self.range_grid.addWidget(combo, row, 0)
        self.range_grid.addWidget(start_edit, row, 1)
        self.range_grid.addWidget(end_edit, row, 2)
        self.range_rows.append((combo, start_edit, end_edit))
        self.watch(combo, start_edit, end_edit)
        self.add_camera_button.setEnabled(len(self.range_rows) < MAX_CAMERAS)

    def ranges(self) -> tuple[tuple[int, datetime, datetime], ...]:
        """(camera id, start, end) of every row with a camera."""
        out = []
        for combo, start, end in self.range_rows:
            camera = combo.currentData()
            if isinstance(camera, int):
                out.append((camera, from_qt(start.dateTime()), from_qt(end.dateTime())))
        return tuple(out)

    def values(self) -> NewCase:
        """The answers."""
        vehicle = self.vehicle_box.currentData()
        typed = self.vehicle_box.currentText().strip()
        if (
            not isinstance(vehicle, str)
            or self.vehicle_box.itemText(self.vehicle_box.currentIndex()) != typed
        ):
            vehicle = typed
        return NewCase(
            violation_type=str(self.violation_box.currentData()),
            ranges=self.ranges(),
            place=self.place_edit.text().strip(),
            plate=self.plate_edit.text().strip(),
            vehicle_type=vehicle[:SHORT_MAX],
            description=plain(self.description_edit),
        )

    def fill(self, violation: str, place: str, plate: str = "", description: str = "") -> None:
        """Fill the form (tests, a prepared case)."""
        self.violation_box.setCurrentIndex(max(self.violation_box.findData(violation), 0))
        self.place_edit.setText(place)
        self.plate_edit.setText(plate)
        self.description_edit.setPlainText(description)

    def set_vehicle(self, vehicle_type: str) -> None:
        """Show a vehicle type: one of the list by its key, else the text as typed."""
        index = self.vehicle_box.findData(vehicle_type) if vehicle_type else 0
        if index >= 0:
            self.vehicle_box.setCurrentIndex(index)
        else:
            self.vehicle_box.setEditText(vehicle_type)

    def ready(self) -> bool:
        ranges = self.ranges()
        return (
            bool(self.place_edit.text().strip())
            and bool(ranges)
            and all(start < end for _c, start, end in ranges)
        )


# --- hand-off steps -------------------------------------------------------------------


class CaseStepDialog(FormDialog):
    """What a hand-off step needs: the police unit (send, transfer), a reason (cancel,
    mark complex, transfer, extend), the violator, the record or decision number, the
    decision extension, the outcome and conclusion, a comment — or just a confirmation.

    ``units`` are (unit id, name) of the police units to send or transfer to.
    """

    def __init__(
        self,
        action: str,
        labels: CaseLabels,
        case_number: str,
        units: list[tuple[int, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = f"{case_number} — {labels.action_text(action).rstrip('…')}"
        super().__init__("caseStepDialog", title, labels.action_text(action).rstrip("…"), parent)
        self.action = action
        self.required: list[QWidget] = []
        self.unit_box: QComboBox | None = None
        self.reason_edit: QPlainTextEdit | None = None
        self.note_edit: QPlainTextEdit | None = None
        self.number_edit: QLineEdit | None = None
        self.violator_edit: QLineEdit | None = None
        self.flag_box: QCheckBox | None = None
        self.choice_box: QComboBox | None = None
        if action in ("send", "transfer"):
            self.unit_box = QComboBox(self)
            self.unit_box.setObjectName("caseUnit")
            self.unit_box.addItem(self.tr("Choose the police unit"), 0)
            for unit_id, name in units or []:
                self.unit_box.addItem(name, unit_id)
            self.form.addRow(self.tr("Police &unit:"), self.unit_box)
            self.required.append(self.unit_box)
        if action == "accept":
            self.flag_box = QCheckBox(self.tr("&Complex: 2 months to verify (DH 11.3b)"), self)
            self.form.addRow("", self.flag_box)
            self.note(self.tr("Verification is due 1 month from receipt (DH 11.3b)."))
        if action == "identify":
            self.violator_edit = line_edit(self, "caseViolator", LINE_MAX)
            self.form.addRow(self.tr("&Violator:"), self.violator_edit)
            self.required.append(self.violator_edit)
            self.note(self.tr("The violation record is due within 3 working days (DH 13.1)."))
        if action in ("record", "decide"):
            self.number_edit = line_edit(self, "caseDocumentNumber", SHORT_MAX)
            label = (
                self.tr("&Record number:") if action == "record" else self.tr("&Decision number:")
            )
            self.form.addRow(label, self.number_edit)
            self.required.append(self.number_edit)
        if action == "record":
            self.flag_box = QCheckBox(
                self.tr("&Outside our authority: transfer within 24 hours (DH 13.1)"), self
            )
            self.form.addRow("", self.flag_box)
        if action == "extend":
            self.choice_box = QComboBox(self)
            for key in EXTENSIONS:
                self.choice_box.addItem(labels.extension_text(key), key)
            self.form.addRow(self.tr("&Why:"), self.choice_box)
        if action == "conclude":
            self.choice_box = QComboBox(self)
            self.choice_box.setObjectName("caseOutcome")
            for key in OUTCOMES:
                self.choice_box.addItem(labels.outcome_text(key), key)
            self.form.addRow(self.tr("&Outcome:"), self.choice_box)
        if action in ("cancel", "mark_complex", "transfer", "extend", "conclude", "comment"):
            self.reason_edit = text_box(self, "caseReason")
            prompt = {
                "conclude": self.tr("&Conclusion:"),
                "comment": self.tr("&Comment:"),
            }.get(action, self.tr("&Reason:"))
            self.form.addRow(prompt, self.reason_edit)
            self.required.append(self.reason_edit)
        if action in ("send", "identify", "record", "decide"):
            self.note_edit = text_box(self, "caseNote")
            self.form.addRow(self.tr("&Note:"), self.note_edit)
        if action == "close":
            self.note(self.tr("Closing ends the legal hold on the case's media and events."))
        self.watch(*self.required)

    def ready(self) -> bool:
        for widget in self.required:
            if isinstance(widget, QComboBox) and not widget.currentData():
                return False
            if isinstance(widget, QLineEdit) and not widget.text().strip():
                return False
            if isinstance(widget, QPlainTextEdit) and not widget.toPlainText().strip():
                return False
        return True

    def answers(self) -> dict[str, Any]:
        """The values entered, by the hub's field names."""
        out: dict[str, Any] = {}
        if self.unit_box is not None:
            out["police_unit_id"] = int(self.unit_box.currentData() or 0)
        if self.reason_edit is not None:
            key = {"conclude": "conclusion", "comment": "text"}.get(self.action, "reason")
            out[key] = plain(self.reason_edit)
        if self.note_edit is not None:
            out["note"] = plain(self.note_edit)
        if self.violator_edit is not None:
            out["violator"] = self.violator_edit.text().strip()
        if self.number_edit is not None:
            key = "record_number" if self.action == "record" else "decision_number"
            out[key] = self.number_edit.text().strip()
        if self.flag_box is not None:
            key = "complex" if self.action == "accept" else "outside_authority"
            out[key] = self.flag_box.isChecked()
        if self.choice_box is not None:
            key = "extension" if self.action == "extend" else "outcome"
            out[key] = str(self.choice_box.currentData())
        return out

    def fill(self, **values: Any) -> None:
        """Fill the form by the hub's field names (tests, keyboard macros)."""
        if "police_unit_id" in values and self.unit_box is not None:
            self.unit_box.setCurrentIndex(max(self.unit_box.findData(values["police_unit_id"]), 0))
        for key in ("reason", "conclusion", "text"):
            if key in values and self.reason_edit is not None:
                self.reason_edit.setPlainText(str(values[key]))
        if "note" in values and self.note_edit is not None:
            self.note_edit.setPlainText(str(values["note"]))
        if "violator" in values and self.violator_edit is not None:
            self.violator_edit.setText(str(values["violator"]))
        for key in ("record_number", "decision_number"):
            if key in values and self.number_edit is not None:
                self.number_edit.setText(str(values[key]))
        for key in ("complex", "outside_authority"):
            if key in values and self.flag_box is not None:
                self.flag_box.setChecked(bool(values[key]))
        for key in ("extension", "outcome"):
            if key in values and self.choice_box is not None:
                self.choice_box.setCurrentIndex(max(self.choice_box.findData(values[key]), 0))


# --- media ------------------------------------------------------------------------------


class MediaDialog(FormDialog):
    """Add a clip (the hub cuts it from the archive) or a snapshot of a case camera;
    the range starts as the selected tile's (its archive position, or its last minutes)."""

    def __init__(
        self,
        cameras: list[tuple[int, str]],
        camera_id: int | None,
        start: datetime,
        end: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("caseMediaDialog", "", "", parent)
        self.setWindowTitle(self.tr("Add clip or snapshot"))
        self.ok_button.setText(self.tr("Add"))
        self.camera_box = QComboBox(self)
        self.camera_box.setObjectName("mediaCamera")
        for key, label in cameras:
            self.camera_box.addItem(label, key)
        if camera_id is not None:
            self.camera_box.setCurrentIndex(max(self.camera_box.findData(camera_id), 0))
        self.clip_radio = QRadioButton(self.tr("&Clip (cut from the archive, no re-encoding)"))
        self.snapshot_radio = QRadioButton(self.tr("&Snapshot at the start time"))
        self.clip_radio.setChecked(True)
        self.start_edit = _time_edit(self, start)
        self.end_edit = _time_edit(self, end)
        self.form.addRow(self.tr("Ca&mera:"), self.camera_box)
        self.form.addRow("", self.clip_radio)
        self.form.addRow("", self.snapshot_radio)
        self.form.addRow(self.tr("&From:"), self.start_edit)
        self.form.addRow(self.tr("&To:"), self.end_edit)
        self.snapshot_radio.toggled.connect(lambda on: self.end_edit.setEnabled(not on))
        self.note(
            self.tr(
                "Only the case's cameras, within their time ranges; a clip is at most one hour."
            )
        )
        self.watch(self.camera_box, self.start_edit, self.end_edit, self.clip_radio)

    def kind(self) -> str:
        """``clip`` or ``snapshot``."""
        return "snapshot" if self.snapshot_radio.isChecked() else "clip"

    def camera_id(self) -> int | None:
        """The chosen camera."""
        value = self.camera_box.currentData()
        return value if isinstance(value, int) else None

    def span(self) -> tuple[datetime, datetime]:
        """(start, end) in UTC."""
        return from_qt(self.start_edit.dateTime()), from_qt(self.end_edit.dateTime())

    def ready(self) -> bool:
        start, end = self.span()
        if self.camera_id() is None:
            return False
        return self.kind() == "snapshot" or (start < end and (end - start).total_seconds() <= 3600)


def date_of(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
