"""Read a local lake the way Athena reads the real one: through its catalog, with SQL, over Parquet.

Silver and gold are Iceberg tables: their catalog entries list the data files of the current snapshot
(``medallion_local.session_catalog.export_iceberg_tables``), and only those are read.

Used by the demo (``scripts/demo/``) after the local pipeline ran. Every table of the local Data
Catalog (``<lake>/_catalog/catalog.json``, written by ``medallion_local.runner``) becomes a
DuckDB view over the Parquet files of its *registered* partitions (Athena, too, reads only the
partitions the catalog lists), in a schema named after its database. ``--database-alias`` renames
a local database (``silver``, ``gold``) to the stack's Glue database name
(``medallion_lake_dev_gold``), so the same SQL runs unchanged in the stack's Athena workgroup.

Usage::

    .venv/bin/python scripts/demo/inspect_lake.py --catalog .lake/demo/_catalog/catalog.json \\
        --database-alias gold=medallion_lake_dev_gold --partitions silver.flights \\
        --sql "SELECT * FROM medallion_lake_dev_gold.flight_delays_by_origin_month LIMIT 10"

Prints one JSON object on stdout::

    {"partitions": {"silver.flights": [{"values": {"year": "2001", "month": "1"},
                                        "location": "...", "files": 2, "rows": 113493}]},
     "query": {"columns": ["origin", ...], "rows": [["ORD", ...], ...]}}

Exit code 2 on bad arguments (argparse), 1 when the catalog is missing or a table is unknown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

#: Catalog (Hive/Glue) partition key types -> DuckDB types, for ``hive_types``.
HIVE_TO_DUCKDB_TYPES = {
    "string": "VARCHAR",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "smallint": "SMALLINT",
    "tinyint": "TINYINT",
    "date": "DATE",
    "boolean": "BOOLEAN",
}
#: Data files of a table or partition folder (Spark also writes ``.crc`` and ``_SUCCESS`` files).
PARQUET_GLOB = "*.parquet"


class LakeInspectionError(Exception):
    """The catalog or a table named on the command line does not exist."""


def load_catalog(path: Path) -> dict[str, Any]:
    """The catalog JSON.

    Raises:
        LakeInspectionError: the file does not exist (run the local pipeline first).
    """
    if not path.is_file():
        raise LakeInspectionError(f"--catalog {path}: no such file; run medallion_local.runner first")
    return json.loads(path.read_text(encoding="utf-8"))


def quote(identifier: str) -> str:
    """A DuckDB-quoted identifier."""
    return '"' + identifier.replace('"', '""') + '"'


def partition_files(partition: Mapping[str, Any]) -> list[str]:
    """A partition's data files: those an Iceberg entry lists, else the Parquet files of its folder."""
    if "files" in partition:
        return sorted(partition["files"])
    return sorted(str(f) for f in Path(partition["location"]).glob(PARQUET_GLOB))


def is_iceberg(table: Mapping[str, Any]) -> bool:
    """Whether the entry is an Iceberg table (its partition columns are inside the data files)."""
    return table.get("format") == "iceberg"


def data_files(table: Mapping[str, Any]) -> list[str]:
    """Data files of the table's registered partitions (or of the table when unpartitioned); for an
    Iceberg table, exactly the files of its current snapshot."""
    if is_iceberg(table):
        if table["partition_keys"]:
            return sorted(f for p in table["partitions"] for f in p["files"])
        return sorted(table.get("files", []))
    folders = (
        [Path(p["location"]) for p in table["partitions"]]
        if table["partition_keys"]
        else [Path(table["location"])]
    )
    return sorted(str(f) for folder in folders for f in folder.glob(PARQUET_GLOB))


def register_views(
    con: duckdb.DuckDBPyConnection, catalog: Mapping[str, Any], aliases: Mapping[str, str]
) -> list[str]:
    """Create a schema per database and a view per table; return ``schema.table`` names.

    Tables without data files (no registered partition yet) are skipped, as Athena returns no row.
    """
    created = []
    for database, entry in catalog["databases"].items():
        schema = aliases.get(database, database)
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(schema)}")
        for name, table in entry["tables"].items():
            files = data_files(table)
            if not files:
                continue
            options = ""
            if table["partition_keys"] and not is_iceberg(table):
                types = ", ".join(
                    f"'{k['name']}': {HIVE_TO_DUCKDB_TYPES.get(k['type'], 'VARCHAR')}"
                    for k in table["partition_keys"]
                )
                options = f", hive_partitioning = true, hive_types = {{{types}}}"
            file_list = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
            con.execute(
                f"CREATE VIEW {quote(schema)}.{quote(name)} AS "
                f"SELECT * FROM read_parquet([{file_list}]{options})"
            )
            created.append(f"{schema}.{name}")
    return created


def partition_layout(
    con: duckdb.DuckDBPyConnection, catalog: Mapping[str, Any], qualified: str
) -> list[dict[str, Any]]:
    """Files and rows of each registered partition of ``<database>.<table>`` (local database names),
    ordered by the partition values (numerically where they are numbers: ``month=2`` before ``month=10``).

    Raises:
        LakeInspectionError: the table is not in the catalog.
    """
    database, _, name = qualified.partition(".")
    table = catalog["databases"].get(database, {}).get("tables", {}).get(name)
    if table is None:
        raise LakeInspectionError(f"--partitions {qualified}: no such table in the catalog")
    keys = [k["name"] for k in table["partition_keys"]]
    layout = []

    def order(partition: Mapping[str, Any]) -> tuple[tuple[int, int, str], ...]:
        return tuple((0, int(v), "") if str(v).isdigit() else (1, 0, str(v)) for v in partition["values"])

    for partition in sorted(table["partitions"], key=order):
        files = partition_files(partition)
        rows = 0
        if files:
            paths = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
            rows = con.execute(f"SELECT count(*) FROM read_parquet([{paths}])").fetchone()[0]
        layout.append(
            {
                "values": dict(zip(keys, partition["values"], strict=True)),
                "location": partition["location"],
                "files": len(files),
                "rows": rows,
            }
        )
    return layout


def snapshot_history(catalog: Mapping[str, Any], qualified: str) -> list[dict[str, Any]]:
    """The Iceberg snapshot history the catalog entry of ``<database>.<table>`` records (empty for a
    Parquet table)."""
    database, _, name = qualified.partition(".")
    return list(catalog["databases"].get(database, {}).get("tables", {}).get(name, {}).get("snapshots", []))


def gold_rows(
    con: duckdb.DuckDBPyConnection, catalog: Mapping[str, Any], aliases: Mapping[str, str], limit: int
) -> list[dict[str, Any]]:
    """``[{table, columns, rows}]``: the first ``limit`` rows of each table of the local ``gold`` database
    that has data (the report's input, docs/bi.md)."""
    tables = []
    for name, table in sorted(catalog["databases"].get("gold", {}).get("tables", {}).items()):
        if not data_files(table):
            continue
        query = run_query(
            con, f"SELECT * FROM {quote(aliases.get('gold', 'gold'))}.{quote(name)} LIMIT {limit}"
        )
        tables.append({"table": name, **query})
    return tables


def to_json_value(value: Any) -> Any:
    """A JSON-friendly cell: decimals as floats, dates and times as ISO strings."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def run_query(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, Any]:
    """Run ``sql``; return its column names and rows. ``TIMESTAMP WITH TIME ZONE`` values (Iceberg's
    ``timestamptz``, e.g. a gold ``date_trunc`` hour) come back as ISO-8601 UTC text: DuckDB would need
    ``pytz`` to hand them to Python as datetimes."""
    relation = con.sql(sql)
    zoned = [name for name, kind in zip(relation.columns, relation.types, strict=True)
             if str(kind) == "TIMESTAMP WITH TIME ZONE"]  # fmt: skip
    if zoned:
        utc_text = "strftime(timezone('UTC', {0}), '%Y-%m-%dT%H:%M:%SZ') AS {0}"
        replaced = ", ".join(utc_text.format(quote(name)) for name in zoned)
        sql = f"SELECT * REPLACE ({replaced}) FROM ({sql})"
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return {"columns": columns, "rows": [[to_json_value(v) for v in row] for row in cursor.fetchall()]}


def parse_aliases(values: Sequence[str]) -> dict[str, str]:
    """``["gold=medallion_lake_dev_gold"]`` -> ``{"gold": "medallion_lake_dev_gold"}``."""
    aliases = {}
    for value in values:
        local, sep, name = value.partition("=")
        if not sep or not local or not name:
            raise argparse.ArgumentTypeError(
                f"--database-alias {value!r}: write it as <local database>=<Glue database>, "
                "e.g. gold=medallion_lake_dev_gold"
            )
        aliases[local] = name
    return aliases


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point; prints one JSON object. Returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, required=True, help="<lake>/_catalog/catalog.json")
    parser.add_argument(
        "--database-alias", action="append", default=[], help="<local db>=<schema name in SQL> (repeat)"
    )
    parser.add_argument(
        "--partitions", action="append", default=[], help="<local db>.<table> whose partitions to list"
    )
    parser.add_argument("--sql", help="one SELECT to run over the views")
    parser.add_argument(
        "--gold-rows",
        type=int,
        default=0,
        help="also return the first N rows of every table of the local gold database (default 0: none)",
    )
    args = parser.parse_args(argv)
    try:
        aliases = parse_aliases(args.database_alias)
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    try:
        catalog = load_catalog(args.catalog)
        con = duckdb.connect()
        result: dict[str, Any] = {"views": register_views(con, catalog, aliases), "partitions": {}}
        result["snapshots"] = {}
        for qualified in args.partitions:
            result["partitions"][qualified] = partition_layout(con, catalog, qualified)
            result["snapshots"][qualified] = snapshot_history(catalog, qualified)
        if args.gold_rows:
            result["gold"] = gold_rows(con, catalog, aliases, args.gold_rows)
        if args.sql:
            result["query"] = run_query(con, args.sql)
    except (LakeInspectionError, duckdb.Error) as exc:
        print(f"inspect_lake: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
