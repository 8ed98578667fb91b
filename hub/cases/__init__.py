# SPDX-License-Identifier: GPL-3.0-or-later
"""Violation cases: the hand-off to the police with its legal deadlines, extraction
approvals, storage devices, exports and the extraction and personal-data logs."""
