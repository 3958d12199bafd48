//! The violation catalogue: every code a validator can report, declared once.
//!
//! One table (the `catalogue!` macro below) gives each code its data ([`Kind`]'s fields), its
//! default [`Severity`], the least [`Profile`] that checks it, its message and
//! the "expected" / "found" parts that JSON output and masked messages show.
//! [`Code`], [`Kind`], `Kind::code`, `Kind::expected`, `Kind::found`, `Kind`'s
//! `Display`, [`Code::severity`] and [`Code::profile`] are all expanded from it,
//! so adding a code is one entry here plus the place that detects it.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::dialect::Dialect;
use super::shape::Range;

/// How bad a violation is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::AsRefStr,
    strum::IntoStaticStr,
)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    /// Worth fixing; the call is still valid.
    Warning,
    /// The call does not conform; destinations may drop or misread it.
    Error,
}

/// How much is checked: each [`Code`] names the least profile that reports it.
///
/// - [`Profile::Lenient`]: envelope essentials (an object with a non-empty
///   `event` and an identity) and the JSON types of known properties.
/// - [`Profile::Standard`] (default): also formats, closed enums, ranges, currency
///   codes, event and property name lints, and the full envelope (timestamps,
///   `type`, the legacy `action` key, numeric ids).
/// - [`Profile::Strict`]: also warnings for unknown properties on semantic events,
///   unknown top-level fields, properties the dialect does not list, and missing
///   recommended properties.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::AsRefStr,
)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Profile {
    /// Envelope essentials and known properties' types.
    Lenient,
    /// Formats, enums, ranges, name lints, full envelope (the default).
    #[default]
    Standard,
    /// Also unknown properties, unknown fields and missing recommended properties.
    Strict,
}

/// Expands the catalogue table into [`Code`] and [`Kind`] and their methods.
///
/// Each entry: doc comment, `Variant { field: Type, ... }` (or a bare
/// `Variant`), `=> Severity, Profile`, then `message(f) { ... }` (writes the
/// message to the formatter `f`), `expected(...)` and `found(...)` (each an
/// `Option<String>` expression over the fields).
macro_rules! catalogue {
    ($(
        $(#[doc = $doc:literal])*
        $Variant:ident $({ $($(#[doc = $fdoc:literal])* $field:ident : $fty:ty),* $(,)? })?
            => $severity:ident, $profile:ident,
            message($f:ident) $message:block
            expected($expected:expr)
            found($found:expr);
    )*) => {
        /// The stable machine code of a violation (`snake_case` on the wire).
        ///
        /// Codes never change meaning; new ones may be added.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            Serialize, Deserialize,
            strum::Display, strum::EnumString, strum::EnumIter, strum::EnumCount,
            strum::AsRefStr, strum::IntoStaticStr,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[doc = $doc])* $Variant, )*
        }

        impl Code {
            /// The severity a violation of this code has unless the validator
            /// is told otherwise (see `Validator::severity`).
            pub const fn severity(self) -> Severity {
                match self { $( Code::$Variant => Severity::$severity, )* }
            }

            /// The least profile that checks this code.
            pub const fn profile(self) -> Profile {
                match self { $( Code::$Variant => Profile::$profile, )* }
            }
        }

        /// What went wrong, with the data to say so: one variant per [`Code`].
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Kind {
            $(
                $(#[doc = $doc])*
                $Variant $({ $( $(#[doc = $fdoc])* $field: $fty ),* })?,
            )*
        }

        impl Kind {
            /// The stable code.
            pub fn code(&self) -> Code {
                match self { $( Kind::$Variant { .. } => Code::$Variant, )* }
            }

            /// What was expected, when the kind says.
            #[allow(unused_variables)]
            pub fn expected(&self) -> Option<String> {
                match self { $( Kind::$Variant $({ $($field),* })? => $expected, )* }
            }

            /// What was found, when the kind says.
            #[allow(unused_variables)]
            pub fn found(&self) -> Option<String> {
                match self { $( Kind::$Variant $({ $($field),* })? => $found, )* }
            }
        }

        impl fmt::Display for Kind {
            #[allow(unused_variables)]
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $( Kind::$Variant $({ $($field),* })? => {
                        let $f = &mut *formatter;
                        $message
                    } )*
                }
            }
        }
    };
}

catalogue! {
    /// The input is not JSON (or nests deeper than the parser allows).
    InvalidJson {
        /// The parser's message.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    } => Error, Lenient,
        message(f) { write!(f, "invalid JSON: {message}") }
        expected(None) found(None);

    /// The call is not a JSON object.
    NotAnObject {
        /// What was found instead.
        found: String,
    } => Error, Lenient,
        message(f) { write!(f, "expected a JSON object (a call), found {found}") }
        expected(Some("object".into())) found(Some(found.clone()));

    /// A batch (`{"batch": []}`) with no call in it: nothing to deliver.
    EmptyBatch => Warning, Lenient,
        message(f) { f.write_str("an empty batch: it holds no call") }
        expected(None) found(None);

    /// `event` is missing.
    MissingEvent => Error, Lenient,
        message(f) { f.write_str("missing required field \"event\"") }
        expected(None) found(None);

    /// `event` is the empty string.
    EmptyEventName => Error, Lenient,
        message(f) { f.write_str("expected a non-empty event name") }
        expected(None) found(None);

    /// No identity field is a non-empty string.
    MissingIdentity {
        /// The fields any one of which would do.
        accepted: &'static [&'static str],
    } => Error, Lenient,
        message(f) {
            write!(
                f,
                "expected {} to be a non-empty string: pipelines drop calls without an identity",
                accepted.join(" or ")
            )
        }
        expected(Some(format!("a non-empty {}", accepted.join(" or ")))) found(None);

    /// A value has the wrong JSON type.
    WrongType {
        /// The expected type.
        expected: Cow<'static, str>,
        /// What was found, described.
        found: String,
    } => Error, Lenient,
        message(f) { write!(f, "expected {expected}, found {found}") }
        expected(Some(expected.to_string())) found(Some(found.clone()));

    /// A number was sent as a string (`"139.99"`).
    NumericString {
        /// The expected type.
        expected: Cow<'static, str>,
        /// The string as sent.
        value: String,
    } => Error, Lenient,
        message(f) { write!(f, "expected {expected}, found numeric string {}", quote(value)) }
        expected(Some(expected.to_string())) found(Some(format!("numeric string {}", quote(value))));

    /// A number lies outside its allowed range.
    OutOfRange {
        /// The allowed range.
        range: Range,
        /// What was found.
        found: String,
    } => Error, Standard,
        message(f) { write!(f, "expected a value {range}, found {found}") }
        expected(Some(format!("a value {range}"))) found(Some(found.clone()));

    /// A string is not one of a closed set of values.
    InvalidEnumValue {
        /// The allowed values.
        allowed: &'static [&'static str],
        /// What was found.
        found: String,
    } => Error, Standard,
        message(f) { write!(f, "expected one of {}, found {found}", quoted_list(allowed)) }
        expected(Some(format!("one of {}", quoted_list(allowed)))) found(Some(found.clone()));

    /// A timestamp is not an RFC 3339 date-time.
    InvalidDateTime {
        /// What was found.
        found: String,
    } => Error, Standard,
        message(f) { write!(f, "expected an RFC 3339 date-time, found {found}") }
        expected(Some("an RFC 3339 date-time".into())) found(Some(found.clone()));

    /// A date is neither an ISO 8601 date nor an RFC 3339 date-time.
    InvalidDate {
        /// What was found.
        found: String,
    } => Error, Standard,
        message(f) { write!(f, "expected an ISO 8601 date or RFC 3339 date-time, found {found}") }
        expected(Some("an ISO 8601 date or RFC 3339 date-time".into())) found(Some(found.clone()));

    /// A currency is not three ASCII letters.
    InvalidCurrency {
        /// What was found.
        found: String,
    } => Error, Standard,
        message(f) { write!(f, "expected a three-letter ISO 4217 currency code, found {found}") }
        expected(Some("an upper-case ISO 4217 currency code".into())) found(Some(found.clone()));

    /// A currency is three letters but not an upper-case ISO 4217 code.
    NonStandardCurrency {
        /// The code as sent.
        found: String,
        /// The ISO 4217 code meant, when there is one.
        suggestion: Option<String>,
    } => Warning, Standard,
        message(f) {
            match suggestion {
                Some(s) => write!(f, "currency {} should be written {}", quote(found), quote(s)),
                None => write!(f, "currency {} is not an ISO 4217 code", quote(found)),
            }
        }
        expected(Some("an upper-case ISO 4217 currency code".into())) found(Some(quote(found)));

    /// The event name is a variant spelling of a semantic event's name.
    NonCanonicalEventName {
        /// The name as sent.
        found: String,
        /// The canonical name.
        canonical: &'static str,
    } => Warning, Standard,
        message(f) {
            write!(
                f,
                "event name {} is a variant spelling of {}: send the canonical name",
                quote(found),
                quote(canonical)
            )
        }
        expected(Some(format!("\"{canonical}\""))) found(Some(quote(found)));

    /// The event name is a legacy or vendor alias of a semantic event.
    EventAlias {
        /// The name as sent.
        found: String,
        /// The canonical name.
        canonical: &'static str,
    } => Warning, Standard,
        message(f) {
            write!(
                f,
                "event name {} is an older or vendor name of {}: send the canonical name",
                quote(found),
                quote(canonical)
            )
        }
        expected(Some(format!("\"{canonical}\""))) found(Some(quote(found)));

    /// A custom event's name is close to a semantic event's name.
    UnknownEventNearMiss {
        /// The name as sent.
        found: String,
        /// The semantic event meant, probably.
        suggestion: &'static str,
    } => Warning, Standard,
        message(f) {
            write!(
                f,
                "{} is not a semantic event (validated as a custom event): did you mean {}?",
                quote(found),
                quote(suggestion)
            )
        }
        expected(None) found(Some(quote(found)));

    /// A property name is a variant spelling of a declared property.
    NonCanonicalPropertyName {
        /// The name as sent.
        found: String,
        /// The canonical name.
        canonical: &'static str,
    } => Warning, Standard,
        message(f) {
            write!(
                f,
                "property {} is a variant spelling of {}: send the canonical name",
                quote(found),
                quote(canonical)
            )
        }
        expected(Some(format!("\"{canonical}\""))) found(Some(quote(found)));

    /// A property the event does not declare (strict profile).
    UnknownProperty {
        /// The name as sent.
        name: String,
    } => Warning, Strict,
        message(f) { write!(f, "property {} is not defined for this event", quote(name)) }
        expected(None) found(None);

    /// A property the selected dialect does not list for the event (strict profile).
    NotInDialect {
        /// The property.
        name: &'static str,
        /// The dialect.
        dialect: Dialect,
    } => Warning, Strict,
        message(f) {
            write!(f, "property {} is not defined by the {dialect} dialect for this event", quote(name))
        }
        expected(None) found(None);

    /// A recommended property is missing (strict profile).
    MissingRecommended {
        /// Any one of these would do.
        properties: &'static [&'static str],
    } => Warning, Strict,
        message(f) {
            match properties {
                [one] => write!(f, "recommended property {} is missing", quote(one)),
                many => write!(f, "one of {} is recommended", quoted_list(many)),
            }
        }
        expected(None) found(None);

    /// A top-level field the envelope does not know for this call type (strict profile).
    UnknownField {
        /// The field as sent.
        name: String,
    } => Warning, Strict,
        message(f) { write!(f, "unknown top-level field {}", quote(name)) }
        expected(None) found(None);

    /// A field the vendor of the dialect requires on this event is absent, `null`
    /// or empty: the vendor refuses the call or performs no action.
    MissingRequired {
        /// The event's canonical name.
        event: &'static str,
        /// The field, as a JSON Pointer.
        field: &'static str,
        /// What goes wrong without the field.
        why: &'static str,
    } => Error, Lenient,
        message(f) { write!(f, "{event} requires {field} in this dialect: {why}") }
        expected(Some("present".into())) found(Some("absent".into()));

    /// A field was found in a place the vendor does not read it from, though the
    /// crate accepts it there.
    MisplacedField {
        /// Where the vendor reads it.
        expected: &'static str,
    } => Warning, Standard,
        message(f) { write!(f, "accepted here, but the vendor reads it from {expected}: move it there") }
        expected(Some((*expected).into())) found(None);

    /// The legacy `"action": "track"` key instead of `"type"`.
    LegacyActionKey => Warning, Standard,
        message(f) { f.write_str("legacy key \"action\": send \"type\": \"track\" instead") }
        expected(None) found(None);

    /// `type` is not a known call type.
    InvalidCallType {
        /// What was found.
        found: String,
        /// The call types the envelope declares.
        allowed: &'static [&'static str],
    } => Error, Standard,
        message(f) { write!(f, "expected one of {}, found {found}", quoted_list(allowed)) }
        expected(Some(format!("one of {}", quoted_list(allowed)))) found(Some(found.clone()));

    /// `userId` or `anonymousId` is a number rather than a string.
    NumericUserId {
        /// `userId` or `anonymousId`.
        field: &'static str,
    } => Warning, Standard,
        message(f) { write!(f, "{field} is a number: send identifiers as strings") }
        expected(Some("string".into())) found(Some("number".into()));

    /// Arrays and objects nest deeper than the validator's limit.
    TooDeep {
        /// The limit (see `Validator::max_depth`).
        limit: usize,
    } => Error, Lenient,
        message(f) {
            write!(
                f,
                "arrays and objects nest deeper than {limit} levels here; the rest of this value was skipped"
            )
        }
        expected(Some(format!("at most {limit} levels"))) found(None);

    /// The call is larger than the configured size limit (Segment's is 32 KB).
    TooLarge {
        /// The call's size in bytes.
        size: usize,
        /// The limit (see `Validator::max_call_bytes`).
        limit: usize,
    } => Error, Lenient,
        message(f) {
            write!(f, "the call is {size} bytes, over the {limit}-byte limit: the pipeline rejects it")
        }
        expected(Some(format!("at most {limit} bytes"))) found(Some(format!("{size} bytes")));

    /// With a tracking plan (feature `plan`), a track call whose event is neither
    /// a semantic event nor in the plan.
    UnplannedEvent {
        /// The event name as sent.
        event: String,
    } => Warning, Lenient,
        message(f) { write!(f, "{} is neither a semantic event nor in the tracking plan", quote(event)) }
        expected(None) found(Some(quote(event)));

    /// A rule of a runtime tracking plan (feature `plan`) is broken.
    PlanViolation {
        /// The event as the plan names it.
        event: String,
        /// The schema checker's message.
        message: String,
        /// The JSON Schema keyword that failed (`required`, `type`, `enum`…).
        keyword: String,
        /// The property a `required` or `additionalProperties` keyword names.
        property: Option<String>,
        /// Where the keyword is in the plan's schema of the whole call, as a
        /// URI fragment (`#/properties/properties/required`).
        schema_path: String,
    } => Error, Lenient,
        message(f) { write!(f, "tracking plan for {}: {message}", quote(event)) }
        expected(None) found(None);
}

/// At most this many characters of a found string are quoted in a message.
const QUOTE_LIMIT: usize = 64;

/// A JSON-quoted string for messages, cut after 64 characters (with `…`).
///
/// ```
/// assert_eq!(semantic_events::declare::catalogue::quote("a\"b"), r#""a\"b""#);
/// ```
pub fn quote(s: &str) -> String {
    let cut = match s.char_indices().nth(QUOTE_LIMIT) {
        Some((i, _)) => &s[..i],
        None => s,
    };
    let mut out = serde_json::to_string(cut).unwrap_or_else(|_| String::from("\"?\""));
    if cut.len() < s.len() {
        out.insert(out.len() - 1, '…');
    }
    out
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| quote(i))
        .collect::<Vec<_>>()
        .join(", ")
}
