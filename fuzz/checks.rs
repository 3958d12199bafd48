//! The properties the fuzz targets assert, shared with the stable replay test
//! (`tests/fuzz_replay.rs` includes this file), so CI exercises every committed
//! seed and regression input without a nightly toolchain.

use arbitrary::{Arbitrary, Unstructured};
use semantic_events::declare::{Format, ObjectDecl, Shape};
use semantic_events::stream::{BATCH_FIELDS, Records};
use semantic_events::{Code, Dialect, EventName, SemanticEvent, Validator};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value, json};

/// The three configurations the byte-level targets run: the default, strict
/// Customer.io (observing, as the report does), lenient RudderStack.
fn configurations() -> [Validator; 3] {
    [
        Validator::new(),
        Validator::new()
            .strict(true)
            .dialect(Dialect::CustomerIo)
            .observe(true),
        Validator::new()
            .profile(semantic_events::Profile::Lenient)
            .dialect(Dialect::Rudderstack),
    ]
}

/// Arbitrary bytes through every validation tier: the tiers agree, every
/// violation displays and serialises, and the bytes and `Value` paths agree
/// whenever the bytes are JSON without duplicate keys.
pub fn validate_bytes(data: &[u8]) {
    for validator in configurations() {
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

/// The scanner (the bytes path's reader) against the reference: for any input,
/// `validate_slice` equals the same walk on `serde_json`'s deserializer
/// (`validate_slice_reference`), in every configuration, and the `Value` path
/// where the input is JSON. The input is also tried where the scanner does the
/// most work: as a property value, a nested value, a key, and after the
/// envelope, so that the fuzzer's numbers, strings and escapes reach typed
/// positions.
pub fn scanner(data: &[u8]) {
    let mut inputs = vec![data.to_vec()];
    for (head, tail) in [
        (&br#"{"userId":"u","event":"Product Added","properties":{"price":"#[..], &b"}}"[..]),
        (br#"{"type":"track","event":"Order Completed","userId":"u","properties":{"products":[{"quantity":"#, b"}]}}"),
        (br#"{"userId":"u","event":"Video Playback Started","properties":{""#, br#"":1}}"#),
        (br#"{"userId":"u","event":"#, br#","context":{"page":{"url":"x"}},"type":"track"}"#),
        (br#"{"properties":"#, br#","event":"Product Viewed","userId":"u","timestamp":"2024-05-04T12:00:00Z"}"#),
    ] {
        inputs.push([head, data, tail].concat());
    }
    for input in &inputs {
        // What serde_json reads, the scanner reads, to the same value (floats
        // compared by their printed shortest form, which tells every bit).
        if let Ok(value) = serde_json::from_slice::<Value>(input) {
            let text = std::str::from_utf8(input).expect("serde_json read it: UTF-8");
            let scanned = Validator::scan_value(text);
            assert_eq!(
                scanned.map(|v| v.to_string()),
                Some(value.to_string()),
                "the scanner reads {text:?} otherwise"
            );
        }
        for validator in configurations() {
            let report = validator.validate_slice(input);
            assert_eq!(
                report,
                validator.validate_slice_reference(input),
                "the scanner and serde_json's deserializer disagree on {:?}",
                String::from_utf8_lossy(input)
            );
            assert_eq!(validator.is_valid_slice(input), report.is_valid());
            if let Ok(value) = serde_json::from_slice::<Value>(input) {
                if !has_duplicate_keys(input) {
                    assert_eq!(
                        validator.validate(&value),
                        report,
                        "the bytes and Value paths disagree"
                    );
                }
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
    let props = object(u, name.decl().properties, Dialect::Segment, 0)?;
    Ok(json!({"type": "track", "userId": id(u)?, "event": name.as_str(), "properties": props}))
}

fn id(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    let s = String::arbitrary(u)?;
    Ok(if s.is_empty() { "u".into() } else { s })
}

fn object(
    u: &mut Unstructured<'_>,
    decl: &ObjectDecl,
    dialect: Dialect,
    depth: usize,
) -> arbitrary::Result<Value> {
    let mut m = Map::new();
    for p in &decl.props {
        if !p.vendors.known_in(dialect) || !bool::arbitrary(u)? {
            continue;
        }
        let v = if u8::arbitrary(u)? < 16 {
            Value::Null
        } else {
            value(u, p.shape_in(dialect), dialect, depth)?
        };
        m.insert(p.name.to_string(), v);
    }
    Ok(Value::Object(m))
}

#[allow(clippy::cast_precision_loss)]
fn value(
    u: &mut Unstructured<'_>,
    shape: &Shape,
    dialect: Dialect,
    depth: usize,
) -> arbitrary::Result<Value> {
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
        Shape::String(Some(Format::Digits)) => json!(u.int_in_range(0..=999_u32)?.to_string()),
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
                    .map(|_| value(u, item, dialect, depth + 1))
                    .collect::<arbitrary::Result<_>>()?,
            )
        }
        Shape::Object(decl) if depth < 3 => object(u, decl, dialect, depth + 1)?,
        Shape::Union(members) => {
            let member = u.choose(members)?;
            value(u, member, dialect, depth)?
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
            let newlines = data[..r.offset].iter().filter(|b| **b == b'\n').count();
            assert_eq!(r.line, newlines + 1, "record {} starts on its line", i + k);
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

/// Arbitrary bytes as a file read in blocks, as the CLI reads a regular NDJSON
/// file: the first byte picks the threads (1 to 3) and the block size (1 to 64
/// bytes, so that records are cut by many block edges); the rest is the file.
/// Where the blocks read the file (the answer), their records are the ones
/// [`Records`] cuts from the same bytes: bytes, line, index, offset, merged
/// call and batch span. Nothing lost, nothing doubled, nothing out of order.
#[cfg(feature = "files")]
pub fn blocks(data: &[u8]) -> bool {
    use std::path::PathBuf;
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The file, removed however the check ends.
    struct Temporary(PathBuf);
    impl Drop for Temporary {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
    static POOLS: OnceLock<Vec<rayon::ThreadPool>> = OnceLock::new();
    static FILES: AtomicUsize = AtomicUsize::new(0);
    let Some((&knob, text)) = data.split_first() else {
        return false;
    };
    let pools = POOLS.get_or_init(|| {
        (1..=3)
            .map(|n| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .expect("a thread pool")
            })
            .collect()
    });
    let pool = &pools[usize::from(knob % 3)];
    let block = u64::from(knob / 3 % 64) + 1;
    let file = Temporary(std::env::temp_dir().join(format!(
        "semantic-events-blocks-{}-{}.ndjson",
        std::process::id(),
        FILES.fetch_add(1, Ordering::Relaxed)
    )));
    std::fs::write(&file.0, text).expect("a temporary file");
    let read = semantic_events::files::records_in_blocks(&file.0, block, pool);
    let Some(blocks) = read.expect("a regular file reads") else {
        return false;
    };
    let reader: Vec<_> = Records::new(text)
        .map(|r| r.expect("reading a slice cannot fail"))
        .collect();
    let threads = pool.current_num_threads();
    let at = format!("blocks of {block} bytes on {threads} threads");
    assert_eq!(blocks.len(), reader.len(), "{at}: record count");
    for (i, (b, r)) in blocks.iter().zip(&reader).enumerate() {
        assert_eq!(b, r, "{at}: record {i}");
    }
    true
}

/// Whether bytes are a batch by the documented rule.
fn is_batch(raw: &[u8]) -> bool {
    let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(raw) else {
        return false;
    };
    m.get("batch").is_some_and(Value::is_array)
        && m.keys()
            .all(|k| k == "batch" || BATCH_FIELDS.contains(&k.as_str()))
        && top_level_keys(raw).is_some_and(|keys| keys.len() == m.len())
}

/// An object's keys as written, duplicates included (nested objects aside).
fn top_level_keys(raw: &[u8]) -> Option<Vec<String>> {
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some(k) = map.next_key::<String>()? {
                map.next_value::<IgnoredAny>()?;
                keys.push(k);
            }
            Ok(keys)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(raw);
    let keys = de.deserialize_map(Keys).ok()?;
    de.end().ok()?;
    Some(keys)
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
        assert_eq!(
            Value::Object(call),
            expected_merge(&own, &batch),
            "the element as the batch rule applies its defaults"
        );
    }
}

/// A batch element with the batch's defaults applied, as the module docs of
/// `stream` state the rule (written here from the docs, on parsed values).
fn expected_merge(own: &Map<String, Value>, batch: &Map<String, Value>) -> Value {
    let mut out = own.clone();
    for key in ["context", "integrations"] {
        match (batch.get(key), own.get(key)) {
            (Some(Value::Object(under)), Some(Value::Object(over))) => {
                let mut merged = under.clone();
                merged.extend(over.clone());
                out.insert(key.into(), Value::Object(merged));
            }
            (Some(d), None) => {
                out.insert(key.into(), d.clone());
            }
            _ => {}
        }
    }
    for key in ["writeKey", "sentAt"] {
        if let (Some(d), None) = (batch.get(key), own.get(key)) {
            out.insert(key.into(), d.clone());
        }
    }
    if let (Some(t), None, None) = (
        batch.get("timestamp"),
        batch.get("sentAt"),
        own.get("sentAt"),
    ) {
        out.insert("sentAt".into(), t.clone());
    }
    Value::Object(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The exported bundles, compiled once by the independent `jsonschema` crate.
fn bundle(dialect: Dialect) -> &'static jsonschema::Validator {
    static BUNDLES: std::sync::LazyLock<Vec<jsonschema::Validator>> =
        std::sync::LazyLock::new(|| {
            Dialect::ALL
                .iter()
                .map(|d| {
                    jsonschema::options()
                        .should_validate_formats(true)
                        .build(&semantic_events::schema::bundle(*d))
                        .expect("the bundle compiles")
                })
                .collect()
        });
    let i = Dialect::ALL.iter().position(|d| *d == dialect).unwrap_or(0);
    &BUNDLES[i]
}

/// The validator (standard profile) and the `jsonschema` crate on the exported
/// bundle give `call` the same verdict in `dialect`, unless the validator
/// reports a rule listed as beyond JSON Schema (nesting depth, size).
/// How many verdicts were compared, and how many of them were "valid".
#[derive(Debug, Default, Clone)]
pub struct Agreed {
    pub compared: usize,
    pub valid: usize,
    /// The codes the validator reported on the compared calls.
    pub codes: Vec<Code>,
}

fn agree(dialect: Dialect, call: &Value, agreed: &mut Agreed) {
    let report = Validator::new().dialect(dialect).validate(call);
    let beyond = report
        .violations()
        .iter()
        .any(|v| matches!(v.code(), Code::TooDeep | Code::TooLarge));
    if beyond {
        return;
    }
    agreed.compared += 1;
    agreed.valid += usize::from(report.is_valid());
    for v in report.violations() {
        if !agreed.codes.contains(&v.code()) {
            agreed.codes.push(v.code());
        }
    }
    let theirs = bundle(dialect).is_valid(call);
    assert_eq!(
        report.is_valid(),
        theirs,
        "{dialect}: the validator says valid={}, the bundle valid={theirs}\n{call}\n{report}",
        report.is_valid()
    );
}

/// Fuzz target `schema_agreement`: the validator's verdict equals the
/// `jsonschema` crate's on the exported bundle, in each dialect, for raw bytes
/// that parse as JSON and for a structured call (a semantic, aliased, variant or
/// custom event, or another call type) with labelled mutations applied.
pub fn schema_agreement(data: &[u8]) -> Agreed {
    let mut agreed = Agreed::default();
    if let Ok(value) = serde_json::from_slice::<Value>(data) {
        if !has_duplicate_keys(data) {
            for dialect in Dialect::ALL {
                agree(dialect, &value, &mut agreed);
            }
        }
    }
    let mut u = Unstructured::new(data);
    if let Ok((dialect, call)) = mutated_call(&mut u) {
        agree(dialect, &call, &mut agreed);
    }
    agreed
}

/// A call built from fuzz bytes: valid to begin with, then mutated.
fn mutated_call(u: &mut Unstructured<'_>) -> arbitrary::Result<(Dialect, Value)> {
    let dialect = *u.choose(&Dialect::ALL)?;
    let names: Vec<EventName> = EventName::ALL
        .iter()
        .copied()
        .filter(|e| e.decl().vendors.known_in(dialect))
        .collect();
    // Now and then an event of another dialect (Customer.io's actions are
    // custom events elsewhere).
    let event = if u.ratio(1, 8)? {
        *u.choose(EventName::ALL)?
    } else {
        *u.choose(&names)?
    };
    let decl = event.decl();
    let name: Value = match u.int_in_range(0..=9)? {
        0 => json!(decl.aliases_in(dialect).next().unwrap_or(decl.name)),
        1 => json!(decl.name.to_uppercase()),
        2 => json!(decl.name.to_lowercase().replace(' ', "_")),
        3 => json!(String::arbitrary(u)?),
        4 => json!(format!(" {}", decl.name)),
        _ => json!(decl.name),
    };
    let props = object(u, decl.properties, dialect, 0)?;
    let mut call = json!({"type": "track", "userId": id(u)?, "event": name, "properties": props});
    // Mostly what the vendor requires, so that its events are valid as often
    // as not before the mutations.
    for rule in decl.rules_in(dialect) {
        if u.ratio(3, 4)? {
            let value = match rule.one_of {
                [] if rule.pointer == "/properties" => json!({}),
                [] => json!(id(u)?),
                values => json!(*u.choose(values)?),
            };
            if call
                .pointer(rule.pointer)
                .is_none_or(|v| v.is_null() || v == "")
            {
                match rule.also_at {
                    // The other accepted place, now and then (a warning there).
                    Some(at) if u.ratio(1, 3)? => semantic_events::declare::FieldRule {
                        pointer: at,
                        ..*rule
                    }
                    .set(&mut call, value),
                    _ => rule.set(&mut call, value),
                }
            }
        }
    }
    if u.ratio(1, 6)? {
        let kind = *u.choose(&["identify", "page", "screen", "group", "alias"])?;
        call = json!({"type": kind, "userId": id(u)?});
        let own = *u.choose(&[
            "traits",
            "name",
            "groupId",
            "previousId",
            "properties",
            "category",
        ])?;
        call[own] = awkward(u)?;
    }
    for _ in 0..u.int_in_range(0..=4)? {
        mutate(u, &mut call)?;
    }
    Ok((dialect, call))
}

/// Values that sit on the edges of the rules.
fn awkward(u: &mut Unstructured<'_>) -> arbitrary::Result<Value> {
    Ok(match u.int_in_range(0..=24)? {
        0 => Value::Null,
        1 => json!(bool::arbitrary(u)?),
        2 => json!(0),
        3 => json!(-1),
        4 => json!(-0.0),
        5 => json!(2.5),
        6 => json!(1e300),
        7 => json!(u64::MAX),
        8 => json!(i64::MIN),
        9 => json!(""),
        10 => json!("139.99"),
        11 => json!(*u.choose(&["USD", "usd", "Usd", "US", "XXX", "EURO", "eur "])?),
        12 | 13 => json!(timestamp(u)?),
        14 => json!(&timestamp(u)?[..10]),
        15 => json!([]),
        16 => json!([awkward_scalar(u)?]),
        17 => json!({}),
        18 => json!({"a": awkward_scalar(u)?}),
        19 => json!(f64::arbitrary(u)?.clamp(-1e9, 1e9)),
        20 => json!(i64::arbitrary(u)?),
        _ => json!(String::arbitrary(u)?),
    })
}

fn awkward_scalar(u: &mut Unstructured<'_>) -> arbitrary::Result<Value> {
    Ok(match u.int_in_range(0..=4)? {
        0 => Value::Null,
        1 => json!(1),
        2 => json!("x"),
        3 => json!(timestamp(u)?),
        _ => json!(true),
    })
}

/// A timestamp-like string: each part sometimes out of range.
fn timestamp(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    let year = *u.choose(&[0, 1, 1900, 1999, 2000, 2016, 2023, 2024, 2100, 2400, 9999])?;
    let month = u.int_in_range(0..=13)?;
    let day = *u.choose(&[0, 1, 9, 10, 19, 28, 29, 30, 31, 32])?;
    let hour = *u.choose(&[0, 9, 12, 19, 23, 24])?;
    let minute = *u.choose(&[0, 30, 59, 60])?;
    let second = *u.choose(&[0, 7, 59, 60, 61])?;
    let t = *u.choose(&["T", "t", " ", "TT"])?;
    let fraction = *u.choose(&["", "", ".5", ".123456789", "."])?;
    let zone = *u.choose(&[
        "Z", "z", "+01:00", "-23:59", "+24:00", "+01:60", "+0100", "", "Z\n",
    ])?;
    Ok(format!(
        "{year:04}-{month:02}-{day:02}{t}{hour:02}:{minute:02}:{second:02}{fraction}{zone}"
    ))
}

/// One labelled mutation of a call.
fn mutate(u: &mut Unstructured<'_>, call: &mut Value) -> arbitrary::Result<()> {
    match u.int_in_range(0..=9)? {
        // A declared (or nested) property gets an awkward value.
        0 | 1 | 2 => {
            if let Some(props) = call.get_mut("properties").and_then(Value::as_object_mut) {
                let keys: Vec<String> = props.keys().cloned().collect();
                if let Ok(key) = u.choose(&keys) {
                    let v = awkward(u)?;
                    match props.get_mut(key) {
                        Some(Value::Array(items)) if !items.is_empty() => {
                            let i = u.choose_index(items.len())?;
                            match &mut items[i] {
                                Value::Object(m) if !m.is_empty() => {
                                    let inner: Vec<String> = m.keys().cloned().collect();
                                    let k = u.choose(&inner)?.clone();
                                    m.insert(k, v);
                                }
                                other => *other = v,
                            }
                        }
                        Some(slot) => *slot = v,
                        None => {}
                    }
                }
            }
        }
        // A property's name spelled another way.
        3 => {
            if let Some(props) = call.get_mut("properties").and_then(Value::as_object_mut) {
                let keys: Vec<String> = props.keys().cloned().collect();
                if let Ok(key) = u.choose(&keys) {
                    let spelled = match u.int_in_range(0..=3)? {
                        0 => key.to_uppercase(),
                        1 => key.replace('_', "-"),
                        2 => key.replace('_', ""),
                        _ => format!("_{key}"),
                    };
                    let v = awkward(u)?;
                    props.insert(spelled, v);
                }
            }
        }
        // Timestamps of the envelope.
        4 => {
            let field = *u.choose(&["timestamp", "sentAt", "originalTimestamp", "receivedAt"])?;
            call[field] = if u.ratio(3, 4)? {
                json!(timestamp(u)?)
            } else {
                awkward(u)?
            };
        }
        // Identity.
        5 => {
            let field = *u.choose(&["userId", "anonymousId"])?;
            if u.ratio(1, 3)? {
                if let Some(m) = call.as_object_mut() {
                    m.remove(field);
                }
            } else {
                call[field] = awkward(u)?;
            }
        }
        // Context fields.
        6 => {
            let field = *u.choose(&[
                "ip", "library", "page", "locale", "device", "app", "campaign", "os", "timezone",
            ])?;
            let v = awkward(u)?;
            if u.ratio(1, 8)? {
                call["context"] = v;
            } else if call.get("context").is_none_or(Value::is_object) {
                call["context"][field] = v;
            }
        }
        // The call type.
        7 => {
            let v = match u.int_in_range(0..=3)? {
                0 => json!("trak"),
                1 => json!("TRACK"),
                2 => awkward(u)?,
                _ => {
                    if let Some(m) = call.as_object_mut() {
                        let t = m.remove("type").unwrap_or(Value::Null);
                        m.insert("action".into(), t);
                    }
                    return Ok(());
                }
            };
            call["type"] = v;
        }
        // The properties object itself, or the device moved into it (Customer.io's
        // JavaScript example), or the event name.
        8 => match u.int_in_range(0..=2)? {
            0 => call["properties"] = awkward(u)?,
            1 => {
                let device = call
                    .pointer_mut("/context/device")
                    .map(Value::take)
                    .unwrap_or_else(|| json!({"token": "t0k3n", "type": "ios"}));
                if call.get("properties").is_none_or(Value::is_object) {
                    call["properties"]["device"] = device;
                }
            }
            _ => {
                call["event"] = u
                    .choose(&[
                        json!(null),
                        json!(""),
                        json!(7),
                        json!(" "),
                        json!("Device Created or Updated"),
                    ])?
                    .clone();
            }
        },
        // A top-level field, known or not, for this dialect's envelope.
        _ => {
            let field = *u.choose(&[
                "messageId",
                "integrations",
                "channel",
                "version",
                "_metadata",
                "writeKey",
                "extra",
                "groupId",
            ])?;
            call[field] = awkward(u)?;
        }
    }
    Ok(())
}

/// Arbitrary bytes through the fixer and the vendor formats, in three
/// configurations: no panic; the repaired call's report is its own; an
/// unrepaired call comes back byte for byte; repairing again changes nothing;
/// the patch applied to the input gives the repaired call, which the `Value`
/// path repairs to the same; no code is reported more often after repair; and
/// the RudderStack annotation and Segment calls are JSON carrying every error.
pub fn fix(data: &[u8]) {
    use semantic_events::fix::Fixer;
    use semantic_events::vendor;
    for validator in configurations() {
        let fixer = Fixer::new(validator.clone());
        let before = validator.validate_slice(data);
        let fixed = fixer.fix_slice(data);
        assert_eq!(
            fixed.report,
            validator.validate_slice(&fixed.call),
            "report of the repaired call"
        );
        if !fixed.is_changed() {
            assert_eq!(&*fixed.call, data, "unrepaired but changed");
        }
        let again = fixer.fix_slice(&fixed.call);
        assert!(!again.is_changed(), "not idempotent: {:?}", again.repairs);
        // Nothing introduced: each violation after was there before, at its
        // pointer as the repairs' moves carry it; each repaired one is gone.
        let moved = |path: &str| {
            let mut p = path.to_string();
            for r in &fixed.repairs {
                if let json_patch::PatchOperation::Move(m) = &r.op {
                    if let Some(rest) = p.strip_prefix(m.from.as_str()) {
                        if rest.is_empty() || rest.starts_with('/') {
                            p = format!("{}{rest}", m.path.as_str());
                        }
                    }
                }
            }
            p
        };
        let mut had: Vec<Option<(Code, String)>> = before
            .violations()
            .iter()
            .map(|v| Some((v.code(), moved(v.path()))))
            .collect();
        for v in fixed.report.violations() {
            let key = (v.code(), v.path().to_string());
            let slot = had.iter_mut().find(|h| h.as_ref() == Some(&key));
            assert!(slot.is_some(), "{v} introduced");
            if let Some(s) = slot {
                *s = None;
            }
        }
        for r in &fixed.repairs {
            assert!(
                !fixed.report.has(r.code, &moved(&r.path)),
                "{:?} at {} not removed",
                r.code,
                r.path
            );
        }
        if let Ok(mut value) = serde_json::from_slice::<Value>(data) {
            json_patch::patch(&mut value, &fixed.patch()).expect("the patch applies to the input");
            let out: Value =
                serde_json::from_slice(&fixed.call).expect("the repaired call is JSON");
            assert_eq!(value, out, "patch and repaired bytes disagree");
            if !has_duplicate_keys(data) {
                let input: Value = serde_json::from_slice(data).expect("JSON");
                assert_eq!(
                    fixer.fix(&input).call,
                    out,
                    "the Value path repairs differently"
                );
            }
        }
        let errors = vendor::rudderstack_errors(data, before.violations());
        let plan = vendor::RudderPlan {
            id: "tp".into(),
            version: 1,
        };
        if let Some(annotated) = vendor::annotate_rudderstack(data, &errors, Some(&plan)) {
            let mut v: Value = serde_json::from_slice(&annotated).expect("annotated call is JSON");
            assert_eq!(
                v["context"]["violationErrors"],
                serde_json::to_value(&errors).expect("serialises"),
                "annotation lost"
            );
            assert_eq!(v["context"]["trackingPlanId"], "tp");
            assert_eq!(v["context"]["trackingPlanVersion"], 1);
            // Everything else is as it was.
            if !has_duplicate_keys(data) {
                let mut input: Value =
                    serde_json::from_slice(data).expect("an annotated input is JSON");
                for call in [&mut v, &mut input] {
                    if let Some(Value::Object(c)) = call.get_mut("context") {
                        for k in ["violationErrors", "trackingPlanId", "trackingPlanVersion"] {
                            c.remove(k);
                        }
                    }
                    if let Some(m) = call.as_object_mut() {
                        let empty = matches!(m.get("context"), Some(Value::Null))
                            || m.get("context").is_some_and(|c| c == &json!({}));
                        if empty {
                            m.remove("context");
                        }
                    }
                }
                assert_eq!(v, input, "the annotation changed something else");
            }
        }
        let calls = vendor::segment_violations(data, before.violations(), &Default::default());
        assert_eq!(calls.len(), before.violations().len());
        let mut ids: Vec<String> = calls.iter().map(|c| c["messageId"].to_string()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(
            ids.len(),
            calls.len(),
            "two generated calls share a messageId"
        );
    }
}

/// The report's figures over any input read as a stream: every record counted
/// exactly once; the figures of the stream split at its middle record, merged,
/// equal one pass; with tables of four keys the pooled figures still add up;
/// the figures survive JSON; the page renders and fetches nothing (checked on
/// one input in sixteen).
#[cfg(feature = "report")]
pub fn report(data: &[u8]) {
    use semantic_events::report::{Location, Stats, html};
    use semantic_events::stream::Record;

    let validator = Validator::new().capture_event_name(true).observe(true);
    let records: Vec<Record> = Records::new(data)
        .map(|r| r.expect("reading a slice cannot fail"))
        .collect();
    let reports: Vec<_> = records.iter().map(|r| r.validate(&validator)).collect();
    let stats_of = |from: usize, to: usize, stats: Stats| {
        let mut stats = stats;
        for (r, report) in records[from..to].iter().zip(&reports[from..to]) {
            stats.add(report, r.call(), &Location::new("fuzz", r.line));
        }
        stats
    };
    let n = records.len();
    let whole = stats_of(0, n, Stats::new(&validator));
    assert_eq!(whole.records, n as u64);
    assert_eq!(
        whole.valid + whole.invalid + whole.unparsable,
        whole.records
    );
    let violations: usize = reports.iter().map(|r| r.violations().len()).sum();
    assert_eq!(whole.errors + whole.warnings, violations as u64);
    assert_eq!(whole.paths.total(), violations as u64);
    let semantic: u64 = whole.events.values().map(|e| e.records).sum();
    assert_eq!(
        semantic, whole.semantic,
        "event records do not add up to the semantic calls"
    );
    for e in whole.events.values() {
        assert!(e.invalid <= e.records);
        for p in &e.properties {
            assert!(
                p.valid <= p.present && p.present <= e.records,
                "{} fills oddly",
                p.name
            );
        }
    }
    let timed: u64 = whole.time.days().values().map(|b| b.records).sum();
    assert_eq!(
        timed + whole.time.untimed().records + whole.time.other_days().records,
        n as u64
    );

    let mut merged = stats_of(0, n / 2, Stats::new(&validator));
    merged
        .merge(&stats_of(n / 2, n, Stats::new(&validator)))
        .expect("same format");
    assert_eq!(merged, whole, "a merge of halves differs from one pass");

    let small = stats_of(0, n, Stats::new(&validator).top_keys(4));
    assert!(small.paths.len() <= 4 && small.custom.len() <= 4);
    assert_eq!(small.paths.total(), whole.paths.total());
    assert_eq!(small.custom.total(), whole.custom.total());
    assert_eq!(
        small.unknown_properties.total(),
        whole.unknown_properties.total()
    );

    let json = serde_json::to_string(&whole).expect("figures serialise");
    let back: Stats = serde_json::from_str(&json).expect("figures deserialise");
    assert_eq!(back, whole, "the figures change through JSON");

    // Rendering costs a hundred times the rest: one input in sixteen (by length).
    if data.len() % 16 != 0 {
        return;
    }
    let page =
        html::render(&whole, &html::Page::new(vec!["fuzz".into()])).expect("the page renders");
    for tag in ["<script", "<img", "<link", "<iframe"] {
        assert!(!page.contains(tag), "the page holds {tag}");
    }
}
