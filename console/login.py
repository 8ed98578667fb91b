# SPDX-License-Identifier: GPL-3.0-or-later
"""Login controller: drives the login window through password, MFA or enrolment to a session.

The hub address may list several hubs of one database, separated by commas (failover,
see :class:`~hub.client.HubClient`): every one that answers has its certificate checked
(and pinned on first use) before the password is sent to any (:meth:`HubTrust.check_all`).

Hub calls are awaited on the Qt event loop (qasync), so the window stays responsive. Hub
refusals arrive as stable codes and are shown as translated messages; a wrong user name,
password or code all read the same, so the window never reveals whether an account exists.
"""

from __future__ import annotations

import asyncio
import base64
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

import httpx
from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from console.settings import WorkstationSettings, join_hub_urls, parse_hub_urls
from console.trust import (
    CertificateChanged,
    CertificateUnknown,
    Confirm,
    HubTrust,
    HubTrustError,
    InsecureHub,
)
from hub.client import HubApiError, HubClient
from hub.contracts import LoginStage, SessionGrant
from widgets.login_dialog import LoginDialog

_F = TypeVar("_F", bound=Callable[..., Awaitable[None]])
_TOTP = re.compile(r"^[0-9]{6}$")
_EXPIRED = {
    "auth.session_expired",
    "auth.session_invalid",
    "auth.ticket_expired",
    "auth.ticket_invalid",
    "auth.required",
}


def _is_hub_address(url: str) -> bool:
    """An http(s) URL with a host (the hub is never reached any other way)."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return False
    return parsed.scheme in {"http", "https"} and bool(parsed.host)


def async_slot(*types: type) -> Callable[[_F], _F]:
    """``qasync.asyncSlot`` with its type kept (qasync ships no type hints)."""
    return cast(Callable[[_F], _F], asyncSlot(*types))


class LoginController(QObject):
    """Turns the login window's intents into hub calls and the answers into its states.

    Signals:
        loggedIn(username): a session was granted; ``client`` holds its token.
    """

    loggedIn = Signal(str)

    def __init__(
        self,
        dialog: LoginDialog,
        settings: WorkstationSettings,
        client_factory: Callable[[str], HubClient] | None = None,
        parent: QObject | None = None,
        trust: HubTrust | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(parent)
        self.dialog = dialog
        self.settings = settings
        self.client: HubClient | None = None
        self.grant: SessionGrant | None = None
        self.trust = trust
        self._confirm = confirm or self.ask_certificate
        self._client_factory = client_factory or (trust.client if trust else HubClient)
        self._url = ""
        self._username = ""
        dialog.loginRequested.connect(self.log_in)
        dialog.enrolmentCodeEntered.connect(self.confirm_enrolment)
        dialog.recoveryCodesStored.connect(self._after_recovery_codes)
        dialog.passwordChangeRequested.connect(self.change_password)

    # --- intents -------------------------------------------------------------------

    @async_slot(str, str, str, str)
    async def log_in(self, url: str, username: str, password: str, code: str) -> None:
        """Password step, then the code (or enrolment on a first login)."""
        urls = parse_hub_urls(url)
        if not urls or not all(_is_hub_address(u) for u in urls):
            self.dialog.login_refused(self.tr("The hub address is not valid."))
            return
        url = join_hub_urls(urls)
        self.dialog.set_busy(True)
        try:
            if self.trust is not None:  # before any secret leaves the workstation
                await self.trust.check_all(urls, self._confirm)
            client = await self._fresh_client(url)
            self._username = username
            challenge = await client.login(username, password)
            if challenge.stage is LoginStage.ENROL:
                start = await client.start_enrolment()
                self.dialog.show_enrolment(base64.b64decode(start.qr_png_base64), start.secret)
                return
            if not code:
                self.dialog.login_refused(self.tr("Enter the one-time code (OTP)."))
                return
            if _TOTP.match(code):
                grant = await client.submit_code(code)
            else:
                grant = await client.submit_recovery_code(code)
            self._granted(grant)
        except (HubApiError, ValidationError, HubTrustError) as exc:
            self.dialog.login_refused(self.message(exc))
        except OSError:  # the hub could not be reached for its certificate
            self._url = url.rstrip("/")
            self.dialog.login_refused(self.hub_message("network"))
        finally:
            self.dialog.set_busy(False)

    async def ask_certificate(self, origin: str, fingerprint: str) -> bool:
        """Ask the operator whether to trust a hub's certificate on first use."""
        box = self.dialog.ask_certificate(origin, fingerprint)
        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def finished(_result: int) -> None:
            if not answer.done():
                answer.set_result(box.clickedButton() is box.property("trustButton"))

        box.finished.connect(finished)
        try:
            return await answer
        finally:
            box.deleteLater()

    @async_slot(str)
    async def confirm_enrolment(self, code: str) -> None:
        """First code of the new authenticator; the answer carries the recovery codes."""
        if not _TOTP.match(code) or self.client is None:
            self.dialog.enrolment_code_refused(self.tr("The one-time code has 6 digits."))
            return
        self.dialog.set_busy(True)
        try:
            grant = await self.client.confirm_enrolment(code)
        except HubApiError as exc:
            if exc.code in _EXPIRED:
                self.dialog.show_login(self.message(exc))
            elif exc.code == "auth.login_failed":
                self.dialog.enrolment_code_refused(
                    self.tr(
                        "The one-time code is wrong. Check that the device's clock is right "
                        "and enter the code on show now."
                    )
                )
            else:
                self.dialog.enrolment_code_refused(self.message(exc))
        else:
            self._granted(grant)
        finally:
            self.dialog.set_busy(False)

    @async_slot(str, str)
    async def change_password(self, current: str, new: str) -> None:
        """Change the password the hub requires changed; then log in again with it."""
        if self.client is None:
            return
        self.dialog.set_busy(True)
        try:
            await self.client.change_password(current, new)
        except (HubApiError, ValidationError) as exc:
            if isinstance(exc, HubApiError) and exc.code in _EXPIRED:
                self.dialog.show_login(self.message(exc))
            else:
                self.dialog.show_error(self.message(exc))
        else:
            self.grant = None
            self.dialog.show_login(
                self.tr(
                    "Password changed. Log in again with the new password and the "
                    "next one-time code."
                )
            )
        finally:
            self.dialog.set_busy(False)

    async def aclose(self) -> None:
        """Close the connection to the hub (the session itself stays valid)."""
        if self.client is not None:
            await self.client.aclose()
            self.client = None

    # --- steps ---------------------------------------------------------------------

    async def _fresh_client(self, url: str) -> HubClient:
        await self.aclose()
        self._url = url.rstrip("/")
        self.client = self._client_factory(self._url)
        return self.client

    def _granted(self, grant: SessionGrant) -> None:
        self.grant = grant
        if grant.recovery_codes:
            self.dialog.show_recovery_codes(grant.recovery_codes)
        else:
            self._after_recovery_codes()

    def _after_recovery_codes(self) -> None:
        if self.grant is None:
            return
        if self.grant.user.password_change_required:
            self.dialog.show_password_change()
            return
        # Only the address, the name and the opaque token: never the password.
        self.settings.remember(self._url, self._username, self.grant.token)
        self.loggedIn.emit(self._username)
        self.dialog.accept()

    # --- messages ------------------------------------------------------------------

    def message(self, exc: Exception) -> str:
        """The translated message for a refusal or failure."""
        if isinstance(exc, ValidationError):
            return self.tr("Check the values entered: some are too long or not allowed.")
        if isinstance(exc, HubTrustError):
            return self.trust_message(exc)
        return self.hub_message(exc.code, exc.detail) if isinstance(exc, HubApiError) else ""

    def trust_message(self, exc: HubTrustError) -> str:
        """The translated message for a hub this workstation does not trust."""
        if isinstance(exc, CertificateChanged):
            return self.tr(
                "The hub's certificate has changed since this workstation last connected "
                "(now %1). Someone may be intercepting the connection. Nothing was sent. "
                "Ask your administrator to confirm the new certificate."
            ).replace("%1", exc.presented)
        if isinstance(exc, InsecureHub):
            return self.tr(
                "This hub address is not encrypted (http://). Use https:// — only a hub "
                "on this computer may use http://."
            )
        if isinstance(exc, CertificateUnknown) and exc.pinned:
            return self.tr(
                "The hub's certificate (%1) is not the one that was given for it. Nothing was sent."
            ).replace("%1", exc.presented)
        return self.tr(
            "The hub's certificate is not trusted (%1). Nothing was sent. Compare the "
            "fingerprint with the one your administrator gave you."
        ).replace("%1", exc.presented)

    def hub_message(self, code: str, detail: Any = None) -> str:
        """The translated message for a hub error ``code`` (``message_key`` minus "error.")."""
        if code == "auth.login_failed":
            return self.tr(
                "Wrong user name, password or one-time code. After repeated failures the "
                "account is locked: then ask your administrator to unlock it."
            )
        if code == "auth.throttled":
            wait = detail.get("retry_after") if isinstance(detail, dict) else None
            seconds = str(max(1, round(float(wait)))) if isinstance(wait, int | float) else "?"
            return self.tr("Too many failed attempts. Try again in %1 seconds.").replace(
                "%1", seconds
            )
        if code == "network":
            text = self.tr("Cannot reach the hub at %1. Check the address and the network.")
            return text.replace("%1", self._url)
        if code in _EXPIRED:
            return self.tr("The login session has expired. Log in again.")
        if code == "secret.key_mismatch":
            return self.tr(
                "The hub cannot read its stored one-time code keys. "
                "Ask the administrator to restore the hub's key file."
            )
        if code == "auth.already_enrolled":
            return self.tr(
                "This account already has an authenticator: log in with its one-time code. "
                "If the device is lost, ask an administrator to reset MFA."
            )
        if code == "auth.password_change_required":
            return self.tr("You must change your password before continuing.")
        if code == "auth.wrong_password":
            return self.tr("The current password is wrong.")
        passwords = {
            "password.too_short": self.tr("The new password needs at least 12 characters."),
            "password.too_long": self.tr("The new password is too long."),
            "password.common": self.tr("The new password is too common; choose another."),
            "password.contains_name": self.tr("The new password must not contain your user name."),
            "password.unchanged": self.tr("The new password must differ from the current one."),
        }
        if code in passwords:
            return passwords[code]
        return self.tr("The hub refused the request (%1).").replace("%1", code)
