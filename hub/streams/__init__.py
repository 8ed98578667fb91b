# SPDX-License-Identifier: GPL-3.0-or-later
"""Stream grants: the hub's short-lived rights to a camera stream served by the media relay.

:mod:`hub.streams.grants` is the registry other domains use (archive replay, wall
displays); :mod:`hub.streams.service` runs the relay as ``hub.services["relay"]``;
:mod:`hub.streams.routes` is the live grant API.
"""
