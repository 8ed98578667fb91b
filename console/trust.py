# SPDX-License-Identifier: GPL-3.0-or-later
"""Which hubs this workstation trusts: a CA bundle, or certificates pinned on first use.

A hub served over HTTPS proves itself with its certificate. A control room with its own
PKI gives the workstation a CA bundle (``vwall --ca-bundle FILE``); one that runs a
self-signed hub (``vwall-hub init --tls-self-signed``) has the operator compare the
certificate's SHA-256 fingerprint with the one the administrator announced, the first
time the console meets the hub, and the console pins it (trust on first use). From then
on that hub must present exactly that certificate: a different one is refused with a
clear message, before a password is sent. ``--hub-fingerprint`` pins without a question
(wall displays have nobody to ask).

Pins live in ``pins.json`` beside a ``certs/`` directory holding every pinned
certificate and the CA bundle as PEM files: the libVLC players trust that directory
(``--gnutls-dir-trust``), so the video the relay serves with the hub's certificate is
verified like the API. Plain ``http://`` is accepted only for a hub on a loopback
address (the embedded hub).

Several hubs (a failover list, ``https://a:8470, https://b:8470``): every URL has its own
pin, by origin, and its own TLS context in the client (:meth:`HubTrust.client`). At login
each listed hub is checked (and, self-signed and unknown, confirmed and pinned) before the
password leaves the workstation (:meth:`HubTrust.check_all`); a listed hub that does not
answer then is not pinned, and the console will not switch to it later unless a CA
vouches for it: on failover an unknown or changed certificate fails the TLS handshake
and that hub is refused (never trusted silently, nobody is asked in the middle of a
failover), and the console says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import socket
import ssl
import tempfile
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir

from hub.client import HubClient, hub_urls
from hub.tls import fingerprint, is_loopback

log = logging.getLogger(__name__)

HANDSHAKE_SECONDS = 10.0


def default_directory() -> Path:
    """``<user config dir>/vwall/trust``."""
    return Path(user_config_dir("vwall")) / "trust"


def normal_fingerprint(text: str) -> str:
    """A fingerprint as typed (any case, with or without colons) in the canonical form."""
    hexdigits = "".join(c for c in text if c.isalnum()).upper()
    if len(hexdigits) != 64 or any(c not in "0123456789ABCDEF" for c in hexdigits):
        raise ValueError("a SHA-256 fingerprint has 64 hexadecimal digits")
    return ":".join(hexdigits[i : i + 2] for i in range(0, 64, 2))


class HubTrustError(Exception):
    """The hub cannot be trusted (the message is not shown to operators: see ``code``)."""

    code = "tls.untrusted"

    def __init__(self, origin: str, presented: str = "", pinned: str = "") -> None:
        super().__init__(origin)
        self.origin = origin
        self.presented = presented
        self.pinned = pinned


class CertificateChanged(HubTrustError):
    """A pinned hub presented another certificate (a new one, or someone in between)."""

    code = "tls.certificate_changed"


class CertificateUnknown(HubTrustError):
    """The hub's certificate is neither pinned nor issued by a trusted CA."""

    code = "tls.certificate_unknown"


class InsecureHub(HubTrustError):
    """Plain HTTP to a hub that is not on this machine."""

    code = "tls.insecure_http"


@dataclass(frozen=True)
class Presented:
    """What a hub showed in its TLS handshake."""

    der: bytes
    fingerprint: str
    verified: bool  # by the CA bundle or the system's trust store


Confirm = Callable[[str, str], Awaitable[bool]]  # (origin, fingerprint) -> trust it?


class HubTrust:
    """The workstation's trust in hubs: pins, the CA bundle, and clients that use them."""

    def __init__(self, directory: Path | None = None, ca_bundle: Path | None = None) -> None:
        self.directory = directory or default_directory()
        self.ca_bundle = ca_bundle
        self.certs = self.directory / "certs"

    # -- the store ---------------------------------------------------------------------

    def _pins(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads((self.directory / "pins.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def pinned(self, origin: str) -> str | None:
        """The fingerprint pinned for ``origin`` (``https://host:port``), if any."""
        entry = self._pins().get(origin)
        return entry.get("fingerprint") if isinstance(entry, dict) else None

    def pin(self, origin: str, der: bytes) -> str:
        """Trust ``der`` for ``origin`` from now on; returns its fingerprint."""
        pem = ssl.DER_cert_to_PEM_cert(der)
        print_ = fingerprint(der)
        pins = self._pins()
        pins[origin] = {"fingerprint": print_, "pem": pem}
        self.certs.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(origin.encode()).hexdigest()[:16]
        _write_atomic(self.certs / f"hub-{name}.pem", pem.encode())
        _write_atomic(self.directory / "pins.json", json.dumps(pins, indent=1).encode())
        log.info("pinned the certificate of %s (%s)", origin, print_)
        return print_

    def trust_directory(self) -> Path:
        """The directory of PEM certificates libVLC's TLS must trust (made if missing)."""
        self.certs.mkdir(parents=True, exist_ok=True)
        if self.ca_bundle is not None:
            with contextlib.suppress(OSError):
                _write_atomic(self.certs / "ca-bundle.pem", self.ca_bundle.read_bytes())
        return self.certs

    # -- contexts and clients ------------------------------------------------------------

    def context(self, origin: str) -> ssl.SSLContext:
        """The TLS context that accepts exactly what this workstation trusts for ``origin``."""
        entry = self._pins().get(origin)
        if isinstance(entry, dict) and entry.get("pem"):
            context = ssl.create_default_context(cadata=entry["pem"])
        elif self.ca_bundle is not None:
            context = ssl.create_default_context(cafile=str(self.ca_bundle))
        else:
            context = ssl.create_default_context()
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context

    def client(self, url: str) -> HubClient:
        """A hub client for ``url`` (one URL or a failover list's text) that verifies each
        hub as this workstation trusts it (its own pin, or the CA bundle)."""
        return HubClient(url, verify_for=self.verify_for)

    def verify_for(self, url: str) -> bool | ssl.SSLContext:
        """How the client verifies the hub at ``url`` (plain HTTP: nothing to verify)."""
        origin = origin_of(url)
        if not origin.startswith("https://"):
            return True
        return self.context(origin)

    async def check_all(
        self, urls: str | list[str], confirm: Confirm | None, expected: list[str] | None = None
    ) -> list[str]:
        """:meth:`check` every hub of a failover list, in order (``expected``: one
        fingerprint for all, or one per URL); returns the URLs that answered.

        A hub that does not answer is skipped (not pinned: see the module doc); a trust
        failure of any answering hub raises, so nothing is sent to any of them.

        Raises:
            HubTrustError: as :meth:`check`, for the first hub that fails.
            OSError: no listed hub could be reached.
            ValueError: no URL, or more fingerprints than hubs.
        """
        listed = list(hub_urls(urls)) if isinstance(urls, str) else list(urls)
        prints = expected or []
        if not listed or len(prints) > max(1, len(listed)):
            raise ValueError("one fingerprint for every hub, or one for all")
        reached: list[str] = []
        last: OSError | None = None
        for i, url in enumerate(listed):
            wanted = prints[i] if len(prints) > 1 else (prints[0] if prints else None)
            try:
                await self.check(url, confirm, wanted)
            except HubTrustError:
                raise
            except OSError as exc:
                log.info("hub %s not reached for its certificate: %s", url, exc)
                last = exc
                continue
            reached.append(url)
        if not reached:
            raise last or OSError("no hub reached")
        return reached

    async def check(self, url: str, confirm: Confirm | None, expected: str | None = None) -> None:
        """Make sure the hub at ``url`` is one this workstation trusts, before any secret
        is sent to it; pin it on first use when the operator (``confirm``) or
        ``expected`` (a fingerprint given beforehand) says so.

        Raises:
            InsecureHub: ``http://`` to a hub that is not on this machine.
            CertificateChanged: a pinned hub shows another certificate.
            CertificateUnknown: an unpinned hub whose certificate no CA vouches for, and
                nobody confirmed it.
            OSError: the hub cannot be reached.
        """
        origin = origin_of(url)
        parts = urllib.parse.urlsplit(origin)
        if parts.scheme == "http":
            if not is_loopback(parts.hostname or ""):
                raise InsecureHub(origin)
            return
        presented = await asyncio.to_thread(self._handshake, origin)
        pinned = self.pinned(origin)
        if pinned is not None:
            if presented.fingerprint != pinned:
                raise CertificateChanged(origin, presented.fingerprint, pinned)
            return
        if expected is not None:
            if normal_fingerprint(expected) != presented.fingerprint:
                raise CertificateUnknown(
                    origin, presented.fingerprint, normal_fingerprint(expected)
                )
            self.pin(origin, presented.der)
            return
        if presented.verified:
            return
        if confirm is not None and await confirm(origin, presented.fingerprint):
            self.pin(origin, presented.der)
            return
        raise CertificateUnknown(origin, presented.fingerprint)

    def _handshake(self, origin: str) -> Presented:
        """(thread) Connect once and read the certificate the hub presents."""
        parts = urllib.parse.urlsplit(origin)
        host, port = parts.hostname or "", parts.port or 443
        probe = ssl.create_default_context()
        probe.check_hostname = False
        probe.verify_mode = ssl.CERT_NONE  # only to read what it presents
        with (
            socket.create_connection((host, port), timeout=HANDSHAKE_SECONDS) as sock,
            probe.wrap_socket(sock, server_hostname=host) as tls,
        ):
            der = tls.getpeercert(binary_form=True)
        if not der:
            raise OSError("the hub presented no certificate")
        verified = True
        try:
            check = (
                ssl.create_default_context(cafile=str(self.ca_bundle))
                if self.ca_bundle is not None
                else ssl.create_default_context()
            )
            with (
                socket.create_connection((host, port), timeout=HANDSHAKE_SECONDS) as sock,
                check.wrap_socket(sock, server_hostname=host),
            ):
                pass
        except ssl.SSLCertVerificationError:
            verified = False
        return Presented(der, fingerprint(der), verified)


def origin_of(url: str) -> str:
    """``scheme://host:port`` of a hub URL (the port made explicit)."""
    parts = urllib.parse.urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = parts.port or (443 if scheme == "https" else 80)
    return f"{scheme}://{host}:{port}"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
