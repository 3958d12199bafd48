//! A deterministic corpus of realistic track calls, shared by the benchmarks and
//! `examples/corpus.rs`.
//!
//! Mixed across all families (every Segment-dialect semantic event) plus custom
//! events, about 1 KB each with a full web or mobile `context`; about 5% carry
//! one defect (numeric string, value outside a closed set, missing identity, bad
//! currency, bad timestamp). Same seed, same bytes, on any machine.

use std::io::Write;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use semantic_events::declare::{Format, Shape};
use semantic_events::{Dialect, EventName};
use serde_json::{Map, Value, json};

const WORDS: &[&str] = &[
    "alpine", "basalt", "cobalt", "delta", "ember", "fjord", "granite", "harbor", "indigo",
    "juniper", "kestrel", "lumen", "meadow", "nimbus", "onyx", "prairie", "quartz", "raven",
    "sierra", "tundra", "umber", "violet", "willow", "zephyr",
];
const CURRENCIES: &[&str] = &["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "SEK"];
const CUSTOM: &[&str] = &[
    "login",
    "logout",
    "Signed Up",
    "video_watched",
    "Course Started",
    "Report Exported",
];

fn word(rng: &mut StdRng) -> &'static str {
    WORDS[rng.random_range(0..WORDS.len())]
}

fn hex(rng: &mut StdRng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b"0123456789abcdef"[rng.random_range(0..16)]))
        .collect()
}

fn timestamp(rng: &mut StdRng) -> String {
    format!(
        "2024-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        rng.random_range(1..=12),
        rng.random_range(1..=28),
        rng.random_range(0..24),
        rng.random_range(0..60),
        rng.random_range(0..60),
        rng.random_range(0..1000)
    )
}

fn value(rng: &mut StdRng, name: &str, shape: &Shape, depth: usize) -> Value {
    match shape {
        Shape::Boolean => json!(rng.random_bool(0.5)),
        Shape::String(Some(Format::DateTime)) => json!(timestamp(rng)),
        Shape::String(Some(Format::DateOrDateTime)) => {
            json!(format!(
                "20{:02}-{:02}-{:02}",
                rng.random_range(0..24),
                rng.random_range(1..=12),
                rng.random_range(1..=28)
            ))
        }
        Shape::String(Some(Format::Currency)) => {
            json!(CURRENCIES[rng.random_range(0..CURRENCIES.len())])
        }
        Shape::String(_) | Shape::Any => {
            if name.ends_with("id") || name.ends_with("Id") {
                json!(hex(rng, 16))
            } else if name.contains("url") {
                json!(format!(
                    "https://shop.example.com/{}/{}",
                    word(rng),
                    hex(rng, 6)
                ))
            } else {
                json!(format!("{} {}", word(rng), word(rng)))
            }
        }
        Shape::Number(r) => {
            let lo = r.min.unwrap_or(0.0);
            let hi = r.max.unwrap_or(lo + 250.0);
            json!((rng.random_range(lo..=hi) * 100.0).round() / 100.0)
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Shape::Integer(r) => {
            let lo = r.min.unwrap_or(0.0) as u64;
            let hi = r.max.map_or(lo + 3600, |m| m as u64);
            json!(rng.random_range(lo..=hi))
        }
        Shape::Enum(values) => json!(values[rng.random_range(0..values.len())]),
        Shape::Array(item) => {
            let n = if depth > 1 {
                1
            } else {
                rng.random_range(1..=3)
            };
            Value::Array((0..n).map(|_| value(rng, name, item, depth + 1)).collect())
        }
        Shape::Object(decl) => object(
            rng,
            decl.props.iter().map(|p| (p.name, &p.shape)),
            depth + 1,
            0.7,
        ),
        Shape::Union(members) => value(rng, name, &members[0], depth),
        _ => json!({}),
    }
}

fn object<'a>(
    rng: &mut StdRng,
    props: impl Iterator<Item = (&'static str, &'a Shape)>,
    depth: usize,
    keep: f64,
) -> Value {
    let mut m = Map::new();
    for (name, shape) in props {
        if depth < 4 && rng.random_bool(keep) {
            m.insert(name.to_string(), value(rng, name, shape, depth));
        }
    }
    Value::Object(m)
}

fn context(rng: &mut StdRng, mobile: bool) -> Value {
    if mobile {
        json!({
            "app": {"name": "Shop", "version": format!("3.{}.{}", rng.random_range(0..9), rng.random_range(0..20)), "build": format!("{}", rng.random_range(100..999)), "namespace": "com.example.shop"},
            "device": {"id": hex(rng, 32), "manufacturer": "Apple", "model": "iPhone16,2", "type": "ios", "adTrackingEnabled": false},
            "os": {"name": "iOS", "version": "17.4"},
            "network": {"wifi": true, "cellular": false, "carrier": "KPN"},
            "screen": {"width": 393, "height": 852, "density": 3},
            "library": {"name": "analytics-swift", "version": "1.5.0"},
            "locale": "nl-NL", "timezone": "Europe/Amsterdam", "ip": format!("198.51.100.{}", rng.random_range(1..255))
        })
    } else {
        let path = format!("/{}/{}", word(rng), word(rng));
        json!({
            "ip": format!("203.0.113.{}", rng.random_range(1..255)),
            "library": {"name": "analytics.js", "version": "2.11.1"},
            "locale": "en-US",
            "page": {"path": path, "referrer": "https://www.google.com/", "search": "", "title": format!("{} {}", word(rng), word(rng)), "url": format!("https://shop.example.com{path}")},
            "campaign": {"name": "spring_sale", "source": "newsletter", "medium": "email"},
            "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
            "timezone": "Europe/Amsterdam"
        })
    }
}

/// One call: the `i`-th of the corpus with this random state.
pub(crate) fn call(rng: &mut StdRng) -> Value {
    let events: Vec<EventName> = EventName::ALL
        .iter()
        .copied()
        .filter(|e| e.decl().vendors.known_in(Dialect::Segment))
        .collect();
    let custom = rng.random_bool(0.15);
    let (name, props, mobile) = if custom {
        let name = CUSTOM[rng.random_range(0..CUSTOM.len())];
        let props = json!({"plan": word(rng), "platform": "web", "value": rng.random_range(0..100), "session_length": rng.random_range(0.0..600.0)});
        (name.to_string(), props, false)
    } else {
        let e = events[rng.random_range(0..events.len())];
        let props = object(
            rng,
            e.decl().properties.props.iter().map(|p| (p.name, &p.shape)),
            0,
            0.8,
        );
        (
            e.as_str().to_string(),
            props,
            e.category() == semantic_events::Category::Mobile,
        )
    };
    let ts = timestamp(rng);
    let mut call = json!({
        "type": "track",
        "event": name,
        "userId": format!("user-{}", hex(rng, 10)),
        "anonymousId": hex(rng, 32),
        "messageId": format!("ajs-next-{}", hex(rng, 32)),
        "timestamp": ts,
        "sentAt": ts,
        "originalTimestamp": ts,
        "receivedAt": timestamp(rng),
        "properties": props,
        "context": context(rng, mobile),
        "integrations": {"All": true},
        "version": 2
    });
    if rng.random_bool(0.05) {
        defect(rng, &mut call);
    }
    call
}

/// One of five common defects.
fn defect(rng: &mut StdRng, call: &mut Value) {
    match rng.random_range(0..5) {
        0 => call["properties"]["revenue"] = json!("19.99"),
        1 => call["properties"]["currency"] = json!("dollars"),
        2 => call["timestamp"] = json!("yesterday"),
        3 => {
            let m = call.as_object_mut().expect("object");
            m.remove("userId");
            m.remove("anonymousId");
        }
        _ => call["event"] = json!(call["event"].as_str().unwrap_or("x").to_lowercase()),
    }
}

/// Writes calls as NDJSON until at least `bytes` are written; returns (bytes, calls).
pub(crate) fn write(seed: u64, bytes: u64, out: &mut impl Write) -> std::io::Result<(u64, u64)> {
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut written, mut calls) = (0u64, 0u64);
    while written < bytes {
        let mut line = serde_json::to_vec(&call(&mut rng)).expect("serialize");
        line.push(b'\n');
        out.write_all(&line)?;
        written += line.len() as u64;
        calls += 1;
    }
    Ok((written, calls))
}

/// The corpus in memory, one call per element.
#[allow(dead_code)] // the benchmarks use it; the corpus example does not
pub(crate) fn lines(seed: u64, bytes: u64) -> Vec<Vec<u8>> {
    let mut buf = Vec::new();
    let _ = write(seed, bytes, &mut buf);
    buf.split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}
