//! The vocabulary: every semantic event of the five families, declared once.
//!
//! Each family lives in its own module and holds nothing but declarations
//! ([`event!`](crate::event) and [`object!`](crate::object) invocations) and one
//! table naming its events. This module gathers those tables into [`EventName`]
//! and [`SemanticEvent`]; adding an event touches its family's file only.
//!
//! Common decisions (from the reference's README):
//! - no property is required; `null` means absent;
//! - integers follow JSON Schema (`2.0` is an integer);
//! - counts, quantities, positions, durations, bitrates and frame rates are `>= 0`;
//!   money amounts are unbounded;
//! - `revenue`, `value` (numbers) and `currency` (ISO 4217) are checked on every
//!   track call, semantic or custom ([`ReservedProperties`]).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::declare::{Category, Event, EventDecl, Field, Format, Shape};
use crate::object;

pub mod ab_testing;
pub mod ecommerce;
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

/// A string or a JSON object (Products Searched's `query`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StringOrObject {
    /// A plain search string.
    Text(String),
    /// A structured query.
    Object(Map<String, Value>),
}

impl Field for StringOrObject {
    fn shape() -> Shape {
        Shape::Union(vec![Shape::string(), Shape::Map])
    }
}

/// A string or an array of strings (the ad ids of video playback events).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One id.
    One(String),
    /// Several ids.
    Many(Vec<String>),
}

impl Field for OneOrMany {
    fn shape() -> Shape {
        Shape::Union(vec![
            Shape::string(),
            Shape::Array(Box::new(Shape::string())),
        ])
    }
}

/// A string or a number (a rating, an app build), where vendors disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StringOrNumber {
    /// Sent as a string.
    Text(String),
    /// Sent as a number.
    Number(f64),
}

impl Field for StringOrNumber {
    fn shape() -> Shape {
        Shape::Union(vec![Shape::string(), Shape::number()])
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

/// Expands the families' tables into [`EventName`] and [`SemanticEvent`].
macro_rules! registry {
    ([] $( ($Cat:ident, $module:ident) [ $($Ty:ident),* $(,)? ] )*) => {
        /// The name of every semantic event, across the five families.
        ///
        /// `Display`, `FromStr` and `AsRef<str>` use the canonical wire name;
        /// `FromStr` accepts that exact spelling only (use
        /// [`Registry::resolve`](crate::Registry::resolve) for aliases and variants).
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

            /// The JSON Schema of the event's `properties`.
            pub fn schema(self) -> schemars::Schema {
                match self { $($(EventName::$Ty => crate::schema::schema_for::<$module::$Ty>(),)*)* }
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

        $($(
            #[cfg(feature = "proptest")]
            impl proptest::arbitrary::Arbitrary for $module::$Ty {
                type Parameters = ();
                type Strategy = proptest::strategy::BoxedStrategy<Self>;
                fn arbitrary_with((): ()) -> Self::Strategy {
                    crate::strategies::event::<Self>()
                }
            }
        )*)*

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
            pub fn properties(&self) -> Result<Value, crate::Error> {
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
            /// [`Error::Properties`](crate::Error::Properties) when a property does
            /// not have its declared type.
            pub fn typed(name: EventName, properties: Option<&Value>) -> Result<Self, crate::Error> {
                let props = properties.filter(|p| !p.is_null());
                let wrap = |source| crate::Error::Properties { event: name.as_str(), source };
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

/// The families, chained: each family's table macro hands its list to the next.
macro_rules! families {
    () => {
        ecommerce::ecommerce_family! { [video_family, mobile_family, ab_testing_family, live_chat_family, registry] }
    };
}

use ab_testing::ab_testing_family;
use live_chat::live_chat_family;
use mobile::mobile_family;
use video::video_family;

families!();

impl EventName {
    /// The built-in event with this declaration.
    pub fn from_decl(decl: &EventDecl) -> Option<EventName> {
        EventName::ALL
            .iter()
            .copied()
            .find(|n| std::ptr::eq(n.decl(), decl))
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
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventName::ALL
            .iter()
            .copied()
            .find(|n| n.as_str() == s)
            .ok_or_else(|| crate::Error::UnknownEvent(s.to_string()))
    }
}

impl Serialize for EventName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(feature = "proptest")]
impl proptest::arbitrary::Arbitrary for SemanticEvent {
    type Parameters = ();
    type Strategy = proptest::strategy::BoxedStrategy<Self>;
    fn arbitrary_with((): ()) -> Self::Strategy {
        crate::strategies::semantic_event()
    }
}

impl SemanticEvent {
    /// Types a whole track call: its `event` is recognised (canonical names,
    /// aliases and variant spellings, Segment dialect) and its `properties`
    /// deserialised into the event's struct. Any other name gives
    /// [`SemanticEvent::Custom`].
    ///
    /// This is the first-error path (serde's); use a
    /// [`Validator`](crate::Validator) to collect every violation.
    ///
    /// # Errors
    ///
    /// When the call is not an object, has no string `event`, or a property
    /// does not have its declared type.
    pub fn from_track(call: &Value) -> Result<SemanticEvent, crate::Error> {
        let obj = call.as_object().ok_or(crate::Error::NotAnObject)?;
        let name = obj
            .get("event")
            .and_then(Value::as_str)
            .ok_or(crate::Error::MissingEvent)?;
        SemanticEvent::from_parts(name, obj.get("properties"))
    }

    /// Types an event from its name and properties. See [`SemanticEvent::from_track`].
    ///
    /// # Errors
    ///
    /// When a property does not have its declared type.
    pub fn from_parts(name: &str, properties: Option<&Value>) -> Result<Self, crate::Error> {
        let resolved = crate::Registry::builtin()
            .resolve(name, crate::Dialect::Segment)
            .event()
            .and_then(EventName::from_decl);
        match resolved {
            Some(n) => SemanticEvent::typed(n, properties),
            None => Ok(SemanticEvent::Custom(CustomEvent {
                name: name.to_string(),
                properties: match properties {
                    Some(Value::Object(m)) => m.clone(),
                    _ => Map::new(),
                },
            })),
        }
    }
}
