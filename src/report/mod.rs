//! A data-quality report over a stream of calls (feature `report`): which
//! events arrive, which of their properties they carry, what breaks, and when.
//!
//! [`Stats`] is fed each call with its [`Report`]; it is mergeable
//! ([`Stats::merge`]: one per thread or per partition, merged at the end),
//! serialisable (the CLI's `report --json`), and bounded in memory whatever the
//! input size:
//!
//! - **exact** where the key space is bounded: totals, codes, the semantic
//!   events known in the dialect and their declared properties, days;
//! - **top-k with an "other" bucket** where it is open: custom event names,
//!   JSON Pointer paths, unknown properties ([`Top`], at most
//!   [`Top::cap`] keys each, first come first kept);
//! - a few **samples** per code ([`SAMPLES_PER_CODE`]), masked unless asked
//!   otherwise ([`Stats::show_values`]).
//!
//! [`html::render`] turns the figures into one self-contained HTML page.
//!
//! ```
//! use semantic_events::Validator;
//! use semantic_events::report::{Location, Stats};
//!
//! // The figures need the event names and what the walk observes.
//! let validator = Validator::new().capture_event_name(true).observe(true);
//! let mut stats = Stats::new(&validator);
//! let lines = [
//!     r#"{"userId":"u","event":"Product Added","properties":{"price":"9.99","sku":"S-1"}}"#,
//!     r#"{"userId":"u","event":"Product Added","timestamp":"2024-05-04T12:00:00Z","properties":{"price":9.99}}"#,
//!     r#"{"userId":"u","event":"Signed Up For Newsletter"}"#,
//! ];
//! for (i, line) in lines.iter().enumerate() {
//!     let report = validator.validate_str(line);
//!     stats.add(&report, line.as_bytes(), &Location::new("events.ndjson", i + 1));
//! }
//! assert_eq!((stats.records, stats.valid, stats.invalid), (3, 2, 1));
//! let added = &stats.events["Product Added"];
//! let price = added.properties.iter().find(|p| p.name == "price").unwrap();
//! assert_eq!((added.records, price.present, price.valid), (2, 2, 1));
//! assert_eq!(stats.custom.get("Signed Up For Newsletter").map(|n| n.records), Some(1));
//! assert_eq!(stats.time.untimed().records, 2);
//! ```

pub mod html;
mod time;

use std::borrow::Borrow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use time::{Bucket, DAYS_KEPT, HOURS_KEPT, Span, Timeline};

use crate::declare::raw::locate;
use crate::declare::{Category, Code, EventDecl, Kind, Severity, Violation};
use crate::validate::{Report, Validator};

/// The version of the serialised figures; [`Stats::merge`] refuses another.
pub const FORMAT: u32 = 1;

/// Samples kept per code.
pub const SAMPLES_PER_CODE: usize = 5;

/// Keys kept by each open table (custom names, paths, unknown properties).
pub const TOP_KEYS: usize = 10_000;

/// Longest key kept (bytes); a longer one is cut at a character boundary.
pub const MAX_KEY_BYTES: usize = 200;

/// Longest sample value shown (characters) when values are shown.
pub const MAX_VALUE_CHARS: usize = 120;

// `add_violations` keeps a bit per code.
const _: () = assert!(<Code as strum::EnumCount>::COUNT <= 128);

/// Where a call was read: its source and 1-based line.
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    /// The file's name as given (or `-`).
    pub source: &'a str,
    /// The 1-based line where the call starts.
    pub line: usize,
}

impl<'a> Location<'a> {
    /// A location.
    pub fn new(source: &'a str, line: usize) -> Location<'a> {
        Location { source, line }
    }
}

/// The figures of a data-quality report. See the [module docs](self).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Stats {
    /// [`FORMAT`].
    pub format: u32,
    /// Calls counted.
    pub records: u64,
    /// Calls with no error.
    pub valid: u64,
    /// Calls with an error (not counting unparsable ones).
    pub invalid: u64,
    /// Inputs that were not JSON.
    pub unparsable: u64,
    /// Error-severity violations.
    pub errors: u64,
    /// Warning-severity violations.
    pub warnings: u64,
    /// Calls recognised as semantic events.
    pub semantic: u64,
    /// Calls by the validator configuration that checked them
    /// (`"segment, standard"`): merged reports may mix them.
    pub configurations: BTreeMap<String, u64>,
    /// Calls by type (`track`, `identify`, …, `empty batch`, `not a call`).
    pub calls: BTreeMap<String, u64>,
    /// Violations by code.
    pub codes: BTreeMap<Code, CodeStats>,
    /// Violations by (folded) JSON Pointer path and code.
    pub paths: Top<PathKey, Count>,
    /// The semantic events the validator knows in its dialect, seen or not.
    pub events: BTreeMap<String, EventStats>,
    /// Track calls of custom (not semantic) events, by name.
    pub custom: Top<String, NameStats>,
    /// Properties of semantic events that the event does not declare.
    pub unknown_properties: Top<PropertyKey, Count>,
    /// Calls and invalid calls over time.
    pub time: Timeline,
    /// Whether samples show the values found (else their type and length only).
    pub values_shown: bool,
    /// The configuration `add` counts calls under.
    configuration: String,
}

/// The figures of one code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CodeStats {
    /// The severity the validator gave it.
    pub severity: Severity,
    /// Violations.
    pub violations: u64,
    /// Calls with at least one.
    pub records: u64,
    /// The first few, in input order.
    pub samples: Vec<Sample>,
}

/// One violation as an example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Sample {
    /// Where the call was read.
    pub source: String,
    /// The line where it starts.
    pub line: usize,
    /// The violation's JSON Pointer.
    pub path: String,
    /// The call's event name, when it has one.
    pub event: Option<String>,
    /// The violation's message, with the values found left out.
    pub message: String,
    /// The value at the path: its JSON type and length (`string, 6 characters`).
    pub found: String,
    /// The value itself (JSON text, cut at [`MAX_VALUE_CHARS`]), when values are shown.
    pub value: Option<String>,
}

/// A JSON Pointer with array indexes folded (`/properties/products/*/price`),
/// and a code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PathKey {
    /// The folded pointer.
    pub path: String,
    /// The code.
    pub code: Code,
}

/// A property of a semantic event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PropertyKey {
    /// The event's canonical name.
    pub event: String,
    /// The property as sent.
    pub property: String,
}

/// A plain count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// How many.
    pub count: u64,
}

/// The figures of a custom event name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NameStats {
    /// Calls.
    pub records: u64,
    /// Calls with an error.
    pub invalid: u64,
    /// Violations.
    pub violations: u64,
    /// The semantic event the name is a near miss of, if any.
    pub near_miss: Option<String>,
}

/// The figures of one semantic event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventStats {
    /// The family.
    pub category: Category,
    /// Calls.
    pub records: u64,
    /// Calls with an error.
    pub invalid: u64,
    /// Violations.
    pub violations: u64,
    /// Each declared property, in declaration order.
    pub properties: Vec<PropertyStats>,
}

/// How often one declared property is filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PropertyStats {
    /// The property's canonical name.
    pub name: String,
    /// Calls whose `properties` hold it under this exact name.
    pub present: u64,
    /// Of those, calls with no error at or under it.
    pub valid: u64,
}

/// A tally a [`Top`] keeps per key.
pub trait Tally: Default + Clone {
    /// Adds another tally of the same key.
    fn merge(&mut self, other: &Self);
    /// The weight that orders keys (most first).
    fn weight(&self) -> u64;
}

impl Tally for Count {
    fn merge(&mut self, other: &Self) {
        self.count += other.count;
    }
    fn weight(&self) -> u64 {
        self.count
    }
}

impl Tally for NameStats {
    fn merge(&mut self, other: &Self) {
        self.records += other.records;
        self.invalid += other.invalid;
        self.violations += other.violations;
        if self.near_miss.is_none() {
            self.near_miss.clone_from(&other.near_miss);
        }
    }
    fn weight(&self) -> u64 {
        self.records
    }
}

/// A table over an open key space: every key up to [`Top::cap`] is counted
/// exactly; past that, new keys are pooled in [`Top::other`] (keys already kept
/// go on being counted exactly). Merging keeps the union while it fits, else
/// the heaviest keys (ties by key), pooling the rest: a merge equals one pass
/// exactly while the distinct keys fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(
    serialize = "K: Serialize + Ord, V: Serialize + Tally",
    deserialize = "K: Deserialize<'de> + Ord, V: Deserialize<'de> + Tally"
))]
#[serde(into = "TopRepr<K, V>", from = "TopRepr<K, V>")]
pub struct Top<K: Ord + Clone, V: Tally> {
    /// The most keys kept.
    pub cap: usize,
    kept: BTreeMap<K, V>,
    /// What the keys not kept add up to.
    pub other: V,
}

/// [`Top`] as serialised: its keys heaviest first.
#[derive(Serialize, Deserialize)]
struct TopRepr<K, V> {
    cap: usize,
    kept: Vec<Entry<K, V>>,
    other: V,
}

#[derive(Serialize, Deserialize)]
struct Entry<K, V> {
    key: K,
    #[serde(flatten)]
    tally: V,
}

impl<K: Ord + Clone, V: Tally> From<Top<K, V>> for TopRepr<K, V> {
    fn from(top: Top<K, V>) -> Self {
        let mut kept: Vec<Entry<K, V>> = top
            .kept
            .into_iter()
            .map(|(key, tally)| Entry { key, tally })
            .collect();
        kept.sort_by_key(|e| std::cmp::Reverse(e.tally.weight()));
        TopRepr {
            cap: top.cap,
            kept,
            other: top.other,
        }
    }
}

impl<K: Ord + Clone, V: Tally> From<TopRepr<K, V>> for Top<K, V> {
    fn from(repr: TopRepr<K, V>) -> Self {
        let mut top: Top<K, V> = Top::new(repr.cap);
        for e in repr.kept {
            top.kept.entry(e.key).or_default().merge(&e.tally);
        }
        top.other = repr.other;
        top
    }
}

impl<K: Ord + Clone, V: Tally> Top<K, V> {
    /// An empty table keeping at most `cap` keys.
    pub fn new(cap: usize) -> Self {
        Top {
            cap,
            kept: BTreeMap::new(),
            other: V::default(),
        }
    }

    /// The tally of `key`, if kept.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.kept.get(key)
    }

    /// The kept keys, heaviest first (ties by key).
    pub fn entries(&self) -> Vec<(&K, &V)> {
        let mut out: Vec<(&K, &V)> = self.kept.iter().collect();
        out.sort_by(|a, b| b.1.weight().cmp(&a.1.weight()).then(a.0.cmp(b.0)));
        out
    }

    /// How many keys are kept.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.other.weight() == 0
    }

    /// The total over every key, kept or not.
    pub fn total(&self) -> u64 {
        self.kept.values().map(Tally::weight).sum::<u64>() + self.other.weight()
    }

    /// Updates the tally of `key` (made by `make` if new), or the pooled one
    /// when the key is new and the table is full.
    pub fn update<Q: Ord + ?Sized>(
        &mut self,
        key: &Q,
        make: impl FnOnce() -> K,
        f: impl FnOnce(&mut V),
    ) where
        K: Borrow<Q>,
    {
        if let Some(v) = self.kept.get_mut(key) {
            f(v);
        } else if self.kept.len() < self.cap {
            f(self.kept.entry(make()).or_default());
        } else {
            f(&mut self.other);
        }
    }

    /// Adds another table's figures (see the type's docs).
    pub fn merge(&mut self, other: &Top<K, V>) {
        for (k, v) in &other.kept {
            self.kept.entry(k.clone()).or_default().merge(v);
        }
        self.other.merge(&other.other);
        self.cap = self.cap.max(other.cap);
        if self.kept.len() > self.cap {
            let entries = self.entries();
            let pooled: Vec<K> = entries[self.cap..]
                .iter()
                .map(|(k, _)| (*k).clone())
                .collect();
            for k in pooled {
                if let Some(v) = self.kept.remove(&k) {
                    self.other.merge(&v);
                }
            }
        }
    }
}

/// The error of [`Stats::merge`].
#[derive(Debug, thiserror::Error)]
#[error("cannot merge report figures of format {found} into format {FORMAT}")]
pub struct FormatError {
    /// The other figures' format.
    pub found: u32,
}

impl Stats {
    /// Empty figures for calls checked by `validator`: every semantic event it
    /// knows in its dialect is listed, seen or not.
    ///
    /// Feed it reports of a validator with
    /// [`capture_event_name`](Validator::capture_event_name) (for custom names)
    /// and [`observe`](Validator::observe) (for times and unknown properties);
    /// without them those figures stay empty.
    pub fn new(validator: &Validator) -> Stats {
        let dialect = validator.dialect;
        let events = validator
            .registry()
            .events()
            .filter(|e| e.vendors.known_in(dialect))
            .map(|e| (e.name.to_string(), EventStats::new(e)))
            .collect();
        Stats {
            format: FORMAT,
            records: 0,
            valid: 0,
            invalid: 0,
            unparsable: 0,
            errors: 0,
            warnings: 0,
            semantic: 0,
            configurations: BTreeMap::new(),
            calls: BTreeMap::new(),
            codes: BTreeMap::new(),
            paths: Top::new(TOP_KEYS),
            events,
            custom: Top::new(TOP_KEYS),
            unknown_properties: Top::new(TOP_KEYS),
            time: Timeline::default(),
            values_shown: false,
            configuration: format!("{dialect}, {}", validator.profile),
        }
    }

    /// Samples show the values found (off by default: values may be personal
    /// data; a masked sample shows their type and length).
    pub fn show_values(mut self, show: bool) -> Stats {
        self.values_shown = show;
        self
    }

    /// Keeps at most `n` keys in each open table (default [`TOP_KEYS`]):
    /// custom names, paths, unknown properties.
    pub fn top_keys(mut self, n: usize) -> Stats {
        self.paths.cap = n;
        self.custom.cap = n;
        self.unknown_properties.cap = n;
        self
    }

    /// Counts one call: `report` is its validator's verdict on `call`, the
    /// bytes validated, read at `at`.
    pub fn add(&mut self, report: &Report, call: &[u8], at: &Location<'_>) {
        self.records += 1;
        *self.configurations.entry_ref(&self.configuration) += 1;
        let valid = report.is_valid();
        if report.is_invalid_json() {
            self.unparsable += 1;
        } else if valid {
            self.valid += 1;
        } else {
            self.invalid += 1;
        }
        let errors = report.errors().count() as u64;
        self.errors += errors;
        self.warnings += report.violations().len() as u64 - errors;
        self.time.add(report.time(), valid);
        let violations = report.violations().len() as u64;
        let call_type = if has_code(report, Code::EmptyBatch) {
            "empty batch"
        } else {
            report.call_type().unwrap_or("not a call")
        };
        *self.calls.entry_ref(call_type) += 1;
        if let Some(event) = report.event() {
            self.semantic += 1;
            self.add_event(event, report, valid, violations);
        } else if let (true, Some(name)) = (report.is_track(), report.event_name()) {
            let near_miss = near_miss(report);
            let name = cut(name);
            self.custom.update(
                name,
                || name.to_string(),
                |n| {
                    n.records += 1;
                    n.invalid += u64::from(!valid);
                    n.violations += violations;
                    if n.near_miss.is_none() {
                        n.near_miss = near_miss.map(str::to_string);
                    }
                },
            );
        }
        self.add_violations(report, call, at);
    }

    fn add_event(&mut self, event: &'static EventDecl, report: &Report, valid: bool, n: u64) {
        let stats = self
            .events
            .entry_ref_with(event.name, || EventStats::new(event));
        stats.records += 1;
        stats.invalid += u64::from(!valid);
        stats.violations += n;
        let broken = broken_properties(event, report);
        for (i, s) in stats.properties.iter_mut().take(128).enumerate() {
            let bit = 1u128 << i;
            if report.present & bit != 0 {
                s.present += 1;
                s.valid += u64::from(broken & bit == 0);
            }
        }
        for property in report.unknown_properties() {
            let key = PropertyKey {
                event: event.name.to_string(),
                property: cut(property).to_string(),
            };
            self.unknown_properties
                .update(&key, || key.clone(), |c| c.count += 1);
        }
    }

    fn add_violations(&mut self, report: &Report, call: &[u8], at: &Location<'_>) {
        // Codes already met in this call (a bit per code; the catalogue has
        // fewer than 128).
        let mut met = 0u128;
        for v in report.violations() {
            let code = v.code();
            let bit = 1u128 << ((code as u32) % 128);
            let first_in_call = met & bit == 0;
            met |= bit;
            let stats = self.codes.entry(code).or_insert_with(|| CodeStats {
                severity: v.severity(),
                violations: 0,
                records: 0,
                samples: Vec::new(),
            });
            stats.violations += 1;
            stats.records += u64::from(first_in_call);
            if stats.samples.len() < SAMPLES_PER_CODE {
                stats
                    .samples
                    .push(sample(v, report, call, at, self.values_shown));
            }
            let key = PathKey {
                path: fold_indexes(v.path()),
                code,
            };
            self.paths.update(&key, || key.clone(), |c| c.count += 1);
        }
    }

    /// Adds figures of other calls (another thread's, another partition's):
    /// the result is what one pass over both inputs gives, `self`'s first
    /// (exactly, while each open table's keys fit; see [`Top`]). Samples of
    /// figures that show values are masked when `self`'s do not.
    ///
    /// # Errors
    /// Figures of another [`FORMAT`].
    pub fn merge(&mut self, other: &Stats) -> Result<(), FormatError> {
        if other.format != FORMAT {
            return Err(FormatError {
                found: other.format,
            });
        }
        self.records += other.records;
        self.valid += other.valid;
        self.invalid += other.invalid;
        self.unparsable += other.unparsable;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.semantic += other.semantic;
        add_counts(&mut self.configurations, &other.configurations);
        add_counts(&mut self.calls, &other.calls);
        for (code, theirs) in &other.codes {
            let ours = self.codes.entry(*code).or_insert_with(|| CodeStats {
                severity: theirs.severity,
                violations: 0,
                records: 0,
                samples: Vec::new(),
            });
            ours.violations += theirs.violations;
            ours.records += theirs.records;
            let room = SAMPLES_PER_CODE.saturating_sub(ours.samples.len());
            for s in theirs.samples.iter().take(room) {
                let mut s = s.clone();
                if !self.values_shown {
                    s.value = None;
                }
                ours.samples.push(s);
            }
        }
        self.paths.merge(&other.paths);
        for (name, theirs) in &other.events {
            match self.events.get_mut(name) {
                Some(ours) => ours.merge(theirs),
                None => {
                    self.events.insert(name.clone(), theirs.clone());
                }
            }
        }
        self.custom.merge(&other.custom);
        self.unknown_properties.merge(&other.unknown_properties);
        self.time.merge(&other.time);
        Ok(())
    }

    /// The events known but never seen, by family.
    pub fn unseen(&self) -> BTreeMap<Category, Vec<&str>> {
        let mut out: BTreeMap<Category, Vec<&str>> = BTreeMap::new();
        for (name, e) in &self.events {
            if e.records == 0 {
                out.entry(e.category).or_default().push(name);
            }
        }
        out
    }
}

impl EventStats {
    fn new(event: &EventDecl) -> EventStats {
        EventStats {
            category: event.category,
            records: 0,
            invalid: 0,
            violations: 0,
            properties: event
                .properties
                .props
                .iter()
                .map(|p| PropertyStats {
                    name: p.name.to_string(),
                    present: 0,
                    valid: 0,
                })
                .collect(),
        }
    }

    fn merge(&mut self, other: &EventStats) {
        self.records += other.records;
        self.invalid += other.invalid;
        self.violations += other.violations;
        for theirs in &other.properties {
            match self.properties.iter_mut().find(|p| p.name == theirs.name) {
                Some(ours) => {
                    ours.present += theirs.present;
                    ours.valid += theirs.valid;
                }
                None => self.properties.push(theirs.clone()),
            }
        }
    }
}

/// `BTreeMap<String, _>` entries by borrowed key, allocating only for a new key.
trait EntryRef<V> {
    fn entry_ref(&mut self, key: &str) -> &mut V
    where
        V: Default,
    {
        self.entry_ref_with(key, V::default)
    }
    fn entry_ref_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V;
}

impl<V> EntryRef<V> for BTreeMap<String, V> {
    fn entry_ref_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        if !self.contains_key(key) {
            self.insert(key.to_string(), make());
        }
        self.get_mut(key)
            .unwrap_or_else(|| unreachable!("inserted above"))
    }
}

fn add_counts(ours: &mut BTreeMap<String, u64>, theirs: &BTreeMap<String, u64>) {
    for (k, n) in theirs {
        *ours.entry_ref(k) += n;
    }
}

/// Whether any violation of the report has this code.
fn has_code(report: &Report, code: Code) -> bool {
    report.violations().iter().any(|v| v.code() == code)
}

/// The semantic event a custom name is a near miss of, as the report says.
fn near_miss(report: &Report) -> Option<&'static str> {
    report.violations().iter().find_map(|v| match v.kind() {
        Kind::UnknownEventNearMiss { suggestion, .. } => Some(*suggestion),
        _ => None,
    })
}

/// Bits of the event's declared properties with an error at or under them.
fn broken_properties(event: &EventDecl, report: &Report) -> u128 {
    let mut bits = 0u128;
    for v in report.errors() {
        let Some(rest) = v.path().strip_prefix("/properties/") else {
            continue;
        };
        let segment = rest.split('/').next().unwrap_or(rest);
        let name = unescape(segment);
        if let Some((i, _)) = event.properties.lookup(&name) {
            if i < 128 {
                bits |= 1 << i;
            }
        }
    }
    bits
}

/// An RFC 6901 segment unescaped (`~1` → `/`, `~0` → `~`).
fn unescape(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains('~') {
        segment.replace("~1", "/").replace("~0", "~").into()
    } else {
        segment.into()
    }
}

/// A JSON Pointer with each all-digit segment (an array index) as `*`.
pub fn fold_indexes(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for segment in pointer.split('/').skip(1) {
        out.push('/');
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push('*');
        } else {
            out.push_str(segment);
        }
    }
    cut(&out).to_string()
}

/// `s`, cut to at most [`MAX_KEY_BYTES`] at a character boundary.
fn cut(s: &str) -> &str {
    if s.len() <= MAX_KEY_BYTES {
        return s;
    }
    let mut end = MAX_KEY_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn sample(v: &Violation, report: &Report, call: &[u8], at: &Location<'_>, show: bool) -> Sample {
    let text = std::str::from_utf8(call).ok();
    let found = if v.code() == Code::InvalidJson {
        None
    } else {
        text.and_then(|t| locate(t, v.path()).map(|l| &t[l.value]))
    };
    let (found, value) = match (found, text) {
        (Some(json), _) => (describe(json), show.then(|| shown(json))),
        (None, _) if v.code() == Code::InvalidJson => (
            format!("input of {} bytes", call.len()),
            show.then(|| shown(&String::from_utf8_lossy(call))),
        ),
        (None, _) => ("absent".to_string(), None),
    };
    Sample {
        source: at.source.to_string(),
        line: at.line,
        path: v.path().to_string(),
        event: report.event_name().map(|n| cut(n).to_string()),
        // The message leaves out the values found even when they are shown (in
        // `value`): merging into masked figures then only drops `value`.
        message: v.masked().to_string(),
        found,
        value,
    }
}

/// A JSON value's type and length, not its content.
fn describe(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::String(s)) => plural(s.chars().count(), "string", "character"),
        Ok(serde_json::Value::Number(_)) => plural(json.len(), "number", "character"),
        Ok(serde_json::Value::Bool(_)) => "boolean".into(),
        Ok(serde_json::Value::Null) => "null".into(),
        Ok(serde_json::Value::Array(a)) => plural(a.len(), "array", "item"),
        Ok(serde_json::Value::Object(o)) => plural(o.len(), "object", "member"),
        Err(_) => plural(json.len(), "JSON text", "byte"),
    }
}

fn plural(n: usize, what: &str, unit: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{what}, {n} {unit}{s}")
}

/// A value's JSON text, cut at [`MAX_VALUE_CHARS`] characters.
fn shown(json: &str) -> String {
    let mut out = String::new();
    for (i, c) in json.chars().enumerate() {
        if i == MAX_VALUE_CHARS {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}
