# SPDX-License-Identifier: GPL-3.0-or-later
"""How tiles turn decoded pictures into pixels, chosen once at start-up.

Two paths:

- ``opengl``: libVLC hands over the decoded YUV planes untouched; each tile uploads them
  as textures and a shader converts and scales them on the GPU
  (:mod:`widgets.gl_canvas`). It is chosen only where OpenGL is hardware-accelerated.
- ``raster``: libVLC converts (and scales, to the tile's size) into RGB in its decoder
  thread, and Qt copies the picture into the window unscaled. It is the cheapest path
  on a CPU: a software OpenGL (Mesa's llvmpipe, as on Xvfb or a machine without a GPU
  driver) would do the same conversion on the CPU, and then composite on top.

``VWALL_RENDER=opengl|raster`` overrides the choice (support, tests, benchmarks).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from enum import Enum

log = logging.getLogger(__name__)

ENV = "VWALL_RENDER"
SOFTWARE_RENDERERS = (
    "llvmpipe",
    "softpipe",
    "software rasterizer",
    "swrast",
    "swiftshader",
    "gdi generic",
    "microsoft basic render",
    "apple software renderer",
)


class RenderPath(Enum):
    OPENGL = "opengl"
    RASTER = "raster"


@dataclass(frozen=True)
class RenderChoice:
    """The path tiles use, and why (for the log and the diagnostics window)."""

    path: RenderPath
    gl_renderer: str | None  # OpenGL's GL_RENDERER, None when no context could be made
    gl_version: str | None
    forced: bool = False  # chosen by VWALL_RENDER, not by the probe

    @property
    def hardware_gl(self) -> bool:
        return self.gl_renderer is not None and not is_software(self.gl_renderer)


def is_software(renderer: str) -> bool:
    """Whether a GL_RENDERER string names a renderer that runs on the CPU."""
    name = renderer.lower()
    return any(soft in name for soft in SOFTWARE_RENDERERS)


def probe_opengl() -> tuple[str | None, str | None]:
    """GL_RENDERER and GL_VERSION of a context on the default screen (None, None when
    there is no OpenGL). Needs a QGuiApplication; cheap (one offscreen context)."""
    from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return None, None
    context = QOpenGLContext()
    if not context.create():
        return None, None
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not surface.isValid() or not context.makeCurrent(surface):
            return None, None
        gl = context.functions()
        gl_renderer = 0x1F01
        gl_version = 0x1F02
        renderer, version = gl.glGetString(gl_renderer), gl.glGetString(gl_version)
        context.doneCurrent()
        return (str(renderer) if renderer else None), (str(version) if version else None)
    finally:
        surface.destroy()


_choice: RenderChoice | None = None


def choose_render_path(probe: bool = True) -> RenderChoice:
    """Decide the path once for the process (later calls return the same choice)."""
    global _choice
    if _choice is not None:
        return _choice
    renderer, version = probe_opengl() if probe else (None, None)
    wanted = os.environ.get(ENV, "").strip().lower()
    if wanted in (RenderPath.OPENGL.value, RenderPath.RASTER.value):
        path, forced = RenderPath(wanted), True
        if path is RenderPath.OPENGL and renderer is None:
            log.warning("%s=opengl, but OpenGL is not available: raster", ENV)
            path, forced = RenderPath.RASTER, False
    else:
        hardware = renderer is not None and not is_software(renderer)
        path, forced = (RenderPath.OPENGL if hardware else RenderPath.RASTER), False
    _choice = RenderChoice(path, renderer, version, forced)
    log.info(
        "video render path: %s (OpenGL renderer: %s%s)",
        path.value,
        renderer or "none",
        ", forced" if forced else "",
    )
    return _choice


def current_render_path() -> RenderChoice:
    """The choice made at start-up (raster if nobody chose: tests, tools)."""
    return _choice or RenderChoice(RenderPath.RASTER, None, None)


def reset_for_tests() -> None:
    global _choice
    _choice = None
