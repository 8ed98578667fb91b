# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP digest (RFC 7616) and basic authentication for the camera's snapshot URL."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import time

NONCE_LIFETIME = 300.0
_ALGORITHMS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}
_PARAM = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')


class HttpAuth:
    """Checks ``Authorization`` headers against one user; nonces are signed, not stored."""

    def __init__(self, username: str, password: str, realm: str = "camsim") -> None:
        self.username = username
        self.password = password
        self.realm = realm
        self._key = secrets.token_bytes(32)

    def _sign(self, stamp: str) -> str:
        return hmac.new(self._key, stamp.encode(), hashlib.sha256).hexdigest()[:32]

    def _nonce(self) -> str:
        stamp = f"{time.time():.0f}"
        return f"{stamp}-{self._sign(stamp)}"

    def _nonce_ok(self, nonce: str) -> bool:
        stamp, _, signature = nonce.partition("-")
        if not stamp.isdigit() or not hmac.compare_digest(signature, self._sign(stamp)):
            return False
        return abs(time.time() - int(stamp)) <= NONCE_LIFETIME

    def challenges(self) -> list[str]:
        """``WWW-Authenticate`` values for a 401: digest first (clients take the first)."""
        return [
            f'Digest realm="{self.realm}", qop="auth", algorithm=MD5, nonce="{self._nonce()}"',
            f'Basic realm="{self.realm}"',
        ]

    def check(self, method: str, path: str, authorization: str | None) -> bool:
        """Whether ``authorization`` proves the user's password for this request.

        Args:
            method: The HTTP method (``GET``).
            path: The request path (the digest ``uri`` must name it).
            authorization: The ``Authorization`` header, if any.

        Returns:
            True for valid basic credentials or a valid, fresh digest response.
        """
        if not authorization:
            return False
        scheme, _, rest = authorization.partition(" ")
        if scheme.lower() == "basic":
            return self._check_basic(rest.strip())
        if scheme.lower() == "digest":
            return self._check_digest(method, path, rest)
        return False

    def _check_basic(self, token: str) -> bool:
        try:
            user, _, password = base64.b64decode(token, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return hmac.compare_digest(f"{user}:{password}".encode(), self._expected_basic())

    def _expected_basic(self) -> bytes:
        return f"{self.username}:{self.password}".encode()

    def _check_digest(self, method: str, path: str, header: str) -> bool:
        params = {
            m.group(1).lower(): m.group(2) or m.group(3) or "" for m in _PARAM.finditer(header)
        }
        hash_fn = _ALGORITHMS.get(params.get("algorithm", "MD5").upper())
        uri = params.get("uri", "")
        if (
            hash_fn is None
            or params.get("realm") != self.realm
            or params.get("username") != self.username
            or uri.partition("?")[0] != path
            or not self._nonce_ok(params.get("nonce", ""))
        ):
            return False

        def digest(text: str) -> str:
            return hash_fn(text.encode()).hexdigest()

        ha1 = digest(f"{self.username}:{self.realm}:{self.password}")
        ha2 = digest(f"{method.upper()}:{uri}")
        if params.get("qop", "auth") != "auth":
            return False
        if params.get("qop"):
            fields = (params["nonce"], params.get("nc", ""), params.get("cnonce", ""), "auth", ha2)
            expected = digest(":".join((ha1, *fields)))
        else:
            expected = digest(f"{ha1}:{params['nonce']}:{ha2}")
        return hmac.compare_digest(params.get("response", "").encode(), expected.encode())
