# SPDX-License-Identifier: GPL-3.0-or-later
"""The login window alone: what the operator sees (in Vietnamese), which intents leave it."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
import segno
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from i18n.catalog import build_qm
from widgets.login_dialog import LoginDialog, LoginPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CODES = [f"abcd-{i:04d}" for i in range(10)]


@pytest.fixture
def dialog(qtbot: QtBot) -> LoginDialog:
    d = LoginDialog("http://127.0.0.1:8470", "")
    qtbot.addWidget(d)
    d.show()
    return d


def qr_png() -> bytes:
    out = io.BytesIO()
    segno.make(f"otpauth://totp/vwall:alice?secret={SECRET}").save(out, kind="png", scale=4)
    return out.getvalue()


def test_fields_are_labelled_in_vietnamese(dialog: LoginDialog) -> None:
    texts = {label.text() for label in dialog.findChildren(type(dialog.error))}
    assert {"Tên đăng nhập", "Mật khẩu", "Mã xác thực một lần (OTP)"} <= texts
    assert dialog.login_button.text() == "Đăng nhập"
    assert dialog.url_edit.text() == "http://127.0.0.1:8470"
    assert dialog.page() is LoginPage.LOGIN


def test_log_in_emits_the_typed_values(qtbot: QtBot, dialog: LoginDialog) -> None:
    qtbot.keyClicks(dialog.user_edit, "alice")
    dialog.password_edit.setText("mật khẩu dài 12345")  # keyClicks types ASCII only
    qtbot.keyClicks(dialog.code_edit, "123456")
    with qtbot.waitSignal(dialog.loginRequested) as sent:
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert sent.args == ["http://127.0.0.1:8470", "alice", "mật khẩu dài 12345", "123456"]


def test_missing_password_is_said_and_nothing_is_sent(qtbot: QtBot, dialog: LoginDialog) -> None:
    qtbot.keyClicks(dialog.user_edit, "alice")
    with qtbot.assertNotEmitted(dialog.loginRequested):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert "Mật khẩu" in dialog.error_text() or "mật khẩu" in dialog.error_text()


def test_busy_state_blocks_input(qtbot: QtBot, dialog: LoginDialog) -> None:
    dialog.set_busy(True)
    assert not dialog.pages.isEnabled() and dialog.status.isVisible()
    with qtbot.assertNotEmitted(dialog.loginRequested):
        dialog.password_edit.returnPressed.emit()
    dialog.set_busy(False)
    assert dialog.pages.isEnabled() and not dialog.status.isVisible()


def test_refused_login_keeps_the_user_name_and_clears_secrets(dialog: LoginDialog) -> None:
    dialog.user_edit.setText("alice")
    dialog.password_edit.setText("secret secret")
    dialog.code_edit.setText("000000")
    dialog.login_refused("Sai")
    assert dialog.user_edit.text() == "alice"
    assert dialog.password_edit.text() == "" and dialog.code_edit.text() == ""
    assert dialog.error_text() == "Sai" and dialog.error.isVisible()


def test_enrolment_shows_the_qr_code_and_secret(qtbot: QtBot, dialog: LoginDialog) -> None:
    dialog.show_enrolment(qr_png(), SECRET)
    assert dialog.page() is LoginPage.ENROL
    pixmap = dialog.qr_label.pixmap()
    assert not pixmap.isNull() and pixmap.width() > 100
    assert dialog.secret_label.text().replace(" ", "") == SECRET
    qtbot.keyClicks(dialog.enrol_code_edit, "654321")
    with qtbot.waitSignal(dialog.enrolmentCodeEntered) as sent:
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    assert sent.args == ["654321"]


def test_recovery_codes_are_shown_with_a_warning(qtbot: QtBot, dialog: LoginDialog) -> None:
    dialog.show_recovery_codes(CODES)
    assert dialog.page() is LoginPage.RECOVERY_CODES
    assert dialog.recovery_text.toPlainText().splitlines() == CODES
    assert dialog.recovery_text.isReadOnly()
    with qtbot.waitSignal(dialog.recoveryCodesStored):
        qtbot.mouseClick(dialog.recovery_button, Qt.MouseButton.LeftButton)


def test_password_change_checks_the_repeat(qtbot: QtBot, dialog: LoginDialog) -> None:
    dialog.show_password_change()
    assert dialog.page() is LoginPage.PASSWORD_CHANGE
    dialog.old_password_edit.setText("old password 1")
    dialog.new_password_edit.setText("a new passphrase 99")
    dialog.repeat_password_edit.setText("a new passphrase 98")
    with qtbot.assertNotEmitted(dialog.passwordChangeRequested):
        qtbot.mouseClick(dialog.password_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text()
    dialog.repeat_password_edit.setText("a new passphrase 99")
    with qtbot.waitSignal(dialog.passwordChangeRequested) as sent:
        qtbot.mouseClick(dialog.password_button, Qt.MouseButton.LeftButton)
    assert sent.args == ["old password 1", "a new passphrase 99"]


class StretchedTranslator(QTranslator):
    """The Vietnamese catalogue with every string made half as long again (Vorta's habit)."""

    def __init__(self, inner: QTranslator) -> None:
        super().__init__()
        self.inner = inner

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        text = self.inner.translate(context, source, disambiguation, n) or source
        return text + text[: (len(text) + 1) // 2]


@pytest.fixture
def stretched(qapp: QApplication) -> Iterator[None]:
    inner = QTranslator()
    assert inner.load(str(build_qm("vi")))
    translator = StretchedTranslator(inner)
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def every_page(qtbot: QtBot) -> Iterator[LoginDialog]:
    d = LoginDialog("http://127.0.0.1:8470", "nguyen.van.an")
    qtbot.addWidget(d)
    d.show()
    d.login_refused(d.tr("Enter the hub address, your user name and password."))
    yield d
    d.show_enrolment(qr_png(), SECRET)
    yield d
    d.show_recovery_codes(CODES)
    yield d
    d.show_password_change()
    d.set_busy(True)
    yield d


@pytest.mark.usefixtures("stretched")
def test_stretched_text_still_fits(qtbot: QtBot) -> None:
    for d in every_page(qtbot):
        assert d.width() <= 900, d.page()
        for button in d.findChildren(QPushButton):
            if button.isVisible():
                needed = button.fontMetrics().horizontalAdvance(button.text())
                assert button.width() >= needed, button.text()
        for label in d.findChildren(QLabel):
            if label.isVisible() and not label.wordWrap() and label.text():
                needed = label.fontMetrics().horizontalAdvance(label.text())
                assert label.width() >= needed, label.text()


def test_vietnamese_text_fits(dialog: LoginDialog) -> None:
    for page in (LoginPage.LOGIN, LoginPage.ENROL, LoginPage.RECOVERY_CODES):
        if page is LoginPage.ENROL:
            dialog.show_enrolment(qr_png(), SECRET)
        elif page is LoginPage.RECOVERY_CODES:
            dialog.show_recovery_codes(CODES)
        dialog.adjustSize()
        for button in (dialog.login_button, dialog.enrol_button, dialog.recovery_button):
            if button.isVisible():
                assert button.width() >= button.fontMetrics().horizontalAdvance(button.text())
