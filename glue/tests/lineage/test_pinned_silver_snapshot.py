"""silver_to_gold reads the silver snapshot its lineage event names as the input's ``version``: given one
(``silver_snapshot``), ``run_catalog_silver_to_gold`` reads that snapshot, not a newer one."""

from __future__ import annotations

import datetime as dt

from etl_helpers import make_spec, write_file
from medallion_glue.gold.tables import SILVER_SNAPSHOT_KEY, run_catalog_silver_to_gold
from medallion_glue.lineage.versions import table_snapshot
from medallion_glue.runtime.bronze_to_silver import run_bronze_to_silver
from medallion_glue.silver.store import IcebergSilverStore
from medallion_local.iceberg_catalog import create_namespaces

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
SPEC = make_spec(
    "deduplication: {primary_key: [id]}\ngold: {tables: [{name: pin_by_month, partition_by: [year]}]}\n",
    name="pin",
)
GOLD_SQL = "SELECT year, month, count(*) AS orders FROM pin GROUP BY year, month\n"


def test_gold_reads_the_pinned_silver_snapshot_even_after_silver_moved_on(etl_spark, tmp_path):
    create_namespaces(etl_spark, ["pin_silver", "pin_gold"])
    store = IcebergSilverStore(etl_spark, "pin_silver", "pin", str(tmp_path / "silver" / "pin"))
    write_file(tmp_path, "sql/pin_by_month.sql", GOLD_SQL)
    first = write_file(tmp_path, "bronze/pin/a.csv", "id,ts,qty\n1,2024-01-06 10:00:00,1\n")
    run_bronze_to_silver(etl_spark, SPEC, [first], store, str(tmp_path / "q"), run_id="r1", now=NOW)
    pinned = table_snapshot(etl_spark, "pin_silver", "pin")
    later = write_file(tmp_path, "bronze/pin/b.csv", "id,ts,qty\n2,2024-02-07 10:00:00,4\n")
    run_bronze_to_silver(
        etl_spark, SPEC, [later], store, str(tmp_path / "q"), run_id="r2", now=NOW + dt.timedelta(days=1)
    )
    assert pinned is not None and store.current_snapshot_id() != pinned
    arguments = (etl_spark, SPEC, "pin_silver", "pin_gold", str(tmp_path / "gold"), str(tmp_path / "sql"))

    def gold() -> tuple[list[tuple[int, int, int]], str]:
        rows = etl_spark.sql("SELECT year, month, orders FROM glue_catalog.pin_gold.pin_by_month ORDER BY 2")
        ((summary,),) = etl_spark.sql(
            "SELECT summary FROM glue_catalog.pin_gold.pin_by_month.snapshots "
            "ORDER BY committed_at DESC LIMIT 1"
        ).collect()
        return [tuple(r) for r in rows.collect()], summary[SILVER_SNAPSHOT_KEY]

    assert run_catalog_silver_to_gold(*arguments, silver_snapshot=pinned) == {"pin_by_month": 1}
    assert gold() == ([(2024, 1, 1)], str(pinned))  # the row of r2 is newer than the pinned snapshot
    assert run_catalog_silver_to_gold(*arguments) == {"pin_by_month": 2}  # default: the current snapshot
    assert gold() == ([(2024, 1, 1), (2024, 2, 1)], str(store.current_snapshot_id()))
