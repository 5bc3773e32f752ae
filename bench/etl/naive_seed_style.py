"""The baseline: a bronze-to-silver script in the style of the seed's example, for the benchmark.

Infers the schema, filters, adds year/month with ``withColumn`` and writes ``partitionBy`` without
repartitioning (every task writes a file into every partition it touches). No quarantine, no
de-duplication, no bookmark: a second run must re-read everything and overwrite.

Usage: ``python bench/etl/naive_seed_style.py <bronze flights dir> <output dir>``
"""

from __future__ import annotations

import sys

from pyspark.sql import SparkSession
from pyspark.sql.functions import col, month, to_timestamp, year


def main(source: str, target: str) -> None:
    spark = (
        SparkSession.builder.master("local[*]")
        .appName("naive-seed-style")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    df = (
        spark.read.option("header", True)
        .option("inferSchema", True)
        .option("recursiveFileLookup", True)
        .csv(source)
    )
    df = df.filter(col("distance") > 0)
    df = df.withColumn("ts", to_timestamp(col("date"), "yyyy/MM/dd HH:mm"))
    df = df.withColumn("year", year(col("ts")))
    df = df.withColumn("month", month(col("ts")))
    df.write.mode("overwrite").partitionBy("year", "month").parquet(target)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
