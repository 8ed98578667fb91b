# SPDX-License-Identifier: GPL-3.0-or-later
"""Project-wide fixtures: the simulated camera fleet as a real separate process."""

pytest_plugins = ["camsim.testing"]
