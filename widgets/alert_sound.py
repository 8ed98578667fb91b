# SPDX-License-Identifier: GPL-3.0-or-later
"""The tone of a new critical incident.

Played with ``QSoundEffect`` where an audio output exists, else the desktop's beep: a
machine without sound (or a headless test) never fails for it, and on a platform without
a screen the multimedia backend is never even loaded (probing it only logs warnings).
"""

from __future__ import annotations

import math
import struct
import wave
from typing import Any

from PySide6.QtCore import QObject, QTemporaryFile, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

NO_AUDIO_PLATFORMS = frozenset({"offscreen", "minimal", "vnc"})


class AlertSound(QObject):
    """The critical-incident tone: ``QSoundEffect`` when there is an audio output, the
    desktop beep otherwise. ``played`` counts the alerts sounded."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.played = 0
        self.beeped = 0
        self._effect: Any = None
        self._file: QTemporaryFile | None = None
        self._probed = False

    def play(self) -> None:
        """Sound the alert once."""
        self.played += 1
        effect = self._sound_effect()
        if effect is None or effect.status() == effect.Status.Error:
            self.beeped += 1
            QApplication.beep()
            return
        effect.play()

    def _sound_effect(self) -> Any:
        if self._probed:
            return self._effect
        self._probed = True
        if QGuiApplication.platformName() in NO_AUDIO_PLATFORMS:
            return None  # no sound here, and probing the audio backend only logs warnings
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

        if not QMediaDevices.audioOutputs():
            return None
        self._file = QTemporaryFile(self)
        self._file.setFileTemplate(self._file.fileTemplate() + ".wav")
        if not self._file.open():
            return None
        path = self._file.fileName()
        self._file.close()
        _write_tone(path)
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(path))
        effect.setLoopCount(2)
        self._effect = effect
        return effect


def _write_tone(path: str, hz: float = 880.0, seconds: float = 0.35, rate: int = 16000) -> None:
    """A short sine tone, fading in and out (no click)."""
    frames = int(rate * seconds)
    fade = rate // 50
    samples = []
    for i in range(frames):
        gain = min(1.0, i / fade, (frames - i) / fade)
        samples.append(struct.pack("<h", int(12000 * gain * math.sin(2 * math.pi * hz * i / rate))))
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(samples))
