//! The `semantic-events` binary (feature `cli`): input forms, options, exit
//! codes, output formats, the valid/invalid partition, and the subcommands.
//! Text outputs are pinned with insta snapshots (`tests/snapshots/`), with
//! temporary paths and timings masked.

#![cfg(feature = "cli")]

use std::io::Write as _;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use semantic_events::{Category, EventName};
use serde_json::{Value, json};

fn bin() -> Command {
    Command::cargo_bin("semantic-events").expect("binary built")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn sample() -> PathBuf {
    root().join("spec/examples/events.ndjson")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The records of `--format json` output, without their `source` (the file's
/// name, or `-`).
fn records_without_source(text: &str) -> Vec<Value> {
    json_lines(text)
        .into_iter()
        .map(|mut v| {
            v.as_object_mut().expect("object").remove("source");
            v
        })
        .collect()
}

fn masked(text: &str, dir: &Path) -> String {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(&regex_escape(&dir.display().to_string()), "[TMP]");
    settings.add_filter(&regex_escape(&root().display().to_string()), "[ROOT]");
    settings.add_filter(r"throughput: .*", "throughput: [masked]");
    settings.bind(|| text.to_string())
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_ascii_alphanumeric() || c == '/' || c == '_' || c == '-' {
                vec![c]
            } else {
                vec!['\\', c]
            }
        })
        .collect()
}

fn good(event: &str) -> Value {
    json!({"type": "track", "userId": "u1", "event": event, "properties": {}})
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

#[test]
fn sample_stream_text_output() {
    let r = run(bin()
        .current_dir(root())
        .args(["validate", "spec/examples/events.ndjson"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"throughput: .*", "throughput: [masked]");
    settings.bind(|| {
        insta::assert_snapshot!("sample_stdout", r.stdout);
        insta::assert_snapshot!("sample_summary", r.stderr);
    });
}

#[test]
fn broken_line_in_the_middle_is_reported_and_the_rest_validated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::new();
    for i in 0..5 {
        text.push_str(&good("Product Added").to_string());
        text.push('\n');
        if i == 2 {
            text.push_str("{\"userId\": \"u1\", \"event\": \"Product Added\", \"properties\": {\n");
        }
    }
    let file = write(dir.path(), "broken.ndjson", text.as_bytes());
    let r = run(bin().args(["validate", "--format", "json"]).arg(&file));
    assert_eq!(r.code, 1);
    let records = json_lines(&r.stdout);
    assert_eq!(records.len(), 6);
    let broken = &records[3];
    assert_eq!(broken["line"], 4);
    assert_eq!(broken["valid"], false);
    assert_eq!(broken["violations"][0]["code"], "invalid_json");
    assert!(
        broken["violations"][0]["message"]
            .as_str()
            .unwrap()
            .contains("column")
    );
    assert!(
        records
            .iter()
            .enumerate()
            .all(|(i, r)| i == 3 || r["valid"] == true)
    );
    assert!(
        r.stderr
            .contains("records: 6  valid: 5  invalid: 0  unparsable: 1"),
        "{}",
        r.stderr
    );
}

#[test]
fn json_records_have_exactly_the_documented_fields() {
    let r = run(bin().current_dir(root()).args([
        "validate",
        "--format",
        "json",
        "spec/examples/events.ndjson",
    ]));
    let records = json_lines(&r.stdout);
    assert_eq!(records.len(), 300);
    for (i, rec) in records.iter().enumerate() {
        let keys: Vec<&str> = rec
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = vec![
            "category",
            "event",
            "index",
            "line",
            "semantic",
            "source",
            "valid",
            "violations",
        ];
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert_eq!(rec["index"], i);
        assert_eq!(rec["source"], "spec/examples/events.ndjson");
        for v in rec["violations"].as_array().expect("array") {
            let mut k: Vec<&str> = v
                .as_object()
                .expect("object")
                .keys()
                .map(String::as_str)
                .collect();
            k.sort_unstable();
            // `expected` and `found` appear where the violation says them, as text.
            for part in ["expected", "found"] {
                if let Some(text) = v.get(part) {
                    assert!(text.as_str().is_some_and(|t| !t.is_empty()), "{v}");
                }
            }
            if v["code"] == "missing_identity" || v["code"] == "invalid_json" {
                assert!(v.get("found").is_none(), "{v}");
            }
            k.retain(|f| *f != "expected" && *f != "found");
            assert_eq!(k, ["code", "message", "path", "severity"]);
        }
    }
    // The library's own serialisation: a numeric string says what was expected and found.
    let numeric = records
        .iter()
        .flat_map(|r| r["violations"].as_array().expect("array"))
        .find(|v| v["code"] == "numeric_string")
        .expect("the sample holds a numeric string");
    assert_eq!(numeric["expected"], "number");
    assert!(
        numeric["found"]
            .as_str()
            .is_some_and(|f| f.starts_with("numeric string \"")),
        "{numeric}"
    );
    let custom = records
        .iter()
        .find(|r| r["event"] == "login")
        .expect("a login");
    assert_eq!(custom["semantic"], Value::Null);
    assert_eq!(custom["category"], Value::Null);
    let video = records
        .iter()
        .find(|r| r["semantic"] == "Video Ad Playing")
        .expect("video");
    assert_eq!(video["category"], "video");
}

#[test]
fn stdin_gives_the_same_records_as_the_file() {
    let from_file = run(bin().args(["validate", "--format", "json"]).arg(sample()));
    let input = std::fs::read(sample()).expect("sample");
    let from_stdin = run(bin()
        .args(["validate", "--format", "json"])
        .write_stdin(input));
    assert_eq!(
        records_without_source(&from_file.stdout),
        records_without_source(&from_stdin.stdout)
    );
    assert_eq!(from_file.code, from_stdin.code);
    let dash = run(bin()
        .args(["validate", "--format", "json", "-"])
        .write_stdin(std::fs::read(sample()).expect("sample")));
    assert_eq!(json_lines(&dash.stdout)[0]["source"], "-");
}

/// A file of several 1 MB blocks (read in parallel by the workers) gives the
/// records standard input gives (read by one reader thread): same lines,
/// indexes, verdicts, partitions and summary, whatever falls on a block's edge.
#[test]
fn a_file_read_in_blocks_gives_what_stdin_gives() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = std::fs::read(sample()).expect("sample");
    let lines: Vec<&[u8]> = sample
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let mut input = b"\xEF\xBB\xBF".to_vec();
    for i in 0..12_000 {
        match i % 97 {
            0 => input.extend_from_slice(b"\n  \t\r\n"),
            1 => input.extend_from_slice(b"{broken \xff line\n"),
            2 => input.extend_from_slice(b"{\"batch\":[]}\r\n"),
            3 => {
                input.extend_from_slice(b"{\"batch\":[");
                input.extend_from_slice(lines[i % lines.len()]);
                input.push(b',');
                input.extend_from_slice(lines[(i + 1) % lines.len()]);
                input.extend_from_slice(b"],\"sentAt\":\"2024-05-04T12:00:00Z\"}\n");
            }
            _ => {
                input.extend_from_slice(lines[i % lines.len()]);
                input.extend_from_slice(if i % 5 == 0 { b"\r\n" } else { b"\n" });
            }
        }
        if i == 6000 {
            // One line longer than a block.
            let long = format!(
                "{{\"event\":\"Long\",\"properties\":{{\"x\":\"{}\"}}}}\n",
                "y".repeat(1_300_000)
            );
            input.extend_from_slice(long.as_bytes());
        }
    }
    input.extend_from_slice(br#"{"event":"last, without a line end"}"#);
    assert!(
        input.len() > 3 << 20,
        "{} bytes: several blocks",
        input.len()
    );
    let path = write(dir.path(), "blocks.ndjson", &input);
    let counts = |stderr: &str| {
        stderr
            .lines()
            .take_while(|l| !l.starts_with("throughput"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    for threads in ["1", "2"] {
        let valid = dir.path().join(format!("valid{threads}.ndjson"));
        let from_file = run(bin()
            .args([
                "validate",
                "--format",
                "json",
                "--threads",
                threads,
                "--valid-out",
            ])
            .arg(&valid)
            .arg(&path));
        let from_stdin = run(bin()
            .args(["validate", "--format", "json", "--threads", threads, "-"])
            .write_stdin(input.clone()));
        let records = records_without_source(&from_file.stdout);
        assert!(records.len() > 100, "{} records printed", records.len());
        assert_eq!(
            records,
            records_without_source(&from_stdin.stdout),
            "threads {threads}"
        );
        assert_eq!(counts(&from_file.stderr), counts(&from_stdin.stderr));
        assert!(
            from_file.stderr.starts_with("records: "),
            "{}",
            from_file.stderr
        );
        assert_eq!(from_file.code, from_stdin.code);
        let stdin_valid = dir.path().join(format!("stdin-valid{threads}.ndjson"));
        run(bin()
            .args(["validate", "--quiet", "--threads", threads, "--valid-out"])
            .arg(&stdin_valid)
            .write_stdin(input.clone()));
        assert_eq!(
            std::fs::read(&valid).expect("valid"),
            std::fs::read(&stdin_valid).expect("valid")
        );
    }
}

#[test]
fn every_input_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let calls = [
        good("Product Added"),
        good("Order Completed"),
        good("login"),
    ];
    let ndjson = calls
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    let crlf = format!(
        "\u{feff}{}\r\n\r\n",
        calls
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\r\n")
    );
    let array = serde_json::to_string_pretty(&calls).expect("json");
    let single = serde_json::to_string_pretty(&calls[0]).expect("json");
    let batch = json!({
        "batch": [{"type": "track", "userId": "u1", "event": "Product Added"},
                  {"type": "track", "userId": "u2", "event": "login", "sentAt": "2024-05-04T12:00:00Z"}],
        "sentAt": "yesterday",
        "context": {"library": {"name": "analytics-node"}}
    });
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(ndjson.as_bytes()).expect("gzip");
    let gz = gz.finish().expect("gzip");
    for (name, bytes, records) in [
        ("calls.ndjson", ndjson.as_bytes().to_vec(), 3),
        ("crlf.ndjson", crlf.into_bytes(), 3),
        ("array.json", array.into_bytes(), 3),
        ("single.json", single.into_bytes(), 1),
        ("calls.ndjson.gz", gz, 3),
    ] {
        let file = write(dir.path(), name, &bytes);
        let r = run(bin().args(["validate", "--format", "json"]).arg(&file));
        assert_eq!(r.code, 0, "{name}: {}{}", r.stdout, r.stderr);
        assert_eq!(json_lines(&r.stdout).len(), records, "{name}");
    }
    // The batch's sentAt applies to the element without one: an error there only.
    let file = write(dir.path(), "batch.json", batch.to_string().as_bytes());
    let r = run(bin().args(["validate", "--format", "json"]).arg(&file));
    let records = json_lines(&r.stdout);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["violations"][0]["path"], "/sentAt");
    assert_eq!(records[1]["valid"], true);
    assert_eq!(r.code, 1);
}

#[test]
fn options_change_what_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let calls = [
        json!({"userId": "u1", "event": "product_added", "properties": {"quantity": 1.5}}),
        json!({"userId": "u1", "event": "Product Added", "properties": {"price": "9.99", "colour": "red"}}),
    ];
    let text = calls
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    let file = write(dir.path(), "calls.ndjson", text.as_bytes());
    let codes = |args: &[&str]| -> (i32, Vec<String>) {
        let r = run(bin()
            .arg("validate")
            .args(args)
            .arg("--format")
            .arg("json")
            .arg(&file));
        let codes = json_lines(&r.stdout)
            .iter()
            .flat_map(|rec| rec["violations"].as_array().cloned().unwrap_or_default())
            .map(|v| {
                format!(
                    "{}@{}",
                    v["code"].as_str().unwrap_or(""),
                    v["path"].as_str().unwrap_or("")
                )
            })
            .collect();
        (r.code, codes)
    };
    let (code, default) = codes(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        default,
        [
            "non_canonical_event_name@/event",
            "numeric_string@/properties/price"
        ]
    );
    let (_, strict) = codes(&["--profile", "strict"]);
    assert!(
        strict.contains(&"unknown_property@/properties/colour".to_string()),
        "{strict:?}"
    );
    let (_, lenient) = codes(&["--profile", "lenient"]);
    assert_eq!(lenient, ["numeric_string@/properties/price"]);
    let (_, cio) = codes(&["--dialect", "customerio"]);
    assert!(
        cio.contains(&"wrong_type@/properties/quantity".to_string()),
        "{cio:?}"
    );
    let (_, errors) = codes(&["--errors-only"]);
    assert_eq!(errors, ["numeric_string@/properties/price"]);
    let (code, _) = codes(&["--numeric-strings-as-warnings"]);
    assert_eq!(code, 0);
    let (code, _) = codes(&["--numeric-strings-as-warnings", "--fail-on", "warning"]);
    assert_eq!(code, 1);
    let quiet = run(bin().args(["validate", "--quiet"]).arg(&file));
    assert!(quiet.stdout.is_empty());
    assert!(quiet.stderr.contains("records: 2"));
    let one = run(bin()
        .args(["validate", "--threads", "1", "--format", "json"])
        .arg(sample()));
    let two = run(bin()
        .args(["validate", "--threads", "2", "--format", "json"])
        .arg(sample()));
    assert_eq!(
        one.stdout, two.stdout,
        "output order does not depend on threads"
    );
}

#[test]
fn valid_and_invalid_outputs_partition_the_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let valid = dir.path().join("valid.ndjson");
    let invalid = dir.path().join("invalid.ndjson");
    let r = run(bin()
        .args(["validate", "--quiet", "--valid-out"])
        .arg(&valid)
        .arg("--invalid-out")
        .arg(&invalid)
        .arg(sample()));
    assert_eq!(r.code, 1);
    let input = std::fs::read_to_string(sample()).expect("sample");
    let records: Vec<&str> = input.lines().filter(|l| !l.trim().is_empty()).collect();
    let good = std::fs::read_to_string(&valid).expect("valid out");
    let bad = std::fs::read_to_string(&invalid).expect("invalid out");
    assert_eq!(good.lines().count() + bad.lines().count(), records.len());
    assert_eq!(bad.lines().count(), 14);
    // Byte for byte, and in input order within each file.
    let mut g = good.lines().peekable();
    let mut b = bad.lines().peekable();
    for rec in records {
        if g.peek() == Some(&rec) {
            g.next();
        } else {
            assert_eq!(b.next(), Some(rec));
        }
    }
    assert!(g.next().is_none() && b.next().is_none());
}

#[test]
fn unreadable_files_are_named_and_the_others_still_processed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ok = write(
        dir.path(),
        "ok.ndjson",
        good("Product Added").to_string().as_bytes(),
    );
    let missing = dir.path().join("missing.ndjson");
    let r = run(bin()
        .args(["validate", "--format", "json"])
        .arg(&missing)
        .arg(&ok));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cannot read") && r.stderr.contains("missing.ndjson"),
        "{}",
        r.stderr
    );
    assert_eq!(json_lines(&r.stdout).len(), 1);
    let folder = run(bin().arg("validate").arg(dir.path()).arg(&ok));
    assert_eq!(folder.code, 2);
    assert!(
        folder
            .stderr
            .contains(&format!("cannot read {}", dir.path().display())),
        "{}",
        folder.stderr
    );
    let all_good = run(bin().arg("validate").arg(&ok));
    assert_eq!(all_good.code, 0);
    let usage = run(bin().args(["validate", "--profile", "loose"]));
    assert_eq!(usage.code, 2);
    insta::assert_snapshot!("usage_error", masked(&usage.stderr, dir.path()));
}

#[test]
fn schema_and_docs_trees_equal_the_committed_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = run(bin()
        .args(["schema", "--out"])
        .arg(dir.path().join("schemas")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(bin().args(["docs", "--out"]).arg(dir.path().join("docs")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (generated, committed) in [
        ("schemas", root().join("spec/schemas")),
        ("docs", root().join("docs")),
    ] {
        let mut files = Vec::new();
        collect(&committed, &committed, &mut files);
        // `docs/assets/` holds committed images (the report's screenshot), not
        // pages the `docs` command writes.
        files.retain(|f| !f.starts_with("assets"));
        assert!(files.len() > 5);
        for rel in files {
            let a = std::fs::read(committed.join(&rel)).expect("committed");
            let b = std::fs::read(dir.path().join(generated).join(&rel)).expect("generated");
            assert!(a == b, "{generated}/{}", rel.display());
        }
    }
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(base, &p, out);
        } else {
            out.push(p.strip_prefix(base).expect("prefix").to_path_buf());
        }
    }
}

#[test]
fn schema_list_and_example_subcommands() {
    let one = run(bin().args(["schema", "product_added"]));
    assert_eq!(one.code, 0);
    let schema: Value = serde_json::from_str(&one.stdout).expect("json");
    assert_eq!(schema["title"], "Product Added");
    let bundle: Value = serde_json::from_str(&run(bin().arg("schema")).stdout).expect("json");
    assert_eq!(
        bundle["$id"],
        "https://semantic-events.dev/schemas/v1/bundle.json"
    );
    let unknown = run(bin().args(["schema", "Nope Happened"]));
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("not a semantic event"));

    let list = run(bin().arg("list"));
    let names: Vec<&str> = list
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default())
        .collect();
    let all: Vec<&str> = EventName::ALL.iter().map(|n| n.as_str()).collect();
    assert_eq!(names, all);
    let video = run(bin().args(["list", "--category", "video"]));
    assert_eq!(
        video.stdout.lines().count(),
        EventName::of(Category::Video).count()
    );
    // Categories are named as they serialise (`ab_testing`), the older spelling too.
    let snake = run(bin().args(["list", "--category", "ab_testing"]));
    assert_eq!(snake.code, 0, "{}", snake.stderr);
    assert_eq!(
        snake.stdout,
        run(bin().args(["list", "--category", "ab-testing"])).stdout
    );
    insta::assert_snapshot!("list_ab_testing_live_chat", {
        let a = run(bin().args(["list", "--category", "ab-testing"])).stdout;
        let b = run(bin().args(["list", "--category", "live-chat"])).stdout;
        a + &b
    });

    let example = run(bin().args(["example", "Order Completed"]));
    let call: Value = serde_json::from_str(&example.stdout).expect("json");
    assert!(semantic_events::validate(&call).violations().is_empty());
    let help = run(bin().arg("--help"));
    assert!(help.stdout.contains("Examples:"));
    let report = run(bin().args(["report", "--help"]));
    assert!(
        report.stdout.starts_with("Writes a data-quality report"),
        "{}",
        report.stdout
    );
    let version = run(bin().arg("--version"));
    assert!(version.stdout.starts_with("semantic-events "));
}

#[test]
fn plan_option_checks_your_own_events() {
    let dir = tempfile::tempdir().expect("tempdir");
    let calls = [
        json!({"userId": "u1", "event": "login", "properties": {"platform": "chrome"}}),
        json!({"userId": "u1", "event": "login", "properties": {"username": "jane"}}),
    ];
    let text = calls
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    let file = write(dir.path(), "logins.ndjson", text.as_bytes());
    let r = run(bin()
        .args(["validate", "--format", "json", "--plan"])
        .arg(root().join("spec/examples/plan"))
        .arg(&file));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let records = json_lines(&r.stdout);
    assert_eq!(records[0]["violations"][0]["code"], "plan_violation");
    assert_eq!(records[0]["violations"][0]["path"], "/properties");
    assert!(
        records[0]["violations"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("username")
    );
    assert_eq!(records[1]["valid"], true);
    let bad = run(bin()
        .args(["validate", "--plan"])
        .arg(dir.path().join("nope"))
        .arg(&file));
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("cannot load the tracking plan"),
        "{}",
        bad.stderr
    );
}

/// The vendors' own clients' batches (track, identify and page calls) fail no CI
/// job that uses `--fail-on warning`; other call types are counted by type.
#[test]
fn real_clients_traffic_passes_fail_on_warning() {
    let dir = root().join("spec/examples/clients");
    for file in [
        "segment-analytics-node.json",
        "customerio-cdp-analytics-node.json",
        "rudderstack-rudder-sdk-node.json",
    ] {
        let r = run(bin()
            .args(["validate", "--fail-on", "warning", "--profile", "strict"])
            .arg(dir.join(file)));
        assert_eq!(r.code, 0, "{file}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.is_empty(), "{file}: {}", r.stdout);
        assert!(
            r.stderr.contains("other calls: identify 1, page 1"),
            "{file}: {}",
            r.stderr
        );
    }
}

/// A reader that stops early (`| head`) ends the command quietly, status 0.
#[test]
fn a_closed_stdout_ends_quietly() {
    use std::io::Read as _;
    use std::process::Stdio;
    let binary = assert_cmd::cargo::cargo_bin("semantic-events");
    for args in [
        vec!["schema".to_string()],
        vec![
            "validate".to_string(),
            "--format".to_string(),
            "json".to_string(),
            sample().display().to_string(),
            sample().display().to_string(),
            sample().display().to_string(),
        ],
    ] {
        let mut child = std::process::Command::new(&binary)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let out = child.wait_with_output().expect("waits");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
    }
}
