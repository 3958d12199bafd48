#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The declaration macros name this crate by path inside `serde` attributes
// (strings), so the crate must be reachable as `semantic_events` from itself too.
extern crate self as semantic_events;

pub mod context;
pub mod declare;
pub mod docs;
pub mod envelope;
pub mod events;
pub mod interop;
#[cfg(feature = "plan")]
pub mod plan;
pub mod schema;
#[cfg(feature = "proptest")]
pub mod strategies;
pub mod stream;
pub mod validate;

pub use declare::{Category, Dialect, Event, EventDecl, Field, Format, Object, ObjectDecl, Shape};
pub use envelope::{Timestamp, Track};
pub use events::{EventName, SemanticEvent};
pub use validate::names::{Registry, RegistryError};
pub use validate::{Code, Kind, Profile, Report, Severity, Validator, Violation};

/// Failures of the typed API (parsing into structs, names, timestamps).
///
/// Violations of the spec are not errors: they are data, in a [`Report`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The call is not a JSON object.
    #[error("the call is not a JSON object")]
    NotAnObject,
    /// The call has no string `event`.
    #[error("the call has no string \"event\"")]
    MissingEvent,
    /// A name that is not a semantic event's canonical name.
    #[error("\"{0}\" is not the canonical name of a semantic event")]
    UnknownEvent(String),
    /// A property does not have its declared type.
    #[error("properties of \"{event}\": {source}")]
    Properties {
        /// The event.
        event: &'static str,
        /// serde's first error.
        #[source]
        source: serde_json::Error,
    },
    /// Not an RFC 3339 date-time.
    #[error("not an RFC 3339 date-time: \"{0}\"")]
    Timestamp(String),
    /// JSON (de)serialisation failed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// An event could not be registered.
    #[error(transparent)]
    Registry(#[from] RegistryError),
}

/// Every violation of a call, with the default [`Validator`].
///
/// ```
/// let report = semantic_events::validate(&serde_json::json!({"event": "Product Added"}));
/// assert!(!report.is_valid());
/// assert_eq!(report.errors().next().unwrap().code(), semantic_events::Code::MissingIdentity);
/// ```
pub fn validate(call: &serde_json::Value) -> Report {
    Validator::new().validate(call)
}

/// Whether a call has no error, with the default [`Validator`].
pub fn is_valid(call: &serde_json::Value) -> bool {
    Validator::new().is_valid(call)
}

/// The first error of a call, with the default [`Validator`].
pub fn first_error(call: &serde_json::Value) -> Option<Violation> {
    Validator::new().first_error(call)
}

/// Every violation of a call given as JSON bytes, with the default [`Validator`].
pub fn validate_slice(bytes: &[u8]) -> Report {
    Validator::new().validate_slice(bytes)
}

#[doc(hidden)]
pub mod __private {
    pub use schemars;
    pub use serde;
    pub use serde_json;
}
