"""Local-only tools, never zipped into a Glue job: the local runner, bronze layout, catalog and bookmarks.

Also the JDBC ingestion CLI, the spec validator for CI and the bundle builder; imports medallion_glue.
"""
