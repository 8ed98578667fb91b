# SPDX-License-Identifier: GPL-3.0-or-later
"""Scope of each user (territory + domain), written approvals and emergency command."""
