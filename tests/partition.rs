//! Every record accounted for, in every input shape the CLI reads: as many
//! records out as the input holds, and `--valid-out` + `--invalid-out` together
//! hold each record exactly once, one per line, in the file its verdict says —
//! batch elements as validated, with their batch's defaults applied.
//!
//! The expected records and their verdicts are written out by hand for each
//! shape (not derived from the reader or the validator under test).

#![cfg(feature = "cli")]

use std::io::Write as _;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};

/// What a record must be in the partition files, and whether it is valid.
struct Expect {
    valid: bool,
    line: Line,
}

enum Line {
    /// A JSON call, compared as a value (key order and spacing aside): a
    /// pretty-printed call, or a batch element with its batch's defaults.
    Json(Value),
    /// Bytes compared byte for byte: a line of NDJSON as written, or not JSON.
    Bytes(Vec<u8>),
}

fn json_ok(v: Value) -> Expect {
    Expect {
        valid: true,
        line: Line::Json(v),
    }
}

fn json_bad(v: Value) -> Expect {
    Expect {
        valid: false,
        line: Line::Json(v),
    }
}

fn bytes(valid: bool, b: &[u8]) -> Expect {
    Expect {
        valid,
        line: Line::Bytes(b.to_vec()),
    }
}

fn call(event: &str) -> Value {
    json!({"type": "track", "userId": "u1", "event": event, "properties": {"price": 1.5}})
}

fn bad(event: &str) -> Value {
    json!({"type": "track", "userId": "u1", "event": event, "properties": {"price": "cheap"}})
}

fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    assert_eq!(
        out.pop(),
        Some(&b""[..]),
        "each record ends with a line end"
    );
    out
}

/// Runs `validate` on `input` and checks the partition against `expected`.
fn partition(name: &str, input: &[u8], expected: &[Expect]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, input).expect("write");
    let (valid, invalid) = (dir.path().join("valid"), dir.path().join("invalid"));
    let out = Command::cargo_bin("semantic-events")
        .expect("binary")
        .args(["validate", "--format", "json", "--valid-out"])
        .arg(&valid)
        .arg("--invalid-out")
        .arg(&invalid)
        .arg(&path)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("records: {} ", expected.len())),
        "{name}: {stderr}"
    );
    let printed: Vec<Value> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record"))
        .collect();
    assert_eq!(
        printed.len(),
        expected.len(),
        "{name}: records out = records in"
    );
    let valid = std::fs::read(valid).expect("valid out");
    let invalid = std::fs::read(invalid).expect("invalid out");
    let (mut good, mut bad) = (lines(&valid).into_iter(), lines(&invalid).into_iter());
    for (i, (record, want)) in printed.iter().zip(expected).enumerate() {
        assert_eq!(record["index"], i, "{name}");
        assert_eq!(
            record["valid"].as_bool(),
            Some(want.valid),
            "{name}: record {i}'s verdict: {record}"
        );
        let line = if want.valid { good.next() } else { bad.next() };
        let line = line.unwrap_or_else(|| panic!("{name}: record {i} is not in its file"));
        match &want.line {
            Line::Json(v) => {
                let got: Value = serde_json::from_slice(line).expect("a JSON line");
                assert_eq!(&got, v, "{name}: record {i}");
            }
            Line::Bytes(b) => assert_eq!(
                String::from_utf8_lossy(line),
                String::from_utf8_lossy(b),
                "{name}: record {i}"
            ),
        }
    }
    assert!(good.next().is_none(), "{name}: extra valid lines");
    assert!(bad.next().is_none(), "{name}: extra invalid lines");
}

/// NDJSON lines, each expected back byte for byte.
fn ndjson(calls: &[(bool, &str)], sep: &str) -> (String, Vec<Expect>) {
    let text = calls.iter().map(|(_, c)| *c).collect::<Vec<_>>().join(sep);
    let expected = calls.iter().map(|(v, c)| bytes(*v, c.as_bytes())).collect();
    (text, expected)
}

// Spacing and key order a re-serialising writer would not keep.
const GOOD: &str =
    r#"{"userId": "u1",  "event": "Product Added", "properties": {"price": 1.50, "price": 2}}"#;
const BAD: &str =
    r#"{"properties": {"price": "cheap"}, "event": "Product Viewed", "userId": "u1"}"#;
const CUSTOM: &str = r#"{"event":"x","anonymousId":"a"}"#;

#[test]
fn ndjson_lf() {
    let (text, expected) = ndjson(&[(true, GOOD), (false, BAD), (true, CUSTOM)], "\n");
    partition("lf.ndjson", (text + "\n").as_bytes(), &expected);
}

#[test]
fn ndjson_crlf_bom_blank_lines_and_no_final_line_end() {
    let (_, expected) = ndjson(&[(false, BAD), (true, GOOD), (true, CUSTOM)], "");
    let input = format!("\u{feff}\r\n{BAD}\r\n{GOOD}\r\n   \r\n\r\n  {CUSTOM}");
    partition("crlf.ndjson", input.as_bytes(), &expected);
}

#[test]
fn a_json_array_pretty_printed_with_a_scalar() {
    let calls = [call("Product Added"), bad("Product Clicked"), json!(42)];
    let input = serde_json::to_string_pretty(&calls).expect("json");
    let [a, b, c] = calls;
    partition(
        "array.json",
        input.as_bytes(),
        &[json_ok(a), json_bad(b), json_bad(c)],
    );
}

#[test]
fn pretty_printed_values_one_after_another() {
    let calls = [bad("Product Added"), call("Checkout Started")];
    let input = format!(
        "{}\n{}\r\n",
        serde_json::to_string_pretty(&calls[0]).expect("json"),
        serde_json::to_string_pretty(&calls[1])
            .expect("json")
            .replace('\n', "\r\n")
    );
    let [a, b] = calls;
    partition("pretty.json", input.as_bytes(), &[json_bad(a), json_ok(b)]);
}

#[test]
fn lines_that_are_not_json_or_not_utf8() {
    let input: &[u8] = b"{\"userId\":\"u1\",\"event\":\"a\"}\n{broken\nnot json at all\n\xff\xfe{\"event\":\"x\"}\n{\"userId\":\"u1\",\"event\":\"b\"}\n";
    partition(
        "garbage.ndjson",
        input,
        &[
            bytes(true, b"{\"userId\":\"u1\",\"event\":\"a\"}"),
            bytes(false, b"{broken"),
            bytes(false, b"not json at all"),
            bytes(false, b"\xff\xfe{\"event\":\"x\"}"),
            bytes(true, b"{\"userId\":\"u1\",\"event\":\"b\"}"),
        ],
    );
}

#[test]
fn gzip() {
    let (text, expected) = ndjson(&[(true, GOOD), (false, BAD)], "\n");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).expect("gzip");
    let input = gz.finish().expect("gzip");
    partition("calls.ndjson.gz", &input, &expected);
}

#[test]
fn batches_empty_batches_and_calls_that_carry_a_batch_field() {
    let sent = "2024-05-04T12:00:00Z";
    let batch = json!({
        "batch": [
            {"type": "track", "userId": "u1", "event": "a", "context": {"ip": "203.0.113.1"}},
            {"type": "track", "userId": "u2", "event": "b", "sentAt": "not a time"},
        ],
        "context": {"ip": "0.0.0.0", "locale": "nl-NL"},
        "writeKey": "key",
        "sentAt": sent,
    });
    // A batch-level default decides a verdict: the bad sentAt makes the element
    // that inherits it invalid, not the one that has its own.
    let inherits = json!({
        "batch": [
            {"type": "track", "userId": "u5", "event": "e"},
            {"type": "track", "userId": "u6", "event": "f", "sentAt": sent},
        ],
        "sentAt": "yesterday",
    });
    let rudder = json!({"batch": [{"type": "track", "userId": "u3", "event": "c"}], "sentAt": sent, "timestamp": sent});
    let carrier = json!({"type": "track", "userId": "u4", "event": "d", "batch": [1, 2]});
    let input = format!(
        "{}\n{{\"batch\": []}}\n{carrier}\n{rudder}\n{inherits}\n",
        serde_json::to_string_pretty(&batch).expect("json")
    );
    partition(
        "batches.json",
        input.as_bytes(),
        &[
            json_ok(json!({
                "type": "track", "userId": "u1", "event": "a",
                "context": {"ip": "203.0.113.1", "locale": "nl-NL"},
                "writeKey": "key", "sentAt": sent,
            })),
            json_bad(json!({
                "type": "track", "userId": "u2", "event": "b", "sentAt": "not a time",
                "context": {"ip": "0.0.0.0", "locale": "nl-NL"}, "writeKey": "key",
            })),
            json_ok(json!({"batch": []})),
            json_ok(carrier),
            json_ok(json!({"type": "track", "userId": "u3", "event": "c", "sentAt": sent})),
            json_bad(json!({"type": "track", "userId": "u5", "event": "e", "sentAt": "yesterday"})),
            json_ok(json!({"type": "track", "userId": "u6", "event": "f", "sentAt": sent})),
        ],
    );
}

#[test]
fn the_vendors_client_batches() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/examples/clients");
    for name in [
        "segment-analytics-node.json",
        "customerio-cdp-analytics-node.json",
        "rudderstack-rudder-sdk-node.json",
    ] {
        let bytes = std::fs::read(root.join(name)).expect("capture");
        let body: Value = serde_json::from_slice(&bytes).expect("json");
        let expected: Vec<Expect> = body["batch"]
            .as_array()
            .expect("a batch")
            .iter()
            .map(|element| {
                let mut call = element.clone();
                for key in ["writeKey", "sentAt"] {
                    if let (Some(v), None) = (body.get(key), call.get(key)) {
                        call[key] = v.clone();
                    }
                }
                json_ok(call)
            })
            .collect();
        partition(name, &bytes, &expected);
    }
}
