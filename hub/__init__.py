# SPDX-License-Identifier: GPL-3.0-or-later
"""The control-room service: identity, catalogue, media relay, cases, audit."""
