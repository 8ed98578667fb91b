# SPDX-License-Identifier: GPL-3.0-or-later
"""Publishing a concluded case's clips and snapshots for citizens (city app): proposed
blur boxes (faces, plates), the operator's tracks, the blurred copy and its record."""
