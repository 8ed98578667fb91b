# SPDX-License-Identifier: GPL-3.0-or-later
"""Saved walls (per user, shared per unit), the last wall, and enrolled wall displays."""
