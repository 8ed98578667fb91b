#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what vwall needs on a Debian machine: system packages (apt-get) and the
# Python packages into .venv/ at the repository root. Idempotent; sourced by run/test.
set -euo pipefail

VWALL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$VWALL_ROOT/.venv"

# Debian packages: the media stack (GStreamer RTSP server for the simulator and the
# relay, libVLC with SRT for the console, ffmpeg for probes and clips), Qt's X/GL
# libraries for PySide6, Xvfb for native-window tests, PostgreSQL for the hub, OpenCV's
# trained cascades (opencv-data: the hub's face detector for publishing).
APT_PACKAGES=(
  python3 python3-venv python3-dev python3-gi python3-gi-cairo gcc
  gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0 gir1.2-gst-rtsp-server-1.0
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav
  vlc-bin vlc-plugin-base vlc-plugin-access-extra libvlc-dev libvlc5
  ffmpeg xvfb xauth x11-utils imagemagick
  libegl1 libgl1 libgl1-mesa-dri libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0
  libdbus-1-3 libx11-6 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
  libxcb-xfixes0 libxcb-xkb1 fonts-dejavu-core opencv-data
  postgresql
)

vwall_missing_apt() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  echo "${missing[@]:-}"
}

vwall_install_apt() {
  local missing
  missing="$(vwall_missing_apt)"
  [ -z "$missing" ] && return 0
  echo "bootstrap: installing Debian packages: $missing" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

vwall_install_venv() {
  # Debian's own Python: GStreamer's introspection bindings (python3-gi) exist only
  # for it, so the venv sees system site-packages.
  if [ ! -x "$VENV/bin/python" ]; then
    /usr/bin/python3 -m venv --system-site-packages "$VENV"
  fi
  local stamp="$VENV/.vwall-installed"
  # The C part (widgets/_frames.c) is built by the install: again when it changed.
  if [ ! -f "$stamp" ] || [ "$VWALL_ROOT/pyproject.toml" -nt "$stamp" ] \
    || [ "$VWALL_ROOT/setup.py" -nt "$stamp" ] || [ "$VWALL_ROOT/widgets/_frames.c" -nt "$stamp" ] \
    || ! compgen -G "$VWALL_ROOT/widgets/_frames.*.so" >/dev/null; then
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    # Both OpenCV distributions install `cv2`: the plain one (used before the contrib
    # build) goes first, or the two would overwrite each other's files.
    "$VENV/bin/python" -m pip uninstall -y -q opencv-python >/dev/null 2>&1 || true
    "$VENV/bin/python" -m pip install -q -e "$VWALL_ROOT[dev]"
    touch "$stamp"
  fi
}

vwall_bootstrap() {
  vwall_install_apt
  vwall_install_venv
}
