//! Failures of the typed API. Violations of the spec are not errors: they are
//! data, in a validator's report.

/// Failures of the typed API (parsing into structs, names, timestamps,
/// registering events).
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

/// Why an event could not be registered beside others.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegistryError {
    /// The name (or an alias), after folding case and separators, is taken.
    #[error("event name \"{name}\" collides with the registered event \"{existing}\"")]
    NameCollision {
        /// The name being registered.
        name: String,
        /// The canonical name of the event it collides with.
        existing: &'static str,
    },
    /// The name folds to nothing (no letters or digits) or is too long to index.
    #[error(
        "event name \"{0}\" cannot be registered: it needs letters or digits and at most 96 bytes"
    )]
    UnusableName(String),
}
