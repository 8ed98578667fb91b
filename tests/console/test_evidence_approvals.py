# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence packages waiting for a second person reach the approver in the console,
against a real hub that builds them with real ffmpeg (DH profile):

- the requester asks for a package with the original footage; the approver's approvals
  dock lists it (pushed by the hub, ``evidence.package``) next to the extraction
  requests, with the case, the package and who asks;
- the approver approves it from the dock; the hub builds it; the requester's Packages
  tab shows it ready from the hub's pushes, with no polling timer running (the tab polls
  only while its push stream is down);
- a decision the hub refuses (already decided) is said in words, as on the tab.

And "Verify a package…" on the login window, on a console that never signs in: the
same dialog, no trusted key filled in, the package checked against its own key (and
said so), a pasted fingerprint trusted or named as not the trusted one.
"""

from __future__ import annotations

import asyncio
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
import shiboken6
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from console.app import ConsoleApp
from console.evidence import WAITING_POLL_MS
from console.settings import WorkstationSettings
from console.wall_controller import WallMemory
from hub.client import HubApiError
from hub.evidence.contracts import PackageDecisionIn, PackageIn
from hub.evidence.verify import VerifyReport
from tests.console.conftest import MemoryKeyring
from tests.console.test_cases import WAIT, CaseSite, Consoles, cases, consoles
from tests.console.test_evidence import (
    BUILD,
    _case,
    _dialog,
    _show,
    answered,
    case_site,
    evidence,
)
from tests.widgets.still_player import StillPlayer
from widgets.case_approvals import PACKAGE
from widgets.evidence_panel import PackageDecisionDialog
from widgets.verify_dialog import VerifyDialog

__all__ = ["case_site", "consoles"]  # the fixtures, imported to be found

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

PUSHED = 30_000  # ms: a push crosses the hub and the console's event stream


@pytest.mark.timeout(600)
def test_an_approver_decides_a_waiting_package_from_the_approvals_dock(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles, tmp_path: Path
) -> None:
    w = case_site.world
    cid = _case(w, tmp_path)
    with w.http("ioc_cw") as http:
        rid = http.get(f"/api/cases/{cid}").json()["extraction_requests"][0]["id"]
    requester = consoles("ioc_cw")
    approver = consoles("ioc_appr")
    dock = cases(approver).approvals
    assert dock.packages == {}
    qtbot.waitUntil(lambda: requester.session.events.connected, timeout=WAIT)
    qtbot.waitUntil(lambda: approver.session.events.connected, timeout=WAIT)
    ev = _show(qtbot, requester, cid)
    panel = ev.panel

    # The requester asks for a package with the originals: it waits for a second person.
    req = PackageIn(request_id=rid, device_identifier="SN-USB-0001", raw=True)
    package_id, status = answered(
        qtbot, ev.requested, ev.failed, lambda: ev.cases.spawn(ev.request(cid, req)), BUILD
    )
    assert status == "pending_approval"
    qtbot.waitUntil(lambda: package_id in panel.items, timeout=WAIT)
    assert not ev._timer.isActive()  # pushes arrive: nothing polls

    # Polling is only the fallback: the stream down, the tab polls; back, it stops.
    stream = requester.session.events
    stream.stop()
    qtbot.waitUntil(ev._timer.isActive, timeout=WAIT)
    assert ev._timer.interval() == WAITING_POLL_MS
    client = cases(requester).client
    assert client is not None
    stream.start(client)
    qtbot.waitUntil(lambda: stream.connected and not ev._timer.isActive(), timeout=WAIT)

    # The approver's dock lists it, pushed, next to the extraction requests.
    qtbot.waitUntil(lambda: package_id in dock.packages, timeout=PUSHED)
    item = dock.packages[package_id]
    assert item.case_id == cid and item.requester.startswith("ioc_cw")
    assert item.purpose == "Chuyển công an phường"
    assert dock.select(package_id, PACKAGE)
    text = dock.list.currentItem().text()
    assert item.case_number in text and item.number in text
    assert not dock.approve_button.isHidden() and not dock.reject_button.isHidden()
    assert dock.decide_button.isHidden()
    assert dock.header.text() == dock.count_text(1)
    approver.window.resize(1400, 900)
    cases(approver).show_approvals()
    qtbot.waitUntil(dock.isVisible, timeout=WAIT)
    dock.window().grab().save(str(_shots() / "evidence_dock.png"))

    # Approved from the dock: built by the hub, gone from the dock.
    other = evidence(approver)
    dock.approve_button.click()
    decision = _dialog(qtbot, approver, PackageDecisionDialog)
    decision.note_edit.setPlainText("Đồng ý chuyển")
    decided = answered(qtbot, other.decided, other.failed, decision.ok_button.click, BUILD)
    assert decided == [package_id, "ready"]
    qtbot.waitUntil(lambda: dock.packages == {}, timeout=WAIT)
    ready = other.tr("Package %1 is ready to download.").replace("%1", item.number)
    assert cases(approver).last_message == ready  # said in the status bar

    # The requester's tab shows it ready from the pushes alone.
    qtbot.waitUntil(lambda: panel.items[package_id].status == "ready", timeout=PUSHED)
    assert not ev._timer.isActive()
    assert panel.select(package_id)
    assert not panel.download_button.isHidden()

    # A decision the hub refuses (already decided): said in words, as on the tab.
    with qtbot.waitSignal(other.failed, timeout=WAIT) as failed:
        other.cases.spawn(other.decide(cid, package_id, PackageDecisionIn(verdict="reject")))
    assert failed.args == ["package_decide", "evidence.not_pending"]
    refusal = cases(approver).texts.refusal(HubApiError(409, "evidence.not_pending", ""))
    assert cases(approver).last_message == refusal


def _shots() -> Path:
    """Where the pictures for the eye go (outside the repository)."""
    out = Path("/tmp/vwall-shots")
    out.mkdir(exist_ok=True)
    return out


@pytest.fixture
def offline(
    qtbot: QtBot, qloop: qasync.QEventLoop, memory_keyring: MemoryKeyring, tmp_path: Path
) -> Iterator[ConsoleApp]:
    """A console whose hub address answers nothing, never signed in."""
    app = ConsoleApp(
        "https://127.0.0.1:9",
        WorkstationSettings(),
        player_factory=StillPlayer,
        memory=WallMemory(tmp_path / "offline.ini"),
    )
    qtbot.addWidget(app.dialog)
    qtbot.addWidget(app.window)
    app.start()
    yield app
    closing = asyncio.ensure_future(app.aclose())
    qtbot.waitUntil(closing.done, timeout=WAIT)
    if shiboken6.isValid(app.window):
        app.window.wall.shutdown()


@pytest.mark.timeout(600)
def test_verify_a_package_from_the_login_window_without_signing_in(
    qtbot: QtBot, case_site: CaseSite, offline: ConsoleApp, tmp_path: Path
) -> None:
    # A package received from elsewhere, with the fingerprint its hub published.
    w = case_site.world
    cid = _case(w, tmp_path)
    with w.http("ioc_cw") as http:
        rid = http.get(f"/api/cases/{cid}").json()["extraction_requests"][0]["id"]
        r = http.post(
            f"/api/cases/{cid}/packages",
            json={"request_id": rid, "device_identifier": "SN-USB-0001"},
            timeout=BUILD / 1000,
        )
        assert r.status_code == 201 and r.json()["status"] == "ready", r.text
        got = http.get(f"/api/cases/{cid}/packages/{r.json()['id']}/file", timeout=120)
        key = http.get("/api/evidence/key").json()["fingerprint"]
    package = tmp_path / "received.zip"
    package.write_bytes(got.content)
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(changed, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "events.json":
                data += b" "
            dst.writestr(info, data)

    app = offline
    login = app.dialog
    qtbot.waitUntil(login.isVisible, timeout=WAIT)
    assert login.verify_button.isVisible()
    verifier = app.offline_verify.verifier
    chosen = [package]
    verifier.choose_package = lambda _parent, _start: chosen[0]
    login.verify_button.click()
    qtbot.waitUntil(
        lambda: verifier.dialog is not None and verifier.dialog.isVisible(), timeout=WAIT
    )
    dialog = verifier.dialog
    assert isinstance(dialog, VerifyDialog)
    assert dialog.key_edit.text() == ""  # no hub: nothing to fill in
    assert dialog.key_note.text() == app.offline_verify.key_note()

    # Against its own key: intact, the key that signed it named.
    dialog.choose_button.click()
    assert dialog.path_edit.text() == str(package)
    with qtbot.waitSignal(verifier.verified, timeout=60_000) as checked:
        dialog.verify_button.click()
    assert checked.args == [True]
    assert dialog.headline.text() == verifier.outcome(VerifyReport()).headline
    assert key in dialog.details.text()
    dialog.grab().save(str(_shots() / "verify_offline.png"))

    # The fingerprint pasted from the hub's notice: trusted.
    QGuiApplication.clipboard().setText(key)
    dialog.key_edit.setFocus()
    dialog.key_edit.paste()
    assert dialog.key_edit.text() == key
    with qtbot.waitSignal(verifier.verified, timeout=60_000) as checked:
        dialog.verify_button.click()
    assert checked.args == [True]

    # Another hub's fingerprint: named as not the trusted one.
    dialog.key_edit.setText("sha256:" + "0" * 64)
    with qtbot.waitSignal(verifier.verified, timeout=60_000) as checked:
        dialog.verify_button.click()
    assert checked.args == [False]
    lines = [dialog.problems.item(n).text() for n in range(dialog.problems.count())]
    assert any(line.startswith(verifier.tr("The key is not the trusted one")) for line in lines)

    # A changed file: named.
    dialog.key_edit.setText(key)
    chosen[0] = changed
    dialog.choose_button.click()
    with qtbot.waitSignal(verifier.verified, timeout=60_000) as checked:
        dialog.verify_button.click()
    assert checked.args == [False]
    lines = [dialog.problems.item(n).text() for n in range(dialog.problems.count())]
    assert verifier.problem_text("file events.json hash mismatch") in lines, lines

    # Never signed in: no session, no connection to a hub was made.
    assert app.login.client is None
    assert not app.window.isVisible()
