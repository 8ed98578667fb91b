# SPDX-License-Identifier: GPL-3.0-or-later
"""Alembic migrations of the hub database (run by ``hub.db.upgrade`` at every start)."""
