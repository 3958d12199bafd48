//! `semantic-events fix` (feature `cli`): records out = records in, untouched
//! records byte for byte, idempotence on its own output, every input shape,
//! the per-record JSON, the options and the exit codes.

#![cfg(feature = "cli")]

use std::io::Write as _;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

fn bin() -> Command {
    Command::cargo_bin("semantic-events").expect("binary built")
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/examples/events.ndjson")
}

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

fn fix_stdin(input: &[u8], args: &[&str]) -> Run {
    run(bin().arg("fix").args(args).write_stdin(input.to_vec()))
}

fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect()
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    lines(bytes)
        .into_iter()
        .map(|l| serde_json::from_slice(l).expect("JSON line"))
        .collect()
}

#[test]
fn the_issue_example_through_the_command() {
    let input = br#"{"userId":"u","event":"product_added","properties":{"productId":"p1","price":"139.99","currency":"usd"}}"#;
    let r = fix_stdin(input, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        String::from_utf8(r.stdout).unwrap(),
        "{\"userId\":\"u\",\"event\":\"Product Added\",\"properties\":{\"product_id\":\"p1\",\"price\":139.99,\"currency\":\"USD\"}}\n"
    );
    assert!(
        r.stderr
            .starts_with("records: 1  repaired: 1  still invalid: 0 (unparsable: 0)  repairs: 4\n"),
        "{}",
        r.stderr
    );
}

/// The sample stream: as many records out as in, each untouched one byte for
/// byte, each changed one exactly the ones `--format json` says changed, and a
/// second pass over the output changes nothing.
#[test]
fn the_sample_stream_round_trips() {
    let input = std::fs::read(sample()).unwrap();
    let first = run(bin().arg("fix").arg(sample()));
    assert_eq!(first.code, 1, "the sample has errors no repair removes");
    let (ins, outs) = (lines(&input), lines(&first.stdout));
    assert_eq!(ins.len(), outs.len());
    let report = run(bin().args(["fix", "--format", "json"]).arg(sample()));
    let records = json_lines(&report.stdout);
    assert_eq!(records.len(), ins.len());
    let mut changed = 0;
    for ((i, o), rec) in ins.iter().zip(&outs).zip(&records) {
        if rec["changed"] == true {
            changed += 1;
            assert_ne!(i, o);
            // The patch turns the input into the output.
            let mut value: Value = serde_json::from_slice(i).unwrap();
            let patch: json_patch::Patch = serde_json::from_value(rec["patch"].clone()).unwrap();
            json_patch::patch(&mut value, &patch).unwrap();
            assert_eq!(value, serde_json::from_slice::<Value>(o).unwrap());
        } else {
            assert_eq!(i, o, "an untouched record changed");
        }
    }
    assert!(changed >= 3, "the sample has repairable records: {changed}");
    assert!(
        first
            .stderr
            .contains(&format!("repaired: {changed}  still invalid:")),
        "{}",
        first.stderr
    );
    // Idempotent.
    let second = fix_stdin(&first.stdout, &[]);
    assert_eq!(second.stdout, first.stdout);
    assert!(
        second.stderr.contains("  repaired: 0  "),
        "{}",
        second.stderr
    );
}

#[test]
fn every_input_shape_gives_one_line_per_record() {
    let dir = tempfile::tempdir().unwrap();
    // CRLF, a byte-order mark, a blank line, a broken line, no final newline.
    let crlf = b"\xEF\xBB\xBF{\"userId\":\"u\",\"event\":\"Added Product\"}\r\n\r\n{broken\r\n{\"userId\":\"u\",\"event\":\"x\",\"properties\":{\"revenue\":\"2\"}}";
    let r = fix_stdin(crlf, &[]);
    assert_eq!(
        String::from_utf8(r.stdout).unwrap(),
        "{\"userId\":\"u\",\"event\":\"Product Added\"}\n{broken\n{\"userId\":\"u\",\"event\":\"x\",\"properties\":{\"revenue\":2}}\n"
    );
    assert_eq!(r.code, 1, "the broken line stays invalid");
    // A pretty array with a scalar: each value on one line.
    let array = b"[\n  {\"userId\": \"u\",\n   \"event\": \"Viewed Product\"},\n  5,\n  {\"userId\": \"u\", \"event\": \"x\"}\n]\n";
    let r = fix_stdin(array, &[]);
    assert_eq!(
        String::from_utf8(r.stdout).unwrap(),
        "{\"userId\": \"u\",    \"event\": \"Product Viewed\"}\n5\n{\"userId\": \"u\", \"event\": \"x\"}\n"
    );
    // A batch: each element with its batch's defaults, repaired; an empty batch as it was.
    let batch = br#"{"batch":[{"userId":7,"event":"a"},{"userId":"u","event":"b","timestamp":"bad"}],"sentAt":"2024-05-04T12:00:00Z"}
{"batch":[]}
"#;
    let r = fix_stdin(batch, &[]);
    assert_eq!(
        String::from_utf8(r.stdout).unwrap(),
        "{\"userId\":\"7\",\"event\":\"a\",\"sentAt\":\"2024-05-04T12:00:00Z\"}\n{\"userId\":\"u\",\"event\":\"b\",\"timestamp\":\"bad\",\"sentAt\":\"2024-05-04T12:00:00Z\"}\n{\"batch\":[]}\n"
    );
    assert_eq!(r.code, 1);
    // Gzip, through a file.
    let path = dir.path().join("calls.ndjson.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(
        b"{\"userId\":\"u\",\"event\":\"Order Completed\",\"properties\":{\"total\":\"10\"}}\n",
    )
    .unwrap();
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let r = run(bin().arg("fix").arg(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        String::from_utf8(r.stdout).unwrap(),
        "{\"userId\":\"u\",\"event\":\"Order Completed\",\"properties\":{\"total\":10}}\n"
    );
}

#[test]
fn json_format_out_file_only_and_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = b"{\"userId\":\"u\",\"event\":\"Product Added\",\"properties\":{\"quantity\":\"-5\",\"price\":\"2\"}}\n";
    let out = dir.path().join("out.ndjson");
    let r = run(bin()
        .args(["fix", "--format", "json", "--out"])
        .arg(&out)
        .write_stdin(input.to_vec()));
    assert_eq!(r.code, 1);
    let rec = &json_lines(&r.stdout)[0];
    assert_eq!(
        rec,
        &json!({
            "source": "-", "line": 1, "index": 0, "event": "Product Added",
            "changed": true, "valid": false,
            "patch": [{"op": "replace", "path": "/properties/price", "value": 2}],
            "repairs": [{"code": "numeric_string", "path": "/properties/price",
                "op": {"op": "replace", "path": "/properties/price", "value": 2}}],
            "declined": [{"code": "numeric_string", "path": "/properties/quantity",
                "reason": "introduces", "violations": [{
                    "path": "/properties/quantity", "code": "out_of_range", "severity": "error",
                    "message": "expected a value >= 0, found -5", "expected": "a value >= 0", "found": "-5"}]}],
            "violations": [{"path": "/properties/quantity", "code": "numeric_string", "severity": "error",
                "message": "expected number, found numeric string \"-5\"",
                "expected": "number", "found": "numeric string \"-5\""}],
        })
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "{\"userId\":\"u\",\"event\":\"Product Added\",\"properties\":{\"quantity\":\"-5\",\"price\":2}}\n"
    );
    // --only: the other repairs are not made.
    let r = fix_stdin(input, &["--only", "wrong_type,non_standard_currency"]);
    assert_eq!(&r.stdout[..], &input[..]);
    let two = b"{\"userId\":\"u\",\"event\":\"added_product\",\"properties\":{\"price\":\"2\"}}\n";
    let r = fix_stdin(two, &["--only", "numeric_string"]);
    assert_eq!(
        String::from_utf8(r.stdout).unwrap(),
        "{\"userId\":\"u\",\"event\":\"added_product\",\"properties\":{\"price\":2}}\n"
    );
    assert_eq!(
        r.code, 0,
        "a variant name is a warning: valid after the repair"
    );
    // --out with the stream format: the file, nothing on stdout.
    let file = dir.path().join("stream.ndjson");
    let r = run(bin()
        .args(["fix", "--out"])
        .arg(&file)
        .write_stdin(two.to_vec()));
    assert!(r.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{\"userId\":\"u\",\"event\":\"Product Added\",\"properties\":{\"price\":2}}\n"
    );
    // --dry-run: the summary only, no file.
    let dry = dir.path().join("dry.ndjson");
    let r = run(bin()
        .args(["fix", "--dry-run", "--out"])
        .arg(&dry)
        .write_stdin(input.to_vec()));
    assert!(r.stdout.is_empty());
    assert!(!dry.exists());
    assert_eq!(r.code, 1, "the quantity stays invalid");
    assert!(r.stderr.contains("repaired: 1"), "{}", r.stderr);
    assert!(r.stderr.contains("numeric_string"), "{}", r.stderr);
}

#[test]
fn exit_codes_and_unreadable_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.ndjson");
    std::fs::write(&good, b"{\"userId\":\"u\",\"event\":\"x\"}\n").unwrap();
    assert_eq!(run(bin().arg("fix").arg(&good)).code, 0);
    let r = run(bin()
        .arg("fix")
        .arg(dir.path().join("missing.ndjson"))
        .arg(&good));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.ndjson"), "{}", r.stderr);
    assert_eq!(&r.stdout[..], b"{\"userId\":\"u\",\"event\":\"x\"}\n");
    let r = fix_stdin(b"{}", &["--only", "out_of_range"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a code fix repairs"), "{}", r.stderr);
    let r = fix_stdin(b"{}", &["--only", "no_such_code"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown code `no_such_code`"),
        "{}",
        r.stderr
    );
    // An output that is also an input is refused before anything is written.
    let r = run(bin().args(["fix", "--out"]).arg(&good).arg(&good));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("both an input and an output"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read(&good).unwrap(),
        b"{\"userId\":\"u\",\"event\":\"x\"}\n"
    );
    let r = run(bin()
        .args(["validate", "--invalid-out"])
        .arg(&good)
        .arg(&good));
    assert_eq!(r.code, 2);
    assert_eq!(
        std::fs::read(&good).unwrap(),
        b"{\"userId\":\"u\",\"event\":\"x\"}\n"
    );
}

#[test]
fn threads_keep_input_order() {
    // Enough records for several chunks, a third of them repairable.
    let mut input = Vec::new();
    for i in 0..3000 {
        let line = match i % 3 {
            0 => format!(
                "{{\"userId\":\"u{i}\",\"event\":\"order_completed\",\"properties\":{{\"total\":\"{i}.5\"}}}}\n"
            ),
            1 => format!("{{\"userId\":\"u{i}\",\"event\":\"Order Completed\"}}\n"),
            _ => format!("{{\"userId\":{i},\"event\":\"e{i}\"}}\n"),
        };
        input.extend_from_slice(line.as_bytes());
    }
    let one = fix_stdin(&input, &["--threads", "1"]);
    let two = fix_stdin(&input, &["--threads", "2"]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout);
    let out = json_lines(&one.stdout);
    assert_eq!(out.len(), 3000);
    assert_eq!(
        out[2997],
        json!({"userId": "u2997", "event": "Order Completed", "properties": {"total": 2997.5}})
    );
    assert_eq!(
        out[2998],
        json!({"userId": "u2998", "event": "Order Completed"})
    );
    assert_eq!(out[2999], json!({"userId": "2999", "event": "e2999"}));
}
