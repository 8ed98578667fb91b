# SPDX-License-Identifier: GPL-3.0-or-later
"""Qt Linguist sources (.ts) and the compiled catalogues (.qm) built from them."""
