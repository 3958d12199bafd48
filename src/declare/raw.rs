//! Reading parts of a JSON text without building a `serde_json::Value`: an
//! object's members as borrowed raw values, and the value at a JSON Pointer.
//! The stream reader splits batches with it; the validator looks up the few
//! fields a vendor rule names.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

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

/// Where a value sits in a JSON text: its bytes, and its member name's token
/// (quotes included) when its parent is an object. See [`locate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The value's bytes in the text.
    pub value: Range<usize>,
    /// The member name's token, quotes included; `None` for an array item or
    /// the whole text.
    pub key: Option<Range<usize>>,
}

/// Where the value at an RFC 6901 pointer (through objects and arrays) sits in
/// `json`, or `None` when it is absent, the text is not JSON there, or a key on
/// the way is repeated (the pointer would not say which member it means).
///
/// ```
/// use semantic_events::declare::raw::locate;
/// let json = r#"{"a": [1, {"b" : "x"}]}"#;
/// let at = locate(json, "/a/1/b").unwrap();
/// assert_eq!(&json[at.value], r#""x""#);
/// assert_eq!(&json[at.key.unwrap()], r#""b""#);
/// assert!(locate(r#"{"k": 1, "k": 2}"#, "/k").is_none());
/// ```
pub fn locate(json: &str, pointer: &str) -> Option<Located> {
    let offset = |part: &str| part.as_ptr().addr() - json.as_ptr().addr();
    let trimmed = json.trim_ascii();
    let mut here = Located {
        value: offset(trimmed)..offset(trimmed) + trimmed.len(),
        key: None,
    };
    let bytes = json.as_bytes();
    for segment in pointer.split('/').skip(1) {
        let text = &json[here.value.clone()];
        if text.starts_with('{') {
            let key = segment.replace("~1", "/").replace("~0", "~");
            let members = Members::parse(text)?;
            let mut found = members.0.iter().enumerate().filter(|(_, (k, _))| *k == key);
            let (i, (_, raw)) = found.next()?;
            if found.next().is_some() {
                return None;
            }
            let start = offset(raw.get());
            let value = start..start + raw.get().len();
            // The name token lies between the previous member's value (or the
            // brace) and the colon before this value.
            let after_previous = if i == 0 {
                here.value.start + 1
            } else {
                let prev = members.0[i - 1].1.get();
                offset(prev) + prev.len()
            };
            let mut key_start = after_previous;
            while key_start < start
                && matches!(bytes[key_start], b' ' | b'\t' | b'\n' | b'\r' | b',')
            {
                key_start += 1;
            }
            let mut key_end = start;
            while key_end > key_start
                && matches!(bytes[key_end - 1], b' ' | b'\t' | b'\n' | b'\r' | b':')
            {
                key_end -= 1;
            }
            if bytes.get(key_start) != Some(&b'"')
                || key_end <= key_start + 1
                || bytes[key_end - 1] != b'"'
            {
                return None;
            }
            here = Located {
                value,
                key: Some(key_start..key_end),
            };
        } else if text.starts_with('[') {
            // RFC 6901 indexes: `0` or digits without a leading zero.
            if segment.is_empty()
                || !segment.bytes().all(|b| b.is_ascii_digit())
                || (segment.len() > 1 && segment.starts_with('0'))
            {
                return None;
            }
            let index: usize = segment.parse().ok()?;
            let items: Vec<&RawValue> = serde_json::from_str(text).ok()?;
            let raw = items.get(index)?.get();
            let start = offset(raw);
            here = Located {
                value: start..start + raw.len(),
                key: None,
            };
        } else {
            return None;
        }
    }
    Some(here)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_values_and_names_in_place() {
        let json = " {\"a\" :\t{\"x\":1 , \"b~c\" :\n [true, {\"d/e\": \"v\"}]}, \"q\\\"\": 2 } ";
        let at = locate(json, "/a/b~0c/1/d~1e").unwrap();
        assert_eq!(&json[at.value], "\"v\"");
        assert_eq!(&json[at.key.unwrap()], "\"d/e\"");
        let at = locate(json, "/a/b~0c").unwrap();
        assert_eq!(&json[at.key.unwrap()], "\"b~c\"");
        let at = locate(json, "/q\"").unwrap();
        assert_eq!(&json[at.key.unwrap()], "\"q\\\"\"");
        assert_eq!(&json[at.value], "2");
        assert_eq!(locate(json, "").map(|l| l.value), Some(1..json.len() - 1));
        for absent in ["/a/b~0c/2", "/a/b~0c/01", "/a/b~0c/-", "/a/x/y", "/nope"] {
            assert!(locate(json, absent).is_none(), "{absent}");
        }
        for (json, key) in [
            (r#"{ "a" : 1 }"#, r#""a""#),
            (r#"{"a:,":1}"#, r#""a:,""#),
            (r#"{"a\\":1}"#, r#""a\\""#),
            (r#"{"x":{"y":[1,{}]} ,"\u0061":1}"#, r#""\u0061""#),
            ("{\n\t\"a\"\r\n:\n1}", r#""a""#),
        ] {
            let pointer = if key.contains("\\\\") {
                "/a\\"
            } else if key.contains(":,") {
                "/a:,"
            } else {
                "/a"
            };
            let at = locate(json, pointer).unwrap_or_else(|| panic!("{json}"));
            assert_eq!(&json[at.key.unwrap()], key, "{json}");
            assert_eq!(&json[at.value], "1", "{json}");
        }
        assert!(locate(r#"{"a": {"k": 1, "k": 1}}"#, "/a/k").is_none());
        assert!(locate(r#"{"a": {"k": 1, "k": 1}}"#, "/a").is_some());
    }

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
