#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The declaration macros name this crate by path inside `serde` attributes
// (strings), so the crate must be reachable as `semantic_events` from itself too.
extern crate self as semantic_events;

mod builtin;
pub mod context;
pub mod declare;
pub mod docs;
pub mod envelope;
pub mod events;
#[cfg(feature = "files")]
pub mod files;
pub mod fix;
pub mod interop;
#[cfg(feature = "plan")]
pub mod plan;
#[cfg(feature = "report")]
pub mod report;
pub mod schema;
#[cfg(feature = "proptest")]
pub mod strategies;
pub mod stream;
pub mod validate;
pub mod vendor;

pub use builtin::{Validate, validate_properties};
pub use declare::{
    Category, Code, Dialect, Error, Event, EventDecl, Field, Format, Kind, Object, ObjectDecl,
    Profile, RegistryError, Severity, Shape, Violation,
};
pub use envelope::{Timestamp, Track};
pub use events::{EventName, SemanticEvent};
pub use validate::{Registry, Report, Validator};

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
