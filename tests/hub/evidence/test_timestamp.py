# SPDX-License-Identifier: GPL-3.0-or-later
"""RFC 3161 time-stamps of evidence packages, from a real local authority (``openssl ts``
on 127.0.0.1): the token goes into the package and verifies offline against the
authority's root; a changed token, or a root that is not the authority's, is named; an
authority that does not answer gives no token (the package is then not made)."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hub.evidence.builder import PackagePlan, build_package
from hub.evidence.manifest import TIMESTAMP, TIMESTAMP_TOKEN
from hub.evidence.signing import TimeStampUnavailable, rfc3161
from hub.evidence.verify import verify_package
from tests.hub.evidence.common import verify
from tests.hub.evidence.tsa import local_tsa, make_certificates

NOW = datetime(2026, 1, 6, 2, 0, tzinfo=UTC)


def _plan(chain: bytes, url: str) -> PackagePlan:
    case = {"number": "VP-2026-000042", "violation_type": "red_light", "place": "Ngã tư"}
    return PackagePlan(
        package_id=1,
        number="VP-2026-000042-G1",
        case_number="VP-2026-000042",
        unit_name="Trung tâm IOC",
        created_at=NOW,
        raw=False,
        requested_by="ioc_cw",
        approved_by=None,
        purpose="Chuyển công an",
        case=case,
        events=[{"id": 1, "topic": "tns1:RuleEngine/LineDetector/Crossed"}],
        custody=[],
        media=[],
        tsa_chain=chain,
        tsa_url=url,
    )


def test_an_authority_token_verifies_offline_and_a_change_is_named(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    with local_tsa() as tsa:
        built = build_package(
            _plan(tsa.chain_pem.read_bytes(), tsa.url),
            key,
            lambda manifest: rfc3161(tsa.url, 10.0, manifest),
            tmp_path / "p.zip",
        )
        root = tmp_path / "tsa-root.pem"
        root.write_bytes(tsa.root_pem.read_bytes())
    assert built.timestamp["kind"] == "rfc3161"
    report = verify_package(built.path)
    assert report.ok, report.problems
    assert report.time_kind == "rfc3161" and any("chain in the package" in n for n in report.notes)
    ok = verify(built.path, "--tsa-root", str(root))
    assert ok.returncode == 0 and ok.stdout.startswith("OK"), ok.stdout + ok.stderr
    with zipfile.ZipFile(built.path) as zf:
        stamp = json.loads(zf.read(TIMESTAMP))
        assert stamp["token_sha256"] and stamp["tsa_url"].startswith("http://127.0.0.1:")

    other_root, _chain, _key = make_certificates(tmp_path)  # some other authority's root
    wrong = verify(built.path, "--tsa-root", str(other_root))
    assert wrong.returncode == 1 and "FAIL time-stamp invalid" in wrong.stdout, wrong.stdout

    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(built.path) as src, zipfile.ZipFile(changed, "w") as dst:
        for info in src.infolist():
            body = bytearray(src.read(info))
            if info.filename == TIMESTAMP_TOKEN:
                body[len(body) // 2] ^= 0x01
            dst.writestr(info, bytes(body))
    report = verify_package(changed)
    assert [p for p in report.problems if p.startswith("time-stamp invalid")], report.problems


def test_an_authority_that_does_not_answer_gives_no_token() -> None:
    with pytest.raises(TimeStampUnavailable):
        rfc3161("http://127.0.0.1:9/tsa", 2.0, b"{}")
