//! One declaration, four views.
//!
//! Every semantic event (and every object nested in one, such as a `Product`) is
//! declared once with the [`event!`](crate::event) or [`object!`](crate::object)
//! macro. A declaration expands to:
//!
//! 1. a plain Rust struct with `serde` derives (every property `Option<T>`, `null`
//!    meaning absent, unknown properties kept in `extra`);
//! 2. a [`ObjectDecl`] / [`EventDecl`]: the property table the validation engine
//!    walks — canonical names, [`Shape`]s, vendor coverage, dialect overrides;
//! 3. a [`schemars::JsonSchema`] implementation generated *from that same table*,
//!    so the exported JSON Schema and the validator cannot disagree;
//! 4. (feature `proptest`) strategies generated from the same table.
//!
//! The base [`Shape`] of every property comes from its Rust type through the
//! [`Field`] trait (`f64` is a number, `u64` a non-negative integer, `Vec<T>` an
//! array of `T`'s shape…); a declaration only adds constraints on top
//! (`[max(100.0)]`, `[format(Format::Currency)]`, a dialect's different type…).
//!
//! # Declaring your own event
//!
//! ```
//! use semantic_events::{event, Category, Event};
//!
//! event! {
//!     /// A learner started a course.
//!     pub struct CourseStarted {
//!         const NAME = "Course Started";
//!         const CATEGORY = Custom;
//!         /// Name of the course.
//!         course_name: String,
//!         /// Share of the course done, 0 to 100.
//!         progress: f64 [min(0.0), max(100.0)],
//!     }
//! }
//!
//! let decl = CourseStarted::decl();
//! assert_eq!(decl.name, "Course Started");
//! assert_eq!(decl.category, Category::Custom);
//! assert!(decl.properties.get("progress").is_some());
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::validate::names::fold;

/// The vendor whose reading of the spec applies.
///
/// The default is Segment's spec, the common base; Customer.io and RudderStack add
/// their type differences, vendor-only events and properties, and name aliases.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::AsRefStr,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
#[non_exhaustive]
pub enum Dialect {
    /// Segment's Spec (the default).
    #[default]
    Segment,
    /// Customer.io Data Pipelines.
    #[strum(to_string = "customerio", serialize = "customer.io", serialize = "cio")]
    #[serde(alias = "customer.io")]
    CustomerIo,
    /// RudderStack's event spec.
    Rudderstack,
}

impl Dialect {
    const fn bit(self) -> u8 {
        match self {
            Dialect::Segment => 1,
            Dialect::CustomerIo => 2,
            Dialect::Rudderstack => 4,
        }
    }
}

/// A set of vendors (dialects) whose documentation lists an event or property.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Vendors(u8);

impl Vendors {
    /// Listed by all three vendors.
    pub const ALL: Vendors = Vendors(7);

    /// The set of the given dialects.
    pub const fn of(dialects: &[Dialect]) -> Vendors {
        let mut bits = 0;
        let mut i = 0;
        while i < dialects.len() {
            bits |= dialects[i].bit();
            i += 1;
        }
        Vendors(bits)
    }

    /// Whether `dialect` is in the set.
    pub const fn contains(self, dialect: Dialect) -> bool {
        self.0 & dialect.bit() != 0
    }

    /// Whether the declaration is known in `dialect`: Segment's spec is the common
    /// base every dialect recognises, and each vendor adds its own.
    pub const fn known_in(self, dialect: Dialect) -> bool {
        self.contains(Dialect::Segment) || self.contains(dialect)
    }

    /// The dialects in the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Dialect> {
        [Dialect::Segment, Dialect::CustomerIo, Dialect::Rudderstack]
            .into_iter()
            .filter(move |d| self.contains(*d))
    }
}

impl fmt::Debug for Vendors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// The family a semantic event belongs to.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::AsRefStr,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// Ecommerce: browsing, cart, checkout, orders, coupons, wishlists, sharing, reviews.
    Ecommerce,
    /// Video: playback, content and ad events of a player session.
    Video,
    /// Mobile: app lifecycle and campaign events.
    Mobile,
    /// A/B testing: Experiment Viewed.
    AbTesting,
    /// Live chat: conversations and messages.
    LiveChat,
    /// Events declared by a downstream crate, not by the spec.
    Custom,
}

impl Category {
    /// The families of the spec, in reference order (without [`Category::Custom`]).
    pub const SPEC: [Category; 5] = [
        Category::Ecommerce,
        Category::Video,
        Category::Mobile,
        Category::AbTesting,
        Category::LiveChat,
    ];

    /// A human title, e.g. "A/B testing".
    pub const fn title(self) -> &'static str {
        match self {
            Category::Ecommerce => "Ecommerce",
            Category::Video => "Video",
            Category::Mobile => "Mobile",
            Category::AbTesting => "A/B testing",
            Category::LiveChat => "Live chat",
            Category::Custom => "Custom",
        }
    }
}

/// A string format checked beyond the JSON type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// An RFC 3339 date-time, e.g. `2024-05-04T12:00:00Z`.
    DateTime,
    /// An ISO 8601 calendar date (`2017-02-13`) or an RFC 3339 date-time.
    DateOrDateTime,
    /// Three ASCII letters; a lower-case or unknown ISO 4217 code is a warning.
    Currency,
}

/// The JSON shape a property's value must have.
///
/// Shapes are built from Rust types through [`Field`] and refined by declarations.
/// The validator walks them, the JSON Schema export renders them, the proptest
/// strategies generate from them.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Shape {
    /// Any JSON value.
    Any,
    /// `true` or `false`.
    Boolean,
    /// A string, optionally with a format.
    String(Option<Format>),
    /// A number, optionally bounded (inclusive).
    Number(Range),
    /// An integer (`2` and `2.0` alike, not `2.5`), optionally bounded (inclusive).
    Integer(Range),
    /// One of a closed set of strings.
    Enum(&'static [&'static str]),
    /// An array whose items all have the inner shape (items may not be `null`).
    Array(Box<Shape>),
    /// An object with declared properties (unknown properties allowed).
    Object(&'static ObjectDecl),
    /// Any JSON object.
    Map,
    /// One of several shapes, told apart by their JSON type.
    Union(Vec<Shape>),
}

/// Inclusive numeric bounds.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Range {
    /// Smallest allowed value.
    pub min: Option<f64>,
    /// Largest allowed value.
    pub max: Option<f64>,
}

impl Range {
    /// No bounds.
    pub const ANY: Range = Range {
        min: None,
        max: None,
    };
    /// `>= 0`.
    pub const NON_NEGATIVE: Range = Range {
        min: Some(0.0),
        max: None,
    };

    /// Whether `x` lies within the bounds.
    pub fn contains(&self, x: f64) -> bool {
        self.min.is_none_or(|m| x >= m) && self.max.is_none_or(|m| x <= m)
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (Some(a), Some(b)) => write!(f, "from {a} to {b}"),
            (Some(a), None) => write!(f, ">= {a}"),
            (None, Some(b)) => write!(f, "<= {b}"),
            (None, None) => f.write_str("any value"),
        }
    }
}

impl Shape {
    /// A plain string.
    pub const fn string() -> Shape {
        Shape::String(None)
    }
    /// An unbounded number.
    pub const fn number() -> Shape {
        Shape::Number(Range::ANY)
    }
    /// An integer `>= 0`.
    pub const fn count() -> Shape {
        Shape::Integer(Range::NON_NEGATIVE)
    }

    /// The same shape with a lower bound (numbers and integers; a union's numeric members).
    pub fn min(self, min: f64) -> Shape {
        self.map_range(|r| r.min = Some(min))
    }

    /// The same shape with an upper bound.
    pub fn max(self, max: f64) -> Shape {
        self.map_range(|r| r.max = Some(max))
    }

    fn map_range(self, f: impl Fn(&mut Range) + Copy) -> Shape {
        match self {
            Shape::Number(mut r) => {
                f(&mut r);
                Shape::Number(r)
            }
            Shape::Integer(mut r) => {
                f(&mut r);
                Shape::Integer(r)
            }
            Shape::Union(members) => {
                Shape::Union(members.into_iter().map(|m| m.map_range(f)).collect())
            }
            other => other,
        }
    }

    /// The same shape with a string format (strings, and a union's string member).
    pub fn format(self, format: Format) -> Shape {
        match self {
            Shape::String(_) => Shape::String(Some(format)),
            Shape::Union(members) => {
                Shape::Union(members.into_iter().map(|m| m.format(format)).collect())
            }
            other => other,
        }
    }

    /// A short description of the expected JSON, e.g. `number`, `string or array`.
    pub fn expected(&self) -> Cow<'static, str> {
        match self {
            Shape::Any => "any value".into(),
            Shape::Boolean => "boolean".into(),
            Shape::String(None) | Shape::Enum(_) => "string".into(),
            Shape::String(Some(Format::DateTime)) => "RFC 3339 date-time string".into(),
            Shape::String(Some(Format::DateOrDateTime)) => {
                "ISO 8601 date or RFC 3339 date-time string".into()
            }
            Shape::String(Some(Format::Currency)) => "ISO 4217 currency code".into(),
            Shape::Number(_) => "number".into(),
            Shape::Integer(_) => "integer".into(),
            Shape::Array(_) => "array".into(),
            Shape::Object(_) | Shape::Map => "object".into(),
            Shape::Union(members) => {
                let names: Vec<_> = members.iter().map(Shape::expected).collect();
                names.join(" or ").into()
            }
        }
    }
}

/// One property of an object or event, as declared.
#[derive(Debug, Clone)]
pub struct PropertyDecl {
    /// The wire name, exactly as sent (`product_id`, `startupTime`).
    pub name: &'static str,
    /// The description, from the declaration's doc comment.
    pub doc: &'static str,
    /// The shape in the default (Segment) dialect.
    pub shape: Shape,
    /// The vendors whose documentation lists the property.
    pub vendors: Vendors,
    /// Shapes that differ in another dialect.
    pub overrides: Vec<(Dialect, Shape)>,
}

impl PropertyDecl {
    /// A property named `name` whose base shape comes from the Rust type `T`.
    pub fn new<T: Field>(name: &'static str, doc: &'static str) -> PropertyDecl {
        PropertyDecl {
            name,
            doc,
            shape: T::shape(),
            vendors: Vendors::ALL,
            overrides: Vec::new(),
        }
    }

    /// The shape in `dialect`.
    pub fn shape_in(&self, dialect: Dialect) -> &Shape {
        self.overrides
            .iter()
            .find(|(d, _)| *d == dialect)
            .map_or(&self.shape, |(_, s)| s)
    }

    /// Lower bound on the value (numbers, integers).
    #[must_use]
    pub fn min(mut self, min: f64) -> Self {
        self.shape = self.shape.min(min);
        self
    }
    /// Upper bound on the value.
    #[must_use]
    pub fn max(mut self, max: f64) -> Self {
        self.shape = self.shape.max(max);
        self
    }
    /// A string format.
    #[must_use]
    pub fn format(mut self, format: Format) -> Self {
        self.shape = self.shape.format(format);
        self
    }
    /// Replace the base shape (it must stay within what the Rust type accepts).
    #[must_use]
    pub fn shape(mut self, shape: Shape) -> Self {
        self.shape = shape;
        self
    }
    /// Only these vendors list the property.
    #[must_use]
    pub fn vendors(mut self, vendors: &[Dialect]) -> Self {
        self.vendors = Vendors::of(vendors);
        self
    }
    /// A different shape in `dialect`.
    #[must_use]
    pub fn dialect(mut self, dialect: Dialect, shape: Shape) -> Self {
        self.overrides.push((dialect, shape));
        self
    }
    /// A different shape in the Customer.io dialect.
    #[must_use]
    pub fn customerio(self, shape: Shape) -> Self {
        self.dialect(Dialect::CustomerIo, shape)
    }
    /// A different shape in the RudderStack dialect.
    #[must_use]
    pub fn rudderstack(self, shape: Shape) -> Self {
        self.dialect(Dialect::Rudderstack, shape)
    }
}

/// The property table of an object (or of an event's `properties`).
#[derive(Debug)]
pub struct ObjectDecl {
    /// The Rust type name, also the schema's `$defs` name.
    pub name: &'static str,
    /// The description.
    pub doc: &'static str,
    /// The properties, flattened objects included, in declaration order.
    pub props: Vec<PropertyDecl>,
    folded: Vec<(Box<str>, usize)>,
    /// Each [`bucket`]'s first slot in `slots` (65 offsets).
    bucket_starts: Vec<u16>,
    /// (signature, property index), grouped by bucket: a lookup compares one or
    /// two signatures, in one contiguous array.
    slots: Vec<(Signature, usize)>,
}

/// A name's length and its first and last eight bytes: for names of up to 16
/// bytes, equal signatures mean equal names, with no byte-by-byte comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Signature(usize, u64, u64);

impl Signature {
    fn of(name: &str) -> Signature {
        let b = name.as_bytes();
        let n = b.len();
        if n >= 8 {
            let head = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
            let t = &b[n - 8..];
            let tail = u64::from_le_bytes([t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]]);
            Signature(n, head, tail)
        } else {
            let word = b
                .iter()
                .rev()
                .fold(0u64, |w, &byte| (w << 8) | u64::from(byte));
            Signature(n, word, word)
        }
    }
}

/// A key's bucket: its length and its last byte, mixed (keys of one object
/// rarely share both).
fn bucket(key: &str) -> usize {
    let last = key.as_bytes().last().copied().unwrap_or(0);
    (key.len() * 31 + usize::from(last)) % 64
}

impl ObjectDecl {
    /// Builds the table; flattened objects' properties are appended in order.
    ///
    /// # Panics
    ///
    /// When two properties share a wire name, or two fold to the same spelling
    /// (a declaration bug caught by the crate's own tests).
    pub fn new(name: &'static str, doc: &'static str, props: Vec<PropertyDecl>) -> ObjectDecl {
        let mut folded: Vec<(Box<str>, usize)> = Vec::with_capacity(props.len());
        for (i, p) in props.iter().enumerate() {
            let f: Box<str> = fold(p.name).map(|f| (*f).into()).unwrap_or_default();
            assert!(
                !folded.iter().any(|(g, _)| *g == f),
                "{name}: property {} declared twice (after folding case and separators)",
                p.name
            );
            folded.push((f, i));
        }
        let mut buckets = vec![Vec::new(); 64];
        for (i, p) in props.iter().enumerate() {
            buckets[bucket(p.name)].push((Signature::of(p.name), i));
        }
        let mut bucket_starts = Vec::with_capacity(65);
        let mut slots = Vec::with_capacity(props.len());
        for b in buckets {
            bucket_starts.push(u16::try_from(slots.len()).unwrap_or(u16::MAX));
            slots.extend(b);
        }
        bucket_starts.push(u16::try_from(slots.len()).unwrap_or(u16::MAX));
        ObjectDecl {
            name,
            doc,
            props,
            folded,
            bucket_starts,
            slots,
        }
    }

    /// The property with this exact wire name.
    pub fn get(&self, name: &str) -> Option<&PropertyDecl> {
        self.lookup(name).map(|(_, p)| p)
    }

    /// The property with this exact wire name, and its index in [`ObjectDecl::props`].
    pub fn lookup(&self, name: &str) -> Option<(usize, &PropertyDecl)> {
        let sig = Signature::of(name);
        let exact = name.len() <= 16;
        let b = bucket(name);
        let (start, end) = (self.bucket_starts[b], self.bucket_starts[b + 1]);
        self.slots[usize::from(start)..usize::from(end)]
            .iter()
            .find(|(s, i)| *s == sig && (exact || self.props[*i].name == name))
            .map(|&(_, i)| (i, &self.props[i]))
    }

    /// The property whose name equals `folded` after [folding](crate::validate::names::fold).
    pub fn get_folded(&self, folded: &str) -> Option<&PropertyDecl> {
        self.folded
            .iter()
            .find(|(f, _)| &**f == folded)
            .map(|(_, i)| &self.props[*i])
    }
}

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

/// A Rust type that can be a property: it names its JSON shape.
///
/// Implemented for the scalar types, `Vec<T>`, the crate's union and enum types,
/// and every struct declared with [`object!`](crate::object).
pub trait Field: Serialize + DeserializeOwned {
    /// The JSON shape of the type.
    fn shape() -> Shape;

    /// Deserialises a value as the validator would accept it (for instance an
    /// integer written `2.0`). Defaults to `Deserialize`.
    ///
    /// # Errors
    ///
    /// When the value does not have the type's shape.
    fn deserialize_field<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize(d).map_err(|e| de::Error::custom(e.to_string()))
    }
}

macro_rules! scalar_field {
    ($($t:ty => $shape:expr),* $(,)?) => {$(
        impl Field for $t {
            fn shape() -> Shape {
                $shape
            }
        }
    )*};
}

scalar_field! {
    String => Shape::string(),
    f64 => Shape::number(),
    bool => Shape::Boolean,
    Map<String, Value> => Shape::Map,
    Value => Shape::Any,
}

impl Field for u64 {
    fn shape() -> Shape {
        Shape::count()
    }
    fn deserialize_field<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Integral;
        impl Visitor<'_> for Integral {
            type Value = u64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative integer")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
                Ok(v)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
                u64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
                // JSON Schema's integer: 2.0 is an integer. Values past 2^64 saturate.
                if v.fract() == 0.0 && v >= 0.0 {
                    Ok(if v >= u64::MAX as f64 {
                        u64::MAX
                    } else {
                        v as u64
                    })
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(v), &self))
                }
            }
        }
        d.deserialize_any(Integral)
    }
}

impl<T: Field> Field for Vec<T> {
    fn shape() -> Shape {
        Shape::Array(Box::new(T::shape()))
    }
    fn deserialize_field<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Items<T>(std::marker::PhantomData<T>);
        impl<'de, T: Field> Visitor<'de> for Items<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(FieldDe(v)) = seq.next_element::<FieldDe<T>>()? {
                    out.push(v);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(Items(std::marker::PhantomData))
    }
}

/// Deserialises through [`Field::deserialize_field`].
struct FieldDe<T>(T);

impl<'de, T: Field> Deserialize<'de> for FieldDe<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_field(d).map(FieldDe)
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

/// An ordered map of the JSON Schema `$defs` a schema refers to.
pub type Defs = BTreeMap<String, Value>;

/// Declares a struct of optional properties with its property table and JSON Schema.
///
/// See the [module documentation](crate::declare) for the four views. Syntax:
///
/// ```
/// semantic_events::object! {
///     /// A shipping address.
///     pub struct Address {
///         /// Street and number.
///         street: String,
///         /// Postal code, as written locally.
///         postal_code ("postalCode"): String,
///         /// Floor, 0 for the ground floor.
///         floor: u64 [max(200.0)],
///     }
/// }
/// let a = Address { floor: Some(2), ..Default::default() };
/// assert_eq!(serde_json::to_value(&a).unwrap(), serde_json::json!({"floor": 2}));
/// ```
///
/// Each field is `name ("wireName")?: Type [builder(args), ...]?` where `Type`
/// implements [`Field`] and the builders are [`PropertyDecl`]'s methods (`min`,
/// `max`, `format`, `vendors`, `customerio`, `rudderstack`, `dialect`, `shape`).
/// `..name: Type` flattens another declared object into this one.
#[macro_export]
macro_rules! object {
    (
        $(#[doc = $doc:expr])*
        $vis:vis struct $Name:ident { $($body:tt)* }
    ) => {
        $crate::object!(@struct $(#[doc = $doc])* $vis struct $Name { $($body)* });

        impl $crate::__private::schemars::JsonSchema for $Name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($Name))
            }
            fn json_schema(generator: &mut $crate::__private::schemars::SchemaGenerator) -> $crate::__private::schemars::Schema {
                $crate::schema::object_schema_for_generator(<$Name as $crate::declare::Object>::decl(), generator)
            }
        }
    };
    (
        @struct
        $(#[doc = $doc:expr])*
        $vis:vis struct $Name:ident {
            $(..$flat:ident : $FlatTy:ty,)*
            $(
                $(#[doc = $fdoc:expr])*
                $field:ident $(($wire:literal))? : $Ty:ty $([ $($m:ident ( $($arg:expr),* $(,)? )),* $(,)? ])?
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Default, $crate::__private::serde::Serialize)]
        #[serde(crate = "semantic_events::__private::serde")]
        $vis struct $Name {
            $(
                #[doc = concat!("Flattened: the properties of [`", stringify!($FlatTy), "`].")]
                #[serde(flatten)]
                pub $flat: $FlatTy,
            )*
            $(
                $(#[doc = $fdoc])*
                #[serde(skip_serializing_if = "Option::is_none")]
                $(#[serde(rename = $wire)])?
                pub $field: ::core::option::Option<$Ty>,
            )*
            /// Properties the declaration does not name (custom properties), kept as sent.
            #[serde(flatten)]
            pub extra: $crate::__private::serde_json::Map<::std::string::String, $crate::__private::serde_json::Value>,
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $Name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                let mut map = <$crate::__private::serde_json::Map<::std::string::String, $crate::__private::serde_json::Value>
                    as $crate::__private::serde::Deserialize>::deserialize(d)?;
                <$Name as $crate::declare::Object>::take(&mut map, false)
                    .map_err(<D::Error as $crate::__private::serde::de::Error>::custom)
            }
        }

        impl $crate::declare::Object for $Name {
            fn take(
                map: &mut $crate::__private::serde_json::Map<::std::string::String, $crate::__private::serde_json::Value>,
                flattened: bool,
            ) -> ::core::result::Result<Self, $crate::__private::serde_json::Error> {
                ::core::result::Result::Ok($Name {
                    $( $flat: <$FlatTy as $crate::declare::Object>::take(map, true)?, )*
                    $( $field: $crate::declare::take_field::<$Ty>(
                        map,
                        $crate::declare::wire_name(stringify!($field), &[$($wire)?]),
                    )?, )*
                    extra: if flattened { ::core::default::Default::default() } else { ::core::mem::take(map) },
                })
            }

            fn decl() -> &'static $crate::declare::ObjectDecl {
                static DECL: ::std::sync::LazyLock<$crate::declare::ObjectDecl> = ::std::sync::LazyLock::new(|| {
                    let props: ::std::vec::Vec<$crate::declare::PropertyDecl> = ::std::iter::empty()
                        $( .chain(<$FlatTy as $crate::declare::Object>::decl().props.iter().cloned()) )*
                        .chain([$(
                            $crate::declare::PropertyDecl::new::<$Ty>(
                                $crate::declare::wire_name(stringify!($field), &[$($wire)?]),
                                $crate::declare::doc_text(&[$($fdoc),*]),
                            )
                            $($(.$m($($arg),*))*)?
                        ),*])
                        .collect();
                    $crate::declare::ObjectDecl::new(
                        stringify!($Name),
                        $crate::declare::doc_text(&[$($doc),*]),
                        props,
                    )
                });
                &DECL
            }
        }

        impl $crate::declare::Field for $Name {
            fn shape() -> $crate::declare::Shape {
                $crate::declare::Shape::Object(<$Name as $crate::declare::Object>::decl())
            }
        }

    };
}

/// Declares a semantic event: its properties struct, property table, name,
/// aliases and JSON Schema, in one place.
///
/// ```
/// semantic_events::event! {
///     /// A user logged in.
///     pub struct Login {
///         const NAME = "Logged In";
///         const CATEGORY = Custom;
///         const ALIASES = ["login"];
///         const RECOMMENDED = [["username"]];
///         /// Login name.
///         username: String,
///     }
/// }
/// use semantic_events::Event;
/// assert_eq!(Login::NAME, "Logged In");
/// assert_eq!(Login::decl().aliases, &["login"]);
/// ```
///
/// After the `const` header (`NAME` and `CATEGORY` required; `ALIASES`,
/// `VENDOR_ALIASES = [CustomerIo: "…"]`, `VENDORS = [Segment, …]` and
/// `RECOMMENDED = [["a", "b"], ["c"]]` optional, in that order) come the fields,
/// exactly as in [`object!`](crate::object).
#[macro_export]
macro_rules! event {
    (
        $(#[doc = $doc:expr])*
        $vis:vis struct $Name:ident {
            const NAME = $wire:literal;
            const CATEGORY = $Cat:ident;
            $($rest:tt)*
        }
    ) => {
        $crate::event!(@opts [$(#[doc = $doc])*] [$vis] [$Name] [$wire] [$Cat] [] [] [] [] $($rest)*);
    };
    (@opts $d:tt $v:tt $n:tt $w:tt $c:tt [] $va:tt $ve:tt $r:tt
        const ALIASES = [$($alias:literal),* $(,)?]; $($rest:tt)*) => {
        $crate::event!(@opts $d $v $n $w $c [$($alias),*] $va $ve $r $($rest)*);
    };
    (@opts $d:tt $v:tt $n:tt $w:tt $c:tt $a:tt [] $ve:tt $r:tt
        const VENDOR_ALIASES = [$($vd:ident : $valias:literal),* $(,)?]; $($rest:tt)*) => {
        $crate::event!(@opts $d $v $n $w $c $a [$(($vd, $valias)),*] $ve $r $($rest)*);
    };
    (@opts $d:tt $v:tt $n:tt $w:tt $c:tt $a:tt $va:tt [] $r:tt
        const VENDORS = [$($vendor:ident),* $(,)?]; $($rest:tt)*) => {
        $crate::event!(@opts $d $v $n $w $c $a $va [$($vendor),*] $r $($rest)*);
    };
    (@opts $d:tt $v:tt $n:tt $w:tt $c:tt $a:tt $va:tt $ve:tt []
        const RECOMMENDED = [$([$($rec:literal),+ $(,)?]),* $(,)?]; $($rest:tt)*) => {
        $crate::event!(@opts $d $v $n $w $c $a $va $ve [$([$($rec),+]),*] $($rest)*);
    };
    (@opts [$(#[doc = $doc:expr])*] [$vis:vis] [$Name:ident] [$wire:literal] [$Cat:ident]
        [$($alias:literal),*] [$(($vd:ident, $valias:literal)),*] [$($vendor:ident),*]
        [$([$($rec:literal),+]),*] $($body:tt)*) => {
        $crate::object! {
            @struct
            $(#[doc = $doc])*
            #[doc = ""]
            #[doc = concat!("Wire name: `\"", $wire, "\"`.")]
            $vis struct $Name { $($body)* }
        }

        impl $crate::__private::schemars::JsonSchema for $Name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($Name))
            }
            fn json_schema(generator: &mut $crate::__private::schemars::SchemaGenerator) -> $crate::__private::schemars::Schema {
                $crate::schema::event_schema_for_generator(<$Name as $crate::declare::Event>::decl(), generator)
            }
        }

        impl $crate::declare::Event for $Name {
            const NAME: &'static str = $wire;
            const CATEGORY: $crate::declare::Category = $crate::declare::Category::$Cat;
            fn decl() -> &'static $crate::declare::EventDecl {
                static DECL: ::std::sync::LazyLock<$crate::declare::EventDecl> = ::std::sync::LazyLock::new(|| {
                    $crate::declare::EventDecl {
                        name: $wire,
                        category: $crate::declare::Category::$Cat,
                        doc: $crate::declare::doc_text(&[$($doc),*]),
                        aliases: &[$($alias),*],
                        vendor_aliases: &[$(($crate::declare::Dialect::$vd, $valias)),*],
                        vendors: $crate::event!(@vendors $($vendor),*),
                        recommended: &[$(&[$($rec),+]),*],
                        properties: <$Name as $crate::declare::Object>::decl(),
                    }
                });
                &DECL
            }
        }
    };
    (@vendors) => { $crate::declare::Vendors::ALL };
    (@vendors $($vendor:ident),+) => {
        $crate::declare::Vendors::of(&[$($crate::declare::Dialect::$vendor),+])
    };
}

/// Declares a closed set of string values as a Rust enum that serialises to them
/// and knows its [`Shape::Enum`].
#[macro_export]
macro_rules! string_enum {
    (
        $(#[doc = $doc:expr])*
        $vis:vis enum $Name:ident {
            $( $(#[doc = $vdoc:expr])* $Variant:ident = $wire:literal ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, $crate::__private::serde::Serialize, $crate::__private::serde::Deserialize)]
        #[serde(crate = "semantic_events::__private::serde")]
        $vis enum $Name {
            $( $(#[doc = $vdoc])* #[serde(rename = $wire)] $Variant, )*
        }

        impl $Name {
            /// Every value, in declaration order, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            /// The wire value.
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$Variant => $wire,)* }
            }
        }

        impl $crate::declare::Field for $Name {
            fn shape() -> $crate::declare::Shape {
                $crate::declare::Shape::Enum(Self::VALUES)
            }
        }
    };
}
