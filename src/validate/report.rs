//! Violations are data: [`Report`], [`Violation`], [`Kind`], [`Code`], [`Severity`].

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::declare::{Category, Dialect, EventDecl, Range};
use crate::events::EventName;

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
    serde::Deserialize,
    strum::Display,
    strum::EnumString,
    strum::AsRefStr,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    /// Worth fixing; the call is still valid.
    Warning,
    /// The call does not conform; destinations may drop or misread it.
    Error,
}

/// The stable machine code of a violation (`snake_case` on the wire).
///
/// Codes never change meaning; new ones may be added.
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
    serde::Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::AsRefStr,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    /// The input is not JSON (or nests deeper than the parser allows).
    InvalidJson,
    /// The call is not a JSON object.
    NotAnObject,
    /// `event` is missing.
    MissingEvent,
    /// `event` is the empty string.
    EmptyEventName,
    /// Neither `userId` nor `anonymousId` is a non-empty string.
    MissingIdentity,
    /// A value has the wrong JSON type.
    WrongType,
    /// A number was sent as a string (`"139.99"`).
    NumericString,
    /// A number lies outside its allowed range.
    OutOfRange,
    /// A string is not one of a closed set of values.
    InvalidEnumValue,
    /// A timestamp is not an RFC 3339 date-time.
    InvalidDateTime,
    /// A date is neither an ISO 8601 date nor an RFC 3339 date-time.
    InvalidDate,
    /// A currency is not three ASCII letters.
    InvalidCurrency,
    /// A currency is three letters but not an upper-case ISO 4217 code.
    NonStandardCurrency,
    /// The event name is a variant spelling of a semantic event's name.
    NonCanonicalEventName,
    /// The event name is a legacy or vendor alias of a semantic event.
    EventAlias,
    /// A custom event's name is close to a semantic event's name.
    UnknownEventNearMiss,
    /// A property name is a variant spelling of a declared property.
    NonCanonicalPropertyName,
    /// A property the event does not declare (strict profile).
    UnknownProperty,
    /// A property the selected dialect does not list for the event (strict profile).
    NotInDialect,
    /// A recommended property is missing (strict profile).
    MissingRecommended,
    /// A top-level field the envelope does not know (strict profile).
    UnknownField,
    /// The legacy `"action": "track"` key instead of `"type"`.
    LegacyActionKey,
    /// A call of another type (identify, page, …): envelope checks only.
    NotTrackCall,
    /// `type` is not a known call type.
    InvalidCallType,
    /// `userId` or `anonymousId` is a number rather than a string.
    NumericUserId,
    /// Arrays and objects nest deeper than the validator's limit.
    TooDeep,
    /// The call is larger than the configured size limit (Segment's is 32 KB).
    TooLarge,
    /// A rule of a runtime tracking plan (feature `plan`) is broken.
    PlanViolation,
}

/// What went wrong, with the data to say so.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Kind {
    /// The input is not JSON.
    InvalidJson {
        /// The parser's message.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The call is not a JSON object.
    NotAnObject {
        /// What was found instead.
        found: String,
    },
    /// `event` is missing.
    MissingEvent,
    /// `event` is empty.
    EmptyEventName,
    /// No usable identity.
    MissingIdentity {
        /// The fields any one of which would do.
        accepted: &'static [&'static str],
    },
    /// Wrong JSON type.
    WrongType {
        /// The expected type.
        expected: Cow<'static, str>,
        /// What was found, described.
        found: String,
    },
    /// A number sent as a string.
    NumericString {
        /// The expected type.
        expected: Cow<'static, str>,
        /// The string as sent.
        value: String,
    },
    /// Outside the allowed range.
    OutOfRange {
        /// The allowed range.
        range: Range,
        /// What was found.
        found: String,
    },
    /// Not one of the allowed values.
    InvalidEnumValue {
        /// The allowed values.
        allowed: &'static [&'static str],
        /// What was found.
        found: String,
    },
    /// Not an RFC 3339 date-time.
    InvalidDateTime {
        /// What was found.
        found: String,
    },
    /// Not a date nor a date-time.
    InvalidDate {
        /// What was found.
        found: String,
    },
    /// Not three ASCII letters.
    InvalidCurrency {
        /// What was found.
        found: String,
    },
    /// Three letters, but not an upper-case ISO 4217 code.
    NonStandardCurrency {
        /// The code as sent.
        found: String,
        /// The ISO 4217 code meant, when there is one.
        suggestion: Option<String>,
    },
    /// A variant spelling of a semantic event's name.
    NonCanonicalEventName {
        /// The name as sent.
        found: String,
        /// The canonical name.
        canonical: &'static str,
    },
    /// A legacy or vendor alias.
    EventAlias {
        /// The name as sent.
        found: String,
        /// The canonical name.
        canonical: &'static str,
    },
    /// A custom event named like a semantic one.
    UnknownEventNearMiss {
        /// The name as sent.
        found: String,
        /// The semantic event meant, probably.
        suggestion: &'static str,
    },
    /// A variant spelling of a declared property's name.
    NonCanonicalPropertyName {
        /// The name as sent.
        found: String,
        /// The canonical name.
        canonical: &'static str,
    },
    /// A property the event does not declare.
    UnknownProperty {
        /// The name as sent.
        name: String,
    },
    /// A property the dialect does not list for this event.
    NotInDialect {
        /// The property.
        name: &'static str,
        /// The dialect.
        dialect: Dialect,
    },
    /// A recommended property is missing.
    MissingRecommended {
        /// Any one of these would do.
        properties: &'static [&'static str],
    },
    /// An unknown top-level field.
    UnknownField {
        /// The field as sent.
        name: String,
    },
    /// `"action": "track"` instead of `"type"`.
    LegacyActionKey,
    /// Another call type.
    NotTrackCall {
        /// The call type.
        call_type: String,
    },
    /// An unknown call type.
    InvalidCallType {
        /// What was found.
        found: String,
    },
    /// A numeric user id.
    NumericUserId {
        /// `userId` or `anonymousId`.
        field: &'static str,
    },
    /// Nesting deeper than the limit.
    TooDeep {
        /// The limit (see [`Validator::max_depth`](crate::Validator::max_depth)).
        limit: usize,
    },
    /// A tracking-plan rule is broken.
    PlanViolation {
        /// The event as the plan names it.
        event: String,
        /// The schema checker's message.
        message: String,
    },
    /// Larger than the size limit.
    TooLarge {
        /// The call's size in bytes.
        size: usize,
        /// The limit (see [`Validator::max_call_bytes`](crate::Validator::max_call_bytes)).
        limit: usize,
    },
}

impl Kind {
    /// The stable code.
    pub fn code(&self) -> Code {
        match self {
            Kind::InvalidJson { .. } => Code::InvalidJson,
            Kind::NotAnObject { .. } => Code::NotAnObject,
            Kind::MissingEvent => Code::MissingEvent,
            Kind::EmptyEventName => Code::EmptyEventName,
            Kind::MissingIdentity { .. } => Code::MissingIdentity,
            Kind::WrongType { .. } => Code::WrongType,
            Kind::NumericString { .. } => Code::NumericString,
            Kind::OutOfRange { .. } => Code::OutOfRange,
            Kind::InvalidEnumValue { .. } => Code::InvalidEnumValue,
            Kind::InvalidDateTime { .. } => Code::InvalidDateTime,
            Kind::InvalidDate { .. } => Code::InvalidDate,
            Kind::InvalidCurrency { .. } => Code::InvalidCurrency,
            Kind::NonStandardCurrency { .. } => Code::NonStandardCurrency,
            Kind::NonCanonicalEventName { .. } => Code::NonCanonicalEventName,
            Kind::EventAlias { .. } => Code::EventAlias,
            Kind::UnknownEventNearMiss { .. } => Code::UnknownEventNearMiss,
            Kind::NonCanonicalPropertyName { .. } => Code::NonCanonicalPropertyName,
            Kind::UnknownProperty { .. } => Code::UnknownProperty,
            Kind::NotInDialect { .. } => Code::NotInDialect,
            Kind::MissingRecommended { .. } => Code::MissingRecommended,
            Kind::UnknownField { .. } => Code::UnknownField,
            Kind::LegacyActionKey => Code::LegacyActionKey,
            Kind::NotTrackCall { .. } => Code::NotTrackCall,
            Kind::InvalidCallType { .. } => Code::InvalidCallType,
            Kind::NumericUserId { .. } => Code::NumericUserId,
            Kind::TooDeep { .. } => Code::TooDeep,
            Kind::TooLarge { .. } => Code::TooLarge,
            Kind::PlanViolation { .. } => Code::PlanViolation,
        }
    }

    /// What was expected, when the kind says.
    pub fn expected(&self) -> Option<String> {
        Some(match self {
            Kind::WrongType { expected, .. } | Kind::NumericString { expected, .. } => {
                expected.to_string()
            }
            Kind::OutOfRange { range, .. } => format!("a value {range}"),
            Kind::InvalidEnumValue { allowed, .. } => format!("one of {}", quoted_list(allowed)),
            Kind::InvalidDateTime { .. } => "an RFC 3339 date-time".into(),
            Kind::InvalidDate { .. } => "an ISO 8601 date or RFC 3339 date-time".into(),
            Kind::InvalidCurrency { .. } | Kind::NonStandardCurrency { .. } => {
                "an upper-case ISO 4217 currency code".into()
            }
            Kind::NonCanonicalEventName { canonical, .. }
            | Kind::EventAlias { canonical, .. }
            | Kind::NonCanonicalPropertyName { canonical, .. } => format!("\"{canonical}\""),
            Kind::MissingIdentity { accepted } => {
                format!("a non-empty {}", accepted.join(" or "))
            }
            Kind::NotAnObject { .. } => "object".into(),
            _ => return None,
        })
    }

    /// What was found, when the kind says.
    pub fn found(&self) -> Option<String> {
        Some(match self {
            Kind::WrongType { found, .. }
            | Kind::OutOfRange { found, .. }
            | Kind::InvalidEnumValue { found, .. }
            | Kind::InvalidDateTime { found }
            | Kind::InvalidDate { found }
            | Kind::InvalidCurrency { found }
            | Kind::NotAnObject { found }
            | Kind::InvalidCallType { found } => found.clone(),
            Kind::NumericString { value, .. } => format!("numeric string {}", quote(value)),
            Kind::NonStandardCurrency { found, .. }
            | Kind::NonCanonicalEventName { found, .. }
            | Kind::EventAlias { found, .. }
            | Kind::UnknownEventNearMiss { found, .. }
            | Kind::NonCanonicalPropertyName { found, .. } => quote(found),
            _ => return None,
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::InvalidJson { message, .. } => write!(f, "invalid JSON: {message}"),
            Kind::NotAnObject { found } => {
                write!(f, "expected a JSON object (a call), found {found}")
            }
            Kind::MissingEvent => f.write_str("missing required field \"event\""),
            Kind::EmptyEventName => f.write_str("expected a non-empty event name"),
            Kind::MissingIdentity { accepted } => write!(
                f,
                "expected {} to be a non-empty string: pipelines drop calls without an identity",
                accepted.join(" or ")
            ),
            Kind::WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            Kind::NumericString { expected, value } => {
                write!(
                    f,
                    "expected {expected}, found numeric string {}",
                    quote(value)
                )
            }
            Kind::OutOfRange { range, found } => {
                write!(f, "expected a value {range}, found {found}")
            }
            Kind::InvalidEnumValue { allowed, found } => {
                write!(f, "expected one of {}, found {found}", quoted_list(allowed))
            }
            Kind::InvalidDateTime { found } => {
                write!(f, "expected an RFC 3339 date-time, found {found}")
            }
            Kind::InvalidDate { found } => write!(
                f,
                "expected an ISO 8601 date or RFC 3339 date-time, found {found}"
            ),
            Kind::InvalidCurrency { found } => write!(
                f,
                "expected a three-letter ISO 4217 currency code, found {found}"
            ),
            Kind::NonStandardCurrency { found, suggestion } => match suggestion {
                Some(s) => write!(
                    f,
                    "currency {} should be written {}",
                    quote(found),
                    quote(s)
                ),
                None => write!(f, "currency {} is not an ISO 4217 code", quote(found)),
            },
            Kind::NonCanonicalEventName { found, canonical } => write!(
                f,
                "event name {} is a variant spelling of {}: send the canonical name",
                quote(found),
                quote(canonical)
            ),
            Kind::EventAlias { found, canonical } => write!(
                f,
                "event name {} is an older or vendor name of {}: send the canonical name",
                quote(found),
                quote(canonical)
            ),
            Kind::UnknownEventNearMiss { found, suggestion } => write!(
                f,
                "{} is not a semantic event (validated as a custom event): did you mean {}?",
                quote(found),
                quote(suggestion)
            ),
            Kind::NonCanonicalPropertyName { found, canonical } => write!(
                f,
                "property {} is a variant spelling of {}: send the canonical name",
                quote(found),
                quote(canonical)
            ),
            Kind::UnknownProperty { name } => {
                write!(f, "property {} is not defined for this event", quote(name))
            }
            Kind::NotInDialect { name, dialect } => write!(
                f,
                "property {} is not defined by the {dialect} dialect for this event",
                quote(name)
            ),
            Kind::MissingRecommended { properties } => match properties {
                [one] => write!(f, "recommended property {} is missing", quote(one)),
                many => write!(f, "one of {} is recommended", quoted_list(many)),
            },
            Kind::UnknownField { name } => write!(f, "unknown top-level field {}", quote(name)),
            Kind::LegacyActionKey => {
                f.write_str("legacy key \"action\": send \"type\": \"track\" instead")
            }
            Kind::NotTrackCall { call_type } => write!(
                f,
                "not a track call (type {}): only the common envelope fields were checked",
                quote(call_type)
            ),
            Kind::InvalidCallType { found } => write!(
                f,
                "expected \"track\" (or identify, page, screen, group, alias), found {found}"
            ),
            Kind::NumericUserId { field } => {
                write!(f, "{field} is a number: send identifiers as strings")
            }
            Kind::PlanViolation { event, message } => {
                write!(f, "tracking plan for {}: {message}", quote(event))
            }
            Kind::TooLarge { size, limit } => write!(
                f,
                "the call is {size} bytes, over the {limit}-byte limit: the pipeline rejects it"
            ),
            Kind::TooDeep { limit } => write!(
                f,
                "arrays and objects nest deeper than {limit} levels here; the rest of this value was skipped"
            ),
        }
    }
}

/// One violation: where (a JSON Pointer), what ([`Kind`]) and how bad ([`Severity`]).
///
/// ```
/// let report = semantic_events::validate(&serde_json::json!({
///     "type": "track", "userId": "u1", "event": "Product Added",
///     "properties": {"price": "139.99"}
/// }));
/// let v = &report.errors().next().unwrap();
/// assert_eq!(v.path(), "/properties/price");
/// assert_eq!(v.code(), semantic_events::Code::NumericString);
/// assert_eq!(v.to_string(), r#"/properties/price: expected number, found numeric string "139.99""#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    path: String,
    severity: Severity,
    kind: Kind,
}

impl Violation {
    /// A violation at `path` (an RFC 6901 JSON Pointer, `""` for the whole call).
    pub fn new(path: impl Into<String>, severity: Severity, kind: Kind) -> Violation {
        Violation {
            path: path.into(),
            severity,
            kind,
        }
    }

    /// The JSON Pointer of the offending value (`""` is the whole call).
    pub fn path(&self) -> &str {
        &self.path
    }
    /// The stable code.
    pub fn code(&self) -> Code {
        self.kind.code()
    }
    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.severity
    }
    /// Whether the severity is [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    /// What went wrong, with its data.
    pub fn kind(&self) -> &Kind {
        &self.kind
    }
    /// The message without the path.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
    /// A `Display` that leaves out the values found (they may be personal data).
    pub fn masked(&self) -> Masked<'_> {
        Masked(self)
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(root)"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.kind)
    }
}

/// A [`Violation`] displayed without the values found. See [`Violation::masked`].
#[derive(Debug)]
pub struct Masked<'a>(&'a Violation);

impl fmt::Display for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        let path = if v.path.is_empty() { "(root)" } else { &v.path };
        match v.kind.expected() {
            Some(expected) => write!(f, "{path}: {} (expected {expected})", v.code()),
            None => write!(f, "{path}: {}", v.code()),
        }
    }
}

impl Serialize for Violation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let expected = self.kind.expected();
        let found = self.kind.found();
        let mut st = s.serialize_struct("Violation", 6)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("code", &self.code())?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("message", &self.kind.to_string())?;
        if let Some(e) = expected {
            st.serialize_field("expected", &e)?;
        } else {
            st.skip_field("expected")?;
        }
        if let Some(fd) = found {
            st.serialize_field("found", &fd)?;
        } else {
            st.skip_field("found")?;
        }
        st.end()
    }
}

/// Every violation of one call, and what the call was recognised as.
///
/// A report with no error-severity violation [is valid](Report::is_valid), even
/// with warnings.
///
/// ```
/// use semantic_events::{Category, Code, EventName};
///
/// let report = semantic_events::validate_slice(
///     br#"{"anonymousId": "a1", "event": "added_product", "properties": {"quantity": -1}}"#,
/// );
/// assert_eq!(report.semantic(), Some(EventName::ProductAdded));
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
    pub(crate) track: bool,
    pub(crate) name: Option<Box<str>>,
}

/// Two reports are equal when they say the same things about the same call:
/// the same violations, in any order (the bytes path reports in document order,
/// a parsed `Value` iterates its keys in its own order), the same event.
impl PartialEq for Report {
    fn eq(&self, other: &Self) -> bool {
        fn key(v: &Violation) -> (String, Code, Severity, String) {
            (v.path.clone(), v.code(), v.severity, v.kind.to_string())
        }
        let mut a: Vec<_> = self.violations.iter().map(key).collect();
        let mut b: Vec<_> = other.violations.iter().map(key).collect();
        a.sort();
        b.sort();
        a == b && self.event == other.event && self.track == other.track && self.name == other.name
    }
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
            .any(|v| v.code() == code && v.path == path)
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

    /// The built-in semantic event the call was validated as, if any.
    pub fn semantic(&self) -> Option<EventName> {
        self.event.and_then(EventName::from_decl)
    }
    /// The family of the event, if it is a semantic one.
    pub fn category(&self) -> Option<Category> {
        self.semantic().map(EventName::category)
    }
    /// Whether the call is a track call (not identify, page, …, nor unparsable).
    pub fn is_track(&self) -> bool {
        self.track
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
        let what = match (self.event, self.track) {
            (Some(e), _) => e.name,
            (None, true) => "custom event",
            (None, false) => "call",
        };
        let errors = self.errors().count();
        let warnings = self.violations.len() - errors;
        writeln!(f, "{what}: {errors} error(s), {warnings} warning(s)")?;
        for v in &self.violations {
            writeln!(f, "  {}: {v}", v.severity)?;
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

/// At most this many characters of a found string are quoted in a message.
const QUOTE_LIMIT: usize = 64;

/// A JSON-quoted, truncated string for messages.
pub(crate) fn quote(s: &str) -> String {
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
