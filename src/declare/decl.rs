//! Declarations: what the spec says about an event, and the traits of the
//! types the declaration macros expand to.

use std::fmt;

use serde::Serialize;
use serde::de::{self, DeserializeOwned};
use serde_json::{Map, Value};

use super::dialect::{Category, Dialect, Vendors};
use super::field::Field;
use super::shape::ObjectDecl;

/// Everything the spec says about one event, besides its properties' table.
#[derive(Debug)]
pub struct EventDecl {
    /// The canonical name, exact (`Product Added`).
    pub name: &'static str,
    /// The family.
    pub category: Category,
    /// The description.
    pub doc: &'static str,
    /// Other names every dialect recognises (Segment v1, Google-Analytics-era names).
    pub aliases: &'static [&'static str],
    /// Names only one vendor uses (Customer.io's "Payment Info Updated").
    pub vendor_aliases: &'static [(Dialect, &'static str)],
    /// The vendors that define the event.
    pub vendors: Vendors,
    /// Groups of recommended properties; in each group one should be present
    /// (checked in the strict profile).
    pub recommended: &'static [&'static [&'static str]],
    /// The `properties` table.
    pub properties: &'static ObjectDecl,
    /// What vendors require of the call beyond its property types (Customer.io's
    /// action events need a `userId`, a device token…), checked in their dialects.
    pub rules: &'static [FieldRule],
    /// The dialects in which the event needs no identity (Customer.io's report
    /// events: its schema requires neither `userId` nor `anonymousId`).
    pub anonymous_in: Vendors,
}

/// A vendor's rule about one field of an event's call, anywhere in the call
/// (`/userId`, `/context/device/token`, `/properties/email_id`).
///
/// A required field that is absent, `null` or the empty string is a
/// `missing_required` error in the rule's dialects, at the field's JSON Pointer
/// (even when its parent is absent too).
#[derive(Debug, Clone, Copy)]
pub struct FieldRule {
    /// The field, as an RFC 6901 JSON Pointer from the call.
    pub pointer: &'static str,
    /// The dialects the rule applies in.
    pub dialects: Vendors,
    /// Whether the field must be present.
    pub required: bool,
    /// Another place the field is accepted from, with a `misplaced_field`
    /// warning (Customer.io's page passes the device token in `properties`).
    pub also_at: Option<&'static str>,
    /// When not empty, a string value must be one of these.
    pub one_of: &'static [&'static str],
    /// What goes wrong without it, for the message.
    pub why: &'static str,
}

impl FieldRule {
    /// A required field.
    pub const fn required(
        dialects: Vendors,
        pointer: &'static str,
        why: &'static str,
    ) -> FieldRule {
        FieldRule {
            pointer,
            dialects,
            required: true,
            also_at: None,
            one_of: &[],
            why,
        }
    }

    /// Also accepted at `pointer`, with a warning.
    pub const fn or_at(mut self, pointer: &'static str) -> FieldRule {
        self.also_at = Some(pointer);
        self
    }

    /// An optional field whose string value must be one of `values`.
    pub const fn one_of(
        dialects: Vendors,
        pointer: &'static str,
        values: &'static [&'static str],
        why: &'static str,
    ) -> FieldRule {
        FieldRule {
            pointer,
            dialects,
            required: false,
            also_at: None,
            one_of: values,
            why,
        }
    }

    /// Sets the field in `call` to `value`, creating the objects on the way
    /// (replacing anything that is not an object).
    pub fn set(&self, call: &mut Value, value: Value) {
        let mut here = call;
        let mut segments = self.pointer.split('/').skip(1).peekable();
        while let Some(segment) = segments.next() {
            if !here.is_object() {
                *here = Value::Object(Map::new());
            }
            let Value::Object(map) = here else { return };
            if segments.peek().is_none() {
                map.insert(segment.to_string(), value);
                return;
            }
            here = map
                .entry(segment.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
        }
    }

    /// The pointer's last segment (`token` for `/context/device/token`).
    pub fn leaf(&self) -> &'static str {
        self.pointer.rsplit('/').next().unwrap_or(self.pointer)
    }
}

/// Declarations are singletons: two are equal when they are the same one.
impl PartialEq for ObjectDecl {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Declarations are singletons: two are equal when they are the same one.
impl PartialEq for EventDecl {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl EventDecl {
    /// The vendor rules that apply in `dialect`.
    pub fn rules_in(&self, dialect: Dialect) -> impl Iterator<Item = &'static FieldRule> + use<> {
        self.rules
            .iter()
            .filter(move |r| r.dialects.contains(dialect))
    }

    /// Every alias that applies in `dialect`.
    pub fn aliases_in(&self, dialect: Dialect) -> impl Iterator<Item = &'static str> + '_ {
        self.aliases.iter().copied().chain(
            self.vendor_aliases
                .iter()
                .filter(move |(d, _)| *d == dialect)
                .map(|(_, a)| *a),
        )
    }
}

/// The wire name of a declared field: the explicit one, or the Rust identifier
/// without a raw-identifier prefix.
#[doc(hidden)]
pub fn wire_name(ident: &'static str, explicit: &[&'static str]) -> &'static str {
    explicit
        .first()
        .copied()
        .unwrap_or_else(|| ident.strip_prefix("r#").unwrap_or(ident))
}

/// Joins doc-comment lines into one description.
#[doc(hidden)]
pub fn doc_text(lines: &[&'static str]) -> &'static str {
    match lines {
        [] => "",
        [one] => one.trim(),
        many => {
            let joined = many.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
            Box::leak(joined.into_boxed_str())
        }
    }
}

/// A semantic event's typed properties.
///
/// Implemented by [`event!`](crate::event) for every built-in event and for events
/// that downstream crates declare.
pub trait Event:
    Serialize + DeserializeOwned + Default + Clone + fmt::Debug + PartialEq + schemars::JsonSchema
{
    /// The canonical name (`"Product Added"`).
    const NAME: &'static str;
    /// The family.
    const CATEGORY: Category;
    /// The declaration: name, aliases, vendors, recommended properties, property table.
    fn decl() -> &'static EventDecl;
}

/// A struct declared with [`object!`](crate::object): it knows its property table.
pub trait Object: Field + Default + Clone + fmt::Debug + PartialEq {
    /// The property table, flattened objects included.
    fn decl() -> &'static ObjectDecl;

    /// Builds the struct from a JSON object, removing the keys it declares.
    /// Leftover keys go to `extra`, unless the struct is `flattened` into
    /// another (whose own `extra` then takes them).
    ///
    /// # Errors
    ///
    /// When a declared property does not have its type (the first one found).
    fn take(map: &mut Map<String, Value>, flattened: bool) -> Result<Self, serde_json::Error>;

    /// The event declaration when the struct is an event's properties (declared
    /// with [`event!`](crate::event)); `None` for a nested object. Validating a
    /// typed value uses it to apply the event's own rules (name lints, reserved
    /// and recommended properties).
    fn event_decl() -> Option<&'static EventDecl> {
        None
    }
}

/// Removes one declared property from `map` and types it (`null` is `None`).
///
/// # Errors
///
/// When the value does not have the field's type; the message names the property.
#[doc(hidden)]
pub fn take_field<T: Field>(
    map: &mut Map<String, Value>,
    name: &str,
) -> Result<Option<T>, serde_json::Error> {
    match map.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::deserialize_field(v)
            .map(Some)
            .map_err(|e| de::Error::custom(format_args!("{name}: {e}"))),
    }
}
