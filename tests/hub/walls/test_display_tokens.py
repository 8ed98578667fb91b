# SPDX-License-Identifier: GPL-3.0-or-later
"""Display tokens never begin with ``-`` (issue 9, item 14).

The token is typed once on the display's command line (``vwall --display --enrol-token
TOKEN``), where argparse reads an argument beginning with ``-`` as an option.
"""

from __future__ import annotations

import secrets

import pytest

from console.app import build_parser as console_parser
from console.display import build_parser
from hub.contracts import Role
from hub.testing import LiveHub, Province, add_user, login


def test_enrolled_display_token_never_begins_with_a_dash(
    live: LiveHub, province: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(live.hub, province, "admin_a", "districtA", [Role.ADMIN])
    admin = login(live, province, "admin_a")
    real = secrets.token_urlsafe
    for _ in range(3):
        left = [2]

        def token_urlsafe(nbytes: int | None = None, left: list[int] = left) -> str:
            value = real(nbytes)
            if left[0] > 0:
                left[0] -= 1
                return "-" + value[1:]
            return value

        monkeypatch.setattr(secrets, "token_urlsafe", token_urlsafe)
        with live.client(admin) as http:
            r = http.post(
                "/api/displays", json={"name": "Màn hình", "unit_id": province.units["districtA"]}
            )
        monkeypatch.setattr(secrets, "token_urlsafe", real)
        assert r.status_code == 201, r.text
        token = r.json()["token"]
        assert not token.startswith("-")
        assert len(token) >= 43
        # The display's own command line takes it back unchanged.
        args = build_parser().parse_args(["--display", f"--enrol-token={token}", "--hub", live.url])
        assert args.enrol_token == token
        with live.client(token) as http:
            assert http.get("/api/display/me").status_code == 200


def test_display_help_documents_the_equals_form() -> None:
    assert "--enrol-token=TOKEN" in build_parser().format_help()
    assert "--enrol-token=TOKEN" in console_parser().format_help().replace("\n", " ")
    # With "=", even a token beginning with "-" is read as the option's value.
    args = build_parser().parse_args(["--display", "--enrol-token=-abc", "--hub", "http://h"])
    assert args.enrol_token == "-abc"
