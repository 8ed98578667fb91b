# SPDX-License-Identifier: GPL-3.0-or-later
"""Tamper-evident audit trail: hash chain, signed checkpoints, verifier, query API."""
