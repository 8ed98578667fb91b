# SPDX-License-Identifier: GPL-3.0-or-later
"""Regulation profiles (one per jurisdiction) and the Vietnamese working-day calendar.

``model`` is pydantic only (the console's client imports it); ``data`` holds the five
profiles, ``working_days`` the calendar, ``routes`` the read-only endpoint.
"""
