# SPDX-License-Identifier: GPL-3.0-or-later
"""The role × permission table, written from the regulations, not from the code.

The authorization matrix (test_authz_matrix.py) takes its expectations from this table,
so a wrong grant in ``hub.contracts.ROLE_PERMISSIONS`` fails here and there instead of
being mirrored by the test. Change a row only with the article that changes it.
"""

from __future__ import annotations

from hub.contracts import PERMISSION_FAMILY, ROLE_FAMILY, ROLE_PERMISSIONS

# Role → permissions, one row per role, each with the article it stands on.
ROLE_TABLE: dict[str, frozenset[str]] = {
    # TN 11.1 technical administration: organisations and accounts (HCM 19.4, DB 13.2,
    # TN 18.1 accounts per function, reviewed), the camera catalogue (HCM 8-9, TN 8) and
    # the control room's wall displays. No image right: administering is not watching.
    # Faults: the technical family repairs cameras and records the repair (DH 8.1, YB 8.1
    # fault reports to the operating unit's duty desk; HCM 16.2, DB 11.2, TN 15 deadlines).
    # TN 9.2c: the register of state-owned storage devices raw media may be copied to is
    # kept by the technical side (a device is equipment, not an image right).
    # HCM 6.3: privacy masks over what cameras must not watch (windows of homes) are
    # set up with the camera, by the technical side; setting one shows no image right.
    "admin": frozenset(
        {
            "org.manage",
            "user.manage",
            "account.review",
            "camera.manage",
            "display.manage",
            "fault.handle",
            "storage_device.manage",
            "privacy.manage",
        }
    ),
    # TN 11.1 ordinary image exploitation; HCM 7, DB 7-8, TN 6: live and recorded video
    # in scope, evidence snapshots (DB 16.3 logs each). No PTZ (DH 12.2b-c, YB 12.2a-b:
    # steering only where the role allows). The incident queue (REQUIREMENTS §5; DH 8,
    # YB 8 incident procedure; TN 9.4 abuse reported, TN 11.5 incidents handled): the
    # operators of the control room acknowledge and work the incidents of their scope.
    "operator": frozenset({"image.live", "image.archive", "image.snapshot", "incident.handle"}),
    # DH 12.2b-c, YB 12.2a-b: "quyền điều khiển camera quay quét" (pan/tilt/zoom).
    "ptz_operator": frozenset({"image.live", "image.ptz", "incident.handle"}),
    # The shift supervisor: every image right of the family, PTZ presets and
    # reservations of a camera for an incident (DH 12.2b-c, YB 12.2a-b); the shift's
    # incidents: assigns them to others, closes and reopens them, sets the rules (DH 8.2,
    # YB 8.2: the unit's duty desk handles incidents by its procedure). HCM 6.3: seeing
    # behind a privacy mask is an image right of its own (TN 11.1 image exploitation),
    # held by the shift supervisor only and audited each time it is used.
    # TN 9.2d, HCM 6.3: publishing a concluded case's media for citizens (city app), with
    # uninvolved faces and plates blurred, is prepared by the IOC shift supervisor (an
    # image right: they judge the picture); never by the police or the auditor.
    "supervisor": frozenset(
        {
            "image.live",
            "image.archive",
            "image.ptz",
            "image.ptz_preset",
            "image.ptz_reserve",
            "image.snapshot",
            "incident.handle",
            "incident.supervise",
            "privacy.lift",
            "case.publish",
        }
    ),
    # TN 9.2, YB 12.2a, DH 12.2c, DB 16.3: extraction is asked for (and logged with
    # purpose and requester) by someone who finds the footage in the archive.
    "export_requester": frozenset({"image.archive", "image.export_request"}),
    # TN 11.1 (a family of its own) and TN 11.4 (MFA for biometric rights).
    "biometric_matcher": frozenset({"biometric.match"}),
    # DH 11, 13 / YB 11: the violation case hand-off to the police.
    "case_worker": frozenset({"case.work"}),
    # HCM 10.3, DB 8.2, TN 9.1: written approvals for access outside one's scope.
    "approver": frozenset({"approval.grant"}),
    # HCM 12.6, DB 10.4, TN 10.4, TN 11.3: the audit trail is read, never written.
    "auditor": frozenset({"audit.read"}),
    # HCM 7.1: leaders at the IOC take emergency command of every centre.
    "ioc_leader": frozenset({"emergency.command"}),
}

# Role → privilege family (TN 11.1: families kept apart, one never implies another).
FAMILY_TABLE: dict[str, str] = {
    "admin": "technical_administration",  # TN 11.1 "quản trị kỹ thuật"
    "operator": "image_exploitation",  # TN 11.1 "khai thác hình ảnh thông thường"
    "ptz_operator": "image_exploitation",  # TN 11.1
    "supervisor": "image_exploitation",  # TN 11.1
    "export_requester": "image_exploitation",  # TN 11.1, TN 9.2
    "biometric_matcher": "biometric_matching",  # TN 11.1 "đối sánh sinh trắc học"
    "case_worker": "case_work",  # DH 11, 13
    "approver": "approval",  # HCM 10.3, DB 8.2, TN 9.1
    "auditor": "audit",  # TN 11.3
    "ioc_leader": "command",  # HCM 7.1
}


def permissions_of(role: str | None) -> frozenset[str]:
    """What the regulations give ``role`` (nothing for no role)."""
    return ROLE_TABLE[role] if role is not None else frozenset()


def test_the_product_grants_exactly_what_the_regulations_give() -> None:
    product = {
        role.value: frozenset(p.value for p in perms) for role, perms in ROLE_PERMISSIONS.items()
    }
    assert set(product) == set(ROLE_TABLE), "roles differ"
    wrong = {
        role: {"extra": sorted(product[role] - want), "missing": sorted(want - product[role])}
        for role, want in ROLE_TABLE.items()
        if product[role] != want
    }
    assert not wrong, wrong


def test_the_product_keeps_the_families_of_the_regulations() -> None:
    assert {role.value: family.value for role, family in ROLE_FAMILY.items()} == FAMILY_TABLE


def test_every_permission_lies_in_one_family() -> None:
    """TN 11.1: holding one family never implies another — no permission is shared by
    roles of two families, and the product's permission → family map agrees."""
    family_of: dict[str, set[str]] = {}
    for role, perms in ROLE_TABLE.items():
        for perm in perms:
            family_of.setdefault(perm, set()).add(FAMILY_TABLE[role])
    assert all(len(f) == 1 for f in family_of.values()), family_of
    product = {perm.value: family.value for perm, family in PERMISSION_FAMILY.items()}
    assert product == {perm: next(iter(f)) for perm, f in family_of.items()}


def test_the_separations_the_regulations_name() -> None:
    image = {p for p in set().union(*ROLE_TABLE.values()) if p.startswith("image.")}
    assert not ROLE_TABLE["admin"] & image  # TN 11.1: administration is not exploitation
    assert not ROLE_TABLE["auditor"] & image  # TN 11.3: the auditor reads the trail only
    holders = [r for r, p in ROLE_TABLE.items() if "biometric.match" in p]
    assert holders == ["biometric_matcher"]  # TN 11.1, 11.4
    assert [r for r, p in ROLE_TABLE.items() if "audit.read" in p] == ["auditor"]
    assert [r for r, p in ROLE_TABLE.items() if "approval.grant" in p] == ["approver"]
    assert [r for r, p in ROLE_TABLE.items() if "emergency.command" in p] == ["ioc_leader"]
