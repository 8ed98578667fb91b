# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's TLS: a self-signed certificate for a control room, and the rule for plain HTTP.

A console on another workstation sends a password, a one-time code and then a session
token with every call, so a hub reachable from the network speaks TLS (uvicorn's, with
the certificate and key named by ``serve --tls-cert/--tls-key``); the media relay serves
the grants' streams with the same certificate. A control room without its own PKI runs
``vwall-hub init --tls-self-signed NAMES``: an ECDSA P-256 key and a certificate for the
host names and addresses consoles use; operators compare its SHA-256 fingerprint (printed
by ``init`` and ``serve``) when their console first meets the hub, and the console pins it.
Only a hub on a loopback address may serve plain HTTP without ``--insecure-http``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CERT_FILE = "tls.crt"
KEY_FILE = "tls.key"
VALID_DAYS = 825  # the longest lifetime browsers and OS trust stores accept for a leaf


@dataclass(frozen=True)
class TlsFiles:
    """A certificate (PEM) and its private key (PEM) on disk."""

    cert: Path
    key: Path


def fingerprint(der: bytes) -> str:
    """The SHA-256 fingerprint of a DER certificate as ``AB:CD:…`` (what operators compare)."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def pem_fingerprint(pem: bytes) -> str:
    """The SHA-256 fingerprint of the first certificate in a PEM file."""
    cert = x509.load_pem_x509_certificate(pem)
    return fingerprint(cert.public_bytes(serialization.Encoding.DER))


def make_self_signed(
    names: list[str], directory: Path, organisation: str = "vwall hub"
) -> TlsFiles:
    """Write a new key and a self-signed certificate for ``names`` into ``directory``.

    Args:
        names: host names and IP addresses consoles use to reach the hub (the first is
            the certificate's common name).
        directory: where ``tls.crt`` and ``tls.key`` go (the key readable by the owner only).
        organisation: the certificate's organisation name.

    Raises:
        ValueError: no name, or a name that is neither a host name nor an address.
        FileExistsError: a key is already there (never overwritten: pinned consoles
            would refuse the hub).
    """
    if not names:
        raise ValueError("name at least one host name or address consoles use")
    alt: list[x509.GeneralName] = []
    for name in names:
        try:
            alt.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            if not name or len(name) > 253 or any(c.isspace() or c in "/:@" for c in name):
                raise ValueError(f"not a host name or address: {name!r}") from None
            alt.append(x509.DNSName(name))
    directory.mkdir(parents=True, exist_ok=True)
    files = TlsFiles(directory / CERT_FILE, directory / KEY_FILE)
    if files.key.exists() or files.cert.exists():
        raise FileExistsError(f"{files.key} or {files.cert} exists already")
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, names[0]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        # Its own CA too, so TLS stacks that want a CA in their trust store (libVLC's
        # GnuTLS, Python's ssl) accept it once an operator has pinned it.
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(files.key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key_pem)
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return files


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) only listens on this machine."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name may resolve to anything: treat it as reachable
