"""Local-only tools, never zipped into a Glue job: the local runner, bronze layout and the local catalog.

The runner runs glue/jobs/*.py on the awsglue stand-in; also the JDBC ingestion CLI, spec and bundle tools.
"""
