"""semantic_events.spark on a local Spark (``local[2]``): every record's verdict and
violations equal the CLI's ``--format json`` on the sample and on a generated corpus;
batch lines expand; gzip and Parquet inputs; 1 and 8 partitions agree; bad rows are
rows with ``invalid_json``; the summary and the report's figures equal the CLI's.

Needs the ``spark`` extra (PySpark, PyArrow) and Java. Without them these tests are
skipped, unless ``SEMANTIC_EVENTS_REQUIRE_SPARK=1`` (as in CI), which makes their
absence a failure.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from conftest import ROOT, cli_json, cli_path

if os.environ.get("SEMANTIC_EVENTS_REQUIRE_SPARK") != "1":
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")

from pyspark.sql import DataFrame, SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

from semantic_events import spark as ses  # noqa: E402

SAMPLE = ROOT / "spec" / "examples" / "events.ndjson"

Verdict = Tuple[bool, Any, Any, List[Tuple[str, str, str, str]]]


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("semantic-events-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        # Small Arrow batches: several per partition, so batch boundaries are tested.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def cli_verdicts(path: Path) -> List[Verdict]:
    return [
        (
            r["valid"],
            r["semantic"],
            r["category"],
            [(v["path"], v["code"], v["severity"], v["message"]) for v in r["violations"]],
        )
        for r in sorted(cli_json(path), key=lambda r: int(r["index"]))
    ]


def spark_verdicts(df: DataFrame, order: str = "id") -> List[Verdict]:
    rows = df.orderBy(order, "validation.element").select("validation.*").collect()
    return [
        (
            r["valid"],
            r["semantic"],
            r["category"],
            [(v["path"], v["code"], v["severity"], v["message"]) for v in r["violations"]],
        )
        for r in rows
    ]


def read_lines(spark: SparkSession, path: Path, partitions: int = 2) -> DataFrame:
    """The file's lines with their position, as ``spark.read.text`` gives them."""
    df = spark.read.text(str(path)).withColumn("id", F.monotonically_increasing_id())
    return df.repartition(partitions)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus (`examples/corpus.rs`, built by `cargo test`), about 600 calls."""
    exe = cli_path().parent / "examples" / "corpus"
    if not exe.exists():
        exe = ROOT / "target" / "debug" / "examples" / "corpus"
    assert exe.exists(), f"build the corpus generator: cargo build --example corpus ({exe})"
    out = tmp_path_factory.mktemp("corpus") / "corpus.ndjson"
    with open(out, "wb") as f:
        subprocess.run([str(exe), "600K", "11"], stdout=f, check=True)
    return out


def test_the_sample_gets_the_clis_verdicts(spark: SparkSession) -> None:
    checked = ses.validate(read_lines(spark, SAMPLE))
    ours = spark_verdicts(checked)
    theirs = cli_verdicts(SAMPLE)
    assert len(ours) == len(theirs) == 300
    for i, (a, b) in enumerate(zip(ours, theirs)):
        assert a == b, f"line {i + 1}"
    assert sum(1 for v in ours if not v[0]) == 14


def test_a_generated_corpus_gets_the_clis_verdicts(spark: SparkSession, corpus: Path) -> None:
    ours = spark_verdicts(ses.validate(read_lines(spark, corpus, partitions=3)))
    theirs = cli_verdicts(corpus)
    assert len(ours) == len(theirs) > 500
    assert ours == theirs
    assert any(not v[0] for v in ours) and any(v[0] for v in ours)


def test_other_columns_are_kept_and_batches_expand(spark: SparkSession) -> None:
    rows = [
        (1, "a", '{"batch":[{"userId":"u","event":"Product Added","properties":{"price":"1"}},'
                 '{"userId":"u","event":"x"}],"sentAt":"2024-05-04T12:00:00Z"}'),
        (2, "b", '{"userId":"u","event":"Order Completed"}'),
        (3, "c", '{"batch":[]}'),
    ]
    df = spark.createDataFrame(rows, "id long, tag string, value string")
    out = ses.validate(df).orderBy("id", "validation.element").collect()
    got = [(r["id"], r["tag"], r["validation"]["element"], r["validation"]["event"], r["validation"]["valid"]) for r in out]
    assert got == [
        (1, "a", 0, "Product Added", False),
        (1, "a", 1, "x", True),
        (2, "b", 0, "Order Completed", True),
        (3, "c", 0, None, True),
    ]
    assert [v["code"] for v in out[0]["validation"]["violations"]] == ["numeric_string"]
    assert [v["code"] for v in out[3]["validation"]["violations"]] == ["empty_batch"]
    # The same lines through the CLI.
    assert [r["valid"] for r in cli_json_text([r[2] for r in rows])] == [False, True, True, True]


def cli_json_text(lines: List[str]) -> List[Dict[str, Any]]:
    out = subprocess.run(
        [str(cli_path()), "validate", "--format", "json", "-"],
        input="\n".join(lines).encode(),
        capture_output=True,
        check=False,
    )
    return [json.loads(line) for line in out.stdout.decode().split("\n") if line]


def test_bad_rows_are_rows_with_invalid_json(spark: SparkSession) -> None:
    values = [
        (1, b'{"userId":"u","event":"ok"}'),
        (2, b'{"userId": '),
        (3, b'{"userId":"u","event":"\xff"}'),
        (4, None),
        (5, b""),
        (6, b"   "),
        (7, b"\xef\xbb\xbf{\"userId\":\"u\",\"event\":\"bom\"}"),
    ]
    df = spark.createDataFrame(values, "id long, value binary")
    out = {r["id"]: r["validation"] for r in ses.validate(df).collect()}
    assert sorted(out) == [1, 2, 3, 4, 5, 6, 7], "no row lost"
    assert out[1]["valid"] and out[7]["valid"]
    for i in (2, 3, 4, 5, 6):
        assert not out[i]["valid"]
        assert [v["code"] for v in out[i]["violations"]] == ["invalid_json"], i
    assert "null" in out[4]["violations"][0]["message"]
    assert "empty" in out[5]["violations"][0]["message"]


def test_gzip_text_and_parquet_inputs(spark: SparkSession, tmp_path: Path) -> None:
    packed = tmp_path / "events.ndjson.gz"
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    from_gz = spark_verdicts(ses.validate(read_lines(spark, packed)))
    assert from_gz == cli_verdicts(SAMPLE)
    # JSON strings in a Parquet table, under another column name.
    table = tmp_path / "raw.parquet"
    read_lines(spark, SAMPLE).withColumnRenamed("value", "raw_json").write.parquet(str(table))
    back = spark.read.parquet(str(table))
    assert spark_verdicts(ses.validate(back, "raw_json")) == from_gz
    # The validated rows written as Parquet and read back are the same rows.
    out = tmp_path / "validated.parquet"
    ses.validate(back, "raw_json").write.parquet(str(out))
    assert spark_verdicts(spark.read.parquet(str(out))) == from_gz


def test_the_partition_count_changes_nothing(spark: SparkSession, corpus: Path) -> None:
    one = spark_verdicts(ses.validate(read_lines(spark, corpus, partitions=1)))
    eight = spark_verdicts(ses.validate(read_lines(spark, corpus, partitions=8)))
    assert one == eight


def test_options_reach_the_engine(spark: SparkSession) -> None:
    df = spark.createDataFrame(
        [(1, '{"userId":"u","event":"Product Added","properties":{"price":"9.99","gift":1}}')], "id long, value string"
    )
    lax = ses.validate(df, numeric_strings="warning").collect()[0]["validation"]
    assert lax["valid"]
    strict = ses.validate(df, profile="strict").collect()[0]["validation"]
    assert "unknown_property" in [v["code"] for v in strict["violations"]]
    with pytest.raises(ValueError, match="dialect"):
        ses.validate(df, dialect="mixpanel")
    with pytest.raises(ValueError, match="no column"):
        ses.validate(df, "raw")
    with pytest.raises(TypeError, match="string or binary"):
        ses.validate(df, "id")
    with pytest.raises(ValueError, match="already has"):
        ses.validate(df, into="value")


def test_large_var_types(spark: SparkSession) -> None:
    spark.conf.set("spark.sql.execution.arrow.useLargeVarTypes", "true")
    try:
        got = spark_verdicts(ses.validate(read_lines(spark, SAMPLE)))
    finally:
        spark.conf.unset("spark.sql.execution.arrow.useLargeVarTypes")
    assert got == cli_verdicts(SAMPLE)


def cli_summary(path: Path) -> Dict[str, int]:
    out = subprocess.run([str(cli_path()), "validate", "--quiet", str(path)], capture_output=True, check=False)
    line = next(l for l in out.stderr.decode().splitlines() if l.startswith("records:"))
    words = line.split()
    return {words[i].rstrip(":"): int(words[i + 1]) for i in range(0, len(words), 2)}


def test_summary_counts_as_the_cli(spark: SparkSession) -> None:
    rows = ses.summary(ses.validate(read_lines(spark, SAMPLE))).collect()
    figures = {(r["kind"], r["key"]): r["count"] for r in rows}
    totals = {k: v for (kind, k), v in figures.items() if kind == "total"}
    assert totals == cli_summary(SAMPLE)
    cli = cli_json(SAMPLE)
    codes: Dict[str, int] = {}
    for r in cli:
        for v in r["violations"]:
            codes[v["code"]] = codes.get(v["code"], 0) + 1
    assert {k: v for (kind, k), v in figures.items() if kind == "code"} == codes
    assert figures[("path", "/properties/currency")] == codes["invalid_currency"]
    assert sum(v for (kind, _), v in figures.items() if kind == "event") == 300
    assert [r["kind"] for r in rows][:5] == ["total"] * 5


def test_stats_merged_across_partitions_equal_the_clis_figures(spark: SparkSession, tmp_path: Path) -> None:
    figures = tmp_path / "cli.json"
    subprocess.run([str(cli_path()), "report", str(SAMPLE), "--json", str(figures)], check=True, capture_output=True)
    theirs = json.loads(figures.read_text())
    page = tmp_path / "spark.html"
    ours = ses.report(spark.read.text(str(SAMPLE)).repartition(3), str(page), json_out=str(tmp_path / "s.json"))

    def strip(f: Dict[str, Any]) -> Dict[str, Any]:
        # Samples name their file and line (the CLI) or partition and row (Spark).
        f = json.loads(json.dumps(f))
        for c in f["codes"].values():
            c["samples"] = len(c["samples"])
        return f

    assert strip(ours) == strip(theirs)
    assert ours["records"] == 300
    text = page.read_text()
    assert text.startswith("<!doctype html>") and "Coverage of semantic events" in text
    assert json.loads((tmp_path / "s.json").read_text()) == ours


def test_an_empty_dataframe(spark: SparkSession) -> None:
    df = spark.createDataFrame([], T.StructType([T.StructField("value", T.StringType())]))
    assert ses.validate(df).collect() == []
    assert ses.stats(df)["records"] == 0


def test_the_example_job(spark: SparkSession, tmp_path: Path) -> None:
    """`examples/spark_job.py` on a month of gzip exports, in local directories."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
    import spark_job

    lines = SAMPLE.read_bytes().split(b"\n")
    month = tmp_path / "exports" / "2026" / "11"
    for day, part in ((1, lines[:150]), (2, lines[150:])):
        folder = month / f"{day:02}"
        folder.mkdir(parents=True)
        (folder / "events.ndjson.gz").write_bytes(gzip.compress(b"\n".join(part)))
    out = tmp_path / "quality"
    page = tmp_path / "november.html"
    totals = spark_job.run(spark, str(tmp_path / "exports"), str(out), report=str(page))
    assert totals == cli_summary(SAMPLE)
    written = spark.read.parquet(str(out / "violations"))
    flagged = [r for r in cli_json(SAMPLE) if r["violations"]]
    assert written.count() == len(flagged)
    assert {r["file"].rsplit("/", 2)[-2] for r in written.select("file").collect()} == {"01", "02"}
    assert "Coverage of semantic events" in page.read_text()


# Values that take each of the engine's two ways through a row (one call read as
# it is; anything else through the stream reader), each compared with the CLI
# reading the same text as a file.
ODD_VALUES = [
    '{"userId":"u","event":"a"}{"userId":"u","event":"b"}',
    '  {"userId":"u","event":"Product Added","properties":{"price":"1"}}  ',
    '{"userId":"u","event":"d"} x',
    '{\n  "userId": "u",\n  "event": "Order Completed"\n}',
    '{\r\n "userId": "u", "event": "x"\r\n}\r\n{"userId": "u", "event": "y"}',
    '[{"userId":"u","event":"a"},{"event":"b"}]',
    '\ufeff{"userId":"u","event":"bom"}',
    '{"userId":"u","event":"says batch","properties":{"note":"\\"batch\\""}}',
    '{"userId":"u","event":"x","batch":[1]}',
    '{"userId":',
    "5",
]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_odd_values_get_the_clis_verdicts(spark: SparkSession, tmp_path: Path, value: str) -> None:
    df = spark.createDataFrame([(1, value)], "id long, value string")
    ours = spark_verdicts(ses.validate(df))
    path = tmp_path / "value.json"
    path.write_bytes(value.encode())
    assert ours == cli_verdicts(path)
