"""Hypothesis: generated calls get the same verdict and violations from the
package as from the crate's CLI (`validate --format json`), in every dialect."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import semantic_events as se

from conftest import cli_json

NAMES = [e.name for e in se.events()]
PROPERTIES = [
    "price", "quantity", "product_id", "productId", "currency", "revenue", "value", "total",
    "products", "position", "sound", "livestream", "order_id", "experiment_id", "rating",
    "email_id", "ad_type", "colour",
]

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=8),
    st.sampled_from(["139.99", "-5", "usd", "USD", "2024-05-04T12:00:00Z", "yesterday", "true", "pre-roll"]),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(PROPERTIES + ["a", "b"]), children, max_size=3),
    ),
    max_leaves=8,
)
event_names = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(NAMES).map(lambda n: n.lower().replace(" ", "_")),
    st.sampled_from(["Added Product", "Order Complete", "Course Started", "", "\x85", "a\u2028b"]),
    st.text(max_size=12),
)


@st.composite
def calls(draw: st.DrawFn) -> Dict[str, Any]:
    call: Dict[str, Any] = {"event": draw(event_names)}
    ids = draw(st.sampled_from(["user", "anonymous", "both", "none", "number"]))
    if ids in ("user", "both"):
        call["userId"] = draw(st.text(min_size=1, max_size=6))
    if ids in ("anonymous", "both"):
        call["anonymousId"] = "anon-1"
    if ids == "number":
        call["userId"] = draw(st.integers(min_value=0, max_value=10**6))
    if draw(st.booleans()):
        call["type"] = draw(st.sampled_from(["track", "track", "identify", "trak"]))
    if draw(st.booleans()):
        call["timestamp"] = draw(st.sampled_from(["2024-05-04T12:00:00Z", "2024-02-30T00:00:00Z", "now"]))
    call["properties"] = draw(st.dictionaries(st.sampled_from(PROPERTIES), json_values, max_size=5))
    return call


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batch=st.lists(calls(), min_size=1, max_size=25),
    dialect=st.sampled_from(["segment", "customerio", "rudderstack"]),
    profile=st.sampled_from(["lenient", "standard", "strict"]),
)
def test_the_package_agrees_with_the_cli(tmp_path_factory: Any, batch: List[Dict[str, Any]], dialect: se.Dialect, profile: se.Profile) -> None:
    path: Path = tmp_path_factory.mktemp("calls") / "calls.ndjson"
    path.write_text("".join(json.dumps(c) + "\n" for c in batch))
    cli = cli_json(path, "--dialect", dialect, "--profile", profile)
    validator = se.Validator(dialect=dialect, profile=profile)
    assert len(cli) == len(batch)
    for call, c in zip(batch, cli):
        for form in (call, json.dumps(call)):
            report = validator.validate(form)
            assert report.valid == c["valid"]
            assert [v.to_dict() for v in report] == c["violations"]
            assert report.semantic == c["semantic"]
            assert validator.is_valid(form) == c["valid"]
