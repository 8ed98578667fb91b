# SPDX-License-Identifier: GPL-3.0-or-later
""" "Verify a package…" (menu Cases): check an evidence package file on this workstation
with :func:`hub.evidence.verify.verify_package` — the same offline check as
``vwall-verify`` — in a worker thread, and show the outcome in words.

When a session is open, the hub's evidence key fingerprint (``GET /api/evidence/key``)
is filled in as the key to trust; offline, the operator types the fingerprint recorded
from the hub, or leaves it empty to check against the key inside the package (the
package is then only shown to be intact and self-consistent, not to come from this hub).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from console.evidence_calls import PackageCalls
from hub.client import HubApiError
from hub.evidence.verify import PackageUnreadable, VerifyReport, verify_package
from widgets.incident_model import local_time
from widgets.verify_dialog import VerifyDialog, VerifyOutcome

if TYPE_CHECKING:
    from console.cases import CasesController

_FILE = re.compile(r"^file (.+) (missing|hash mismatch|unreadable.*|appears twice)$")


def _local(iso: str | None) -> str:
    """A time-stamp as the operator reads it (local time), else as written."""
    if not iso:
        return ""
    try:
        return local_time(datetime.fromisoformat(iso), "dd/MM/yyyy HH:mm:ss")
    except ValueError:
        return iso


def choose_package(parent: QWidget, start: Path) -> Path | None:
    """Ask for a package file."""
    title = QCoreApplication.translate("PackageVerifier", "Choose an evidence package")
    chosen, _filter = QFileDialog.getOpenFileName(parent, title, str(start), "ZIP (*.zip)")
    return Path(chosen) if chosen else None


class PackageVerifier(QObject):
    """The "Verify a package…" action and its dialog.

    ``choose_package`` is a seam: tests give the file.

    Signals:
        verified(bool): a check finished (intact or not).
    """

    verified = Signal(bool)

    def __init__(self, cases: CasesController) -> None:
        super().__init__(cases)
        self.cases = cases
        self.choose_package: Callable[[QWidget, Path], Path | None] = choose_package
        self.dialog: VerifyDialog | None = None
        self.action = QAction(self.tr("Verify a package…"), self)
        self.action.setObjectName("verifyPackageAction")
        self.action.triggered.connect(lambda _=False: self.show())
        cases.menu.addAction(self.action)
        self._last_dir = Path.home()

    def show(self) -> VerifyDialog:
        """Open (or raise) the dialog; fetch the hub's key when connected."""
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.raise_()
            return self.dialog
        dialog = VerifyDialog(self.cases.window)
        dialog.chooseRequested.connect(lambda: self._choose(dialog))
        dialog.verifyRequested.connect(
            lambda path, key: self.cases.spawn(self.verify(dialog, path, key))
        )
        dialog.set_trusted(
            "",
            self.tr(
                "Empty: the key inside the package is used (the package is shown intact, "
                "not that it comes from this hub)."
            ),
        )
        self.dialog = dialog
        self.cases.ask(dialog, lambda _r: None)
        if self.cases.client is not None:
            self.cases.spawn(self._trusted_key(dialog))
        return dialog

    async def _trusted_key(self, dialog: VerifyDialog) -> None:
        client = self.cases.client
        if client is None:
            return
        try:
            key = await PackageCalls(client).key()
        except HubApiError:
            return  # offline use: the operator types the fingerprint
        if shiboken6.isValid(dialog):
            dialog.set_trusted(
                key.fingerprint,
                self.tr("The key of the hub you are signed in to."),
            )

    def _choose(self, dialog: VerifyDialog) -> None:
        chosen = self.choose_package(dialog, self._last_dir)
        if chosen is not None and shiboken6.isValid(dialog):
            self._last_dir = chosen.parent
            dialog.set_path(str(chosen))

    async def verify(self, dialog: VerifyDialog, path: str, trusted: str) -> bool:
        """Check the package in a worker thread and show the outcome."""
        dialog.set_busy(True, self.tr("Checking the package…"))
        try:
            report = await asyncio.to_thread(verify_package, path, trusted or None)
        except PackageUnreadable:
            outcome = VerifyOutcome(False, self.tr("This file is not an evidence package."))
        except ValueError:
            outcome = VerifyOutcome(
                False, self.tr("The trusted key is neither a fingerprint nor a public key.")
            )
        except OSError as exc:
            outcome = VerifyOutcome(
                False, self.tr("The package cannot be read: %1").replace("%1", str(exc))
            )
        else:
            outcome = self.outcome(report)
        if shiboken6.isValid(dialog):
            dialog.show_outcome(outcome)
        self.verified.emit(outcome.ok)
        return outcome.ok

    def outcome(self, report: VerifyReport) -> VerifyOutcome:
        """A report in the operator's words."""
        headline = (
            self.tr(
                "The package is intact: every file, the hub's signature and the "
                "time-stamp check out."
            )
            if report.ok
            else self.tr("The package does not verify:")
        )
        notes = [self.note_text(n) for n in report.notes]
        time = _local(report.time)
        if time and report.time_kind == "hub-signed":
            time += " — " + self.tr("Time-stamped by the hub itself (no time-stamping authority)")
        elif time and report.time_kind == "rfc3161":
            time += " — " + self.tr("RFC 3161 time-stamping authority")
        return VerifyOutcome(
            ok=report.ok,
            headline=headline,
            problems=[self.problem_text(p) for p in report.problems],
            notes=[n for n in notes if n],
            fingerprint=report.fingerprint or "",
            time=time,
        )

    def problem_text(self, problem: str) -> str:
        """One problem of :mod:`hub.evidence.verify` in words (its detail kept)."""
        found = _FILE.match(problem)
        if found:
            name, what = found.group(1), found.group(2)
            if what == "missing":
                return self.tr("File %1 is missing").replace("%1", name)
            if what == "hash mismatch":
                return self.tr("File %1: hash mismatch").replace("%1", name)
            if what == "appears twice":
                return self.tr("File %1 appears twice").replace("%1", name)
            return self.tr("File %1 cannot be read").replace("%1", name)
        if problem.startswith("extra file "):
            return self.tr("Extra file %1").replace("%1", problem.removeprefix("extra file "))
        if problem.startswith("signature invalid") or "(signature missing)" in problem:
            return self.tr("The signature is invalid")
        if problem.startswith("key not trusted"):
            return self.tr("The key is not the trusted one") + problem.removeprefix(
                "key not trusted"
            )
        if problem.startswith("time-stamp"):
            detail = problem.split(":", 1)[1].strip() if ":" in problem else problem
            return self.tr("The time-stamp is invalid") + f" ({detail})"
        if problem.startswith("content digest mismatch"):
            return self.tr("The manifest's content digest does not match its file list")
        if problem.startswith("public key does not match"):
            return self.tr("The public key in the package is not the one the manifest names")
        if problem.startswith("manifest invalid"):
            return self.tr("The manifest is not a valid package manifest")
        return problem

    def note_text(self, note: str) -> str:
        """A note of the check in words ("" for what the time line says already)."""
        if note.startswith("time-stamp by the hub itself"):
            return ""
        if note.startswith("time-stamp authority checked against the chain in the package"):
            return self.tr(
                "The time-stamping authority was checked against the certificates in the "
                "package, not against a root you trust."
            )
        return note

    def end(self) -> None:
        """The session ends: the dialog stays usable offline (the key field is kept)."""
