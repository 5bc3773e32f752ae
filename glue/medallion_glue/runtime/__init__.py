"""What a Glue job run needs around the transforms: job arguments, the Spark settings, the entry preamble.

Also the job-level orchestration (bronze_to_silver) that the entry scripts in glue/jobs/ call.
"""
