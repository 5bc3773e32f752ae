"""The versions in ``medallion_glue.defaults``: the Glue version comes from ``shared_constants.json``,
which EtlJob's default ``glueVersion`` reads too (``lib/glue-job-contract.ts``), and the Spark version of
that Glue release is the ``pyspark`` pin (requirements.txt) and the installed one."""

from __future__ import annotations

import json
import re

import pyspark
from medallion_glue import defaults
from medallion_glue.spec.schema import REPO_ROOT

SHARED_CONSTANTS = REPO_ROOT / "glue" / "medallion_glue" / "shared_constants.json"
REQUIREMENTS = REPO_ROOT / "requirements.txt"


def test_glue_version_and_metric_namespace_come_from_the_shared_constants():
    shared = json.loads(SHARED_CONSTANTS.read_text(encoding="utf-8"))
    assert defaults.GLUE_VERSION == shared["glue_version"] == "5.1"
    assert defaults.METRICS_NAMESPACE == shared["metrics_namespace"] == "MedallionLake/ETL"


def test_spark_version_is_the_pinned_and_installed_pyspark():
    pins = re.findall(r"^pyspark==(\S+)$", REQUIREMENTS.read_text(encoding="utf-8"), re.MULTILINE)
    assert pins == [defaults.SPARK_VERSION]
    assert pyspark.__version__ == defaults.SPARK_VERSION == "3.5.6"


def test_etl_job_documents_the_spark_version_of_its_default_glue_version():
    source = (REPO_ROOT / "components" / "etl-job" / "settings.ts").read_text(encoding="utf-8")
    block = source[source.index("export const ETL_JOB_DEFAULTS = {") :]
    match = re.search(r"/\*\*(?P<doc>(?:(?!\*/).)*)\*/\s*glueVersion: GLUE_VERSION,", block, re.DOTALL)
    assert match is not None, "no glueVersion default in ETL_JOB_DEFAULTS"
    assert f"Spark {defaults.SPARK_VERSION}" in match["doc"]
