//! Reading parts of a JSON text without building a `serde_json::Value`: an
//! object's members as borrowed raw values, and the value at a JSON Pointer.
//! The stream reader splits batches with it; the validator looks up the few
//! fields a vendor rule names.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// An object's members in order, duplicates kept, values unparsed.
pub struct Members<'a>(pub Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'a> Members<'a> {
    /// The first member called `key`.
    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// The members of `json`, when it is an object.
    pub fn parse(json: &'a str) -> Option<Members<'a>> {
        serde_json::from_str(json).ok()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Members<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Key<'a>(Cow<'a, str>);
        impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = Cow<'de, str>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a key")
                    }
                    fn visit_borrowed_str<E: de::Error>(
                        self,
                        s: &'de str,
                    ) -> Result<Self::Value, E> {
                        Ok(Cow::Borrowed(s))
                    }
                    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                        Ok(Cow::Owned(s.to_owned()))
                    }
                }
                d.deserialize_str(V).map(Key)
            }
        }
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Members<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some(Key(key)) = map.next_key::<Key<'a>>()? {
                    members.push((key, map.next_value::<&'a RawValue>()?));
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(V(std::marker::PhantomData))
    }
}

/// The raw text of the value at an RFC 6901 pointer through objects (the last
/// member of a repeated key, as a parsed `Value` keeps it), or `None`.
pub fn pointer<'a>(json: &'a str, pointer: &str) -> Option<&'a str> {
    let mut here = json;
    for segment in pointer.split('/').skip(1) {
        let key = segment.replace("~1", "/").replace("~0", "~");
        let members = Members::parse(here)?;
        here = members.0.iter().rev().find(|(k, _)| *k == key)?.1.get();
    }
    Some(here)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_through_objects() {
        let json = r#"{"a": {"b~c": {"d/e": 1}}, "x": [1], "k": 1, "k": "last"}"#;
        assert_eq!(pointer(json, "/a/b~0c/d~1e"), Some("1"));
        assert_eq!(pointer(json, "/k"), Some(r#""last""#));
        assert!(pointer(json, "/x/0").is_none());
        assert!(pointer(json, "/a/missing").is_none());
        assert_eq!(pointer(json, ""), Some(json));
    }
}
