# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence packages through the console, against a real hub that builds them with real
ffmpeg (DH profile: a package with the original footage needs a second person):

- the requester exports a package with the originals from the case view's Packages tab;
  it waits for approval, and the requester — though holding the approval right — is not
  offered Approve (forcing it shows the hub's refusal in words);
- another approver approves it in their console; the hub builds it; the requester
  downloads it into a file; it verifies with :func:`hub.evidence.verify.verify_package`
  against the hub's key; a second download is refused with the hub's words;
- a download into a place that cannot be written (a path under a file) says so, leaves
  no partial file and does not use up the one download;
- "Verify a package…" shows an untouched package intact and names the changed file of a
  modified one, and reads the hub's key when signed in.

The clip is real H.264 video (ffmpeg's test source) stored as the hub stores a cut clip;
the simulator is not needed for what is tested here (the package, not the cutting).
"""

from __future__ import annotations

import hashlib
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from console.app import ConsoleApp
from console.evidence import EvidencePackageActions
from hub.archive.clips import clip_dir
from hub.archive.models import EvidenceSnapshot
from hub.archive.snapshots import snapshot_dir
from hub.cases.models import CaseMedia
from hub.client import HubApiError
from hub.clock import ManualClock
from hub.contracts import Role
from hub.db import transaction
from hub.evidence.verify import VerifyReport, verify_package
from hub.testing import LiveHub, add_user, login, settings_for_tests
from tests.console.test_case_export import _register, _volume
from tests.console.test_cases import WAIT, CaseSite, Consoles, cases, consoles, select
from tests.hub.cases.common import QUIET, START, World, audit_actions, make_world
from widgets.evidence_panel import PackageDecisionDialog, PackageExportDialog
from widgets.verify_dialog import VerifyDialog

__all__ = ["consoles"]  # the fixture, imported to be found

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

D = TypeVar("D", bound=QWidget)
BUILD = 240_000  # ms: a build re-encodes every clip; CI machines are slow and shared


@pytest.fixture
def case_site(tmp_path: Path) -> Iterator[CaseSite]:
    """A quiet DH hub (raw exports need a second person) where one person may hold both
    the case work and the approval roles (``ioc_both``)."""
    settings = settings_for_tests(
        f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "data", profile="DH", **QUIET
    )
    live = LiveHub(settings, ManualClock(START)).start()
    try:
        world = make_world(live)
        hub = live.hub
        hub.profile = hub.profile.model_copy(update={"role_families_combinable": True})
        add_user(hub, world.province, "ioc_both", "ioc", [Role.CASE_WORKER, Role.APPROVER])
        world.tokens["ioc_both"] = login(live, world.province, "ioc_both")
        yield CaseSite(world)
    finally:
        live.stop()


def _ffmpeg(tmp: Path, args: list[str], name: str) -> bytes:
    out = tmp / name
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args, str(out)], check=True, timeout=120)
    return out.read_bytes()


def real_media(w: World, case_id: int, tmp: Path, seed: int = 0) -> None:
    """A 3 s H.264 clip and a JPEG, stored as the hub stores them, added to the case
    (another ``seed``, other colours: other files)."""
    source = ["-f", "lavfi", "-i", f"testsrc=size=320x240:rate=10,hue=h={seed * 40}"]
    clip = _ffmpeg(tmp, [*source, "-t", "3", "-pix_fmt", "yuv420p", "-c:v", "libx264"], "c.mp4")
    jpeg = _ffmpeg(tmp, [*source, "-frames:v", "1"], "s.jpg")
    clip_sha, jpeg_sha = hashlib.sha256(clip).hexdigest(), hashlib.sha256(jpeg).hexdigest()
    hub = w.live.hub
    clip_dir(hub).mkdir(parents=True, exist_ok=True)
    snapshot_dir(hub).mkdir(parents=True, exist_ok=True)
    (clip_dir(hub) / f"{clip_sha}.mp4").write_bytes(clip)
    (snapshot_dir(hub) / f"{jpeg_sha}.jpg").write_bytes(jpeg)
    at = w.now() - timedelta(minutes=30)
    who = {"added_by": w.user_id("ioc_cw"), "added_at": w.now()}
    with transaction(hub.sessions) as s:
        snap = EvidenceSnapshot(
            camera_id=w.camera_id,
            source="archive",
            file_name=f"{jpeg_sha}.jpg",
            sha256=jpeg_sha,
            size=len(jpeg),
            captured_at=at,
            taken_by=w.user_id("ioc_cw"),
            created_at=w.now(),
        )
        s.add(snap)
        s.flush()
        s.add(
            CaseMedia(
                case_id=case_id,
                camera_id=w.camera_id,
                kind="clip",
                start=at,
                end=at + timedelta(seconds=3),
                duration_seconds=3.0,
                sha256=clip_sha,
                size=len(clip),
                file_name=f"{clip_sha}.mp4",
                **who,
            )
        )
        s.add(
            CaseMedia(
                case_id=case_id,
                camera_id=w.camera_id,
                kind="snapshot",
                start=at,
                end=at,
                duration_seconds=0.0,
                sha256=jpeg_sha,
                size=len(jpeg),
                snapshot_id=snap.id,
                **who,
            )
        )


def _case(w: World, tmp: Path) -> int:
    """A sent case with a real clip and snapshot and an approved extraction request."""
    cid = int(w.open_case()["id"])
    real_media(w, cid, tmp)
    w.act("ioc_cw", cid, "send", {"police_unit_id": w.unit("wardA1")})
    with w.http("ioc_req") as http:
        rid = http.post(
            f"/api/cases/{cid}/extraction-requests",
            json={"purpose": "Chuyển công an phường", "content": "Video và ảnh"},
        ).json()["id"]
    with w.http("ioc_appr") as http:
        http.post(f"/api/extraction-requests/{rid}/decide", json={"verdict": "approve"})
    _register(w, "SN-USB-0001")
    return cid


def answered(
    qtbot: QtBot,
    done: SignalInstance,
    failed: SignalInstance,
    act: Callable[[], object],
    timeout: int,
) -> list[Any]:
    """Do ``act`` and wait for ``done`` (its arguments); a ``failed`` on the way fails at
    once with the code (the words are on screen), not after the whole timeout."""
    got: dict[str, list[Any]] = {}

    def ok(*args: Any) -> None:
        got.setdefault("done", list(args))

    def bad(*args: Any) -> None:
        got.setdefault("failed", list(args))

    done.connect(ok)
    failed.connect(bad)
    try:
        act()
        qtbot.waitUntil(lambda: bool(got), timeout=timeout)
    finally:
        done.disconnect(ok)
        failed.disconnect(bad)
    assert "failed" not in got, got
    return got["done"]


def evidence(app: ConsoleApp) -> EvidencePackageActions:
    return cases(app).evidence


def _show(qtbot: QtBot, app: ConsoleApp, case_id: int) -> EvidencePackageActions:
    """Select the case and wait until its Packages tab is read."""
    ev = evidence(app)
    with qtbot.waitSignal(ev.listed, timeout=WAIT):
        select(qtbot, app, case_id)
    view = cases(app).board.view
    view.tabs.setCurrentWidget(ev.panel)
    return ev


def _dialog(qtbot: QtBot, app: ConsoleApp, kind: type[D]) -> D:
    controller = cases(app)
    qtbot.waitUntil(
        lambda: isinstance(controller.dialog, kind) and controller.dialog.isVisible(),
        timeout=WAIT,
    )
    found = controller.dialog
    assert isinstance(found, kind)
    return found


@pytest.mark.timeout(900)  # two builds and a download, each with its own bound
def test_a_raw_package_is_approved_by_another_person_downloaded_once_and_verifies(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles, tmp_path: Path
) -> None:
    w = case_site.world
    cid = _case(w, tmp_path)
    both = consoles("ioc_both")
    ev = _show(qtbot, both, cid)
    panel = ev.panel
    assert not panel.export_button.isHidden()

    # The requester exports a package with the originals: it waits for a second person.
    panel.export_button.click()
    form = _dialog(qtbot, both, PackageExportDialog)
    assert not form.raw_check.isHidden()
    assert form.raw_check.text() == form.tr(
        "Include the original footage (needs a second approval)"
    )
    volume = tmp_path / "USB"
    volume.mkdir()
    _volume(both, volume, "SN-USB-0001")
    form.volume_button.click()
    form.raw_check.setChecked(True)
    package_id, status = answered(qtbot, ev.requested, ev.failed, form.ok_button.click, BUILD)
    assert status == "pending_approval"
    qtbot.waitUntil(lambda: package_id in panel.items, timeout=WAIT)
    assert panel.select(package_id)
    item = panel.items[package_id]
    assert item.mine and item.requester and not item.may_decide
    # Not offered to the requester, though they hold the approval right …
    assert panel.approve_button.isHidden() and panel.reject_button.isHidden()
    assert panel.download_button.isHidden()
    # … and when forced, the hub's refusal is shown in words.
    with qtbot.waitSignal(ev.failed, timeout=WAIT) as failed:
        panel.decideRequested.emit(package_id, "approve")  # as the button would
        _dialog(qtbot, both, PackageDecisionDialog).ok_button.click()
    assert failed.args == ["package_decide", "evidence.own_request"]
    own = HubApiError(403, "evidence.own_request", "")
    assert panel.message_label.text() == cases(both).texts.refusal(own)
    assert ("evidence.package_decide", "denied", "evidence.own_request") in audit_actions(
        w, "evidence.package_decide"
    )

    # A second approver sees the package waiting and approves it; the hub builds it.
    approver = consoles("ioc_appr")
    other = _show(qtbot, approver, cid)
    assert other.panel.export_button.isHidden()  # no case work: no export
    assert other.panel.select(package_id)
    assert not other.panel.approve_button.isHidden()
    approver.window.resize(1400, 900)
    cases(approver).show_board()
    other.panel.window().grab().save(str(_shots() / "evidence_approve.png"))
    other.panel.approve_button.click()
    decision = _dialog(qtbot, approver, PackageDecisionDialog)
    decision.note_edit.setPlainText("Đồng ý chuyển")
    decided = answered(qtbot, other.decided, other.failed, decision.ok_button.click, BUILD)
    assert decided == [package_id, "ready"]
    assert other.panel.download_button.isHidden()  # only the requester downloads

    # The requester's list follows (read again while it waited); ready to download.
    qtbot.waitUntil(lambda: panel.items[package_id].status == "ready", timeout=30_000)
    assert panel.select(package_id)
    assert panel.items[package_id].decider
    assert not panel.download_button.isHidden()

    # Somewhere that cannot be written: said, no partial file, the download not used up.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    ev.choose_file = lambda _parent, _start: blocker / "package.zip"
    with qtbot.waitSignal(ev.failed, timeout=WAIT) as failed:
        panel.download_button.click()
    assert failed.args == ["package_download", "not_writable"]
    assert panel.message_label.text() == ev.write_error("not_writable")
    assert not list(tmp_path.glob("**/*.part"))
    qtbot.waitUntil(lambda: not panel.download_button.isHidden(), timeout=WAIT)

    # Into the chosen file: streamed, hash checked, verifies against the hub's key.
    target = volume / "package.zip"
    ev.choose_file = lambda _parent, start: target if start.parent == volume else None
    done = answered(qtbot, ev.downloaded, ev.failed, panel.download_button.click, 120_000)
    assert done == [package_id, str(target)]
    assert not list(volume.glob("*.part"))
    with w.http("ioc_both") as http:
        fingerprint = http.get("/api/evidence/key").json()["fingerprint"]
        sha = http.get(f"/api/cases/{cid}/packages/{package_id}").json()["sha256"]
    assert hashlib.sha256(target.read_bytes()).hexdigest() == sha
    report = verify_package(target, trusted_key=fingerprint)
    assert report.ok, report.problems
    with zipfile.ZipFile(target) as zf:
        assert any(n.startswith("original/") for n in zf.namelist())
    qtbot.waitUntil(lambda: panel.items[package_id].downloaded_at is not None, timeout=WAIT)
    assert panel.download_button.isHidden()

    # Once: a second fetch is refused with the hub's words.
    stale = next(p for p in ev.packages if p.id == package_id)
    with qtbot.waitSignal(ev.failed, timeout=WAIT) as failed:
        ev.cases.spawn(ev.download(stale, tmp_path / "again.zip"))
    assert failed.args == ["package_download", "evidence.already_collected"]
    again = HubApiError(409, "evidence.already_collected", "")
    assert panel.message_label.text() == cases(both).texts.refusal(again)
    assert not (tmp_path / "again.zip").exists()
    assert not list(tmp_path.glob("*.part"))

    # What the requester sees (for the eye; Vietnamese must fit).
    window = both.window
    window.resize(1400, 900)
    cases(both).show_board()
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=WAIT)
    panel.window().grab().save(str(_shots() / "evidence_packages.png"))


def test_verify_shows_an_untouched_package_intact_and_names_a_changed_file(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles, tmp_path: Path
) -> None:
    w = case_site.world
    cid = _case(w, tmp_path)
    with w.http("ioc_both") as http:
        rid = http.get(f"/api/cases/{cid}").json()["extraction_requests"][0]["id"]
        r = http.post(
            f"/api/cases/{cid}/packages",
            json={"request_id": rid, "device_identifier": "SN-USB-0001"},
            timeout=BUILD / 1000,
        )
        assert r.status_code == 201 and r.json()["status"] == "ready", r.text
        got = http.get(f"/api/cases/{cid}/packages/{r.json()['id']}/file", timeout=120)
        key = http.get("/api/evidence/key").json()["fingerprint"]
    package = tmp_path / "package.zip"
    package.write_bytes(got.content)
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(changed, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "case.json":
                data = data.replace(b'"', b"'", 1)
            dst.writestr(info, data)

    app = consoles("ioc_both")
    verifier = evidence(app).verifier
    chosen = [package]
    verifier.choose_package = lambda _parent, _start: chosen[0]
    verifier.action.trigger()
    dialog = _dialog(qtbot, app, VerifyDialog)
    qtbot.waitUntil(lambda: dialog.key_edit.text() == key, timeout=WAIT)  # the hub's key
    dialog.choose_button.click()
    with qtbot.waitSignal(verifier.verified, timeout=60_000) as checked:
        dialog.verify_button.click()
    assert checked.args == [True]
    assert dialog.headline.text() == verifier.outcome(VerifyReport()).headline
    assert key in dialog.details.text()
    assert dialog.problems.count() == 0
    dialog.grab().save(str(_shots() / "verify_intact.png"))

    chosen[0] = changed
    dialog.choose_button.click()
    with qtbot.waitSignal(verifier.verified, timeout=60_000) as checked:
        dialog.verify_button.click()
    assert checked.args == [False]
    lines = [dialog.problems.item(n).text() for n in range(dialog.problems.count())]
    assert verifier.problem_text("file case.json hash mismatch") in lines, lines
    dialog.grab().save(str(_shots() / "verify_changed.png"))

    # Another key to trust: named as not trusted.
    dialog.key_edit.setText("sha256:" + "0" * 64)
    chosen[0] = package
    dialog.choose_button.click()
    with qtbot.waitSignal(verifier.verified, timeout=60_000) as checked:
        dialog.verify_button.click()
    assert checked.args == [False]
    lines = [dialog.problems.item(n).text() for n in range(dialog.problems.count())]
    assert any(line.startswith(verifier.tr("The key is not the trusted one")) for line in lines)

    # No key to trust (a machine that never saw the hub): intact against its own key.
    dialog.key_edit.clear()
    with qtbot.waitSignal(verifier.verified, timeout=60_000) as checked:
        dialog.verify_button.click()
    assert checked.args == [True]
    assert key in dialog.details.text()

    # Not a package at all.
    chosen[0] = tmp_path / "notes.txt"
    chosen[0].write_text("không phải gói")
    dialog.choose_button.click()
    with qtbot.waitSignal(verifier.verified, timeout=60_000) as checked:
        dialog.verify_button.click()
    assert checked.args == [False]
    assert dialog.headline.text() == verifier.tr("This file is not an evidence package.")


def _shots() -> Path:
    """Where the pictures for the eye go (outside the repository)."""
    out = Path("/tmp/vwall-shots")
    out.mkdir(exist_ok=True)
    return out


def test_a_cancelled_download_leaves_no_partial_file_and_says_what_the_hub_counts(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles, tmp_path: Path
) -> None:
    w = case_site.world
    cid = _case(w, tmp_path)
    app = consoles("ioc_both")
    ev = _show(qtbot, app, cid)
    panel = ev.panel

    # Without the originals no second person is needed: built at once.
    panel.export_button.click()
    form = _dialog(qtbot, app, PackageExportDialog)
    volume = tmp_path / "USB"
    volume.mkdir()
    _volume(app, volume, "SN-USB-0001")
    form.volume_button.click()
    package_id, status = answered(qtbot, ev.requested, ev.failed, form.ok_button.click, BUILD)
    assert status == "ready"
    qtbot.waitUntil(lambda: not panel.download_button.isHidden(), timeout=WAIT)

    # Cancelled as the first bytes arrive (while the progress bar shows).
    seen: list[bool] = []

    def progress(done: int, total: int) -> None:
        seen.append(panel.progress.isVisible() and panel.cancel_button.isVisible())
        panel.cancel_button.click()

    ev._progress = progress  # type: ignore[method-assign]
    ev.choose_file = lambda _parent, _start: volume / "package.zip"
    with qtbot.waitSignal(ev.failed, timeout=120_000) as failed:
        panel.download_button.click()
    assert failed.args == ["package_download", "cancelled"]
    assert seen and all(seen)
    assert list(volume.iterdir()) == []  # no partial file
    assert panel.message_label.text() == ev.write_error("cancelled")
    qtbot.waitUntil(lambda: panel.progress.isHidden(), timeout=WAIT)
    # The hub counted it collected: the list says so, and offers no download.
    qtbot.waitUntil(lambda: panel.items[package_id].downloaded_at is not None, timeout=WAIT)
    assert panel.download_button.isHidden()
