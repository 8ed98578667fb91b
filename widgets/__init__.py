# SPDX-License-Identifier: GPL-3.0-or-later
"""Reusable Qt widgets that know nothing of HTTP: tiles, wall, tree, PTZ pad, timeline."""
