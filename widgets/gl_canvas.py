# SPDX-License-Identifier: GPL-3.0-or-later
"""The OpenGL render path of a tile: YUV planes to textures, converted and scaled by a
shader on the GPU (:mod:`widgets.render_path` decides whether it is used).

A :class:`GlCanvas` covers its tile and paints for it: the newest decoded picture as
three single-channel textures (Y, U, V; libVLC's ``I420`` planes uploaded as they are,
with their line pitch), drawn into the picture's aspect-fit rectangle by a fragment
shader doing BT.601 limited-range YUV → RGB with linear filtering (the GPU scales); then
the tile's privacy masks, dimming and overlay on top through a ``QPainter`` on the same
surface. The CPU only decodes: no RGB conversion, no scaling, a quarter of the upload of
RGB32 (12 bits a pixel).
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QSurfaceFormat
from PySide6.QtOpenGL import (
    QOpenGLBuffer,
    QOpenGLPixelTransferOptions,
    QOpenGLShader,
    QOpenGLShaderProgram,
    QOpenGLTexture,
)
from PySide6.QtOpenGLWidgets import QOpenGLWidget

if TYPE_CHECKING:
    from widgets.player import PlanarFrame
    from widgets.video_tile import VideoTile

GL_COLOR_BUFFER_BIT = 0x4000
GL_FLOAT = 0x1406
GL_TRIANGLE_STRIP = 0x0005
GL_TEXTURE0 = 0x84C0

VERTEX = """
attribute highp vec2 position;
varying highp vec2 coord;
void main() {
    coord = vec2((position.x + 1.0) * 0.5, (1.0 - position.y) * 0.5);
    gl_Position = vec4(position, 0.0, 1.0);
}
"""
# BT.601, limited range (what H.264/H.265 cameras send and what libVLC's RGB path uses).
FRAGMENT = """
varying highp vec2 coord;
uniform sampler2D plane_y;
uniform sampler2D plane_u;
uniform sampler2D plane_v;
uniform highp vec2 scale_y;
uniform highp vec2 scale_c;
void main() {
    highp float y = 1.164 * (texture2D(plane_y, coord * scale_y).r - 0.0625);
    highp float u = texture2D(plane_u, coord * scale_c).r - 0.5;
    highp float v = texture2D(plane_v, coord * scale_c).r - 0.5;
    gl_FragColor = vec4(y + 1.596 * v, y - 0.392 * u - 0.813 * v, y + 2.017 * u, 1.0);
}
"""
QUAD = struct.pack("8f", -1.0, -1.0, 1.0, -1.0, -1.0, 1.0, 1.0, 1.0)


class GlCanvas(QOpenGLWidget):
    """Paints one tile on the GPU; mouse and drops go through to the tile."""

    def __init__(self, tile: VideoTile) -> None:
        super().__init__(tile)
        self._tile = tile
        self._program: QOpenGLShaderProgram | None = None
        self._quad: QOpenGLBuffer | None = None
        self._planes: list[QOpenGLTexture] = []
        self._plane_sizes: tuple[tuple[int, int], ...] = ()
        self._uniforms: dict[str, int] = {}
        self._uploaded = -1  # the delivery whose planes the textures hold
        self.gl_failed = False  # the shader did not build: the tile paints with QPainter
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        fmt = QSurfaceFormat.defaultFormat()
        fmt.setSwapInterval(0)
        self.setFormat(fmt)

    # -- GL resources ----------------------------------------------------------------

    def initializeGL(self) -> None:
        program = QOpenGLShaderProgram(self)
        ok = program.addShaderFromSourceCode(QOpenGLShader.ShaderTypeBit.Vertex, VERTEX)
        ok = ok and program.addShaderFromSourceCode(QOpenGLShader.ShaderTypeBit.Fragment, FRAGMENT)
        program.bindAttributeLocation("position", 0)
        if not (ok and program.link()):
            self.gl_failed = True
            return
        self._program = program
        self._uniforms = {
            name: program.uniformLocation(name)
            for name in ("plane_y", "plane_u", "plane_v", "scale_y", "scale_c")
        }
        quad = QOpenGLBuffer(QOpenGLBuffer.Type.VertexBuffer)
        quad.create()
        quad.bind()
        quad.allocate(QUAD, len(QUAD))
        quad.release()
        self._quad = quad
        self.context().aboutToBeDestroyed.connect(self._release_gl)

    def _release_gl(self) -> None:
        self.makeCurrent()
        for texture in self._planes:
            texture.destroy()
        self._planes = []
        self._plane_sizes = ()
        if self._quad is not None:
            self._quad.destroy()
            self._quad = None
        self._program = None
        self.doneCurrent()

    def _textures_for(self, frame: PlanarFrame) -> list[QOpenGLTexture]:
        sizes = tuple((plane.pitch, plane.lines) for plane in frame.planes)
        if sizes != self._plane_sizes:
            for texture in self._planes:
                texture.destroy()
            self._planes = []
            for pitch, lines in sizes:
                texture = QOpenGLTexture(QOpenGLTexture.Target.Target2D)
                texture.setFormat(QOpenGLTexture.TextureFormat.R8_UNorm)
                texture.setSize(pitch, lines)
                texture.setMinMagFilters(QOpenGLTexture.Filter.Linear, QOpenGLTexture.Filter.Linear)
                texture.setWrapMode(QOpenGLTexture.WrapMode.ClampToEdge)
                texture.allocateStorage(
                    QOpenGLTexture.PixelFormat.Red, QOpenGLTexture.PixelType.UInt8
                )
                self._planes.append(texture)
            self._plane_sizes = sizes
            self._uploaded = -1
        return self._planes

    def _upload(self, frame: PlanarFrame) -> None:
        textures = self._textures_for(frame)
        if frame.delivery == self._uploaded:
            return
        options = QOpenGLPixelTransferOptions()
        options.setAlignment(1)
        for texture, plane in zip(textures, frame.planes, strict=True):
            texture.setData(  # type: ignore[call-overload]  # a void*: a buffer will do
                QOpenGLTexture.PixelFormat.Red,
                QOpenGLTexture.PixelType.UInt8,
                plane.view(),
                options,
            )
        self._uploaded = frame.delivery

    # -- painting --------------------------------------------------------------------

    def paintGL(self) -> None:
        gl = self.context().functions()
        gl.glClearColor(0.0, 0.0, 0.0, 1.0)
        gl.glClear(GL_COLOR_BUFFER_BIT)
        self._tile.paint_gl(self)

    def draw_planes(self, frame: PlanarFrame, target: QRect) -> bool:
        """Draw ``frame`` into ``target`` (widget coordinates); False when GL cannot."""
        program, quad = self._program, self._quad
        if program is None or quad is None:
            return False
        self._upload(frame)
        gl = self.context().functions()
        ratio = self.devicePixelRatioF()
        bottom = self.height() - target.bottom() - 1
        gl.glViewport(
            round(target.x() * ratio),
            round(bottom * ratio),
            round(target.width() * ratio),
            round(target.height() * ratio),
        )
        program.bind()
        for unit, (texture, name) in enumerate(
            zip(self._planes, ("plane_y", "plane_u", "plane_v"), strict=True)
        ):
            texture.bind(unit)
            program.setUniformValue1i(self._uniforms[name], unit)
        luma, chroma = frame.planes[0], frame.planes[1]
        program.setUniformValue(
            self._uniforms["scale_y"], frame.width / luma.pitch, frame.height / luma.lines
        )
        program.setUniformValue(
            self._uniforms["scale_c"],
            (frame.width / 2) / chroma.pitch,
            (frame.height / 2) / chroma.lines,
        )
        quad.bind()
        program.enableAttributeArray(0)
        program.setAttributeBuffer(0, GL_FLOAT, 0, 2)
        gl.glDrawArrays(GL_TRIANGLE_STRIP, 0, 4)
        program.disableAttributeArray(0)
        quad.release()
        for unit, texture in enumerate(self._planes):
            texture.release(unit)
        gl.glActiveTexture(GL_TEXTURE0)  # what QPainter's GL engine expects
        program.release()
        gl.glViewport(0, 0, round(self.width() * ratio), round(self.height() * ratio))
        return True
