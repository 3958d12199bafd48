"""Shared fixtures: the repository root and the crate's own CLI, to compare with."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[3]


def cli_path() -> Path:
    """The `semantic-events` binary `cargo test --all-features` builds (or $SEMANTIC_EVENTS_CLI)."""
    env = os.environ.get("SEMANTIC_EVENTS_CLI")
    if env:
        return Path(env)
    for profile in ("debug", "release"):
        p = ROOT / "target" / profile / "semantic-events"
        if p.exists():
            return p
    raise RuntimeError(
        "the semantic-events CLI is not built: run `cargo build --features cli` "
        "in the repository root, or set SEMANTIC_EVENTS_CLI"
    )


def cli_json(path: Path, *args: str) -> List[Dict[str, Any]]:
    """The CLI's `validate --format json` records for a file."""
    out = subprocess.run(
        [str(cli_path()), "validate", "--format", "json", "--threads", "2", *args, str(path)],
        capture_output=True,
        check=False,
    )
    assert out.returncode in (0, 1), out.stderr.decode()
    # NDJSON lines end at "\n" only: `str.splitlines` would also cut at U+0085 and
    # U+2028 inside strings, which JSON writes raw.
    return [json.loads(line) for line in out.stdout.decode().split("\n") if line]


@pytest.fixture
def root() -> Path:
    return ROOT
