//! The crate's own wiring: the engine handed the crate's own vocabulary.
//!
//! The engine (`validate`) names no event and the vocabulary (`events`,
//! `envelope`, `context`) calls no engine; this module, above both, puts them
//! together: [`Validator::new`], [`Registry::builtin`], [`Report::semantic`],
//! [`SemanticEvent::from_track`], and a validator on every declared type
//! ([`Validate`], [`validate_properties`]).

use std::sync::{Arc, LazyLock};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::declare::{Dialect, Error, Event, Object};
use crate::events::{CustomEvent, EventName, SemanticEvent, vocabulary};
use crate::validate::{Registry, Report, Validator};

static BUILTIN: LazyLock<Arc<Registry>> = LazyLock::new(|| {
    // The crate's own tests prove the built-in names are unique
    // (`tests/vocabulary.rs`); an empty registry keeps a user's process alive
    // should that ever break.
    Arc::new(Registry::new(vocabulary()).unwrap_or_else(|err| {
        debug_assert!(false, "{err}");
        let mut empty = vocabulary().clone();
        empty.events.clear();
        Registry::new(&empty).unwrap_or_else(|_| unreachable!("no events, no collision"))
    }))
});

impl Registry {
    /// The crate's own vocabulary: the envelope and the semantic events of
    /// all five families.
    pub fn builtin() -> &'static Registry {
        &BUILTIN
    }
}

impl Validator {
    /// The standard profile, Segment's dialect, numeric strings as errors, the
    /// built-in events.
    pub fn new() -> Validator {
        Validator::from_registry(Arc::clone(&BUILTIN))
    }
}

impl Default for Validator {
    fn default() -> Self {
        Validator::new()
    }
}

impl Report {
    /// The built-in semantic event the call was validated as, if any.
    pub fn semantic(&self) -> Option<EventName> {
        self.event().and_then(EventName::from_decl)
    }
}

impl SemanticEvent {
    /// Types a whole track call: its `event` is recognised (canonical names,
    /// aliases and variant spellings, Segment dialect) and its `properties`
    /// deserialised into the event's struct. Any other name gives
    /// [`SemanticEvent::Custom`].
    ///
    /// This is the first-error path (serde's); use a [`Validator`] to collect
    /// every violation.
    ///
    /// # Errors
    ///
    /// When the call is not an object, has no string `event`, or a property
    /// does not have its declared type.
    pub fn from_track(call: &Value) -> Result<SemanticEvent, Error> {
        let obj = call.as_object().ok_or(Error::NotAnObject)?;
        let name = obj
            .get("event")
            .and_then(Value::as_str)
            .ok_or(Error::MissingEvent)?;
        SemanticEvent::from_parts(name, obj.get("properties"))
    }

    /// Types an event from its name and properties. See [`SemanticEvent::from_track`].
    ///
    /// # Errors
    ///
    /// When a property does not have its declared type.
    pub fn from_parts(name: &str, properties: Option<&Value>) -> Result<Self, Error> {
        let resolved = Registry::builtin()
            .resolve(name, Dialect::Segment)
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

impl EventName {
    /// Every violation of this event's `properties` object given alone, with
    /// the default [`Validator`] (paths relative to the object).
    ///
    /// ```
    /// use semantic_events::{Code, EventName};
    /// let report = EventName::ProductAdded.validate_properties(&serde_json::json!({"price": "9"}));
    /// assert!(report.has(Code::NumericString, "/price"));
    /// ```
    pub fn validate_properties(self, properties: &Value) -> Report {
        Validator::new().validate_properties(self.decl(), properties)
    }
}

/// Every violation of a bare `properties` object as the event `E`'s, with the
/// default [`Validator`]: paths are relative to the object (`/price`).
///
/// ```
/// use semantic_events::events::ecommerce::ProductAdded;
/// use semantic_events::{Code, validate_properties};
///
/// let report = validate_properties::<ProductAdded>(&serde_json::json!({"quantity": -1, "currency": "dollars"}));
/// assert!(report.has(Code::OutOfRange, "/quantity"));
/// assert!(report.has(Code::InvalidCurrency, "/currency"));
/// ```
pub fn validate_properties<E: Event>(properties: &Value) -> Report {
    Validator::new().validate_properties(E::decl(), properties)
}

/// A validator on every declared type: what the type alone cannot forbid (a
/// negative quantity, a currency that is not a code, a value outside a closed
/// set, a wrongly typed custom property in `extra`) is checked against the
/// declaration, with the default [`Validator`]. Paths are relative to the value.
///
/// ```
/// use semantic_events::Validate;
/// use semantic_events::events::ecommerce::{Product, ProductAdded};
///
/// let added = ProductAdded {
///     product: Product { quantity: Some(-1.0), ..Default::default() },
///     ..Default::default()
/// };
/// let report = added.validate();
/// assert!(report.has(semantic_events::Code::OutOfRange, "/quantity"));
/// assert!(Product { price: Some(9.5), ..Default::default() }.validate().is_valid());
/// ```
pub trait Validate {
    /// Every violation of the value, with the default [`Validator`].
    fn validate(&self) -> Report {
        self.validate_with(&Validator::new())
    }

    /// Every violation of the value, with `validator`'s profile and dialect.
    fn validate_with(&self, validator: &Validator) -> Report;
}

impl<T: Object + Serialize> Validate for T {
    fn validate_with(&self, validator: &Validator) -> Report {
        // Declared types serialise to a JSON object (serde_json writes a
        // non-finite number as `null`, which reads as an absent property).
        let value = serde_json::to_value(self).unwrap_or_default();
        match T::event_decl() {
            Some(event) => validator.validate_properties(event, &value),
            None => validator.validate_object(T::decl(), &value),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Dialect;
    use crate::validate::names::{Registry, Resolution};

    #[test]
    fn resolution_kinds() {
        let r = Registry::builtin();
        let name = |res: Resolution| res.event().map(|e| e.name);
        assert!(matches!(
            r.resolve("Product Added", Dialect::Segment),
            Resolution::Canonical(_)
        ));
        assert!(matches!(
            r.resolve("Added Product", Dialect::Segment),
            Resolution::Alias(_)
        ));
        assert!(matches!(
            r.resolve("product added", Dialect::Segment),
            Resolution::Variant(_)
        ));
        assert_eq!(
            name(r.resolve("added_product", Dialect::Segment)),
            Some("Product Added")
        );
        match r.resolve("Order Complete", Dialect::Segment) {
            Resolution::Custom { near_miss: Some(e) } => assert_eq!(e.name, "Order Completed"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            r.resolve("login", Dialect::Segment),
            Resolution::Custom { near_miss: None }
        );
    }
}
