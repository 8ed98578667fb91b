# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence packages: a case's media, data and chain of custody, signed by the hub and
time-stamped, that prove themselves offline (``vwall-verify``)."""
