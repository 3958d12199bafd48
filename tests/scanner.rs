//! The bytes path's scanner, held to the references: for generated JSON texts
//! written every way JSON allows (whitespace, escapes, number notations, key
//! orders) and for broken ones, `validate_slice` equals the same walk on
//! `serde_json`'s deserializer (`validate_slice_reference`), and the `Value`
//! path whenever the text is JSON.

use std::fmt::Write as _;

use proptest::prelude::*;
use semantic_events::{Dialect, EventName, Profile, Validator};
use serde_json::Value;

/// A JSON text for a value, with its spelling chosen by the strategy.
#[derive(Debug, Clone)]
enum Json {
    Null,
    Bool(bool),
    /// A number, as written.
    Number(String),
    Str(String, bool),
    Array(Vec<Json>),
    Object(Vec<(String, bool, Json)>),
}

/// Writes `s` as a JSON string, escaping every character when `escape_all`.
fn write_str(out: &mut String, s: &str, escape_all: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if escape_all || u32::from(c) < 0x20 => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Json {
    fn write(&self, out: &mut String, ws: &str) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::Str(s, escape) => write_str(out, s, *escape),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(ws);
                    item.write(out, ws);
                }
                out.push_str(ws);
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (k, escape, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(ws);
                    write_str(out, k, *escape);
                    out.push_str(ws);
                    out.push(':');
                    out.push_str(ws);
                    v.write(out, ws);
                }
                out.push_str(ws);
                out.push('}');
            }
        }
    }
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| f.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
        (0u32..100_000, 0usize..8).prop_map(|(n, d)| format!("{}.{n:0d$}", n % 1000)),
        "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?",
        // Not numbers, or not as JSON writes them.
        prop_oneof![
            Just("-0".to_string()),
            Just("01".to_string()),
            Just("1.".to_string()),
            Just(".5".to_string()),
            Just("1e".to_string()),
            Just("+1".to_string()),
            Just("-".to_string()),
            Just("1e400".to_string()),
            Just("NaN".to_string()),
        ],
    ]
}

/// Names the walker knows (so values land in typed positions) and others.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "price",
            "quantity",
            "currency",
            "revenue",
            "products",
            "product_id",
            "position",
            "total_length",
            "timestamp",
            "userId",
            "anonymousId",
            "event",
            "type",
            "properties",
            "context",
            "page",
            "url",
            "sentAt",
            "integrations",
            "traits",
            "value",
            "Price",
            "product-id",
            "bitrate",
            "",
        ])
        .prop_map(str::to_string),
        "[a-zA-Z_]{1,12}",
        any::<String>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Product Added",
            "Order Completed",
            "Video Playback Started",
            "USD",
            "usd",
            "EUR",
            "2024-05-04T12:00:00Z",
            "2024-05-04",
            "yesterday",
            "12.5",
            "track",
            "identify",
            "Application Installed",
            "",
        ])
        .prop_map(str::to_string),
        any::<String>(),
        "[\\u{0}-\\u{7f}]{0,40}",
    ]
}

fn json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        number().prop_map(Json::Number),
        (text(), any::<bool>()).prop_map(|(s, e)| Json::Str(s, e)),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Json::Array),
            prop::collection::vec((key(), any::<bool>(), inner), 0..6).prop_map(Json::Object),
        ]
    })
}

/// A call around generated properties and context, its members in any order.
fn call() -> impl Strategy<Value = Json> {
    let event = prop_oneof![
        prop::sample::select(EventName::ALL.to_vec()).prop_map(|e| e.as_str().to_string()),
        text(),
    ];
    (
        event,
        any::<bool>(),
        json(),
        json(),
        prop::sample::select(vec!["track", "identify", "page", "other"]),
        prop::collection::vec((key(), any::<bool>(), json()), 0..4),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(event, escape, properties, context, kind, extra, at)| {
            let mut members = vec![
                ("userId".to_string(), false, Json::Str("u1".into(), false)),
                ("event".to_string(), false, Json::Str(event, escape)),
                ("properties".to_string(), escape, properties),
                ("context".to_string(), false, context),
                ("type".to_string(), false, Json::Str(kind.into(), false)),
            ];
            members.extend(extra);
            let n = members.len();
            members.rotate_left(at.index(n));
            Json::Object(members)
        })
}

fn validators() -> [Validator; 3] {
    [
        Validator::new(),
        Validator::new()
            .profile(Profile::Strict)
            .dialect(Dialect::CustomerIo)
            .observe(true)
            .capture_event_name(true),
        Validator::new()
            .profile(Profile::Lenient)
            .dialect(Dialect::Rudderstack)
            .max_depth(3),
    ]
}

/// Whether a JSON text repeats a key in some object (a `Value` keeps the last).
fn repeats_keys(v: &Json) -> bool {
    match v {
        Json::Array(items) => items.iter().any(repeats_keys),
        Json::Object(members) => {
            let mut keys: Vec<&str> = members.iter().map(|(k, _, _)| k.as_str()).collect();
            keys.sort_unstable();
            keys.windows(2).any(|w| w[0] == w[1]) || members.iter().any(|(_, _, v)| repeats_keys(v))
        }
        _ => false,
    }
}

/// Whatever `serde_json` reads, the scanner reads too, to the same value
/// (printed, so that floats are compared bit for bit): otherwise it would hand
/// calls to the slower reference reader, and no report would show it.
fn reads_alike(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(value) = serde_json::from_slice::<Value>(bytes) {
        let text = std::str::from_utf8(bytes).expect("serde_json read it: UTF-8");
        prop_assert_eq!(
            Validator::scan_value(text).map(|v| v.to_string()),
            Some(value.to_string())
        );
    }
    Ok(())
}

fn check(bytes: &[u8], unique_keys: bool) -> Result<(), TestCaseError> {
    reads_alike(bytes)?;
    for validator in validators() {
        let report = validator.validate_slice(bytes);
        prop_assert_eq!(&report, &validator.validate_slice_reference(bytes));
        prop_assert_eq!(validator.is_valid_slice(bytes), report.is_valid());
        let first = validator.first_error_slice(bytes);
        prop_assert_eq!(first.as_ref(), report.errors().next());
        if unique_keys {
            if let Ok(value) = serde_json::from_slice::<Value>(bytes) {
                prop_assert_eq!(&validator.validate(&value), &report);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn generated_calls_read_alike(call in call(), ws in prop::sample::select(vec!["", " ", "\n", "\r\n\t "])) {
        let mut text = String::new();
        call.write(&mut text, ws);
        check(text.as_bytes(), !repeats_keys(&call))?;
    }

    /// Cut anywhere, or with a byte changed: broken texts get the reference's
    /// verdict and message.
    #[test]
    fn broken_calls_read_alike(call in call(), cut in any::<prop::sample::Index>(), byte in any::<u8>(), replace in any::<bool>()) {
        let mut text = String::new();
        call.write(&mut text, "");
        let mut bytes = text.into_bytes();
        let at = cut.index(bytes.len().max(1));
        if replace && at < bytes.len() {
            bytes[at] = byte;
        } else {
            bytes.truncate(at);
        }
        check(&bytes, false)?;
    }
}

#[test]
fn the_scanner_reads_what_serde_json_reads() {
    let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    for text in [
        deep(127),
        format!(" {} ", deep(64)),
        r#"{"a" : [ 1 , -0 , -0.0 , 1e3 , 0.1 , 9007199254740993 , 900719925474099.1 ], "b":"\ud83d\ude00\u00e9\/" , "a":null}"#.to_string(),
        "\u{feff}1".to_string(),
    ] {
        let parsed = serde_json::from_str::<Value>(&text);
        let scanned = Validator::scan_value(&text);
        assert_eq!(scanned.map(|v| v.to_string()), parsed.ok().map(|v| v.to_string()), "{text}");
    }
    // Nested 128 deep: refused by both (the Value path's parser has the limit).
    assert!(Validator::scan_value(&deep(128)).is_none());
    assert!(serde_json::from_str::<Value>(&deep(128)).is_err());
}

#[test]
fn the_reference_is_a_different_reader() {
    // The scanner refuses a lone surrogate and hands it to the reference, which
    // names it: the message is serde_json's.
    let bytes = br#"{"userId":"u","event":"x","properties":{"a":"\ud800"}}"#;
    let report = Validator::new().validate_slice(bytes);
    let message = report.violations()[0].to_string();
    assert!(
        message.contains("hex escape at line 1 column 52"),
        "{message}"
    );
}
