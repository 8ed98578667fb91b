# SPDX-License-Identifier: GPL-3.0-or-later
"""Login: passwords (argon2id), TOTP MFA, recovery codes, throttling and sessions."""
