"""The versions in ``medallion_glue.defaults`` agree with the ones the deployment and the local
toolchain use: the EtlJob default Glue version (components/etl-job/settings.ts) and the ``pyspark``
pin (requirements.txt). The dataset spec schema's ``default`` annotations are checked against
``defaults`` in ``test_spec_loader.py::test_defaults_apply_when_options_are_omitted``."""

from __future__ import annotations

import re

import pyspark
from medallion_glue import defaults
from medallion_glue.spec.schema import REPO_ROOT

ETL_JOB_SETTINGS = REPO_ROOT / "components" / "etl-job" / "settings.ts"
REQUIREMENTS = REPO_ROOT / "requirements.txt"


def etl_job_default_glue_version() -> tuple[str, str]:
    """``(glueVersion literal, its doc comment)`` from ``ETL_JOB_DEFAULTS`` in the TypeScript file."""
    source = ETL_JOB_SETTINGS.read_text(encoding="utf-8")
    block = source[source.index("export const ETL_JOB_DEFAULTS = {") :]
    match = re.search(r'/\*\*(?P<doc>[^*]*)\*/\s*glueVersion: "(?P<version>[^"]+)",', block)
    assert match is not None, f"no glueVersion default in ETL_JOB_DEFAULTS of {ETL_JOB_SETTINGS}"
    return match["version"], match["doc"]


def test_glue_version_is_the_etl_job_default():
    version, doc = etl_job_default_glue_version()
    assert version == defaults.GLUE_VERSION == "5.1"
    assert f"Spark {defaults.SPARK_VERSION}" in doc


def test_spark_version_is_the_pinned_and_installed_pyspark():
    pins = re.findall(r"^pyspark==(\S+)$", REQUIREMENTS.read_text(encoding="utf-8"), re.MULTILINE)
    assert pins == [defaults.SPARK_VERSION]
    assert pyspark.__version__ == defaults.SPARK_VERSION == "3.5.6"
