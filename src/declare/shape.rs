//! Shapes and property tables: the JSON a property's value must have, and the
//! table of an object's (or an event's) properties.

use std::borrow::Cow;
use std::fmt;

use super::dialect::{Dialect, Vendors};
use super::names::fold;

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
    /// ASCII digits, at least one (`"1"`: an integer sent as a string, as
    /// Customer.io's own examples send `objectTypeId`).
    Digits,
}

/// The JSON shape a property's value must have.
///
/// Shapes are built from Rust types through [`Field`](super::Field) and refined by declarations.
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
            Shape::String(Some(Format::Digits)) => "string of digits".into(),
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
    /// The wire names, by a perfect hash.
    names: NameTable,
}

/// A name's length and its first and last eight bytes: for names of up to 16
/// bytes, equal signatures mean equal names, with no byte-by-byte comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Signature(usize, u64, u64);

impl Signature {
    #[inline]
    fn of(name: &str) -> Signature {
        let b = name.as_bytes();
        let n = b.len();
        if n >= 8 {
            let head = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
            let t = &b[n - 8..];
            let tail = u64::from_le_bytes([t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]]);
            Signature(n, head, tail)
        } else if n >= 4 {
            // Two overlapping 4-byte loads make the same little-endian word as
            // the bytes one by one (the overlap is the same bytes twice).
            let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            let hi = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]);
            let word = u64::from(lo) | (u64::from(hi) << (8 * (n - 4)));
            Signature(n, word, word)
        } else {
            let word = b
                .iter()
                .rev()
                .fold(0u64, |w, &byte| (w << 8) | u64::from(byte));
            Signature(n, word, word)
        }
    }
}

/// Names to their index, by a perfect hash of their [`Signature`]: a lookup
/// hashes the name's length and first and last eight bytes, reads one slot of a
/// small table and compares one signature (and, for a name over 16 bytes, the
/// name itself). The hash's multiplier is searched for when the table is built,
/// until no two names share a slot.
#[derive(Debug)]
pub(crate) struct NameTable {
    /// Each slot's entry in `entries`, plus one; 0 for none.
    slots: Vec<u16>,
    entries: Vec<(Signature, &'static str)>,
    multiplier: u64,
    shift: u32,
}

impl NameTable {
    /// A table of `names` (distinct), found again by [`NameTable::find`] as
    /// their index in the slice.
    pub(crate) fn new(names: &[&'static str]) -> NameTable {
        let entries: Vec<(Signature, &'static str)> =
            names.iter().map(|n| (Signature::of(n), *n)).collect();
        let mut bits = (usize::BITS - names.len().leading_zeros()).max(1) + 1;
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        loop {
            for _ in 0..512 {
                // splitmix64: a fresh odd multiplier per attempt.
                state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                let multiplier = (z ^ (z >> 31)) | 1;
                let mut table = NameTable {
                    slots: vec![0; 1 << bits],
                    entries: Vec::new(),
                    multiplier,
                    shift: 64 - bits,
                };
                let placed = entries.iter().enumerate().all(|(i, (sig, _))| {
                    let slot = table.slot(sig);
                    let free = table.slots[slot] == 0;
                    table.slots[slot] = u16::try_from(i + 1).unwrap_or(u16::MAX);
                    free
                });
                if placed {
                    table.entries = entries;
                    return table;
                }
            }
            bits += 1;
        }
    }

    #[inline]
    fn slot(&self, sig: &Signature) -> usize {
        let mixed = sig.1 ^ sig.2.rotate_left(23) ^ (sig.0 as u64);
        // The shift leaves `64 - shift` bits: a slot of the table.
        usize::try_from(mixed.wrapping_mul(self.multiplier) >> self.shift).unwrap_or(0)
    }

    /// The index of `name`, if it is one of the table's names.
    #[inline]
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        let sig = Signature::of(name);
        let entry = usize::from(*self.slots.get(self.slot(&sig))?).checked_sub(1)?;
        let (found, text) = self.entries.get(entry)?;
        (*found == sig && (name.len() <= 16 || *text == name)).then_some(entry)
    }
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
        let names: Vec<&'static str> = props.iter().map(|p| p.name).collect();
        let names = NameTable::new(&names);
        ObjectDecl {
            name,
            doc,
            props,
            folded,
            names,
        }
    }

    /// The property with this exact wire name.
    pub fn get(&self, name: &str) -> Option<&PropertyDecl> {
        self.lookup(name).map(|(_, p)| p)
    }

    /// The property with this exact wire name, and its index in [`ObjectDecl::props`].
    #[inline]
    pub fn lookup(&self, name: &str) -> Option<(usize, &PropertyDecl)> {
        let i = self.names.find(name)?;
        self.props.get(i).map(|p| (i, p))
    }

    /// The property whose name equals `folded` after [folding](super::names::fold).
    pub fn get_folded(&self, folded: &str) -> Option<&PropertyDecl> {
        self.folded
            .iter()
            .find(|(f, _)| &**f == folded)
            .map(|(_, i)| &self.props[*i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_signatures_are_the_bytes_little_endian() {
        for name in [
            "", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "userId",
        ] {
            let word = name
                .bytes()
                .rev()
                .fold(0u64, |w, byte| (w << 8) | u64::from(byte));
            assert_eq!(
                Signature::of(name),
                Signature(name.len(), word, word),
                "{name}"
            );
        }
        // Up to 16 bytes, the head and tail words cover every byte.
        for (a, b) in [
            ("abcdefghXjkl", "abcdefghYjkl"),
            ("abcdeXghijklmnop", "abcdeYghijklmnop"),
        ] {
            assert_ne!(Signature::of(a), Signature::of(b), "{a}");
        }
    }
}
