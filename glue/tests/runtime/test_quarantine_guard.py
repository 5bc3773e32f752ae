"""The quarantine guard (``quarantine.max_ratio``): a batch quarantining more than the ratio fails before
writing silver, publishes its counts (they reconcile: accepted rows are held back) and leaves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from etl_helpers import make_spec, write_file
from medallion_glue.errors import QuarantineGuardError
from medallion_glue.runtime.bronze_to_silver import run_bronze_to_silver
from medallion_glue.silver.reconciliation import metric_data
from medallion_glue.silver.store import IcebergSilverStore

NOW = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
ROWS = (
    "id,ts,qty\n1,2024-01-01 00:00:00,1\n2,2024-01-01 01:00:00,-1\n"
    "3,2024-01-01 02:00:00,-2\n4,2024-01-01 03:00:00,5\n"
)


def spec(extra: str = ""):
    return make_spec(
        f"row_filters: ['qty > 0']\ndeduplication: {{primary_key: [id]}}\n{extra}",
        name="guarded",
        max_quarantine_ratio=None,
    )


def test_the_default_guard_is_a_quarter_of_the_rows():
    assert spec().quarantine_max_ratio == 0.25


def test_a_batch_over_the_guard_fails_before_writing_and_publishes_reconciled_counts(
    etl_spark, iceberg_namespace, tmp_path
):
    store = IcebergSilverStore(etl_spark, iceberg_namespace, "guarded", str(tmp_path / "silver"))
    path = write_file(tmp_path, "b/a.csv", ROWS)
    published = []
    with pytest.raises(QuarantineGuardError) as caught:
        run_bronze_to_silver(
            etl_spark,
            spec(),
            [path],
            store,
            str(tmp_path / "q"),
            run_id="g",
            now=NOW,
            publish=published.append,
        )
    assert str(caught.value).startswith(
        "datasets/guarded.yaml: quarantine.max_ratio: dataset guarded run g quarantined 2 of 4 rows "
        "(50.0% > 25.0%; most as failed_filter: 2). Nothing was written to silver"
    )
    (counts,) = published
    assert (counts.rows_read, counts.rows_quarantined, counts.rows_held_back, counts.rows_written) == (
        4,
        2,
        2,
        0,
    )
    assert counts.reconciles
    sent = {d["MetricName"]: d["Value"] for d in metric_data(counts) if len(d["Dimensions"]) == 1}
    assert (sent["QuarantineRatio"], sent["RowsHeldBack"], sent["Reconciled"]) == (0.5, 2, 1)
    assert not store.exists()
    assert not (tmp_path / "q" / "guarded" / "run_id=g").exists()


def test_a_spec_can_raise_the_guard(etl_spark, iceberg_namespace, tmp_path):
    store = IcebergSilverStore(etl_spark, iceberg_namespace, "guarded", str(tmp_path / "silver"))
    path = write_file(tmp_path, "b/a.csv", ROWS)
    counts = run_bronze_to_silver(
        etl_spark, spec("quarantine: {max_ratio: 0.5}\n"), [path], store, str(tmp_path / "q"), now=NOW
    )
    assert (counts.rows_written, counts.rows_quarantined, counts.quarantine_ratio) == (2, 2, 0.5)
