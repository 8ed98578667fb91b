#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, then runs every check: lint, types, layering, the test suite.
# Extra arguments go to pytest (e.g. `./scripts/test.sh tests/camsim -k replay`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh
vwall_bootstrap

export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
bin="$VENV/bin"

echo "== ruff"
"$bin/ruff" check .
"$bin/ruff" format --check .
echo "== mypy (strict)"
"$bin/mypy"
echo "== layering (import-linter)"
"$bin/lint-imports"
echo "== pytest"
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
vwall_pg_start  # a throwaway PostgreSQL for the hub suite (VWALL_TEST_PG_URL)
if [ $# -gt 0 ]; then
  "$bin/python" -m pytest "$@"
else
  # The simulator's own tests run GStreamer in the test process; GStreamer loads
  # libunwind, whose _Unwind_Resume then breaks the C++ exceptions of libsrt inside
  # libVLC (abort). Product processes never mix them (the console never imports gi;
  # the relay and the simulator are separate processes), so the suite runs in two.
  rc=0
  # --durations: CI's log names the slowest tests, to keep the suite within its budget.
  "$bin/python" -m pytest --durations=15 tests/camsim || rc=$?
  "$bin/python" -m pytest --durations=40 --ignore=tests/camsim || rc=$?
  exit "$rc"
fi
