# SPDX-License-Identifier: GPL-3.0-or-later
"""What the operator reads of case work: every hub refusal of the case routes in words,
where a case was opened from, and an extraction request for its approver."""

from __future__ import annotations

from PySide6.QtCore import QObject

from hub.client import HubApiError
from widgets.case_approvals import ApprovalItem


class CaseTexts(QObject):
    """Translated texts of the case controller."""

    def refusal(self, exc: HubApiError) -> str:
        """The text of a hub refusal (``forbidden`` by its ``reason``)."""
        if exc.code == "forbidden":
            return self._forbidden(exc)
        texts = {
            "case.stale": self.tr(
                "Someone else changed this case meanwhile. It has been refreshed: "
                "check it and try again."
            ),
            "case.bad_transition": self.tr("This step is not possible in the case's status."),
            "case.not_found": self.tr("This case is not (or no longer) visible to you."),
            "case.no_media": self.tr("The case has no media yet: add a clip or a snapshot."),
            "case.bad_police_unit": self.tr("That unit is not a competent police unit."),
            "case.bad_outcome": self.tr("That outcome does not fit the case's status."),
            "case.camera_not_in_case": self.tr("That camera is not one of the case's cameras."),
            "case.outside_range": self.tr("That time is outside the case's range on the camera."),
            "case.range_in_future": self.tr("A camera's time range lies in the future."),
            "case.detected_in_future": self.tr("The detection time lies in the future."),
            "case.request_not_found": self.tr("The extraction request was not found."),
            "case.media_not_found": self.tr("Some of the media are not in the case."),
            "case.device_not_registered": self.tr(
                "This storage device is not registered as state-owned: nothing was "
                "exported, and the attempt was recorded."
            ),
            "case.not_approved": self.tr("The extraction request is not approved."),
            "case.media_missing": self.tr(
                "The hub's stored copy of this medium is missing or damaged; tell the "
                "administrator."
            ),
            "case.export_not_found": self.tr("This export is not yours or does not exist."),
            "case.bad_copy_report": self.tr("The hub did not accept the report of the copy."),
            "case.device_exists": self.tr("This storage device is already registered."),
            "clip.busy": self.tr("The hub is cutting other clips; try again in a moment."),
            "camera.no_channel_recording": self.tr(
                "The recorder keeps no recording of this camera's channel."
            ),
            "case.consent_required": self.tr(
                "Another agency receives data only with its written consent or request."
            ),
            "extraction.not_found": self.tr("The extraction request was not found."),
            "extraction.bad_transition": self.tr("The request was already decided or withdrawn."),
            "extraction.reason_required": self.tr(
                "A fast extraction needs a reason and a purpose (TN 9.2b)."
            ),
            "extraction.not_emergency": self.tr("Fast extraction is for emergencies only."),
            "extraction.fast_not_in_profile": self.tr(
                "Fast extraction is not part of this jurisdiction's rules."
            ),
            "snapshot.not_found": self.tr("The snapshot was not found."),
            "clip.bad_range": self.tr("The clip's range is not valid."),
            "clip.too_long": self.tr("The clip is too long."),
            "clip.no_video": self.tr("The camera recorded nothing in that range."),
            "clip.failed": self.tr("The hub could not cut the clip from the camera."),
            "clip.timeout": self.tr("The camera did not answer in time."),
            "camera.timeout": self.tr("The camera did not answer in time."),
            "clip.storage": self.tr("The hub's evidence storage is full or not writable."),
            "archive.too_old": self.tr("That time is older than your archive limit."),
            "scope.out_of_scope": self.tr("This camera is outside your scope."),
            "camera.not_found": self.tr("The camera does not exist."),
            "org.unit_not_found": self.tr("The unit does not exist."),
            "evidence.approval_required": self.tr(
                "A second person must approve this package with the original footage "
                "before it can be downloaded."
            ),
            "evidence.rejected": self.tr("This package was rejected: it cannot be downloaded."),
            "evidence.already_collected": self.tr(
                "This package was already downloaded. For another copy, export a new "
                "package (it is recorded and approved again)."
            ),
            "evidence.own_request": self.tr("You cannot approve a package you asked for yourself."),
            "evidence.not_pending": self.tr("This package is not waiting for a decision."),
            "evidence.not_ready": self.tr("The package is not ready."),
            "evidence.package_not_found": self.tr("The package was not found."),
            "evidence.build_failed": self.tr(
                "The hub could not build the evidence package; tell the administrator."
            ),
            "evidence.tsa_unavailable": self.tr(
                "The time-stamping authority did not answer: no package was made."
            ),
            "evidence.build_interrupted": self.tr(
                "The hub stopped three times while building the package; export a new one."
            ),
            "evidence.package_missing": self.tr(
                "The hub's stored package is missing or damaged; tell the administrator."
            ),
            "invalid_input": self.tr("The hub did not accept what was entered."),
            "network": self.tr("The hub does not answer."),
        }
        text = texts.get(exc.code)
        if text is None:
            text = self.tr("The hub refused (%1).").replace("%1", exc.code)
        return text

    def _forbidden(self, exc: HubApiError) -> str:
        detail = exc.detail if isinstance(exc.detail, dict) else {}
        reason = detail.get("reason")
        # A route that needs a permission says which one (hub.scope.require_permission).
        reason = {
            "case.work": "no_case_right",
            "approval.grant": "no_approval_right",
            "image.export_request": "no_request_right",
        }.get(str(detail.get("permission")), reason)
        texts = {
            "no_case_right": self.tr("Your role does not allow work on cases."),
            "wrong_unit": self.tr("This step belongs to another unit."),
            "no_request_right": self.tr("Your role does not allow asking for extraction."),
            "no_approval_right": self.tr("Your role does not allow deciding extraction requests."),
            "own_request": self.tr("You cannot decide your own request: a second person must."),
            "already_decided": self.tr(
                "You already decided on this request: a second person must."
            ),
            "not_requester": self.tr("Only the requester may withdraw the request."),
            "not_chairman_or_authorised": self.tr(
                "Fast extraction is for the commune chairman or a person he authorised in writing."
            ),
            "camera_not_granted": self.tr(
                "Fast extraction only on cameras the commune manages or was granted."
            ),
        }
        found = texts.get(reason) if isinstance(reason, str) else None
        return found or self.tr("Your role or unit does not allow this step.")

    def origin(self, origin: str, incident_id: int | None) -> str:
        """Where a case was opened from."""
        if origin == "incident" and incident_id is not None:
            return self.tr("Incident #%1").replace("%1", str(incident_id))
        return {
            "incident": self.tr("Incident"),
            "tile": self.tr("The selected tile"),
            "timeline": self.tr("The timeline selection"),
        }.get(origin, origin)

    def request_summary(self, item: ApprovalItem) -> str:
        """An extraction request for its approver: case, requester, purpose, content."""
        lines = [
            self.tr("Case: %1").replace("%1", item.case_number),
            self.tr("Requester: %1").replace("%1", item.requester),
            self.tr("Purpose: %1").replace("%1", item.purpose),
            self.tr("Content: %1").replace("%1", item.content),
        ]
        if item.document:
            lines.append(self.tr("Written request: %1").replace("%1", item.document))
        return "\n".join(lines)
