"""Independent expected values for the demo's end-to-end test (``tests/e2e/demo.test.ts``).

Computes, with DuckDB and without any code of the pipeline, what the demo's lake must hold for a slice
of the source data, straight from the SOURCE: ``node_modules/vega-datasets/data/flights-3m.parquet``
and ``datasets/dimensions/airports.csv``, applying the rules ``datasets/flights.yaml`` documents
(column renames, required columns, row filters, deduplication on the primary key) and the gold SQL's
definition (``glue/sql/gold/flight_delays_by_origin_month.sql``: departures, average delay and share of
flights delayed 15+ minutes per origin airport and month, airport names from airports.csv).

The slice is the layout's documented one: the first ``--days`` days of the data from ``--from-date``
(default: the first day of the data), and of each day the first ``--max-rows-per-day`` flights in file
order; ``flight_id`` is the 1-based row position in the
source file. Rows the layout injected as bad are listed in ``<lake>/layout-manifest.json``: they are
not in the source, so they never reach the expected gold; the manifest gives their expected fates.

It also reads what the demo wrote (``<lake>/gold/...`` and ``<lake>/silver/...`` Parquet) with plain
DuckDB, so the test compares two independent readings. Averages and shares are returned unrounded; the
gold SQL rounds them to 2 and 4 decimals.

Usage::

    .venv/bin/python tests/e2e/gold_oracle.py --lake-dir <lake> --from-date 2001-01-29 --days 4 \\
        --max-rows-per-day 1500

Prints one JSON object (see ``main``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCE = REPO_ROOT / "node_modules" / "vega-datasets" / "data" / "flights-3m.parquet"
AIRPORTS = REPO_ROOT / "datasets" / "dimensions" / "airports.csv"
SPEC = REPO_ROOT / "datasets" / "flights.yaml"
GOLD_TABLE = "flight_delays_by_origin_month"
#: Fate of an injected row that is a re-sent copy (removed by deduplication, not quarantined).
DUPLICATE = "duplicate"
GOLD_COLUMNS = [
    "origin",
    "origin_name",
    "origin_city",
    "origin_state",
    "year",
    "month",
    "flights",
    "avg_delay_minutes",
    "delayed_15_flights",
    "delayed_15_share",
]


def sql_literal(path: Path) -> str:
    """A DuckDB string literal of a path."""
    return "'" + str(path).replace("'", "''") + "'"


def spec_rules(spec_file: Path) -> dict[str, Any]:
    """Renames, required columns, row filters and primary key of the dataset spec."""
    spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
    return {
        "renames": spec.get("column_names", {}).get("renames", {}),
        "required": spec.get("required_columns", []),
        "filters": spec.get("row_filters", []),
        "primary_key": spec.get("deduplication", {}).get("primary_key", []),
        "event_time": spec["event_time"]["column"],
    }


def expected(
    con: duckdb.DuckDBPyConnection, days: int, max_rows_per_day: int | None, from_date: dt.date | None = None
) -> dict[str, Any]:
    """Source rows of the slice, rows kept in silver (in all and per year and month of the event time),
    and the gold table, from the source files."""
    rules = spec_rules(SPEC)
    source_columns = ["date", "delay", "distance", "origin", "destination"]
    renamed = ", ".join(f"{c} AS {rules['renames'].get(c, c)}" for c in source_columns)
    limit = "" if max_rows_per_day is None else f"WHERE nth <= {int(max_rows_per_day)}"
    since = "TRUE" if from_date is None else f"day >= DATE '{from_date.isoformat()}'"
    con.execute(
        f"""
        CREATE TEMP TABLE slice AS
        WITH source AS (
            SELECT file_row_number + 1 AS flight_id, CAST(date AS DATE) AS day, {renamed}
            FROM read_parquet({sql_literal(SOURCE)}, file_row_number = true)
        ),
        chosen_days AS (
            SELECT DISTINCT day FROM source WHERE {since} ORDER BY day LIMIT {int(days)}
        ),
        numbered AS (
            SELECT s.*, row_number() OVER (PARTITION BY s.day ORDER BY s.flight_id) AS nth
            FROM source AS s JOIN chosen_days USING (day)
        )
        SELECT * EXCLUDE (nth, day) FROM numbered {limit}
        """
    )
    # The spec: a null or blank required value is quarantined (missing_required_column).
    required = " AND ".join(f"nullif(trim(CAST({c} AS VARCHAR)), '') IS NOT NULL" for c in rules["required"])
    filters = " AND ".join(f"({f})" for f in rules["filters"]) or "TRUE"
    key = ", ".join(rules["primary_key"]) or "flight_id"
    con.execute(
        f"""
        CREATE TEMP TABLE kept AS
        SELECT * FROM slice WHERE {required or "TRUE"} AND {filters}
        QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY flight_id) = 1
        """
    )
    event_time = rules["event_time"]
    gold = con.execute(
        f"""
        SELECT f.origin, a.name AS origin_name, a.city AS origin_city, a.state AS origin_state,
               year(f.{event_time}) AS year, month(f.{event_time}) AS month,
               count(*) AS flights, avg(f.delay) AS avg_delay_minutes,
               count(*) FILTER (WHERE f.delay >= 15) AS delayed_15_flights,
               count(*) FILTER (WHERE f.delay >= 15) / count(*) AS delayed_15_share
        FROM kept AS f
        LEFT JOIN read_csv({sql_literal(AIRPORTS)}, header = true, all_varchar = true) AS a
          ON a.iata = f.origin
        GROUP BY ALL
        ORDER BY origin, year, month
        """
    ).fetchall()
    by_month = con.execute(
        f"SELECT year({event_time}), month({event_time}), count(*) FROM kept GROUP BY ALL ORDER BY 1, 2"
    ).fetchall()
    return {
        "source_rows": con.execute("SELECT count(*) FROM slice").fetchone()[0],
        "silver_rows": con.execute("SELECT count(*) FROM kept").fetchone()[0],
        "silver_rows_by_month": [{"year": y, "month": m, "rows": n} for y, m, n in by_month],
        "gold": [dict(zip(GOLD_COLUMNS, row, strict=True)) for row in gold],
    }


def catalog_files(lake_dir: Path, database: str, table: str) -> list[str]:
    """The current data files of an Iceberg table as the local catalog (``<lake>/_catalog/catalog.json``,
    written by the runner) lists them."""
    catalog = json.loads((lake_dir / "_catalog" / "catalog.json").read_text(encoding="utf-8"))
    entry = catalog["databases"][database]["tables"][table]
    if entry["partition_keys"]:
        return sorted(f for p in entry["partitions"] for f in p["files"])
    return sorted(entry["files"])


def actual(con: duckdb.DuckDBPyConnection, gold_files: list[str], silver_files: list[str]) -> dict[str, Any]:
    """What the pipeline wrote: the gold table's rows and the silver row count, from the data files of the
    tables' current Iceberg snapshots (their partition columns are inside the files)."""
    columns = ", ".join(GOLD_COLUMNS)
    rows = con.execute(
        f"SELECT {columns} FROM read_parquet([{', '.join(sql_literal(f) for f in gold_files)}]) "
        "ORDER BY origin, year, month"
    ).fetchall()
    silver_list = ", ".join(sql_literal(f) for f in silver_files)
    silver_rows = con.execute(f"SELECT count(*) FROM read_parquet([{silver_list}])").fetchone()[0]
    return {
        "gold": [
            {**dict(zip(GOLD_COLUMNS, row, strict=True)), "year": int(row[4]), "month": int(row[5])}
            for row in rows
        ],
        "silver_rows": silver_rows,
    }


def manifest_fates(lake_dir: Path) -> dict[str, int]:
    """Injected rows per expected fate, counted from the manifest's row list."""
    manifest = json.loads((lake_dir / "layout-manifest.json").read_text(encoding="utf-8"))
    fates: dict[str, int] = {}
    for item in manifest["flights"]["injected"]:
        fates[item["fate"]] = fates.get(item["fate"], 0) + 1
    return fates


def main(argv: list[str] | None = None) -> int:
    """Prints ``{"expected": {...}, "actual": {...}, "injected": {fate: rows}}``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lake-dir", type=Path, required=True)
    parser.add_argument("--days", type=int, required=True)
    parser.add_argument("--from-date", type=dt.date.fromisoformat, help="first day, YYYY-MM-DD")
    parser.add_argument("--max-rows-per-day", type=int)
    args = parser.parse_args(argv)
    con = duckdb.connect()
    result = {
        "expected": expected(con, args.days, args.max_rows_per_day, args.from_date),
        "actual": actual(
            con,
            catalog_files(args.lake_dir, "gold", GOLD_TABLE),
            catalog_files(args.lake_dir, "silver", "flights"),
        ),
        "injected": manifest_fates(args.lake_dir),
    }
    print(json.dumps(result, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
