//! Property rules: what a [`Shape`] says about one JSON value.
//!
//! Checks here borrow the value and return a [`Finding`] that allocates only when
//! it is turned into a [`Kind`] for a report.

use std::fmt::Write as _;

use crate::declare::catalogue::quote;
use crate::declare::formats::{self, Currency};
use crate::declare::{Code, Format, Kind, Range, Shape};

/// The JSON type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonType {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

/// A scalar JSON value, borrowed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scalar<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(&'a str),
}

impl Scalar<'_> {
    pub(crate) fn json_type(self) -> JsonType {
        match self {
            Scalar::Null => JsonType::Null,
            Scalar::Bool(_) => JsonType::Boolean,
            Scalar::U64(_) | Scalar::I64(_) | Scalar::F64(_) => JsonType::Number,
            Scalar::Str(_) => JsonType::String,
        }
    }

    #[allow(clippy::cast_precision_loss)]
    fn as_f64(self) -> Option<f64> {
        match self {
            Scalar::U64(n) => Some(n as f64),
            Scalar::I64(n) => Some(n as f64),
            Scalar::F64(n) => Some(n),
            _ => None,
        }
    }

    /// `string "x"`, `number 2.5`, `boolean true`, `null`.
    pub(crate) fn describe(self) -> String {
        let mut s = String::new();
        let _ = match self {
            Scalar::Null => write!(s, "null"),
            Scalar::Bool(b) => write!(s, "boolean {b}"),
            Scalar::U64(n) => write!(s, "number {n}"),
            Scalar::I64(n) => write!(s, "number {n}"),
            Scalar::F64(n) => write!(s, "number {n}"),
            Scalar::Str(v) => write!(s, "string {}", quote(v)),
        };
        s
    }

    fn number_text(self) -> String {
        match self {
            Scalar::U64(n) => n.to_string(),
            Scalar::I64(n) => n.to_string(),
            Scalar::F64(n) => n.to_string(),
            other => other.describe(),
        }
    }
}

/// Whether a shape (or one of a union's members) accepts a JSON type.
fn accepts(shape: &Shape, t: JsonType) -> bool {
    match shape {
        Shape::Any => true,
        Shape::Boolean => t == JsonType::Boolean,
        Shape::String(_) | Shape::Enum(_) => t == JsonType::String,
        Shape::Number(_) | Shape::Integer(_) => t == JsonType::Number,
        Shape::Array(_) => t == JsonType::Array,
        Shape::Object(_) | Shape::Map => t == JsonType::Object,
        Shape::Union(members) => members.iter().any(|m| accepts(m, t)),
    }
}

/// The member of `shape` that applies to a value of JSON type `t`.
pub(crate) fn member_for(shape: &Shape, t: JsonType) -> Option<&Shape> {
    match shape {
        Shape::Union(members) => members.iter().find(|m| accepts(m, t)),
        other => accepts(other, t).then_some(other),
    }
}

fn wants_number(shape: &Shape) -> bool {
    accepts(shape, JsonType::Number)
}

/// A rule broken by one value, still borrowing it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Finding<'a> {
    WrongType {
        expected: &'a Shape,
        found: Found<'a>,
    },
    NotAnInteger(f64),
    NumericString {
        expected: &'a Shape,
        value: &'a str,
    },
    OutOfRange {
        range: Range,
        found: Scalar<'a>,
    },
    Enum {
        allowed: &'static [&'static str],
        found: &'a str,
    },
    DateTime(&'a str),
    Date(&'a str),
    Digits(&'a str),
    Currency(&'a str),
    NonStandardCurrency(&'a str, Option<[u8; 3]>),
}

/// What was found, for a wrong-type message.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Found<'a> {
    Scalar(Scalar<'a>),
    Array,
    Object,
    /// The value was walked earlier: its description, kept then.
    Described(&'a str),
}

impl Found<'_> {
    fn describe(self) -> String {
        match self {
            Found::Scalar(s) => s.describe(),
            Found::Array => "array".into(),
            Found::Object => "object".into(),
            Found::Described(text) => text.to_string(),
        }
    }
}

impl Finding<'_> {
    /// The catalogue code of the finding.
    pub(crate) fn code(&self) -> Code {
        match self {
            Finding::WrongType { .. } | Finding::NotAnInteger(_) | Finding::Digits(_) => {
                Code::WrongType
            }
            Finding::NumericString { .. } => Code::NumericString,
            Finding::OutOfRange { .. } => Code::OutOfRange,
            Finding::Enum { .. } => Code::InvalidEnumValue,
            Finding::DateTime(_) => Code::InvalidDateTime,
            Finding::Date(_) => Code::InvalidDate,
            Finding::Currency(_) => Code::InvalidCurrency,
            Finding::NonStandardCurrency(..) => Code::NonStandardCurrency,
        }
    }

    /// The reportable kind (allocates).
    pub(crate) fn into_kind(self) -> Kind {
        match self {
            Finding::WrongType { expected, found } => Kind::WrongType {
                expected: expected.expected(),
                found: found.describe(),
            },
            Finding::NotAnInteger(n) => Kind::WrongType {
                expected: "integer".into(),
                found: format!("number {n}"),
            },
            Finding::NumericString { expected, value } => Kind::NumericString {
                expected: expected.expected(),
                value: value.to_string(),
            },
            Finding::OutOfRange { range, found } => Kind::OutOfRange {
                range,
                found: found.number_text(),
            },
            Finding::Enum { allowed, found } => Kind::InvalidEnumValue {
                allowed,
                found: quote(found),
            },
            Finding::DateTime(s) => Kind::InvalidDateTime { found: quote(s) },
            Finding::Date(s) => Kind::InvalidDate { found: quote(s) },
            Finding::Digits(s) => Kind::WrongType {
                expected: "string of digits".into(),
                found: format!("string {}", quote(s)),
            },
            Finding::Currency(s) => Kind::InvalidCurrency { found: quote(s) },
            Finding::NonStandardCurrency(s, upper) => Kind::NonStandardCurrency {
                found: s.to_string(),
                suggestion: upper.map(|u| String::from_utf8_lossy(&u).into_owned()),
            },
        }
    }
}

/// Checks only a value's JSON type against a shape (`null` means absent), for
/// a value walked earlier and described then.
pub(crate) fn check_type<'a>(
    shape: &'a Shape,
    t: JsonType,
    described: &'a str,
) -> Option<Finding<'a>> {
    (t != JsonType::Null && member_for(shape, t).is_none()).then_some(Finding::WrongType {
        expected: shape,
        found: Found::Described(described),
    })
}

/// Checks a scalar against a shape. `null` is the caller's business (it means
/// "absent" for a property, and is wrong as an array item).
pub(crate) fn check_scalar<'a>(shape: &'a Shape, v: Scalar<'a>) -> Option<Finding<'a>> {
    match member_for(shape, v.json_type()) {
        Some(member) => check_member(member, v),
        None => Some(match v {
            Scalar::Str(s) if wants_number(shape) && formats::is_numeric(s) => {
                Finding::NumericString {
                    expected: shape,
                    value: s,
                }
            }
            other => Finding::WrongType {
                expected: shape,
                found: Found::Scalar(other),
            },
        }),
    }
}

fn check_member<'a>(shape: &'a Shape, v: Scalar<'a>) -> Option<Finding<'a>> {
    match (shape, v) {
        (Shape::String(Some(format)), Scalar::Str(s)) => check_format(*format, s),
        (Shape::Enum(allowed), Scalar::Str(s)) => {
            (!allowed.contains(&s)).then_some(Finding::Enum { allowed, found: s })
        }
        (Shape::Number(range), n) => check_range(*range, n),
        (Shape::Integer(range), n) => match n {
            Scalar::F64(f) if f.fract() != 0.0 => Some(Finding::NotAnInteger(f)),
            n => check_range(*range, n),
        },
        _ => None,
    }
}

fn check_range(range: Range, n: Scalar<'_>) -> Option<Finding<'_>> {
    let x = n.as_f64()?;
    (!range.contains(x)).then_some(Finding::OutOfRange { range, found: n })
}

fn check_format(format: Format, s: &str) -> Option<Finding<'_>> {
    match format {
        Format::DateTime => (!formats::is_date_time(s)).then_some(Finding::DateTime(s)),
        Format::DateOrDateTime => (!formats::is_date_or_date_time(s)).then_some(Finding::Date(s)),
        Format::Digits => {
            (s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit())).then_some(Finding::Digits(s))
        }
        Format::Currency => match formats::currency(s) {
            Currency::Iso => None,
            Currency::LowerCase(u) => Some(Finding::NonStandardCurrency(s, Some(u))),
            Currency::Unknown => Some(Finding::NonStandardCurrency(s, None)),
            Currency::Invalid => Some(Finding::Currency(s)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(shape: &Shape, v: Scalar<'_>) -> Option<String> {
        check_scalar(shape, v).map(|f| f.into_kind().to_string())
    }

    #[test]
    fn integers_follow_json_schema() {
        let s = Shape::count();
        assert!(kind(&s, Scalar::F64(2.0)).is_none());
        assert_eq!(
            kind(&s, Scalar::F64(2.5)).unwrap(),
            "expected integer, found number 2.5"
        );
        assert_eq!(
            kind(&s, Scalar::I64(-1)).unwrap(),
            "expected a value >= 0, found -1"
        );
    }

    #[test]
    fn numeric_strings_are_named() {
        let s = Shape::number();
        assert_eq!(
            kind(&s, Scalar::Str("139.99")).unwrap(),
            "expected number, found numeric string \"139.99\""
        );
        assert_eq!(
            kind(&s, Scalar::Str("cheap")).unwrap(),
            "expected number, found string \"cheap\""
        );
    }

    #[test]
    fn unions_pick_by_json_type() {
        let s = Shape::Union(vec![
            Shape::string(),
            Shape::Array(Box::new(Shape::string())),
        ]);
        assert!(kind(&s, Scalar::Str("a")).is_none());
        assert_eq!(
            kind(&s, Scalar::U64(3)).unwrap(),
            "expected string or array, found number 3"
        );
    }
}
