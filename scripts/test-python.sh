#!/usr/bin/env bash
# Python tests: the Glue transforms on local Spark, the JDBC ingestion against PostgreSQL, IAM linting.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pytest "$@"
code=$?
# pytest exits 5 when it collected no test: that is a failure here, never a pass.
if [ $code -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi
exit $code
