"""A JSON-file stand-in for the Glue Data Catalog: the local runner's catalog, read by the demo.

The demo reads it with ``scripts/demo/inspect_lake.py``; the runner mirrors it into the Spark session
catalog the entry scripts use and back (:mod:`medallion_local.session_catalog`).

Shape (mirrors Glue's ``Table``: ``StorageDescriptor.Columns``, ``PartitionKeys``, ``Partitions``;
https://docs.aws.amazon.com/glue/latest/webapi/API_Table.html)::

    {"databases": {"silver": {"tables": {"flights": {
        "location": "/lake/silver/flights", "format": "parquet",
        "columns": [{"name": "flight_id", "type": "bigint"}, ...],
        "partition_keys": [{"name": "year", "type": "int"}, {"name": "month", "type": "int"}],
        "partitions": [{"values": ["2001", "1"], "location": "/lake/silver/flights/year=2001/month=1"}],
        "parameters": {"classification": "parquet", "compression": "zstd"},
        "updated_at": "2026-01-01T00:00:00+00:00"}}}}}
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class LocalCatalog:
    """Reads and atomically rewrites one catalog JSON file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def load(self) -> dict[str, Any]:
        """The whole catalog (an empty one when the file does not exist yet)."""
        if not self.path.exists():
            return {"databases": {}}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def table(self, database: str, table: str) -> dict[str, Any] | None:
        """The table entry, or None."""
        return self.load()["databases"].get(database, {}).get("tables", {}).get(table)

    def current_files(self, database: str, table: str) -> list[str]:
        """The data files of the table's current Iceberg snapshot, sorted (see :func:`current_files`).

        Raises:
            KeyError: the table is not registered.
        """
        entry = self.table(database, table)
        if entry is None:
            raise KeyError(f"{database}.{table} is not in the local catalog {self.path}")
        return current_files(entry)

    def column_types(self, database: str, table: str) -> dict[str, str] | None:
        """``{column: type}`` of the table's data columns, or None when it is not registered."""
        entry = self.table(database, table)
        return None if entry is None else {c["name"]: c["type"] for c in entry["columns"]}

    def put_table(
        self,
        database: str,
        table: str,
        location: str,
        columns: Sequence[tuple[str, str]],
        partition_keys: Sequence[tuple[str, str]] = (),
        partitions: Sequence[Sequence[str]] = (),
        parameters: Mapping[str, str] | None = None,
        files: Mapping[tuple[str, ...], Sequence[str]] | None = None,
        snapshots: Sequence[Mapping[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Create or replace a table entry; ``partitions`` lists partition value tuples (strings).
        ``updated_at`` is the time the entry last changed (kept when it is put again unchanged).

        ``files`` (an Iceberg table's current data files per partition value tuple; ``()`` for an
        unpartitioned table) makes the entry an ``iceberg`` one: each partition (or the table) lists its
        ``files``, since an Iceberg folder also holds files of older snapshots; ``snapshots`` is its
        snapshot history (id, commit time, operation, the ``medallion.*`` summary)."""
        catalog = self.load()
        tables = catalog["databases"].setdefault(database, {"tables": {}})["tables"]
        key_names = [name for name, _ in partition_keys]
        entry = {
            "location": location,
            "format": "parquet",
            "columns": [{"name": name, "type": kind} for name, kind in columns],
            "partition_keys": [{"name": name, "type": kind} for name, kind in partition_keys],
            "partitions": [
                {
                    "values": list(values),
                    "location": str(
                        Path(location).joinpath(*[f"{k}={v}" for k, v in zip(key_names, values, strict=True)])
                    ),
                }
                for values in sorted(partitions, key=lambda v: [int(x) if x.isdigit() else x for x in v])
            ],
            "parameters": {"classification": "parquet", **(parameters or {})},
            "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        if files is not None:
            entry["format"] = "iceberg"
            for partition in entry["partitions"]:
                partition["files"] = sorted(files.get(tuple(partition["values"]), ()))
                if partition["files"]:
                    partition["location"] = str(Path(partition["files"][0]).parent)
            if not partition_keys:
                entry["files"] = sorted(files.get((), ()))
            entry["snapshots"] = [dict(s) for s in snapshots or ()]
        previous = tables.get(table)
        if previous is not None and {**previous, "updated_at": entry["updated_at"]} == entry:
            return previous
        tables[table] = entry
        self._write(catalog)
        return entry

    def _write(self, catalog: Mapping[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".catalog-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(catalog, handle, indent=2, sort_keys=True)
        os.replace(tmp, self.path)


def current_files(entry: Mapping[str, Any]) -> list[str]:
    """The data files of an Iceberg table entry's current snapshot, sorted: its partitions' ``files`` when
    it is partitioned, else its ``files`` (the table folder also keeps the files of older snapshots, so
    a reader must not glob it)."""
    if entry["partition_keys"]:
        return sorted(f for p in entry["partitions"] for f in p["files"])
    return sorted(entry.get("files", []))


def partition_values(location: str | Path, keys: Sequence[str]) -> list[tuple[str, ...]]:
    """Partition value tuples found as ``key=value`` directories (holding a file) under ``location``."""
    root = Path(location)
    pattern = "/".join(f"{key}=*" for key in keys)
    found = []
    for directory in root.glob(pattern):
        if directory.is_dir() and any(p.suffix == ".parquet" for p in directory.iterdir()):
            parts = directory.relative_to(root).parts
            found.append(tuple(part.split("=", 1)[1] for part in parts))
    return found
