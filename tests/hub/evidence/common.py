# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence package test helpers: a case with a real clip and snapshot, an approved
extraction request and a registered device; asking for, approving and fetching a
package; running the real ``vwall-verify`` console script."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from camsim.process import FleetProcess
from tests.hub.cases.common import World

VERIFY = Path(sys.executable).with_name("vwall-verify")


@dataclass
class EvidenceWorld:
    """The case world, the fleet and the simulator id of the case camera."""

    w: World
    fleet: FleetProcess
    device_id: str
    tmp: Path

    def recorded_start(self) -> datetime:
        """A whole second about 30 minutes back with recording after it."""
        near = self.w.now() - timedelta(minutes=30)
        with self.w.http("ioc_op") as http:
            r = http.get(
                f"/api/cameras/{self.w.camera_id}/recordings",
                params={
                    "start": (near - timedelta(minutes=15)).isoformat(),
                    "end": (near + timedelta(minutes=15)).isoformat(),
                },
            )
        r.raise_for_status()
        for piece in r.json()["ranges"]:
            a = datetime.fromisoformat(piece["start"])
            b = datetime.fromisoformat(piece["end"])
            if (b - a).total_seconds() > 180:
                return max(
                    a + timedelta(seconds=10), min(near, b - timedelta(seconds=150))
                ).replace(microsecond=0)
        raise AssertionError("no recorded range")

    def case_with_media(self, clips: int = 1, seconds: float = 6.0) -> dict[str, Any]:
        """A draft case of the IOC with ``clips`` clips of ``seconds`` and a snapshot."""
        w = self.w
        start = self.recorded_start()
        end = start + timedelta(seconds=clips * (seconds + 2) + 5)
        case = w.open_case(
            cameras=[
                {
                    "camera_id": w.camera_id,
                    "start": (start - timedelta(minutes=1)).isoformat(),
                    "end": end.isoformat(),
                }
            ]
        )
        # Stored first, as a recorder has its archive on disk (the simulator otherwise
        # encodes the range while replaying it): the test is of the package.
        self.fleet.store_recording(self.device_id, start.timestamp() - 3.0, end.timestamp() + 1.0)
        with w.http("ioc_cw") as http:
            for n in range(clips):
                a = start + timedelta(seconds=n * (seconds + 2))
                r = http.post(
                    f"/api/cases/{case['id']}/media/clips",
                    json={
                        "camera_id": w.camera_id,
                        "start": a.isoformat(),
                        "end": (a + timedelta(seconds=seconds)).isoformat(),
                    },
                    timeout=120,
                )
                assert r.status_code == 201, r.text
        with w.http("ioc_op") as http:  # the operator takes it (image rights) …
            r = http.post(
                f"/api/cameras/{w.camera_id}/snapshots",
                json={"at": (start + timedelta(seconds=2)).isoformat()},
                timeout=60,
            )
            assert r.status_code in (200, 201), r.text
        with w.http("ioc_cw") as http:  # … and the case worker adds it to the case
            r = http.post(
                f"/api/cases/{case['id']}/media/snapshots", json={"snapshot_id": r.json()["id"]}
            )
            assert r.status_code == 201, r.text
        return w.get(case["id"])

    def approved_request(self, case_id: int) -> int:
        """An extraction request of the case, approved (DH: the case unit's leadership)."""
        w = self.w
        with w.http("ioc_req") as http:
            r = http.post(
                f"/api/cases/{case_id}/extraction-requests",
                json={"purpose": "Chuyển công an xử lý vi phạm", "content": "Video, ảnh"},
            )
            assert r.status_code == 201, r.text
        rid = int(r.json()["id"])
        with w.http("ioc_appr") as http:
            r = http.post(f"/api/extraction-requests/{rid}/decide", json={"verdict": "approve"})
            assert r.json()["status"] == "approved", r.text
        return rid

    def device(self, identifier: str = "SN-EV-0001") -> str:
        """A registered state-owned device of the IOC."""
        with self.w.http("ioc_admin") as http:
            r = http.post(
                "/api/storage-devices",
                json={
                    "identifier": identifier,
                    "label": "Ổ cứng chuyên dụng",
                    "owner_unit_id": self.w.unit("ioc"),
                    "asset_number": "TS-2026-007",
                    "state_owned": True,
                },
            )
            assert r.status_code == 201, r.text
        return identifier

    def ask(self, case_id: int, user: str = "ioc_cw", **body: Any) -> Any:
        """``POST /api/cases/{id}/packages``."""
        with self.w.http(user) as http:
            return http.post(f"/api/cases/{case_id}/packages", json=body, timeout=600)

    def fetch(self, case_id: int, package_id: int, user: str = "ioc_cw") -> Any:
        """``GET …/packages/{id}/file``."""
        with self.w.http(user) as http:
            return http.get(f"/api/cases/{case_id}/packages/{package_id}/file", timeout=120)


def verify(package: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``vwall-verify`` console script on a package."""
    return subprocess.run(
        [str(VERIFY), str(package), *args], capture_output=True, text=True, timeout=120
    )
