# SPDX-License-Identifier: GPL-3.0-or-later
"""WS-Discovery scan: the simulator's cameras found by a directed Probe, registered
ones marked; a multicast scan on an interface; bad interfaces refused."""

from __future__ import annotations

from sqlalchemy import select

from camsim.process import FleetProcess
from hub.audit.models import AuditRecord
from hub.catalog.testing import register_fleet
from hub.db import transaction
from tests.hub.catalog.common import Catalogue


def test_discovery_lists_unregistered_devices(
    catalogue: Catalogue, camsim_faults: FleetProcess
) -> None:
    cat, fleet = catalogue, camsim_faults
    register_fleet(cat.live, cat.province, fleet.cameras[:1], probe=False)
    fleet.set_faults("cam04", offline=30)  # an unplugged camera does not answer
    where = fleet.inventory["discovery"]
    with cat.http("admin_a") as http:
        r = http.post(
            "/api/cameras/discover",
            json={"address": where["host"], "port": where["port"], "timeout_seconds": 1},
        )
        assert r.status_code == 200, r.text
        found = {d["xaddrs"][0]: d for d in r.json()}
        by_url = {c["onvif"]["url"]: c for c in fleet.cameras}
        assert set(found) == {c["onvif"]["url"] for c in fleet.cameras[:3]}
        registered = {by_url[x]["id"] for x, d in found.items() if d["registered"]}
        assert registered == {"cam01"}
        some = next(iter(found.values()))
        assert some["endpoint"].startswith("urn:uuid:")
        assert "onvif://www.onvif.org/Profile/Streaming" in some["scopes"]
        assert any(t.endswith("NetworkVideoTransmitter") for t in some["types"])

        multicast = http.post(
            "/api/cameras/discover", json={"interface": "lo", "timeout_seconds": 0.3}
        )
        assert multicast.status_code == 200, multicast.text
        bad = http.post(
            "/api/cameras/discover", json={"interface": "no-such-if0", "timeout_seconds": 0.3}
        )
        assert (bad.status_code, bad.json()["code"]) == (422, "camera.discovery_failed")
        too_long = http.post("/api/cameras/discover", json={"timeout_seconds": 60})
        assert too_long.status_code == 422
    with cat.http("op_a") as http:
        assert http.post("/api/cameras/discover", json={}).status_code == 403
    with transaction(cat.live.hub.sessions) as s:
        scans = s.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "camera.discover")
            .order_by(AuditRecord.seq)
        ).all()
        assert len(scans) == 2
        assert '"found":3' in (scans[0].detail or "") and '"unregistered":2' in (
            scans[0].detail or ""
        )
