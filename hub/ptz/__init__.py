# SPDX-License-Identifier: GPL-3.0-or-later
"""PTZ control through the hub: lock, reservations, watchdog, ONVIF calls (REQUIREMENTS §3)."""
