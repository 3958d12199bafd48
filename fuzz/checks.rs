//! The properties the fuzz targets assert, shared with the stable replay test
//! (`tests/fuzz_replay.rs` includes this file), so CI exercises every committed
//! seed and regression input without a nightly toolchain.

use arbitrary::{Arbitrary, Unstructured};
use semantic_events::declare::{Format, ObjectDecl, Shape};
use semantic_events::stream::{BATCH_FIELDS, Records};
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

/// Arbitrary bytes as a stream: every record is a slice of the input at its
/// offset, in order, without overlap, numbered from 0; between records only white
/// space and array punctuation are left out, batches included (a batch's own
/// wrapper belongs to its elements); a batch's members are applied to each
/// element, whose own members are kept; nothing that is a batch by the rule is
/// left unsplit. No exception for any input.
pub fn stream(data: &[u8]) {
    let records: Vec<_> = Records::new(data)
        .map(|r| r.expect("reading a slice cannot fail"))
        .collect();
    let mut cursor = if data.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
    let mut last_line = 1;
    let separators = |gap: &[u8]| {
        gap.iter()
            .all(|b| b.is_ascii_whitespace() || matches!(b, b'[' | b']' | b','))
    };
    let mut i = 0;
    while i < records.len() {
        let r = &records[i];
        assert!(!r.raw.is_empty(), "record {i} is empty");
        assert_eq!(
            data.get(r.offset..r.offset + r.raw.len()),
            Some(&r.raw[..]),
            "record {i} is not the input's bytes at its offset"
        );
        // The region this record (or its whole batch) covers.
        let (region, group) = match &r.batch {
            None => {
                assert!(!is_batch(&r.raw), "record {i} is a batch left whole");
                (r.offset..r.offset + r.raw.len(), 1)
            }
            Some(b) => {
                let n = b.elements.max(1);
                let members = &records[i..(i + n).min(records.len())];
                assert_eq!(members.len(), n, "a batch lost elements");
                assert!(
                    members.iter().all(|m| m.batch.as_ref() == Some(b)),
                    "a batch's records disagree on it"
                );
                check_batch(data, members);
                (b.span.clone(), n)
            }
        };
        assert!(
            region.start >= cursor,
            "record {i} overlaps the previous one"
        );
        assert!(
            separators(&data[cursor..region.start]),
            "bytes before record {i} were dropped: {:?}",
            String::from_utf8_lossy(&data[cursor..region.start])
        );
        for (k, r) in records[i..i + group].iter().enumerate() {
            assert_eq!(r.index, i + k, "indices run from 0 without gaps");
            assert!(
                r.line >= last_line && r.line <= lines,
                "line {} out of order",
                r.line
            );
            last_line = r.line;
        }
        cursor = region.end;
        i += group;
    }
    assert!(
        separators(&data[cursor..]),
        "bytes after the last record were dropped: {:?}",
        String::from_utf8_lossy(&data[cursor..])
    );
    let validator = Validator::new();
    for r in &records {
        let report = r.validate(&validator);
        assert_eq!(
            report.has(semantic_events::Code::EmptyBatch, ""),
            r.is_empty_batch()
        );
    }
    let _ = serde_json::from_slice::<IgnoredAny>(data);
}

/// Whether bytes are a batch by the documented rule.
fn is_batch(raw: &[u8]) -> bool {
    let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(raw) else {
        return false;
    };
    m.get("batch").is_some_and(Value::is_array)
        && m.keys()
            .all(|k| k == "batch" || BATCH_FIELDS.contains(&k.as_str()))
        && !has_duplicate_keys(raw)
}

/// One batch's records: the span is a batch, its elements are its records in
/// order, each element's call keeps the element's members and carries each
/// batch-level member (or the element's own).
fn check_batch(data: &[u8], members: &[semantic_events::stream::Record]) {
    let span = members[0].batch.clone().expect("a batch").span;
    let wrapper = &data[span.clone()];
    assert!(is_batch(wrapper), "a batch span that is not a batch");
    let Ok(Value::Object(batch)) = serde_json::from_slice::<Value>(wrapper) else {
        unreachable!("checked above");
    };
    let elements = batch["batch"].as_array().expect("checked above");
    if elements.is_empty() {
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].raw, wrapper, "an empty batch stands for itself");
        return;
    }
    assert_eq!(elements.len(), members.len());
    let mut at = span.start;
    for (element, r) in elements.iter().zip(members) {
        assert!(r.offset >= at && r.offset + r.raw.len() <= span.end);
        at = r.offset + r.raw.len();
        let own: Value = serde_json::from_slice(&r.raw).expect("an element is JSON");
        assert_eq!(&own, element, "the element's bytes");
        let call: Value = serde_json::from_slice(r.call()).expect("the merged call is JSON");
        let (Value::Object(own), Value::Object(call)) = (own, call) else {
            assert_eq!(r.merged, None, "a non-object element is left as is");
            continue;
        };
        if has_duplicate_keys(&r.raw) {
            continue;
        }
        for (k, v) in &own {
            match (v, &call[k], batch.get(k)) {
                (Value::Object(o), Value::Object(c), Some(Value::Object(_)))
                    if k == "context" || k == "integrations" =>
                {
                    assert!(o.iter().all(|(k, v)| c.get(k) == Some(v)), "own {k} kept");
                }
                (v, c, _) => assert_eq!(v, c, "the element's own {k} is kept"),
            }
        }
        for (k, v) in &batch {
            let target = if k == "timestamp" {
                "sentAt"
            } else {
                k.as_str()
            };
            if k == "batch" || (k == "timestamp" && batch.contains_key("sentAt")) {
                continue;
            }
            let applied = &call[target];
            match (v, own.get(target)) {
                (_, None) => assert_eq!(applied, v, "batch {k} applied"),
                (Value::Object(d), Some(Value::Object(_)))
                    if k == "context" || k == "integrations" =>
                {
                    assert!(
                        d.keys().all(|key| applied.get(key).is_some()),
                        "batch {k} merged"
                    );
                }
                (_, Some(mine)) => assert_eq!(applied, mine, "the element's own {k} wins"),
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}
