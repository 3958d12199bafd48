"""Validate event archives on Apache Spark, with the same engine as the rest of the package.

Install with the ``spark`` extra (``pip install "semantic-events[spark]"``: PySpark and
PyArrow). The work runs *inside* Spark: :func:`validate` is a ``mapInArrow`` over your
DataFrame, so each Arrow batch of a partition goes to the Rust engine in one call (the
GIL released), on every executor, and the rows come back with one more column.

>>> from semantic_events import spark as ses                         # doctest: +SKIP
>>> raw = spark.read.text("s3://exports/2026/11/*/*.ndjson.gz")      # doctest: +SKIP
>>> checked = ses.validate(raw)                                       # doctest: +SKIP
>>> checked.where("not validation.valid").write.parquet("s3://quality/violations/")  # doctest: +SKIP
>>> ses.summary(checked).show()                                       # doctest: +SKIP
>>> ses.report(raw, "quality.html")                                   # doctest: +SKIP

Each value of the column (a string or binary column: ``spark.read.text``'s ``value``,
or JSON strings stored in Parquet) is read as the CLI reads a file: one call, or a
Segment-style ``{"batch": [...]}`` that expands to one output row per call, the row's
other columns repeated (``validation.element`` numbers them). A value that is null, empty,
or not JSON (invalid UTF-8 included) gives a row with an ``invalid_json`` violation:
never a failed task, never a lost row.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pyarrow as pa
from pyspark import TaskContext
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import _native

__all__ = ["RESULT", "VIOLATION", "report", "stats", "summary", "validate"]

VIOLATION = T.StructType(
    [
        T.StructField("path", T.StringType(), False),
        T.StructField("code", T.StringType(), False),
        T.StructField("severity", T.StringType(), False),
        T.StructField("message", T.StringType(), False),
    ]
)
"""One violation: its JSON Pointer, code, severity (``error``/``warning``) and message."""

RESULT = T.StructType(
    [
        T.StructField("valid", T.BooleanType(), False),
        T.StructField("semantic", T.StringType(), True),
        T.StructField("category", T.StringType(), True),
        T.StructField("event", T.StringType(), True),
        T.StructField("element", T.IntegerType(), False),
        T.StructField("violations", T.ArrayType(VIOLATION, containsNull=False), False),
    ]
)
"""The column :func:`validate` adds: the verdict (``valid``: no error), the semantic
event recognised and its family, the event name as sent, the call's index within its
row (a batch's element; 0 otherwise), and every violation."""

_Options = Tuple[str, str, str, Optional[str]]


@functools.lru_cache(maxsize=8)
def _validator(options: _Options) -> _native.Validator:
    """One engine per worker process and set of options."""
    dialect, profile, numeric_strings, plan = options
    return _native.Validator(dialect, profile, numeric_strings, plan)


_Buffers = Tuple[int, int, Optional[bytes], bytes, bytes, bool]


def _column_buffers(batch: pa.RecordBatch, column: str) -> _Buffers:
    """The arguments of the engine's Arrow entry points for one string/binary column."""
    array = batch.column(column)
    t = array.type
    large = pa.types.is_large_string(t) or pa.types.is_large_binary(t)
    if not (large or pa.types.is_string(t) or pa.types.is_binary(t)):
        raise TypeError(f"column {column!r} is {t}, not a string or binary column")
    validity, offsets, data = array.buffers()[:3]
    # One copy of each buffer, into `bytes` (the engine then reads them in place).
    return (
        len(array),
        array.offset,
        validity.to_pybytes() if validity is not None and array.null_count > 0 else None,
        offsets.to_pybytes() if offsets is not None else b"\0" * (8 if large else 4),
        data.to_pybytes() if data is not None else b"",
        large,
    )


def _strings(parts: Tuple[Optional[bytes], bytes, bytes, int], n: int) -> pa.Array:
    validity, offsets, data, nulls = parts
    return pa.Array.from_buffers(
        pa.string(),
        n,
        [pa.py_buffer(validity) if validity is not None else None, pa.py_buffer(offsets), pa.py_buffer(data)],
        null_count=nulls,
    )


def _int32(raw: bytes, n: int) -> pa.Array:
    return pa.Array.from_buffers(pa.int32(), n, [None, pa.py_buffer(raw)])


def _result_array(out: Tuple[Any, ...], large_types: bool) -> Tuple[int, pa.Array, pa.Array]:
    """The engine's buffers as Arrow arrays: (count, input rows, the result column)."""
    count, rows, elements, valid, semantic, category, event, offsets, children = out
    n_violations = len(children[0][1]) // 4 - 1
    fields = [pa.field(f.name, pa.string(), nullable=False) for f in VIOLATION.fields]
    violation = pa.StructArray.from_arrays([_strings(c, n_violations) for c in children], fields=fields)
    list_type = pa.list_(pa.field("element", violation.type, nullable=False))
    violations = pa.ListArray.from_arrays(_int32(offsets, count + 1), violation, type=list_type)
    columns = [
        pa.Array.from_buffers(pa.bool_(), count, [None, pa.py_buffer(valid)]),
        _strings(semantic, count),
        _strings(category, count),
        _strings(event, count),
        _int32(elements, count),
        violations,
    ]
    names = [f.name for f in RESULT.fields]
    nullable = [f.nullable for f in RESULT.fields]
    result = pa.StructArray.from_arrays(
        columns, fields=[pa.field(n, c.type, nullable=k) for n, c, k in zip(names, columns, nullable)]
    )
    if large_types:
        result = result.cast(_large(result.type))
    return count, _int32(rows, count), result


def _large(t: pa.DataType) -> pa.DataType:
    """`t` with 64-bit string offsets, as Spark expects under ``useLargeVarTypes``
    (strings only: Spark reads no large list)."""
    if pa.types.is_string(t):
        return pa.large_string()
    if pa.types.is_list(t):
        f = t.value_field
        return pa.list_(pa.field(f.name, _large(f.type), nullable=f.nullable))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, _large(f.type), nullable=f.nullable) for f in t])
    return t


def _validate_batch(
    validator: _native.Validator, batch: pa.RecordBatch, column: str, into: str, large_types: bool
) -> pa.RecordBatch:
    out = validator.validate_arrow(*_column_buffers(batch, column))
    count, rows, result = _result_array(out, large_types)
    # Each row gives at least one result: as many results as rows means one each, in order.
    kept = batch if count == batch.num_rows else batch.take(rows)
    return pa.RecordBatch.from_arrays([*kept.columns, result], names=[*kept.schema.names, into])


def _check_column(df: DataFrame, column: str) -> None:
    if column not in df.columns:
        raise ValueError(f"no column {column!r} in the DataFrame (its columns: {', '.join(df.columns)})")
    kind = df.schema[column].dataType
    if not isinstance(kind, (T.StringType, T.BinaryType)):
        raise TypeError(f"column {column!r} is {kind.simpleString()}: the calls must be JSON text (string or binary)")


def _large_types(df: DataFrame) -> bool:
    conf = df.sparkSession.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false")
    return str(conf).lower() == "true"


def validate(
    df: DataFrame,
    column: str = "value",
    *,
    dialect: str = "segment",
    profile: str = "standard",
    numeric_strings: str = "error",
    plan: Optional[str] = None,
    into: str = "validation",
) -> DataFrame:
    """``df`` with a ``into`` column (:data:`RESULT`) holding each call's verdict.

    ``column`` holds the calls as JSON text (string or binary). A value holding a
    ``{"batch": [...]}`` gives one row per call, its other columns repeated. The
    options are :class:`semantic_events.Validator`'s; ``plan`` is a directory of
    tracking-plan schemas that every executor can read at that path.
    """
    _check_column(df, column)
    if into in df.columns:
        raise ValueError(f"the DataFrame already has a column {into!r}: pass another name as into=")
    options: _Options = (dialect, profile, numeric_strings, plan)
    _validator(options)  # a bad option fails here, on the driver, not in a task
    large_types = _large_types(df)
    schema = T.StructType([*df.schema.fields, T.StructField(into, RESULT, False)])

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        v = _validator(options)
        for batch in batches:
            yield _validate_batch(v, batch, column, into, large_types)

    return df.mapInArrow(run, schema)


def summary(validated: DataFrame, into: str = "validation") -> DataFrame:
    """Counts over a :func:`validate`\\ d DataFrame, computed by Spark: one row per
    figure, as ``(kind, key, count)``, ordered by kind then count.

    - ``total``: ``records``, ``valid``, ``invalid``, ``unparsable`` (rows that are not
      JSON), ``warnings`` (warning violations) — as the CLI's summary counts them;
    - ``code``: violations by code;
    - ``event``: records by event (the semantic name, else the name as sent);
    - ``path``: violations by JSON Pointer, array indexes folded (``/properties/products/*/price``).
    """
    v = F.col(into)
    unparsable = F.exists(v["violations"], lambda x: x["code"] == F.lit("invalid_json"))
    totals = validated.select(
        F.count(F.lit(1)).alias("records"),
        F.sum(F.when(v["valid"], 1).otherwise(0)).alias("valid"),
        F.sum(F.when(~v["valid"] & ~unparsable, 1).otherwise(0)).alias("invalid"),
        F.sum(F.when(unparsable, 1).otherwise(0)).alias("unparsable"),
        F.sum(F.size(F.filter(v["violations"], lambda x: x["severity"] == F.lit("warning")))).alias("warnings"),
    )
    total_rows = totals.select(
        F.explode(
            F.array(
                *[
                    F.struct(F.lit(k).alias("key"), F.coalesce(F.col(k), F.lit(0)).cast("long").alias("count"))
                    for k in ("records", "valid", "invalid", "unparsable", "warnings")
                ]
            )
        ).alias("t")
    ).select(F.lit("total").alias("kind"), "t.key", "t.count")
    violations = validated.select(F.explode(v["violations"]).alias("x"))
    by_code = violations.groupBy(F.col("x.code").alias("key")).count().select(F.lit("code").alias("kind"), "key", "count")
    by_path = (
        violations.groupBy(F.regexp_replace("x.path", r"/[0-9]+(?=/|$)", "/*").alias("key"))
        .count()
        .select(F.lit("path").alias("kind"), "key", "count")
    )
    name = F.coalesce(v["semantic"], v["event"], F.lit("(no event name)"))
    by_event = validated.groupBy(name.alias("key")).count().select(F.lit("event").alias("kind"), "key", "count")
    order = F.when(F.col("kind") == "total", 0).when(F.col("kind") == "code", 1).when(F.col("kind") == "event", 2).otherwise(3)
    return (
        total_rows.unionByName(by_code)
        .unionByName(by_event)
        .unionByName(by_path)
        .orderBy(order, F.col("count").desc(), F.col("key"))
    )


def stats(
    df: DataFrame,
    column: str = "value",
    *,
    dialect: str = "segment",
    profile: str = "standard",
    numeric_strings: str = "error",
    plan: Optional[str] = None,
    show_values: bool = False,
) -> Dict[str, Any]:
    """The data-quality report's figures over the column, computed per partition on the
    executors and merged on the driver, in partition order: the JSON that
    ``semantic-events report --json`` writes for the same calls (samples name the
    partition and row). Render them with :func:`report`, or save them and merge them
    with others with ``semantic-events report --merge``.
    """
    _check_column(df, column)
    options: _Options = (dialect, profile, numeric_strings, plan)
    _validator(options)

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        v = _validator(options)
        ctx = TaskContext.get()
        partition = ctx.partitionId() if ctx is not None else 0
        source = f"partition {partition}"
        row = 1
        figures: List[str] = []
        for batch in batches:
            figures.append(
                v.stats_arrow(*_column_buffers(batch, column), source=source, first_row=row, show_values=show_values)
            )
            row += batch.num_rows
        merged = _native.merge_stats(figures) if figures else None
        yield pa.RecordBatch.from_arrays(
            [pa.array([partition], pa.int32()), pa.array([merged], pa.string())], names=["partition", "figures"]
        )

    schema = T.StructType([T.StructField("partition", T.IntegerType(), False), T.StructField("figures", T.StringType(), True)])
    parts = df.select(column).mapInArrow(run, schema).collect()
    figures = [r["figures"] for r in sorted(parts, key=lambda r: r["partition"]) if r["figures"] is not None]
    if not figures:
        figures = [_native.Validator(dialect, profile, numeric_strings, plan).stats_arrow(0, 0, None, b"\0\0\0\0", b"")]
    merged: Dict[str, Any] = json.loads(_native.merge_stats(figures))
    return merged


def report(
    df: DataFrame,
    out: str,
    column: str = "value",
    *,
    json_out: Optional[str] = None,
    sources: Optional[List[str]] = None,
    **options: Any,
) -> Dict[str, Any]:
    """Writes the data-quality report of the column as one HTML page at ``out`` (and
    its figures at ``json_out``), from :func:`stats` (same options); returns the figures."""
    figures = stats(df, column, **options)
    text = json.dumps(figures)
    page = _native.render_report(text, sources or [f"Spark DataFrame, column {column}"])
    with open(out, "w", encoding="utf-8") as f:
        f.write(page)
    if json_out is not None:
        with open(json_out, "w", encoding="utf-8") as f:
            f.write(text)
    return figures
