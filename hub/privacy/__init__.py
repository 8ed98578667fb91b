# SPDX-License-Identifier: GPL-3.0-or-later
"""Privacy masks per camera (HCM 6.3): polygons an administrator draws on the picture,
painted opaque in live view, archive playback, snapshots and exports unless lifted."""
