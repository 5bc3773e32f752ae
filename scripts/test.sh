#!/usr/bin/env bash
# Runs every test on a fresh machine: set-up, then lint and format checks, the TypeScript type check, the
# TypeScript tests (mocha, Pulumi mocks, moto and PostgreSQL integration) and the Python tests (pytest, local Spark).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --postgres --chromium || exit 1

failed=()
step() {
  local name=$1; shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  if ! "$@"; then failed+=("$name"); fi
}
step "biome (lint + format)" npx --no-install biome check .
step "ruff (lint + format)" bash -c '.venv/bin/ruff check glue tests bench scripts && .venv/bin/ruff format --check glue tests bench scripts'
step "tsc --strict" npx --no-install tsc --noEmit -p .
step "TypeScript import graph (madge: no circles, no upward imports)" npm run --silent check:imports
step "Python import contracts (import-linter)" env PYTHONPATH=glue .venv/bin/lint-imports pyproject.toml
step "TypeScript tests (mocha)" npx --no-install mocha
step "Python tests (pytest)" bash scripts/test-python.sh

echo
if [ ${#failed[@]} -gt 0 ]; then
  printf '\033[31mFAILED: %s\033[0m\n' "${failed[*]}"
  exit 1
fi
echo "All checks passed."
