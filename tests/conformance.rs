//! Runs every conformance vector in `spec/vectors/` (format: `spec/README.md`).
//!
//! Each vector is validated from its file's own bytes (key order as written:
//! `vectors/*/key-order/` puts `properties` before `event` and the call type
//! last), from the value re-serialised (keys sorted), and from a
//! `serde_json::Value`; each must produce exactly the expected violations (code,
//! path, severity — compared as multisets, so a duplicated violation fails), and
//! the three validation tiers must agree. `spec/expected_failures.txt` lists vectors
//! known to fail, with a reason; one of them passing fails the run too.

use std::collections::BTreeSet;

use serde_json::value::RawValue;
use std::path::{Path, PathBuf};

use semantic_events::{Dialect, Profile, SemanticEvent, Severity, Validator};
use serde_json::Value;

fn vectors(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            vectors(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

fn validator_for(v: &Value) -> Validator {
    let mut validator = Validator::new();
    if let Some(d) = v.get("dialect").and_then(Value::as_str) {
        validator = validator.dialect(d.parse::<Dialect>().expect("dialect"));
    }
    if let Some(p) = v.get("profile").and_then(Value::as_str) {
        validator = validator.profile(p.parse::<Profile>().expect("profile"));
    }
    if let Some(s) = v.get("numeric_strings").and_then(Value::as_str) {
        validator = validator.numeric_strings(s.parse::<Severity>().expect("severity"));
    }
    validator
}

type Triple = (String, String, String);

/// The violations as a multiset (sorted, duplicates kept).
fn triples(report: &semantic_events::Report) -> Vec<Triple> {
    let mut out: Vec<Triple> = report
        .violations()
        .iter()
        .map(|v| {
            (
                v.code().to_string(),
                v.path().to_string(),
                v.severity().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The vector's `input` exactly as its file spells it.
#[derive(serde::Deserialize)]
struct Own<'a> {
    #[serde(borrow, default)]
    input: Option<&'a RawValue>,
}

/// Checks one vector; `Err` says what differs.
fn check(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let vector: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let validator = validator_for(&vector);
    let mut expect: Vec<Triple> = vector["expect"]
        .as_array()
        .ok_or("no expect array")?
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("path"), s("severity"))
        })
        .collect();
    expect.sort();
    let valid = vector["valid"].as_bool().ok_or("no valid flag")?;
    let own: Own<'_> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let inputs: Vec<(&str, Vec<u8>)> = match (own.input, vector.get("input_text")) {
        (Some(raw), None) => {
            let input = vector.get("input").ok_or("no input")?;
            vec![
                ("own bytes", raw.get().as_bytes().to_vec()),
                (
                    "re-serialised",
                    serde_json::to_vec(input).map_err(|e| e.to_string())?,
                ),
            ]
        }
        (None, Some(Value::String(t))) => vec![("input_text", t.clone().into_bytes())],
        _ => return Err("needs exactly one of input / input_text".into()),
    };
    let mut from_bytes = semantic_events::Report::default();
    for (what, bytes) in &inputs {
        from_bytes = validator.validate_slice(bytes);
        let got = triples(&from_bytes);
        if got != expect {
            return Err(format!(
                "{what}: violations differ\n  expected: {expect:?}\n  got:      {got:?}\n  report:   {from_bytes}"
            ));
        }
        if from_bytes.is_valid() != valid {
            return Err(format!(
                "{what}: verdict: expected valid={valid}, got {from_bytes}"
            ));
        }
        if validator.is_valid_slice(bytes) != valid
            || validator.first_error_slice(bytes).is_none() != valid
        {
            return Err(format!("{what}: tiers disagree on bytes"));
        }
    }
    if let Some(input) = vector.get("input") {
        let from_value = validator.validate(input);
        if from_value != from_bytes {
            return Err(format!(
                "Value path differs:\n{from_value}\nbytes path:\n{from_bytes}"
            ));
        }
        if validator.is_valid(input) != valid || validator.first_error(input).is_none() != valid {
            return Err("tiers disagree on Value".into());
        }
        // What the validator accepts, the typed API can parse and give back.
        let plain = vector.get("profile").is_none() && vector.get("numeric_strings").is_none();
        if valid
            && plain
            && from_value.is_track()
            && input.get("event").is_some_and(Value::is_string)
        {
            let typed =
                SemanticEvent::from_track(input).map_err(|e| format!("typed parse: {e}"))?;
            let props = typed.properties().map_err(|e| e.to_string())?;
            let again = SemanticEvent::from_parts(typed.wire_name(), Some(&props))
                .map_err(|e| format!("typed re-parse: {e}"))?;
            if again != typed {
                return Err(format!("typed round trip differs: {typed:?} vs {again:?}"));
            }
        }
    }
    Ok(())
}

#[test]
fn conformance_vectors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    let mut all = Vec::new();
    vectors(&root.join("vectors"), &mut all);
    assert!(all.len() > 200, "only {} vectors found", all.len());
    let expected_failures: BTreeSet<String> =
        std::fs::read_to_string(root.join("expected_failures.txt"))
            .unwrap_or_default()
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
    let mut problems = Vec::new();
    for path in &all {
        let name = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let xfail = expected_failures.contains(&name);
        match (check(path), xfail) {
            (Ok(()), false) | (Err(_), true) => {}
            (Ok(()), true) => problems.push(format!(
                "{name}: passes but is listed in spec/expected_failures.txt: remove it there"
            )),
            (Err(e), false) => problems.push(format!("{name}: {e}")),
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} vectors failed:\n{}",
        problems.len(),
        all.len(),
        problems.join("\n")
    );
}
