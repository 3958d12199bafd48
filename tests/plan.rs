//! Runtime tracking plans (feature `plan`): loaded from a folder of JSON Schemas,
//! checked beside the semantic rules, reported in the same `Report`.

#![cfg(feature = "plan")]

use std::path::Path;

use semantic_events::plan::{Plan, PlanError};
use semantic_events::{Code, Validator};
use serde_json::json;

fn plan() -> Plan {
    Plan::load_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/examples/plan"))
        .expect("plan loads")
}

#[test]
fn a_login_without_username_breaks_the_plan_at_properties() {
    let validator = Validator::new().with_plan(plan());
    let call = json!({"userId": "u1", "event": "login", "properties": {"platform": "chrome"}});
    let report = validator.validate(&call);
    let v = report.errors().next().expect("a plan violation");
    assert_eq!((v.code(), v.path()), (Code::PlanViolation, "/properties"));
    assert!(v.to_string().contains("username"), "{v}");
    let bytes = serde_json::to_vec(&call).expect("json");
    assert_eq!(validator.validate_slice(&bytes), report);
    assert!(!validator.is_valid_slice(&bytes) && !validator.is_valid(&call));
    // No properties at all: the required one is still missing.
    let bare = validator.validate_str(r#"{"userId":"u1","event":"login"}"#);
    assert!(bare.has(Code::PlanViolation, "/properties"), "{bare}");
    // Without the plan, login is a valid custom event.
    assert!(Validator::new().validate(&call).is_valid());
}

#[test]
fn plan_rules_report_their_paths_and_run_beside_the_semantic_rules() {
    let validator = Validator::new().with_plan(plan());
    let report = validator.validate(&json!({
        "userId": "u1", "event": "login",
        "properties": {"username": "jane", "platform": "netscape", "revenue": "3"}
    }));
    assert!(
        report.has(Code::PlanViolation, "/properties/platform"),
        "{report}"
    );
    assert!(
        report.has(Code::NumericString, "/properties/revenue"),
        "{report}"
    );
    let ok = validator
        .validate(&json!({"userId": "u1", "event": "login", "properties": {"username": "jane"}}));
    assert!(ok.violations().is_empty(), "{ok}");
}

#[test]
fn segment_protocols_exports_describe_the_whole_call() {
    let validator = Validator::new().with_plan(plan());
    let call = json!({
        "anonymousId": "a1", "event": "Course Started",
        "properties": {"courseId": "c1", "progress": 120, "modules": [{"moduleName": "intro"}]}
    });
    let report = validator.validate(&call);
    assert!(
        report.has(Code::PlanViolation, "/properties/progress"),
        "{report}"
    );
    assert!(
        report.has(Code::PlanViolation, "/properties/modules/0"),
        "{report}"
    );
    // Matched by a variant spelling too (with the name lint's own warning).
    let mut variant = call.clone();
    variant["event"] = json!("course_started");
    assert!(
        validator
            .validate(&variant)
            .has(Code::PlanViolation, "/properties/progress")
    );
}

#[test]
fn bad_plans_are_refused_with_a_clear_error() {
    let mut plan = Plan::new();
    plan.add("login", &json!({"type": "object"})).expect("adds");
    let dup = plan.add("Login", &json!({})).expect_err("duplicate");
    assert!(matches!(dup, PlanError::Duplicate { .. }));
    assert!(dup.to_string().contains("defined twice"));
    let bad = Plan::new()
        .add("x", &json!({"type": 12}))
        .map(|_| ())
        .expect_err("bad schema");
    assert!(bad.to_string().contains("not a valid JSON Schema"), "{bad}");
    let missing = Plan::load_dir("/nonexistent/plan").expect_err("missing dir");
    assert!(missing.to_string().contains("/nonexistent/plan"));
    assert_eq!(
        self::plan().events().collect::<Vec<_>>(),
        ["login", "Course Started"]
    );
}

/// A schema that names no event is an error naming its file, not an event
/// called "".
#[test]
fn unnamed_plan_schemas_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let protocols = dir.path().join("protocols.json");
    std::fs::write(
        &protocols,
        r#"{"rules": {"events": [{"rules": {"type": "object"}}]}}"#,
    )
    .expect("write");
    let err = Plan::load_dir(dir.path()).expect_err("unnamed");
    assert!(matches!(err, PlanError::Unnamed { .. }), "{err}");
    assert!(err.to_string().contains("protocols.json"), "{err}");

    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("untitled.json"),
        r#"{"title": "", "type": "object"}"#,
    )
    .expect("write");
    let err = Plan::load_dir(dir.path()).expect_err("unnamed");
    assert!(err.to_string().contains("untitled.json"), "{err}");
}
