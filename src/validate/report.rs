//! A call's [`Report`]: every violation, and what the call was recognised as.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::declare::{CallDecl, Category, Code, EventDecl, PropertyDecl, Severity, Violation};

/// Every violation of one call, and what the call was recognised as.
///
/// A report with no error-severity violation [is valid](Report::is_valid), even
/// with warnings.
///
/// ```
/// use semantic_events::{Category, Code};
///
/// let report = semantic_events::validate_slice(
///     br#"{"anonymousId": "a1", "event": "added_product", "properties": {"quantity": -1}}"#,
/// );
/// assert_eq!(report.event().map(|e| e.name), Some("Product Added"));
/// assert_eq!(report.category(), Some(Category::Ecommerce));
/// assert!(!report.is_valid());
/// assert!(report.has(Code::OutOfRange, "/properties/quantity"));
/// assert_eq!(report.warnings().next().map(|w| w.code()), Some(Code::NonCanonicalEventName));
/// println!("{report}");
/// let json = serde_json::to_value(&report).unwrap();
/// assert_eq!(json["violations"][1]["code"], "out_of_range");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub(crate) violations: Vec<Violation>,
    pub(crate) event: Option<&'static EventDecl>,
    pub(crate) call: Option<&'static CallDecl>,
    pub(crate) name: Option<Cow<'static, str>>,
    pub(crate) present: u128,
    pub(crate) time: Time,
    pub(crate) unknown: Vec<Box<str>>,
}

/// A call's time in seconds since the Unix epoch, or none: an `Option<i64>` in
/// eight bytes (no date-time of the years 0000 to 9999 comes near `i64::MIN`).
/// It keeps a [`Report`] under 128 bytes, so that a `Result<_, Report>` stays
/// below clippy's `result_large_err` threshold in users' code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Time(i64);

impl Time {
    const NONE: Time = Time(i64::MIN);

    pub(crate) fn new(time: Option<i64>) -> Time {
        time.map_or(Time::NONE, Time)
    }

    fn get(self) -> Option<i64> {
        (self != Time::NONE).then_some(self.0)
    }
}

impl Default for Time {
    fn default() -> Time {
        Time::NONE
    }
}

/// Two reports are equal when they say the same things about the same call:
/// the same violations, in any order (the bytes path reports in document order,
/// a parsed `Value` iterates its keys in its own order), the same event.
impl PartialEq for Report {
    fn eq(&self, other: &Self) -> bool {
        fn key(v: &Violation) -> (String, Code, Severity, String) {
            (
                v.path().to_string(),
                v.code(),
                v.severity(),
                v.kind().to_string(),
            )
        }
        let mut a: Vec<_> = self.violations.iter().map(key).collect();
        let mut b: Vec<_> = other.violations.iter().map(key).collect();
        a.sort();
        b.sort();
        a == b
            && self.event == other.event
            && self.call_type() == other.call_type()
            && self.name == other.name
            && self.present == other.present
            && self.time == other.time
            && sorted(&self.unknown) == sorted(&other.unknown)
    }
}

/// Names in order, for comparing lists met in key order (a `Value`) and in
/// document order (bytes).
fn sorted(names: &[Box<str>]) -> Vec<&str> {
    let mut out: Vec<&str> = names.iter().map(|n| &**n).collect();
    out.sort_unstable();
    out
}

impl Report {
    /// No error-severity violation.
    pub fn is_valid(&self) -> bool {
        !self.violations.iter().any(Violation::is_error)
    }
    /// Every violation, in the order found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
    /// The error-severity violations.
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| v.is_error())
    }
    /// The warning-severity violations.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| !v.is_error())
    }
    /// The violations, owned.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
    /// Whether a violation with this code sits at this path.
    pub fn has(&self, code: Code, path: &str) -> bool {
        self.violations
            .iter()
            .any(|v| v.code() == code && v.path() == path)
    }
    /// The declaration of the semantic (or registered) event the call was
    /// validated as, if any.
    pub fn event(&self) -> Option<&'static EventDecl> {
        self.event
    }
    /// The event name exactly as sent, when the validator was asked to keep it
    /// ([`Validator::capture_event_name`](crate::Validator::capture_event_name)).
    pub fn event_name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The family of the event, if it belongs to one of the spec's families
    /// (not [`Category::Custom`]).
    pub fn category(&self) -> Option<Category> {
        self.event
            .map(|e| e.category)
            .filter(|c| *c != Category::Custom)
    }
    /// Whether the call is a track call (not identify, page, …, nor unparsable).
    pub fn is_track(&self) -> bool {
        self.call.is_some_and(|c| c.track)
    }
    /// The call's type, by the name the envelope declares for it (`"track"` for
    /// a track call);
    /// `None` when the input is not a call (not JSON, not an object).
    pub fn call_type(&self) -> Option<&'static str> {
        self.call.map(|c| c.name)
    }
    /// The declared properties of the recognised event that the call's
    /// `properties` hold under their exact names, in declaration order (a
    /// variant spelling such as `productId` for `product_id` is not counted:
    /// it is reported). Empty for a custom event.
    pub fn present_properties(&self) -> impl Iterator<Item = &'static PropertyDecl> + '_ {
        let props = self.event.map_or(&[][..], |e| &e.properties.props[..]);
        props
            .iter()
            .take(128)
            .enumerate()
            .filter(|(i, _)| self.present & (1 << i) != 0)
            .map(|(_, p)| p)
    }
    /// When the call happened, in seconds since the Unix epoch: the first
    /// valid date-time among the envelope's fields that date a call, in their
    /// order (`EnvelopeDecl::time_fields`: `timestamp`, `originalTimestamp`,
    /// `sentAt`, `receivedAt` for the built-in envelope). Noted only by a validator that
    /// [observes](crate::Validator::observe).
    pub fn time(&self) -> Option<i64> {
        self.time.get()
    }
    /// The properties of a semantic event that it does not declare (under no
    /// spelling) and that are not reserved: in document order from bytes, in
    /// the value's key order from a `serde_json::Value` (reports of both
    /// compare equal). At most 32: past that, the 32 least names.
    /// Noted only by a validator that [observes](crate::Validator::observe).
    pub fn unknown_properties(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.unknown.iter().map(|k| &**k)
    }
    /// Whether the input could not be parsed at all.
    pub fn is_invalid_json(&self) -> bool {
        self.violations
            .iter()
            .any(|v| v.code() == Code::InvalidJson)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match (self.event, self.call) {
            (Some(e), _) => e.name,
            (None, Some(c)) if c.track => "custom event",
            (None, Some(c)) => c.name,
            (None, None) => "call",
        };
        let errors = self.errors().count();
        let warnings = self.violations.len() - errors;
        writeln!(f, "{what}: {errors} error(s), {warnings} warning(s)")?;
        for v in &self.violations {
            writeln!(f, "  {}: {v}", v.severity())?;
        }
        Ok(())
    }
}

impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Report", 4)?;
        st.serialize_field("valid", &self.is_valid())?;
        st.serialize_field("semantic", &self.event.map(|e| e.name))?;
        st.serialize_field("category", &self.category())?;
        st.serialize_field("violations", &self.violations)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Users return reports in `Result`s: at 128 bytes clippy's
    /// `result_large_err` fires in their code (as it did in the crate's own
    /// `downstream_conformance` example when the kept event name grew by eight).
    #[test]
    fn a_report_stays_under_128_bytes() {
        assert!(
            std::mem::size_of::<Report>() < 128,
            "{}",
            std::mem::size_of::<Report>()
        );
    }

    #[test]
    fn times_keep_every_value_but_the_sentinel() {
        assert_eq!(Time::default().get(), None);
        assert_eq!(Time::new(None).get(), None);
        for t in [0, -1, 1, -62_167_219_200, 253_402_300_799, i64::MAX] {
            assert_eq!(Time::new(Some(t)).get(), Some(t));
        }
    }
}
