//! What a vocabulary is: the declarations a validator and the views are handed.

use super::decl::EventDecl;
use super::envelope::EnvelopeDecl;
use super::shape::ObjectDecl;

/// A whole vocabulary: the envelope, the properties every track call may carry,
/// and the events. The crate's own is `semantic_events::events::vocabulary()`;
/// the engine and the views take one as a value and name no event themselves.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// The call around the properties.
    pub envelope: &'static EnvelopeDecl,
    /// Properties checked on every track call, semantic or custom (`revenue`,
    /// `value`, `currency`).
    pub reserved: &'static ObjectDecl,
    /// The events, in declaration order.
    pub events: Vec<&'static EventDecl>,
}
