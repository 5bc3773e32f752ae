#!/usr/bin/env bash
# The main job (`npm run demo`): set-up on a fresh machine (npm ci, the Python venv, a Java check), then the
# lake on this machine: offline plan of the dev stack, bronze drops of real flights, the trigger Lambda
# against moto, the Glue job code on local Spark, and SQL over the gold Parquet. See docs/demo.md.
#   npm run demo [-- [--from-date YYYY-MM-DD] [--days N] | --full] [--max-rows-per-day N] [--batch-size N]
#                [--lake-dir DIR] [--keep-servers] [--stack NAME]      (--help lists them)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx --no-install tsx scripts/demo/main.ts "$@"
