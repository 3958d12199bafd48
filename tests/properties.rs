//! Property tests over the public strategies (feature `proptest`).
//!
//! 256 cases per property by default; set `PROPTEST_CASES` for longer runs
//! (the README's nightly-style command uses 20 000).

#![cfg(feature = "proptest")]

mod support;

use proptest::prelude::*;
use proptest::sample::select;
use semantic_events::strategies::{self, Expected};
use semantic_events::{Dialect, EventName, SemanticEvent, Severity, Validator};
use serde_json::Value;

/// A call's bytes with its top-level keys in the order `ranks` gives (key `i`
/// goes by `ranks[i % len]`), so that `type` may come before or after
/// `event` and `properties`, as real clients send it.
fn reordered(call: &Value, ranks: &[u32]) -> Vec<u8> {
    let Value::Object(map) = call else {
        return serde_json::to_vec(call).expect("serialize");
    };
    let mut entries: Vec<(usize, (&String, &Value))> = map.iter().enumerate().collect();
    entries.sort_by_key(|(i, _)| ranks.get(i % ranks.len().max(1)).copied().unwrap_or(0));
    let body: Vec<String> = entries
        .iter()
        .map(|(_, (k, v))| format!("{}:{}", Value::from(k.as_str()), v))
        .collect();
    format!("{{{}}}", body.join(",")).into_bytes()
}

/// The three tiers, each from its own walk, agree with the full report in
/// both directions, on bytes in any key order and on the parsed value.
fn tiers_agree_on(validator: &Validator, call: &Value, bytes: &[u8]) -> Result<(), TestCaseError> {
    let report = validator.validate_slice(bytes);
    prop_assert_eq!(
        &validator.validate(call),
        &report,
        "Value and bytes paths differ"
    );
    let valid = report.is_valid();
    prop_assert_eq!(validator.is_valid_slice(bytes), valid, "is_valid_slice");
    prop_assert_eq!(validator.is_valid(call), valid, "is_valid");
    let first = validator.first_error_slice(bytes);
    prop_assert_eq!(first.as_ref(), report.errors().next(), "first_error_slice");
    // The Value path walks the value's own key order.
    let first = validator.first_error(call);
    let from_value = validator.validate(call);
    prop_assert_eq!(first.as_ref(), from_value.errors().next(), "first_error");
    Ok(())
}

/// The declared call types, and two values that are not one.
fn call_types() -> Vec<Value> {
    let mut types: Vec<Value> = semantic_events::envelope::declaration()
        .call_names()
        .iter()
        .map(|t| Value::from(*t))
        .collect();
    types.push(Value::from("trak"));
    types.push(Value::Null);
    types
}

/// The three tiers agree, on the value and on its bytes.
fn tiers_agree(validator: &Validator, call: &Value) -> Result<bool, TestCaseError> {
    let report = validator.validate(call);
    let bytes = serde_json::to_vec(call).expect("serialize");
    let from_bytes = validator.validate_slice(&bytes);
    prop_assert_eq!(&report, &from_bytes);
    let valid = report.is_valid();
    prop_assert_eq!(validator.is_valid(call), valid);
    prop_assert_eq!(validator.is_valid_slice(&bytes), valid);
    prop_assert_eq!(validator.first_error(call).is_none(), valid);
    prop_assert_eq!(validator.first_error_slice(&bytes).is_none(), valid);
    let first = validator.first_error(call);
    prop_assert_eq!(first.as_ref(), report.errors().next());
    Ok(valid)
}

proptest! {
    #![proptest_config(support::proptest_config())]

    #[test]
    fn valid_calls_are_valid_everywhere(call in strategies::valid_track()) {
        let validator = Validator::new();
        let report = validator.validate(&call);
        prop_assert!(report.is_valid(), "{}\n{}", report, call);
        prop_assert!(tiers_agree(&validator, &call)?);
        prop_assert!(support::bundle(Dialect::Segment).is_valid(&call), "bundle rejects {}", call);
    }

    #[test]
    fn valid_calls_in_every_dialect(
        (dialect, call) in prop_oneof![Just(Dialect::CustomerIo), Just(Dialect::Rudderstack)]
            .prop_flat_map(|d| (Just(d), strategies::valid_track_dialect(d)))
    ) {
        let validator = Validator::new().dialect(dialect);
        let report = validator.validate(&call);
        prop_assert!(report.is_valid(), "{}: {}\n{}", dialect, report, call);
        prop_assert!(support::bundle(dialect).is_valid(&call), "{} bundle rejects {}", dialect, call);
    }

    #[test]
    fn typed_round_trip(call in strategies::valid_track()) {
        let typed = SemanticEvent::from_track(&call).expect("a valid call types");
        let json = typed.properties().expect("to json");
        let again = SemanticEvent::from_parts(typed.wire_name(), Some(&json)).expect("types again");
        prop_assert_eq!(&again, &typed);
        prop_assert_eq!(again.name(), EventName::ALL.iter().copied().find(|n| n.as_str() == call["event"]));
    }

    #[test]
    fn every_mutation_is_reported(
        (dialect, (call, expected)) in select(Dialect::ALL.to_vec())
            .prop_flat_map(|d| (Just(d), strategies::invalid_track_in(d)))
    ) {
        let validator = Validator::new().dialect(dialect);
        let report = validator.validate(&call);
        prop_assert!(expected.is_in(&report), "{}: {:?} not in {}\n{}", dialect, expected, report, call);
        // The labelled defect and nothing else: no other error (warnings, such as
        // a variant name's, may come with it).
        let others: Vec<_> = report
            .errors()
            .filter(|v| v.code() != expected.code || v.path() != expected.path)
            .collect();
        prop_assert!(others.is_empty(), "{}: errors besides {:?}: {:?}\n{}", dialect, expected, others, call);
        // ... and that defect once.
        let labelled = report
            .violations()
            .iter()
            .filter(|v| v.code() == expected.code && v.path() == expected.path)
            .count();
        prop_assert_eq!(labelled, 1, "{}: {:?} reported {} times\n{}", dialect, expected, labelled, call);
        let valid = tiers_agree(&validator, &call)?;
        if expected.severity == Severity::Error {
            prop_assert!(!valid);
            prop_assert!(!support::bundle(dialect).is_valid(&call), "{} bundle accepts {}", dialect, call);
        } else {
            // A warning alone leaves the call valid, for the validator and the schema.
            prop_assert!(valid, "{}", report);
            prop_assert!(support::bundle(dialect).is_valid(&call), "{} bundle rejects {}", dialect, call);
        }
    }

    /// Any call type, any key order: the call type may arrive after what only a
    /// track call has, and the tiers still agree without a second walk. Calls
    /// may be custom, carry a second error that stands whatever the type (a
    /// bad timestamp), a `properties` that is not an object, both type keys, or
    /// a type that is not one.
    #[test]
    fn tiers_agree_whatever_the_call_type_and_key_order(
        call in prop_oneof![
            3 => strategies::invalid_track().prop_map(|(call, _)| call),
            1 => strategies::valid_track(),
        ],
        call_type in proptest::sample::select(call_types()),
        keys in 0u8..4,
        extra in 0u8..4,
        ranks in proptest::collection::vec(any::<u32>(), 1..12),
        profile in prop_oneof![Just(semantic_events::Profile::Lenient), Just(semantic_events::Profile::Standard), Just(semantic_events::Profile::Strict)],
    ) {
        let mut call = call;
        if let Some(m) = call.as_object_mut() {
            m.remove("type");
            // 0: type, 1: the legacy key, 2: both (type wins), 3: neither (track).
            if keys != 1 && keys != 3 {
                m.insert("type".into(), call_type.clone());
            }
            if keys == 1 || keys == 2 {
                m.insert("action".into(), call_type.clone());
            }
            match extra {
                1 => { m.insert("timestamp".into(), "yesterday".into()); }
                2 => { m.insert("properties".into(), "not an object".into()); }
                3 => { m.insert("properties".into(), serde_json::json!([1, 2])); }
                _ => {}
            }
        }
        let validator = Validator::new().profile(profile);
        tiers_agree_on(&validator, &call, &reordered(&call, &ranks))?;
        let report = validator.validate(&call);
        let declared = semantic_events::envelope::declaration();
        let expected_type = match call_type.as_str().and_then(|t| declared.call(t)) {
            Some(c) if keys != 3 => c.name,
            _ => "track",
        };
        prop_assert_eq!(report.call_type(), Some(expected_type));
        if expected_type != "track" {
            // Nothing of the event is reported on another call type.
            prop_assert!(report.violations().iter().all(|v| !v.path().starts_with("/properties/") && v.path() != "/event"), "{}", report);
            prop_assert!(report.event().is_none());
        }
    }

    #[test]
    fn typed_events_round_trip(event in any::<SemanticEvent>()) {
        let json = event.properties().expect("to json");
        let name = event.name().expect("semantic");
        prop_assert_eq!(SemanticEvent::typed(name, Some(&json)).expect("types"), event);
    }
}

#[test]
fn expected_labels_compare_by_code_path_and_severity() {
    let e = Expected {
        code: semantic_events::Code::NumericString,
        path: "/properties/price".into(),
        severity: Severity::Error,
    };
    let report = semantic_events::validate(&serde_json::json!({
        "userId": "u", "event": "Product Added", "properties": {"price": "1"}
    }));
    assert!(e.is_in(&report));
    let warning = Expected {
        severity: Severity::Warning,
        ..e
    };
    assert!(!warning.is_in(&report));
}

/// The typed strategies (`event::<E>()`, `semantic_event()`, `family()`) keep a
/// generated value only if its type deserializes it; this proves they never have
/// to drop one: every value the untyped strategy of each event generates types.
#[test]
fn typed_strategies_never_drop_a_value() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut checked = 0;
    for name in EventName::ALL {
        // Each event in the first dialect that knows it (Customer.io's own events
        // in Customer.io's), as `event::<E>()` generates it.
        let dialect = name.decl().vendors.iter().next().expect("a vendor");
        let strategy = strategies::event_properties(*name, dialect);
        for _ in 0..48 {
            let value = strategy.new_tree(&mut runner).expect("a value").current();
            let typed = SemanticEvent::typed(*name, Some(&value));
            assert!(typed.is_ok(), "{name}: {value} does not type: {typed:?}");
            checked += 1;
        }
    }
    assert!(checked > 2500, "{checked}");
}
