# SPDX-License-Identifier: GPL-3.0-or-later
"""The dome's mechanics: moves over time, limits, wrap-around and presets."""

import pytest

from camsim.ptz import (
    DEFAULT_MOVE_TIMEOUT,
    MAX_PAN_SPEED,
    MAX_PRESETS,
    PtzMechanics,
    PtzPosition,
    PtzVelocity,
)


def test_continuous_move_integrates_velocity_until_stop() -> None:
    dome = PtzMechanics()
    dome.continuous_move(PtzVelocity(pan=0.5, tilt=-1.0), now=10.0, timeout=None)
    assert dome.is_moving(11.0)
    here = dome.position_at(11.0)
    assert here.pan == pytest.approx(0.5 * MAX_PAN_SPEED)
    assert here.tilt < 0
    dome.stop(now=11.0)
    assert not dome.is_moving(11.5)
    assert dome.position_at(50.0) == here


def test_continuous_move_stops_by_itself_at_its_timeout() -> None:
    dome = PtzMechanics()
    dome.continuous_move(PtzVelocity(zoom=1.0), now=0.0, timeout=1.0)
    assert dome.position_at(1.0) == dome.position_at(30.0)
    assert not dome.is_moving(1.5)
    dome.continuous_move(PtzVelocity(pan=0.1), now=0.0, timeout=None)
    assert not dome.is_moving(DEFAULT_MOVE_TIMEOUT + 1)


def test_pan_wraps_tilt_and_zoom_stop_at_limits() -> None:
    dome = PtzMechanics()
    dome.continuous_move(PtzVelocity(pan=1.0, tilt=1.0, zoom=1.0), now=0.0, timeout=None)
    far = dome.position_at(30.0)
    assert -1.0 <= far.pan <= 1.0
    assert far.tilt == 1.0
    assert far.zoom == 1.0
    assert far.magnification == 20.0


def test_absolute_move_travels_then_lands() -> None:
    dome = PtzMechanics()
    target = PtzPosition(0.4, -0.2, 0.5)
    dome.move_to(target, now=0.0, speed=1.0)
    assert dome.is_moving(0.1)
    halfway = dome.position_at(0.4)
    assert 0 < halfway.pan < target.pan
    assert dome.position_at(100.0) == target


def test_absolute_move_takes_the_short_way_round() -> None:
    dome = PtzMechanics()
    dome.move_to(PtzPosition(0.9), now=0.0)
    dome.move_to(PtzPosition(-0.9), now=100.0)
    during = dome.position_at(100.1)
    assert during.pan > 0.9 or during.pan < -0.9


def test_presets_round_trip_and_overflow() -> None:
    dome = PtzMechanics()
    dome.move_to(PtzPosition(0.3, 0.1, 0.2), now=0.0)
    preset = dome.set_preset("Cổng trường", None, now=100.0)
    assert dome.presets[preset.token].position == PtzPosition(0.3, 0.1, 0.2)
    dome.remove_preset(preset.token)
    with pytest.raises(KeyError):
        dome.remove_preset(preset.token)
    for i in range(MAX_PRESETS):
        dome.set_preset(f"p{i}", None, now=100.0)
    with pytest.raises(OverflowError):
        dome.set_preset("one too many", None, now=100.0)
