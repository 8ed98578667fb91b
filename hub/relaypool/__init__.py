# SPDX-License-Identifier: GPL-3.0-or-later
"""Relay workers pooled across machines (PostgreSQL only): each camera stream's pull is
leased to one relay host in the database, grants point at a stable hub URL that
redirects to the host holding the lease now, and a dead host's pulls move to another.

- :mod:`hub.relaypool.models`: ``relay_hosts`` (heartbeats) and ``relay_leases``.
- :mod:`hub.relaypool.leases`: heartbeat, lease placement, the database clock.
- :mod:`hub.relaypool.host`: ``vwall-hub relay``, a relay host process.
- :mod:`hub.relaypool.pool`: :class:`PooledRelay`, the hub's side (a grant ``Relay``).
- :mod:`hub.relaypool.routes`: ``GET /media/<output>`` on the hub, a 307 to the host.
"""
