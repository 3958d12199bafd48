"""A Spark job: validate a month of gzip exports, write the violations as Parquet and
a data-quality report.

    spark-submit --archives semantic-events-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        spark_job.py s3a://exports/2026/11/ s3a://quality/2026/11/ --report november.html

Reads every file under SOURCE (recursively: NDJSON, gzip or not, as Segment's and
RudderStack's S3 destinations and Customer.io's exports write them; a line holding a
``{"batch": [...]}`` expands to its calls) and writes under OUT:

- ``violations/``: one row per call with at least one violation (its file, the call as
  sent, the event, the verdict and the violations), Parquet, partitioned by family;
- ``summary/``: counts by code, by event and by JSON Pointer path, Parquet;

and, with ``--report``, the data-quality report's HTML page (on the driver's disk).
"""

from __future__ import annotations

import argparse
from typing import Any, Dict, Optional

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from semantic_events import spark as ses


def run(
    spark: SparkSession,
    source: str,
    out: str,
    *,
    dialect: str = "segment",
    report: Optional[str] = None,
) -> Dict[str, Any]:
    """Runs the job; returns the totals of the summary."""
    raw = (
        spark.read.option("recursiveFileLookup", "true")
        .text(source)
        .select("value", F.col("_metadata.file_path").alias("file"))
    )
    checked = ses.validate(raw, dialect=dialect)
    violations = checked.where(F.size("validation.violations") > 0).select(
        "file",
        F.col("value").alias("call"),
        F.col("validation.event").alias("event"),
        F.col("validation.semantic").alias("semantic"),
        F.coalesce(F.col("validation.category"), F.lit("custom")).alias("family"),
        F.col("validation.valid").alias("valid"),
        F.col("validation.violations").alias("violations"),
    )
    violations.write.mode("overwrite").partitionBy("family").parquet(f"{out}/violations")
    summary = ses.summary(checked)
    summary.write.mode("overwrite").parquet(f"{out}/summary")
    if report is not None:
        ses.report(raw, report, dialect=dialect, sources=[source])
    return {r["key"]: r["count"] for r in summary.where("kind = 'total'").collect()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("source", help="a directory (local, hdfs://, s3a://, gs://, abfss://) of exports")
    ap.add_argument("out", help="where to write violations/ and summary/")
    ap.add_argument("--dialect", default="segment", choices=["segment", "customerio", "rudderstack"])
    ap.add_argument("--report", help="also write the data-quality report page here")
    args = ap.parse_args()
    spark = SparkSession.builder.appName("semantic-events").getOrCreate()
    totals = run(spark, args.source, args.out, dialect=args.dialect, report=args.report)
    print(", ".join(f"{k}: {v}" for k, v in totals.items()))
    spark.stop()


if __name__ == "__main__":
    main()
