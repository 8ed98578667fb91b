# SPDX-License-Identifier: GPL-3.0-or-later
"""The wall-layout model: grid presets and custom spans, pure Python, no Qt."""
