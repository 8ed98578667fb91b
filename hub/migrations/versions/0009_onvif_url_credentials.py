# SPDX-License-Identifier: GPL-3.0-or-later
"""Credentials written into stored device URLs move to the sealed device credentials.

Earlier hubs stored an ONVIF (or stream) URL as given, ``http://user:password@host/…``
included. Every such URL loses its ``user:password@``; a camera without sealed
credentials gets the URL's, sealed with the hub's key (bound to the camera row).
"""

import json
from urllib.parse import unquote, urlsplit, urlunsplit

import sqlalchemy as sa
from alembic import context, op

revision = "0009_onvif_url_credentials"
down_revision = "0008_login_failures"
branch_labels = None
depends_on = None

_URLS = ("onvif_url", "rtsp_main_url", "rtsp_sub_url")


def _split(url: str | None) -> tuple[str | None, tuple[str, str] | None]:
    if not url:
        return url, None
    try:
        parts = urlsplit(url)
    except ValueError:
        return url, None
    if "@" not in parts.netloc:
        return url, None
    clean = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return clean, (unquote(parts.username or ""), unquote(parts.password or ""))


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, onvif_url, rtsp_main_url, rtsp_sub_url, credentials_sealed FROM cameras"
            " WHERE onvif_url LIKE '%@%' OR rtsp_main_url LIKE '%@%' OR rtsp_sub_url LIKE '%@%'"
        )
    ).all()
    for camera_id, onvif, main, sub, sealed in rows:
        values: dict[str, object] = {"id": camera_id}
        found = None
        for name, url in zip(_URLS, (onvif, main, sub), strict=True):
            clean, creds = _split(url)
            values[name] = clean
            found = found or creds
        if sealed is None and found is not None and found[0]:
            box = context.config.attributes.get("secret_box")
            if box is None:
                raise RuntimeError(
                    "sealing device credentials found in URLs needs the hub's key: "
                    "run `vwall-hub migrate`"
                )
            plain = json.dumps({"username": found[0], "password": found[1]})
            sealed = box.seal(plain, f"vwall:cameras.credentials:{camera_id}")
        values["sealed"] = sealed
        bind.execute(
            sa.text(
                "UPDATE cameras SET onvif_url = :onvif_url, rtsp_main_url = :rtsp_main_url,"
                " rtsp_sub_url = :rtsp_sub_url, credentials_sealed = :sealed WHERE id = :id"
            ),
            values,
        )


def downgrade() -> None:
    """Nothing to undo: credentials are never written back into URLs."""
