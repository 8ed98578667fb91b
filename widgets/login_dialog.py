# SPDX-License-Identifier: GPL-3.0-or-later
"""The console's login window: password and code, first-login MFA enrolment, password change.

It only shows states and emits intents; a controller in ``console/`` talks to the hub.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

QR_SIZE = 220


class LoginPage(Enum):
    """The pages of the login window, in the order a first login meets them."""

    LOGIN = 0
    ENROL = 1
    RECOVERY_CODES = 2
    PASSWORD_CHANGE = 3


def _fixed_font() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


class LoginDialog(QDialog):
    """Sign-in window of the operator console.

    Signals:
        loginRequested(url, user, password, code): the operator pressed "Log in".
        enrolmentCodeEntered(code): the first code of a newly enrolled authenticator.
        recoveryCodesStored(): the operator confirmed the recovery codes are stored.
        passwordChangeRequested(old, new): the operator chose a new password.
        busyChanged(busy): a request to the hub started (true) or ended (false).
        verifyRequested(): the operator asked to verify an evidence package (no sign-in
            needed: a machine without a hub checks a package it received).
    """

    loginRequested = Signal(str, str, str, str)
    enrolmentCodeEntered = Signal(str)
    recoveryCodesStored = Signal()
    passwordChangeRequested = Signal(str, str)
    busyChanged = Signal(bool)
    verifyRequested = Signal()

    def __init__(
        self, hub_url: str = "", username: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("vwall — Log in"))
        self.setMinimumWidth(460)
        self._busy = False
        # Pages are shown one at a time in a plain box rather than a QStackedWidget, which
        # is as tall as its tallest page: each page gets the window sized to itself.
        self.pages = QWidget(self)
        self._pages = [
            self._build_login(hub_url, username),
            self._build_enrol(),
            self._build_recovery(),
            self._build_password(),
        ]
        self._current = LoginPage.LOGIN
        box = QVBoxLayout(self.pages)
        box.setContentsMargins(0, 0, 0, 0)
        for widget in self._pages:
            widget.setParent(self.pages)
            box.addWidget(widget)
        self.error = QLabel(self)
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.hide()
        # Outside the pages: usable while the hub is asked or the local hub starts.
        self.verify_button = QPushButton(self.tr("Verify a package…"), self)
        self.verify_button.setObjectName("loginVerifyPackage")
        self.verify_button.setFlat(True)
        self.verify_button.setAutoDefault(False)
        self.verify_button.setToolTip(
            self.tr("Check an evidence package file on this machine, without signing in.")
        )
        self.verify_button.clicked.connect(self.verifyRequested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.verify_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self._go(LoginPage.LOGIN)

    # --- building ------------------------------------------------------------------

    def _build_login(self, hub_url: str, username: str) -> QWidget:
        page = QWidget(self)
        title = QLabel(self.tr("Log in to the control-room hub"), page)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        title.setFont(font)
        title.setWordWrap(True)
        self.url_edit = QLineEdit(hub_url, page)
        # Several hubs of one database, separated by commas, are a failover list.
        self.url_edit.setPlaceholderText(self.tr("https://hub:8470 — several: separate by commas"))
        self.url_edit.setToolTip(
            self.tr(
                "The hub's address. Several hubs of the same system, separated by commas: "
                "the console switches to the next one that answers if its hub stops answering."
            )
        )
        self.user_edit = QLineEdit(username, page)
        self.password_edit = QLineEdit(page)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.code_edit = QLineEdit(page)
        self.code_edit.setPlaceholderText(self.tr("6 digits, or a recovery code"))
        self.code_edit.setMaxLength(32)
        self.login_button = QPushButton(self.tr("Log in"), page)
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self._emit_login)
        for edit in (self.url_edit, self.user_edit, self.password_edit, self.code_edit):
            edit.returnPressed.connect(self._emit_login)
        form = QFormLayout()
        form.addRow(self.tr("Hub address"), self.url_edit)
        form.addRow(self.tr("User name"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("One-time code (OTP)"), self.code_edit)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.login_button, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def _build_enrol(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(
            self.tr(
                "First login: set up multi-factor authentication (MFA). Scan the QR code "
                "with an authenticator app, or type the secret key by hand, then enter "
                "the first code it shows."
            ),
            page,
        )
        intro.setWordWrap(True)
        self.qr_label = QLabel(page)
        self.qr_label.setFixedSize(QR_SIZE, QR_SIZE)
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.secret_label = QLabel(page)
        self.secret_label.setFont(_fixed_font())
        self.secret_label.setWordWrap(True)
        self.secret_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enrol_code_edit = QLineEdit(page)
        self.enrol_code_edit.setMaxLength(6)
        self.enrol_code_edit.returnPressed.connect(self._emit_enrolment_code)
        self.enrol_button = QPushButton(self.tr("Confirm"), page)
        self.enrol_button.clicked.connect(self._emit_enrolment_code)
        form = QFormLayout()
        form.addRow(self.tr("Secret key"), self.secret_label)
        form.addRow(self.tr("One-time code (OTP)"), self.enrol_code_edit)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.qr_label, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(form)
        layout.addWidget(self.enrol_button, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def _build_recovery(self) -> QWidget:
        page = QWidget(self)
        warning = QLabel(
            self.tr(
                "These ten recovery codes are shown only once. Store them in a safe "
                "place: each one replaces a one-time code once if the authenticator is lost."
            ),
            page,
        )
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #8a5300; font-weight: bold;")
        self.recovery_text = QPlainTextEdit(page)
        self.recovery_text.setReadOnly(True)
        self.recovery_text.setFont(_fixed_font())
        self.recovery_button = QPushButton(self.tr("I have stored the codes"), page)
        self.recovery_button.clicked.connect(self.recoveryCodesStored)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(warning)
        layout.addWidget(self.recovery_text)
        layout.addWidget(self.recovery_button, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def _build_password(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(
            self.tr(
                "Your password must be changed before you continue. The new password "
                "needs at least 12 characters and must not contain your user name."
            ),
            page,
        )
        intro.setWordWrap(True)
        self.old_password_edit = QLineEdit(page)
        self.new_password_edit = QLineEdit(page)
        self.repeat_password_edit = QLineEdit(page)
        for edit in (self.old_password_edit, self.new_password_edit, self.repeat_password_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_password_edit.returnPressed.connect(self._emit_password_change)
        self.password_button = QPushButton(self.tr("Change password"), page)
        self.password_button.clicked.connect(self._emit_password_change)
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.old_password_edit)
        form.addRow(self.tr("New password"), self.new_password_edit)
        form.addRow(self.tr("Repeat the new password"), self.repeat_password_edit)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.password_button, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    # --- intents -------------------------------------------------------------------

    def _emit_login(self) -> None:
        if self._busy:
            return
        url, user = self.url_edit.text().strip(), self.user_edit.text().strip()
        if not url or not user or not self.password_edit.text():
            self.show_error(self.tr("Enter the hub address, your user name and password."))
            return
        self.loginRequested.emit(
            url, user, self.password_edit.text(), self.code_edit.text().strip()
        )

    def _emit_enrolment_code(self) -> None:
        if not self._busy:
            self.enrolmentCodeEntered.emit(self.enrol_code_edit.text().strip())

    def _emit_password_change(self) -> None:
        if self._busy:
            return
        new = self.new_password_edit.text()
        if new != self.repeat_password_edit.text():
            self.show_error(self.tr("The two new passwords do not match."))
            return
        self.passwordChangeRequested.emit(self.old_password_edit.text(), new)

    # --- states (slots for the controller) -----------------------------------------

    def page(self) -> LoginPage:
        """The page on show."""
        return self._current

    def _go(self, page: LoginPage) -> None:
        self.clear_error()
        self._current = page
        for index, widget in enumerate(self._pages):
            widget.setVisible(index == page.value)
        self.verify_button.setVisible(page is LoginPage.LOGIN)
        self.adjustSize()

    @Slot(bool)
    def set_busy(self, busy: bool, message: str = "") -> None:
        """Disable input and say the hub is being asked while a request runs (or
        ``message``, e.g. while the local hub starts)."""
        self._busy = busy
        self.pages.setEnabled(not busy)
        self.status.setText(message or self.tr("Contacting the hub…"))
        self.status.setVisible(busy)
        if busy:
            self.clear_error()
        self.busyChanged.emit(busy)

    @Slot(str)
    def show_error(self, message: str) -> None:
        """Show a (translated) error under the current page."""
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        """Hide the error line."""
        self.error.clear()
        self.error.hide()

    def error_text(self) -> str:
        """The error on show ("" when none)."""
        return self.error.text()

    def show_login(self, message: str = "") -> None:
        """Back to the first page; keeps the address and user name, clears the secrets."""
        self._go(LoginPage.LOGIN)
        self.password_edit.clear()
        self.code_edit.clear()
        if message:
            self.show_error(message)
        (self.password_edit if self.user_edit.text() else self.user_edit).setFocus()

    def ask_certificate(self, origin: str, fingerprint: str) -> QMessageBox:
        """Open (window-modal, not blocking) the question whether to trust a hub's
        certificate on first use; its ``finished`` says the answer (``Yes`` trusts).

        Args:
            origin: the hub as ``https://host:port``.
            fingerprint: the certificate's SHA-256 fingerprint (``AB:CD:…``).
        """
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("New hub certificate"))
        box.setText(
            self.tr(
                "This workstation has not connected to %1 before. Compare the certificate "
                "fingerprint below with the one your administrator gave you. Trust it only "
                "if every character matches."
            ).replace("%1", origin)
        )
        box.setInformativeText(_fingerprint_lines(fingerprint))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        trust = box.addButton(self.tr("Trust this hub"), QMessageBox.ButtonRole.YesRole)
        refuse = box.addButton(self.tr("Do not connect"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(refuse)
        box.setEscapeButton(refuse)
        box.setProperty("trustButton", trust)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        return box

    def login_refused(self, message: str) -> None:
        """A refused login: keep the address and user name, clear the secrets, say why."""
        self.show_login(message)

    def show_enrolment(self, qr_png: bytes, secret: str) -> None:
        """Show the QR code (PNG from the hub) and the secret key of a new authenticator."""
        pixmap = QPixmap()
        pixmap.loadFromData(qr_png, "PNG")
        self.qr_label.setPixmap(
            pixmap.scaled(
                QR_SIZE,
                QR_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,  # keep the modules sharp
            )
        )
        grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        self.secret_label.setText(grouped)
        self.enrol_code_edit.clear()
        self._go(LoginPage.ENROL)
        self.enrol_code_edit.setFocus()

    def enrolment_code_refused(self, message: str) -> None:
        """The first code did not match: stay on the enrolment page."""
        self.enrol_code_edit.clear()
        self.show_error(message)

    def show_recovery_codes(self, codes: list[str]) -> None:
        """Show the recovery codes once, with the warning to store them."""
        self.recovery_text.setPlainText("\n".join(codes))
        self._go(LoginPage.RECOVERY_CODES)

    def show_password_change(self) -> None:
        """Ask for a new password (the hub requires one)."""
        for edit in (self.old_password_edit, self.new_password_edit, self.repeat_password_edit):
            edit.clear()
        self._go(LoginPage.PASSWORD_CHANGE)
        self.old_password_edit.setFocus()


def _fingerprint_lines(fingerprint: str) -> str:
    """A fingerprint in two lines of 16 bytes (easier to compare, fits a dialog)."""
    parts = fingerprint.split(":")
    return "SHA-256:\n" + "\n".join(":".join(parts[i : i + 16]) for i in range(0, len(parts), 16))
