"""medallion_glue: pure PySpark transforms for the medallion-lake pipeline.

Everything here takes and returns ``pyspark.sql.DataFrame`` (or plain Python values) and runs on
a plain ``SparkSession``. Only the entrypoints under ``glue/jobs/`` import ``awsglue``.
"""
