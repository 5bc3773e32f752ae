"""Silver to gold: the gold tables built by Spark SQL files over silver and dimension tables.

Written through the session catalog (the Glue Data Catalog in a job).
"""
