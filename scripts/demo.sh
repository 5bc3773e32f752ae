#!/usr/bin/env bash
# The main job: set-up on a fresh machine, then the offline plan of the dev stack.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx --no-install tsx scripts/plan.ts --stack dev "$@"
