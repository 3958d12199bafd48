"""The package's API: the seed examples, types, options, errors, schemas, repairs."""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from pathlib import Path

import pytest

import semantic_events as se
from semantic_events import Code, Severity, _native

PRODUCT_ADDED = {
    "type": "track",
    "userId": "AiUGstSDIg",
    "event": "Product Added",
    "properties": {"product_id": "coolshoes-123", "price": 139.99, "quantity": 1},
}


def test_product_added_is_valid() -> None:
    report = se.validate(PRODUCT_ADDED)
    assert report.valid and bool(report)
    assert report.semantic == "Product Added"
    assert report.category == "ecommerce"
    assert report.call_type == "track"
    assert report.violations == [] and len(report) == 0
    assert se.is_valid(PRODUCT_ADDED)
    assert se.first_error(PRODUCT_ADDED) is None


def test_a_numeric_price_is_one_numeric_string_error() -> None:
    call = {**PRODUCT_ADDED, "properties": {"price": "139.99"}}
    report = se.validate(call)
    assert not report
    [v] = report.errors
    assert (v.path, v.code, v.severity) == ("/properties/price", Code.NUMERIC_STRING, Severity.ERROR)
    assert v.message == 'expected number, found numeric string "139.99"'
    assert v.expected == "number" and v.found == 'numeric string "139.99"'
    assert str(v) == '/properties/price: expected number, found numeric string "139.99"'
    assert list(report) == [v]
    assert se.first_error(call) == v
    assert not se.is_valid(call)
    assert se.Validator(numeric_strings="warning").validate(call).valid


def test_course_started_is_a_valid_custom_event(root: Path) -> None:
    call = json.loads((root / "spec/examples/course-started.json").read_text())
    report = se.validate(call)
    assert report.valid, report.violations
    assert report.semantic is None and report.category is None
    assert report.event == call["event"]


def test_dict_str_and_bytes_give_the_same_report() -> None:
    call = {"userId": "u", "event": "product_added", "properties": {"price": "x", "ünï": "😀"}}
    text = json.dumps(call)
    reports = [se.validate(call), se.validate(text), se.validate(text.encode()), se.validate(OrderedDict(call))]
    assert all(r == reports[0] for r in reports)
    assert [v.code for v in reports[0]] == [Code.NON_CANONICAL_EVENT_NAME, Code.WRONG_TYPE]
    assert reports[0].warnings[0].severity is Severity.WARNING


def test_to_dict_has_the_cli_fields() -> None:
    d = se.validate({"event": "Product Added", "properties": {"price": "1"}}).to_dict()
    assert d["valid"] is False and d["semantic"] == "Product Added"
    assert {v["code"] for v in d["violations"]} == {"missing_identity", "numeric_string"}
    assert d["violations"][0].keys() >= {"path", "code", "severity", "message"}
    r = se.validate({"userId": "u", "event": "x"})
    assert repr(r) == "<Report 'x' valid=True errors=0 warnings=0>"


def test_options_change_what_is_reported() -> None:
    strict = se.Validator(profile="strict")
    call = {"userId": "u", "event": "Product Added", "properties": {"colour": "red"}}
    assert [v.code for v in strict.validate(call)] == [Code.UNKNOWN_PROPERTY, Code.MISSING_RECOMMENDED]
    assert se.validate(call).violations == []
    cio = se.Validator(dialect="customerio")
    assert cio.validate({"groupId": "g", "event": "x"}).valid
    assert not se.validate({"groupId": "g", "event": "x"}).valid


def test_the_code_enum_is_the_crates() -> None:
    assert [c.value for c in Code] == _native.codes()
    assert {c.value for c in Severity} == {"error", "warning"}


def test_misuse_raises_clear_python_exceptions(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match='unknown dialect "segmnt"'):
        se.Validator(dialect="segmnt")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown profile"):
        se.Validator(profile="paranoid")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tracking plan"):
        se.Validator(plan=tmp_path / "no-such-plan")
    with pytest.raises(TypeError, match="cannot be written as JSON"):
        se.validate({"userId": "u", "event": "x", "properties": {"at": object()}})
    with pytest.raises(TypeError, match="cannot be written as JSON"):
        se.validate({"userId": "u", "event": "x", "properties": {"n": math.nan}})
    with pytest.raises(TypeError, match="JSON bytes or str"):
        _native.Validator().validate(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a semantic event"):
        se.schema("Course Started")
    with pytest.raises(ValueError, match="unknown category"):
        se.events("gaming")
    with pytest.raises(ValueError, match="not a code fix repairs"):
        se.fix({"event": "x"}, only=[Code.OUT_OF_RANGE])
    with pytest.raises(ValueError):
        se.fix({"event": "x"}, only=["no_such_code"])


def test_bad_input_is_a_report_never_an_exception() -> None:
    for text in ["{broken", "[1, 2]", "", "\"x\"", "{" * 10000]:
        report = se.validate(text)
        assert not report.valid
    assert se.validate(b"\xff\xfe").violations[0].code is Code.INVALID_JSON


def test_schemas_events_and_examples() -> None:
    bundle = se.schema()
    assert bundle["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert se.schema("bundle", dialect="customerio") != bundle
    assert se.schema("product_added")["$id"] == se.schema("Product Added")["$id"]
    assert se.schema("envelope")["type"] == "object"
    names = [e.name for e in se.events()]
    assert "Product Added" in names and len(names) == len(set(names))
    video = se.events("video")
    assert video and all(e.category == "video" for e in video)
    added = next(e for e in se.events("ecommerce") if e.name == "Product Added")
    assert "Added Product" in added.aliases
    for e in se.events():
        example = se.example(e.name)
        dialect: se.Dialect = "customerio" if e.category == "customerio_actions" else "segment"
        assert se.Validator(dialect=dialect).validate(example).valid, e.name


def test_fix_repairs_and_keeps_the_input_type() -> None:
    call = {"userId": "u", "event": "product_added", "properties": {"productId": "p1", "price": "139.99", "currency": "usd"}}
    fixed = se.fix(call)
    assert fixed.changed
    assert fixed.call == {"userId": "u", "event": "Product Added", "properties": {"product_id": "p1", "price": 139.99, "currency": "USD"}}
    assert len(fixed.patch) == 4 and fixed.report.valid and fixed.report.violations == []
    assert {r.code for r in fixed.repairs} == {
        Code.NON_CANONICAL_EVENT_NAME, Code.NON_CANONICAL_PROPERTY_NAME, Code.NUMERIC_STRING, Code.NON_STANDARD_CURRENCY,
    }
    text = '{"userId":"u", "event":"Order Completed","properties":{"total":"1.50"}}'
    fixed_text = se.fix(text)
    assert fixed_text.call == '{"userId":"u", "event":"Order Completed","properties":{"total":1.50}}'
    assert se.fix(text.encode()).call == fixed_text.call.encode()
    near = {"userId": "u", "event": "Order Complete"}
    assert se.fix(near).call is near and not se.fix(near).changed
    declined = se.fix({"userId": "u", "event": "Product Added", "properties": {"quantity": "-5"}}).declined
    assert [(d.code, d.path, d.reason) for d in declined] == [(Code.NUMERIC_STRING, "/properties/quantity", "introduces")]
    assert declined[0].introduces[0].code is Code.OUT_OF_RANGE
    only = se.fix(call, only=["numeric_string"])
    assert only.call["event"] == "product_added" and only.call["properties"]["price"] == 139.99


def test_a_plan_checks_your_own_events(root: Path) -> None:
    v = se.Validator(plan=root / "spec/examples/plan")
    report = v.validate({"userId": "u1", "event": "login", "properties": {"platform": "chrome"}})
    [error] = report.errors
    assert (error.code, error.path) == (Code.PLAN_VIOLATION, "/properties")
    unplanned = v.validate({"userId": "u1", "event": "Logged Out"})
    assert [w.code for w in unplanned.warnings] == [Code.UNPLANNED_EVENT]


def test_violations_print_and_compare() -> None:
    v = se.validate({"userId": "u", "event": "Product Added", "properties": {"price": "1"}}).errors[0]
    assert repr(v).startswith("Violation(path='/properties/price', code=<Code.NUMERIC_STRING: 'numeric_string'>")
    assert str(v.code) == "numeric_string" and f"{v.severity}" == "error"
    assert v.to_dict()["code"] == "numeric_string"


def test_lone_surrogates_are_reported_like_the_cli_does() -> None:
    # What `json.loads` gives for a line holding "\ud83d": a report (the CLI's
    # verdict on that line, `invalid_json`), not an exception.
    call = json.loads('{"userId": "u", "event": "\\ud83d"}')
    assert [v.code for v in se.validate(call)] == [Code.INVALID_JSON]
    assert [v.code for v in se.validate('{"userId": "u", "event": "\\ud83d"}')] == [Code.INVALID_JSON]
    with pytest.raises(ValueError, match="lone surrogate"):
        se.validate('{"userId": "u", "event": "\ud83d"}')


def test_fix_keeps_bytearray_as_bytes() -> None:
    fixed = se.fix(bytearray(b'{"userId":"u","event":"added_product"}'))
    assert fixed.call == b'{"userId":"u","event":"Product Added"}'


def test_one_validator_from_many_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    v = se.Validator(profile="strict")
    calls = [
        json.dumps({"userId": f"u{i}", "event": "Product Added", "properties": {"price": str(i) if i % 3 else i}})
        for i in range(3000)
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        verdicts = list(pool.map(v.is_valid, calls))
        reports = list(pool.map(v.validate, calls))
    assert verdicts == [i % 3 == 0 for i in range(3000)]
    assert [r.valid for r in reports] == verdicts
