# SPDX-License-Identifier: GPL-3.0-or-later
"""The ONVIF (SOAP over HTTP) side of a simulated camera; see :mod:`camsim.onvif.app`."""
