//! Walks the reference (`spec/reference/semantic-events.json`, the project's
//! compiled vendor documentation) and proves that every event, property, type
//! difference, vendor-only event and property, and vendor name of the three
//! vendors is honoured by the declarations and the `Dialect` — or is one of the
//! documented decisions listed here, each with its reason.

use std::collections::BTreeSet;

use semantic_events::declare::{Format, Shape};
use semantic_events::{Dialect, EventName, Registry};
use serde_json::Value;

fn reference() -> Value {
    serde_json::from_str(include_str!("../spec/reference/semantic-events.json")).expect("reference")
}

/// Every event of the reference, family by family.
fn reference_events(reference: &Value) -> impl Iterator<Item = &Value> {
    reference["categories"]
        .as_object()
        .expect("categories")
        .values()
        .flat_map(|c| c["events"].as_array().expect("events"))
}

/// The vendors an event or property of the reference lists.
fn vendors_of(item: &Value) -> Vec<&str> {
    item["vendors"]
        .as_array()
        .expect("vendors")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

fn dialect(vendor: &str) -> Dialect {
    vendor.parse().expect("vendor")
}

/// The coarse kind of a reference type.
fn ref_kinds(t: &str) -> Option<BTreeSet<&'static str>> {
    let one = |k: &str| -> Option<&'static str> {
        Some(match k.trim() {
            "string" => "string",
            "number" | "number (float)" => "number",
            "integer" => "integer",
            "boolean" => "boolean",
            "object" => "object",
            "string (enum)" => "enum",
            "string (ISO 8601 date)" => "date",
            "string (date-time)" => "date-time",
            a if a.starts_with("array<") => "array",
            _ => return None,
        })
    };
    t.split('|').map(one).collect()
}

/// The coarse kind of our shape.
fn our_kinds(shape: &Shape) -> BTreeSet<&'static str> {
    match shape {
        Shape::String(Some(Format::DateOrDateTime)) => ["date"].into(),
        Shape::String(Some(Format::DateTime)) => ["date-time"].into(),
        Shape::String(_) => ["string"].into(),
        Shape::Enum(_) => ["enum"].into(),
        Shape::Number(_) => ["number"].into(),
        Shape::Integer(_) => ["integer"].into(),
        Shape::Boolean => ["boolean"].into(),
        Shape::Array(_) => ["array"].into(),
        Shape::Object(_) | Shape::Map => ["object"].into(),
        Shape::Union(members) => members.iter().flat_map(our_kinds).collect(),
        _ => ["any"].into(),
    }
}

/// Types that differ from the reference on purpose: (event, property, vendor, why).
const TYPE_DECISIONS: &[(&str, &str, &str, &str)] = &[
    (
        "Product Reviewed",
        "rating",
        "segment",
        "reference README §15: a string or a number (the vendors' own payloads send numbers)",
    ),
    (
        "Product Reviewed",
        "rating",
        "rudderstack",
        "reference README §15, as for Segment",
    ),
    (
        "Video Content Started",
        "airdate",
        "customerio",
        "reference README §18: a date or a date-time in every dialect",
    ),
    (
        "Video Content Playing",
        "airdate",
        "customerio",
        "reference README §18",
    ),
    (
        "Video Content Completed",
        "airdate",
        "customerio",
        "reference README §18",
    ),
];

/// Properties known in more dialects than the reference lists them for.
const VENDOR_DECISIONS: &[(&str, &str, &str)] = &[
    (
        "Order Refunded",
        "*",
        "reference README §17: the full order property set in every dialect",
    ),
    (
        "Live Chat *",
        "message_body",
        "every Segment example sends it; Customer.io lists it: declared for every dialect",
    ),
];

/// Properties the crate declares that the reference does not list for the event.
const EXTRA_DECISIONS: &[(&str, &[&str], &str)] = &[(
    "Product Shared",
    &["quantity", "coupon", "position"],
    "the shared Product object is flattened in; extra known properties only tighten types",
)];

fn decided_vendor(event: &str, prop: &str) -> bool {
    VENDOR_DECISIONS.iter().any(|(e, p, _)| {
        (e == &event || (e.ends_with('*') && event.starts_with(e.trim_end_matches('*'))))
            && (p == &"*" || p == &prop)
    })
}

#[test]
fn every_reference_property_is_declared_with_its_vendors_and_types() {
    let reference = reference();
    let mut checked = 0;
    let mut problems = Vec::new();
    for event in reference_events(&reference) {
        let name = event["name"].as_str().expect("name");
        let ours: EventName = name
            .parse()
            .unwrap_or_else(|_| panic!("{name} is not declared"));
        let decl = ours.decl();
        let mut listed = BTreeSet::new();
        for prop in event["properties"].as_array().expect("properties") {
            let pname = prop["name"].as_str().expect("property name");
            listed.insert(pname);
            let Some(p) = decl.properties.get(pname) else {
                problems.push(format!("{name}.{pname}: not declared"));
                continue;
            };
            let vendors = vendors_of(prop);
            for v in ["segment", "customerio", "rudderstack"] {
                let listed_by = vendors.contains(&v);
                let known = p.vendors.known_in(dialect(v));
                let by_base_rule = vendors.contains(&"segment");
                if listed_by && !known {
                    problems.push(format!(
                        "{name}.{pname}: listed by {v} but not known in its dialect"
                    ));
                }
                if !listed_by && known && !by_base_rule && !decided_vendor(name, pname) {
                    problems.push(format!(
                        "{name}.{pname}: known in {v}, which does not list it"
                    ));
                }
                if !listed_by {
                    continue;
                }
                let t = prop["type_by_vendor"][v]
                    .as_str()
                    .or(prop["type"].as_str())
                    .expect("type");
                let Some(expected) = ref_kinds(t) else {
                    // "unspecified": README §19 decides (Video Quality Updated).
                    continue;
                };
                let got = our_kinds(p.shape_in(dialect(v)));
                let decided = TYPE_DECISIONS
                    .iter()
                    .any(|(e, q, w, _)| *e == name && *q == pname && *w == v);
                if got != expected && !decided {
                    problems.push(format!(
                        "{name}.{pname} ({v}): reference {t}, declared {got:?}"
                    ));
                }
                if let (Some(values), Shape::Enum(ours)) =
                    (prop["enum"].as_array(), p.shape_in(dialect(v)))
                {
                    let theirs: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
                    if theirs != *ours {
                        problems.push(format!("{name}.{pname}: enum {theirs:?} vs {ours:?}"));
                    }
                }
                checked += 1;
            }
        }
        for p in &decl.properties.props {
            let extra_ok = EXTRA_DECISIONS
                .iter()
                .any(|(e, ps, _)| *e == name && ps.contains(&p.name));
            // README §21: seek_position on Seek Started in every dialect.
            let seek = name == "Video Playback Seek Started" && p.name == "seek_position";
            if !(listed.contains(p.name) || extra_ok || seek) {
                problems.push(format!(
                    "{name}.{}: declared but not in the reference",
                    p.name
                ));
            }
        }
    }
    assert!(
        checked > 1000,
        "only {checked} (event, property, vendor) triples"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_reference_event_is_known_in_its_vendors_dialects() {
    let reference = reference();
    for event in reference_events(&reference) {
        let name = event["name"].as_str().expect("name");
        let decl = name.parse::<EventName>().expect("declared").decl();
        let vendors = vendors_of(event);
        for v in ["segment", "customerio", "rudderstack"] {
            let known = decl.vendors.known_in(dialect(v));
            let registry = Registry::builtin()
                .resolve(name, dialect(v))
                .event()
                .is_some();
            assert_eq!(known, registry, "{name} in {v}");
            if vendors.contains(&v) {
                assert!(known, "{name}: listed by {v} but unknown in its dialect");
            } else if !vendors.contains(&"segment") {
                // Vendor-only events (Customer.io's Geofence Transition) stay theirs.
                assert!(!known, "{name}: known in {v}, which does not define it");
            }
        }
    }
}

#[test]
fn every_alias_and_vendor_name_resolves_in_its_dialect() {
    let reference = reference();
    let quoted = |s: &str| -> Vec<String> {
        s.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    for event in reference_events(&reference) {
        let name = event["name"].as_str().expect("name");
        for alias in event["aliases"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            let alias = alias.split(" (").next().expect("alias");
            for d in [Dialect::Segment, Dialect::CustomerIo, Dialect::Rudderstack] {
                let got = Registry::builtin()
                    .resolve(alias, d)
                    .event()
                    .map(|e| e.name);
                assert_eq!(got, Some(name), "alias {alias:?} in {d}");
            }
        }
        for (vendor, note) in event["vendor_naming"].as_object().into_iter().flatten() {
            for spelled in quoted(note.as_str().expect("note")) {
                let got = Registry::builtin()
                    .resolve(&spelled, dialect(vendor))
                    .event()
                    .map(|e| e.name);
                assert_eq!(got, Some(name), "{vendor} name {spelled:?}");
            }
        }
    }
    // The Segment v1 table, too.
    for v1 in reference["segment_ecommerce_v1"].as_array().expect("v1") {
        let v2 = v1["v2_equivalent"].as_str().expect("v2");
        let names: Vec<String> = v1["name"]
            .as_str()
            .expect("name")
            .split(" / ")
            .map(|n| n.split(" (").next().unwrap_or(n).to_string())
            .collect();
        for n in names {
            let got = Registry::builtin()
                .resolve(&n, Dialect::Segment)
                .event()
                .map(|e| e.name);
            assert_eq!(got, Some(v2), "v1 name {n:?}");
        }
    }
}
