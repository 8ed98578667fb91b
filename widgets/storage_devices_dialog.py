# SPDX-License-Identifier: GPL-3.0-or-later
"""The register of state-owned storage devices (TN 9.2c), for the technical
administration (``storage_device.manage``): the devices of my units, registering one
(its identifier read from the plugged-in device, its label, owner unit and state asset
number) and revoking one (lost, retired).

Only intents leave this window; the console turns them into hub calls and shows the
answer (:meth:`StorageDevicesDialog.set_devices`, :meth:`StorageDevicesDialog.say`).

Signals:
    registerRequested(dict): register a device (by the hub's field names).
    revokeRequested(int): revoke a device (its id).
    readVolumeRequested(): read the identifier from a mounted volume's device.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.incident_model import local_time

_ROLE_ID = Qt.ItemDataRole.UserRole + 1
IDENTIFIER_MIN = 4


@dataclass(frozen=True)
class DeviceItem:
    """A registered device as the list shows it."""

    id: int
    identifier: str
    label: str
    owner_unit: str
    asset_number: str
    registered_by: str
    registered_at: datetime
    revoked_at: datetime | None = None


class StorageDevicesDialog(QDialog):
    """The devices of my units, and the form to register one."""

    registerRequested = Signal(dict)
    revokeRequested = Signal(int)
    readVolumeRequested = Signal()

    def __init__(self, units: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storageDevicesDialog")
        self.setWindowTitle(self.tr("Registered storage devices"))
        self.devices: dict[int, DeviceItem] = {}
        self.list = QTreeWidget(self)
        self.list.setObjectName("storageDevices")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(
            [
                self.tr("Identifier"),
                self.tr("Label"),
                self.tr("Owner unit"),
                self.tr("Asset number"),
                self.tr("Registered"),
                self.tr("State"),
            ]
        )
        self.list.currentItemChanged.connect(lambda *_: self._refresh())
        self.revoke_button = QPushButton(self.tr("&Revoke"), self)
        self.revoke_button.setObjectName("storageRevoke")
        self.revoke_button.clicked.connect(self._revoke)
        self.identifier_edit = QLineEdit(self)
        self.identifier_edit.setObjectName("storageIdentifier")
        self.identifier_edit.setMaxLength(100)
        self.read_button = QPushButton(self.tr("Read from a &volume…"), self)
        self.read_button.setObjectName("storageReadVolume")
        self.read_button.clicked.connect(self.readVolumeRequested.emit)
        identifier_row = QHBoxLayout()
        identifier_row.addWidget(self.identifier_edit, 1)
        identifier_row.addWidget(self.read_button)
        self.label_edit = QLineEdit(self)
        self.label_edit.setObjectName("storageLabel")
        self.label_edit.setMaxLength(200)
        self.unit_box = QComboBox(self)
        self.unit_box.setObjectName("storageUnit")
        for unit_id, name in units:
            self.unit_box.addItem(name, unit_id)
        self.asset_edit = QLineEdit(self)
        self.asset_edit.setObjectName("storageAsset")
        self.asset_edit.setMaxLength(100)
        self.state_box = QCheckBox(self.tr("Owned by a state body (TN 9.2c)"), self)
        self.state_box.setObjectName("storageStateOwned")
        self.register_button = QPushButton(self.tr("Re&gister"), self)
        self.register_button.setObjectName("storageRegister")
        self.register_button.clicked.connect(self._register)
        self.message = QLabel(self)
        self.message.setObjectName("storageMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Identifier:"), identifier_row)
        form.addRow(self.tr("&Label:"), self.label_edit)
        form.addRow(self.tr("&Owner unit:"), self.unit_box)
        form.addRow(self.tr("&Asset number:"), self.asset_edit)
        form.addRow("", self.state_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.revoke_button)
        row.addStretch(1)
        row.addWidget(self.register_button)
        box = QVBoxLayout(self)
        box.addWidget(self.list, 1)
        box.addLayout(form)
        box.addLayout(row)
        box.addWidget(self.message)
        box.addWidget(buttons)
        for edit in (self.identifier_edit, self.label_edit, self.asset_edit):
            edit.textChanged.connect(self._refresh)
        self.state_box.toggled.connect(self._refresh)
        self.setMinimumWidth(640)
        self._refresh()

    def set_devices(self, devices: list[DeviceItem]) -> None:
        """Show the register (keeps the selection by id)."""
        current = self.selected_id()
        self.devices = {d.id: d for d in devices}
        self.list.clear()
        for d in devices:
            state = self.tr("Revoked %1").replace("%1", local_time(d.revoked_at))
            item = QTreeWidgetItem(
                [
                    d.identifier,
                    d.label,
                    d.owner_unit,
                    d.asset_number,
                    local_time(d.registered_at),
                    state if d.revoked_at else self.tr("In use"),
                ]
            )
            item.setData(0, _ROLE_ID, d.id)
            self.list.addTopLevelItem(item)
            if d.id == current:
                self.list.setCurrentItem(item)
        self._refresh()

    def set_identifier(self, identifier: str | None) -> None:
        """The identifier read from a volume's device (None: none could be read)."""
        if identifier is None:
            self.say(self.tr("No identifier could be read from this volume's device."))
            return
        self.identifier_edit.setText(identifier)
        self.say("")

    def clear_form(self) -> None:
        """Empty the form (a device was registered)."""
        for edit in (self.identifier_edit, self.label_edit, self.asset_edit):
            edit.clear()
        self.state_box.setChecked(False)

    def say(self, text: str) -> None:
        """A line under the form (the hub's answer)."""
        self.message.setText(text)

    def selected_id(self) -> int | None:
        """The device selected in the list."""
        item = self.list.currentItem()
        value = item.data(0, _ROLE_ID) if item is not None else None
        return value if isinstance(value, int) else None

    def answers(self) -> dict[str, Any]:
        """The form by the hub's field names."""
        return {
            "identifier": self.identifier_edit.text().strip(),
            "label": self.label_edit.text().strip(),
            "owner_unit_id": self.unit_box.currentData(),
            "asset_number": self.asset_edit.text().strip(),
            "state_owned": self.state_box.isChecked(),
        }

    def _ready(self) -> bool:
        a = self.answers()
        return (
            len(a["identifier"]) >= IDENTIFIER_MIN
            and bool(a["label"] and a["asset_number"])
            and isinstance(a["owner_unit_id"], int)
            and bool(a["state_owned"])
        )

    def _refresh(self, *_: object) -> None:
        self.register_button.setEnabled(self._ready())
        chosen = self.devices.get(self.selected_id() or -1)
        self.revoke_button.setEnabled(chosen is not None and chosen.revoked_at is None)

    def _register(self) -> None:
        if self._ready():
            self.registerRequested.emit(self.answers())

    def _revoke(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            self.revokeRequested.emit(chosen)
