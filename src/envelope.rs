//! The track call around an event's properties.
//!
//! [`Track<P>`] is the typed call, generic over its properties. [`declaration`]
//! is the envelope as data — the identity fields, the call types and their own
//! fields, the plain fields every call carries ([`TrackFields`]) — which the
//! validator walks and the schema export renders. Its rules (the decisions of
//! the reference, §11 and §14):
//!
//! - `event` is a non-empty string on a track call;
//! - at least one of `userId` / `anonymousId` is a non-empty string (or a number,
//!   with a warning) — in the Customer.io dialect a `groupId` alone also does;
//!   alias calls need none;
//! - `type`, when present, is one of the declared call types; a track call is the
//!   default. Identify, page, screen, group and alias calls are normal traffic:
//!   they are checked for the common fields and their own (`traits`, `name`,
//!   `previousId`, …), not for `event` and `properties`; the legacy
//!   `"action": "track"` is a warning;
//! - `properties`, `context` and `integrations` are objects when present (`null`
//!   is accepted);
//! - `timestamp`, `sentAt`, `receivedAt` and `originalTimestamp` are RFC 3339
//!   date-times;
//! - the fields the vendors' own clients and servers add (`_metadata`,
//!   `channel`, `rudderId`, `request_ip`, `projectId`, `writeKey`, `version`) are
//!   known; other top-level keys are allowed (a warning in the strict profile).

use std::fmt;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::context::Context;
use crate::declare::{
    CallDecl, Dialect, EnvelopeDecl, Error, Event, Field, Format, IdentityDecl, Object, ObjectDecl,
    Shape, Vendors,
};
use crate::object;

/// An RFC 3339 date-time, as the envelope's timestamps carry.
///
/// ```
/// use semantic_events::Timestamp;
/// let t: Timestamp = "2024-05-04T12:00:00.123Z".parse().unwrap();
/// assert_eq!(t.to_string(), "2024-05-04T12:00:00.123Z");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(pub DateTime<FixedOffset>);

impl std::str::FromStr for Timestamp {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if crate::declare::formats::is_date_time(s) {
            DateTime::parse_from_rfc3339(s)
                .map(Timestamp)
                .map_err(|_| Error::Timestamp(s.to_string()))
        } else {
            Err(Error::Timestamp(s.to_string()))
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = if self.0.offset().local_minus_utc() == 0 {
            self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true)
        } else {
            self.0.to_rfc3339_opts(SecondsFormat::AutoSi, false)
        };
        f.write_str(&s)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Field for Timestamp {
    fn shape() -> Shape {
        Shape::String(Some(Format::DateTime))
    }
}

object! {
    /// The envelope's plain fields, on calls of every type (everything but
    /// `event`, `properties`, the identities and `type`, which have rules of
    /// their own).
    pub struct TrackFields {
        /// Extra information about the call.
        context: Context,
        /// Destinations to turn on or off (`{"All": true, "Salesforce": false}`).
        integrations: Map<String, Value>,
        /// Unique message id, for de-duplication.
        message_id ("messageId"): String,
        /// When the event happened (corrected for clock skew).
        timestamp: Timestamp,
        /// Client time when the call was made.
        original_timestamp ("originalTimestamp"): Timestamp,
        /// Client time when the message was sent.
        sent_at ("sentAt"): Timestamp,
        /// Server time when the message arrived.
        received_at ("receivedAt"): Timestamp,
        /// Version of the tracking API.
        version: f64,
        /// RudderStack's source kind: mobile, web, server, sources.
        channel: String,
        /// RudderStack: IP captured by the server.
        request_ip: String,
        /// RudderStack: the id its server assigns to a user's events.
        rudder_id ("rudderId"): String,
        /// Library metadata the vendors' own clients add (`nodeVersion`,
        /// `jsRuntime`, analytics.js's bundled integrations).
        metadata ("_metadata"): Map<String, Value>,
        /// Segment: the source (project) the call arrived through, in archives.
        project_id ("projectId"): String,
        /// The source's write key, when the call carries it (HTTP API bodies).
        write_key ("writeKey"): String,
    }
}

object! {
    /// The own fields of a track call: none beyond `event` and `properties`,
    /// whose rules are the envelope's.
    pub struct TrackCallFields {}
}

object! {
    /// The own fields of an identify call.
    pub struct IdentifyFields {
        /// What is known about the user (email, name, plan…).
        traits: Map<String, Value>,
    }
}

object! {
    /// The own fields of a page call.
    pub struct PageFields {
        /// Name of the page.
        name: String,
        /// Category of the page.
        category: String,
        /// Page properties (`url`, `path`, `title`, `referrer`…).
        properties: Map<String, Value>,
    }
}

object! {
    /// The own fields of a screen call.
    pub struct ScreenFields {
        /// Name of the screen.
        name: String,
        /// Category of the screen.
        category: String,
        /// Screen properties.
        properties: Map<String, Value>,
    }
}

object! {
    /// The own fields of a group call.
    pub struct GroupFields {
        /// What is known about the group (name, industry, employees…).
        traits: Map<String, Value>,
    }
}

object! {
    /// The own fields of an alias call.
    pub struct AliasFields {
        /// The user's previous id.
        previous_id ("previousId"): String,
    }
}

/// The identity fields, and in which dialects each alone identifies a call.
const IDENTITIES: [IdentityDecl; 3] = [
    IdentityDecl {
        name: "userId",
        doc: "Your stable identifier for the user.",
        identifies_in: Vendors::ALL,
        numbers_warn: true,
    },
    IdentityDecl {
        name: "anonymousId",
        doc: "Pseudo-unique id of a not-yet-identified user.",
        identifies_in: Vendors::ALL,
        numbers_warn: true,
    },
    IdentityDecl {
        name: "groupId",
        doc: "Customer.io: the group a track call is attributed to.",
        identifies_in: Vendors::of(&[Dialect::CustomerIo]),
        numbers_warn: false,
    },
];

/// A call type's own fields.
type OwnFields = fn() -> &'static ObjectDecl;

/// The call types (the first is the default): name, what it is for, whether
/// it is a track call, whether it needs an identity, its own fields.
const CALLS: [(&str, &str, bool, bool, OwnFields); 6] = [
    (
        "track",
        "An event a user did.",
        true,
        true,
        TrackCallFields::decl,
    ),
    (
        "identify",
        "Who the user is.",
        false,
        true,
        IdentifyFields::decl,
    ),
    ("page", "A web page viewed.", false, true, PageFields::decl),
    (
        "screen",
        "An app screen viewed.",
        false,
        true,
        ScreenFields::decl,
    ),
    (
        "group",
        "The user joined a group (account).",
        false,
        true,
        GroupFields::decl,
    ),
    (
        "alias",
        "Two ids of one user merged.",
        false,
        false,
        AliasFields::decl,
    ),
];

/// The envelope as data: identities, call types, plain fields. The validator
/// and the JSON Schema export both read it.
///
/// ```
/// let envelope = semantic_events::envelope::declaration();
/// assert_eq!(envelope.default_call().map(|c| c.name), Some("track"));
/// assert!(envelope.call("identify").is_some_and(|c| !c.track));
/// assert!(envelope.fields.get("_metadata").is_some());
/// ```
pub fn declaration() -> &'static EnvelopeDecl {
    static ENVELOPE: std::sync::LazyLock<EnvelopeDecl> = std::sync::LazyLock::new(|| {
        let calls = CALLS
            .iter()
            .map(|&(name, doc, track, needs_identity, fields)| CallDecl {
                name,
                doc,
                track,
                needs_identity,
                fields: fields(),
            })
            .collect();
        EnvelopeDecl::new(
            ["event", "properties", "type", "action"],
            IDENTITIES.to_vec(),
            calls,
            TrackFields::decl(),
        )
        // When the event happened, when the client recorded it, sent it, the
        // server received it.
        .dated_by(&["timestamp", "originalTimestamp", "sentAt", "receivedAt"])
    });
    &ENVELOPE
}

/// The call type; always `"track"` for a [`Track`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TrackType;

impl Serialize for TrackType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("track")
    }
}

impl<'de> Deserialize<'de> for TrackType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        if s == "track" {
            Ok(TrackType)
        } else {
            Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&s),
                &"\"track\"",
            ))
        }
    }
}

/// A typed track call.
///
/// `P` is the properties: a semantic event struct such as
/// [`ProductAdded`](crate::events::ecommerce::ProductAdded), or a JSON map for
/// custom events (the default).
///
/// ```
/// use semantic_events::Track;
/// use semantic_events::events::ecommerce::{Product, ProductAdded};
///
/// let event = ProductAdded {
///     product: Product { product_id: Some("coolshoes-123".into()), price: Some(139.99), ..Default::default() },
///     ..Default::default()
/// };
/// let call = Track::new(event).user_id("AiUGstSDIg");
/// let json = serde_json::to_value(&call).unwrap();
/// assert_eq!(json["event"], "Product Added");
/// assert_eq!(json["properties"]["price"], 139.99);
/// assert!(semantic_events::is_valid(&json));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Track<P = Map<String, Value>> {
    /// Always `"track"`.
    #[serde(rename = "type", default)]
    pub call_type: TrackType,
    /// The event name.
    pub event: String,
    /// Your stable identifier for the user.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id"
    )]
    pub user_id: Option<String>,
    /// Pseudo-unique id of a not-yet-identified user.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id"
    )]
    pub anonymous_id: Option<String>,
    /// Customer.io: the group the event is attributed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// The event's properties.
    #[serde(default)]
    pub properties: P,
    /// Extra information about the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    /// Destinations to turn on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrations: Option<Map<String, Value>>,
    /// Unique message id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// When the event happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    /// Client time when the call was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_timestamp: Option<Timestamp>,
    /// Client time when the message was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
    /// Server time when the message arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<Timestamp>,
    /// Version of the tracking API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<f64>,
    /// RudderStack's source kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// RudderStack: IP captured by the server.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "request_ip"
    )]
    pub request_ip: Option<String>,
    /// Other top-level fields, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Identifiers may arrive as numbers (a warning); the typed call keeps them as strings.
fn id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(serde::de::Error::invalid_type(
                serde::de::Unexpected::Other(match other {
                    Value::Bool(_) => "a boolean",
                    Value::Array(_) => "an array",
                    _ => "an object",
                }),
                &"a string",
            ));
        }
    })
}

impl<P: Default> Track<P> {
    /// A call with the given event name and default properties.
    pub fn named(event: impl Into<String>) -> Self {
        Track {
            call_type: TrackType,
            event: event.into(),
            user_id: None,
            anonymous_id: None,
            group_id: None,
            properties: P::default(),
            context: None,
            integrations: None,
            message_id: None,
            timestamp: None,
            original_timestamp: None,
            sent_at: None,
            received_at: None,
            version: None,
            channel: None,
            request_ip: None,
            extra: Map::new(),
        }
    }
}

impl<P: Event> Track<P> {
    /// A call carrying a semantic event, named canonically.
    pub fn new(properties: P) -> Self {
        Track {
            properties,
            ..Track::named(P::NAME)
        }
    }
}

impl<P> Track<P> {
    /// Sets `userId`.
    pub fn user_id(mut self, id: impl Into<String>) -> Self {
        self.user_id = Some(id.into());
        self
    }
    /// Sets `anonymousId`.
    pub fn anonymous_id(mut self, id: impl Into<String>) -> Self {
        self.anonymous_id = Some(id.into());
        self
    }
    /// Sets `messageId`.
    pub fn message_id(mut self, id: impl Into<String>) -> Self {
        self.message_id = Some(id.into());
        self
    }
    /// Sets `timestamp`.
    pub fn timestamp(mut self, at: Timestamp) -> Self {
        self.timestamp = Some(at);
        self
    }
    /// Sets `context`.
    pub fn context(mut self, context: Context) -> Self {
        self.context = Some(context);
        self
    }
}

impl<P: Event> From<P> for Track<P> {
    fn from(properties: P) -> Self {
        Track::new(properties)
    }
}
