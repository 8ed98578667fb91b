# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence packages in the console: the "Packages" tab of the case view (export a
package, a second person's approval of one with the original footage, the download of
one's own), and "Verify a package…" (:mod:`console.evidence_verify`).

A package is an export of the case (the same approved request and registered device as
"Export"), built by the hub into a signed, time-stamped ZIP (:mod:`hub.evidence`). The
hub pushes every step of a package (``evidence.package``: asked, decided, built, failed,
collected) to its requester and to whoever may decide it or works on the case; the list
of the case on show is read again on each such push. Only while no pushes arrive (the
event stream is down, or the user is not among those the hub tells) is it polled: every
:data:`POLL_MS` while a package is being built (or a request of mine is on its way), and
every :data:`WAITING_POLL_MS` while one waits for a second person.

The packages waiting for me as a second person (``GET /api/evidence/pending``) are listed
with the extraction requests in the approvals dock (:mod:`widgets.case_approvals`), where
Approve / Reject ask and answer as on the Packages tab.

Approve / Reject show only to a holder of ``approval.grant`` on a package waiting for a
second person that someone else asked for (the hub refuses one's own too, and its words
are shown if it does). Only the requester downloads, once (:mod:`console.evidence_calls`):
into a file chosen with the file dialog, written off the GUI thread with a progress bar
and Cancel.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from pydantic import TypeAdapter, ValidationError
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from console.case_export import CopyError, default_media_dir, error_code
from console.case_media import EFFECTIVE
from console.case_rows import request_label
from console.evidence_calls import PackageCalls
from console.evidence_verify import PackageVerifier
from hub.client import HubApiError
from hub.contracts import Permission, UserOut
from hub.evidence.contracts import (
    PackageDecisionIn,
    PackageIn,
    PackageOut,
    PackageStatus,
    PendingPackageOut,
)
from widgets.case_approvals import PackageApprovalItem
from widgets.evidence_panel import (
    EvidencePanel,
    PackageDecisionDialog,
    PackageExportDialog,
    PackageItem,
)

if TYPE_CHECKING:
    from console.cases import CasesController

log = logging.getLogger(__name__)

POLL_MS = 2_000  # without pushes, the list is read again this often while one is built
WAITING_POLL_MS = 5_000  # … and this often while one waits for a second person
# Who the hub tells of a package's steps (besides its requester and decider).
PUSHED_TO = frozenset(
    {Permission.APPROVAL_GRANT, Permission.CASE_WORK, Permission.IMAGE_EXPORT_REQUEST}
)


class PendingCalls(PackageCalls):
    """The package routes, with the list of packages waiting for me."""

    async def pending(self) -> list[PendingPackageOut]:
        """The packages waiting for a second person that I may decide, oldest first."""
        raw = await self._send("GET", "/api/evidence/pending")
        return TypeAdapter(list[PendingPackageOut]).validate_json(raw)


def pending_item(out: PendingPackageOut) -> PackageApprovalItem:
    """A package waiting for me as the approvals dock lists it."""
    requester = out.requested_by + (f" ({out.requested_unit})" if out.requested_unit else "")
    return PackageApprovalItem(
        id=out.id,
        case_id=out.case_id,
        case_number=out.case_number,
        number=out.number,
        requester=requester,
        purpose=out.purpose,
        requested_at=out.requested_at,
    )


def choose_file(parent: QWidget, suggested: Path) -> Path | None:
    """Ask where to save a package (the file dialog asks before overwriting)."""
    title = QCoreApplication.translate("EvidencePackageActions", "Save the evidence package")
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), "ZIP (*.zip)")
    return Path(chosen) if chosen else None


def package_item(out: PackageOut, me: UserOut | None, may_approve: bool) -> PackageItem:
    """A package as the tab lists it (``mine`` by the requester's name, as the hub
    gives names; the hub checks by account)."""
    mine = me is not None and out.requested_by == me.display_name
    return PackageItem(
        id=out.id,
        number=out.number,
        raw=out.raw,
        status=out.status.value,
        requester=out.requested_by,
        requested_at=out.requested_at,
        decider=out.decided_by,
        decided_at=out.decided_at,
        built_at=out.built_at,
        downloaded_at=out.downloaded_at,
        size=out.size,
        sha256=out.sha256,
        failure=out.failure,
        mine=mine,
        may_decide=out.needs_second_approval and may_approve and not mine,
    )


class EvidencePackageActions(QObject):
    """The Packages tab and the package steps for the case controller.

    ``choose_file`` is a seam: tests give the file to save to. The volume of the export
    form is chosen and read through :class:`console.case_media.CaseMediaActions`' seams.

    Signals:
        listed(int): the packages of the case on show were read (case id).
        requested(int, str): a package was asked for (package id, status).
        decided(int, str): a decision was recorded (package id, status).
        downloaded(int, str): a package was saved (package id, file).
        failed(str, str): a step failed (action, code); the words are on show.
    """

    listed = Signal(int)
    requested = Signal(int, str)
    decided = Signal(int, str)
    downloaded = Signal(int, str)
    failed = Signal(str, str)

    def __init__(self, cases: CasesController) -> None:
        super().__init__(cases)
        self.cases = cases
        self.panel = EvidencePanel()
        view = cases.board.view
        view.tabs.addTab(self.panel, self.tr("Packages"))
        self.choose_file: Callable[[QWidget, Path], Path | None] = choose_file
        self.case_id: int | None = None
        self.packages: list[PackageOut] = []
        self.pending: dict[int, PendingPackageOut] = {}  # waiting for me (the dock)
        self.me: UserOut | None = None
        self.second_approval = True  # the profile's default (hub.profiles.model)
        self.volumes: dict[int, Path] = {}  # the volume chosen for each package asked here
        self._asking = 0  # requests and approvals on their way (the hub builds meanwhile)
        self._download: asyncio.Future[Any] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.panel.exportRequested.connect(lambda: cases.spawn(self.ask_export()))
        self.panel.decideRequested.connect(self.ask_decision)
        self.panel.downloadRequested.connect(self.ask_download)
        self.panel.cancelRequested.connect(self.cancel_download)
        cases.detailShown.connect(self._shown)
        cases.board.caseSelected.connect(self._selected)
        cases.events.connectionChanged.connect(self._stream_changed)
        cases.approvals.packageDecisionRequested.connect(self.ask_pending_decision)
        self.verifier = PackageVerifier(cases)

    @property
    def calls(self) -> PendingCalls | None:
        """The package routes of the session's connection."""
        client = self.cases.client
        return PendingCalls(client) if client is not None else None

    def pushes_arrive(self) -> bool:
        """Whether the hub's pushes of package steps reach me now (the stream is open
        and I am among those told)."""
        return self.cases.events.connected and bool(self.cases.permissions & PUSHED_TO)

    # -- the list -------------------------------------------------------------------------

    def _selected(self, case_id: int) -> None:
        if case_id != self.case_id:
            self.case_id = case_id if case_id >= 0 else None
            self.packages = []
            self.panel.set_packages([])
            self.panel.say("")

    def _shown(self, case_id: int) -> None:
        self.case_id = case_id
        detail = self.cases.shown()
        allowed = detail.allowed_actions if detail is not None else frozenset()
        self.panel.set_export_allowed("export" in allowed and bool(detail and detail.media))
        self.cases.spawn(self.load(case_id))

    async def load(self, case_id: int) -> None:
        """Read the case's packages (and who I am, once) and show them."""
        calls, client = self.calls, self.cases.client
        if calls is None or client is None:
            return
        try:
            if self.me is None:
                self.me, profile = await asyncio.gather(client.me(), client.profile())
                self.second_approval = profile.profile.raw_export_second_approval
            found = await calls.packages(case_id)
        except HubApiError as exc:
            if exc.code != "case.not_found":
                self.panel.say(self.cases.texts.refusal(exc), error=True)
            return
        if client is not self.cases.client or case_id != self.case_id:
            return
        self.packages = found
        may_approve = Permission.APPROVAL_GRANT in self.cases.permissions
        if shiboken6.isValid(self.panel):
            self.panel.set_packages([package_item(p, self.me, may_approve) for p in found])
        self._keep_polling()
        self.listed.emit(case_id)

    def pushed(self, out: PackageOut) -> None:
        """A package step pushed by the hub: read the list again when it is of the case
        on show."""
        if out.case_id == self.case_id and self.cases.client is not None:
            self.cases.spawn(self.load(out.case_id))

    def _stream_changed(self, connected: bool) -> None:
        if connected and self.case_id is not None and self.cases.client is not None:
            self.cases.spawn(self.load(self.case_id))  # what happened while it was down
        else:
            self._keep_polling()

    def _keep_polling(self) -> None:
        if self.pushes_arrive():
            self._timer.stop()  # each step comes as a push
            return
        building = any(p.status is PackageStatus.BUILDING for p in self.packages)
        waiting = any(p.status is PackageStatus.PENDING_APPROVAL for p in self.packages)
        if (building or waiting or self._asking) and self.case_id is not None:
            interval = POLL_MS if building or self._asking else WAITING_POLL_MS
            if not self._timer.isActive() or self._timer.interval() != interval:
                self._timer.start(interval)
        else:
            self._timer.stop()

    def _poll(self) -> None:
        if self.case_id is not None and self.cases.client is not None:
            self.cases.spawn(self.load(self.case_id))
        else:
            self._timer.stop()

    def _refused(self, action: str, exc: HubApiError, case_id: int | None = None) -> None:
        """Say a refusal on the tab (when of the case on show, or of none) and in the
        status bar."""
        log.info("evidence %s refused: %s", action, exc.code)
        text = self.cases.texts.refusal(exc)
        if case_id is None or case_id == self.case_id:
            self.panel.say(text, error=True)
        self.cases.say(text)
        self.failed.emit(action, exc.code)

    # -- export ---------------------------------------------------------------------------

    async def ask_export(self) -> None:
        """The export form (approved request, registered device, the originals or not)."""
        cases, client, case_id = self.cases, self.cases.client, self.case_id
        if client is None or case_id is None:
            return
        try:
            detail, devices = await asyncio.gather(client.case(case_id), client.storage_devices())
        except HubApiError as exc:
            self._refused("package", exc)
            return
        requests = [
            (r.id, request_label(r)) for r in detail.extraction_requests if r.status in EFFECTIVE
        ]
        if not requests:
            self.panel.say(self.tr("Export needs an approved extraction request first."))
            return
        registered = [(d.identifier, d.label) for d in devices if d.revoked_at is None]
        dialog = PackageExportDialog(requests, registered, self.second_approval, cases.window)
        dialog.raw_check.setVisible(any(m.kind.value == "clip" for m in detail.media))
        dialog.volumeRequested.connect(lambda: self._choose_volume(dialog))

        def answered(result: int) -> None:
            if result != QDialog.DialogCode.Accepted.value or dialog.volume is None:
                return
            try:
                req = PackageIn(**dialog.answers())
            except ValidationError:
                self._refused("package", HubApiError(422, "invalid_input", "error.invalid_input"))
                return
            cases.spawn(self.request(case_id, req, Path(dialog.volume)))

        cases.ask(dialog, answered)

    def _choose_volume(self, dialog: PackageExportDialog) -> None:
        media = self.cases.media
        start = default_media_dir()
        chosen = media.choose_directory(dialog, start if start.is_dir() else Path.home())
        if chosen is not None and shiboken6.isValid(dialog):
            dialog.set_volume(str(chosen), media.read_identifier(chosen))

    async def request(self, case_id: int, req: PackageIn, volume: Path | None = None) -> None:
        """Ask the hub for a package; it answers once built (or waiting for approval)."""
        calls = self.calls
        if calls is None:
            return
        self.panel.say(self.tr("The hub is building the evidence package; this can take minutes…"))
        self._asking += 1
        self._keep_polling()
        try:
            out = await calls.request(case_id, req)
        except HubApiError as exc:
            self._refused("package", exc)
            return
        finally:
            self._asking -= 1
            if self.case_id == case_id:
                await self.load(case_id)
        if volume is not None:
            self.volumes[out.id] = volume
        self.panel.select(out.id)
        self.panel.say(self._outcome_text(out))
        self.cases.fetch_detail(case_id)  # the export is a step of the case
        self.requested.emit(out.id, out.status.value)

    def _outcome_text(self, out: PackageOut) -> str:
        if out.status is PackageStatus.PENDING_APPROVAL:
            return self.tr("Package %1 waits for a second person's approval.").replace(
                "%1", out.number
            )
        if out.status is PackageStatus.READY:
            return self.tr("Package %1 is ready to download.").replace("%1", out.number)
        if out.status is PackageStatus.REJECTED:
            return self.tr("Package %1 was rejected.").replace("%1", out.number)
        return self.tr("Package %1: %2").replace("%1", out.number).replace("%2", out.status.value)

    # -- four eyes ------------------------------------------------------------------------

    def ask_decision(self, package_id: int, verdict: str) -> None:
        """A second person's approval or rejection (a note may go with it)."""
        found = [p for p in self.packages if p.id == package_id]
        if not found or self.case_id is None:
            return
        out, case_id = found[0], self.case_id
        summary = self.tr("Package %1 with the original footage, asked for by %2.")
        summary = summary.replace("%1", out.number).replace("%2", out.requested_by)
        dialog = PackageDecisionDialog(summary, verdict, self.cases.window)

        def answered(result: int) -> None:
            if result == QDialog.DialogCode.Accepted.value:
                req = PackageDecisionIn(
                    verdict="approve" if verdict == "approve" else "reject",
                    note=dialog.note_text(),
                )
                self.cases.spawn(self.decide(case_id, package_id, req))

        self.cases.ask(dialog, answered)

    async def decide(self, case_id: int, package_id: int, req: PackageDecisionIn) -> None:
        """Send the decision (from the tab or the approvals dock); an approval answers
        once the hub has built the package. What follows is said on the tab when the
        package is of the case on show, and in the status bar."""
        calls = self.calls
        if calls is None:
            return
        if req.verdict == "approve":
            building = self.tr("The hub is building the evidence package; this can take minutes…")
            if self.case_id == case_id:
                self.panel.say(building)
            self.cases.say(building)
        self._asking += 1
        self._keep_polling()
        try:
            out = await calls.decide(case_id, package_id, req)
        except HubApiError as exc:
            self._refused("package_decide", exc, case_id)
            return
        finally:
            self._asking -= 1
            if self.case_id == case_id:
                await self.load(case_id)
            self.cases.spawn(self.cases.load_approvals())
        text = self._outcome_text(out)
        if self.case_id == case_id:
            self.panel.say(text)
        self.cases.say(text)
        self.decided.emit(out.id, out.status.value)

    # -- waiting for me (the approvals dock) -----------------------------------------------

    async def waiting(self) -> list[PackageApprovalItem]:
        """Read the packages waiting for me as a second person (none without the right).

        Raises:
            HubApiError: the hub refused or could not be reached.
        """
        calls = self.calls
        if calls is None or Permission.APPROVAL_GRANT not in self.cases.permissions:
            self.pending = {}
            return []
        found = await calls.pending()
        self.pending = {p.id: p for p in found}
        return [pending_item(p) for p in found]

    def ask_pending_decision(self, package_id: int, verdict: str) -> None:
        """Approve or reject a package waiting for me, from the approvals dock."""
        out = self.pending.get(package_id)
        if out is None:
            return
        summary = self.tr("Package %1 with the original footage, asked for by %2.")
        summary = summary.replace("%1", out.number).replace("%2", out.requested_by)
        if out.purpose:
            summary += "\n" + self.tr("Purpose: %1").replace("%1", out.purpose)
        dialog = PackageDecisionDialog(summary, verdict, self.cases.window)

        def answered(result: int) -> None:
            if result == QDialog.DialogCode.Accepted.value:
                req = PackageDecisionIn(
                    verdict="approve" if verdict == "approve" else "reject",
                    note=dialog.note_text(),
                )
                self.cases.spawn(self.decide(out.case_id, package_id, req))

        self.cases.ask(dialog, answered)

    # -- download -------------------------------------------------------------------------

    def ask_download(self, package_id: int) -> None:
        """Choose the file, then stream the package into it."""
        found = [p for p in self.packages if p.id == package_id]
        if not found or self._download is not None:
            return
        out = found[0]
        start = self.volumes.get(out.id, Path.home())
        target = self.choose_file(self.cases.window, start / f"{out.number}.zip")
        if target is None:
            return
        task = asyncio.ensure_future(self.download(out, target))
        self._download = task
        self.cases.spawn(task)

    def cancel_download(self) -> None:
        """Stop the download under way (the partial file is removed)."""
        if self._download is not None:
            self._download.cancel()

    async def download(self, out: PackageOut, target: Path) -> bool:
        """Save the package to ``target``; True when written whole with the hub's hash."""
        calls = self.calls
        if calls is None:
            return False
        self.panel.set_downloading(out.id)
        self.panel.say(self.tr("Downloading %1…").replace("%1", out.number))
        try:
            await calls.download(out, target, self._progress)
        except HubApiError as exc:
            self._refused("package_download", exc)
            return False
        except (OSError, CopyError) as exc:
            code = error_code(exc)
            if code == "disk_full" and not isinstance(exc, CopyError):
                code = "disk_filled"  # on the way, after the hub handed it out
            self.panel.say(self.write_error(code), error=True)
            self.cases.say(self.write_error(code))
            self.failed.emit("package_download", code)
            return False
        except asyncio.CancelledError:
            if shiboken6.isValid(self.panel):
                self.panel.say(self.write_error("cancelled"), error=True)
                self.failed.emit("package_download", "cancelled")
            raise
        finally:
            self._download = None
            if shiboken6.isValid(self.panel):
                self.panel.set_downloading(None)
                if self.case_id == out.case_id:
                    self.cases.spawn(self.load(out.case_id))
        text = self.tr("Package %1 saved to %2.").replace("%1", out.number)
        self.panel.say(text.replace("%2", str(target)))
        self.downloaded.emit(out.id, str(target))
        return True

    def _progress(self, done: int, total: int) -> None:
        if shiboken6.isValid(self.panel):
            self.panel.set_progress(done, total)

    def write_error(self, code: str) -> str:
        """What the operator reads when the package could not be saved."""
        texts = {
            "disk_full": self.tr(
                "There is not enough free space there for the package: nothing was saved, "
                "and it can still be downloaded."
            ),
            "not_writable": self.tr(
                "The package cannot be saved there (no such folder, or no permission): "
                "nothing was saved, and it can still be downloaded."
            ),
            "read_only": self.tr(
                "That place is read-only: nothing was saved, and the package can still be "
                "downloaded."
            ),
            "disk_filled": self.tr(
                "The disk filled up while saving; the partial file was removed. The hub "
                "counts the package as collected: for another copy, export a new package."
            ),
            "device_removed": self.tr(
                "The disk was removed or stopped answering; the partial file was removed."
            ),
            "hash_mismatch": self.tr(
                "The SHA-256 of the file differs from the hub's; the file was removed."
            ),
            "cancelled": self.tr(
                "Download cancelled; the partial file was removed. The hub counts the "
                "package as collected: for another copy, export a new package."
            ),
        }
        return texts.get(
            code,
            self.tr(
                "Writing the package failed; the partial file was removed. The hub counts "
                "the package as collected: for another copy, export a new package."
            ),
        )

    # -- session --------------------------------------------------------------------------

    def end(self) -> None:
        """The session ends: stop polling and any download, forget who I was."""
        self._timer.stop()
        self.cancel_download()
        self.me = None
        self.case_id = None
        self.packages = []
        self.pending = {}
        self.volumes.clear()
        if shiboken6.isValid(self.panel):
            self.panel.set_packages([])
            self.panel.say("")
        self.verifier.end()
