# SPDX-License-Identifier: GPL-3.0-or-later
"""The operator console: bootstrap, hub client, controllers and the embedded launcher."""
