"""The ``awsglue`` stand-in behaves as aws-glue-libs documents: option parsing, Job.init/commit and job
bookmarks per transformation_ctx, ``s3://`` URIs on local disk (listed and read through Spark)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from medallion_local.glue_scripts import glue_environment
from pyspark.sql import SparkSession


@pytest.fixture
def awsglue(tmp_path: Path) -> Iterator[Path]:
    """The stand-in importable, ``$AWSGLUE_LOCAL_ROOT`` at ``tmp_path`` with one bucket ``raw``."""
    (tmp_path / "s3" / "raw" / "in").mkdir(parents=True)
    with glue_environment(tmp_path, ["script.py"]):
        yield tmp_path


def test_get_resolved_options_requires_asked_names_and_ignores_unknown_ones(awsglue):
    from awsglue.utils import GlueArgumentError, getResolvedOptions

    argv = ["script.py", "--JOB_NAME", "j", "--extra", "x", "--bronze_uri=s3://b/", "--JOB_RUN_ID", "jr_1"]
    resolved = getResolvedOptions(argv, ["JOB_NAME", "bronze_uri"])
    assert (resolved["JOB_NAME"], resolved["bronze_uri"], resolved["JOB_RUN_ID"]) == ("j", "s3://b/", "jr_1")
    assert resolved["job_bookmark_option"] == "job-bookmark-disable"
    assert "extra" not in resolved
    with pytest.raises(GlueArgumentError, match="--silver_uri"):
        getResolvedOptions(argv, ["JOB_NAME", "silver_uri"])


@pytest.mark.parametrize("reserved", ["JOB_RUN_ID", "JOB_ID", "job-bookmark-option", "continuation-option"])
def test_get_resolved_options_refuses_reserved_names(awsglue, reserved):
    from awsglue.utils import getResolvedOptions

    with pytest.raises(RuntimeError, match="Using reserved arguments"):
        getResolvedOptions(["script.py"], ["JOB_NAME", reserved])


def start(spark: SparkSession, option: str):
    """A started job run named ``reader`` with ``--job-bookmark-option option``."""
    from awsglue.context import GlueContext
    from awsglue.job import Job

    job = Job(GlueContext(spark.sparkContext))
    job.init("reader", {"job_bookmark_option": option})
    return job


def test_bookmarks_are_committed_by_job_commit_only(awsglue, spark):
    job = start(spark, "job-bookmark-enable")
    job.record_state("source", {"id": 3})
    assert start(spark, "job-bookmark-enable").bookmark_state("source") is None  # the first run failed
    job = start(spark, "job-bookmark-enable")
    job.record_state("source", {"id": 3})
    job.commit()
    assert json.loads((awsglue / "bookmarks" / "reader.json").read_text()) == {"source": {"id": 3}}
    assert start(spark, "job-bookmark-enable").bookmark_state("source") == {"id": 3}


def test_pause_reads_the_bookmark_without_moving_it_and_disable_ignores_it(awsglue, spark):
    job = start(spark, "job-bookmark-enable")
    job.record_state("source", {"id": 3})
    job.commit()
    paused = start(spark, "job-bookmark-pause")
    assert paused.bookmark_state("source") == {"id": 3}
    paused.record_state("source", {"id": 9})
    paused.commit()
    assert start(spark, "job-bookmark-enable").bookmark_state("source") == {"id": 3}
    disabled = start(spark, "job-bookmark-disable")
    assert disabled.bookmark_state("source") is None
    disabled.record_state("source", {"id": 9})
    disabled.commit()
    assert json.loads((awsglue / "bookmarks" / "reader.json").read_text()) == {"source": {"id": 3}}


def test_a_glue_context_needs_the_local_root(spark, monkeypatch, awsglue):
    from awsglue.context import GlueContext

    monkeypatch.delenv("AWSGLUE_LOCAL_ROOT")
    with pytest.raises(RuntimeError, match=r"\$AWSGLUE_LOCAL_ROOT is ''"):
        GlueContext(spark.sparkContext)


def test_options_the_stand_in_does_not_model_are_refused(awsglue, spark):
    from awsglue.context import GlueContext

    reader = GlueContext(spark.sparkContext).create_dynamic_frame
    with pytest.raises(NotImplementedError, match=r"\['exclusions'\]"):
        reader.from_options("postgresql", {"url": "jdbc:postgresql://h/db", "exclusions": "[]"})
    with pytest.raises(NotImplementedError, match="connection_type 's3'"):
        reader.from_options("s3", {"paths": ["s3://raw/in/"]}, format="csv")
    with pytest.raises(NotImplementedError, match="connection_type 'dynamodb'"):
        reader.from_options("dynamodb", {})


def test_a_bucket_may_be_a_symlink_to_a_folder_and_keeps_its_s3_uris(awsglue, spark, tmp_path_factory):
    from awsglue.context import GlueContext

    elsewhere = tmp_path_factory.mktemp("zone")
    (elsewhere / "in").mkdir()
    (elsewhere / "in" / "c.csv").write_text("5,6\n")
    (awsglue / "s3" / "raw").rename(awsglue / "s3" / "old-raw")
    (awsglue / "s3" / "raw").symlink_to(elsewhere, target_is_directory=True)
    GlueContext(spark.sparkContext)
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path("s3://raw/in/")
    listing = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).listFiles(path, True)
    found = []
    while listing.hasNext():
        status = listing.next()
        found.append((status.getPath().toString(), status.getLen(), status.getModificationTime()))
    stat = (elsewhere / "in" / "c.csv").stat()
    assert found == [("s3://raw/in/c.csv", 4, stat.st_mtime_ns // 10**6)]
    assert [r[0] for r in spark.read.csv("s3://raw/in/c.csv").collect()] == ["5"]


def test_buckets_mounted_on_a_session_serve_catalog_locations_before_any_glue_context(awsglue, spark):
    from awsglue.local_state import mount_s3_on_session

    assert mount_s3_on_session(spark, awsglue) == ["raw"]
    spark.createDataFrame([(1,)], "n int").write.mode("overwrite").parquet("s3://raw/table/")
    assert (awsglue / "s3" / "raw" / "table" / "_SUCCESS").is_file()
    assert spark.read.parquet("s3://raw/table/").collect()[0].n == 1
