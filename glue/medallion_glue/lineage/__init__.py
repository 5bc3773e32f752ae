"""OpenLineage run events of the Glue jobs, written as OpenLineage 2-0-2 JSON without a client library.

``settings`` reads the ``--lineage_*`` job arguments (where events go; the parent run the bronze trigger
names, checked by ``parent_run.json``), ``facets`` builds the facets (parent run, error
message, processing engine, job type, symlinks, column lineage, output statistics, dataset version),
``datasets`` names the S3 objects and tables a job reads and writes, ``versions`` gives the silver and gold
tables their Iceberg snapshot ids, ``events`` assembles a ``RunEvent``, ``transports`` sends it (off, a
JSON-lines file, HTTP POST, Amazon DataZone's PostLineageEvent) and ``run`` ties one job run's START and
COMPLETE/FAIL together. See docs/lineage.md and https://openlineage.io/docs/spec/object-model.
"""
