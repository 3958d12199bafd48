//! Every record accounted for, in every input shape the CLI reads: as many
//! records out as the input holds, and `--valid-out` + `--invalid-out` together
//! hold each record exactly once, one per line, in the file its verdict says —
//! batch elements as validated, with their batch's defaults applied.
//!
//! The expected records are written out by hand for each shape (not derived
//! from the reader under test).

#![cfg(feature = "cli")]

use std::io::Write as _;
use std::path::Path;

use assert_cmd::Command;
use semantic_events::Validator;
use semantic_events::stream::Records;
use serde_json::{Value, json};

/// What a record must be in the partition files.
enum Expect {
    /// A JSON call, compared as a value (key order and spacing aside).
    Json(Value),
    /// Bytes that are not JSON, compared byte for byte.
    Bytes(&'static [u8]),
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
fn partition(name: &str, input: &[u8], expected: &[Expect], invalid_records: usize) {
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
    let validator = Validator::new();
    for (i, (record, want)) in printed.iter().zip(expected).enumerate() {
        assert_eq!(record["index"], i, "{name}");
        let is_valid = record["valid"].as_bool().expect("valid flag");
        let line = if is_valid { good.next() } else { bad.next() };
        let line = line.unwrap_or_else(|| panic!("{name}: record {i} is in neither file"));
        match want {
            Expect::Json(v) => {
                let got: Value = serde_json::from_slice(line).expect("a JSON line");
                assert_eq!(&got, v, "{name}: record {i}");
            }
            Expect::Bytes(b) => assert_eq!(line, *b, "{name}: record {i}"),
        }
        // The line stands for the same verdict when read again.
        let again: Vec<_> = Records::new(line).map(Result::unwrap).collect();
        assert_eq!(again.len(), 1, "{name}: record {i} is one line");
        assert_eq!(
            again[0].validate(&validator).is_valid(),
            is_valid,
            "{name}: record {i} is in the wrong file"
        );
    }
    assert_eq!(
        lines(&invalid).len(),
        invalid_records,
        "{name}: invalid records"
    );
    assert!(good.next().is_none(), "{name}: extra valid lines");
    assert!(bad.next().is_none(), "{name}: extra invalid lines");
}

fn ndjson(calls: &[Value], sep: &str) -> String {
    calls
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

#[test]
fn ndjson_lf() {
    let calls = [call("Product Added"), bad("Product Viewed"), call("x")];
    let input = ndjson(&calls, "\n") + "\n";
    partition("lf.ndjson", input.as_bytes(), &calls.map(Expect::Json), 1);
}

#[test]
fn ndjson_crlf_bom_blank_lines_and_no_final_line_end() {
    let calls = [bad("Product Added"), call("Order Completed"), call("y")];
    let input = format!(
        "\u{feff}\r\n{}\r\n{}\r\n   \r\n\r\n  {}",
        calls[0], calls[1], calls[2]
    );
    partition("crlf.ndjson", input.as_bytes(), &calls.map(Expect::Json), 1);
}

#[test]
fn a_json_array_pretty_printed_with_a_scalar() {
    let calls = [call("Product Added"), bad("Product Clicked"), json!(42)];
    let input = serde_json::to_string_pretty(&calls).expect("json");
    partition("array.json", input.as_bytes(), &calls.map(Expect::Json), 2);
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
    partition("pretty.json", input.as_bytes(), &calls.map(Expect::Json), 1);
}

#[test]
fn lines_that_are_not_json_or_not_utf8() {
    let input: &[u8] = b"{\"userId\":\"u1\",\"event\":\"a\"}\n{broken\nnot json at all\n\xff\xfe{\"event\":\"x\"}\n{\"userId\":\"u1\",\"event\":\"b\"}\n";
    partition(
        "garbage.ndjson",
        input,
        &[
            Expect::Json(json!({"userId": "u1", "event": "a"})),
            Expect::Bytes(b"{broken"),
            Expect::Bytes(b"not json at all"),
            Expect::Bytes(b"\xff\xfe{\"event\":\"x\"}"),
            Expect::Json(json!({"userId": "u1", "event": "b"})),
        ],
        3,
    );
}

#[test]
fn gzip() {
    let calls = [call("Product Added"), bad("Product Removed")];
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(ndjson(&calls, "\n").as_bytes()).expect("gzip");
    let input = gz.finish().expect("gzip");
    partition("calls.ndjson.gz", &input, &calls.map(Expect::Json), 1);
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
    let rudder = json!({"batch": [{"type": "track", "userId": "u3", "event": "c"}], "sentAt": sent, "timestamp": sent});
    let carrier = json!({"type": "track", "userId": "u4", "event": "d", "batch": [1, 2]});
    let input = format!(
        "{}\n{{\"batch\": []}}\n{carrier}\n{rudder}\n",
        serde_json::to_string_pretty(&batch).expect("json")
    );
    partition(
        "batches.json",
        input.as_bytes(),
        &[
            Expect::Json(json!({
                "type": "track", "userId": "u1", "event": "a",
                "context": {"ip": "203.0.113.1", "locale": "nl-NL"},
                "writeKey": "key", "sentAt": sent,
            })),
            Expect::Json(json!({
                "type": "track", "userId": "u2", "event": "b", "sentAt": "not a time",
                "context": {"ip": "0.0.0.0", "locale": "nl-NL"}, "writeKey": "key",
            })),
            Expect::Json(json!({"batch": []})),
            Expect::Json(carrier),
            Expect::Json(json!({"type": "track", "userId": "u3", "event": "c", "sentAt": sent})),
        ],
        1,
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
                Expect::Json(call)
            })
            .collect();
        partition(name, &bytes, &expected, 0);
    }
}
