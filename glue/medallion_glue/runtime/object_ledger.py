"""Which bronze objects a bookmarked bronze_to_silver run takes: a listing of the dataset's bronze folder
minus the object ledger of the runs before it.

Discovery only LISTS (the Spark session's Hadoop FileSystem: ``s3://`` on Glue, the stand-in's mount
locally): no object is opened, so a truncated gzip or a 0-byte object is listed like any other and the batch
reader quarantines it whole (``corrupt_gzip``, ``empty_object``) while the rest of the batch loads.

The ledger (:func:`ledger_location`): ``<silver_uri>/_ledger/<dataset>/`` (prefix from ``object_ledger.json``,
outside every table location, so no Iceberg orphan-file deletion touches it), one JSON-lines file per run that
took objects, ``<run id>.json``, one line per object: ``dataset``, ``run_id``, ``object`` (URI),
``size_bytes``, ``modified_ms`` (last-modified, epoch milliseconds, as the FileSystem lists it),
``modified_at`` and ``taken_at`` (ISO 8601 UTC). An object is seen when the ledger holds its URI with the same
``modified_ms``: an object rewritten in place (new last-modified time) is read again, as Glue's S3 bookmark
does. The file is written only after silver and quarantine committed (:func:`record_taken`), so a run that
fails, or crashes in between, leaves the ledger as it was and the next run reads the same objects again
(harmless for a spec with a primary key: the merge finds them in silver as duplicates; see docs/etl.md, "The
object ledger").

``--job-bookmark-option`` (:class:`LedgerMode`): ``job-bookmark-enable`` uses and moves the
ledger, ``job-bookmark-pause`` uses it without moving it, ``job-bookmark-disable`` lists every object and
moves nothing. ``--job-bookmark-from``/``--job-bookmark-to`` (Glue's run-id range of a paused bookmark) do not
apply to the ledger.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from importlib import resources
from typing import Any, Final

from pyspark.sql import SparkSession

from medallion_glue.errors import JobArgumentError
from medallion_glue.spec.model import DatasetSpec

LOG = logging.getLogger(__name__)

#: Key prefix of the ledger under the silver zone's root (``object_ledger.json``, which the IAM grant of
#: ``components/etl-job/object-ledger.ts`` reads too).
LEDGER_PREFIX: Final[str] = json.loads(
    resources.files("medallion_glue.runtime").joinpath("object_ledger.json").read_text(encoding="utf-8")
)["prefix"]
#: Spark schema of a ledger line (the columns the next run reads back).
LEDGER_LINE_SCHEMA: Final = "object string, modified_ms long"


class LedgerMode(Enum):
    """What ``--job-bookmark-option`` does to the ledger (values are the option's values)."""

    ENABLE = "job-bookmark-enable"
    PAUSE = "job-bookmark-pause"
    DISABLE = "job-bookmark-disable"

    @property
    def reads(self) -> bool:
        """The ledger's seen objects are left out of the run."""
        return self is not LedgerMode.DISABLE

    @property
    def moves(self) -> bool:
        """The run's objects are written to the ledger when it succeeds."""
        return self is LedgerMode.ENABLE

    @classmethod
    def of(cls, option: str | None) -> LedgerMode:
        """The mode of a resolved ``job_bookmark_option`` (absent: ``job-bookmark-disable``, Glue's default).

        Raises:
            JobArgumentError: another value.
        """
        if option is None:
            return cls.DISABLE
        for mode in cls:
            if mode.value == option:
                return mode
        raise JobArgumentError(
            f"--job-bookmark-option: {option!r} is not one of {[m.value for m in cls]}; EtlJob sets "
            "job-bookmark-enable (jobBookmarks: true)."
        )


@dataclass(frozen=True)
class ListedObject:
    """One bronze object as listed: ``uri``, ``size_bytes`` and ``modified_ms`` (epoch milliseconds)."""

    uri: str
    size_bytes: int
    modified_ms: int


@dataclass(frozen=True)
class Discovery:
    """A bookmarked run's objects: ``listed`` (every object of the dataset), ``new`` (those to read, sorted by
    URI), the ``mode`` and the ledger ``location``."""

    listed: tuple[ListedObject, ...]
    new: tuple[ListedObject, ...]
    mode: LedgerMode
    location: str

    @property
    def uris(self) -> list[str]:
        """The URIs of :attr:`new`, the run's ``source_objects``."""
        return [o.uri for o in self.new]


def ledger_location(silver_uri: str, dataset: str) -> str:
    """``<silver_uri>/_ledger/<dataset>/``: the dataset's ledger folder."""
    return f"{silver_uri.rstrip('/')}/{LEDGER_PREFIX}{dataset}/"


def _filesystem(spark: SparkSession, uri: str) -> tuple[Any, Any]:
    context: Any = spark.sparkContext
    path = context._jvm.org.apache.hadoop.fs.Path(uri)
    return path, path.getFileSystem(context._jsc.hadoopConfiguration())


def list_bronze_objects(spark: SparkSession, spec: DatasetSpec, folder: str) -> list[ListedObject]:
    """Every object under ``folder`` (recursively) that belongs to ``spec``
    (:meth:`~medallion_glue.spec.model.DatasetSpec.is_bronze_object`), sorted by URI; none when the folder
    does not exist. Lists only (``FileSystem.listFiles``): no object is opened."""
    path, filesystem = _filesystem(spark, folder)
    if not filesystem.exists(path):
        return []
    found = []
    listing = filesystem.listFiles(path, True)
    while listing.hasNext():
        status = listing.next()
        uri = status.getPath().toString()
        if spec.is_bronze_object(uri):
            found.append(ListedObject(uri, int(status.getLen()), int(status.getModificationTime())))
    return sorted(found, key=lambda o: o.uri)


def seen_objects(spark: SparkSession, location: str) -> set[tuple[str, int]]:
    """``(object URI, modified_ms)`` of every line of the ledger at ``location`` (empty: no ledger yet)."""
    path, filesystem = _filesystem(spark, location)
    if not filesystem.exists(path) or not filesystem.listStatus(path):
        return set()
    lines = spark.read.schema(LEDGER_LINE_SCHEMA).json(location)
    return {(row[0], row[1]) for row in lines.distinct().collect() if row[0] is not None}


def discover(
    spark: SparkSession, spec: DatasetSpec, folder: str, location: str, mode: LedgerMode
) -> Discovery:
    """The objects of ``folder`` a bookmarked run takes in ``mode``: all of them (``DISABLE``), or those whose
    ``(URI, modified_ms)`` is not in the ledger at ``location``."""
    listed = list_bronze_objects(spark, spec, folder)
    seen = seen_objects(spark, location) if mode.reads else set()
    new = tuple(o for o in listed if (o.uri, o.modified_ms) not in seen)
    LOG.info(
        "dataset %s: %d bronze objects listed under %s, %d new (ledger %s, %s)",
        spec.name,
        len(listed),
        folder,
        len(new),
        location,
        mode.value,
    )
    return Discovery(tuple(listed), new, mode, location)


def _iso(moment: datetime, timespec: str) -> str:
    return moment.isoformat(timespec=timespec).replace("+00:00", "Z")


def ledger_lines(
    dataset: str, run_id: str, objects: Sequence[ListedObject], taken_at: datetime
) -> list[dict[str, Any]]:
    """The ledger lines of a run that took ``objects`` at ``taken_at`` (see the module docstring)."""
    stamp = _iso(taken_at.astimezone(UTC), "seconds")
    return [
        {
            "dataset": dataset,
            "run_id": run_id,
            "object": o.uri,
            "size_bytes": o.size_bytes,
            "modified_ms": o.modified_ms,
            "modified_at": _iso(datetime.fromtimestamp(o.modified_ms / 1000, UTC), "milliseconds"),
            "taken_at": stamp,
        }
        for o in objects
    ]


def record_taken(
    spark: SparkSession, discovery: Discovery, dataset: str, run_id: str, taken_at: datetime
) -> str | None:
    """After the run committed silver and quarantine: write ``<location><run_id>.json`` with the run's new
    objects, when the mode moves the ledger and there are any; returns its URI (None: nothing written).

    The file is created with overwrite on: run ids are unique (time and a random suffix), and S3A's create
    without overwrite would first probe the missing key (HEAD), which the role's prefix-scoped listing
    grant answers with 403 (``lib/glue-iam.ts``, ``sparkPrefixAccess``).
    """
    if not discovery.mode.moves or not discovery.new:
        return None
    uri = f"{discovery.location}{run_id}.json"
    path, filesystem = _filesystem(spark, uri)
    lines = ledger_lines(dataset, run_id, discovery.new, taken_at)
    text = "".join(json.dumps(line, sort_keys=True) + "\n" for line in lines)
    stream = filesystem.create(path, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()
    LOG.info("dataset %s: %d objects recorded in the object ledger %s", dataset, len(lines), uri)
    return uri
