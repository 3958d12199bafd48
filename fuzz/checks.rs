//! The properties the fuzz targets assert, shared with the stable replay test
//! (`tests/fuzz_replay.rs` includes this file), so CI exercises every committed
//! seed and regression input without a nightly toolchain.

use arbitrary::{Arbitrary, Unstructured};
use semantic_events::declare::{Format, ObjectDecl, Shape};
use semantic_events::stream::Records;
use semantic_events::{Dialect, EventName, SemanticEvent, Validator};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value, json};

/// Arbitrary bytes through every validation tier: the tiers agree, every
/// violation displays and serialises, and the bytes and `Value` paths agree
/// whenever the bytes are JSON without duplicate keys.
pub fn validate_bytes(data: &[u8]) {
    for validator in [
        Validator::new(),
        Validator::new().strict(true).dialect(Dialect::CustomerIo),
        Validator::new()
            .profile(semantic_events::Profile::Lenient)
            .dialect(Dialect::Rudderstack),
    ] {
        let report = validator.validate_slice(data);
        assert_eq!(
            validator.is_valid_slice(data),
            report.is_valid(),
            "is_valid disagrees"
        );
        assert_eq!(
            validator.first_error_slice(data).as_ref(),
            report.errors().next(),
            "first_error disagrees"
        );
        for v in report.violations() {
            let _ = v.to_string();
            let _ = v.masked().to_string();
            let _ = serde_json::to_string(v).expect("a violation serialises");
            assert!(
                v.path().is_empty() || v.path().starts_with('/'),
                "pointer {:?}",
                v.path()
            );
        }
        let _ = report.to_string();
        if let Ok(value) = serde_json::from_slice::<Value>(data) {
            if !has_duplicate_keys(data) {
                let from_value = validator.validate(&value);
                assert_eq!(from_value, report, "the bytes and Value paths disagree");
                assert_eq!(validator.is_valid(&value), report.is_valid());
            }
        }
    }
}

/// Whether any object in the JSON text repeats a key (a parsed `Value` keeps the
/// last one; the bytes path checks every occurrence).
pub fn has_duplicate_keys(data: &[u8]) -> bool {
    struct Dup;
    impl<'de> Visitor<'de> for Dup {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
            let mut dup = false;
            while let Some(d) = seq.next_element_seed(DupSeed)? {
                dup |= d;
            }
            Ok(dup)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let mut keys = std::collections::HashSet::new();
            let mut dup = false;
            while let Some(k) = map.next_key::<String>()? {
                dup |= !keys.insert(k);
                dup |= map.next_value_seed(DupSeed)?;
            }
            Ok(dup)
        }
    }
    struct DupSeed;
    impl<'de> de::DeserializeSeed<'de> for DupSeed {
        type Value = bool;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
            d.deserialize_any(Dup)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(data);
    de::DeserializeSeed::deserialize(DupSeed, &mut de).unwrap_or(true)
}

/// A structured, valid semantic call built from fuzz bytes: it validates with no
/// error, types, and types again to an equal value.
pub fn roundtrip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(call) = arbitrary_call(&mut u) else {
        return;
    };
    let report = Validator::new().validate(&call);
    assert!(
        report.is_valid(),
        "a built call is invalid: {report}\n{call}"
    );
    let typed = SemanticEvent::from_track(&call).expect("a valid call types");
    let props = typed.properties().expect("to JSON");
    let again = SemanticEvent::from_parts(typed.wire_name(), Some(&props)).expect("types again");
    assert_eq!(again, typed, "typed round trip differs");
    let bytes = serde_json::to_vec(&call).expect("serialise");
    assert_eq!(Validator::new().validate_slice(&bytes), report);
}

fn arbitrary_call(u: &mut Unstructured<'_>) -> arbitrary::Result<Value> {
    let names: Vec<EventName> = EventName::ALL
        .iter()
        .copied()
        .filter(|e| e.decl().vendors.known_in(Dialect::Segment))
        .collect();
    let name = *u.choose(&names)?;
    let props = object(u, name.decl().properties, 0)?;
    Ok(json!({"type": "track", "userId": id(u)?, "event": name.as_str(), "properties": props}))
}

fn id(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    let s = String::arbitrary(u)?;
    Ok(if s.is_empty() { "u".into() } else { s })
}

fn object(u: &mut Unstructured<'_>, decl: &ObjectDecl, depth: usize) -> arbitrary::Result<Value> {
    let mut m = Map::new();
    for p in &decl.props {
        if !p.vendors.known_in(Dialect::Segment) || !bool::arbitrary(u)? {
            continue;
        }
        let v = if u8::arbitrary(u)? < 16 {
            Value::Null
        } else {
            value(u, p.shape_in(Dialect::Segment), depth)?
        };
        m.insert(p.name.to_string(), v);
    }
    Ok(Value::Object(m))
}

#[allow(clippy::cast_precision_loss)]
fn value(u: &mut Unstructured<'_>, shape: &Shape, depth: usize) -> arbitrary::Result<Value> {
    Ok(match shape {
        Shape::Boolean => json!(bool::arbitrary(u)?),
        Shape::String(None) | Shape::Any => json!(String::arbitrary(u)?),
        Shape::String(Some(Format::DateTime)) => json!(format!(
            "20{:02}-01-0{}T00:00:00Z",
            u.int_in_range(0..=99)?,
            u.int_in_range(1..=9)?
        )),
        Shape::String(Some(Format::DateOrDateTime)) => {
            json!(format!("19{:02}-12-31", u.int_in_range(0..=99)?))
        }
        Shape::String(Some(Format::Currency)) => json!(*u.choose(&["USD", "EUR", "JPY", "GBP"])?),
        Shape::Number(r) => {
            let x = f64::arbitrary(u)?;
            let x = if x.is_finite() { x } else { 0.0 };
            json!(
                r.min
                    .map_or(x, |m| x.abs().max(m))
                    .min(r.max.unwrap_or(f64::MAX))
            )
        }
        Shape::Integer(r) => {
            let lo = r.min.unwrap_or(0.0) as u64;
            let hi = r.max.map_or(u64::MAX, |m| m as u64);
            json!(u.int_in_range(lo..=hi)?)
        }
        Shape::Enum(values) => json!(*u.choose(values)?),
        Shape::Array(item) if depth < 3 => {
            let n = u.int_in_range(0..=3)?;
            Value::Array(
                (0..n)
                    .map(|_| value(u, item, depth + 1))
                    .collect::<arbitrary::Result<_>>()?,
            )
        }
        Shape::Object(decl) if depth < 3 => object(u, decl, depth + 1)?,
        Shape::Union(members) => {
            let member = u.choose(members)?;
            value(u, member, depth)?
        }
        Shape::Array(_) => json!([]),
        _ => json!({}),
    })
}

/// Arbitrary bytes as a stream: every record is a slice of the input, in order,
/// without overlap, numbered from 0; between records only white space and array
/// punctuation (or a batch's own wrapper) are left out.
pub fn stream(data: &[u8]) {
    let records: Vec<_> = Records::new(data)
        .map(|r| r.expect("reading a slice cannot fail"))
        .collect();
    let from_batch = data.windows(7).any(|w| w == b"\"batch\"");
    let mut cursor = if data.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
    let mut last_line = 1;
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r.index, i, "indices run from 0 without gaps");
        assert!(
            r.line >= last_line && r.line <= lines,
            "line {} out of order",
            r.line
        );
        last_line = r.line;
        assert!(!r.raw.is_empty() || from_batch, "an empty record");
        let at = find(&data[cursor..], &r.raw).map(|p| p + cursor);
        let at =
            at.unwrap_or_else(|| panic!("record {i} is not in the input after the previous one"));
        if !from_batch {
            assert!(
                data[cursor..at]
                    .iter()
                    .all(|b| b.is_ascii_whitespace() || matches!(b, b'[' | b']' | b',')),
                "bytes before record {i} were dropped: {:?}",
                String::from_utf8_lossy(&data[cursor..at])
            );
        }
        cursor = at + r.raw.len();
    }
    if !from_batch {
        assert!(
            data[cursor..]
                .iter()
                .all(|b| b.is_ascii_whitespace() || matches!(b, b'[' | b']' | b',')),
            "bytes after the last record were dropped: {:?}",
            String::from_utf8_lossy(&data[cursor..])
        );
    }
    let validator = Validator::new();
    for r in &records {
        let _ = validator.validate_slice(r.call());
    }
    let _ = serde_json::from_slice::<IgnoredAny>(data);
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}
