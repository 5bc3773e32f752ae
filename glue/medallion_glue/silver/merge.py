"""De-duplicate a batch and merge it into the silver partitions it touches.

Rules (what makes re-running the same input add no rows):

* Within a batch, rows sharing a key keep one: the greatest ``order_by`` value (NULLs lose), then
  the greatest source object, then the greatest row hash (so the choice is deterministic).
* Against silver, a batch row replaces the stored row of its key only when its ``order_by`` value
  is strictly greater; otherwise (equal, smaller, or no ``order_by``) the stored row stays and the
  batch row counts as a duplicate.
* The key is the spec's primary key, or, without one, a SHA-256 of all data columns.
* With ``deduplication: none`` (``spec.deduplicate`` False) there is no key: every batch row is
  inserted, identical rows included, and the stored rows of its partitions stay as they are.

The result holds the winning batch rows (inserts and updates) and the partitions they touch; the silver
store applies them with one Iceberg ``MERGE INTO`` (or an append) per run
(:class:`medallion_glue.silver.store.IcebergSilverStore`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

from medallion_glue import defaults
from medallion_glue.spec.model import DatasetSpec
from medallion_glue.sql_text import quote_identifier

#: Key column computed for specs without a primary key.
ROW_KEY_COLUMN = "_row_key"
_STATUS = "_merge_status"
INSERT, UPDATE, DUPLICATE = "insert", "update", "duplicate"
_YEAR, _MONTH = defaults.PARTITION_COLUMNS
#: Above this many repeated keys in one batch, de-duplication ranks the whole batch instead of
#: broadcasting the repeated keys to pick out their rows.
MAX_BROADCAST_REPEATED_KEYS = 1_000_000

Partition = tuple[int, int]


@dataclass(frozen=True)
class MergeResult:
    """Outcome of :func:`merge_batch`.

    Attributes:
        winners: The batch rows to write (inserts and updates, one per key), with the batch's
            columns; empty when nothing is written.
        partitions: ``(year, month)`` pairs the write touches (batch partitions of the winners and
            the stored partitions of the rows they update), sorted.
        rows_in_batch: Accepted rows given to the merge.
        duplicates_in_batch: Rows dropped because another row of the batch had the same key.
        duplicates_of_silver: Batch rows dropped because silver already holds their key.
        rows_inserted: Batch rows with a key new to silver.
        rows_updated: Batch rows replacing a stored row of their key.
        rows_before: Stored rows in ``partitions`` before the write.
    """

    winners: DataFrame
    partitions: tuple[Partition, ...]
    rows_in_batch: int
    duplicates_in_batch: int
    duplicates_of_silver: int
    rows_inserted: int
    rows_updated: int
    rows_before: int

    @property
    def rows_written(self) -> int:
        """Batch rows that end up in silver (inserted or updated)."""
        return self.rows_inserted + self.rows_updated

    @property
    def expected_rows_after(self) -> int:
        """Rows the written partitions must hold after the write."""
        return self.rows_before + self.rows_inserted


def key_columns(spec: DatasetSpec) -> list[str]:
    """The columns that identify a silver row: the primary key, or :data:`ROW_KEY_COLUMN`."""
    return list(spec.primary_key) or [ROW_KEY_COLUMN]


def with_row_key(frame: DataFrame, spec: DatasetSpec, data_columns: Sequence[str]) -> DataFrame:
    """Add :data:`ROW_KEY_COLUMN` (SHA-256 of ``data_columns`` as JSON) when the spec has no
    primary key; return ``frame`` unchanged otherwise."""
    if spec.primary_key:
        return frame
    payload = F.to_json(F.struct(*[F.col(quote_identifier(c)) for c in data_columns]))
    return frame.withColumn(ROW_KEY_COLUMN, F.sha2(payload, 256))


def dedup_batch(batch: DataFrame, spec: DatasetSpec, data_columns: Sequence[str]) -> DataFrame:
    """Keep one row per key of ``batch`` (see the module rules). ``batch`` must carry the key.

    Only rows whose key repeats go through the ranking window: the repeated keys are found with
    an aggregation over the key columns alone (one small shuffle), so a batch without duplicates
    never shuffles its full rows here.
    """
    keys = key_columns(spec)
    key_cols = [F.col(quote_identifier(c)) for c in keys]
    repeated = batch.groupBy(*key_cols).count().where(F.col("count") > 1).select(*key_cols).persist()
    repeated_count = repeated.count()
    if repeated_count == 0:
        repeated.unpersist()
        return batch
    if repeated_count > MAX_BROADCAST_REPEATED_KEYS:
        repeated.unpersist()
        return _rank_and_keep_first(batch, spec, data_columns)
    repeated_keys = F.broadcast(repeated)
    singles = batch.join(repeated_keys, on=keys, how="left_anti")
    multiples = batch.join(repeated_keys, on=keys, how="left_semi")
    return singles.unionByName(_rank_and_keep_first(multiples, spec, data_columns))


def _rank_and_keep_first(batch: DataFrame, spec: DatasetSpec, data_columns: Sequence[str]) -> DataFrame:
    keys = [F.col(quote_identifier(c)) for c in key_columns(spec)]
    row_hash = F.xxhash64(*[F.col(quote_identifier(c)) for c in data_columns])
    ordering = [F.col(quote_identifier(spec.order_by)).desc_nulls_last()] if spec.order_by else []
    ordering += [F.col(defaults.SOURCE_OBJECT_COLUMN).desc(), row_hash.desc()]
    window = Window.partitionBy(*keys).orderBy(*ordering)
    ranked = batch.withColumn("_rank", F.row_number().over(window))
    return ranked.where(F.col("_rank") == 1).drop("_rank")


def merge_batch(
    accepted: DataFrame,
    existing: DataFrame | None,
    spec: DatasetSpec,
    data_columns: Sequence[str],
    rows_in_batch: int | None = None,
) -> MergeResult:
    """De-duplicate ``accepted`` and merge it with the stored silver rows ``existing``.

    Args:
        accepted: Accepted batch rows: data columns, ``year``, ``month``, ``_source_object``,
            ``_ingested_at``.
        existing: The whole silver table (lazy), or None when it holds no data yet.
        spec: The dataset spec (key, ``order_by``).
        data_columns: The silver data columns (used for the row key and tie-breaking).
        rows_in_batch: ``accepted.count()`` when the caller already knows it (saves a Spark job).

    Runs one aggregation (statuses and partitions) plus, when silver has data, one count of the
    affected stored rows; the content stays lazy.
    """
    if rows_in_batch is None:
        rows_in_batch = accepted.count()
    if not spec.deduplicate:
        return _append_batch(accepted, existing, rows_in_batch)
    batch = with_row_key(accepted, spec, data_columns)
    unique = dedup_batch(batch, spec, data_columns).persist()
    keys = key_columns(spec)
    if existing is None:
        classified = unique.withColumn(_STATUS, F.lit(INSERT)).withColumns(
            {"_stored_year": F.lit(None).cast("int"), "_stored_month": F.lit(None).cast("int")}
        )
    else:
        stored = with_row_key(existing, spec, data_columns)
        if not spec.primary_key:
            # The row key covers the event time, so a stored duplicate sits in a batch partition.
            stored = stored.where(_partition_filter(_partitions_of(unique)))
        stored_keys = stored.select(
            *[F.col(quote_identifier(k)) for k in keys],
            *([F.col(quote_identifier(spec.order_by)).alias("_stored_order")] if spec.order_by else []),
            F.col(_YEAR).alias("_stored_year"),
            F.col(_MONTH).alias("_stored_month"),
            F.lit(True).alias("_stored"),
        )
        joined = unique.join(stored_keys, on=keys, how="left")
        wins = F.lit(False)
        if spec.order_by:
            batch_order = F.col(quote_identifier(spec.order_by))
            wins = batch_order.isNotNull() & (
                F.col("_stored_order").isNull() | (batch_order > F.col("_stored_order"))
            )
        status = (
            F.when(F.col("_stored").isNull(), F.lit(INSERT)).when(wins, F.lit(UPDATE)).otherwise(DUPLICATE)
        )
        classified = joined.withColumn(_STATUS, status).persist()
    groups = classified.groupBy(_STATUS, _YEAR, _MONTH, "_stored_year", "_stored_month").count().collect()
    counts: dict[str, int] = {}
    partitions: set[Partition] = set()
    for group in groups:
        counts[group[_STATUS]] = counts.get(group[_STATUS], 0) + group["count"]
        if group[_STATUS] != DUPLICATE:
            partitions.add((group[_YEAR], group[_MONTH]))
        if group[_STATUS] == UPDATE:
            partitions.add((group["_stored_year"], group["_stored_month"]))
    winners = classified.where(F.col(_STATUS) != DUPLICATE).select(*accepted.columns)
    ordered = tuple(sorted(partitions))
    rows_before = 0
    if existing is not None and ordered:
        rows_before = existing.where(_partition_filter(ordered)).count()
    unique_count = sum(counts.values())
    return MergeResult(
        winners=winners,
        partitions=ordered,
        rows_in_batch=rows_in_batch,
        duplicates_in_batch=rows_in_batch - unique_count,
        duplicates_of_silver=counts.get(DUPLICATE, 0),
        rows_inserted=counts.get(INSERT, 0),
        rows_updated=counts.get(UPDATE, 0),
        rows_before=rows_before,
    )


def _append_batch(accepted: DataFrame, existing: DataFrame | None, rows_in_batch: int) -> MergeResult:
    """The merge of a spec without de-duplication: every row of ``accepted`` is an insert."""
    partitions = tuple(_partitions_of(accepted))
    rows_before = 0
    if existing is not None and partitions:
        rows_before = existing.where(_partition_filter(partitions)).count()
    return MergeResult(
        winners=accepted,
        partitions=partitions,
        rows_in_batch=rows_in_batch,
        duplicates_in_batch=0,
        duplicates_of_silver=0,
        rows_inserted=rows_in_batch,
        rows_updated=0,
        rows_before=rows_before,
    )


def _partitions_of(frame: DataFrame) -> list[Partition]:
    rows = frame.select(_YEAR, _MONTH).distinct().collect()
    return sorted((row[0], row[1]) for row in rows)


def _partition_filter(partitions: Sequence[Partition]) -> Column:
    """``(year = y1 AND month = m1) OR ...`` (FALSE for no partitions), prunable by Spark."""
    condition = F.lit(False)
    for year, month in partitions:
        condition = condition | ((F.col(_YEAR) == year) & (F.col(_MONTH) == month))
    return condition
