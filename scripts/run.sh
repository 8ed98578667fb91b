#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, then starts the console in its embedded default.
# `./scripts/run.sh --demo` adds a fleet of simulated cameras.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh
vwall_bootstrap
exec "$VENV/bin/vwall" "$@"
