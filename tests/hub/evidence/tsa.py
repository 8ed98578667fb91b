# SPDX-License-Identifier: GPL-3.0-or-later
"""A local RFC 3161 time-stamping authority for tests: ``openssl ts -reply`` behind a
small HTTP handler on 127.0.0.1, with its own root and a TSA certificate (critical
extended key usage ``timeStamping``), made with cryptography."""

from __future__ import annotations

import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_CONFIG = """
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


@dataclass(frozen=True)
class LocalTsa:
    """Where the authority answers and its root certificate (PEM)."""

    url: str
    root_pem: Path
    chain_pem: Path


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_certificates(where: Path) -> tuple[Path, Path, Path]:
    now = datetime.now(UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = (
        x509.CertificateBuilder()
        .subject_name(_name("vwall test TSA root"))
        .issuer_name(_name("vwall test TSA root"))
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(root_key, hashes.SHA256())
    )
    tsa_key = ec.generate_private_key(ec.SECP256R1())
    tsa = (
        x509.CertificateBuilder()
        .subject_name(_name("vwall test TSA"))
        .issuer_name(root.subject)
        .public_key(tsa_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (where / "root.pem").write_bytes(root.public_bytes(pem))
    (where / "tsa.pem").write_bytes(tsa.public_bytes(pem))
    (where / "chain.pem").write_bytes(tsa.public_bytes(pem) + root.public_bytes(pem))
    (where / "tsa.key").write_bytes(
        tsa_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return where / "root.pem", where / "chain.pem", where / "tsa.key"


@contextmanager
def local_tsa() -> Iterator[LocalTsa]:
    """Run the authority until the block ends."""
    with tempfile.TemporaryDirectory(prefix="vwall-tsa-") as tmp:
        where = Path(tmp)
        root, chain, key = make_certificates(where)
        (where / "serial").write_text("01\n")
        config = where / "tsa.cnf"
        config.write_text(_CONFIG.format(dir=where))
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with lock, tempfile.TemporaryDirectory(dir=where) as work:
                    query = Path(work) / "q.tsq"
                    reply = Path(work) / "r.tsr"
                    query.write_bytes(body)
                    proc = subprocess.run(
                        [
                            "openssl",
                            "ts",
                            "-reply",
                            "-config",
                            str(config),
                            "-queryfile",
                            str(query),
                            "-signer",
                            str(where / "tsa.pem"),
                            "-inkey",
                            str(key),
                            "-out",
                            str(reply),
                        ],
                        capture_output=True,
                        timeout=30,
                        check=False,
                    )
                    data = reply.read_bytes() if proc.returncode == 0 else b""
                self.send_response(200 if data else 500)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield LocalTsa(f"http://127.0.0.1:{server.server_address[1]}/tsa", root, chain)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
