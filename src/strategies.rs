//! Proptest strategies for property-based conformance tests (feature `proptest`).
//!
//! Generated from the same declarations the validator walks, so every value is
//! **valid by construction** — no rejection loops: numbers within their ranges,
//! enums from their sets, RFC 3339 timestamps, ISO 4217 currencies, non-empty ids —
//! and the edges the spec allows: `null` for any property, empty arrays, unicode,
//! very large numbers, unknown extra properties.
//!
//! - [`valid_track`], [`valid_track_for`], [`valid_track_in`], [`valid_track_dialect`]:
//!   whole calls, as JSON;
//! - [`invalid_track`]: a valid call with one labelled mutation, and the
//!   [`Expected`] violation it must cause; shrinking keeps the label true;
//! - [`event`], [`semantic_event`], [`family`]: typed values (every built-in event
//!   struct also implements [`proptest::arbitrary::Arbitrary`]);
//! - [`properties_of`], [`event_properties`], [`context`], [`shape`]: the parts.
//!
//! ```
//! use proptest::prelude::*;
//! use semantic_events::strategies;
//!
//! proptest!(|(call in strategies::valid_track())| {
//!     prop_assert!(semantic_events::is_valid(&call));
//! });
//! ```

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};

use crate::declare::{
    Category, Code, Dialect, Event, FieldRule, Format, Object, ObjectDecl, Range, Severity, Shape,
};
use crate::events::{EventName, SemanticEvent, vocabulary};

/// Currency codes the generators use (all ISO 4217, upper case).
pub const CURRENCIES: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "CNY", "SEK", "NZD", "MXN", "SGD", "HKD",
    "NOK", "KRW", "INR", "BRL", "ZAR", "DKK", "PLN",
];

/// Custom event names the generators use; none is a semantic event's spelling.
pub const CUSTOM_EVENTS: &[&str] = &[
    "login",
    "logout",
    "video_watched",
    "Course Started",
    "Signed Up",
    "Newsletter Subscribed",
    "Invite Sent",
    "Report Exported",
    "Trial Extended",
    "Playlist Created",
];

fn plain_string() -> BoxedStrategy<String> {
    prop_oneof![
        6 => "[a-z][a-z0-9_-]{2,20}",
        2 => "[A-Z][a-z]{2,10}( [A-Z][a-z]{2,10}){0,3}",
        1 => Just(String::new()),
        1 => any::<String>(),
    ]
    .boxed()
}

fn date() -> impl Strategy<Value = String> {
    (1970u32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn date_time() -> impl Strategy<Value = String> {
    (
        date(),
        0u32..24,
        0u32..60,
        0u32..60,
        prop::option::of(0u32..1000),
        prop_oneof![
            Just("Z".to_string()),
            (0u32..14, prop::bool::ANY)
                .prop_map(|(h, east)| format!("{}{h:02}:00", if east { '+' } else { '-' }))
        ],
    )
        .prop_map(|(d, h, mi, s, ms, off)| match ms {
            Some(ms) => format!("{d}T{h:02}:{mi:02}:{s:02}.{ms:03}{off}"),
            None => format!("{d}T{h:02}:{mi:02}:{s:02}{off}"),
        })
}

fn number_in(range: Range) -> BoxedStrategy<f64> {
    match (range.min, range.max) {
        (Some(lo), Some(hi)) => prop_oneof![Just(lo), Just(hi), lo..=hi].boxed(),
        (Some(lo), None) => prop_oneof![
            4 => lo..lo + 1000.0,
            1 => Just(lo),
            1 => lo..1e300,
        ]
        .boxed(),
        (None, Some(hi)) => prop_oneof![hi - 1000.0..=hi, Just(hi)].boxed(),
        (None, None) => prop_oneof![
            4 => -1000.0..1000.0f64,
            1 => Just(0.0),
            1 => -1e300..1e300f64,
        ]
        .boxed(),
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn integer_in(range: Range) -> BoxedStrategy<Value> {
    let lo = range.min.unwrap_or(0.0).max(0.0) as u64;
    match range.max {
        Some(hi) => (lo..=hi as u64).prop_map(Value::from).boxed(),
        None => prop_oneof![
            4 => (lo..lo + 10_000).prop_map(Value::from),
            1 => (lo..=u64::MAX).prop_map(Value::from),
        ]
        .boxed(),
    }
}

fn scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e12..1e12f64).prop_map(Value::from),
        plain_string().prop_map(Value::from),
    ]
    .boxed()
}

/// A valid value (never `null`) of a shape in a dialect.
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::strategies;
/// use semantic_events::declare::Shape;
///
/// proptest!(ProptestConfig::with_cases(32), |(v in strategies::shape(&Shape::count().max(100.0), semantic_events::Dialect::Segment))| {
///     prop_assert!(v.as_u64().is_some_and(|n| n <= 100));
/// });
/// ```
pub fn shape(shape: &Shape, dialect: Dialect) -> BoxedStrategy<Value> {
    match shape {
        Shape::Any => scalar(),
        Shape::Boolean => any::<bool>().prop_map(Value::from).boxed(),
        Shape::String(None) => plain_string().prop_map(Value::from).boxed(),
        Shape::String(Some(Format::DateTime)) => date_time().prop_map(Value::from).boxed(),
        Shape::String(Some(Format::DateOrDateTime)) => prop_oneof![date(), date_time()]
            .prop_map(Value::from)
            .boxed(),
        Shape::String(Some(Format::Currency)) => select(CURRENCIES).prop_map(Value::from).boxed(),
        Shape::String(Some(Format::Digits)) => "[0-9]{1,6}".prop_map(Value::from).boxed(),
        Shape::Number(range) => number_in(*range).prop_map(Value::from).boxed(),
        Shape::Integer(range) => integer_in(*range),
        Shape::Enum(values) => select(*values).prop_map(Value::from).boxed(),
        Shape::Array(item) => vec(self::shape(item, dialect), 0..4)
            .prop_map(Value::Array)
            .boxed(),
        Shape::Object(decl) => object(decl, dialect, false),
        Shape::Map => proptest::collection::btree_map("[a-z_]{1,10}", scalar(), 0..4)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
            .boxed(),
        Shape::Union(members) => {
            let options: Vec<BoxedStrategy<Value>> =
                members.iter().map(|m| self::shape(m, dialect)).collect();
            proptest::strategy::Union::new(options).boxed()
        }
    }
}

/// An object of a declaration: each known property absent, `null` or valid, and
/// with `extras` a few unknown `custom_*` properties.
fn object(decl: &'static ObjectDecl, dialect: Dialect, extras: bool) -> BoxedStrategy<Value> {
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = decl
        .props
        .iter()
        .filter(|p| p.vendors.known_in(dialect))
        .map(|p| {
            let name = p.name.to_string();
            prop_oneof![
                3 => self::shape(p.shape_in(dialect), dialect).prop_map(move |v| Some((name.clone(), v))),
                2 => Just(None),
                1 => Just(Some((p.name.to_string(), Value::Null))),
            ]
            .boxed()
        })
        .collect();
    let extra = if extras {
        proptest::collection::btree_map("custom_[a-z]{1,8}", scalar(), 0..3).boxed()
    } else {
        Just(std::collections::BTreeMap::new()).boxed()
    };
    (fields, extra)
        .prop_map(|(fields, extra)| {
            let mut m: Map<String, Value> = extra.into_iter().collect();
            m.extend(fields.into_iter().flatten());
            Value::Object(m)
        })
        .boxed()
}

/// Valid `properties` of a built-in event in a dialect (with unknown extras).
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::strategies;
/// use semantic_events::{Dialect, EventName};
///
/// proptest!(ProptestConfig::with_cases(32), |(p in strategies::event_properties(EventName::ProductReviewed, Dialect::CustomerIo))| {
///     // Customer.io types rating as an integer.
///     prop_assert!(p.get("rating").is_none_or(|r| r.is_null() || r.is_u64()));
/// });
/// ```
pub fn event_properties(name: EventName, dialect: Dialect) -> BoxedStrategy<Value> {
    object(name.decl().properties, dialect, true)
}

/// Valid `properties` of any declared event, built-in or your own (Segment dialect).
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::strategies;
/// use semantic_events::events::ecommerce::OrderCompleted;
///
/// proptest!(ProptestConfig::with_cases(32), |(p in strategies::properties_of::<OrderCompleted>())| {
///     prop_assert!(p.is_object());
/// });
/// ```
pub fn properties_of<E: Event>() -> BoxedStrategy<Value> {
    object(E::decl().properties, Dialect::Segment, true)
}

/// A typed event, built-in or your own, valid by construction.
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::events::video::VideoPlaybackStarted;
///
/// proptest!(|(event in semantic_events::strategies::event::<VideoPlaybackStarted>())| {
///     prop_assert!(event.playback.sound.is_none_or(|s| s <= 100));
/// });
/// ```
pub fn event<E: Event>() -> BoxedStrategy<E> {
    properties_of::<E>()
        .prop_filter_map("a declared shape always deserializes", |v| {
            E::deserialize(&v).ok()
        })
        .boxed()
}

/// A typed semantic event of any family (Segment dialect).
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::strategies;
/// proptest!(ProptestConfig::with_cases(32), |(e in strategies::semantic_event())| {
///     prop_assert!(e.name().is_some());
/// });
/// ```
pub fn semantic_event() -> BoxedStrategy<SemanticEvent> {
    select(segment_events()).prop_flat_map(typed).boxed()
}

/// A typed semantic event of one family.
///
/// # Panics
///
/// For [`Category::Custom`], which has no built-in event.
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::strategies;
/// use semantic_events::Category;
///
/// proptest!(ProptestConfig::with_cases(32), |(e in strategies::family(Category::LiveChat))| {
///     prop_assert_eq!(e.name().map(|n| n.category()), Some(Category::LiveChat));
/// });
/// ```
pub fn family(category: Category) -> BoxedStrategy<SemanticEvent> {
    select(family_events(category)).prop_flat_map(typed).boxed()
}

/// The Segment-dialect events of one family.
fn family_events(category: Category) -> Vec<EventName> {
    segment_events()
        .into_iter()
        .filter(|n| n.category() == category)
        .collect()
}

fn typed(name: EventName) -> BoxedStrategy<SemanticEvent> {
    event_properties(name, Dialect::Segment)
        .prop_filter_map("a declared shape always deserializes", move |v| {
            SemanticEvent::typed(name, Some(&v)).ok()
        })
        .boxed()
}

fn segment_events() -> Vec<EventName> {
    events_in(Dialect::Segment)
}

fn events_in(dialect: Dialect) -> Vec<EventName> {
    EventName::ALL
        .iter()
        .copied()
        .filter(|n| n.decl().vendors.known_in(dialect))
        .collect()
}

/// A valid `context` object.
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::strategies;
/// proptest!(ProptestConfig::with_cases(32), |(c in strategies::context())| {
///     let call = serde_json::json!({"userId": "u", "event": "login", "context": c});
///     prop_assert!(semantic_events::is_valid(&call));
/// });
/// ```
pub fn context() -> BoxedStrategy<Value> {
    object(crate::context::Context::decl(), Dialect::Segment, true)
}

fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9]{6,24}",
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    ]
}

/// The envelope around `event` and `properties`: identity, optional type,
/// timestamps, message id, context, integrations.
fn envelope(event: String, properties: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    let identity = prop_oneof![
        id().prop_map(|u| json!({"userId": u})),
        id().prop_map(|a| json!({"anonymousId": a})),
        (id(), id()).prop_map(|(u, a)| json!({"userId": u, "anonymousId": a})),
    ];
    (
        identity,
        properties,
        prop::option::of(context()),
        prop::option::of(date_time()),
        prop::option::of(date_time()),
        prop::option::of(id()),
        prop::bool::ANY,
    )
        .prop_map(
            move |(identity, props, ctx, timestamp, sent_at, message_id, typed)| {
                let mut call = identity;
                call["event"] = json!(event);
                call["properties"] = props;
                if typed {
                    call["type"] = json!("track");
                }
                if let Some(c) = ctx {
                    call["context"] = c;
                }
                if let Some(t) = timestamp {
                    call["timestamp"] = json!(t);
                }
                if let Some(t) = sent_at {
                    call["sentAt"] = json!(t);
                }
                if let Some(m) = message_id {
                    call["messageId"] = json!(m);
                }
                call
            },
        )
        .boxed()
}

fn custom_track() -> BoxedStrategy<Value> {
    select(CUSTOM_EVENTS)
        .prop_flat_map(|name| {
            let reserved = object(vocabulary().reserved, Dialect::Segment, true);
            envelope(name.to_string(), reserved)
        })
        .boxed()
}

/// A valid call of one built-in event in a dialect.
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::strategies;
/// use semantic_events::{Dialect, EventName, Validator};
///
/// let v = Validator::new().dialect(Dialect::CustomerIo);
/// proptest!(ProptestConfig::with_cases(32), |(call in strategies::valid_track_for_in(EventName::GeofenceTransition, Dialect::CustomerIo))| {
///     prop_assert!(v.is_valid(&call));
/// });
/// ```
pub fn valid_track_for_in(name: EventName, dialect: Dialect) -> BoxedStrategy<Value> {
    let call = envelope(name.as_str().to_string(), event_properties(name, dialect));
    with_rules(name, dialect, call)
}

/// What the event's vendor requires in `dialect`, added where the call lacks it
/// (a `userId`, a device token, a required property), and the fields with
/// allowed values given one of them.
fn with_rules(
    name: EventName,
    dialect: Dialect,
    call: BoxedStrategy<Value>,
) -> BoxedStrategy<Value> {
    let rules: Vec<FieldRule> = name.decl().rules_in(dialect).copied().collect();
    if rules.is_empty() {
        return call;
    }
    let props = name.decl().properties;
    let values: Vec<BoxedStrategy<Value>> = rules
        .iter()
        .map(|rule| {
            let declared = rule
                .pointer
                .strip_prefix("/properties/")
                .and_then(|leaf| props.get(leaf));
            match (rule.one_of, declared) {
                ([_, ..], _) => select(rule.one_of).prop_map(Value::from).boxed(),
                ([], Some(p)) => shape(p.shape_in(dialect), dialect)
                    // "" counts as missing: a required string is never empty.
                    .prop_map(|v| if v == "" { json!("x") } else { v })
                    .boxed(),
                ([], None) if rule.pointer == "/properties" => Just(json!({})).boxed(),
                ([], None) => id().prop_map(Value::from).boxed(),
            }
        })
        .collect();
    (call, values)
        .prop_map(move |(mut call, values)| {
            for (rule, value) in rules.iter().zip(values) {
                let here = call.pointer(rule.pointer);
                if here.is_none_or(|v| v.is_null() || v == "") || !rule.one_of.is_empty() {
                    rule.set(&mut call, value);
                }
            }
            call
        })
        .boxed()
}

/// A valid call of one built-in event (Segment dialect).
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::strategies;
/// use semantic_events::EventName;
///
/// proptest!(ProptestConfig::with_cases(32), |(call in strategies::valid_track_for(EventName::OrderCompleted))| {
///     prop_assert_eq!(call["event"].as_str(), Some("Order Completed"));
/// });
/// ```
pub fn valid_track_for(name: EventName) -> BoxedStrategy<Value> {
    valid_track_for_in(name, Dialect::Segment)
}

/// A valid call of an event of one family (Segment dialect).
///
/// # Panics
///
/// For [`Category::Custom`], which has no built-in event.
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::strategies;
/// use semantic_events::Category;
///
/// proptest!(ProptestConfig::with_cases(32), |(call in strategies::valid_track_in(Category::Video))| {
///     prop_assert_eq!(semantic_events::validate(&call).category(), Some(Category::Video));
/// });
/// ```
pub fn valid_track_in(category: Category) -> BoxedStrategy<Value> {
    select(family_events(category))
        .prop_flat_map(valid_track_for)
        .boxed()
}

/// A valid call in a dialect: a semantic event of that dialect (four times in
/// five) or a custom event.
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::strategies;
/// use semantic_events::{Dialect, Validator};
///
/// let v = Validator::new().dialect(Dialect::Rudderstack);
/// proptest!(ProptestConfig::with_cases(32), |(call in strategies::valid_track_dialect(Dialect::Rudderstack))| {
///     prop_assert!(v.is_valid(&call));
/// });
/// ```
pub fn valid_track_dialect(dialect: Dialect) -> BoxedStrategy<Value> {
    prop_oneof![
        4 => select(events_in(dialect)).prop_flat_map(move |n| valid_track_for_in(n, dialect)),
        1 => custom_track(),
    ]
    .boxed()
}

/// A valid call of any event, semantic or custom (Segment dialect).
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::strategies;
/// proptest!(ProptestConfig::with_cases(32), |(call in strategies::valid_track())| {
///     prop_assert!(semantic_events::validate(&call).is_valid());
/// });
/// ```
pub fn valid_track() -> BoxedStrategy<Value> {
    valid_track_dialect(Dialect::Segment)
}

/// The violation a mutated call must cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The code.
    pub code: Code,
    /// The JSON Pointer.
    pub path: String,
    /// The severity (in the default options).
    pub severity: Severity,
}

impl Expected {
    fn new(code: Code, path: impl Into<String>, severity: Severity) -> Expected {
        Expected {
            code,
            path: path.into(),
            severity,
        }
    }

    /// Whether a report has this violation (same code, path and severity).
    ///
    /// ```
    /// use semantic_events::{strategies::Expected, Code, Severity};
    ///
    /// let expected = Expected { code: Code::MissingIdentity, path: String::new(), severity: Severity::Error };
    /// assert!(expected.is_in(&semantic_events::validate(&serde_json::json!({"event": "x"}))));
    /// ```
    pub fn is_in(&self, report: &crate::Report) -> bool {
        report.violations().iter().any(|v| {
            v.code() == self.code && v.path() == self.path && v.severity() == self.severity
        })
    }
}

/// One labelled defect, applied to a valid call.
#[derive(Debug, Clone)]
enum Mutation {
    WrongType(&'static str, Value),
    NumericString(&'static str, String),
    OutOfRange(&'static str, Value),
    BadEnum(&'static str),
    BadCurrency,
    BadTimestamp,
    MissingIds,
    VariantEventName,
    VariantPropertyName(&'static str, Value),
    DropRequired(&'static str),
}

#[allow(clippy::cast_possible_truncation)]
fn mutations(name: EventName, dialect: Dialect) -> BoxedStrategy<Mutation> {
    let decl = name.decl();
    let rules: Vec<&FieldRule> = decl.rules_in(dialect).collect();
    let mut options: Vec<BoxedStrategy<Mutation>> = vec![
        Just(Mutation::BadCurrency).boxed(),
        Just(Mutation::BadTimestamp).boxed(),
        Just(Mutation::VariantEventName).boxed(),
    ];
    // No identity at all is its own defect where the event needs one and no
    // rule asks for the userId in particular.
    if !decl.anonymous_in.contains(dialect) && !rules.iter().any(|r| r.pointer == "/userId") {
        options.push(Just(Mutation::MissingIds).boxed());
    }
    // Dropping a required field whose absence takes no other required field along.
    for rule in rules.iter().filter(|r| r.required) {
        let nested = format!("{}/", rule.pointer);
        if !rules
            .iter()
            .any(|r| r.required && r.pointer.starts_with(&nested))
        {
            options.push(Just(Mutation::DropRequired(rule.pointer)).boxed());
        }
    }
    for p in &decl.properties.props {
        if !p.vendors.known_in(dialect) {
            continue;
        }
        let s = p.shape_in(dialect);
        let bad = if matches!(s, Shape::Boolean) {
            json!("yes")
        } else {
            json!(true)
        };
        if !matches!(s, Shape::Any) {
            options.push(Just(Mutation::WrongType(p.name, bad)).boxed());
        }
        match s {
            Shape::Number(r) | Shape::Integer(r) => {
                let n = r.min.unwrap_or(1.0).max(1.0);
                let text = if matches!(s, Shape::Integer(_)) {
                    format!("{}", n as i64)
                } else {
                    format!("{n}.5")
                };
                options.push(Just(Mutation::NumericString(p.name, text)).boxed());
                let int = matches!(s, Shape::Integer(_));
                let as_json = |x: f64| if int { json!(x as i64) } else { json!(x) };
                if let Some(min) = r.min {
                    options.push(Just(Mutation::OutOfRange(p.name, as_json(min - 1.0))).boxed());
                }
                if let Some(max) = r.max {
                    options.push(Just(Mutation::OutOfRange(p.name, as_json(max + 1.0))).boxed());
                }
            }
            Shape::Enum(_) => options.push(Just(Mutation::BadEnum(p.name)).boxed()),
            _ => {}
        }
        if !matches!(s, Shape::Any) {
            let name = p.name;
            options.push(
                shape(s, dialect)
                    .prop_map(move |v| Mutation::VariantPropertyName(name, v))
                    .boxed(),
            );
        }
    }
    proptest::strategy::Union::new(options).boxed()
}

impl Mutation {
    fn apply(self, call: &mut Value, name: EventName) -> Expected {
        use Severity::{Error, Warning};
        let props = |call: &mut Value| -> Map<String, Value> {
            match call.get("properties") {
                Some(Value::Object(m)) => m.clone(),
                _ => Map::new(),
            }
        };
        let set = |call: &mut Value, key: &str, v: Value| {
            let mut m = props(call);
            m.insert(key.to_string(), v);
            call["properties"] = Value::Object(m);
            format!("/properties/{key}")
        };
        match self {
            Mutation::WrongType(p, v) => Expected::new(Code::WrongType, set(call, p, v), Error),
            Mutation::NumericString(p, t) => {
                Expected::new(Code::NumericString, set(call, p, json!(t)), Error)
            }
            Mutation::OutOfRange(p, v) => Expected::new(Code::OutOfRange, set(call, p, v), Error),
            Mutation::BadEnum(p) => Expected::new(
                Code::InvalidEnumValue,
                set(call, p, json!("not-in-the-set")),
                Error,
            ),
            Mutation::BadCurrency => Expected::new(
                Code::InvalidCurrency,
                set(call, "currency", json!("dollars")),
                Error,
            ),
            Mutation::BadTimestamp => {
                call["timestamp"] = json!("yesterday");
                Expected::new(Code::InvalidDateTime, "/timestamp", Error)
            }
            Mutation::MissingIds => {
                if let Some(m) = call.as_object_mut() {
                    m.remove("userId");
                    m.remove("anonymousId");
                    m.remove("groupId");
                }
                Expected::new(Code::MissingIdentity, "", Error)
            }
            Mutation::VariantEventName => {
                call["event"] = json!(name.as_str().to_lowercase().replace(' ', "_"));
                Expected::new(Code::NonCanonicalEventName, "/event", Warning)
            }
            Mutation::VariantPropertyName(p, v) => {
                let upper = p.to_uppercase();
                Expected::new(
                    Code::NonCanonicalPropertyName,
                    set(call, &upper, v),
                    Warning,
                )
            }
            Mutation::DropRequired(pointer) => {
                let (parent, leaf) = pointer.rsplit_once('/').unwrap_or(("", pointer));
                let parent = if parent.is_empty() {
                    Some(&mut *call)
                } else {
                    call.pointer_mut(parent)
                };
                if let Some(Value::Object(m)) = parent {
                    m.remove(leaf);
                }
                // Another identity keeps the call from lacking one altogether.
                if pointer == "/userId" {
                    call["anonymousId"] = json!("anonymous-1");
                }
                Expected::new(Code::MissingRequired, pointer, Error)
            }
        }
    }
}

/// A valid semantic call with exactly one labelled defect, and the violation it
/// must cause: a wrong type, a numeric string, a value out of range, a value
/// outside a closed set, a bad currency, a bad timestamp, no identity (errors); a
/// variant spelling of the event or of a property name (warnings).
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::strategies;
///
/// proptest!(|((call, expected) in strategies::invalid_track())| {
///     let report = semantic_events::validate(&call);
///     prop_assert!(expected.is_in(&report), "{expected:?} not in {report}");
/// });
/// ```
pub fn invalid_track() -> BoxedStrategy<(Value, Expected)> {
    invalid_track_in(Dialect::Segment)
}

/// [`invalid_track`] in a dialect: its events, its types, and the fields its
/// vendor requires (a dropped one is `missing_required`).
///
/// ```
/// use proptest::prelude::*;
/// use semantic_events::{Dialect, Validator, strategies};
///
/// let v = Validator::new().dialect(Dialect::CustomerIo);
/// proptest!(ProptestConfig::with_cases(32), |((call, expected) in strategies::invalid_track_in(Dialect::CustomerIo))| {
///     prop_assert!(expected.is_in(&v.validate(&call)));
/// });
/// ```
pub fn invalid_track_in(dialect: Dialect) -> BoxedStrategy<(Value, Expected)> {
    select(events_in(dialect))
        .prop_flat_map(move |name| {
            (valid_track_for_in(name, dialect), mutations(name, dialect)).prop_map(
                move |(mut call, m)| {
                    let expected = m.apply(&mut call, name);
                    (call, expected)
                },
            )
        })
        .boxed()
}

/// `Arbitrary` for every built-in event struct, from the families' tables.
macro_rules! arbitrary_events {
    ($( ($Cat:ident, $module:ident) [ $($Ty:ident),* $(,)? ] )*) => {$($(
        impl proptest::arbitrary::Arbitrary for crate::events::$module::$Ty {
            type Parameters = ();
            type Strategy = BoxedStrategy<Self>;
            fn arbitrary_with((): ()) -> Self::Strategy {
                event::<Self>()
            }
        }
    )*)*};
}

crate::events::with_families!(arbitrary_events);

impl proptest::arbitrary::Arbitrary for SemanticEvent {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;
    fn arbitrary_with((): ()) -> Self::Strategy {
        semantic_event()
    }
}
