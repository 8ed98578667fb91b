# SPDX-License-Identifier: GPL-3.0-or-later
"""Messages between relay supervisor and worker, and the redaction of secrets in them."""

from __future__ import annotations

import pytest

from hub.media.protocol import (
    ListenSpec,
    OutputSpec,
    SourceSpec,
    check_token,
    decode,
    encode,
    redact,
    url_secrets,
)

URL = "rtsp://admin:p%40ss-W0rd@127.0.0.1:18002/sub"


def test_redact_masks_url_credentials_tokens_and_known_secrets() -> None:
    text = f"cannot open {URL}; player http://h:1/media/out1?token=khoa-bi-mat-1 failed"
    clean = redact(text, url_secrets(URL))
    assert "p%40ss-W0rd" not in clean and "admin" not in clean
    assert "khoa-bi-mat-1" not in clean
    assert "khoa-cu-2" not in redact("srt://h:1?mode=caller&passphrase=khoa-cu-2")
    assert "127.0.0.1:18002" not in clean  # the whole URL is a secret: it names the device
    assert redact("rtsp://u:pw@10.0.0.9/main failed") == "rtsp://***@10.0.0.9/main failed"
    assert redact("user admin, password hunter22", ["hunter22"]) == "user admin, password ***"


def test_url_secrets_lists_the_url_and_its_user_info() -> None:
    assert url_secrets(URL) == [URL, "admin:p%40ss-W0rd", "p%40ss-W0rd"]
    assert url_secrets("rtsp://127.0.0.1/sub") == ["rtsp://127.0.0.1/sub"]


def test_an_open_request_round_trips_through_a_json_line() -> None:
    spec = OutputSpec("out1", SourceSpec("cam01/sub", URL), "Ngay-mai-troi-dep_2026")
    line = encode(spec.to_message(7))
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    message = decode(line)
    assert message["id"] == 7 and message["op"] == "open"
    assert OutputSpec.from_message(message) == spec


def test_a_listen_request_round_trips_through_a_json_line() -> None:
    spec = ListenSpec("127.0.0.1", 8471, "/etc/vwall/hub.pem", None)
    assert ListenSpec.from_message(decode(encode(spec.to_message()))) == spec


@pytest.mark.parametrize(
    "token", ["", "short", "x" * 129, "with space-0123456789", "a&b=c?d/e.0123456"]
)
def test_tokens_outside_the_grant_token_shape_are_refused(token: str) -> None:
    with pytest.raises(ValueError, match="16–128"):
        check_token(token)
    check_token("x" * 16)
    check_token("A-z_0" * 25)
