//! Fields: the Rust types a property can have, each naming its [`Shape`].

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::dialect::Vendors;
use super::shape::{PropertyDecl, Shape};

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
