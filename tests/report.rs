//! The data-quality report: every figure of a small hand-made corpus, counted
//! by hand; merge equals one pass; the JSON round trip; the CLI against
//! `validate` and a hand count over the sample; the page names no outside
//! resource.
#![cfg(feature = "report")]

mod support;

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::Value;

use semantic_events::report::{Bucket, Location, PathKey, PropertyKey, Stats, html};
use semantic_events::{Category, Code, Severity, Validator};

/// Ten lines, each there for a figure (see the comments); the figures below are
/// counted from these lines by hand.
const CORPUS: &[&str] = &[
    // 1: valid; product_id, price, quantity present; hour 2024-05-04T10.
    r#"{"userId":"u1","event":"Product Added","timestamp":"2024-05-04T10:15:00Z","properties":{"product_id":"p1","price":9.99,"quantity":1}}"#,
    // 2: price a numeric string (error); gift_wrap unknown; hour 10.
    r#"{"userId":"u1","event":"Product Added","timestamp":"2024-05-04T10:45:00Z","properties":{"product_id":"p2","price":"12.50","gift_wrap":true}}"#,
    // 3: productId is a variant spelling (warning), not product_id present;
    //    time from originalTimestamp, hour 11.
    r#"{"anonymousId":"a1","event":"Product Added","originalTimestamp":"2024-05-04T11:05:00Z","properties":{"productId":"p3","price":5}}"#,
    // 4: two numeric-string prices in products (one folded path); time from
    //    sentAt, 2024-05-05T09.
    r#"{"userId":"u2","event":"Order Completed","sentAt":"2024-05-05T09:00:00Z","properties":{"order_id":"o1","products":[{"product_id":"a","price":"1"},{"product_id":"b","price":"2"}]}}"#,
    // 5: a custom name near "Product Added"; a timestamp that is no date-time
    //    (error), so the time is receivedAt's, 2024-05-05T09.
    r#"{"userId":"u3","event":"Prodcut Added","timestamp":"yesterday","receivedAt":"2024-05-05T09:30:00Z"}"#,
    // 6: custom, valid, no time.
    r#"{"userId":"u3","event":"Level Completed"}"#,
    // 7: the same custom name, 2024-05-05T09.
    r#"{"userId":"u3","event":"Level Completed","timestamp":"2024-05-05T09:59:59Z"}"#,
    // 8: an identify call, no time.
    r#"{"userId":"u4","type":"identify","traits":{}}"#,
    // 9: not JSON, no time.
    r#"{"userId":"#,
    // 10: a third custom name (pooled when two are kept), no time.
    r#"{"userId":"u5","event":"Tutorial Skipped"}"#,
];

fn validator() -> Validator {
    Validator::new().capture_event_name(true).observe(true)
}

fn stats_of(lines: &[&str], stats: Stats, validator: &Validator, first_line: usize) -> Stats {
    let mut stats = stats;
    for (i, line) in lines.iter().enumerate() {
        let report = validator.validate_str(line);
        stats.add(
            &report,
            line.as_bytes(),
            &Location::new("corpus.ndjson", first_line + i),
        );
    }
    stats
}

fn corpus_stats() -> Stats {
    let v = validator();
    stats_of(CORPUS, Stats::new(&v), &v, 1)
}

#[test]
fn totals() {
    let s = corpus_stats();
    assert_eq!(s.records, 10);
    assert_eq!(s.valid, 6, "lines 1, 3, 6, 7, 8, 10");
    assert_eq!(s.invalid, 3, "lines 2, 4, 5");
    assert_eq!(s.unparsable, 1, "line 9");
    assert_eq!(s.errors, 5, "1 + 2 + 1 + 1");
    assert_eq!(s.warnings, 2, "the variant property name, the near miss");
    assert_eq!(s.semantic, 4, "lines 1-4");
    let calls: BTreeMap<&str, u64> = s.calls.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(
        calls,
        BTreeMap::from([("track", 8), ("identify", 1), ("not a call", 1)])
    );
    assert_eq!(
        s.configurations,
        BTreeMap::from([("segment, standard".to_string(), 10)])
    );
}

#[test]
fn violations_by_code_path_and_event() {
    let s = corpus_stats();
    let codes: BTreeMap<Code, (u64, u64)> = s
        .codes
        .iter()
        .map(|(c, st)| (*c, (st.violations, st.records)))
        .collect();
    assert_eq!(
        codes,
        BTreeMap::from([
            (Code::NumericString, (3, 2)),
            (Code::NonCanonicalPropertyName, (1, 1)),
            (Code::InvalidDateTime, (1, 1)),
            (Code::UnknownEventNearMiss, (1, 1)),
            (Code::InvalidJson, (1, 1)),
        ])
    );
    assert_eq!(s.codes[&Code::NumericString].severity, Severity::Error);
    assert_eq!(
        s.codes[&Code::UnknownEventNearMiss].severity,
        Severity::Warning
    );
    let paths: BTreeMap<(String, Code), u64> = s
        .paths
        .entries()
        .into_iter()
        .map(|(k, c)| ((k.path.clone(), k.code), c.count))
        .collect();
    let key = |p: &str, c| (p.to_string(), c);
    assert_eq!(
        paths,
        BTreeMap::from([
            (key("/properties/price", Code::NumericString), 1),
            (key("/properties/products/*/price", Code::NumericString), 2),
            (
                key("/properties/productId", Code::NonCanonicalPropertyName),
                1
            ),
            (key("/timestamp", Code::InvalidDateTime), 1),
            (key("/event", Code::UnknownEventNearMiss), 1),
            (key("", Code::InvalidJson), 1),
        ])
    );
    assert_eq!(s.paths.other.count, 0);
    let added = &s.events["Product Added"];
    assert_eq!((added.records, added.invalid, added.violations), (3, 1, 2));
    let order = &s.events["Order Completed"];
    assert_eq!((order.records, order.invalid, order.violations), (1, 1, 2));
    let prodcut = s.custom.get("Prodcut Added").expect("kept");
    assert_eq!(
        (prodcut.records, prodcut.invalid, prodcut.violations),
        (1, 1, 2)
    );
}

#[test]
fn coverage_of_declared_properties() {
    let s = corpus_stats();
    let fill = |event: &str| -> BTreeMap<String, (u64, u64)> {
        s.events[event]
            .properties
            .iter()
            .filter(|p| p.present > 0)
            .map(|p| (p.name.clone(), (p.present, p.valid)))
            .collect()
    };
    let f = |pairs: &[(&str, (u64, u64))]| -> BTreeMap<String, (u64, u64)> {
        pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect()
    };
    assert_eq!(
        fill("Product Added"),
        f(&[
            ("product_id", (2, 2)),
            ("price", (3, 2)),
            ("quantity", (1, 1))
        ])
    );
    assert_eq!(
        fill("Order Completed"),
        f(&[("order_id", (1, 1)), ("products", (1, 0))])
    );
    // Every declared property is listed, seen or not, in declaration order.
    let declared: Vec<&str> = semantic_events::Registry::builtin()
        .get("Product Added")
        .expect("declared")
        .properties
        .props
        .iter()
        .map(|p| p.name)
        .collect();
    let listed: Vec<&str> = s.events["Product Added"]
        .properties
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(listed, declared);
    let unknown: Vec<(&PropertyKey, u64)> = s
        .unknown_properties
        .entries()
        .into_iter()
        .map(|(k, c)| (k, c.count))
        .collect();
    assert_eq!(
        unknown,
        [(
            &PropertyKey {
                event: "Product Added".into(),
                property: "gift_wrap".into()
            },
            1
        )]
    );
}

#[test]
fn unseen_events_by_family() {
    let s = corpus_stats();
    let unseen = s.unseen();
    let registry = semantic_events::Registry::builtin();
    for category in Category::SPEC {
        let known: Vec<&str> = registry
            .events()
            .filter(|e| {
                e.category == category && e.vendors.known_in(semantic_events::Dialect::Segment)
            })
            .map(|e| e.name)
            .filter(|n| *n != "Product Added" && *n != "Order Completed")
            .collect();
        let mut known = known;
        known.sort_unstable();
        let got = unseen.get(&category).cloned().unwrap_or_default();
        assert_eq!(got, known, "{category}");
    }
    assert!(unseen[&Category::Ecommerce].contains(&"Cart Viewed"));
    // Customer.io's action events are not known in Segment's dialect.
    assert!(!unseen.contains_key(&Category::CustomerioActions));
}

#[test]
fn custom_names_and_near_misses() {
    let s = corpus_stats();
    let names: Vec<(&str, u64, Option<&str>)> = s
        .custom
        .entries()
        .into_iter()
        .map(|(k, n)| (k.as_str(), n.records, n.near_miss.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("Level Completed", 2, None),
            ("Prodcut Added", 1, Some("Product Added")),
            ("Tutorial Skipped", 1, None),
        ]
    );
    // Two names kept: the first two to come; the third is pooled.
    let v = validator();
    let small = stats_of(CORPUS, Stats::new(&v).top_keys(2), &v, 1);
    let kept: Vec<(&str, u64)> = small
        .custom
        .entries()
        .into_iter()
        .map(|(k, n)| (k.as_str(), n.records))
        .collect();
    assert_eq!(kept, [("Level Completed", 2), ("Prodcut Added", 1)]);
    assert_eq!(small.custom.other.records, 1);
    assert_eq!(small.custom.total(), 4);
    // Paths too: the first two (line 2's price, line 3's productId); the other
    // five violations pooled.
    assert_eq!(small.paths.len(), 2);
    assert!(
        small
            .paths
            .get(&PathKey {
                path: "/properties/price".into(),
                code: Code::NumericString
            })
            .is_some()
    );
    assert_eq!(small.paths.other.count, 5);
    assert_eq!(small.paths.total(), 7);
}

#[test]
fn time_buckets_with_fallbacks() {
    let s = corpus_stats();
    let day = |d: i64| d * 86_400;
    // 2024-05-04 is day 19_847 since the Unix epoch.
    let (d4, d5) = (19_847, 19_848);
    let b = |records, invalid| Bucket { records, invalid };
    assert_eq!(
        s.time.days(),
        BTreeMap::from([(d4, b(3, 1)), (d5, b(3, 2))]),
        "lines 1-3 on the 4th; 4, 5 and 7 on the 5th"
    );
    let hour = |d: i64, h: i64| (day(d) + h * 3600) / 3600;
    assert_eq!(
        s.time.hours().cloned(),
        Some(BTreeMap::from([
            (hour(d4, 10), b(2, 1)),
            (hour(d4, 11), b(1, 0)),
            (hour(d5, 9), b(3, 2)),
        ]))
    );
    assert_eq!(s.time.untimed(), b(4, 1), "lines 6, 8, 9 (not JSON), 10");
    let json = serde_json::to_value(&s.time).expect("serialises");
    assert_eq!(json["days"][0]["start"], "2024-05-04T00:00:00Z");
    assert_eq!(json["hours"][2]["start"], "2024-05-05T09:00:00Z");
}

#[test]
fn samples_are_masked_unless_shown() {
    let s = corpus_stats();
    let samples = &s.codes[&Code::NumericString].samples;
    let at: Vec<(usize, &str, &str)> = samples
        .iter()
        .map(|x| (x.line, x.path.as_str(), x.found.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (2, "/properties/price", "string, 5 characters"),
            (4, "/properties/products/0/price", "string, 1 character"),
            (4, "/properties/products/1/price", "string, 1 character"),
        ]
    );
    assert!(samples.iter().all(|x| x.value.is_none()));
    assert!(
        !samples[0].message.contains("12.50"),
        "{}",
        samples[0].message
    );
    assert_eq!(samples[0].source, "corpus.ndjson");
    assert_eq!(samples[0].event.as_deref(), Some("Product Added"));
    let missing = &s.codes[&Code::InvalidJson].samples[0];
    assert_eq!(missing.found, "input of 10 bytes");

    let v = validator();
    let shown = stats_of(CORPUS, Stats::new(&v).show_values(true), &v, 1);
    let sample = &shown.codes[&Code::NumericString].samples[0];
    assert_eq!(sample.value.as_deref(), Some("\"12.50\""));
    assert!(
        !sample.message.contains("12.50"),
        "the value is in `value` only"
    );
    // Merging shown samples into masked figures masks them.
    let mut masked = Stats::new(&v);
    masked.merge(&shown).expect("same format");
    assert!(
        masked
            .codes
            .values()
            .flat_map(|c| &c.samples)
            .all(|x| x.value.is_none())
    );
    let page = html::render(&masked, &html::Page::new(Vec::new())).expect("renders");
    assert!(
        !support::unescape(&page).contains("12.50"),
        "a shown value leaked through merge"
    );
    let json = serde_json::to_string(&masked).expect("serialises");
    assert!(
        !json.contains("12.50"),
        "a shown value leaked into the figures"
    );
}

#[test]
fn merging_split_inputs_equals_one_pass() {
    let v = validator();
    let whole = corpus_stats();
    for cut in 0..=CORPUS.len() {
        let mut a = stats_of(&CORPUS[..cut], Stats::new(&v), &v, 1);
        let b = stats_of(&CORPUS[cut..], Stats::new(&v), &v, cut + 1);
        a.merge(&b).expect("same format");
        assert_eq!(a, whole, "split at {cut}");
    }
}

#[test]
fn figures_round_trip_through_json() {
    let s = corpus_stats();
    let json = serde_json::to_string(&s).expect("serialises");
    let back: Stats = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, s);
    let mut other = back.clone();
    other.format = 99;
    let mut s = s;
    assert!(s.merge(&other).is_err(), "another format is refused");
}

#[test]
fn the_page_shows_the_figures_and_fetches_nothing() {
    let s = corpus_stats();
    let page = html::render(&s, &html::Page::new(vec!["corpus.ndjson".into()])).expect("renders");
    let page = support::unescape(&page);
    for needle in [
        "Prodcut Added",
        "numeric_string",
        "/properties/products/*/price",
        "gift_wrap",
        "Level Completed",
        "string, 5 characters",
        "Content-Security-Policy",
    ] {
        assert!(page.contains(needle), "the page lacks {needle:?}");
    }
    assert!(!page.contains("12.50"), "a masked value is on the page");
    assert_eq!(page.matches("<svg").count(), 3, "three charts");
    let docs = html::Page::new(Vec::new()).docs;
    assert!(
        page.contains(&format!("<a href=\"{docs}/ecommerce.md#product-added\">")),
        "event names link to their entry in the reference"
    );
    support::assert_no_outside_resources(&page);
}

/// Calls of every kind: valid and labelled-invalid semantic events, custom
/// events, other call types, text that is not JSON; with times or without.
fn any_line() -> impl Strategy<Value = String> {
    let time = prop_oneof![
        Just(None),
        (0i64..4_000_000_000).prop_map(|t| {
            let t = chrono::DateTime::from_timestamp(t, 0).expect("in range");
            Some(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        }),
    ];
    let call = prop_oneof![
        3 => semantic_events::strategies::valid_track(),
        3 => semantic_events::strategies::invalid_track().prop_map(|(v, _)| v),
        1 => "[A-Za-z ]{1,12}".prop_map(|name| serde_json::json!({"userId": "u", "event": name})),
        1 => Just(serde_json::json!({"userId": "u", "type": "identify"})),
    ];
    prop_oneof![
        9 => (call, time, 0usize..4).prop_map(|(mut call, time, field)| {
            if let (Some(t), Value::Object(map)) = (time, &mut call) {
                let key = ["timestamp", "originalTimestamp", "sentAt", "receivedAt"][field];
                map.insert(key.into(), Value::String(t));
            }
            call.to_string()
        }),
        1 => "[{}\\[\\]a-z\":,0-9]{0,12}",
    ]
}

proptest! {
    #![proptest_config(support::proptest_config())]

    /// Figures of two halves merged equal the figures of the whole, for any
    /// input and any split (in both show-values settings).
    #[test]
    fn merge_of_split_inputs_equals_one_pass(
        lines in proptest::collection::vec(any_line(), 0..40),
        cut in any::<prop::sample::Index>(),
        show in any::<bool>(),
    ) {
        let v = validator();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let cut = cut.index(lines.len() + 1);
        let whole = stats_of(&lines, Stats::new(&v).show_values(show), &v, 1);
        let mut a = stats_of(&lines[..cut], Stats::new(&v).show_values(show), &v, 1);
        let b = stats_of(&lines[cut..], Stats::new(&v).show_values(show), &v, cut + 1);
        a.merge(&b).expect("same format");
        prop_assert_eq!(&a, &whole);
        prop_assert_eq!(whole.records, lines.len() as u64);
        prop_assert_eq!(whole.valid + whole.invalid + whole.unparsable, whole.records);
        let timed: u64 = whole.time.days().values().map(|b| b.records).sum();
        prop_assert_eq!(timed + whole.time.untimed().records + whole.time.other_days().records, whole.records);
        // And through JSON, as `report --merge` reads them.
        let back: Stats = serde_json::from_str(&serde_json::to_string(&whole).expect("serialises")).expect("reads");
        prop_assert_eq!(back, whole);
    }
}

#[test]
fn past_a_year_of_hours_the_timeline_keeps_days() {
    use semantic_events::report::{HOURS_KEPT, Timeline};
    let n = HOURS_KEPT + 1;
    let hours = i64::try_from(n).expect("small");
    let mut whole = Timeline::default();
    let (mut a, mut b) = (Timeline::default(), Timeline::default());
    for h in 0..hours {
        let t = Some(h * 3600 + 59);
        let valid = h % 3 != 0;
        whole.add(t, valid);
        if h < hours / 2 {
            a.add(t, valid);
        } else {
            b.add(t, valid);
        }
    }
    assert!(
        whole.hours().is_none(),
        "one hour more than kept drops the hourly series"
    );
    assert!(a.hours().is_some() && b.hours().is_some());
    a.merge(&b);
    assert_eq!(a, whole, "a merge past the cap drops it too");
    let days = whole.days();
    assert_eq!(days.len(), n.div_ceil(24));
    assert_eq!(
        days[&0],
        Bucket {
            records: 24,
            invalid: 8
        }
    );
    assert_eq!(days.values().map(|b| b.records).sum::<u64>(), n as u64);
    let back: Timeline =
        serde_json::from_str(&serde_json::to_string(&whole).expect("json")).expect("reads");
    assert_eq!(back, whole);
}

#[test]
fn past_32_unknown_properties_both_paths_keep_the_least_names() {
    // 40 unknown properties, in descending order in the text.
    let props: Vec<String> = (0..40).rev().map(|i| format!("\"x{i:02}\":1")).collect();
    let text = format!(
        r#"{{"userId":"u","event":"Product Added","properties":{{{}}}}}"#,
        props.join(",")
    );
    let v = validator();
    let from_bytes = v.validate_str(&text);
    let value: Value = serde_json::from_str(&text).expect("JSON");
    let from_value = v.validate(&value);
    assert_eq!(from_bytes, from_value);
    let mut kept: Vec<&str> = from_bytes.unknown_properties().collect();
    kept.sort_unstable();
    let least: Vec<String> = (0..32).map(|i| format!("x{i:02}")).collect();
    assert_eq!(kept, least);
}

/// Lines whose keys come in other orders than `event` first: `properties` before
/// `event` (the bytes path defers them), a non-track call carrying `properties`
/// before its `type` (provisional findings dropped), a call that turns out not
/// to be JSON after noting things on the way.
const KEY_ORDERS: &[&str] = &[
    r#"{"properties":{"price":"12.50","gift_wrap":true,"product_id":"p"},"userId":"u","event":"Product Added"}"#,
    r#"{"userId":"u","event":"Product Added","properties":{"price":"1","gift_wrap":true},"type":"identify"}"#,
    r#"{"userId":"u","event":"Product Added","timestamp":"2024-05-04T10:00:00Z","properties":{"price":1,"x":2}"#,
];

#[test]
fn key_order_and_call_type_do_not_change_the_figures() {
    let v = validator();
    let s = stats_of(KEY_ORDERS, Stats::new(&v), &v, 1);
    let added = &s.events["Product Added"];
    assert_eq!(added.records, 1, "only line 1 is a Product Added call");
    let fill: BTreeMap<&str, (u64, u64)> = added
        .properties
        .iter()
        .filter(|p| p.present > 0)
        .map(|p| (p.name.as_str(), (p.present, p.valid)))
        .collect();
    assert_eq!(
        fill,
        BTreeMap::from([("price", (1, 0)), ("product_id", (1, 1))])
    );
    let unknown: Vec<(&str, u64)> = s
        .unknown_properties
        .entries()
        .into_iter()
        .map(|(k, c)| (k.property.as_str(), c.count))
        .collect();
    assert_eq!(
        unknown,
        [("gift_wrap", 1)],
        "line 2 is an identify call: nothing noted"
    );
    assert_eq!(s.semantic, 1);
    assert_eq!(s.codes[&Code::NumericString].violations, 1, "line 1 only");
    assert_eq!(s.calls.get("identify"), Some(&1));
    assert_eq!(s.unparsable, 1);
    assert_eq!(
        s.time.untimed().records,
        3,
        "line 3 is not JSON: its time does not count"
    );
    assert!(s.time.days().is_empty());
}

#[test]
fn the_value_path_gives_the_same_figures() {
    let v = validator();
    let lines: Vec<&str> = CORPUS.iter().chain(KEY_ORDERS).copied().collect();
    let from_bytes = stats_of(&lines, Stats::new(&v), &v, 1);
    let mut from_value = Stats::new(&v);
    for (i, line) in lines.iter().enumerate() {
        let report = match serde_json::from_str::<Value>(line) {
            Ok(value) => v.validate(&value),
            Err(_) => v.validate_str(line),
        };
        from_value.add(
            &report,
            line.as_bytes(),
            &Location::new("corpus.ndjson", i + 1),
        );
    }
    // Samples hold the violations in each path's order; the rest is equal.
    for s in [&mut from_value] {
        for c in s.codes.values_mut() {
            c.samples
                .sort_by(|a, b| (a.line, &a.path).cmp(&(b.line, &b.path)));
        }
    }
    let mut from_bytes = from_bytes;
    for c in from_bytes.codes.values_mut() {
        c.samples
            .sort_by(|a, b| (a.line, &a.path).cmp(&(b.line, &b.path)));
    }
    assert_eq!(from_value, from_bytes);
}

#[test]
fn times_follow_offsets_priority_and_the_calendar_before_1970() {
    let lines = [
        // receivedAt comes first in the text, but timestamp wins; its offset
        // moves it to the next day.
        r#"{"userId":"u","event":"Level Completed","receivedAt":"2024-05-07T00:00:00Z","timestamp":"2024-05-04T23:30:00-01:00"}"#,
        r#"{"userId":"u","event":"Level Completed","timestamp":"1969-12-31T23:30:00Z"}"#,
        // Outside RFC 3339's years once in UTC: still counted, still read back.
        r#"{"userId":"u","event":"Level Completed","timestamp":"0000-01-01T00:30:00+01:00"}"#,
    ];
    let v = validator();
    let s = stats_of(&lines, Stats::new(&v), &v, 1);
    let b = |records| Bucket {
        records,
        invalid: 0,
    };
    let first_hour = (19_848 * 24, b(1)); // 2024-05-05T00
    let hours = s.time.hours().expect("kept");
    assert_eq!(hours.get(&first_hour.0), Some(&first_hour.1));
    assert_eq!(hours.get(&-1), Some(&b(1)), "1969-12-31T23 is hour -1");
    let days = s.time.days();
    assert_eq!(days.get(&19_848), Some(&b(1)));
    assert_eq!(days.get(&-1), Some(&b(1)));
    assert_eq!(days.values().map(|b| b.records).sum::<u64>(), 3);
    let back: Stats =
        serde_json::from_str(&serde_json::to_string(&s).expect("json")).expect("reads back");
    assert_eq!(back, s);
}

#[test]
fn batches_are_counted_per_call_with_their_defaults() {
    use semantic_events::stream::Records;
    let input = br#"{"batch":[{"userId":"u","event":"Product Added","properties":{"price":"1"}},{"userId":"u","event":"Level Completed","timestamp":"2024-05-04T10:00:00Z"}],"sentAt":"2024-05-05T09:00:00Z"}
{"batch":[]}
"#;
    let v = validator();
    let mut s = Stats::new(&v);
    for r in Records::new(&input[..]) {
        let r = r.expect("a slice reads");
        s.add(
            &r.validate(&v),
            r.call(),
            &Location::new("batch.json", r.line),
        );
    }
    assert_eq!(s.records, 3);
    assert_eq!(s.calls.get("track"), Some(&2));
    assert_eq!(s.calls.get("empty batch"), Some(&1));
    let hours = s.time.hours().expect("kept");
    let h = |d: i64, h: i64| d * 24 + h;
    assert_eq!(
        hours.get(&h(19_848, 9)).map(|b| b.records),
        Some(1),
        "the batch's sentAt"
    );
    assert_eq!(
        hours.get(&h(19_847, 10)).map(|b| b.records),
        Some(1),
        "the element's own timestamp"
    );
    assert_eq!(s.time.untimed().records, 1, "the empty batch");
    let sample = &s.codes[&Code::NumericString].samples[0];
    assert_eq!(
        (sample.path.as_str(), sample.found.as_str()),
        ("/properties/price", "string, 1 character")
    );
}

#[test]
fn merging_past_the_caps_keeps_totals_and_the_heaviest_keys() {
    let v = validator();
    let (a, b) = CORPUS.split_at(6);
    let mut merged = stats_of(a, Stats::new(&v).top_keys(2), &v, 1);
    merged
        .merge(&stats_of(b, Stats::new(&v).top_keys(2), &v, 7))
        .expect("same format");
    let whole = corpus_stats();
    assert!(merged.paths.len() <= 2 && merged.custom.len() <= 2);
    assert_eq!(merged.paths.total(), whole.paths.total());
    assert_eq!(merged.custom.total(), whole.custom.total());
    // Custom names: "Prodcut Added" (1) and "Level Completed" (1) from the first
    // half, "Level Completed" (1) and "Tutorial Skipped" (1) from the second:
    // Level Completed (2) is the heaviest and is kept.
    assert_eq!(
        merged.custom.get("Level Completed").map(|n| n.records),
        Some(2)
    );
}

#[test]
fn a_long_custom_name_is_counted_under_its_cut_key() {
    let name = "a".repeat(300);
    let line = format!(r#"{{"userId":"u","event":"{name}"}}"#);
    let v = validator();
    let s = stats_of(&[&line, &line], Stats::new(&v).top_keys(1), &v, 1);
    let kept = s.custom.entries();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].0.len(), semantic_events::report::MAX_KEY_BYTES);
    assert_eq!(kept[0].1.records, 2);
    assert_eq!(s.custom.other.records, 0);
}
