//! The value walker: drives the property rules from a `serde` deserializer.
//!
//! The same visitors run over raw bytes (`serde_json::Deserializer`) and over a
//! `&serde_json::Value` (which is itself a deserializer), so both entry points
//! share one implementation. On the bytes path nothing is built: strings are
//! borrowed from the input, unknown values are skipped, and a violation is only
//! allocated when one is reported. The walker recurses only along declared
//! shapes and never deeper than the validator's limit; everything else is
//! skipped with the same bound.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::declare::names::fold;
use crate::declare::{Code, EventDecl, Kind, ObjectDecl, PropertyDecl, Shape};
use crate::validate::cx::{Cx, Path};
use crate::validate::rules::{self, Finding, Found, JsonType, Scalar};

/// Reports a rule broken by one value.
fn finding(cx: &mut Cx<'_>, path: &Path<'_>, f: Finding<'_>) {
    cx.emit(f.code(), path, || f.into_kind());
}

/// A map key, borrowed from the input unless it held escapes.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Consumes the rest of a map or sequence.
pub(crate) fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

pub(crate) fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Reports a container at `depth` that nests deeper than the limit.
///
/// How deep a call nests does not depend on its type, and every walk checks
/// every container's depth (a wrong-typed one's contents too): so the finding
/// is never provisional, and a call walked before its type is known reports
/// the same as one whose type came first.
fn too_deep(cx: &mut Cx<'_>, path: &Path<'_>, depth: usize) -> bool {
    let limit = cx.opts.max_depth;
    if depth < limit {
        return false;
    }
    let provisional = std::mem::replace(&mut cx.provisional, false);
    cx.emit(Code::TooDeep, path, || Kind::TooDeep { limit });
    cx.provisional = provisional;
    true
}

/// Skips an undeclared value, still bounding how deep it nests: the parser's
/// own skipping has no depth limit, and the `Value` path must agree with it.
pub(crate) struct Skip<'s, 'c, 'v> {
    pub(crate) path: Path<'s>,
    pub(crate) depth: usize,
    pub(crate) cx: &'c mut Cx<'v>,
}

impl<'de> DeserializeSeed<'de> for Skip<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        skip_seq(seq, &self.path, self.depth, self.cx)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        skip_map(map, &self.path, self.depth, self.cx)
    }
}

fn skip_seq<'de, A: SeqAccess<'de>>(
    seq: A,
    path: &Path<'_>,
    depth: usize,
    cx: &mut Cx<'_>,
) -> Result<(), A::Error> {
    if too_deep(cx, path, depth) {
        cx.check()?;
        return drain_seq(seq);
    }
    skip_items(seq, path, depth, cx)
}

/// Skips an array's items, bounding how deep they nest.
fn skip_items<'de, A: SeqAccess<'de>>(
    mut seq: A,
    path: &Path<'_>,
    depth: usize,
    cx: &mut Cx<'_>,
) -> Result<(), A::Error> {
    let mut i = 0;
    loop {
        let seed = Skip {
            path: Path::Index(path, i),
            depth: depth + 1,
            cx,
        };
        if seq.next_element_seed(seed)?.is_none() {
            return Ok(());
        }
        i += 1;
    }
}

fn skip_map<'de, A: MapAccess<'de>>(
    map: A,
    path: &Path<'_>,
    depth: usize,
    cx: &mut Cx<'_>,
) -> Result<(), A::Error> {
    if too_deep(cx, path, depth) {
        cx.check()?;
        return drain_map(map);
    }
    skip_members(map, path, depth, cx)
}

/// Skips an object's members, bounding how deep they nest.
fn skip_members<'de, A: MapAccess<'de>>(
    mut map: A,
    path: &Path<'_>,
    depth: usize,
    cx: &mut Cx<'_>,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key_seed(KeySeed)? {
        map.next_value_seed(Skip {
            path: Path::Key(path, &key),
            depth: depth + 1,
            cx,
        })?;
    }
    Ok(())
}

/// Walks an envelope date-time as [`ValueSeed`] does, and reads when it says
/// (seconds since the Unix epoch), if it is a valid date-time.
pub(crate) struct Dated<'s, 'c, 'v>(pub(crate) ValueSeed<'s, 'c, 'v>);

impl<'de> DeserializeSeed<'de> for Dated<'_, '_, '_> {
    type Value = Option<i64>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Dated<'_, '_, '_> {
    type Value = Option<i64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date-time")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<i64>, E> {
        let time = crate::declare::formats::unix_seconds(v);
        self.0.visit_str(v).map(|()| time)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<i64>, E> {
        self.0.visit_bool(v).map(|()| None)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<i64>, E> {
        self.0.visit_u64(v).map(|()| None)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<i64>, E> {
        self.0.visit_i64(v).map(|()| None)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<i64>, E> {
        self.0.visit_f64(v).map(|()| None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<i64>, E> {
        self.0.visit_unit().map(|()| None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<i64>, E> {
        self.0.visit_none().map(|()| None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<i64>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<i64>, A::Error> {
        self.0.visit_seq(seq).map(|()| None)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<i64>, A::Error> {
        self.0.visit_map(map).map(|()| None)
    }
}

/// What an object's keys are checked against.
#[derive(Clone, Copy)]
enum Role {
    /// A nested object (a product, the context): declared keys only.
    Nested,
    /// A semantic event's `properties`: declared keys, reserved keys, name lints,
    /// unknown-property and recommended-property checks.
    Event(&'static EventDecl),
    /// A custom event's `properties`: the reserved keys only.
    Custom,
}

/// Walks one value against a shape.
pub(crate) struct ValueSeed<'s, 'c, 'v> {
    shape: &'s Shape,
    path: Path<'s>,
    /// How many arrays and objects enclose the value.
    depth: usize,
    nullable: bool,
    role: Role,
    cx: &'c mut Cx<'v>,
}

impl<'s, 'c, 'v> ValueSeed<'s, 'c, 'v> {
    pub(crate) fn new(shape: &'s Shape, path: Path<'s>, depth: usize, cx: &'c mut Cx<'v>) -> Self {
        ValueSeed {
            shape,
            path,
            depth,
            nullable: true,
            role: Role::Nested,
            cx,
        }
    }

    /// Whether a container here would nest too deep (reported once, here).
    fn too_deep(&mut self) -> bool {
        too_deep(self.cx, &self.path, self.depth)
    }

    #[inline]
    fn scalar<E: de::Error>(self, v: Scalar<'_>) -> Result<(), E> {
        // Most values are plain strings, or anything, where nothing can be wrong.
        if matches!(
            (self.shape, v),
            (
                Shape::Any,
                Scalar::Bool(_) | Scalar::U64(_) | Scalar::I64(_) | Scalar::F64(_) | Scalar::Str(_)
            ) | (Shape::String(None), Scalar::Str(_))
                | (Shape::Boolean, Scalar::Bool(_))
        ) {
            return Ok(());
        }
        if matches!(v, Scalar::Null) {
            if !self.nullable {
                let f = Finding::WrongType {
                    expected: self.shape,
                    found: Found::Scalar(v),
                };
                finding(self.cx, &self.path, f);
            }
        } else if let Some(f) = rules::check_scalar(self.shape, v) {
            finding(self.cx, &self.path, f);
        }
        self.cx.check()
    }

    fn wrong_container(&mut self, found: Found<'_>) {
        let f = Finding::WrongType {
            expected: self.shape,
            found,
        };
        finding(self.cx, &self.path, f);
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// Walks one value (the probe, [`TypeProbe`], also answers its type).
impl<'de> Visitor<'de> for ValueSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.scalar(Scalar::Bool(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.scalar(Scalar::U64(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.scalar(Scalar::I64(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.scalar(Scalar::F64(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.scalar(Scalar::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar(Scalar::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.scalar(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.walk_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.walk_map(map)
    }
}

impl ValueSeed<'_, '_, '_> {
    #[inline]
    fn walk_seq<'de, A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        if self.too_deep() {
            self.cx.check()?;
            return drain_seq(seq);
        }
        match rules::member_for(self.shape, JsonType::Array) {
            Some(Shape::Array(item)) => {
                let mut i = 0;
                loop {
                    let path = Path::Index(&self.path, i);
                    let seed = ValueSeed {
                        shape: item,
                        path,
                        depth: self.depth + 1,
                        nullable: false,
                        role: Role::Nested,
                        cx: self.cx,
                    };
                    if seq.next_element_seed(seed)?.is_none() {
                        break;
                    }
                    i += 1;
                }
                Ok(())
            }
            Some(_) => skip_seq(seq, &self.path, self.depth, self.cx),
            None => {
                self.wrong_container(Found::Array);
                self.cx.check()?;
                skip_items(seq, &self.path, self.depth, self.cx)
            }
        }
    }

    #[inline]
    fn walk_map<'de, A: MapAccess<'de>>(mut self, map: A) -> Result<(), A::Error> {
        if self.too_deep() {
            self.cx.check()?;
            return drain_map(map);
        }
        match rules::member_for(self.shape, JsonType::Object) {
            Some(Shape::Object(decl)) => {
                walk_object(map, decl, &self.path, self.depth, self.role, self.cx)
            }
            Some(_) => skip_map(map, &self.path, self.depth, self.cx),
            None => {
                self.wrong_container(Found::Object);
                self.cx.check()?;
                skip_members(map, &self.path, self.depth, self.cx)
            }
        }
    }
}

/// Bit sets of an object's declared properties met (the first 128): under
/// any spelling, and under their exact name.
#[derive(Default, Clone, Copy)]
struct Seen {
    any: u128,
    exact: u128,
}

/// The bit of the `index`-th declared property (none past the 128th).
fn bit(index: usize) -> u128 {
    if index < 128 { 1 << index } else { 0 }
}

fn walk_object<'de, A: MapAccess<'de>>(
    mut map: A,
    decl: &ObjectDecl,
    path: &Path<'_>,
    depth: usize,
    role: Role,
    cx: &mut Cx<'_>,
) -> Result<(), A::Error> {
    let dialect = cx.opts.dialect;
    let mut seen = Seen::default();
    while let Some(key) = map.next_key_seed(KeySeed)? {
        let kpath = Path::Key(path, &key);
        let prop = classify_key(&key, &kpath, decl, role, &mut seen, cx);
        cx.check()?;
        match prop {
            Some(p) => {
                map.next_value_seed(ValueSeed::new(p.shape_in(dialect), kpath, depth + 1, cx))?;
            }
            None => {
                map.next_value_seed(Skip {
                    path: kpath,
                    depth: depth + 1,
                    cx,
                })?;
            }
        }
    }
    if let Role::Event(event) = role {
        cx.present = seen.exact;
        check_recommended(event, decl, seen.any, path, cx);
    }
    cx.check()
}

/// The declaration a key of an object refers to, if any, with the name lints
/// its spelling deserves.
#[inline]
fn classify_key<'d>(
    key: &str,
    kpath: &Path<'_>,
    decl: &'d ObjectDecl,
    role: Role,
    seen: &mut Seen,
    cx: &mut Cx<'_>,
) -> Option<&'d PropertyDecl> {
    let declared = match role {
        Role::Custom => None,
        _ => decl.lookup(key),
    };
    if let Some((i, p)) = declared {
        // Only an event's properties are counted and held to the dialect.
        if let Role::Event(_) = role {
            seen.any |= bit(i);
            seen.exact |= bit(i);
            if !p.vendors.known_in(cx.opts.dialect) {
                let dialect = cx.opts.dialect;
                cx.emit(Code::NotInDialect, kpath, || Kind::NotInDialect {
                    name: p.name,
                    dialect,
                });
            }
        }
        return Some(p);
    }
    let reserved = cx.registry.reserved();
    if !matches!(role, Role::Nested) {
        if let Some(p) = reserved.get(key) {
            return Some(p);
        }
    }
    let Role::Event(_) = role else {
        return None;
    };
    // A variant spelling of a declared (or reserved) property?
    let canonical: Option<&'d PropertyDecl> =
        fold(key).and_then(|f| decl.get_folded(&f).or_else(|| reserved.get_folded(&f)));
    if let Some(p) = canonical {
        if let Some(i) = decl.props.iter().position(|q| std::ptr::eq(q, p)) {
            seen.any |= bit(i);
        }
        cx.emit(Code::NonCanonicalPropertyName, kpath, || {
            Kind::NonCanonicalPropertyName {
                found: key.to_string(),
                canonical: p.name,
            }
        });
    } else {
        cx.observe_unknown(key);
        cx.emit(Code::UnknownProperty, kpath, || Kind::UnknownProperty {
            name: key.to_string(),
        });
    }
    canonical
}

/// In the strict profile, one property of each recommended group should be present.
fn check_recommended(
    event: &EventDecl,
    decl: &ObjectDecl,
    seen: u128,
    path: &Path<'_>,
    cx: &mut Cx<'_>,
) {
    if !cx.wants(Code::MissingRecommended) {
        return;
    }
    let dialect = cx.opts.dialect;
    // A property the dialect's vendor requires is reported once, as required.
    let required = |name: &str| {
        event
            .rules_in(dialect)
            .any(|r| r.required && r.pointer.strip_prefix("/properties/") == Some(name))
    };
    for group in event.recommended {
        if group.iter().any(|name| required(name)) {
            continue;
        }
        let present = group.iter().any(|name| {
            decl.lookup(name)
                .is_some_and(|(i, _)| i < 128 && seen & (1 << i) != 0)
        });
        if !present {
            cx.emit(Code::MissingRecommended, path, || {
                Kind::MissingRecommended { properties: group }
            });
        }
    }
}

/// Walks a call's `properties` for the event it was recognised as.
pub(crate) fn properties_seed<'s, 'c, 'v>(
    event: Option<&'static EventDecl>,
    path: Path<'s>,
    shape: &'s Shape,
    cx: &'c mut Cx<'v>,
) -> ValueSeed<'s, 'c, 'v> {
    ValueSeed {
        shape,
        path,
        depth: 1,
        nullable: true,
        role: event.map_or(Role::Custom, Role::Event),
        cx,
    }
}

/// The shape of a call's `properties`: the event's, or for a custom event the
/// reserved properties only.
pub(crate) fn properties_shape(
    event: Option<&'static EventDecl>,
    reserved: &'static ObjectDecl,
) -> Shape {
    Shape::Object(event.map_or(reserved, |e| e.properties))
}

/// Where a value goes when its walk must wait on the bytes path (`properties`
/// before `event`, another call type's own field before `type`).
pub(crate) trait Deferred<'de>: de::Deserialize<'de> {
    /// Walks the deferred value once the event is known.
    fn walk(self, seed: ValueSeed<'_, '_, '_>) -> Result<(), String>;
}

impl<'de> Deferred<'de> for crate::validate::scan::Raw<'de> {
    fn walk(self, seed: ValueSeed<'_, '_, '_>) -> Result<(), String> {
        let mut scanner = crate::validate::scan::Scanner::new(self.0);
        seed.deserialize(&mut scanner).map_err(|e| e.to_string())
    }
}

impl<'de> Deferred<'de> for &'de RawValue {
    fn walk(self, seed: ValueSeed<'_, '_, '_>) -> Result<(), String> {
        let mut de = serde_json::Deserializer::from_str(self.get());
        seed.deserialize(&mut de).map_err(|e| e.to_string())
    }
}

/// The `Value` path knows the event and the call type before it walks, so it
/// never defers.
pub(crate) enum NoDefer {}

impl<'de> de::Deserialize<'de> for NoDefer {
    fn deserialize<D: Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(de::Error::custom(
            "internal: properties deferred on the Value path",
        ))
    }
}

impl Deferred<'_> for NoDefer {
    fn walk(self, _: ValueSeed<'_, '_, '_>) -> Result<(), String> {
        match self {}
    }
}

/// What a probed value was: its JSON type, and for anything but an object or
/// `null` how a wrong-type message describes it.
pub(crate) struct Probed {
    pub(crate) json_type: JsonType,
    pub(crate) described: Cow<'static, str>,
}

impl Probed {
    fn scalar(json_type: JsonType, v: Scalar<'_>) -> Probed {
        Probed {
            json_type,
            described: Cow::Owned(v.describe()),
        }
    }
    fn container(json_type: JsonType, described: &'static str) -> Probed {
        Probed {
            json_type,
            described: Cow::Borrowed(described),
        }
    }
}

/// A [`ValueSeed`] that also answers what it met: for the one value whose type
/// a later rule may need (`properties` walked before the call type is known).
/// Only this wrapper pays for the answer; the walk itself returns nothing.
pub(crate) struct TypeProbe<'s, 'c, 'v>(pub(crate) ValueSeed<'s, 'c, 'v>);

impl<'de> DeserializeSeed<'de> for TypeProbe<'_, '_, '_> {
    type Value = Probed;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Probed, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TypeProbe<'_, '_, '_> {
    type Value = Probed;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Probed, E> {
        self.0.visit_bool(v)?;
        Ok(Probed::scalar(JsonType::Boolean, Scalar::Bool(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Probed, E> {
        self.0.visit_u64(v)?;
        Ok(Probed::scalar(JsonType::Number, Scalar::U64(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Probed, E> {
        self.0.visit_i64(v)?;
        Ok(Probed::scalar(JsonType::Number, Scalar::I64(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Probed, E> {
        self.0.visit_f64(v)?;
        Ok(Probed::scalar(JsonType::Number, Scalar::F64(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Probed, E> {
        self.0.visit_str(v)?;
        Ok(Probed::scalar(JsonType::String, Scalar::Str(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Probed, E> {
        self.0.visit_unit()?;
        Ok(Probed::container(JsonType::Null, "null"))
    }
    fn visit_none<E: de::Error>(self) -> Result<Probed, E> {
        self.0.visit_none()?;
        Ok(Probed::container(JsonType::Null, "null"))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Probed, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Probed, A::Error> {
        self.0.visit_seq(seq)?;
        Ok(Probed::container(JsonType::Array, "array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Probed, A::Error> {
        self.0.visit_map(map)?;
        Ok(Probed::container(JsonType::Object, "object"))
    }
}
