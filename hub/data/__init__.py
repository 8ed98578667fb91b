# SPDX-License-Identifier: GPL-3.0-or-later
"""Data files shipped with the hub (common-password list)."""
