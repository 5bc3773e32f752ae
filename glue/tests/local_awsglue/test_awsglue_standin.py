"""The ``awsglue`` stand-in behaves as aws-glue-libs documents: option parsing, Job.init/commit and job
bookmarks per transformation_ctx, S3 reads of ``s3://`` URIs on local disk."""

from __future__ import annotations

import json
import os
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


def read_new(spark: SparkSession, option: str, commit: bool = True) -> list[str]:
    """One job run: the objects the bookmarked read of s3://raw/in/ returns."""
    from awsglue.context import GlueContext
    from awsglue.job import Job

    glue_context = GlueContext(spark.sparkContext)
    job = Job(glue_context)
    job.init("reader", {"job_bookmark_option": option})
    frame = glue_context.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": ["s3://raw/in/"], "recurse": True, "attachFilename": "file"},
        format="csv",
        format_options={"separator": "\u0001", "quoteChar": -1, "withHeader": False},
        transformation_ctx="raw_source",
    ).toDF()
    names = sorted({row.file for row in frame.collect()}) if "file" in frame.columns else []
    if commit:
        job.commit()
    return names


def test_bookmarks_are_committed_by_job_commit_only(awsglue, spark):
    drops = awsglue / "s3" / "raw" / "in"
    (drops / "a.csv").write_text("1,2\n")
    assert read_new(spark, "job-bookmark-enable", commit=False) == ["s3://raw/in/a.csv"]
    assert read_new(spark, "job-bookmark-enable") == ["s3://raw/in/a.csv"]  # the failed run read it again
    (drops / "sub").mkdir()
    (drops / "sub" / "b.csv").write_text("3,4\n")
    assert read_new(spark, "job-bookmark-enable") == ["s3://raw/in/sub/b.csv"]
    assert read_new(spark, "job-bookmark-enable") == []  # an empty frame has no columns
    state = json.loads((awsglue / "bookmarks" / "reader.json").read_text())
    assert sorted(state["raw_source"]) == ["s3://raw/in/a.csv", "s3://raw/in/sub/b.csv"]


def test_pause_reads_from_the_bookmark_without_moving_it_and_disable_reads_all(awsglue, spark):
    drops = awsglue / "s3" / "raw" / "in"
    (drops / "a.csv").write_text("1,2\n")
    assert read_new(spark, "job-bookmark-enable") == ["s3://raw/in/a.csv"]
    (drops / "b.csv").write_text("3,4\n")
    assert read_new(spark, "job-bookmark-pause") == ["s3://raw/in/b.csv"]
    assert read_new(spark, "job-bookmark-pause") == ["s3://raw/in/b.csv"]
    assert read_new(spark, "job-bookmark-disable") == ["s3://raw/in/a.csv", "s3://raw/in/b.csv"]
    os.utime(drops / "a.csv", (0, 4_000_000_000))  # a modified object is read again
    assert read_new(spark, "job-bookmark-enable") == ["s3://raw/in/a.csv", "s3://raw/in/b.csv"]


def test_a_glue_context_needs_the_local_root(spark, monkeypatch, awsglue):
    from awsglue.context import GlueContext

    monkeypatch.delenv("AWSGLUE_LOCAL_ROOT")
    with pytest.raises(RuntimeError, match=r"\$AWSGLUE_LOCAL_ROOT is ''"):
        GlueContext(spark.sparkContext)


def test_options_the_stand_in_does_not_model_are_refused(awsglue, spark):
    from awsglue.context import GlueContext

    reader = GlueContext(spark.sparkContext).create_dynamic_frame
    with pytest.raises(NotImplementedError, match=r"\['exclusions'\]"):
        reader.from_options("s3", {"paths": ["s3://raw/in/"], "exclusions": "[]"}, format="csv")
    with pytest.raises(NotImplementedError, match="connection_type 'dynamodb'"):
        reader.from_options("dynamodb", {})


def test_a_bucket_may_be_a_symlink_to_a_folder_and_keeps_its_s3_uris(awsglue, spark, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("zone")
    (elsewhere / "in").mkdir()
    (elsewhere / "in" / "c.csv").write_text("5,6\n")
    (awsglue / "s3" / "raw").rename(awsglue / "s3" / "old-raw")
    (awsglue / "s3" / "raw").symlink_to(elsewhere, target_is_directory=True)
    assert read_new(spark, "job-bookmark-enable") == ["s3://raw/in/c.csv"]
    state = json.loads((awsglue / "bookmarks" / "reader.json").read_text())
    assert state == {
        "raw_source": {"s3://raw/in/c.csv": (elsewhere / "in" / "c.csv").stat().st_mtime_ns // 10**6}
    }


def test_buckets_mounted_on_a_session_serve_catalog_locations_before_any_glue_context(awsglue, spark):
    from awsglue.local_state import mount_s3_on_session

    assert mount_s3_on_session(spark, awsglue) == ["raw"]
    spark.createDataFrame([(1,)], "n int").write.mode("overwrite").parquet("s3://raw/table/")
    assert (awsglue / "s3" / "raw" / "table" / "_SUCCESS").is_file()
    assert spark.read.parquet("s3://raw/table/").collect()[0].n == 1
