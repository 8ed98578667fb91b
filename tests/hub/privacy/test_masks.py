# SPDX-License-Identifier: GPL-3.0-or-later
"""Privacy masks on the hub: who may set them, where, what the audit keeps, and the
masks reaching the console with every stream grant unless lifted by someone entitled."""

from __future__ import annotations

import json
from typing import Any

from hub.audit.models import AuditRecord
from tests.hub.archive.world import ArchiveWorld, audit

WINDOW = [[0.1, 0.2], [0.4, 0.2], [0.4, 0.5], [0.1, 0.5]]
DOOR = [[0.6, 0.4], [0.8, 0.45], [0.7, 0.9]]


def detail(record: AuditRecord) -> dict[str, Any]:
    return dict(json.loads(record.detail or "{}"))


def put(world: ArchiveWorld, user: str, camera_id: int, masks: list[Any]) -> Any:
    with world.client(user) as http:
        return http.put(f"/api/cameras/{camera_id}/privacy-masks", json={"masks": masks})


def test_an_administrator_sets_changes_and_deletes_masks_audited(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(0)
    r = put(world, "admin", camera_id, [{"vertices": WINDOW}, {"vertices": DOOR}])
    assert r.status_code == 200, r.text
    first = r.json()
    assert [m["vertices"] for m in first] == [WINDOW, DOOR]
    admin_id = world.province.user_ids["admin"]
    assert all(m["created_by"] == admin_id == m["updated_by"] for m in first)
    # Move the door, keep the window (same row, same creation), add nothing else.
    moved = [[0.6, 0.4], [0.85, 0.45], [0.7, 0.95]]
    r = put(
        world,
        "admin",
        camera_id,
        [{"id": first[0]["id"], "vertices": WINDOW}, {"id": first[1]["id"], "vertices": moved}],
    )
    assert r.status_code == 200, r.text
    second = r.json()
    assert [m["id"] for m in second] == [m["id"] for m in first]
    assert second[0]["updated_at"] == first[0]["updated_at"]
    assert second[1]["vertices"] == moved
    with world.client("admin") as http:
        listed = http.get(f"/api/cameras/{camera_id}/privacy-masks")
        assert listed.status_code == 200 and listed.json() == second
        gone = http.delete(f"/api/cameras/{camera_id}/privacy-masks/{first[0]['id']}")
        assert gone.status_code == 204
        again = http.delete(f"/api/cameras/{camera_id}/privacy-masks/{first[0]['id']}")
        assert again.status_code == 404 and again.json()["code"] == "privacy.mask_not_found"
        assert [
            m["vertices"] for m in http.get(f"/api/cameras/{camera_id}/privacy-masks").json()
        ] == [moved]
    sets = audit(world, "privacy.masks_set")
    assert [r.object_id for r in sets] == [str(camera_id)] * 2
    assert detail(sets[0])["before"] == []
    assert [m["vertices"] for m in detail(sets[0])["after"]] == [WINDOW, DOOR]
    assert [m["vertices"] for m in detail(sets[1])["before"]] == [WINDOW, DOOR]
    assert [m["vertices"] for m in detail(sets[1])["after"]] == [WINDOW, moved]
    deleted = audit(world, "privacy.mask_delete")
    assert len(deleted) == 1
    assert [m["vertices"] for m in detail(deleted[0])["after"]] == [moved]
    assert len(detail(deleted[0])["before"]) == 2


def test_bad_masks_are_refused_and_store_nothing(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(0)
    bad: list[tuple[list[Any], int, str | None]] = [
        ([{"vertices": [[0.1, 0.1], [0.2, 0.2]]}], 422, None),  # two vertices
        ([{"vertices": [[0.1, 0.1], [1.2, 0.2], [0.3, 0.5]]}], 422, None),  # off the picture
        ([{"vertices": [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]]}], 422, "privacy.degenerate_polygon"),
        ([{"id": 999999, "vertices": WINDOW}], 422, "privacy.unknown_mask"),
    ]
    for masks, status, code in bad:
        r = put(world, "admin", camera_id, masks)
        assert r.status_code == status, r.text
        if code is not None:
            assert r.json()["code"] == code
    r = put(world, "admin", camera_id, [{"vertices": WINDOW}])
    assert r.status_code == 200
    mask_id = r.json()[0]["id"]
    # The same id twice, and another camera's mask id, are refused too.
    r = put(world, "admin", camera_id, [{"id": mask_id, "vertices": WINDOW}] * 2)
    assert r.status_code == 422 and r.json()["code"] == "privacy.unknown_mask"
    _other, other_id = world.camera(1)
    r = put(world, "admin", other_id, [{"id": mask_id, "vertices": DOOR}])
    assert r.status_code == 422 and r.json()["code"] == "privacy.unknown_mask"
    with world.client("admin") as http:
        assert len(http.get(f"/api/cameras/{camera_id}/privacy-masks").json()) == 1
        assert http.get(f"/api/cameras/{other_id}/privacy-masks").json() == []
        r = http.delete(f"/api/cameras/{other_id}/privacy-masks/{mask_id}")
        assert r.status_code == 404
    assert len(audit(world, "privacy.masks_set")) == 1


def test_rights_and_scope(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(0)
    # An operator watches but does not manage masks; the supervisor neither.
    for user in ("operator", "supervisor"):
        r = put(world, user, camera_id, [{"vertices": WINDOW}])
        assert r.status_code == 403 and r.json()["code"] == "forbidden", r.text
    records = audit(world, "authz.denied")
    assert len(records) == 2 and all("privacy.manage" in (r.reason or "") for r in records)
    # An administrator of another district manages only their own scope's cameras.
    r = put(world, "admin_b", camera_id, [{"vertices": WINDOW}])
    assert r.status_code == 403 and r.json()["code"] == "scope.out_of_scope", r.text
    with world.client("admin_b") as http:
        assert http.get(f"/api/cameras/{camera_id}/privacy-masks").status_code == 403
    assert audit(world, "scope.denied")
    assert not audit(world, "privacy.masks_set")


def test_grants_carry_the_masks_unless_lifted_by_someone_entitled(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(0)
    assert put(world, "admin", camera_id, [{"vertices": WINDOW}]).status_code == 200
    with world.client("operator") as http:
        r = http.post(f"/api/cameras/{camera_id}/grants", json={"stream": "sub"})
        assert r.status_code == 201, r.text
        grant = r.json()
        assert grant["masks"] == [WINDOW] and grant["unmasked"] is False
        renewed = http.post(f"/api/grants/{grant['grant_id']}/renew")
        assert renewed.status_code == 200 and renewed.json()["masks"] == [WINDOW]
        assert http.delete(f"/api/grants/{grant['grant_id']}").status_code == 204
        # Unmasked without privacy.lift: refused, audited, no grant issued.
        before = len(audit(world, "stream.grant"))
        r = http.post(f"/api/cameras/{camera_id}/grants", json={"stream": "sub", "unmasked": True})
        assert r.status_code == 403 and r.json()["code"] == "forbidden", r.text
        assert r.json()["detail"] == {"permission": "privacy.lift"}
    assert len(audit(world, "stream.grant")) == before
    lifts = audit(world, "privacy.lift")
    assert len(lifts) == 1 and lifts[0].outcome == "denied"
    assert lifts[0].actor == "operator" and lifts[0].object_id == str(camera_id)
    # The supervisor holds privacy.lift: the grant comes without masks, and it is audited.
    with world.client("supervisor") as http:
        r = http.post(f"/api/cameras/{camera_id}/grants", json={"stream": "sub", "unmasked": True})
        assert r.status_code == 201, r.text
        assert r.json()["masks"] == [] and r.json()["unmasked"] is True
        renewed = http.post(f"/api/grants/{r.json()['grant_id']}/renew")
        assert renewed.status_code == 200 and renewed.json()["unmasked"] is True
        masked = http.post(f"/api/cameras/{camera_id}/grants", json={"stream": "sub"})
        assert masked.status_code == 201 and masked.json()["masks"] == [WINDOW]
    lifts = audit(world, "privacy.lift")
    assert [(r.actor, r.outcome) for r in lifts] == [
        ("operator", "denied"),
        ("supervisor", "success"),
    ]
    assert detail(lifts[1])["use"] == "live"
    # A camera without masks: an empty list.
    _other, other_id = world.camera(1)
    with world.client("operator") as http:
        r = http.post(f"/api/cameras/{other_id}/grants", json={"stream": "sub"})
        assert r.status_code == 201 and r.json()["masks"] == []


def test_the_editor_picture_is_for_mask_managers_only_and_audited(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(0)
    with world.client("admin") as http:
        r = http.get(f"/api/cameras/{camera_id}/privacy-masks/picture")
        assert r.status_code == 200 and r.content.startswith(b"\xff\xd8")
    for user in ("operator", "admin_b"):
        with world.client(user) as http:
            assert http.get(f"/api/cameras/{camera_id}/privacy-masks/picture").status_code == 403
    pictures = audit(world, "privacy.picture")
    assert [(p.actor, p.object_id) for p in pictures] == [("admin", str(camera_id))]
