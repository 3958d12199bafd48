//! `semantic-events report` (feature `cli`): its totals are `validate`'s, its
//! coverage of `Product Added` is a hand count over the sample, `--merge`
//! of two halves is the whole, bad inputs are reported and the rest counted,
//! values are masked unless asked for.

#![cfg(feature = "cli")]

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use semantic_events::{Dialect, Registry, Validator};
use serde_json::Value;

fn bin() -> Command {
    Command::cargo_bin("semantic-events").expect("binary built")
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/examples/events.ndjson")
}

struct Run {
    code: i32,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("written")).expect("JSON")
}

/// `report` over the sample, into a temporary directory: (HTML, JSON, stderr).
fn report_sample(extra: &[&str]) -> (String, Value, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (html, json) = (dir.path().join("r.html"), dir.path().join("r.json"));
    let r = run(bin()
        .arg("report")
        .arg(sample())
        .arg("--out")
        .arg(&html)
        .arg("--json")
        .arg(&json)
        .args(extra));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_to_string(&html).expect("page written");
    (page, read_json(&json), r.stderr)
}

/// The counts of `validate`'s summary line.
fn validate_summary(path: &Path) -> BTreeMap<String, u64> {
    let r = run(bin().arg("validate").arg("--quiet").arg(path));
    let line = r
        .stderr
        .lines()
        .find(|l| l.starts_with("records:"))
        .expect("a summary");
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .chunks(2)
        .map(|kv| {
            (
                kv[0].trim_end_matches(':').to_string(),
                kv[1].parse().expect("a count"),
            )
        })
        .collect()
}

#[test]
fn totals_equal_the_validate_summary() {
    let (_, json, stderr) = report_sample(&[]);
    let summary = validate_summary(&sample());
    for key in ["records", "valid", "invalid", "unparsable", "warnings"] {
        assert_eq!(json[key].as_u64(), Some(summary[key]), "{key}");
    }
    assert_eq!(summary["records"], 300);
    assert!(
        stderr.starts_with(
            "report: 300 records (286 valid, 13 invalid, 1 unparsable), 3 warnings -> "
        ),
        "{stderr}"
    );
}

/// For each semantic event in the sample: how many calls, and for each declared
/// property how many carry it (exact key) and how many of those have no error at
/// or under it, counted from the file with `serde_json` and the registry's name
/// resolution.
/// Per event: calls, and per declared property (present, valid).
type Coverage = BTreeMap<&'static str, (u64, BTreeMap<&'static str, (u64, u64)>)>;

fn hand_count(path: &Path) -> Coverage {
    let registry = Registry::builtin();
    let validator = Validator::new();
    let text = std::fs::read_to_string(path).expect("input");
    let mut out = Coverage::new();
    for line in text.lines() {
        let Ok(call) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let is_track = call.get("type").is_none_or(|t| t == "track");
        let name = call["event"].as_str().unwrap_or_default();
        let Some(decl) = registry.resolve(name, Dialect::Segment).event() else {
            continue;
        };
        if !is_track {
            continue;
        }
        let entry = out.entry(decl.name).or_default();
        entry.0 += 1;
        let errors: Vec<String> = validator
            .validate_str(line)
            .errors()
            .map(|v| v.path().to_string())
            .collect();
        let Some(props) = call["properties"].as_object() else {
            continue;
        };
        for p in &decl.properties.props {
            if props.contains_key(p.name) {
                let at = format!("/properties/{}", p.name);
                let broken = errors
                    .iter()
                    .any(|e| *e == at || e.starts_with(&format!("{at}/")));
                let filled = entry.1.entry(p.name).or_default();
                filled.0 += 1;
                filled.1 += u64::from(!broken);
            }
        }
    }
    out
}

/// Calls whose declared properties are present but invalid (the sample's
/// defects are all in reserved properties or the envelope).
const BROKEN: &str = r#"{"userId":"u","event":"Product Added","properties":{"price":"x","quantity":-1,"sku":"s"}}
{"userId":"u","event":"Order Completed","properties":{"order_id":"o","products":[{"price":"1"}],"total":5}}
{"userId":"u","event":"added_product","properties":{"product_id":7}}
"#;

#[test]
fn coverage_is_a_hand_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("events.ndjson");
    let mut text = std::fs::read_to_string(sample()).expect("sample");
    text.push_str(BROKEN);
    std::fs::write(&input, text).expect("written");
    let figures = dir.path().join("r.json");
    let r = run(bin().arg("report").arg(&input).arg("--json").arg(&figures));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = read_json(&figures);
    let counted = hand_count(&input);
    let (added, _) = &counted["Product Added"];
    assert!(*added > 0, "the sample has Product Added calls");
    let mut broken = 0;
    for (event, (records, props)) in &counted {
        let figures = &json["events"][event];
        assert_eq!(figures["records"].as_u64(), Some(*records), "{event}");
        for p in figures["properties"].as_array().expect("properties") {
            let name = p["name"].as_str().expect("a name");
            let (present, valid) = props.get(name).copied().unwrap_or((0, 0));
            assert_eq!(p["present"].as_u64(), Some(present), "{event} {name}");
            assert_eq!(p["valid"].as_u64(), Some(valid), "{event} {name}");
            broken += present - valid;
        }
    }
    // The count means something only if some present values are invalid.
    assert!(broken > 0, "no present-but-invalid property in the sample");
    let seen = json["events"]
        .as_object()
        .expect("events")
        .values()
        .filter(|e| e["records"].as_u64() > Some(0))
        .count();
    assert_eq!(seen, counted.len(), "the same events were seen");
}

#[test]
fn the_page_fetches_nothing_and_masks_values() {
    let (page, json, _) = report_sample(&[]);
    let page = support::unescape(&page);
    support::assert_no_outside_resources(&page);
    assert!(page.contains("Violations by code") && page.contains("Coverage of semantic events"));
    // The sample's numeric-string revenue; masked by default, shown on request.
    let sample = &json["codes"]["numeric_string"]["samples"][0];
    assert_eq!(sample["value"], Value::Null);
    let (shown_page, shown, _) = report_sample(&["--show-values"]);
    let value = shown["codes"]["numeric_string"]["samples"][0]["value"]
        .as_str()
        .expect("shown")
        .to_string();
    assert!(value.starts_with('"'), "{value}");
    assert!(support::unescape(&shown_page).contains(&value));
    assert!(!page.contains(&value), "{value} is on the masked page");
}

#[test]
fn merged_halves_equal_the_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(sample()).expect("sample");
    let lines: Vec<&str> = text.lines().collect();
    let (a, b) = lines.split_at(lines.len() / 2);
    let half = |name: &str, lines: &[&str]| -> PathBuf {
        let input = dir.path().join(format!("{name}.ndjson"));
        std::fs::write(&input, lines.join("\n")).expect("written");
        let figures = dir.path().join(format!("{name}.json"));
        let r = run(bin().arg("report").arg(&input).arg("--json").arg(&figures));
        assert_eq!(r.code, 0, "{}", r.stderr);
        figures
    };
    let (fa, fb) = (half("a", a), half("b", b));
    let merged = dir.path().join("merged.json");
    let html = dir.path().join("merged.html");
    let r = run(bin()
        .arg("report")
        .arg("--merge")
        .arg(&fa)
        .arg("--merge")
        .arg(&fb)
        .arg("--json")
        .arg(&merged)
        .arg("--out")
        .arg(&html));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, whole, _) = report_sample(&[]);
    // Samples name their own file and line; everything else is equal.
    let strip = |mut v: Value| {
        for c in v["codes"].as_object_mut().expect("codes").values_mut() {
            c["samples"] = Value::Null;
        }
        v
    };
    assert_eq!(strip(read_json(&merged)), strip(whole));
    let page = std::fs::read_to_string(&html).expect("page");
    assert!(page.contains("a.json (figures)"));
}

#[test]
fn an_unreadable_input_is_named_and_the_rest_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = dir.path().join("r.json");
    let r = run(bin()
        .arg("report")
        .arg(dir.path().join("missing.ndjson"))
        .arg(sample())
        .arg("--json")
        .arg(&json));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("missing.ndjson"), "{}", r.stderr);
    assert_eq!(read_json(&json)["records"], 300);
}

#[test]
fn usage_errors() {
    // Nowhere to write.
    let r = run(bin().arg("report").arg(sample()));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--out"), "{}", r.stderr);
    // Writing over an input.
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.ndjson");
    std::fs::copy(sample(), &input).expect("copied");
    let r = run(bin().arg("report").arg(&input).arg("--out").arg(&input));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        std::fs::read(&input).expect("still there"),
        std::fs::read(sample()).expect("sample")
    );
    // An output that cannot be created fails before anything is read.
    let r = run(bin()
        .arg("report")
        .arg(sample())
        .arg("--out")
        .arg(dir.path().join("no/such/dir/r.html")));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("records"),
        "nothing was counted: {}",
        r.stderr
    );
    // Figures that are not figures.
    let r = run(bin()
        .arg("report")
        .arg("--merge")
        .arg(&input)
        .arg("--json")
        .arg(dir.path().join("x.json")));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is not report figures"), "{}", r.stderr);
}
