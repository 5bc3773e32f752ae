"""The JDBC source: Glue connection options, reads of an increment, landing rows in bronze Parquet.

The incremental bookmark itself is Glue's (jobBookmarkKeys); the local one is in medallion_local.
"""
