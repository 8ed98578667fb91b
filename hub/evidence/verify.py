# SPDX-License-Identifier: GPL-3.0-or-later
"""``vwall-verify PACKAGE``: check an evidence package offline — no hub, no database,
only the package (a ZIP or the directory it unpacks to) and, if given, the key to trust.

What holds when it prints ``OK`` (exit 0): every file the manifest names is there with
its SHA-256 and size, no other file is (besides the control files of
:mod:`hub.evidence.manifest`), the manifest's content digest matches, the manifest's
Ed25519 signature verifies with the public key in the package (whose fingerprint the
manifest names), that key is the trusted one when ``--trusted-key`` is given, and the
time-stamp holds: an RFC 3161 token over the manifest (checked against ``--tsa-root``
certificates, else the TSA chain in the package) or the hub's own signed time.

Otherwise it prints one line per problem, naming it (``file media/clip-m7.mp4 hash
mismatch``, ``file case.json missing``, ``extra file notes.txt``, ``signature
invalid``, ``key not trusted``, ``time-stamp invalid: …``) and exits 1; 2 when the
package cannot be read at all. :func:`verify_package` is the same check for a caller
(the console's "verify a package" action).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from hub.evidence.manifest import (
    CONTROL_FILES,
    FORMAT,
    HUB_SIGNATURE,
    HUB_SIGNED,
    MANIFEST,
    PUBLIC_KEY,
    RFC3161,
    SIGNATURE,
    TIMESTAMP,
    TIMESTAMP_TOKEN,
    content_digest,
    key_fingerprint,
    sha256_hex,
    timestamp_message,
    unb64,
)

TSA_CHAIN = "tsa-chain.pem"


@dataclass
class VerifyReport:
    """What a check found: ``ok`` when ``problems`` is empty."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fingerprint: str | None = None  # of the key that signed the manifest
    time: str | None = None  # when the manifest existed, as the time-stamp says
    time_kind: str | None = None  # "rfc3161" or "hub-signed"
    files: int = 0

    @property
    def ok(self) -> bool:
        """Whether every check held."""
        return not self.problems


class PackageUnreadable(Exception):
    """Not a package at all (no such path, not a ZIP nor a directory)."""


class _Source:
    """The files of a package, from a directory or a ZIP."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self.duplicates: list[str] = []
        if path.is_dir():
            self._names = sorted(
                p.relative_to(path).as_posix()
                for p in path.rglob("*")
                if p.is_file() or p.is_symlink()
            )
        elif path.is_file():
            try:
                self._zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise PackageUnreadable(f"{path}: not a ZIP file ({exc})") from exc
            names = [i.filename for i in self._zip.infolist() if not i.is_dir()]
            self.duplicates = sorted({n for n in names if names.count(n) > 1})
            self._names = sorted(set(names))
        else:
            raise PackageUnreadable(f"{path}: no such file or directory")

    def names(self) -> list[str]:
        return list(self._names)

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        if self._zip is not None:
            with self._zip.open(name) as fh:
                yield fh
        else:
            target = self.path / name
            if target.is_symlink():  # a link could point anywhere: not a file of the package
                raise OSError(f"{name} is a symbolic link")
            with target.open("rb") as fh:
                yield fh

    def read(self, name: str) -> bytes:
        with self.open(name) as fh:
            return fh.read()

    def digest(self, name: str) -> tuple[str, int]:
        h = hashlib.sha256()
        size = 0
        with self.open(name) as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
                size += len(chunk)
        return h.hexdigest(), size

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def _load_trusted(trusted: str) -> str:
    """The fingerprint a ``--trusted-key`` names: a fingerprint, a PEM text or a PEM file."""
    text = trusted.strip()
    if "BEGIN PUBLIC KEY" not in text:
        candidate = Path(text)
        if candidate.is_file():
            text = candidate.read_text("ascii", errors="replace")
    if "BEGIN PUBLIC KEY" in text:
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the trusted key is not an Ed25519 public key")
        return key_fingerprint(key)
    text = text.lower().replace(":", "").removeprefix("sha256")
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise ValueError("the trusted key is neither a fingerprint nor a PEM public key")
    return "sha256:" + text


def _check_files(src: _Source, manifest: dict[str, Any], report: VerifyReport) -> None:
    entries = manifest.get("files")
    if not isinstance(entries, list):
        report.problems.append("manifest invalid: no file list")
        return
    listed: set[str] = set()
    present = set(src.names())
    for entry in entries:
        path = str(entry.get("path", ""))
        listed.add(path)
        if path in CONTROL_FILES or path not in present:
            report.problems.append(f"file {path} missing")
            continue
        try:
            digest, size = src.digest(path)
        except OSError as exc:
            report.problems.append(f"file {path} unreadable ({exc})")
            continue
        if digest != entry.get("sha256") or size != entry.get("size"):
            report.problems.append(f"file {path} hash mismatch")
    for name in sorted(present - listed - CONTROL_FILES):
        report.problems.append(f"extra file {name}")
    for name in src.duplicates:
        report.problems.append(f"file {name} appears twice")
    report.files = len(entries)
    if manifest.get("content_sha256") != content_digest(entries):
        report.problems.append("content digest mismatch (manifest content_sha256)")


def _public_key(src: _Source, manifest: dict[str, Any], report: VerifyReport) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(src.read(PUBLIC_KEY))
    except (KeyError, OSError, ValueError) as exc:
        raise ValueError(f"public key {PUBLIC_KEY} unreadable") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"public key {PUBLIC_KEY} is not Ed25519")
    report.fingerprint = key_fingerprint(key)
    named = (manifest.get("hub") or {}).get("fingerprint")
    if named != report.fingerprint:
        report.problems.append("public key does not match the manifest's fingerprint")
    return key


def _check_stamp_signature(
    stamp: dict[str, Any], manifest_hash: str, key: Ed25519PublicKey
) -> str | None:
    """``timestamp.json`` is of this manifest and the hub signed every field of it."""
    if stamp.get("manifest_sha256") != manifest_hash:
        return "time-stamp invalid: it is not of this manifest"
    try:
        datetime.fromisoformat(str(stamp.get("time", "")))
        key.verify(unb64(str(stamp.get(HUB_SIGNATURE, ""))), timestamp_message(stamp))
    except (ValueError, InvalidSignature):
        return "time-stamp invalid: the hub's signature over timestamp.json does not verify"
    return None


def _certificates(pem: bytes) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(pem) if pem.strip() else []


def _check_rfc3161(
    src: _Source,
    stamp: dict[str, Any],
    manifest_bytes: bytes,
    tsa_roots: Sequence[x509.Certificate],
    report: VerifyReport,
) -> str | None:
    from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response

    try:
        token = src.read(TIMESTAMP_TOKEN)
        response = decode_timestamp_response(token)
    except (KeyError, OSError, ValueError) as exc:
        return f"time-stamp invalid: token {TIMESTAMP_TOKEN} unreadable ({exc})"
    if stamp.get("token_sha256") != sha256_hex(token):
        return f"time-stamp invalid: {TIMESTAMP_TOKEN} is not the token the hub recorded"
    roots = list(tsa_roots)
    chain: list[x509.Certificate] = []
    if TSA_CHAIN in src.names():
        try:
            chain = _certificates(src.read(TSA_CHAIN))
        except ValueError:
            return f"time-stamp invalid: {TSA_CHAIN} unreadable"
    if not roots:
        roots = [c for c in chain if c.issuer == c.subject]
        report.notes.append(
            "time-stamp authority checked against the chain in the package "
            "(give --tsa-root to check it against a root you trust)"
        )
    if not roots:
        return "time-stamp invalid: no root certificate to check the authority against"
    builder = VerifierBuilder()
    for root in roots:
        builder = builder.add_root_certificate(root)
    for cert in chain:
        # Only intermediates from the package: a root it carries is trusted only when no
        # root was given (above), else a forger's own root would vouch for itself.
        if cert not in roots and cert.issuer != cert.subject:
            builder = builder.add_intermediate_certificate(cert)
    try:
        builder.build().verify_message(response, manifest_bytes)
    except (VerificationError, ValueError) as exc:
        return f"time-stamp invalid: {exc}"
    report.time = response.tst_info.gen_time.isoformat()
    return None


def _check_time(
    src: _Source,
    manifest_bytes: bytes,
    key: Ed25519PublicKey | None,
    tsa_roots: Sequence[x509.Certificate],
    report: VerifyReport,
) -> None:
    if TIMESTAMP not in src.names():
        report.problems.append("time-stamp missing")
        return
    try:
        stamp = json.loads(src.read(TIMESTAMP))
    except (OSError, ValueError):
        report.problems.append("time-stamp invalid: unreadable")
        return
    if not isinstance(stamp, dict):
        report.problems.append("time-stamp invalid: unreadable")
        return
    kind = stamp.get("kind")
    report.time_kind = str(kind)
    if key is None:
        report.problems.append("time-stamp invalid: no hub key to check it with")
        return
    problem = _check_stamp_signature(stamp, sha256_hex(manifest_bytes), key)
    if problem is None and kind == HUB_SIGNED:
        report.time = str(stamp.get("time"))
        report.notes.append("time-stamp by the hub itself (no time-stamping authority)")
        if TIMESTAMP_TOKEN in src.names():
            problem = f"extra file {TIMESTAMP_TOKEN}"
    elif problem is None and kind == RFC3161:
        problem = _check_rfc3161(src, stamp, manifest_bytes, tsa_roots, report)
    elif problem is None:
        problem = f"time-stamp invalid: unknown kind {kind!r}"
    if problem:
        report.problems.append(problem)


def verify_package(
    path: Path | str,
    trusted_key: str | None = None,
    tsa_roots: Sequence[x509.Certificate] = (),
) -> VerifyReport:
    """Check an evidence package (see the module doc).

    Args:
        path: the package's ZIP file or directory.
        trusted_key: the hub key to trust: a fingerprint (``sha256:<hex>``), a PEM
            public key, or a PEM file; ``None`` trusts the key in the package.
        tsa_roots: root certificates of the time-stamping authorities to trust.

    Raises:
        PackageUnreadable: no such path, or not a ZIP nor a directory.
        ValueError: ``trusted_key`` is neither a fingerprint nor an Ed25519 PEM key.
    """
    trusted = _load_trusted(trusted_key) if trusted_key else None
    src = _Source(Path(path))
    report = VerifyReport()
    try:
        if MANIFEST not in src.names():
            report.problems.append(f"file {MANIFEST} missing")
            return report
        manifest_bytes = src.read(MANIFEST)
        try:
            manifest = json.loads(manifest_bytes)
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise ValueError("unknown format")
        except ValueError:
            report.problems.append(f"manifest invalid: not a {FORMAT} manifest")
            return report
        _check_files(src, manifest, report)
        key: Ed25519PublicKey | None = None
        try:
            key = _public_key(src, manifest, report)
        except ValueError as exc:
            report.problems.append(str(exc))
        if SIGNATURE not in src.names():
            report.problems.append(f"file {SIGNATURE} missing (signature missing)")
        elif key is not None:
            try:
                key.verify(unb64(src.read(SIGNATURE).decode("ascii")), manifest_bytes)
            except (InvalidSignature, ValueError, UnicodeDecodeError):
                report.problems.append("signature invalid")
        if trusted is not None and report.fingerprint != trusted:
            report.problems.append(
                f"key not trusted: signed by {report.fingerprint}, trusted is {trusted}"
            )
        _check_time(src, manifest_bytes, key, tsa_roots, report)
        return report
    finally:
        src.close()


def main(argv: Sequence[str] | None = None) -> int:
    """The ``vwall-verify`` command; the exit code (0 OK, 1 problems, 2 unreadable)."""
    parser = argparse.ArgumentParser(
        prog="vwall-verify", description="Check an evidence package offline."
    )
    parser.add_argument("package", type=Path, help="the package (.zip) or its directory")
    parser.add_argument(
        "--trusted-key",
        metavar="FINGERPRINT_OR_PEM",
        help="the hub key to trust: sha256:<hex> fingerprint, PEM text or PEM file",
    )
    parser.add_argument(
        "--tsa-root",
        type=Path,
        action="append",
        default=[],
        metavar="PEM",
        help="root certificate(s) of the time-stamping authority to trust",
    )
    args = parser.parse_args(argv)
    try:
        roots = [c for p in args.tsa_root for c in _certificates(p.read_bytes())]
        report = verify_package(args.package, args.trusted_key, roots)
    except (PackageUnreadable, OSError, ValueError) as exc:
        print(f"ERROR {exc}", file=sys.stderr)
        return 2
    for note in report.notes:
        print(f"note: {note}")
    if not report.ok:
        for problem in report.problems:
            print(f"FAIL {problem}")
        return 1
    print(
        f"OK {report.files} files, signed by {report.fingerprint}, "
        f"time {report.time} ({report.time_kind})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
