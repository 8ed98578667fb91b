# SPDX-License-Identifier: GPL-3.0-or-later
"""SOAP 1.2 plumbing for the simulated device: envelopes, WS-Security digest and faults."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from lxml import etree
from lxml.builder import ElementMaker  # type: ignore[import-not-found]

NS: dict[str, str] = {
    "env": "http://www.w3.org/2003/05/soap-envelope",
    "xs": "http://www.w3.org/2001/XMLSchema",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
    "wsa": "http://www.w3.org/2005/08/addressing",
    "tt": "http://www.onvif.org/ver10/schema",
    "ter": "http://www.onvif.org/ver10/error",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tr2": "http://www.onvif.org/ver20/media/wsdl",
    "tptz": "http://www.onvif.org/ver20/ptz/wsdl",
    "tev": "http://www.onvif.org/ver10/events/wsdl",
    "wsnt": "http://docs.oasis-open.org/wsn/b-2",
    "wstop": "http://docs.oasis-open.org/wsn/t-1",
    "tns1": "http://www.onvif.org/ver10/topics",
    "tse": "http://www.onvif.org/ver10/search/wsdl",
    "trp": "http://www.onvif.org/ver10/replay/wsdl",
    "trc": "http://www.onvif.org/ver10/recording/wsdl",
}

SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
PASSWORD_DIGEST = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    "#PasswordDigest"
)
AUTH_WINDOW = 300.0  # seconds a UsernameToken's Created may differ from the device clock
MAX_NONCES = 20000

Element = etree._Element


class Maker:
    """lxml's ElementMaker for one namespace, typed, and dropping ``None`` children.

    ``TT.Name("x")`` builds ``<tt:Name>x</tt:Name>``; dict children are attributes,
    strings are text (escaped by lxml), ``None`` is skipped so optional parts read well.
    """

    def __init__(self, namespace: str, nsmap: dict[str, str] | None = None) -> None:
        self._maker: Any = ElementMaker(namespace=namespace, nsmap=nsmap or NS)

    def __getattr__(self, local: str) -> Callable[..., Element]:
        if local.startswith("_"):  # introspection (copy, inspect…), never an element name
            raise AttributeError(local)
        factory = getattr(self._maker, local)

        def build(*children: object, **attrs: str) -> Element:
            element: Element = factory(*(c for c in children if c is not None), **attrs)
            return element

        return build

    def named(self, local: str, *children: object, **attrs: str) -> Element:
        """``maker.named("Foo", ...)`` is ``maker.Foo(...)``, for names chosen at run time."""
        return self.__getattr__(local)(*children, **attrs)


ENV = Maker(NS["env"])
TT = Maker(NS["tt"])
TDS = Maker(NS["tds"])
TRT = Maker(NS["trt"])
TR2 = Maker(NS["tr2"])
TPTZ = Maker(NS["tptz"])
TEV = Maker(NS["tev"])
WSNT = Maker(NS["wsnt"])
WSTOP = Maker(NS["wstop"])
WSA = Maker(NS["wsa"])
TNS1 = Maker(NS["tns1"])
TSE = Maker(NS["tse"])
TRP = Maker(NS["trp"])
TRC = Maker(NS["trc"])

FaultCode = Literal["Sender", "Receiver", "VersionMismatch"]


def qn(prefixed: str) -> str:
    """The Clark name ``{namespace}local`` of a ``prefix:local`` name."""
    prefix, _, local = prefixed.partition(":")
    return f"{{{NS[prefix]}}}{local}"


class SoapFault(Exception):
    """A SOAP 1.2 fault to send back, with ONVIF subcodes such as ``ter:InvalidArgVal``."""

    def __init__(
        self,
        code: FaultCode,
        subcodes: tuple[str, ...],
        reason: str,
        http_status: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.code = code
        self.subcodes = subcodes
        self.reason = reason
        # SOAP 1.2 HTTP binding: Sender faults are 400, the others 500.
        self.http_status = http_status or (400 if code == "Sender" else 500)


def invalid_arg(reason: str, *detail: str) -> SoapFault:
    """A ``env:Sender`` / ``ter:InvalidArgVal`` fault (optionally with a finer subcode)."""
    return SoapFault("Sender", ("ter:InvalidArgVal", *detail), reason)


def not_supported(reason: str, *detail: str) -> SoapFault:
    """A ``env:Receiver`` / ``ter:ActionNotSupported`` fault."""
    return SoapFault("Receiver", ("ter:ActionNotSupported", *detail), reason)


def not_authorized(reason: str = "Sender not authorized") -> SoapFault:
    """The fault a camera sends for missing or wrong WS-Security credentials (HTTP 400)."""
    return SoapFault("Sender", ("ter:NotAuthorized",), reason, http_status=400)


def fault_element(fault: SoapFault) -> Element:
    """The ``env:Fault`` element for ``fault``, subcodes nested as SOAP 1.2 wants."""
    subcode: Element | None = None
    for value in reversed(fault.subcodes):
        inner = [ENV.Value(value)]
        if subcode is not None:
            inner.append(subcode)
        subcode = ENV.Subcode(*inner)
    code = ENV.Code(ENV.Value(f"env:{fault.code}"))
    if subcode is not None:
        code.append(subcode)
    text = ENV.Text(fault.reason)
    text.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    return ENV.Fault(code, ENV.Reason(text))


def envelope(body: Element, headers: list[Element] | None = None) -> Element:
    """A SOAP 1.2 envelope around one body element."""
    parts: list[Element] = []
    if headers:
        parts.append(ENV.Header(*headers))
    parts.append(ENV.Body(body))
    return ENV.Envelope(*parts)


def serialize(env: Element) -> bytes:
    """UTF-8 bytes of an envelope, every prefix we use declared once on the root.

    The prefixes are kept even when only text uses them (topic expressions such as
    ``tns1:RuleEngine/...`` and ``Type="tt:ReferenceToken"`` are QNames in text).
    """
    etree.cleanup_namespaces(env, top_nsmap=NS, keep_ns_prefixes=list(NS))
    return bytes(etree.tostring(env, xml_declaration=True, encoding="UTF-8"))


_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_blank_text=True,
    remove_comments=True,
    remove_pis=True,
)


@dataclass(frozen=True)
class SoapRequest:
    """A parsed request: its header (if any) and the operation element in its body."""

    header: Element | None
    operation: Element

    @property
    def qname(self) -> str:
        return str(self.operation.tag)

    @property
    def local_name(self) -> str:
        return etree.QName(self.operation).localname


def parse_envelope(data: bytes) -> SoapRequest:
    """Parse a request; anything but a well-formed SOAP 1.2 envelope is a Sender fault."""
    if not data.strip():
        raise SoapFault("Sender", ("ter:WellFormed",), "Empty request")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SoapFault("Sender", ("ter:WellFormed",), f"Malformed XML: {exc}") from None
    if getattr(root.getroottree().docinfo, "doctype", ""):
        raise SoapFault("Sender", ("ter:WellFormed",), "DTDs are not allowed")
    if root.tag == f"{{{SOAP11_ENV}}}Envelope":
        raise SoapFault("VersionMismatch", (), "SOAP 1.2 envelope expected", http_status=500)
    if root.tag != qn("env:Envelope"):
        raise SoapFault("Sender", ("ter:WellFormed",), "Not a SOAP envelope")
    header = root.find("env:Header", NS)
    body = root.find("env:Body", NS)
    if body is None:
        raise SoapFault("Sender", ("ter:WellFormed",), "SOAP Body missing")
    operations = [child for child in body if isinstance(child.tag, str)]
    if not operations:
        raise SoapFault("Sender", ("ter:WellFormed",), "SOAP Body is empty")
    return SoapRequest(header=header, operation=operations[0])


@dataclass(frozen=True)
class UsernameToken:
    """The WS-Security UsernameToken of a request."""

    username: str
    password: str
    password_type: str
    nonce: str
    created: str


def username_token(header: Element | None) -> UsernameToken | None:
    """The UsernameToken in a request header, or None."""
    if header is None:
        return None
    token = header.find("wsse:Security/wsse:UsernameToken", NS)
    if token is None:
        return None
    password = token.find("wsse:Password", NS)
    return UsernameToken(
        username=(token.findtext("wsse:Username", "", NS) or "").strip(),
        password=(password.text or "").strip() if password is not None else "",
        password_type=password.get("Type", "") if password is not None else "",
        nonce=(token.findtext("wsse:Nonce", "", NS) or "").strip(),
        created=(token.findtext("wsu:Created", "", NS) or "").strip(),
    )


class NonceCache:
    """Nonces seen within the freshness window, so a captured request cannot be replayed."""

    def __init__(self, window: float = AUTH_WINDOW, limit: int = MAX_NONCES) -> None:
        self.window = window
        self.limit = limit
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_use(self, nonce: str, now: float) -> bool:
        """Remember ``nonce``; False if it was already used."""
        horizon = now - 2 * self.window
        while self._seen and (
            next(iter(self._seen.values())) < horizon or len(self._seen) >= self.limit
        ):
            self._seen.popitem(last=False)
        if nonce in self._seen:
            return False
        self._seen[nonce] = now
        return True


def parse_created(text: str) -> float:
    """Unix time of a ``wsu:Created`` value; naive times are UTC."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def password_digest(nonce: bytes, created: str, password: str) -> str:
    """``Base64(SHA1(nonce + created + password))`` as WS-Security defines it."""
    raw = hashlib.sha1(nonce + created.encode() + password.encode()).digest()
    return base64.b64encode(raw).decode()


def verify_username_token(
    header: Element | None,
    username: str,
    password: str,
    nonces: NonceCache,
    now: float | None = None,
) -> None:
    """Check a request's UsernameToken digest; raise the NotAuthorized fault if it fails.

    Args:
        header: The request's ``env:Header`` element (None when there is none).
        username: The device's user name.
        password: The device's password.
        nonces: The device's cache of nonces already used.
        now: The device clock (unix seconds); the current time by default.

    Raises:
        SoapFault: ``env:Sender`` / ``ter:NotAuthorized`` when the token is missing, not a
            digest, stale (``Created`` more than five minutes away), replayed or wrong.
    """
    now = time.time() if now is None else now
    token = username_token(header)
    if token is None:
        raise not_authorized("WS-Security UsernameToken required")
    if token.password_type != PASSWORD_DIGEST:
        raise not_authorized("PasswordDigest required")
    try:
        nonce = base64.b64decode(token.nonce, validate=True)
        created = parse_created(token.created)
    except (binascii.Error, ValueError):
        raise not_authorized("Malformed Nonce or Created") from None
    if not nonce:
        raise not_authorized("Nonce required")
    if abs(now - created) > nonces.window:
        raise not_authorized("Created is not within five minutes of the device clock")
    expected = password_digest(nonce, token.created, password)
    user_ok = hmac.compare_digest(token.username.encode(), username.encode())
    digest_ok = hmac.compare_digest(token.password.encode(), expected.encode())
    if not (user_ok and digest_ok):
        raise not_authorized()
    if not nonces.first_use(token.nonce, now):
        raise not_authorized("Nonce already used")
