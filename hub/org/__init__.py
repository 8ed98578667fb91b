# SPDX-License-Identifier: GPL-3.0-or-later
"""Organisations and people: territories, units, user accounts and their roles."""
