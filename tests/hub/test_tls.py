# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub over TLS: a self-signed certificate from `init`, `serve --tls-cert/--tls-key`,
no plain HTTP off loopback, and the relay serving grants with the hub's certificate."""

from __future__ import annotations

import ipaddress
import os
import ssl
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from cryptography import x509

from hub.cli import main
from hub.context import open_hub
from hub.media import MediaRelay
from hub.settings import Settings
from hub.streams.service import RelayService
from hub.testing import settings_for_tests, wait_until
from hub.tls import is_loopback, make_self_signed, pem_fingerprint
from tests.hub.test_cli import free_port

INIT = ["init", "--province", "Thái Nguyên", "--leader", "Ông A", "--it-focal-point", "Bà B"]


def test_a_self_signed_certificate_names_the_hub_and_its_key_is_private(tmp_path: Path) -> None:
    files = make_self_signed(["hub.ioc.local", "10.20.0.5", "127.0.0.1"], tmp_path / "tls")
    cert = x509.load_pem_x509_certificate(files.cert.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["hub.ioc.local"]
    assert names.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address("10.20.0.5"),
        ipaddress.ip_address("127.0.0.1"),
    ]
    assert (files.key.stat().st_mode & 0o777) == 0o600
    assert b"PRIVATE KEY" not in files.cert.read_bytes()
    printed = pem_fingerprint(files.cert.read_bytes())
    assert len(printed) == 95 and printed.count(":") == 31
    with pytest.raises(FileExistsError):  # pinned consoles would refuse a new one
        make_self_signed(["127.0.0.1"], tmp_path / "tls")
    with pytest.raises(ValueError):
        make_self_signed(["bad name/with slash"], tmp_path / "other")


def test_init_makes_the_certificate_and_says_its_fingerprint(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    base = ["--db", db_url, "--data-dir", str(data)]
    assert main([*base, *INIT, "--tls-self-signed", "127.0.0.1,localhost"]) == 0
    out = capsys.readouterr().out
    printed = pem_fingerprint((data / "tls.crt").read_bytes())
    assert f"TLS certificate SHA-256 fingerprint: {printed}" in out
    assert "vwall-hub serve --tls-cert" in out


def test_plain_http_off_loopback_is_refused_unless_insecure_http(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    assert main([*data, "serve", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert "refusing plain HTTP on 0.0.0.0" in err and "--tls-cert" in err
    assert main([*data, "serve", "--host", "10.20.0.5", "--tls-cert", "x.pem"]) == 2
    assert "both --tls-cert and --tls-key" in capsys.readouterr().err
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("hub.ioc.local")


def test_serve_speaks_tls_with_the_certificate_and_nothing_in_clear(
    db_url: str, tmp_path: Path
) -> None:
    files = make_self_signed(["127.0.0.1"], tmp_path / "tls")
    port = free_port()
    env = {**os.environ, "VWALL_HUB_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-m", "hub.cli", "serve", "--db", db_url, "--host", "127.0.0.1"]
    command += ["--port", str(port), "--tls-cert", str(files.cert), "--tls-key", str(files.key)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"https://127.0.0.1:{port}/api/health"
    try:

        def up() -> bool:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                return httpx.get(url, verify=str(files.cert)).status_code == 200
            except httpx.TransportError:
                return False

        wait_until(up, timeout=30, what="vwall-hub serve over TLS")
        with pytest.raises(httpx.ConnectError):  # the system's CAs do not vouch for it
            httpx.get(url)
        with pytest.raises(httpx.TransportError):  # no plain HTTP on the port
            httpx.get(f"http://127.0.0.1:{port}/api/health")
        presented = ssl.get_server_certificate(("127.0.0.1", port))
        assert pem_fingerprint(presented.encode()) == pem_fingerprint(files.cert.read_bytes())
    finally:
        proc.terminate()
        output = proc.communicate(timeout=15)[0].decode()
    assert f"SHA-256 fingerprint: {pem_fingerprint(files.cert.read_bytes())}" in output


def test_the_relay_serves_grants_with_the_hubs_certificate(tmp_path: Path) -> None:
    files = make_self_signed(["127.0.0.1"], tmp_path / "tls")
    other = make_self_signed(["127.0.0.1"], tmp_path / "relay-tls")
    base = settings_for_tests(f"sqlite:///{tmp_path / 'h.sqlite3'}", tmp_path / "data")
    hub_tls = replace(base, tls_cert=str(files.cert), tls_key=str(files.key))
    own = replace(hub_tls, relay_tls_cert=str(other.cert), relay_tls_key=str(other.key))
    assert (_relay(hub_tls).scheme, _relay(hub_tls).certfile) == ("https", str(files.cert))
    assert (_relay(own).scheme, _relay(own).certfile) == ("https", str(other.cert))
    assert _relay(base).scheme == "http"  # the loopback embedded hub


def _relay(settings: Settings) -> MediaRelay:
    """The relay a hub with ``settings`` would start (not started here)."""
    hub = open_hub(settings)
    try:
        media = RelayService(hub).media
    finally:
        hub.close()
    assert media is not None
    return media
