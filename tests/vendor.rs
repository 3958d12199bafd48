//! Violations in the vendors' formats (`semantic_events::vendor`): the mapping
//! table (and the README's copy of it), RudderStack's `violationErrors` for the
//! crate's own rules and for a tracking plan, Segment's `Violation Generated`
//! calls, and both through `validate --format`.

#![cfg(feature = "plan")]

use std::fmt::Write as _;

use semantic_events::plan::Plan;
use semantic_events::vendor::{self, RudderPlan, RudderType, SegmentSource};
use semantic_events::{Code, Dialect, Profile, Validator};
use serde_json::{Value, json};
use strum::IntoEnumIterator;

/// The mapping table as the README shows it.
fn table() -> String {
    let mut out = String::from(
        "| code | RudderStack `type` | JSON Schema keyword (`schemaPath`) | Segment `violationType` |\n|---|---|---|---|\n",
    );
    for code in Code::iter() {
        let m = vendor::code_mapping(code);
        // Refined per violation by `vendor::mapping`.
        if code == Code::PlanViolation {
            out.push_str("| `plan_violation` | by the keyword that failed: `Required-Missing`, `Datatype-Mismatch`, `Additional-Properties`, `Advance-Rules-Violation`, else `Unknown-Violation` | the plan's own | Required, Invalid Type, Unplanned Property, Invalid Format, Invalid Value |\n");
            continue;
        }
        if code == Code::OutOfRange {
            let _ = writeln!(
                out,
                "| `{code}` | `{}` | `minimum` or `maximum` | {} |",
                m.rudderstack, m.segment
            );
            continue;
        }
        let _ = writeln!(
            out,
            "| `{code}` | `{}` | {} | {} |",
            m.rudderstack,
            m.keyword.map_or("—".to_string(), |k| format!("`{k}`")),
            m.segment
        );
    }
    out
}

#[test]
fn the_readme_shows_the_mapping_table_as_the_code_has_it() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = "<!-- vendor-mapping:start -->\n";
    let end = "<!-- vendor-mapping:end -->";
    let from = readme.find(start).expect("README has the mapping markers") + start.len();
    let to = readme[from..].find(end).expect("end marker") + from;
    if std::env::var("SPEC").as_deref() == Ok("overwrite") {
        let updated = format!("{}{}{}", &readme[..from], table(), &readme[to..]);
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"), updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[from..to],
        table(),
        "README's vendor mapping differs from vendor::code_mapping: run SPEC=overwrite cargo test --all-features --test vendor"
    );
}

fn errors(validator: &Validator, call: &Value) -> Value {
    let report = validator.validate(call);
    let bytes = serde_json::to_vec(call).unwrap();
    serde_json::to_value(vendor::rudderstack_errors(&bytes, report.violations())).unwrap()
}

#[test]
fn rudderstack_errors_for_the_crates_own_rules() {
    let strict = Validator::new().profile(Profile::Strict);
    let call = json!({"userId": "u", "event": "Product Added", "timestamp": "yesterday",
        "properties": {"price": "1", "quantity": -1, "colour": "red", "currency": "dollars"}});
    assert_eq!(
        errors(&strict, &call),
        json!([
            {"type": "Additional-Properties", "message": "property \"colour\" is not defined for this event",
             "meta": {"instancePath": "/properties", "schemaPath": "#/properties/properties/additionalProperties"},
             "property": "colour"},
            {"type": "Advance-Rules-Violation", "message": "expected a three-letter ISO 4217 currency code, found \"dollars\"",
             "meta": {"instancePath": "/properties/currency", "schemaPath": "#/properties/properties/properties/currency/pattern"},
             "property": ""},
            {"type": "Datatype-Mismatch", "message": "expected number, found numeric string \"1\"",
             "meta": {"instancePath": "/properties/price", "schemaPath": "#/properties/properties/properties/price/type"},
             "property": ""},
            {"type": "Advance-Rules-Violation", "message": "expected a value >= 0, found -1",
             "meta": {"instancePath": "/properties/quantity", "schemaPath": "#/properties/properties/properties/quantity/minimum"},
             "property": ""},
            {"type": "Required-Missing", "message": "one of \"product_id\", \"sku\" is recommended",
             "meta": {"instancePath": "/properties", "schemaPath": "#/properties/properties/required"},
             "property": "product_id"},
            {"type": "Advance-Rules-Violation", "message": "expected an RFC 3339 date-time, found \"yesterday\"",
             "meta": {"instancePath": "/timestamp", "schemaPath": "#/properties/timestamp/format"},
             "property": ""},
        ])
    );
    // A range by the bound it crossed.
    let loud = errors(
        &Validator::new(),
        &json!({"userId": "u", "event": "Video Playback Started", "properties": {"sound": 101, "position": -1}}),
    );
    let paths: Vec<&str> = loud
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["meta"]["schemaPath"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "#/properties/properties/properties/position/minimum",
            "#/properties/properties/properties/sound/maximum"
        ]
    );
    // A vendor-required field, missing: named apart from its parent, as ajv does.
    let cio = Validator::new().dialect(Dialect::CustomerIo);
    let missing = errors(
        &cio,
        &json!({"userId": "u", "event": "Email Opened", "properties": {}}),
    );
    let first = &missing[0];
    assert_eq!(first["type"], "Required-Missing");
    assert_eq!(first["meta"]["instancePath"], "/properties");
    assert_eq!(
        first["meta"]["schemaPath"],
        "#/properties/properties/required"
    );
    assert!(
        first["property"]
            .as_str()
            .is_some_and(|p| !p.is_empty() && !p.contains('/'))
    );
    // No identity: required at the root.
    let none = errors(&Validator::new(), &json!({"event": "x"}));
    assert_eq!(
        none,
        json!([{"type": "Required-Missing",
            "message": "expected userId or anonymousId to be a non-empty string: pipelines drop calls without an identity",
            "meta": {"instancePath": "", "schemaPath": "#/required"}, "property": "userId"}])
    );
}

/// A RudderStack-style plan (a schema of the whole call, rules under
/// `properties.properties`) gives the types and paths ajv gives in
/// rudder-transformer: `required` and `additionalProperties` at the parent with
/// the property named, the others at the value.
#[test]
fn rudderstack_errors_for_a_tracking_plan_are_the_ones_rudderstack_gives() {
    let mut plan = Plan::new();
    plan.add(
        "Signed Up",
        &json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "properties": {
                "properties": {
                    "type": "object",
                    "properties": {
                        "plan": {"type": "string", "enum": ["free", "pro"]},
                        "seats": {"type": "integer", "minimum": 1},
                        "code": {"type": "string", "pattern": "^[A-Z]+$"},
                        "referrer": {"type": "string"}
                    },
                    "required": ["plan", "email"],
                    "additionalProperties": false
                }
            }
        }),
    )
    .unwrap();
    let validator = Validator::new().with_plan(plan);
    let call = json!({"userId": "u", "event": "Signed Up",
        "properties": {"seats": 0, "code": "abc", "referrer": 5, "x": 1, "y": 2}});
    let got = errors(&validator, &call);
    let mut rows: Vec<(String, String, String, String)> = got
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["type"].as_str().unwrap().to_string(),
                e["meta"]["instancePath"].as_str().unwrap().to_string(),
                e["meta"]["schemaPath"].as_str().unwrap().to_string(),
                e["property"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    rows.sort();
    let row = |t: &str, i: &str, s: &str, p: &str| (t.into(), i.into(), s.into(), p.into());
    assert_eq!(
        rows,
        vec![
            row(
                "Additional-Properties",
                "/properties",
                "#/properties/properties/additionalProperties",
                "x"
            ),
            row(
                "Additional-Properties",
                "/properties",
                "#/properties/properties/additionalProperties",
                "y"
            ),
            row(
                "Advance-Rules-Violation",
                "/properties/code",
                "#/properties/properties/properties/code/pattern",
                ""
            ),
            row(
                "Advance-Rules-Violation",
                "/properties/seats",
                "#/properties/properties/properties/seats/minimum",
                ""
            ),
            row(
                "Datatype-Mismatch",
                "/properties/referrer",
                "#/properties/properties/properties/referrer/type",
                ""
            ),
            row(
                "Required-Missing",
                "/properties",
                "#/properties/properties/required",
                "email"
            ),
            row(
                "Required-Missing",
                "/properties",
                "#/properties/properties/required",
                "plan"
            ),
        ]
    );
    // An event neither semantic nor planned: Unplanned-Event, as RudderStack says it.
    let got = errors(&validator, &json!({"userId": "u", "event": "Logged Out"}));
    assert_eq!(
        got,
        json!([{"type": "Unplanned-Event",
            "message": "\"Logged Out\" is neither a semantic event nor in the tracking plan",
            "meta": {"instancePath": "/event", "schemaPath": ""}, "property": ""}])
    );
    // A semantic event is planned by the spec.
    assert_eq!(
        errors(
            &validator,
            &json!({"userId": "u", "event": "Order Completed"})
        ),
        json!([])
    );
}

#[test]
fn annotation_keeps_the_rest_of_the_call_byte_for_byte() {
    let e = vendor::rudderstack_errors(
        br#"{"event": "x"}"#,
        Validator::new()
            .validate(&json!({"event": "x"}))
            .violations(),
    );
    let body = serde_json::to_string(&e).unwrap();
    let plan = RudderPlan {
        id: "tp_1".into(),
        version: 3,
    };
    let cases: [(&str, String); 6] = [
        (
            r#"{"event":"x", "n": 1.50}"#,
            format!(r#"{{"context":{{"violationErrors":{body}}},"event":"x", "n": 1.50}}"#),
        ),
        (
            r#"{"event":"x","context":{"ip":"1.2.3.4"}}"#,
            format!(r#"{{"event":"x","context":{{"violationErrors":{body},"ip":"1.2.3.4"}}}}"#),
        ),
        (
            r#"{"event":"x","context":{ }}"#,
            format!(r#"{{"event":"x","context":{{"violationErrors":{body} }}}}"#),
        ),
        (
            r#"{"event":"x","context":null}"#,
            format!(r#"{{"event":"x","context":{{"violationErrors":{body}}}}}"#),
        ),
        (
            r#"{"event":"x","context":{"violationErrors":[],"ip":"1"}}"#,
            format!(r#"{{"event":"x","context":{{"violationErrors":{body},"ip":"1"}}}}"#),
        ),
        (
            r#"{"event":"x","context":{"ip":"1", "violationErrors":[1]}}"#,
            format!(r#"{{"event":"x","context":{{"violationErrors":{body},"ip":"1"}}}}"#),
        ),
    ];
    for (input, want) in cases {
        let got = vendor::annotate_rudderstack(input.as_bytes(), &e, None).unwrap();
        assert_eq!(String::from_utf8(got).unwrap(), want, "{input}");
    }
    let got = vendor::annotate_rudderstack(br#"{"event":"x"}"#, &e, Some(&plan)).unwrap();
    let v: Value = serde_json::from_slice(&got).unwrap();
    assert_eq!(v["context"]["trackingPlanId"], "tp_1");
    assert_eq!(v["context"]["trackingPlanVersion"], 3);
    // Nowhere to put them without losing something.
    for input in [
        &b"[1]"[..],
        b"{broken",
        br#"{"context": 5}"#,
        br#"{"context": {}, "context": {}}"#,
    ] {
        assert!(vendor::annotate_rudderstack(input, &e, None).is_none());
    }
}

#[test]
fn segment_violation_generated_calls() {
    let call = json!({"type": "track", "userId": "u", "event": "Order Completed", "messageId": "node-1",
        "sentAt": "2024-05-04T12:00:00Z", "timestamp": "2024-05-04T11:59:59Z",
        "context": {"app": {"name": "shop", "version": "4.2"}},
        "properties": {"total": "12", "products": [{"price": true}]}});
    let report = Validator::new().validate(&call);
    let source = SegmentSource {
        source_id: "dInN1HJ4bi".into(),
        source_name: "Acme Store".into(),
        source_slug: "acme_store".into(),
        tracking_plan_id: "rs_1".into(),
        tracking_plan_name: "Acme TP".into(),
    };
    let bytes = serde_json::to_vec(&call).unwrap();
    let mut out = vendor::segment_violations(&bytes, report.violations(), &source);
    // Ids: "sev-" and 16 hex digits, one per violation, the same on a replay,
    // another for another source.
    let ids: Vec<Value> = out
        .iter_mut()
        .map(|c| c.as_object_mut().unwrap().remove("messageId").unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    for id in &ids {
        let id = id.as_str().unwrap();
        assert!(
            id.len() == 20
                && id.starts_with("sev-")
                && id[4..].bytes().all(|b| b.is_ascii_hexdigit()),
            "{id}"
        );
    }
    let replay = vendor::segment_violations(&bytes, report.violations(), &source);
    assert_eq!(replay[0]["messageId"], ids[0]);
    let elsewhere = SegmentSource {
        source_id: "other".into(),
        ..source.clone()
    };
    assert_ne!(
        vendor::segment_violations(&bytes, report.violations(), &elsewhere)[0]["messageId"],
        ids[0]
    );
    // With warnings kept too, each error keeps its id.
    let both = vendor::segment_violations(&bytes, report.violations().iter().rev(), &source);
    assert_eq!(both[1]["messageId"], ids[0]);
    let common = |field: &str, kind: &str, description: &str| {
        json!({
            "type": "track", "event": "Violation Generated", "userId": "schema-violations",
            "properties": {
                "appVersion": "4.2", "eventMessageID": "node-1", "eventName": "Order Completed",
                "eventSentAt": "2024-05-04T12:00:00Z", "eventTimestamp": "2024-05-04T11:59:59Z",
                "eventType": "track", "sourceID": "dInN1HJ4bi", "sourceName": "Acme Store",
                "sourceSlug": "acme_store", "trackingPlanID": "rs_1", "trackingPlanName": "Acme TP",
                "violationDescription": description, "violationField": field, "violationType": kind,
            },
            "context": {"app": {"name": "shop", "version": "4.2"},
                "library": {"name": "semantic-events", "version": env!("CARGO_PKG_VERSION")}},
            "integrations": {},
        })
    };
    assert_eq!(
        out,
        vec![
            common(
                "properties.products.0.price",
                "Invalid Type",
                "Invalid type. Expected: number, given: boolean"
            ),
            common(
                "properties.total",
                "Invalid Type",
                "Invalid type. Expected: number, given: string"
            ),
        ]
    );
    // A vendor-required field: "<field> is required", as Segment words it.
    let cio = Validator::new().dialect(Dialect::CustomerIo);
    let bare = json!({"userId": "u", "event": "Email Opened"});
    let bytes = serde_json::to_vec(&bare).unwrap();
    let out = vendor::segment_violations(
        &bytes,
        cio.validate(&bare).violations(),
        &SegmentSource::default(),
    );
    let p = &out[0]["properties"];
    assert_eq!(p["violationType"], "Required");
    assert_eq!(
        p["violationDescription"],
        format!("{} is required", p["violationField"].as_str().unwrap())
    );
    assert_eq!(p["eventTimestamp"], "0001-01-01T00:00:00Z");
    assert_eq!(p["eventType"], "track");
    // A record that is not JSON still gives its violation, with an id of its own.
    let report = Validator::new().validate_slice(b"{broken");
    let a = vendor::segment_violations(b"{broken", report.violations(), &SegmentSource::default());
    let b = vendor::segment_violations(b"{broken", report.violations(), &SegmentSource::default());
    let c = vendor::segment_violations(b"{other", report.violations(), &SegmentSource::default());
    assert_eq!(a, b);
    assert_ne!(a[0]["messageId"], c[0]["messageId"]);
    assert_eq!(a[0]["properties"]["violationType"], "Invalid Payload");
    assert_eq!(a[0]["properties"]["violationField"], "(root)");
}

#[test]
fn every_rudderstack_type_is_reachable() {
    let reached: Vec<RudderType> = Code::iter()
        .map(|c| vendor::code_mapping(c).rudderstack)
        .collect();
    for t in [
        RudderType::UnplannedEvent,
        RudderType::RequiredMissing,
        RudderType::DatatypeMismatch,
        RudderType::AdditionalProperties,
        RudderType::AdvanceRulesViolation,
        RudderType::UnknownViolation,
    ] {
        assert!(reached.contains(&t), "{t}");
    }
}

#[cfg(feature = "cli")]
mod cli {
    use assert_cmd::Command;

    fn run(args: &[&str], input: &str) -> String {
        let out = Command::cargo_bin("semantic-events")
            .unwrap()
            .arg("validate")
            .args(args)
            .write_stdin(input.to_string())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    }

    const INPUT: &str = concat!(
        r#"{"userId":"u","event":"Product Added","messageId":"m1","properties":{"price":"1","currency":"usd"}}"#,
        "\n",
        r#"{"userId":"u","event":"Order Completed","properties":{"total":1.50}}"#,
        "\n",
        "{broken\n",
        r#"{"event":"Signed Up"}"#,
        "\n",
    );

    #[test]
    fn rudderstack_format() {
        insta::assert_snapshot!(run(
            &[
                "--format",
                "rudderstack",
                "--tracking-plan-id",
                "tp_1",
                "--tracking-plan-version",
                "2"
            ],
            INPUT
        ));
    }

    #[test]
    fn rudderstack_format_with_warnings() {
        insta::assert_snapshot!(run(
            &["--format", "rudderstack", "--fail-on", "warning"],
            INPUT
        ));
    }

    #[test]
    fn segment_format() {
        insta::assert_snapshot!(run(
            &[
                "--format",
                "segment",
                "--source-id",
                "src_1",
                "--source-name",
                "Shop",
                "--source-slug",
                "shop",
                "--tracking-plan-name",
                "TP"
            ],
            INPUT
        ));
    }
}
