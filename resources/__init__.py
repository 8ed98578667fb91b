# SPDX-License-Identifier: GPL-3.0-or-later
"""Icons, themes and fonts, loaded through importlib.resources."""
