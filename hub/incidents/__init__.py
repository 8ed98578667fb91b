# SPDX-License-Identifier: GPL-3.0-or-later
"""Events in (ONVIF pull points, edge AI boxes) and the incident queue built from them."""
