"""The local lake as the Glue jobs see it: its zone folders served as S3 buckets by the ``awsglue`` stand-in.

The stand-in's state folder (``$AWSGLUE_LOCAL_ROOT``, see ``glue/local_awsglue/awsglue/local_state.py``) is
``<lake>/_glue/``::

    _glue/s3/local-bronze -> <lake>/bronze          symlinks: s3://local-silver/flights/ is
                                                    <lake>/silver/flights/
    _glue/s3/local-silver -> <lake>/silver
    _glue/s3/local-quarantine -> <lake>/quarantine
    _glue/s3/local-gold -> <lake>/gold
    _glue/s3/local-artifacts/specs/<spec file>      what the stack uploads for EtlJob: the spec, a copy of
    _glue/s3/local-artifacts/gold-sql/<table>.sql   the gold SQL folder and of the dimension files
    _glue/s3/local-artifacts/dimensions/<file>      (copied afresh before each run)
    _glue/bookmarks/<JOB_NAME>.json                 job bookmarks, written by the stand-in's Job.commit()
    _glue/cloudwatch/metrics.jsonl                  metrics the jobs published (local_cloudwatch)
    _glue/warehouse/<database>.db                   location of the session catalog's databases (no data)
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from medallion_glue import defaults
from medallion_glue.spec.model import DatasetSpec

#: The stand-in's state folder, under the lake.
GLUE_ROOT_DIR: Final = "_glue"
#: The bucket of each zone folder of the lake.
ZONE_BUCKETS: Final = {
    defaults.LOCAL_BRONZE_DIR: "local-bronze",
    defaults.LOCAL_SILVER_DIR: "local-silver",
    defaults.LOCAL_QUARANTINE_DIR: "local-quarantine",
    defaults.LOCAL_GOLD_DIR: "local-gold",
}
#: The bucket of the files the stack uploads for the jobs (EtlJob's artifact arguments).
ARTIFACTS_BUCKET: Final = "local-artifacts"


@dataclass(frozen=True)
class Artifacts:
    """``s3://`` URIs of one dataset's uploaded files (the jobs' ``EtlJob``-set arguments)."""

    dataset_spec_uri: str
    gold_sql_uri: str
    dimensions_uri: str | None


class GlueLake:
    """A lake folder and the stand-in's state folder ``<lake>/_glue/`` serving it as buckets.

    Args:
        lake_dir: The lake root (``bronze/`` etc.); resolved to an absolute path.
    """

    def __init__(self, lake_dir: str | Path) -> None:
        self.lake_dir = Path(lake_dir).resolve()
        self.root = self.lake_dir / GLUE_ROOT_DIR

    def bucket_dir(self, bucket: str) -> Path:
        """``<lake>/_glue/s3/<bucket>``."""
        return self.root / "s3" / bucket

    def prepare(self) -> None:
        """Create the zone folders and link each bucket to its folder (a link that points elsewhere is
        replaced), and the artifacts bucket."""
        for zone, bucket in ZONE_BUCKETS.items():
            target = self.lake_dir / zone
            target.mkdir(parents=True, exist_ok=True)
            link = self.bucket_dir(bucket)
            if link.is_symlink() and link.resolve() == target:
                continue
            link.parent.mkdir(parents=True, exist_ok=True)
            if link.is_symlink():
                link.unlink()
            elif link.exists():
                raise FileExistsError(f"{link} should be a symlink to {target}; remove it and run again")
            link.symlink_to(target, target_is_directory=True)
        self.bucket_dir(ARTIFACTS_BUCKET).mkdir(parents=True, exist_ok=True)

    @staticmethod
    def zone_uri(zone: str) -> str:
        """``s3://<bucket of zone>/``, e.g. ``s3://local-silver/`` for ``silver``."""
        return f"s3://{ZONE_BUCKETS[zone]}/"

    def to_uri(self, path: str | Path) -> str:
        """The ``s3://`` URI of a file or folder inside a zone folder of the lake.

        Raises:
            ValueError: ``path`` is not inside a zone folder.
        """
        resolved = Path(path).resolve()
        for zone, bucket in ZONE_BUCKETS.items():
            if resolved.is_relative_to(self.lake_dir / zone):
                key = resolved.relative_to(self.lake_dir / zone).as_posix()
                return f"s3://{bucket}/{'' if key == '.' else key}"
        raise ValueError(f"{path} is not inside a zone folder of {self.lake_dir} ({', '.join(ZONE_BUCKETS)})")

    def to_path(self, uri: str) -> Path:
        """The lake folder or file of an ``s3://`` URI of a zone bucket (``s3a://`` too).

        Raises:
            ValueError: not a URI of a zone bucket.
        """
        scheme, sep, rest = uri.partition("://")
        bucket, _, key = rest.partition("/")
        zones = {b: z for z, b in ZONE_BUCKETS.items()}
        if not sep or scheme not in ("s3", "s3a") or bucket not in zones:
            raise ValueError(f"{uri} is not a URI of a lake bucket ({', '.join(sorted(zones))})")
        return self.lake_dir.joinpath(zones[bucket], *[part for part in key.split("/") if part])

    def upload_artifacts(self, spec: DatasetSpec, sql_dir: Path, dimensions_dir: Path) -> Artifacts:
        """Copy what the stack uploads for ``spec``'s jobs into the artifacts bucket (replacing an earlier
        copy): the spec file, the gold SQL folder and, when the spec names dimensions, the dimension
        files.

        Raises:
            FileNotFoundError: the spec file, the SQL folder (when the spec has gold tables) or a
                dimension file is missing.
        """
        prefix = self.bucket_dir(ARTIFACTS_BUCKET) / spec.name
        shutil.rmtree(prefix, ignore_errors=True)
        source = Path(spec.source_file)
        (prefix / "specs").mkdir(parents=True)
        shutil.copyfile(source, prefix / "specs" / source.name)
        if spec.gold_tables:
            shutil.copytree(sql_dir, prefix / "gold-sql")
        else:
            (prefix / "gold-sql").mkdir()
        if spec.dimensions:
            (prefix / "dimensions").mkdir()
            for dimension in spec.dimensions:
                shutil.copyfile(dimensions_dir / dimension.file, prefix / "dimensions" / dimension.file)
        base = f"s3://{ARTIFACTS_BUCKET}/{spec.name}"
        return Artifacts(
            dataset_spec_uri=f"{base}/specs/{source.name}",
            gold_sql_uri=f"{base}/gold-sql/",
            dimensions_uri=f"{base}/dimensions/" if spec.dimensions else None,
        )
