//! Hostile input: each case has a defined, documented outcome, and none panics.
//!
//! | input | outcome |
//! |---|---|
//! | arrays or objects nested 10 000 deep in a property | `too_deep` error at the 64th level (`Validator::max_depth`); the rest of the call is validated |
//! | a 10 MB string | validated like any string (no size limit unless `max_call_bytes` is set) |
//! | `max_call_bytes(Some(32 KB))` and a larger call | `too_large` error |
//! | `1e400` | `invalid_json`: the parser refuses numbers beyond `f64` |
//! | `-0` | a number equal to 0: valid where `>= 0` is required |
//! | 2^64, 2^128 as integers | read as floats, still integers: valid counts |
//! | invalid UTF-8 | `invalid_json` with line and column |
//! | a raw NUL byte / an escaped `\u0000` | `invalid_json` (control character) / a valid string |
//! | a lone surrogate escape `\ud800` | `invalid_json` |
//! | duplicate keys | from bytes every occurrence is checked (a bad first one is reported); a parsed `Value` keeps the last; not reported on its own |
//! | a UTF-8 BOM | skipped, by `validate_slice` and by the stream reader |
//! | CRLF line ends | white space to the parser; stripped by the stream reader |
//! | a truncated last line | that record is `invalid_json`; the others are validated |
//! | a top-level scalar | `not_an_object` |
//! | an empty file | no record (stream); `invalid_json` for `validate_slice(b"")` |
//! | 100 000 properties in one event | validated, each checked or skipped once |
//! | a line of 100 MB | one record, validated |

use semantic_events::stream::Records;
use semantic_events::{Code, Validator};
use serde_json::{Value, json};

fn codes(bytes: &[u8]) -> Vec<(Code, String)> {
    Validator::new()
        .validate_slice(bytes)
        .violations()
        .iter()
        .map(|v| (v.code(), v.path().to_string()))
        .collect()
}

fn with_properties(props: &str) -> Vec<u8> {
    format!(r#"{{"type":"track","userId":"u1","event":"Product Added","properties":{props}}}"#)
        .into_bytes()
}

#[test]
fn deep_nesting_is_bounded() {
    for (open, close) in [("[", "]"), (r#"{"a":"#, "}")] {
        let deep = format!(
            r#"{{"x":{}1{}, "price":"1"}}"#,
            open.repeat(10_000),
            close.repeat(10_000)
        );
        let got = codes(&with_properties(&deep));
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, Code::TooDeep);
        assert!(got[0].1.starts_with("/properties/x/"));
        // The rest of the call is still validated.
        assert_eq!(got[1], (Code::NumericString, "/properties/price".into()));
    }
    let shallow = Validator::new().max_depth(3);
    let report = shallow.validate_slice(&with_properties(r#"{"x":[[1]]}"#));
    assert!(report.has(Code::TooDeep, "/properties/x/0"), "{report}");
}

#[test]
fn huge_strings_and_size_limits() {
    let big = "x".repeat(10 * 1024 * 1024);
    let call = with_properties(&format!(r#"{{"name":"{big}"}}"#));
    assert!(codes(&call).is_empty());
    let limited =
        Validator::new().max_call_bytes(Some(semantic_events::validate::SEGMENT_CALL_LIMIT));
    let report = limited.validate_slice(&call);
    assert_eq!(report.violations()[0].code(), Code::TooLarge);
    let value: Value = serde_json::from_slice(&call).expect("json");
    assert_eq!(limited.validate(&value), report);
    assert!(limited.validate_slice(&with_properties("{}")).is_valid());
}

#[test]
fn numbers_at_the_edges() {
    assert_eq!(
        codes(&with_properties(r#"{"price":1e400}"#))[0].0,
        Code::InvalidJson
    );
    assert!(codes(&with_properties(r#"{"quantity":-0,"position":-0.0}"#)).is_empty());
    let video = |n: &str| {
        format!(
            r#"{{"userId":"u","event":"Video Playback Paused","properties":{{"position":{n}}}}}"#
        )
        .into_bytes()
    };
    assert!(codes(&video("18446744073709551616")).is_empty());
    assert!(codes(&video("340282366920938463463374607431768211456")).is_empty());
    assert_eq!(codes(&video("-1"))[0].0, Code::OutOfRange);
}

#[test]
fn bad_text() {
    let mut bytes = with_properties(r#"{"name":"caf"}"#);
    let at = bytes.windows(3).position(|w| w == b"caf").expect("caf") + 3;
    bytes.insert(at, 0xE9); // Latin-1 é: invalid UTF-8
    let report = Validator::new().validate_slice(&bytes);
    let v = &report.violations()[0];
    assert_eq!(v.code(), Code::InvalidJson);
    assert!(v.to_string().contains("line 1 column"), "{v}");

    let mut nul = with_properties(r#"{"name":"a b"}"#);
    let at = nul.windows(3).position(|w| w == b"a b").expect("a b") + 1;
    nul[at] = 0;
    assert_eq!(codes(&nul)[0].0, Code::InvalidJson);
    assert!(codes(&with_properties(r#"{"name":"a\u0000b"}"#)).is_empty());
    assert_eq!(
        codes(&with_properties(r#"{"name":"\ud800"}"#))[0].0,
        Code::InvalidJson
    );
}

#[test]
fn duplicate_keys() {
    let bytes = with_properties(r#"{"price":"1","price":2}"#);
    assert_eq!(
        codes(&bytes),
        [(Code::NumericString, "/properties/price".to_string())]
    );
    let value: Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(value["properties"]["price"], 2, "serde_json keeps the last");
    assert!(Validator::new().validate(&value).violations().is_empty());
}

#[test]
fn bom_crlf_truncation_scalars_and_emptiness() {
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(with_properties("{}"));
    assert!(codes(&bom).is_empty());

    let stream = b"\xEF\xBB\xBF{\"userId\":\"u\",\"event\":\"a\"}\r\n\r\n{\"userId\":\"u\",\"event\":\"b\"}\r\n{\"userId\":\"u\",\"ev";
    let records: Vec<_> = Records::new(&stream[..]).map(Result::unwrap).collect();
    assert_eq!(records.len(), 3);
    assert!(codes(&records[0].raw).is_empty() && codes(&records[1].raw).is_empty());
    assert_eq!(records[2].line, 4);
    assert_eq!(codes(&records[2].raw)[0].0, Code::InvalidJson);

    for scalar in ["1", "\"Product Added\"", "true", "null"] {
        assert_eq!(codes(scalar.as_bytes())[0].0, Code::NotAnObject, "{scalar}");
    }
    assert_eq!(Records::new(&b""[..]).count(), 0);
    assert_eq!(codes(b"")[0].0, Code::InvalidJson);
}

#[test]
fn a_hundred_thousand_properties() {
    let mut props = serde_json::Map::new();
    for i in 0..100_000 {
        props.insert(format!("custom_{i}"), json!(i));
    }
    props.insert("price".into(), json!("12"));
    let call = json!({"userId": "u", "event": "Product Added", "properties": props});
    let bytes = serde_json::to_vec(&call).expect("json");
    assert_eq!(
        codes(&bytes),
        [(Code::NumericString, "/properties/price".to_string())]
    );
    let strict = Validator::new().strict(true).validate_slice(&bytes);
    assert_eq!(
        strict
            .warnings()
            .filter(|w| w.code() == Code::UnknownProperty)
            .count(),
        100_000
    );
}

#[test]
fn a_line_of_a_hundred_megabytes() {
    let body = "y".repeat(100 * 1024 * 1024);
    let mut stream =
        format!(r#"{{"userId":"u","event":"login","properties":{{"blob":"{body}"}}}}"#)
            .into_bytes();
    stream.extend_from_slice(b"\n{\"userId\":\"u\",\"event\":\"logout\"}\n");
    let records: Vec<_> = Records::new(&stream[..]).map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert!(records[0].raw.len() > 100 * 1024 * 1024);
    assert!(Validator::new().is_valid_slice(&records[0].raw));
    assert_eq!(records[1].line, 2);
}
