# SPDX-License-Identifier: GPL-3.0-or-later
"""A fleet of simulated ONVIF/RTSP cameras on loopback, for tests and the demo."""
