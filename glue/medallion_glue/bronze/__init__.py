"""Reading the bronze zone: raw objects (CSV, JSON lines, concatenated JSON, Parquet) into DataFrames.

Also small text objects (specs, SQL files) read through Spark so s3:// and local paths work alike.
"""
