"""A local stand-in for AWS Glue's ``awsglue`` library: the API the entry scripts in ``glue/jobs/`` call.

Same names and semantics as awslabs/aws-glue-libs, over a plain SparkSession with state on local disk.
"""
