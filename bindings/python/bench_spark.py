"""Spark ``local[2]`` against the CLI with two threads, on the same file, in one run.

    python bench_spark.py                  # a 200 MB corpus (examples/corpus.rs)
    python bench_spark.py --size 50M       # smaller
    python bench_spark.py --corpus FILE    # your own NDJSON

Prints each side's throughput and the ratio Spark / CLI, then where Spark's time goes
inside one Arrow batch: copying the column's buffers into ``bytes`` (the one copy the
engine's Arrow entry point costs), the engine itself, and wrapping its result buffers
as Arrow arrays. The Spark job is ``semantic_events.spark.validate`` over
``spark.read.text`` written to Spark's ``noop`` sink, so every row and column is
computed and nothing is collected; the session's start (JVM, Python workers) is timed
apart, with a warm-up job.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[2]


def find(name: str, kind: str = "") -> Path:
    for profile in ("release", "debug"):
        p = ROOT / "target" / profile / kind / name
        if p.exists():
            return p
    sys.exit(f"bench_spark: build it first: cargo build --release --features cli --example corpus ({name})")


def cli_seconds(cli: Path, corpus: Path) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([str(cli), "validate", "--quiet", "--threads", "2", str(corpus)], capture_output=True, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="200M")
    ap.add_argument("--corpus", type=Path)
    args = ap.parse_args()

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from semantic_events import _native
    from semantic_events import spark as ses

    tmp = tempfile.TemporaryDirectory()
    corpus = args.corpus
    if corpus is None:
        corpus = Path(tmp.name) / "corpus.ndjson"
        with open(corpus, "wb") as f:
            subprocess.run([str(find("corpus", "examples")), args.size], stdout=f, check=True, stderr=subprocess.DEVNULL)
    size = corpus.stat().st_size
    cli = find("semantic-events")

    t_cli = cli_seconds(cli, corpus)

    start = time.perf_counter()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("semantic-events-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.memory", "2g")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    warm = spark.createDataFrame([('{"userId":"u","event":"x"}',)] * 1000, "value string").repartition(2)
    ses.validate(warm).write.format("noop").mode("overwrite").save()
    t_start = time.perf_counter() - start

    df = spark.read.text(str(corpus))
    partitions = df.rdd.getNumPartitions()

    def timed(job: Callable[[], None]) -> float:
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            job()
            best = min(best, time.perf_counter() - start)
        return best

    def identity(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        yield from batches

    # Where Spark's time goes: reading the text alone; the same rows through a
    # mapInArrow that hands each batch back (the JVM <-> Python Arrow round trip);
    # then the validation itself.
    t_read = timed(lambda: df.write.format("noop").mode("overwrite").save())
    t_trip = timed(lambda: df.mapInArrow(identity, df.schema).write.format("noop").mode("overwrite").save())
    t_spark = timed(lambda: ses.validate(df).write.format("noop").mode("overwrite").save())

    # Inside one Arrow batch (10 000 rows, Spark's default batch size).
    table = df.limit(10_000).toArrow() if hasattr(df, "toArrow") else pa.Table.from_pandas(df.limit(10_000).toPandas())
    batch = table.combine_chunks().to_batches()[0]
    validator = _native.Validator()
    n = 20
    start = time.perf_counter()
    for _ in range(n):
        buffers = ses._column_buffers(batch, "value")
    t_copy = (time.perf_counter() - start) / n
    start = time.perf_counter()
    for _ in range(n):
        out = validator.validate_arrow(*buffers)
    t_engine = (time.perf_counter() - start) / n
    start = time.perf_counter()
    for _ in range(n):
        ses._result_array(out, False)
    t_wrap = (time.perf_counter() - start) / n
    spark.stop()

    mb = size / 1e6
    print(f"corpus: {corpus} ({mb:.0f} MB), Spark local[2] with {partitions} partitions, same machine, same run")
    print(f"CLI validate --threads 2:   {t_cli:6.2f} s  {mb / t_cli:7.1f} MB/s")
    print(f"Spark local[2] (noop sink): {t_spark:6.2f} s  {mb / t_spark:7.1f} MB/s   (session start and warm-up: {t_start:.1f} s, not counted)")
    print(f"ratio Spark / CLI: {t_cli / t_spark:.2f}   (goal >= 0.5)")
    print(
        f"of which: reading the text alone {t_read:.2f} s; the Arrow round trip to Python and back "
        f"(an identity mapInArrow) {t_trip:.2f} s; validation adds {t_spark - t_trip:.2f} s"
    )
    rows = batch.num_rows
    batch_mb = sum(b.size for b in batch.column(0).buffers() if b is not None) / 1e6
    print(
        f"one batch of {rows} rows ({batch_mb:.1f} MB): copy into bytes {t_copy * 1e3:.2f} ms, "
        f"engine {t_engine * 1e3:.2f} ms, wrap results {t_wrap * 1e3:.2f} ms "
        f"(the copy is {100 * t_copy / (t_copy + t_engine + t_wrap):.1f}% of the batch)"
    )
    tmp.cleanup()


if __name__ == "__main__":
    main()
