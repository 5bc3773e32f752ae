#!/usr/bin/env bash
# Installs everything the demo and the tests need on a fresh machine, and does nothing that is already done:
#   - Node dependencies (npm ci, re-run when package-lock.json changes)
#   - the Python venv .venv with the pinned requirements.txt (re-created when requirements.txt changes)
#   - a check that Java 17+ is present (local Spark needs it)
#   - the Spark jars of local sessions into .cache/jars/ (Iceberg, SQLite and PostgreSQL JDBC drivers)
#   - with --postgres: PostgreSQL server binaries (Debian's postgresql-15 package, else the release's
#     default postgresql) for the source tests
#   - with --chromium: Debian's chromium, the headless browser the report test opens the report in
#     (without root a warning; that test then fails saying how to install it)
set -euo pipefail
cd "$(dirname "$0")/.."

want_postgres=false
want_chromium=false
for arg in "$@"; do
  case "$arg" in
    --postgres) want_postgres=true ;;
    --chromium) want_chromium=true ;;
    *) echo "setup.sh: unknown option $arg (known: --postgres, --chromium)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -c1-16; }

command -v node >/dev/null || fail "Node.js 20+ is required (22 recommended, as @pulumi/pulumi declares): install it from your package manager or nodejs.org"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "Node.js 20+ is required (found $(node --version))"

lock_hash=$(hash_of package-lock.json)
if [ ! -f node_modules/.medallion-lock-hash ] || [ "$(cat node_modules/.medallion-lock-hash)" != "$lock_hash" ]; then
  say "installing Node dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.medallion-lock-hash
fi

python_bin=${PYTHON:-python3}
command -v "$python_bin" >/dev/null || fail "Python 3.11 is required (set PYTHON to its path)"
"$python_bin" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else 1)' \
  || fail "Python 3.11+ is required (found $("$python_bin" --version)); set PYTHON to a 3.11 interpreter"
req_hash=$(hash_of requirements.txt)
if [ ! -f .venv/.medallion-req-hash ] || [ "$(cat .venv/.medallion-req-hash)" != "$req_hash" ]; then
  say "creating the Python venv .venv with pinned requirements (pyspark, moto, pytest, ...)"
  rm -rf .venv
  "$python_bin" -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$req_hash" > .venv/.medallion-req-hash
fi

if ! command -v java >/dev/null; then
  fail "Java 17+ is required by local Spark: install it (Debian: apt-get install openjdk-17-jre-headless)"
fi
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
[ "${java_major:-0}" -ge 17 ] || fail "Java 17+ is required by local Spark (found version ${java_major:-unknown})"

# The Spark jars of local sessions (Iceberg runtime, the SQLite JDBC driver of the local catalog, the PostgreSQL
# JDBC driver of the local PostgreSQL source), from Maven Central once into .cache/jars/ and checked against
# their sha1 (glue/medallion_local/spark_jars.json): no demo or test needs the network after set-up.
mkdir -p .cache/jars
while IFS=$'\t' read -r file url sha1; do
  if [ ! -f ".cache/jars/$file" ] || [ "$(sha1sum ".cache/jars/$file" | cut -c1-40)" != "$sha1" ]; then
    say "fetching $file from Maven Central"
    curl -sSfL --retry 3 -o ".cache/jars/$file.part" "$url" || fail "could not download $url"
    [ "$(sha1sum ".cache/jars/$file.part" | cut -c1-40)" = "$sha1" ] || fail "$file: sha1 differs from spark_jars.json"
    mv ".cache/jars/$file.part" ".cache/jars/$file"
  fi
done < <(.venv/bin/python -c 'import json; [print(j["file"], j["url"], j["sha1"], sep="\t") for j in json.load(open("glue/medallion_local/spark_jars.json"))["jars"]]')

if $want_postgres; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${PG_BIN:-}" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq
      # PostgreSQL 15, the major version the test helpers name (Debian 12); Debian's default major
      # version where the release does not package 15.
      pg_package=postgresql-15
      if ! apt-cache policy "$pg_package" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        pg_package=postgresql
      fi
      say "installing PostgreSQL server binaries (apt-get install $pg_package)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pg_package" >/dev/null
    else
      fail "PostgreSQL server binaries are required by the source tests: apt-get install postgresql-15, or set PG_BIN"
    fi
  fi
fi
if $want_chromium; then
  if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq
      say "installing headless Chromium for the report test (apt-get install chromium)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      printf '\033[33m[setup] Chromium is missing and cannot be installed without root: the report test will fail; install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH\033[0m\n' >&2
    fi
  fi
fi
say "ready"
