# SPDX-License-Identifier: GPL-3.0-or-later
"""Archive playback: recording search, archive grants, archive depth, evidence snapshots."""
