//! One violation: where, what, how bad.

use std::fmt;

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::catalogue::{Code, Kind, Severity};

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
