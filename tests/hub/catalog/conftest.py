# SPDX-License-Identifier: GPL-3.0-or-later
"""Catalogue fixtures: a hub with the seeded province and signed-in users."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hub.testing import LiveHub
from tests.hub.catalog.common import Catalogue, make_catalogue, quiet


@pytest.fixture
def catalogue(start_hub: Callable[..., LiveHub]) -> Catalogue:
    """A hub without background health checks, with users signed in."""
    return make_catalogue(start_hub(**quiet()))
