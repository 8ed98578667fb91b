# SPDX-License-Identifier: GPL-3.0-or-later
"""The console and a hub served over HTTPS: trust on first use, pinning, a changed certificate."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from console.login import LoginController
from console.settings import WorkstationSettings
from console.trust import (
    CertificateChanged,
    CertificateUnknown,
    HubTrust,
    InsecureHub,
    origin_of,
)
from hub.audit.models import AuditRecord
from hub.auth import totp
from hub.contracts import Role
from hub.testing import PASSWORD, LiveHub, Province, add_user, seed_province, settings_for_tests
from hub.tls import make_self_signed, pem_fingerprint
from tests.console.conftest import MemoryKeyring
from widgets.login_dialog import LoginDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def certs(tmp_path: Path) -> tuple[Path, Path]:
    files = make_self_signed(["127.0.0.1", "localhost"], tmp_path / "hub-tls")
    return files.cert, files.key


@pytest.fixture
def tls_hub(tmp_path: Path, certs: tuple[Path, Path]) -> Iterator[LiveHub]:
    settings = settings_for_tests(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "data")
    hub = LiveHub(settings, tls=certs).start()
    yield hub
    hub.stop()


@pytest.fixture
def province(tls_hub: LiveHub) -> Province:
    p = seed_province(tls_hub.hub)
    add_user(tls_hub.hub, p, "alice", "districtA", [Role.OPERATOR])
    return p


class Asked:
    """Stands in for the operator answering the certificate question."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.questions: list[tuple[str, str]] = []

    async def __call__(self, origin: str, fingerprint: str) -> bool:
        self.questions.append((origin, fingerprint))
        return self.answer


def login_ui(
    qtbot: QtBot, url: str, trust: HubTrust, confirm: Asked | None
) -> tuple[LoginDialog, LoginController]:
    dialog = LoginDialog(url)
    qtbot.addWidget(dialog)
    controller = LoginController(dialog, WorkstationSettings(), trust=trust, confirm=confirm)
    dialog.show()
    return dialog, controller


def log_in(qtbot: QtBot, dialog: LoginDialog, code: str) -> None:
    dialog.user_edit.setText("alice")
    dialog.password_edit.setText(PASSWORD)
    dialog.code_edit.setText(code)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def code(hub: LiveHub, province: Province) -> str:
    hub.clock.advance(seconds=totp.STEP_SECONDS)
    return totp.code_at(province.secrets["alice"], hub.clock.now())


def login_attempts(hub: LiveHub) -> int:
    with hub.hub.sessions() as s:
        actions = s.scalars(select(AuditRecord.action)).all()
    return sum(1 for a in actions if a.startswith("auth.login"))


def run(qtbot: QtBot, coroutine: Coroutine[Any, Any, None]) -> None:
    """Run ``coroutine`` on the (already running) qasync loop; re-raise what it raised."""
    task = asyncio.ensure_future(coroutine)
    qtbot.waitUntil(task.done, timeout=15_000)
    task.result()


def close(qtbot: QtBot, controller: LoginController) -> None:
    closing = asyncio.ensure_future(controller.aclose())
    qtbot.waitUntil(closing.done)


def test_first_login_asks_the_fingerprint_pins_it_and_then_no_longer_asks(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    tls_hub: LiveHub,
    province: Province,
    certs: tuple[Path, Path],
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    trust = HubTrust(tmp_path / "trust")
    expected = pem_fingerprint(certs[0].read_bytes())
    asked = Asked(True)
    dialog, controller = login_ui(qtbot, tls_hub.url, trust, asked)
    with qtbot.waitSignal(controller.loggedIn, timeout=15_000):
        log_in(qtbot, dialog, code(tls_hub, province))
    assert asked.questions == [(origin_of(tls_hub.url), expected)]
    assert trust.pinned(origin_of(tls_hub.url)) == expected
    pins = json.loads((tmp_path / "trust" / "pins.json").read_text())
    assert list(pins) == [origin_of(tls_hub.url)]
    # libVLC's trust directory holds the pinned certificate (video comes with it too)
    [pem] = list(trust.trust_directory().glob("hub-*.pem"))
    assert pem_fingerprint(pem.read_bytes()) == expected
    close(qtbot, controller)

    again = Asked(False)  # would refuse: must not even be asked
    dialog, controller = login_ui(qtbot, tls_hub.url, trust, again)
    with qtbot.waitSignal(controller.loggedIn, timeout=15_000):
        log_in(qtbot, dialog, code(tls_hub, province))
    assert again.questions == []
    close(qtbot, controller)


def test_refusing_the_certificate_sends_nothing(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    tls_hub: LiveHub,
    province: Province,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    trust = HubTrust(tmp_path / "trust")
    asked = Asked(False)
    dialog, controller = login_ui(qtbot, tls_hub.url, trust, asked)
    before = login_attempts(tls_hub)
    log_in(qtbot, dialog, code(tls_hub, province))
    qtbot.waitUntil(lambda: bool(dialog.error_text()), timeout=15_000)
    assert "không được tin cậy" in dialog.error_text()  # Vietnamese: "not trusted"
    assert len(asked.questions) == 1
    assert trust.pinned(origin_of(tls_hub.url)) is None
    assert login_attempts(tls_hub) == before  # the password never left the workstation
    close(qtbot, controller)


def test_a_changed_certificate_is_refused_before_the_password_is_sent(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    tmp_path: Path,
    province: Province,
    tls_hub: LiveHub,
    memory_keyring: MemoryKeyring,
) -> None:
    trust = HubTrust(tmp_path / "trust")
    # The workstation pinned another certificate for this address (the real hub's old
    # one, or the one an attacker replaced).
    other = make_self_signed(["127.0.0.1"], tmp_path / "other")
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    der = x509.load_pem_x509_certificate(other.cert.read_bytes()).public_bytes(Encoding.DER)
    trust.pin(origin_of(tls_hub.url), der)
    asked = Asked(True)
    dialog, controller = login_ui(qtbot, tls_hub.url, trust, asked)
    before = login_attempts(tls_hub)
    log_in(qtbot, dialog, code(tls_hub, province))
    qtbot.waitUntil(lambda: bool(dialog.error_text()), timeout=15_000)
    assert "đã thay đổi" in dialog.error_text()  # Vietnamese: "has changed"
    assert asked.questions == []  # a changed certificate is never offered for trust
    assert login_attempts(tls_hub) == before
    with pytest.raises(CertificateChanged):
        run(qtbot, trust.check(tls_hub.url, asked))
    close(qtbot, controller)


def test_a_fingerprint_given_beforehand_pins_without_asking(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    tls_hub: LiveHub,
    certs: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    trust = HubTrust(tmp_path / "trust")
    expected = pem_fingerprint(certs[0].read_bytes())
    wrong = expected.replace(expected[:2], "00" if expected[:2] != "00" else "11", 1)
    with pytest.raises(CertificateUnknown) as refused:
        run(qtbot, trust.check(tls_hub.url, None, wrong))
    assert refused.value.presented == expected
    assert trust.pinned(origin_of(tls_hub.url)) is None
    run(qtbot, trust.check(tls_hub.url, None, expected.replace(":", "").lower()))
    assert trust.pinned(origin_of(tls_hub.url)) == expected


def test_plain_http_only_to_this_machine(
    qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    trust = HubTrust(tmp_path / "trust")
    run(qtbot, trust.check("http://127.0.0.1:8470", None))  # the embedded hub
    with pytest.raises(InsecureHub):
        run(qtbot, trust.check("http://10.20.0.5:8470", None))


def test_the_question_shows_the_whole_fingerprint(
    qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    dialog = LoginDialog("https://hub.ioc.example:8470")
    qtbot.addWidget(dialog)
    controller = LoginController(dialog, WorkstationSettings(), trust=HubTrust(tmp_path))
    dialog.show()
    fingerprint = ":".join(f"{i:02X}" for i in range(32))
    answer = asyncio.ensure_future(
        controller.ask_certificate("https://hub.ioc.example:8470", fingerprint)
    )
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox) is not None, timeout=5_000)
    box = dialog.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    shown = box.informativeText().replace("\n", ":").removeprefix("SHA-256::")
    assert shown == fingerprint
    assert "https://hub.ioc.example:8470" in box.text()
    qtbot.mouseClick(box.property("trustButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(answer.done, timeout=5_000)
    assert answer.result() is True
