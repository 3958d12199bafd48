//! Repairs (`semantic_events::fix`): the issue's examples by hand, each edge of
//! each repair, and the guarantees as properties over the public strategies.
//!
//! 256 cases per property by default; `PROPTEST_CASES=10000` for the long run.

#![cfg(feature = "proptest")]

mod support;

use proptest::prelude::*;
use proptest::sample::select;
use semantic_events::fix::{Fixed, Fixer, REPAIRABLE, Reason};
use semantic_events::strategies;
use semantic_events::{Code, Dialect, Profile, Registry, SemanticEvent, Validator};
use serde_json::{Value, json};

fn fixer() -> Fixer {
    Fixer::new(Validator::new())
}

fn codes<T>(fixed: &Fixed<T>) -> Vec<(Code, String)> {
    fixed
        .report
        .violations()
        .iter()
        .map(|v| (v.code(), v.path().to_string()))
        .collect()
}

fn declined<T>(fixed: &Fixed<T>) -> Vec<(Code, String, Reason)> {
    fixed
        .declined
        .iter()
        .map(|d| (d.code, d.path.clone(), d.reason.clone()))
        .collect()
}

// ---- The issue's examples ----

#[test]
fn the_issue_example_is_repaired_with_a_four_operation_patch() {
    let call = json!({"userId":"u","event":"product_added","properties":{"productId":"p1","price":"139.99","currency":"usd"}});
    let fixed = fixer().fix(&call);
    assert_eq!(
        fixed.call,
        json!({"userId":"u","event":"Product Added","properties":{"product_id":"p1","price":139.99,"currency":"USD"}})
    );
    let patch = serde_json::to_value(fixed.patch()).unwrap();
    assert_eq!(
        patch,
        json!([
            {"op": "replace", "path": "/event", "value": "Product Added"},
            {"op": "replace", "path": "/properties/currency", "value": "USD"},
            {"op": "replace", "path": "/properties/price", "value": 139.99},
            {"op": "move", "from": "/properties/productId", "path": "/properties/product_id"},
        ])
    );
    assert!(fixed.report.violations().is_empty(), "{}", fixed.report);
    let repaired: Vec<Code> = fixed.repairs.iter().map(|r| r.code).collect();
    assert_eq!(
        repaired,
        [
            Code::NonCanonicalEventName,
            Code::NonStandardCurrency,
            Code::NumericString,
            Code::NonCanonicalPropertyName,
        ]
    );
}

#[test]
fn the_issue_example_from_bytes_keeps_everything_else_byte_for_byte() {
    let input = br#"{ "userId":"u",  "event":"product_added","properties":{"productId":"p1","price":"139.99","currency":"usd", "x": 1.50, "x": 2}}"#;
    let fixed = fixer().fix_slice(input);
    assert_eq!(
        std::str::from_utf8(&fixed.call).unwrap(),
        r#"{ "userId":"u",  "event":"Product Added","properties":{"product_id":"p1","price":139.99,"currency":"USD", "x": 1.50, "x": 2}}"#
    );
    assert_eq!(fixed.patch().0.len(), 4);
    assert!(fixed.report.violations().is_empty(), "{}", fixed.report);
}

#[test]
fn a_near_miss_is_left_and_still_reported() {
    let call = json!({"userId":"u","event":"Order Complete","properties":{"total":"12.5"}});
    let fixed = fixer().fix(&call);
    // The custom event's properties are its own: nothing to repair either.
    assert_eq!(fixed.call, call);
    assert!(!fixed.is_changed());
    assert_eq!(
        codes(&fixed),
        [(Code::UnknownEventNearMiss, "/event".to_string())]
    );
    let bytes = serde_json::to_vec(&call).unwrap();
    let fixed = fixer().fix_slice(&bytes);
    assert!(matches!(fixed.call, std::borrow::Cow::Borrowed(_)));
}

// ---- Each repair and its edges ----

#[test]
fn aliases_become_the_canonical_name_in_the_dialect_in_use() {
    let call = json!({"userId":"u","event":"Added Product"});
    assert_eq!(fixer().fix(&call).call["event"], "Product Added");
    // Customer.io's own title of the event, in its dialect.
    let cio = Fixer::new(Validator::new().dialect(Dialect::CustomerIo));
    let fixed = cio.fix(&json!({"userId":"u","event":"Payment Info Updated"}));
    assert_eq!(fixed.call["event"], "Payment Info Entered");
    assert_eq!(fixed.repairs[0].code, Code::EventAlias);
    // Customer.io's action events are custom events elsewhere: nothing to repair.
    let call = json!({"userId":"u","event":"report_delivery_event"});
    assert_eq!(fixer().fix(&call).call, call);
}

#[test]
fn a_property_is_renamed_only_when_the_choice_is_unambiguous() {
    let both = json!({"userId":"u","event":"Product Added","properties":{"productId":"a","product_id":"b"}});
    let fixed = fixer().fix(&both);
    assert_eq!(fixed.call, both);
    assert_eq!(
        declined(&fixed),
        [(
            Code::NonCanonicalPropertyName,
            "/properties/productId".into(),
            Reason::TargetPresent
        )]
    );
    let two = json!({"userId":"u","event":"Product Added","properties":{"productId":"a","PRODUCT_ID":"b"}});
    let fixed = fixer().fix(&two);
    assert_eq!(fixed.call, two);
    assert_eq!(fixed.declined.len(), 2);
    assert!(fixed.declined.iter().all(|d| d.reason == Reason::Ambiguous));
}

#[test]
fn a_renamed_property_gets_its_value_repaired_too() {
    let call = json!({"userId":"u","event":"Product Added","properties":{"Price":"10.5"}});
    let fixed = fixer().fix(&call);
    assert_eq!(fixed.call["properties"], json!({"price": 10.5}));
    assert!(fixed.report.violations().is_empty(), "{}", fixed.report);
    let mut patched = call.clone();
    json_patch::patch(&mut patched, &fixed.patch()).unwrap();
    assert_eq!(patched, fixed.call);
}

#[test]
fn numeric_strings_convert_only_when_exact() {
    let with = |price: &str, quantity: &str| json!({"userId":"u","event":"Product Added","properties":{"price": price, "quantity": quantity}});
    let fixed = fixer().fix(&with("0.1", "3"));
    assert_eq!(
        fixed.call["properties"],
        json!({"price": 0.1, "quantity": 3})
    );
    // An integer property takes 12.0 (JSON Schema counts it as an integer).
    let fixed = fixer().fix(&with("-2.5e1", "12.0"));
    assert_eq!(
        fixed.call["properties"],
        json!({"price": -25.0, "quantity": 12.0})
    );
    assert!(fixed.report.violations().is_empty(), "{}", fixed.report);
    for (price, quantity) in [
        (" 12", "+5"),
        ("1e400", "012"),
        ("0.12345678901234567890", "12345678901234567890123"),
    ] {
        let call = with(price, quantity);
        let fixed = fixer().fix(&call);
        assert_eq!(fixed.call, call, "{price} {quantity}");
        assert_eq!(
            declined(&fixed),
            [
                (
                    Code::NumericString,
                    "/properties/price".into(),
                    Reason::NotExact
                ),
                (
                    Code::NumericString,
                    "/properties/quantity".into(),
                    Reason::NotExact
                ),
            ],
            "{price} {quantity}"
        );
    }
    // "0x10" is no numeric string at all: a wrong type, not repaired.
    let fixed = fixer().fix(&with("1", "0x10"));
    assert_eq!(fixed.call["properties"]["quantity"], "0x10");
    assert!(fixed.report.has(Code::WrongType, "/properties/quantity"));
}

#[test]
fn a_repair_that_would_introduce_a_violation_is_declined() {
    let call = json!({"userId":"u","event":"Product Added","properties":{"quantity":"-5"}});
    let fixed = fixer().fix(&call);
    assert_eq!(fixed.call, call);
    let [d] = &fixed.declined[..] else {
        panic!("{:?}", fixed.declined)
    };
    assert_eq!(
        (d.code, d.path.as_str()),
        (Code::NumericString, "/properties/quantity")
    );
    let Reason::Introduces(vs) = &d.reason else {
        panic!("{:?}", d.reason)
    };
    assert_eq!(vs[0].code(), Code::OutOfRange);
    assert!(
        fixed
            .report
            .has(Code::NumericString, "/properties/quantity")
    );
}

#[test]
fn booleans_currencies_action_and_numeric_ids() {
    let call = json!({"action":"track","userId":42,"anonymousId":-7,"event":"Video Playback Started",
        "properties":{"livestream":"true","full_screen":"false","sound":"5","currency":"eur"}});
    let fixed = fixer().fix(&call);
    assert_eq!(
        fixed.call,
        json!({"type":"track","userId":"42","anonymousId":"-7","event":"Video Playback Started",
            "properties":{"livestream":true,"full_screen":false,"sound":5,"currency":"EUR"}})
    );
    assert!(fixed.report.violations().is_empty(), "{}", fixed.report);

    // Not booleans: "yes", "True"; not repairable: a float id, an unknown currency,
    // `action` beside `type`.
    let call = json!({"action":"track","type":"track","userId":12.5,"event":"Video Playback Started",
        "properties":{"livestream":"True","full_screen":"yes","currency":"abc"}});
    let fixed = fixer().fix(&call);
    assert_eq!(fixed.call, call);
    let mut got = declined(&fixed);
    got.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        got,
        [
            (
                Code::LegacyActionKey,
                "/action".into(),
                Reason::TargetPresent
            ),
            (
                Code::NonStandardCurrency,
                "/properties/currency".into(),
                Reason::NotExact
            ),
            (Code::NumericUserId, "/userId".into(), Reason::NotExact),
        ]
    );
    assert!(fixed.report.has(Code::WrongType, "/properties/livestream"));
    assert!(fixed.report.has(Code::WrongType, "/properties/full_screen"));
}

#[test]
fn out_of_range_enums_identity_and_timestamps_are_never_guessed() {
    let call = json!({"event":"Video Ad Started","timestamp":"yesterday",
        "properties":{"type":"Pre-Roll","sound":101,"quartile":"4"}});
    let fixed = fixer().fix(&call);
    assert_eq!(fixed.call, call);
    assert_eq!(fixed.report, Validator::new().validate(&call));
}

#[test]
fn repeated_keys_make_a_repair_ambiguous_from_bytes() {
    let input = br#"{"userId":"u","event":"Product Added","properties":{"price":"1","price":"2"}}"#;
    let fixed = fixer().fix_slice(input);
    assert_eq!(&*fixed.call, &input[..]);
    assert!(fixed.report.has(Code::NumericString, "/properties/price"));
    assert!(fixed.declined.iter().all(|d| d.reason == Reason::Ambiguous));
}

#[test]
fn only_the_chosen_repairs_run() {
    let call =
        json!({"userId":"u","event":"product_added","properties":{"productId":"p1","price":"2"}});
    let fixed = fixer()
        .only([Code::NonCanonicalEventName, Code::NumericString])
        .unwrap()
        .fix(&call);
    assert_eq!(
        fixed.call,
        json!({"userId":"u","event":"Product Added","properties":{"productId":"p1","price":2}})
    );
    assert!(
        fixed
            .report
            .has(Code::NonCanonicalPropertyName, "/properties/productId")
    );
    let err = fixer().only([Code::MissingIdentity]).err().unwrap();
    assert!(err.to_string().contains("missing_identity"), "{err}");
}

#[test]
fn not_json_and_not_objects_come_back_as_they_were() {
    for input in [&b"{broken"[..], b"[1,2]", b"\"x\"", b"\xff"] {
        let fixed = fixer().fix_slice(input);
        assert_eq!(&*fixed.call, input);
        assert!(!fixed.is_changed());
        assert!(!fixed.report.is_valid());
    }
}

// ---- Properties ----

fn dialects() -> impl Strategy<Value = Dialect> {
    select(vec![
        Dialect::Segment,
        Dialect::CustomerIo,
        Dialect::Rudderstack,
    ])
}

fn profiles() -> impl Strategy<Value = Profile> {
    select(vec![Profile::Lenient, Profile::Standard, Profile::Strict])
}

/// Pointers of the input, as they read after the repairs' moves.
fn moved(fixed: &Fixed<impl Sized>, path: &str) -> String {
    let mut p = path.to_string();
    for r in &fixed.repairs {
        if let json_patch::PatchOperation::Move(m) = &r.op {
            let from = m.from.as_str();
            if let Some(rest) = p.strip_prefix(from) {
                if rest.is_empty() || rest.starts_with('/') {
                    p = format!("{}{rest}", m.path.as_str());
                }
            }
        }
    }
    p
}

fn repaired_codes<T>(fixed: &Fixed<T>) -> Vec<Code> {
    let mut codes: Vec<Code> = fixed.repairs.iter().map(|r| r.code).collect();
    codes.sort();
    codes
}

/// The guarantees of one call through both paths.
fn guarantees(validator: &Validator, call: &Value, typed: bool) -> Result<(), TestCaseError> {
    let repairer = Fixer::new(validator.clone());
    let before = validator.validate(call);
    let fixed = repairer.fix(call);

    // The patch turns the input into the output.
    let mut patched = call.clone();
    json_patch::patch(&mut patched, &fixed.patch())
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&patched, &fixed.call);
    prop_assert_eq!(&fixed.report, &validator.validate(&fixed.call));

    // Idempotent.
    let again = repairer.fix(&fixed.call);
    prop_assert!(
        !again.is_changed(),
        "second pass repaired {:?}",
        again.repairs
    );

    // Nothing introduced: every violation after was there before (moved), and
    // each repaired violation is gone.
    let mut had: Vec<Option<(Code, String)>> = before
        .violations()
        .iter()
        .map(|v| Some((v.code(), moved(&fixed, v.path()))))
        .collect();
    for v in fixed.report.violations() {
        let key = (v.code(), v.path().to_string());
        let slot = had.iter_mut().find(|h| h.as_ref() == Some(&key));
        prop_assert!(slot.is_some(), "introduced {} in {}", v, fixed.call);
        if let Some(s) = slot {
            *s = None;
        }
    }
    for r in &fixed.repairs {
        let path = moved(&fixed, &r.path);
        prop_assert!(
            !fixed.report.has(r.code, &path),
            "{:?} at {} not removed",
            r.code,
            path
        );
    }
    // Every repairable violation left is declined with a reason, or is a wrong
    // type no repair is about.
    for v in fixed.report.violations() {
        if REPAIRABLE.contains(&v.code()) && v.code() != Code::WrongType {
            prop_assert!(
                fixed
                    .declined
                    .iter()
                    .any(|d| d.code == v.code() && d.path == v.path()),
                "{} neither repaired nor declined",
                v
            );
        }
    }

    // The bytes path, compact and pretty (spaces and line ends around every
    // key the splices find), gives the same repaired call; no repair means the
    // same bytes, borrowed; repairing its output again changes nothing.
    for bytes in [
        serde_json::to_vec(call).expect("serialise"),
        serde_json::to_vec_pretty(call).expect("serialise"),
    ] {
        bytes_path(&repairer, call, &bytes, &fixed)?;
    }

    // Typed round trip (the typed structs check closed sets: not in the lenient profile).
    if typed && fixed.report.is_valid() && fixed.report.event().is_some() {
        let typed = SemanticEvent::from_track(&fixed.call);
        prop_assert!(typed.is_ok(), "{:?}: {}", typed.err(), fixed.call);
    }
    Ok(())
}

fn bytes_path(
    repairer: &Fixer,
    call: &Value,
    bytes: &[u8],
    fixed: &Fixed<Value>,
) -> Result<(), TestCaseError> {
    let from_bytes = repairer.fix_slice(bytes);
    let parsed: Value = serde_json::from_slice(&from_bytes.call).expect("repaired bytes are JSON");
    prop_assert_eq!(&parsed, &fixed.call);
    // The same repairs (in the bytes' key order rather than the value's).
    prop_assert_eq!(repaired_codes(&from_bytes), repaired_codes(fixed));
    let mut patched = call.clone();
    json_patch::patch(&mut patched, &from_bytes.patch())
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&patched, &parsed);
    if fixed.is_changed() {
        let again = repairer.fix_slice(&from_bytes.call);
        prop_assert!(
            !again.is_changed(),
            "bytes: second pass repaired {:?}",
            again.repairs
        );
    } else {
        prop_assert!(matches!(from_bytes.call, std::borrow::Cow::Borrowed(_)));
        prop_assert_eq!(&*from_bytes.call, bytes);
    }
    Ok(())
}

proptest! {
    #![proptest_config(support::proptest_config())]

    /// A valid call has nothing to repair: it comes back as it was.
    #[test]
    fn valid_calls_come_back_unchanged(
        (dialect, call) in dialects().prop_flat_map(|d| (Just(d), strategies::valid_track_dialect(d))),
        profile in profiles(),
    ) {
        let fixer = Fixer::new(Validator::new().dialect(dialect).profile(profile));
        let fixed = fixer.fix(&call);
        prop_assert!(!fixed.is_changed(), "{:?}", fixed.repairs);
        prop_assert_eq!(&fixed.call, &call);
        let bytes = serde_json::to_vec(&call).expect("serialise");
        let fixed = fixer.fix_slice(&bytes);
        prop_assert!(matches!(fixed.call, std::borrow::Cow::Borrowed(_)));
    }

    /// Labelled invalid calls: the patch, idempotence, nothing introduced, both paths.
    #[test]
    fn repairs_keep_their_guarantees_on_labelled_invalid_calls(
        (dialect, (call, _expected)) in dialects().prop_flat_map(|d| (Just(d), strategies::invalid_track_in(d))),
        profile in profiles(),
    ) {
        guarantees(&Validator::new().dialect(dialect).profile(profile), &call, profile != Profile::Lenient)?;
    }

    /// A valid call damaged in repairable ways is repaired back to itself.
    #[test]
    fn damage_is_repaired_back_to_the_valid_call(
        (dialect, call) in dialects().prop_flat_map(|d| (Just(d), strategies::valid_track_dialect(d))),
        picks in proptest::collection::vec(any::<u16>(), 8),
        id in any::<u32>(),
    ) {
        let validator = Validator::new().dialect(dialect);
        let (original, damaged) = damage(&validator, dialect, call, &picks, id);
        let fixed = Fixer::new(validator.clone()).fix(&damaged);
        prop_assert_eq!(&fixed.call, &original, "damaged: {}", damaged);
        prop_assert_eq!(&fixed.report, &validator.validate(&original));
        guarantees(&validator, &damaged, true)?;
    }
}

/// Applies repairable defects to a valid call, each kept only when it causes the
/// violation it stands for: the (possibly id-adjusted) original and the damaged call.
fn damage(
    validator: &Validator,
    dialect: Dialect,
    mut call: Value,
    picks: &[u16],
    id: u32,
) -> (Value, Value) {
    let registry = Registry::builtin();
    let event = validator.validate(&call).event();
    if picks[0] % 3 == 0 {
        call["userId"] = json!(id.to_string());
    }
    let original = call.clone();
    let mut damaged = call;
    let try_damage = |damaged: &mut Value, f: &dyn Fn(&mut Value) -> Option<(Code, String)>| {
        let mut next = damaged.clone();
        if let Some((code, path)) = f(&mut next) {
            if validator.validate(&next).has(code, &path) {
                *damaged = next;
            }
        }
    };
    // A numeric userId.
    if picks[0] % 3 == 0 {
        try_damage(&mut damaged, &|c| {
            c["userId"] = json!(id);
            Some((Code::NumericUserId, "/userId".into()))
        });
    }
    // `action` for `type`.
    if picks[1] % 2 == 0 {
        try_damage(&mut damaged, &|c| {
            let m = c.as_object_mut()?;
            if m.contains_key("action") {
                return None;
            }
            let t = m.remove("type")?;
            m.insert("action".into(), t);
            Some((Code::LegacyActionKey, "/action".into()))
        });
    }
    // Property values: numbers as strings, booleans as strings, lower-case currency.
    let keys: Vec<String> = damaged
        .get("properties")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    for (i, key) in keys.iter().enumerate() {
        let pick = picks[2 + i % 4] >> (i % 8);
        if pick % 2 == 0 {
            continue;
        }
        let path = format!("/properties/{}", key.replace('~', "~0").replace('/', "~1"));
        try_damage(&mut damaged, &|c| {
            let v = c.pointer_mut(&path)?;
            let (new, code) = match v {
                Value::Number(n) => (json!(n.to_string()), Code::NumericString),
                Value::Bool(b) => (json!(b.to_string()), Code::WrongType),
                Value::String(s) if key == "currency" && s.len() == 3 => {
                    (json!(s.to_ascii_lowercase()), Code::NonStandardCurrency)
                }
                _ => return None,
            };
            *v = new;
            Some((code, path.clone()))
        });
        // A variant spelling of the name (camelCase, or upper case).
        if pick % 4 == 3 && !key.contains(['~', '/']) {
            let variant = if key.contains('_') && pick % 8 == 7 {
                camel(key)
            } else {
                key.to_uppercase()
            };
            try_damage(&mut damaged, &|c| {
                let props = c.get_mut("properties")?.as_object_mut()?;
                if variant == *key || props.contains_key(&variant) {
                    return None;
                }
                let v = props.remove(key)?;
                props.insert(variant.clone(), v);
                Some((
                    Code::NonCanonicalPropertyName,
                    format!("/properties/{variant}"),
                ))
            });
        }
    }
    // The event name: an alias, or a snake_case spelling.
    if let Some(e) = event {
        let aliases: Vec<&str> = e.aliases_in(dialect).collect();
        let pick = usize::from(picks[7]);
        let (name, code) = if !aliases.is_empty() && pick % 2 == 0 {
            (
                aliases[pick / 2 % aliases.len()].to_string(),
                Code::EventAlias,
            )
        } else {
            (
                e.name.to_lowercase().replace(' ', "_"),
                Code::NonCanonicalEventName,
            )
        };
        if registry.get(&name).is_none() {
            try_damage(&mut damaged, &|c| {
                c["event"] = json!(name);
                Some((code, "/event".into()))
            });
        }
    }
    (original, damaged)
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for ch in snake.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

/// The damage above is no idle loop: over a few hundred calls it causes, and
/// the fixer repairs, every repairable code.
#[test]
fn damage_reaches_every_repair() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = (
        dialects().prop_flat_map(|d| (Just(d), strategies::valid_track_dialect(d))),
        proptest::collection::vec(any::<u16>(), 8),
        any::<u32>(),
    );
    let mut seen = std::collections::BTreeMap::<Code, usize>::new();
    for _ in 0..400 {
        let ((dialect, call), picks, id) = strategy.new_tree(&mut runner).unwrap().current();
        let validator = Validator::new().dialect(dialect);
        let (original, damaged) = damage(&validator, dialect, call, &picks, id);
        let fixed = Fixer::new(validator).fix(&damaged);
        assert_eq!(fixed.call, original);
        for r in &fixed.repairs {
            *seen.entry(r.code).or_default() += 1;
        }
    }
    for code in REPAIRABLE {
        assert!(
            seen.get(code).copied().unwrap_or(0) >= 3,
            "{code} repaired {seen:?}"
        );
    }
}
