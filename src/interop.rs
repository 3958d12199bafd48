//! Interop with the vendors' Rust client crates, so that their users get typed
//! properties and validation without changing how they send.
//!
//! - feature `segment`: [`segment`] — Segment's `segment` crate;
//! - feature `rudderanalytics`: [`rudderstack`] — RudderStack's `rudderanalytics` crate.
//!
//! Conversions go through the calls' JSON form, which the three crates share
//! field for field. Fields a client type has no place for are dropped on the way
//! in (RudderStack's `Track` has no `messageId`, `sentAt` or top-level extras);
//! each module says which.

#[cfg(any(feature = "segment", feature = "rudderanalytics"))]
use serde::Serialize;
#[cfg(any(feature = "segment", feature = "rudderanalytics"))]
use serde::de::DeserializeOwned;

#[cfg(any(feature = "segment", feature = "rudderanalytics"))]
use crate::{Report, Validator};

#[cfg(any(feature = "segment", feature = "rudderanalytics"))]
fn convert<A: Serialize, B: DeserializeOwned>(from: &A) -> Result<B, crate::Error> {
    Ok(serde_json::from_value(serde_json::to_value(from)?)?)
}

#[cfg(any(feature = "segment", feature = "rudderanalytics"))]
fn validate_json<T: Serialize>(validator: &Validator, message: &T) -> Vec<Report> {
    match serde_json::to_value(message) {
        Ok(serde_json::Value::Object(mut m)) => match m.remove("batch") {
            Some(serde_json::Value::Array(items)) => {
                items.iter().map(|item| validator.validate(item)).collect()
            }
            Some(other) => {
                m.insert("batch".into(), other);
                vec![validator.validate(&serde_json::Value::Object(m))]
            }
            None => vec![validator.validate(&serde_json::Value::Object(m))],
        },
        Ok(other) => vec![validator.validate(&other)],
        Err(e) => vec![validator.validate_str(&format!("\"{e}\""))],
    }
}

/// Segment's `segment` crate (feature `segment`).
///
/// ```
/// use semantic_events::Track;
/// use semantic_events::events::ecommerce::{Product, ProductAdded};
///
/// let added = ProductAdded { product: Product { price: Some(9.5), ..Default::default() }, ..Default::default() };
/// let call = Track::new(added).user_id("u1");
/// let message = ::segment::message::Track::try_from(call.clone()).unwrap();
/// assert_eq!(message.event, "Product Added");
/// let back: Track<ProductAdded> = Track::try_from(message).unwrap();
/// assert_eq!(back.properties, call.properties);
/// ```
#[cfg(feature = "segment")]
pub mod segment {
    use ::segment::message::{Message, Track as SegmentTrack};
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    use crate::{Report, Track, Validator};

    /// A typed call as the client's `Track` (`type` is implied by the client;
    /// the other fields carry over, unknown ones through its `extra`).
    impl<P: Serialize> TryFrom<Track<P>> for SegmentTrack {
        type Error = crate::Error;
        fn try_from(call: Track<P>) -> Result<Self, Self::Error> {
            let mut json = serde_json::to_value(&call)?;
            if let Some(m) = json.as_object_mut() {
                // The client type requires the key (its timestamp is optional,
                // but has no default); the call type is its own business.
                m.entry("timestamp").or_insert(serde_json::Value::Null);
                m.remove("type");
            }
            Ok(serde_json::from_value(json)?)
        }
    }

    /// The client's `Track` as a typed call: properties typed as `P` (an event
    /// struct, or a JSON map).
    impl<P: DeserializeOwned + Default> TryFrom<SegmentTrack> for Track<P> {
        type Error = crate::Error;
        fn try_from(message: SegmentTrack) -> Result<Self, Self::Error> {
            super::convert(&message)
        }
    }

    /// Validates a client message; a `Batch` gives one report per call.
    pub fn validate(validator: &Validator, message: &Message) -> Vec<Report> {
        super::validate_json(validator, message)
    }
}

/// RudderStack's `rudderanalytics` crate (feature `rudderanalytics`).
///
/// Its `Track` has no place for `messageId`, `timestamp`, `sentAt`,
/// `receivedAt`, `channel`, `version` nor unknown top-level fields: those are
/// dropped on the way in; `originalTimestamp` carries over.
#[cfg(feature = "rudderanalytics")]
pub mod rudderstack {
    use rudderanalytics::message::{Message, Track as RudderTrack};
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    use crate::{Report, Track, Validator};

    /// A typed call as the client's `Track` (see the module docs for what is dropped).
    impl<P: Serialize> TryFrom<Track<P>> for RudderTrack {
        type Error = crate::Error;
        fn try_from(call: Track<P>) -> Result<Self, Self::Error> {
            super::convert(&call)
        }
    }

    /// The client's `Track` as a typed call.
    impl<P: DeserializeOwned + Default> TryFrom<RudderTrack> for Track<P> {
        type Error = crate::Error;
        fn try_from(message: RudderTrack) -> Result<Self, Self::Error> {
            super::convert(&message)
        }
    }

    /// Validates a client message in the RudderStack dialect; a `Batch` gives
    /// one report per call.
    pub fn validate(validator: &Validator, message: &Message) -> Vec<Report> {
        super::validate_json(
            &validator.clone().dialect(crate::Dialect::Rudderstack),
            message,
        )
    }
}
