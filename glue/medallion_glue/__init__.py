"""medallion_glue: the PySpark code of the medallion-lake Glue jobs, zipped for ``--extra-py-files``.

Subpackages by stage: ``spec``, ``bronze``, ``quarantine``, ``silver``, ``gold``, ``jdbc`` and ``runtime``
(job arguments and orchestration); ``defaults``, ``errors`` and ``sql_text`` are shared by all. The
transforms take and return ``pyspark.sql.DataFrame`` and run on a plain ``SparkSession``. Only the
entrypoints under ``glue/jobs/`` import ``awsglue``; nothing here imports ``medallion_local``.
"""
