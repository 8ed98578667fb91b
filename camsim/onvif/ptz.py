# SPDX-License-Identifier: GPL-3.0-or-later
"""The ONVIF PTZ service (tptz, ver20), driving the dome's :class:`PtzMechanics`."""

from __future__ import annotations

import time

from camsim.camera import SimCamera
from camsim.onvif.context import Call, Service
from camsim.onvif.soap import NS, TPTZ, TT, Element, Maker, SoapFault, invalid_arg, not_supported
from camsim.onvif.values import (
    find,
    float_attr,
    format_datetime,
    format_duration,
    parse_duration,
    required_text,
    text_arg,
    xs_float,
)
from camsim.ptz import DEFAULT_MOVE_TIMEOUT, MAX_PRESETS, PtzMechanics, PtzPosition, PtzVelocity

SERVICE = Service("ptz_service", NS["tptz"])

NODE_TOKEN = "ptz_node_1"
CONFIG_TOKEN = "ptz_cfg_1"
_SPACES = "http://www.onvif.org/ver10/tptz"
ABS_PAN_TILT = f"{_SPACES}/PanTiltSpaces/PositionGenericSpace"
ABS_ZOOM = f"{_SPACES}/ZoomSpaces/PositionGenericSpace"
REL_PAN_TILT = f"{_SPACES}/PanTiltSpaces/TranslationGenericSpace"
REL_ZOOM = f"{_SPACES}/ZoomSpaces/TranslationGenericSpace"
VEL_PAN_TILT = f"{_SPACES}/PanTiltSpaces/VelocityGenericSpace"
VEL_ZOOM = f"{_SPACES}/ZoomSpaces/VelocityGenericSpace"
SPEED_PAN_TILT = f"{_SPACES}/PanTiltSpaces/GenericSpeedSpace"
SPEED_ZOOM = f"{_SPACES}/ZoomSpaces/ZoomGenericSpeedSpace"
MIN_TIMEOUT, MAX_TIMEOUT = 1.0, 600.0


def _range(low: float, high: float) -> tuple[Element, ...]:
    return (TT.Min(xs_float(low)), TT.Max(xs_float(high)))


def _space(tag: str, uri: str, x: tuple[float, float], y: tuple[float, float] | None) -> Element:
    parts = [TT.URI(uri), TT.XRange(*_range(*x))]
    if y is not None:
        parts.append(TT.YRange(*_range(*y)))
    element: Element = TT.named(tag, *parts)
    return element


def spaces(tag: str) -> Element:
    """The generic spaces the dome supports (``SupportedPTZSpaces`` or ``Spaces``)."""
    unit = (-1.0, 1.0)
    element: Element = TT.named(
        tag,
        _space("AbsolutePanTiltPositionSpace", ABS_PAN_TILT, unit, unit),
        _space("AbsoluteZoomPositionSpace", ABS_ZOOM, (0.0, 1.0), None),
        _space("RelativePanTiltTranslationSpace", REL_PAN_TILT, unit, unit),
        _space("RelativeZoomTranslationSpace", REL_ZOOM, unit, None),
        _space("ContinuousPanTiltVelocitySpace", VEL_PAN_TILT, unit, unit),
        _space("ContinuousZoomVelocitySpace", VEL_ZOOM, unit, None),
        _space("PanTiltSpeedSpace", SPEED_PAN_TILT, (0.0, 1.0), None),
        _space("ZoomSpeedSpace", SPEED_ZOOM, (0.0, 1.0), None),
    )
    return element


def ptz_configuration(
    camera: SimCamera, tag: str = "PTZConfiguration", maker: Maker = TT
) -> Element:
    """The dome's PTZ configuration (in a media profile, or a PTZ service answer)."""
    unit = (-1.0, 1.0)
    element: Element = maker.named(
        tag,
        {"token": CONFIG_TOKEN},
        TT.Name("PTZ"),
        TT.UseCount(str(len(camera.spec.streams))),
        TT.NodeToken(NODE_TOKEN),
        TT.DefaultAbsolutePantTiltPositionSpace(ABS_PAN_TILT),
        TT.DefaultAbsoluteZoomPositionSpace(ABS_ZOOM),
        TT.DefaultRelativePanTiltTranslationSpace(REL_PAN_TILT),
        TT.DefaultRelativeZoomTranslationSpace(REL_ZOOM),
        TT.DefaultContinuousPanTiltVelocitySpace(VEL_PAN_TILT),
        TT.DefaultContinuousZoomVelocitySpace(VEL_ZOOM),
        TT.DefaultPTZSpeed(
            TT.PanTilt({"x": "1", "y": "1", "space": SPEED_PAN_TILT}),
            TT.Zoom({"x": "1", "space": SPEED_ZOOM}),
        ),
        TT.DefaultPTZTimeout(format_duration(DEFAULT_MOVE_TIMEOUT)),
        TT.PanTiltLimits(_space("Range", ABS_PAN_TILT, unit, unit)),
        TT.ZoomLimits(_space("Range", ABS_ZOOM, (0.0, 1.0), None)),
    )
    return element


def _dome(call: Call) -> PtzMechanics:
    """The dome's mechanics; a fixed camera refuses every PTZ operation."""
    if call.camera.ptz is None:
        raise not_supported("This camera has no PTZ", "ter:PTZNotSupported")
    return call.camera.ptz


def _check_profile(call: Call) -> None:
    token = required_text(call.body, "tptz:ProfileToken")
    try:
        call.camera.spec.stream(token)
    except KeyError:
        raise invalid_arg(f"No profile {token}", "ter:NoProfile") from None


def _vector(
    parent: Element | None, tag: str, limits: tuple[tuple[float, float], tuple[float, float]]
) -> tuple[float | None, float | None, float | None]:
    """(pan, tilt, zoom) of a PTZVector/PTZSpeed child, None where absent; range-checked."""
    vector = find(parent, tag) if parent is not None else None
    if vector is None:
        return None, None, None
    pan_tilt, zoom = find(vector, "tt:PanTilt"), find(vector, "tt:Zoom")
    pan, tilt, z = float_attr(pan_tilt, "x"), float_attr(pan_tilt, "y"), float_attr(zoom, "x")
    if pan_tilt is not None and (pan is None or tilt is None):
        raise invalid_arg(f"{tag}/PanTilt needs x and y")
    (lo, hi), (zlo, zhi) = limits
    kind = tag.partition(":")[2]
    for value, low, high in ((pan, lo, hi), (tilt, lo, hi), (z, zlo, zhi)):
        if value is not None and not low <= value <= high:
            raise invalid_arg(f"{kind} value {value} outside [{low}, {high}]", f"ter:Invalid{kind}")
    return pan, tilt, z


def _speed(call: Call) -> float:
    """The move's speed (fraction of top speed): the pan-tilt speed, else zoom, else 1."""
    pan, tilt, zoom = _vector(call.body, "tptz:Speed", ((0.0, 1.0), (0.0, 1.0)))
    if pan is not None and tilt is not None:
        return max(abs(pan), abs(tilt))  # the mechanics never go slower than 5 %
    return 1.0 if zoom is None else zoom


@SERVICE.operation("GetServiceCapabilities")
async def _get_service_capabilities(call: Call) -> Element:
    _dome(call)
    return TPTZ.GetServiceCapabilitiesResponse(
        TPTZ.Capabilities({"EFlip": "false", "Reverse": "false"})
    )


def _node() -> Element:
    return TPTZ.PTZNode(
        {"token": NODE_TOKEN, "FixedHomePosition": "false"},
        TT.Name("Dome"),
        spaces("SupportedPTZSpaces"),
        TT.MaximumNumberOfPresets(str(MAX_PRESETS)),
        TT.HomeSupported("true"),
    )


@SERVICE.operation("GetNodes")
async def _get_nodes(call: Call) -> Element:
    _dome(call)
    return TPTZ.GetNodesResponse(_node())


@SERVICE.operation("GetNode")
async def _get_node(call: Call) -> Element:
    _dome(call)
    if required_text(call.body, "tptz:NodeToken") != NODE_TOKEN:
        raise invalid_arg("No such PTZ node", "ter:NoEntity")
    return TPTZ.GetNodeResponse(_node())


@SERVICE.operation("GetConfigurations")
async def _get_configurations(call: Call) -> Element:
    _dome(call)
    return TPTZ.GetConfigurationsResponse(ptz_configuration(call.camera, maker=TPTZ))


@SERVICE.operation("GetConfiguration")
async def _get_configuration(call: Call) -> Element:
    _dome(call)
    if required_text(call.body, "tptz:PTZConfigurationToken") != CONFIG_TOKEN:
        raise invalid_arg("No such PTZ configuration", "ter:NoConfig")
    return TPTZ.GetConfigurationResponse(ptz_configuration(call.camera, maker=TPTZ))


@SERVICE.operation("GetConfigurationOptions")
async def _get_configuration_options(call: Call) -> Element:
    _dome(call)
    if required_text(call.body, "tptz:ConfigurationToken") != CONFIG_TOKEN:
        raise invalid_arg("No such PTZ configuration", "ter:NoConfig")
    return TPTZ.GetConfigurationOptionsResponse(
        TPTZ.PTZConfigurationOptions(
            spaces("Spaces"),
            TT.PTZTimeout(
                TT.Min(format_duration(MIN_TIMEOUT)), TT.Max(format_duration(MAX_TIMEOUT))
            ),
        )
    )


@SERVICE.operation("ContinuousMove")
async def _continuous_move(call: Call) -> Element:
    dome = _dome(call)
    _check_profile(call)
    pan, tilt, zoom = _vector(call.body, "tptz:Velocity", ((-1.0, 1.0), (-1.0, 1.0)))
    if find(call.body, "tptz:Velocity") is None:
        raise invalid_arg("Velocity required")
    raw_timeout = text_arg(call.body, "tptz:Timeout")
    timeout = parse_duration(raw_timeout) if raw_timeout else None
    if timeout is not None and not 0 <= timeout <= MAX_TIMEOUT:
        raise invalid_arg(
            f"Timeout {raw_timeout} outside the supported range", "ter:TimeoutNotSupported"
        )
    velocity = PtzVelocity(pan or 0.0, tilt or 0.0, zoom or 0.0)
    dome.continuous_move(velocity, time.monotonic(), timeout)
    return TPTZ.ContinuousMoveResponse()


@SERVICE.operation("RelativeMove")
async def _relative_move(call: Call) -> Element:
    dome = _dome(call)
    _check_profile(call)
    if find(call.body, "tptz:Translation") is None:
        raise invalid_arg("Translation required")
    pan, tilt, zoom = _vector(call.body, "tptz:Translation", ((-1.0, 1.0), (-1.0, 1.0)))
    delta = PtzPosition(pan or 0.0, tilt or 0.0, zoom or 0.0)
    dome.move_by(delta, time.monotonic(), _speed(call))
    return TPTZ.RelativeMoveResponse()


@SERVICE.operation("AbsoluteMove")
async def _absolute_move(call: Call) -> Element:
    dome = _dome(call)
    _check_profile(call)
    if find(call.body, "tptz:Position") is None:
        raise invalid_arg("Position required")
    pan, tilt, zoom = _vector(call.body, "tptz:Position", ((-1.0, 1.0), (0.0, 1.0)))
    now = time.monotonic()
    here = dome.position_at(now)
    target = PtzPosition(
        here.pan if pan is None else pan,
        here.tilt if tilt is None else tilt,
        here.zoom if zoom is None else zoom,
    )
    dome.move_to(target, now, _speed(call))
    return TPTZ.AbsoluteMoveResponse()


@SERVICE.operation("Stop")
async def _stop(call: Call) -> Element:
    dome = _dome(call)
    _check_profile(call)
    pan_tilt = text_arg(call.body, "tptz:PanTilt") not in ("false", "0")
    zoom = text_arg(call.body, "tptz:Zoom") not in ("false", "0")
    dome.stop(time.monotonic(), pan_tilt=pan_tilt, zoom=zoom)
    return TPTZ.StopResponse()


def _ptz_vector(tag: str, position: PtzPosition) -> Element:
    element: Element = TT.named(
        tag,
        TT.PanTilt(
            {"x": xs_float(position.pan), "y": xs_float(position.tilt), "space": ABS_PAN_TILT}
        ),
        TT.Zoom({"x": xs_float(position.zoom), "space": ABS_ZOOM}),
    )
    return element


@SERVICE.operation("GetStatus")
async def _get_status(call: Call) -> Element:
    dome = _dome(call)
    _check_profile(call)
    now = time.monotonic()
    here = dome.position_at(now)
    pan_tilt_moving = zoom_moving = False
    if dome.is_moving(now):
        ahead = dome.position_at(now + 0.05)
        pan_tilt_moving = abs(ahead.pan - here.pan) > 1e-9 or abs(ahead.tilt - here.tilt) > 1e-9
        zoom_moving = abs(ahead.zoom - here.zoom) > 1e-9
    return TPTZ.GetStatusResponse(
        TPTZ.PTZStatus(
            _ptz_vector("Position", here),
            TT.MoveStatus(
                TT.PanTilt("MOVING" if pan_tilt_moving else "IDLE"),
                TT.Zoom("MOVING" if zoom_moving else "IDLE"),
            ),
            TT.UtcTime(format_datetime(time.time())),
        )
    )


@SERVICE.operation("GetPresets")
async def _get_presets(call: Call) -> Element:
    dome = _dome(call)
    _check_profile(call)
    presets = sorted(dome.presets.values(), key=lambda p: p.token)
    return TPTZ.GetPresetsResponse(
        *(
            TPTZ.Preset({"token": p.token}, TT.Name(p.name), _ptz_vector("PTZPosition", p.position))
            for p in presets
        )
    )


@SERVICE.operation("SetPreset")
async def _set_preset(call: Call) -> Element:
    dome = _dome(call)
    _check_profile(call)
    name = text_arg(call.body, "tptz:PresetName") or None
    token = text_arg(call.body, "tptz:PresetToken") or None
    if token is not None and token not in dome.presets:
        raise invalid_arg(f"No preset {token}", "ter:NoToken")
    if name is not None and any(p.name == name and p.token != token for p in dome.presets.values()):
        raise invalid_arg(f"A preset named {name} exists", "ter:PresetExist")
    try:
        preset = dome.set_preset(name, token, time.monotonic())
    except OverflowError:
        raise SoapFault(
            "Receiver", ("ter:Action", "ter:TooManyPresets"), "No room for another preset"
        ) from None
    return TPTZ.SetPresetResponse(TPTZ.PresetToken(preset.token))


@SERVICE.operation("GotoPreset")
async def _goto_preset(call: Call) -> Element:
    dome = _dome(call)
    _check_profile(call)
    token = required_text(call.body, "tptz:PresetToken")
    preset = dome.presets.get(token)
    if preset is None:
        raise invalid_arg(f"No preset {token}", "ter:NoToken")
    dome.move_to(preset.position, time.monotonic(), _speed(call))
    return TPTZ.GotoPresetResponse()


@SERVICE.operation("RemovePreset")
async def _remove_preset(call: Call) -> Element:
    dome = _dome(call)
    _check_profile(call)
    token = required_text(call.body, "tptz:PresetToken")
    try:
        dome.remove_preset(token)
    except KeyError:
        raise invalid_arg(f"No preset {token}", "ter:NoToken") from None
    return TPTZ.RemovePresetResponse()


@SERVICE.operation("GotoHomePosition")
async def _goto_home_position(call: Call) -> Element:
    dome = _dome(call)
    _check_profile(call)
    dome.move_to(dome.home, time.monotonic(), _speed(call))
    return TPTZ.GotoHomePositionResponse()


@SERVICE.operation("SetHomePosition")
async def _set_home_position(call: Call) -> Element:
    dome = _dome(call)
    _check_profile(call)
    dome.home = dome.position_at(time.monotonic())
    return TPTZ.SetHomePositionResponse()
