# SPDX-License-Identifier: GPL-3.0-or-later
"""Publishing a case's clip or snapshot for citizens (TN 9.2d) from the console: the
"Publications" tab of the case view and the publishing dialog
(:class:`widgets.publish_dialog.PublishDialog`), through the hub's routes
(:mod:`hub.publishing.contracts`).

Offered to a ``case.publish`` holder on a concluded or closed case (the hub checks both,
and the unit, and says so in words if not). "Publish for citizens…" asks the hub for its
proposal (faces and plates found on the medium, as tracks), opens the dialog on it with
the blurred frame at the start, fetches the blurred frame again whenever the operator
asks ("Preview blur", or lets go of the time slider), and publishes with the boxes as
they stand; the tab then lists the publication. Detection and rendering run on the hub
and take a while for a clip, so those calls wait up to :data:`RENDER_TIMEOUT`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import shiboken6
from pydantic import TypeAdapter, ValidationError
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from console.evidence_calls import HubRoutes
from hub.client import HubApiError
from hub.contracts import Permission
from hub.publishing.contracts import (
    Channel,
    PreviewIn,
    ProposalIn,
    ProposalOut,
    PublicationIn,
    PublicationOut,
    PublicationStatus,
    TrackIO,
)
from widgets.case_view import MediaItem
from widgets.incident_model import local_time
from widgets.publications_panel import PublicationItem, PublicationsPanel
from widgets.publish_dialog import PublishDialog
from widgets.publish_tracks import Track

if TYPE_CHECKING:
    from console.cases import CasesController

log = logging.getLogger(__name__)

POLL_MS = 2_000  # the list is read again this often while a publication is being rendered
RENDER_TIMEOUT = 900.0  # seconds: detection over a clip, or its blurred re-encoding
PUBLISHABLE = frozenset({"concluded", "closed"})  # TN 9.2d: after the written conclusion


class PublicationCalls(HubRoutes):
    """The publishing routes of one hub connection."""

    async def publications(self, case_id: int) -> list[PublicationOut]:
        """The case's publications, oldest first."""
        raw = await self._send("GET", f"/api/cases/{case_id}/publications")
        return TypeAdapter(list[PublicationOut]).validate_json(raw)

    async def propose(self, case_id: int, medium_id: int) -> ProposalOut:
        """Faces and plates the hub finds on a medium, as tracks."""
        path = f"/api/cases/{case_id}/publications/proposals"
        raw = await self._send("POST", path, ProposalIn(medium_id=medium_id), RENDER_TIMEOUT)
        return ProposalOut.model_validate_json(raw)

    async def preview(self, case_id: int, req: PreviewIn) -> bytes:
        """The frame at ``req.t`` as it would be published (JPEG)."""
        path = f"/api/cases/{case_id}/publications/preview"
        return bytes(await self._send("POST", path, req, RENDER_TIMEOUT))

    async def publish(self, case_id: int, req: PublicationIn) -> PublicationOut:
        """Publish the medium with these tracks blurred."""
        path = f"/api/cases/{case_id}/publications"
        raw = await self._send("POST", path, req, RENDER_TIMEOUT)
        return PublicationOut.model_validate_json(raw)


def tracks_in(data: list[dict[str, Any]]) -> list[TrackIO]:
    """The dialog's tracks as the hub takes them (invalid ones raise ValidationError)."""
    return TypeAdapter(list[TrackIO]).validate_python(data)


class PublishingActions(QObject):
    """The Publications tab and the publishing dialog for the case controller.

    Signals:
        listed(int): the publications of the case on show were read (case id).
        proposed(int): the dialog is open on a medium's proposal (media id).
        previewed(float): a blurred frame is on show (its time).
        published(int, str): a publication was recorded (id, status).
        failed(str, str): a step failed (action, code); the words are on show.
    """

    listed = Signal(int)
    proposed = Signal(int)
    previewed = Signal(float)
    published = Signal(int, str)
    failed = Signal(str, str)

    def __init__(self, cases: CasesController) -> None:
        super().__init__(cases)
        self.cases = cases
        self.panel = PublicationsPanel()
        cases.board.view.tabs.addTab(self.panel, self.tr("Publications"))
        self.case_id: int | None = None
        self.dialog: PublishDialog | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.panel.publishRequested.connect(lambda m: cases.spawn(self.open(m)))
        cases.detailShown.connect(self._shown)

    @property
    def calls(self) -> PublicationCalls | None:
        """The publishing routes of the session's connection."""
        client = self.cases.client
        return PublicationCalls(client) if client is not None else None

    def _shown(self, case_id: int) -> None:
        if case_id != self.case_id:
            self.panel.set_publications([])
            self.panel.say("")
        self.case_id = case_id
        detail = self.cases.shown()
        if detail is None:
            return
        media = [(m.id, f"{self._medium(m)} — {local_time(m.start)}") for m in detail.media]
        allowed = (
            Permission.CASE_PUBLISH in self.cases.permissions and detail.row.status in PUBLISHABLE
        )
        self.panel.set_media(media, allowed)
        self.cases.spawn(self.load(case_id))

    def _medium(self, medium: MediaItem) -> str:
        return (
            f"{self.cases.labels.media_kind_text(medium.kind)} #{medium.id} — {medium.camera_name}"
        )

    async def load(self, case_id: int) -> None:
        """Read the case's publications and list them."""
        calls, client = self.calls, self.cases.client
        if calls is None:
            return
        try:
            found = await calls.publications(case_id)
        except HubApiError as exc:
            if exc.code != "case.not_found":
                self.panel.say(self.refusal(exc), error=True)
            return
        if client is not self.cases.client or case_id != self.case_id:
            return
        detail = self.cases.shown()
        names = {m.id: self._medium(m) for m in (detail.media if detail else ())}
        self.panel.set_publications(
            [
                PublicationItem(
                    id=p.id,
                    medium=names.get(p.medium_id, f"#{p.medium_id}"),
                    channel=self.channel_text(p.channel.value),
                    status=p.status.value,
                    published_by=p.published_by,
                    published_at=p.published_at,
                    tracks=p.tracks,
                    sha256=p.sha256,
                    note=p.note,
                )
                for p in found
            ]
        )
        # A render cut off by a stopped hub is resumed by the hub: follow it.
        if any(p.status is PublicationStatus.BUILDING for p in found):
            self._timer.start()
        else:
            self._timer.stop()
        self.listed.emit(case_id)

    def _poll(self) -> None:
        if self.case_id is not None and self.cases.client is not None:
            self.cases.spawn(self.load(self.case_id))
        else:
            self._timer.stop()

    # -- the dialog -----------------------------------------------------------------------

    async def open(self, medium_id: int) -> None:
        """Ask the hub's proposal for a medium and open the dialog on it."""
        calls, case_id = self.calls, self.case_id
        detail = self.cases.shown()
        if calls is None or case_id is None or detail is None:
            return
        self.panel.say(self.tr("The hub is looking for faces and plates…"))
        try:
            proposal = await calls.propose(case_id, medium_id)
        except HubApiError as exc:
            self._refused("propose", exc)
            return
        self.panel.say("")
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
        dialog = PublishDialog(f"{detail.row.number} — #{medium_id}", self.cases.window)
        dialog.set_proposal(
            proposal.kind,
            proposal.width,
            proposal.height,
            proposal.duration_s,
            [Track.from_json(t.model_dump(mode="json")) for t in proposal.tracks],
        )
        dialog.previewRequested.connect(
            lambda t, tracks: self.cases.spawn(self.preview(dialog, case_id, medium_id, t, tracks))
        )
        dialog.publishRequested.connect(
            lambda tracks, note: self.cases.spawn(
                self.publish(dialog, case_id, medium_id, tracks, note)
            )
        )
        self.dialog = dialog
        self.cases.ask(dialog, lambda _r: None)
        self.proposed.emit(medium_id)
        dialog.request_preview()

    async def preview(
        self,
        dialog: PublishDialog,
        case_id: int,
        medium_id: int,
        t: float,
        tracks: list[dict[str, Any]],
    ) -> None:
        """Fetch the blurred frame at ``t`` and show it."""
        calls = self.calls
        if calls is None:
            return
        dialog.set_busy(True, self.tr("Fetching the blurred frame…"))
        try:
            req = PreviewIn(medium_id=medium_id, t=t, tracks=tracks_in(tracks))
            jpeg = await calls.preview(case_id, req)
        except ValidationError:
            self._dialog_says(dialog, "preview", HubApiError(422, "invalid_input", ""))
            return
        except HubApiError as exc:
            self._dialog_says(dialog, "preview", exc)
            return
        if not shiboken6.isValid(dialog):
            return
        dialog.set_busy(False)
        picture = QImage()
        if not picture.loadFromData(jpeg):
            dialog.say(self.tr("The hub's preview picture could not be read."), error=True)
            self.failed.emit("preview", "bad_picture")
            return
        dialog.set_picture(picture)
        self.previewed.emit(t)

    async def publish(
        self,
        dialog: PublishDialog,
        case_id: int,
        medium_id: int,
        tracks: list[dict[str, Any]],
        note: str,
    ) -> None:
        """Publish with the boxes as they stand; close the dialog and list it."""
        calls = self.calls
        if calls is None:
            return
        dialog.set_busy(True, self.tr("The hub is blurring and publishing the medium…"))
        try:
            req = PublicationIn(
                medium_id=medium_id, channel=Channel.CITY_APP, tracks=tracks_in(tracks), note=note
            )
            out = await calls.publish(case_id, req)
        except ValidationError:
            self._dialog_says(dialog, "publish", HubApiError(422, "invalid_input", ""))
            return
        except HubApiError as exc:
            self._dialog_says(dialog, "publish", exc)
            return
        if shiboken6.isValid(dialog):
            dialog.accept()
        self.panel.say(
            self.tr("Published for citizens (SHA-256 %1).").replace("%1", out.sha256 or "")
        )
        if self.case_id == case_id:
            await self.load(case_id)
        self.published.emit(out.id, out.status.value)

    # -- words ----------------------------------------------------------------------------

    def _dialog_says(self, dialog: PublishDialog, action: str, exc: HubApiError) -> None:
        log.info("publishing %s refused: %s", action, exc.code)
        if shiboken6.isValid(dialog):
            dialog.set_busy(False)
            dialog.say(self.refusal(exc), error=True)
        self.failed.emit(action, exc.code)

    def _refused(self, action: str, exc: HubApiError) -> None:
        log.info("publishing %s refused: %s", action, exc.code)
        self.panel.say(self.refusal(exc), error=True)
        self.failed.emit(action, exc.code)

    def refusal(self, exc: HubApiError) -> str:
        """The words of a publishing refusal (else the case texts')."""
        detail = exc.detail if isinstance(exc.detail, dict) else {}
        if exc.code == "forbidden" and (
            detail.get("reason") == "no_publish_right"
            or detail.get("permission") == Permission.CASE_PUBLISH.value
        ):
            return self.tr("Your role does not allow publishing for citizens.")
        texts = {
            "publishing.case_not_concluded": self.tr(
                "Only a concluded case can be published for citizens (TN 9.2d)."
            ),
            "publishing.medium_not_found": self.tr("That medium is not in the case."),
            "publishing.time_outside": self.tr("A box lies beyond the end of the clip."),
            "publishing.detection_failed": self.tr(
                "The hub could not look for faces and plates; draw the boxes by hand."
            ),
            "publishing.render_failed": self.tr("The hub could not blur the medium."),
            "publishing.render_interrupted": self.tr(
                "The hub stopped three times while blurring the medium; try again."
            ),
            "publishing.not_found": self.tr("The publication was not found."),
            "publishing.not_ready": self.tr("The publication is not ready."),
            "publishing.file_missing": self.tr(
                "The published copy is missing on the hub; tell the administrator."
            ),
            "invalid_input": self.tr(
                "A box is not valid (too small, outside the picture, or its times do not increase)."
            ),
        }
        return texts.get(exc.code) or self.cases.texts.refusal(exc)

    def channel_text(self, channel: str) -> str:
        """Where a publication went."""
        return {"city_app": self.tr("City app")}.get(channel, channel)

    def end(self) -> None:
        """The session ends: close the dialog, empty the tab."""
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
        self.dialog = None
        self.case_id = None
        self._timer.stop()
        if shiboken6.isValid(self.panel):
            self.panel.set_publications([])
            self.panel.set_media([], allowed=False)
            self.panel.say("")
