# SPDX-License-Identifier: GPL-3.0-or-later
"""The camera catalogue: regulation fields, onboarding, deadlines, health."""
