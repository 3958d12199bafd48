//! The vocabulary: every semantic event of the five families, declared once.
//!
//! Each family lives in its own module and holds nothing but declarations
//! ([`event!`](crate::event) and [`object!`](crate::object) invocations) and one
//! table naming its events. This module gathers those tables into [`EventName`],
//! [`SemanticEvent`] and the built-in [`vocabulary()`] (with the envelope and the
//! [`ReservedProperties`]) that the validator and the views are handed; adding
//! an event touches its family's file only.
//!
//! Common decisions (from the reference's README):
//! - no property is required; `null` means absent;
//! - integers follow JSON Schema (`2.0` is an integer);
//! - counts, quantities, positions, durations, bitrates and frame rates are `>= 0`;
//!   money amounts are unbounded;
//! - `revenue`, `value` (numbers) and `currency` (ISO 4217) are checked on every
//!   track call, semantic or custom ([`ReservedProperties`]).

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::declare::{Category, Error, Event, EventDecl, Format, Object, Vocabulary};
use crate::object;

pub use crate::declare::{OneOrMany, StringOrNumber, StringOrObject};

pub mod ab_testing;
pub mod b2b_saas;
pub mod customerio_actions;
pub mod ecommerce;
pub mod email;
pub mod live_chat;
pub mod mobile;
pub mod video;

object! {
    /// Properties every destination reads on any track call, semantic or custom.
    pub struct ReservedProperties {
        /// Revenue the event produced, in decimal currency units (19.99).
        revenue: f64,
        /// Abstract value of an event without revenue (a signup, say). A number in
        /// every dialect: RudderStack's "string" contradicts its own events.
        value: f64,
        /// ISO 4217 code of `revenue` and `value`; USD is assumed when absent.
        currency: String [format(Format::Currency)],
    }
}

/// An event that is not a semantic one: its name and properties as sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomEvent {
    /// The event name.
    pub name: String,
    /// The properties.
    pub properties: Map<String, Value>,
}

/// Gathers the families' tables (each family file's `*_events!` macro) and hands
/// them, concatenated, to `$done`.
macro_rules! gather {
    ([$($acc:tt)*] $next:path $(, $rest:path)* => $done:path) => {
        $next! { $crate::events::gather, [$($acc)*] $($rest),* => $done }
    };
    ([$($acc:tt)*] => $done:path) => {
        $done! { $($acc)* }
    };
}
pub(crate) use gather;

/// Hands every family's table to the macro `$then`, as
/// `(Category, module) [EventType, ...]` groups: the one place that lists the
/// families.
macro_rules! with_families {
    ($then:path) => {
        $crate::events::gather! { []
            $crate::events::ecommerce::ecommerce_events,
            $crate::events::video::video_events,
            $crate::events::mobile::mobile_events,
            $crate::events::ab_testing::ab_testing_events,
            $crate::events::live_chat::live_chat_events,
            $crate::events::email::email_events,
            $crate::events::b2b_saas::b2b_saas_events,
            $crate::events::customerio_actions::customerio_actions_events
            => $then
        }
    };
}
// The proptest strategies use it too.
#[cfg_attr(not(feature = "proptest"), allow(unused_imports))]
pub(crate) use with_families;

/// Expands the families' tables into [`EventName`] and [`SemanticEvent`].
macro_rules! event_types {
    ($( ($Cat:ident, $module:ident) [ $($Ty:ident),* $(,)? ] )*) => {
        /// The name of every semantic event, across the five families.
        ///
        /// `Display`, `FromStr` and `AsRef<str>` use the canonical wire name;
        /// `FromStr` accepts that exact spelling only (a validator's `Registry`
        /// resolves aliases and variant spellings).
        ///
        /// ```
        /// use semantic_events::{Category, EventName};
        /// use strum::IntoEnumIterator;
        ///
        /// let name: EventName = "Product Added".parse().unwrap();
        /// assert_eq!(name, EventName::ProductAdded);
        /// assert_eq!(name.to_string(), "Product Added");
        /// assert_eq!(name.category(), Category::Ecommerce);
        /// assert_eq!(EventName::iter().count(), EventName::ALL.len());
        /// ```
        ///
        /// # Events by family
        $(
            #[doc = concat!("\n**", stringify!($Cat), "** ([`", stringify!($module), "`]):")]
            $( #[doc = concat!("[`", stringify!($Ty), "`](", stringify!($module), "::", stringify!($Ty), ")")] )*
        )*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            strum::EnumIter, strum::EnumCount, strum::VariantArray,
        )]
        #[non_exhaustive]
        pub enum EventName {
            $($(
                #[doc = concat!("See [`", stringify!($module), "::", stringify!($Ty), "`].")]
                $Ty,
            )*)*
        }

        impl EventName {
            /// Every event, family by family, in reference order.
            pub const ALL: &'static [EventName] = &[$($(EventName::$Ty,)*)*];

            /// The canonical wire name.
            pub fn as_str(self) -> &'static str {
                match self { $($(EventName::$Ty => <$module::$Ty as Event>::NAME,)*)* }
            }

            /// The family.
            pub fn category(self) -> Category {
                match self { $($(EventName::$Ty => <$module::$Ty as Event>::CATEGORY,)*)* }
            }

            /// The declaration.
            pub fn decl(self) -> &'static EventDecl {
                match self { $($(EventName::$Ty => <$module::$Ty as Event>::decl(),)*)* }
            }

        }

        /// A semantic event with typed properties, or a custom one.
        ///
        /// ```
        /// use semantic_events::{EventName, SemanticEvent};
        /// let call = serde_json::json!({
        ///     "userId": "u1", "event": "Product Added",
        ///     "properties": {"product_id": "p1", "price": 9.5}
        /// });
        /// let event = SemanticEvent::from_track(&call).unwrap();
        /// assert_eq!(event.name(), Some(EventName::ProductAdded));
        /// let SemanticEvent::ProductAdded(added) = &event else { unreachable!() };
        /// assert_eq!(added.product.price, Some(9.5));
        /// assert_eq!(event.properties().unwrap(), call["properties"]);
        /// ```
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum SemanticEvent {
            $($(
                #[doc = concat!("See [`", stringify!($module), "::", stringify!($Ty), "`].")]
                $Ty($module::$Ty),
            )*)*
            /// Any other event: its name and properties as sent.
            Custom(CustomEvent),
        }

        impl SemanticEvent {
            /// The semantic event's name, `None` for a custom event.
            pub fn name(&self) -> Option<EventName> {
                match self {
                    $($(SemanticEvent::$Ty(_) => Some(EventName::$Ty),)*)*
                    SemanticEvent::Custom(_) => None,
                }
            }

            /// The wire name: canonical for semantic events, as sent for custom ones.
            pub fn wire_name(&self) -> &str {
                match self {
                    SemanticEvent::Custom(c) => &c.name,
                    other => other.name().map_or("", EventName::as_str),
                }
            }

            /// The properties as JSON.
            ///
            /// # Errors
            ///
            /// Only if a custom property cannot be represented as JSON.
            pub fn properties(&self) -> Result<Value, Error> {
                Ok(match self {
                    $($(SemanticEvent::$Ty(p) => serde_json::to_value(p)?,)*)*
                    SemanticEvent::Custom(c) => Value::Object(c.properties.clone()),
                })
            }

            /// Types the properties of the event `name` (absent or `null` properties
            /// are the default).
            ///
            /// # Errors
            ///
            /// [`Error::Properties`](Error::Properties) when a property does
            /// not have its declared type.
            pub fn typed(name: EventName, properties: Option<&Value>) -> Result<Self, Error> {
                let props = properties.filter(|p| !p.is_null());
                let wrap = |source| Error::Properties { event: name.as_str(), source };
                Ok(match name {
                    $($(EventName::$Ty => SemanticEvent::$Ty(match props {
                        Some(p) => <$module::$Ty as Deserialize>::deserialize(p).map_err(wrap)?,
                        None => <$module::$Ty>::default(),
                    }),)*)*
                })
            }
        }
    };
}

with_families!(event_types);

impl EventName {
    /// The built-in event with this declaration (one hash lookup).
    pub fn from_decl(decl: &EventDecl) -> Option<EventName> {
        static BY_NAME: LazyLock<rustc_hash::FxHashMap<&'static str, EventName>> =
            LazyLock::new(|| EventName::ALL.iter().map(|n| (n.as_str(), *n)).collect());
        BY_NAME
            .get(decl.name)
            .copied()
            .filter(|n| std::ptr::eq(n.decl(), decl))
    }

    /// The events of one family.
    pub fn of(category: Category) -> impl Iterator<Item = EventName> {
        EventName::ALL
            .iter()
            .copied()
            .filter(move |n| n.category() == category)
    }
}

impl std::fmt::Display for EventName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for EventName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::str::FromStr for EventName {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventName::ALL
            .iter()
            .copied()
            .find(|n| n.as_str() == s)
            .ok_or_else(|| Error::UnknownEvent(s.to_string()))
    }
}

impl Serialize for EventName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The crate's own vocabulary: the envelope, the reserved properties and every
/// event of the five families. [`Validator::new`](crate::Validator::new) and the
/// schema, docs and strategy views are built from it.
///
/// ```
/// let vocabulary = semantic_events::events::vocabulary();
/// assert!(vocabulary.events.iter().any(|e| e.name == "Product Added"));
/// assert_eq!(vocabulary.envelope.type_key, "type");
/// ```
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| Vocabulary {
        envelope: crate::envelope::declaration(),
        reserved: ReservedProperties::decl(),
        events: EventName::ALL.iter().map(|n| n.decl()).collect(),
    });
    &VOCABULARY
}
