# SPDX-License-Identifier: GPL-3.0-or-later
"""Logging in through the login window against a real hub over HTTP, on qasync."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from console.login import LoginController
from console.settings import SERVICE, WorkstationSettings
from hub.audit.models import AuditRecord
from hub.auth import totp
from hub.contracts import Role
from hub.testing import PASSWORD, LiveHub, Province, add_user, seed_province
from tests.console.conftest import MemoryKeyring
from widgets.login_dialog import LoginDialog, LoginPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

WRONG = "Tên đăng nhập, mật khẩu hoặc mã xác thực một lần (OTP) không đúng."


@pytest.fixture
def province(live: LiveHub) -> Province:
    p = seed_province(live.hub)
    add_user(live.hub, p, "alice", "districtA", [Role.OPERATOR])
    return p


@pytest.fixture
def ui(
    qtbot: QtBot, qloop: qasync.QEventLoop, live: LiveHub, memory_keyring: MemoryKeyring
) -> Iterator[tuple[LoginDialog, LoginController]]:
    dialog = LoginDialog(live.url)
    qtbot.addWidget(dialog)
    controller = LoginController(dialog, WorkstationSettings())
    dialog.show()
    yield dialog, controller
    closing = asyncio.ensure_future(controller.aclose())
    qtbot.waitUntil(closing.done)


def fill(qtbot: QtBot, dialog: LoginDialog, user: str, password: str, code: str = "") -> None:
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(password)
    dialog.code_edit.setText(code)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def next_code(live: LiveHub, secret: str) -> str:
    """A fresh code: one TOTP step later, since the hub never takes a code twice."""
    live.clock.advance(seconds=totp.STEP_SECONDS)
    return totp.code_at(secret, live.clock.now())


def audit(live: LiveHub) -> list[tuple[str, str, str | None]]:
    with live.hub.sessions() as s:
        rows = s.execute(
            select(AuditRecord.action, AuditRecord.outcome, AuditRecord.reason).order_by(
                AuditRecord.seq
            )
        )
        return [(a, o, r) for a, o, r in rows]


def login_methods(live: LiveHub) -> list[str]:
    """The second factor of each successful login, from the audit trail."""
    with live.hub.sessions() as s:
        rows = s.scalars(
            select(AuditRecord.detail)
            .where(AuditRecord.action == "auth.login", AuditRecord.outcome == "success")
            .order_by(AuditRecord.seq)
        )
        return [str(json.loads(detail or "{}").get("mfa")) for detail in rows]


def test_password_and_code_log_in_and_the_keyring_keeps_no_password(
    qtbot: QtBot,
    ui: tuple[LoginDialog, LoginController],
    live: LiveHub,
    province: Province,
    memory_keyring: MemoryKeyring,
) -> None:
    dialog, controller = ui
    code = next_code(live, province.secrets["alice"])
    with qtbot.waitSignal(controller.loggedIn, timeout=10_000) as done:
        fill(qtbot, dialog, "alice", PASSWORD, code)
    assert done.args == ["alice"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert controller.grant is not None
    stored = {key: value for (service, key), value in memory_keyring.entries.items()}
    assert {service for service, _ in memory_keyring.entries} == {SERVICE}
    assert stored == {
        "hub_url": live.url,
        "username": "alice",
        "session_token": controller.grant.token,
    }
    assert not any(PASSWORD in value for value in memory_keyring.entries.values())
    WorkstationSettings().forget_token()  # logout/expiry: the next start asks again
    remembered = WorkstationSettings().load()
    assert (remembered.hub_url, remembered.username, remembered.token) == (live.url, "alice", None)
    assert ("auth.login", "success", None) in audit(live)
    assert login_methods(live) == ["totp"]


def test_hub_calls_do_not_block_the_event_loop(
    qtbot: QtBot, ui: tuple[LoginDialog, LoginController], live: LiveHub, province: Province
) -> None:
    dialog, controller = ui
    busy: list[bool] = []
    dialog.busyChanged.connect(busy.append)
    code = next_code(live, province.secrets["alice"])
    task = controller.log_in(live.url, "alice", PASSWORD, code)
    assert isinstance(task, asyncio.Task) and not task.done()  # the slot returned at once
    qtbot.waitUntil(task.done, timeout=10_000)
    assert busy == [True, False]
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_first_login_enrols_mfa(
    qtbot: QtBot,
    ui: tuple[LoginDialog, LoginController],
    live: LiveHub,
    province: Province,
    memory_keyring: MemoryKeyring,
) -> None:
    dialog, controller = ui
    add_user(live.hub, province, "bob", "districtA", [Role.OPERATOR], enrolled=False)
    fill(qtbot, dialog, "bob", PASSWORD)
    qtbot.waitUntil(lambda: dialog.page() is LoginPage.ENROL, timeout=10_000)
    assert not dialog.qr_label.pixmap().isNull()
    secret = dialog.secret_label.text().replace(" ", "")
    good = totp.code_at(secret, live.clock.now())
    dialog.enrol_code_edit.setText(f"{(int(good) + 1) % 1_000_000:06d}")
    qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text().startswith("Mã xác thực một lần (OTP) không"))
    assert dialog.page() is LoginPage.ENROL  # the operator stays with the QR code
    dialog.enrol_code_edit.setText(good)
    qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page() is LoginPage.RECOVERY_CODES, timeout=10_000)
    codes = dialog.recovery_text.toPlainText().splitlines()
    assert len(codes) == 10 and len(set(codes)) == 10
    assert not memory_keyring.entries  # nothing is kept before the codes are acknowledged
    with qtbot.waitSignal(controller.loggedIn):
        qtbot.mouseClick(dialog.recovery_button, Qt.MouseButton.LeftButton)
    assert ("auth.mfa_enrolled", "success", None) in audit(live)
    assert memory_keyring.entries[(SERVICE, "username")] == "bob"

    # A recovery code typed in the code field stands in for a lost authenticator.
    with qtbot.waitSignal(controller.loggedIn, timeout=10_000):
        controller.log_in(live.url, "bob", PASSWORD, codes[0])
    assert login_methods(live)[-2:] == ["totp_enrolment", "recovery_code"]


def test_enrolment_ticket_expires(
    qtbot: QtBot, ui: tuple[LoginDialog, LoginController], live: LiveHub, province: Province
) -> None:
    dialog, _ = ui
    add_user(live.hub, province, "dan", "districtA", [Role.OPERATOR], enrolled=False)
    fill(qtbot, dialog, "dan", PASSWORD)
    qtbot.waitUntil(lambda: dialog.page() is LoginPage.ENROL, timeout=10_000)
    secret = dialog.secret_label.text().replace(" ", "")
    live.clock.advance(minutes=6)  # the login ticket lives 5 minutes
    dialog.enrol_code_edit.setText(totp.code_at(secret, live.clock.now()))
    qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page() is LoginPage.LOGIN, timeout=10_000)
    assert dialog.error_text() == "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại."
    assert dialog.user_edit.text() == "dan"


def test_repeated_failures_slow_down_with_the_wait_said(
    qtbot: QtBot, ui: tuple[LoginDialog, LoginController], live: LiveHub, province: Province
) -> None:
    dialog, _ = ui
    for attempt in range(4):  # the test hub slows down after 3 failures
        dialog.clear_error()
        fill(qtbot, dialog, "alice", f"wrong password {attempt}", "123456")
        qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10_000)
    assert dialog.error_text().startswith("Đã nhập sai quá nhiều lần. Hãy thử lại sau ")
    assert dialog.error_text().split("sau ")[1].split(" ")[0].isdigit()


def test_wrong_code_and_unknown_user_read_the_same(
    qtbot: QtBot,
    ui: tuple[LoginDialog, LoginController],
    live: LiveHub,
    province: Province,
    memory_keyring: MemoryKeyring,
) -> None:
    dialog, _ = ui
    good = next_code(live, province.secrets["alice"])
    fill(qtbot, dialog, "alice", PASSWORD, f"{(int(good) + 1) % 1_000_000:06d}")
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10_000)
    wrong_code = dialog.error_text()
    assert wrong_code.startswith(WRONG)
    assert dialog.user_edit.text() == "alice" and dialog.password_edit.text() == ""
    dialog.clear_error()
    fill(qtbot, dialog, "nobody", PASSWORD, good)
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10_000)
    assert dialog.error_text() == wrong_code
    assert not memory_keyring.entries
    assert ("auth.mfa", "failure", "bad_totp") in audit(live)
    assert ("auth.login", "failure", "unknown_user") in audit(live)


def test_hub_down_is_said_in_vietnamese(
    qtbot: QtBot, ui: tuple[LoginDialog, LoginController], memory_keyring: MemoryKeyring
) -> None:
    dialog, _ = ui
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    dialog.url_edit.setText(url)
    fill(qtbot, dialog, "alice", PASSWORD, "123456")
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10_000)
    assert dialog.error_text().startswith(
        f"Không kết nối được tới máy chủ điều hành (hub) tại {url}."
    )
    assert dialog.user_edit.text() == "alice" and dialog.pages.isEnabled()
    assert not memory_keyring.entries


def test_an_address_that_is_no_hub_url_is_refused_before_any_call(
    qtbot: QtBot, ui: tuple[LoginDialog, LoginController]
) -> None:
    dialog, controller = ui
    busy: list[bool] = []
    dialog.busyChanged.connect(busy.append)
    dialog.url_edit.setText("hub.ioc.local")
    fill(qtbot, dialog, "alice", PASSWORD, "123456")
    qtbot.waitUntil(lambda: dialog.error_text() != "")
    assert dialog.error_text() == "Địa chỉ máy chủ điều hành (hub) không hợp lệ."
    assert busy == []
    assert controller.client is None


def test_required_password_change_then_log_in_again(
    qtbot: QtBot,
    ui: tuple[LoginDialog, LoginController],
    live: LiveHub,
    province: Province,
    memory_keyring: MemoryKeyring,
) -> None:
    dialog, controller = ui
    add_user(live.hub, province, "carol", "districtA", [Role.OPERATOR], must_change_password=True)
    fill(qtbot, dialog, "carol", PASSWORD, next_code(live, province.secrets["carol"]))
    qtbot.waitUntil(lambda: dialog.page() is LoginPage.PASSWORD_CHANGE, timeout=10_000)
    assert not memory_keyring.entries
    new = "a much longer passphrase 42"
    dialog.old_password_edit.setText(PASSWORD)
    dialog.new_password_edit.setText("short")
    dialog.repeat_password_edit.setText("short")
    qtbot.mouseClick(dialog.password_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "ít nhất 12 ký tự" in dialog.error_text(), timeout=10_000)
    dialog.new_password_edit.setText(new)
    dialog.repeat_password_edit.setText(new)
    qtbot.mouseClick(dialog.password_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page() is LoginPage.LOGIN, timeout=10_000)
    assert dialog.error_text().startswith("Đã đổi mật khẩu.")
    assert dialog.user_edit.text() == "carol"
    with qtbot.waitSignal(controller.loggedIn, timeout=10_000):
        fill(qtbot, dialog, "carol", new, next_code(live, province.secrets["carol"]))
    assert ("auth.password_changed", "success", None) in audit(live)
    assert not any(new in v or PASSWORD in v for v in memory_keyring.entries.values())
