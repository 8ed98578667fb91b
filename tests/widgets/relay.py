# SPDX-License-Identifier: GPL-3.0-or-later
"""One camera stream served the way consoles get video: the hub's media relay, MPEG-TS over HTTP."""

from __future__ import annotations

import secrets

from hub.media import MediaRelay


class TsRelay:
    """One camera stream re-served by the real relay worker (``hub.media``) as one grant.

    :meth:`stop` ends the relay (players on it stall and get refused); :meth:`start` brings
    it back on the same port with the same output and token, so the URL stays valid.
    """

    def __init__(self, rtsp_url: str) -> None:
        self.rtsp_url = rtsp_url
        self.port = 0
        self.token = secrets.token_urlsafe(24)
        self._relay: MediaRelay | None = None
        self._url = ""

    def start(self) -> TsRelay:
        """Start (or restart) the relay on the same port and token."""
        self.stop()
        relay = MediaRelay(port=self.port).start()
        output = relay.open_output("cam/sub", self.rtsp_url, self.token)
        self.port = relay.port
        self._relay = relay
        self._url = output.url
        return self

    def stop(self) -> None:
        """End the relay (the stream stalls for its players)."""
        relay, self._relay = self._relay, None
        if relay is not None:
            relay.stop()

    def url(self, token: str | None = None) -> str:
        """The URL a console plays (the grant's token in the query)."""
        return f"{self._url}?token={self.token if token is None else token}"
