"""Files: every input shape the CLI reads, threads, input order, errors; each
record's verdict and violations equal the CLI's `--format json`."""

from __future__ import annotations

import gc
import gzip
import os
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import semantic_events as se

from conftest import ROOT, cli_json

SHAPES: Dict[str, bytes] = {
    "lines.ndjson": b'{"userId":"u","event":"Product Added","properties":{"price":"1"}}\n{"userId":"u","event":"x"}\n',
    "crlf-bom.ndjson": b'\xef\xbb\xbf{"userId":"u","event":"a"}\r\n\r\n{broken\r\n{"event":"b"}',
    "array.json": b'[\n  {"userId": "u", "event": "Order Completed",\n   "properties": {"total": "x"}},\n  5,\n  {"userId": "u", "event": "y"}\n]\n',
    "pretty.json": b'{\n  "userId": "u",\n  "event": "Added Product"\n}\n{\n  "event": "z"\n}\n',
    "batch.json": b'{"batch":[{"userId":"u","event":"a"},{"event":"b","userId":"u","timestamp":"bad"}],"sentAt":"2024-05-04T12:00:00Z"}\n{"batch":[]}\n',
    "not-utf8.ndjson": b'{"userId":"u","event":"\xff"}\n{"userId":"u","event":"ok"}\n',
}


def records(path: Path, **options: Any) -> List[Tuple[str, int, Dict[str, Any]]]:
    return [(s, line, r.to_dict()) for s, line, r in se.validate_file(path, **options)]


def comparable(r: Dict[str, Any]) -> Tuple[bool, List[Dict[str, Any]]]:
    return r["valid"], r["violations"]


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_shape_matches_the_cli(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(SHAPES[name])
    ours = records(path, threads=2)
    cli = cli_json(path)
    assert len(ours) == len(cli) > 0
    for (source, line, report), c in zip(ours, cli):
        assert source == str(path) == c["source"]
        assert line == c["line"]
        assert comparable(report) == comparable(c), (name, line)
        assert report["semantic"] == c["semantic"] and report["category"] == c["category"]


def test_gzip_and_several_files_in_order(tmp_path: Path) -> None:
    plain = tmp_path / "a.ndjson"
    plain.write_bytes(SHAPES["lines.ndjson"])
    packed = tmp_path / "b.ndjson.gz"
    packed.write_bytes(gzip.compress(SHAPES["batch.json"]))
    got = [(Path(s).name, line, r.valid) for s, line, r in se.validate_file([plain, packed])]
    assert got == [
        ("a.ndjson", 1, False),
        ("a.ndjson", 2, True),
        ("b.ndjson.gz", 1, True),
        ("b.ndjson.gz", 1, False),
        ("b.ndjson.gz", 2, True),
    ]


def test_threads_keep_input_order_over_many_chunks(tmp_path: Path) -> None:
    path = tmp_path / "many.ndjson"
    lines = []
    for i in range(5000):
        price = f'"{i}"' if i % 7 == 0 else str(i)
        lines.append(f'{{"userId":"u{i}","event":"Product Added","properties":{{"price":{price}}}}}')
    path.write_text("\n".join(lines) + "\n")
    one = [(line, r.valid) for _, line, r in se.validate_file(path, threads=1)]
    four = [(line, r.valid) for _, line, r in se.validate_file(path, threads=4)]
    assert one == four
    assert [line for line, _ in one] == list(range(1, 5001))
    assert [ok for _, ok in one] == [i % 7 != 0 for i in range(5000)]
    counts = se.summary(path, threads=2)
    assert counts["records"] == 5000 and counts["invalid"] == 715 and counts["valid"] == 4285
    assert counts["by_code"] == {"numeric_string": 715}
    assert counts["by_event"] == {"Product Added": 5000}


def test_the_sample_stream_matches_the_cli(root: Path) -> None:
    path = root / "spec/examples/events.ndjson"
    ours = records(path)
    cli = cli_json(path)
    assert [comparable(r) for _, _, r in ours] == [comparable(c) for c in cli]
    strict = records(path, profile="strict", dialect="rudderstack")
    cli_strict = cli_json(path, "--profile", "strict", "--dialect", "rudderstack")
    assert [comparable(r) for _, _, r in strict] == [comparable(c) for c in cli_strict]
    counts = se.summary(path)
    assert counts["records"] == 300 and counts["unparsable"] == 1


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "missing.ndjson"
    with pytest.raises(FileNotFoundError) as info:
        se.validate_file([missing])
    assert info.value.filename == str(missing)
    assert str(missing) in str(info.value)
    with pytest.raises(FileNotFoundError):
        se.summary(missing)
    with pytest.raises(OSError, match=str(tmp_path)):
        se.validate_file(tmp_path)


def threads_now() -> int:
    return len(os.listdir("/proc/self/task"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux's /proc")
def test_stopping_early_ends_the_engines_threads(tmp_path: Path) -> None:
    path = tmp_path / "big.ndjson"
    path.write_text('{"userId":"u","event":"x"}\n' * 50000)
    before = threads_now()
    it = se.validate_file(path, threads=3)
    first = [next(it) for _ in range(3)]
    assert [line for _, line, _ in first] == [1, 2, 3]
    assert threads_now() > before, "the reader, the file thread and the pool run"
    del it
    gc.collect()
    deadline = time.monotonic() + 10
    while threads_now() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    # At most as many as before (a thread of an earlier test may have ended since).
    assert threads_now() <= before, "the engine's threads outlived the iterator"
