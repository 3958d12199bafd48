//! The walker: drives the rules from a `serde` deserializer.
//!
//! The same visitors run over raw bytes (`serde_json::Deserializer`) and over a
//! `&serde_json::Value` (which is itself a deserializer), so both entry points
//! share one implementation. On the bytes path nothing is built: strings are
//! borrowed from the input, unknown values are skipped, and a violation is only
//! allocated when one is reported. The walker recurses only along declared
//! shapes; everything else is skipped by the parser, whose own depth limit (128)
//! bounds the input.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::declare::{Dialect, EventDecl, Object, ObjectDecl, Shape};
use crate::envelope::TrackFields;
use crate::events::ReservedProperties;
use crate::validate::names::{Resolution, fold};
use crate::validate::report::{Kind, Report, Severity, Violation, quote};
use crate::validate::rules::{self, Finding, Found, JsonType, Scalar};
use crate::validate::{Profile, Validator};

/// The message of the error used to unwind the parser once the answer is known.
const STOP: &str = "semantic-events: validation stopped early";

/// How much the caller wants to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Only whether there is an error: stop at the first, build nothing.
    /// A failing answer is confirmed by a full walk (see `Validator::is_valid`).
    IsValid,
    /// Every violation.
    All,
}

/// Where a value sits, as a chain of borrowed segments on the stack.
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// The RFC 6901 JSON Pointer.
    pub(crate) fn pointer(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write(out);
                out.push('/');
                push_escaped(out, key);
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
    }
}

/// Appends `segment` with RFC 6901 escaping (`~` → `~0`, `/` → `~1`).
pub(crate) fn push_escaped(out: &mut String, segment: &str) {
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Validation state: options, mode, what was found so far.
pub(crate) struct Cx<'v> {
    pub(crate) opts: &'v Validator,
    pub(crate) mode: Mode,
    pub(crate) violations: Vec<Violation>,
    pub(crate) failed: bool,
    pub(crate) stopped: bool,
    pub(crate) event: Option<&'static EventDecl>,
    pub(crate) track: bool,
    /// The event name as sent, kept when the validator asks for it.
    pub(crate) name: Option<Box<str>>,
}

impl<'v> Cx<'v> {
    pub(crate) fn new(opts: &'v Validator, mode: Mode) -> Cx<'v> {
        Cx {
            opts,
            mode,
            violations: Vec::new(),
            failed: false,
            stopped: false,
            event: None,
            track: true,
            name: None,
        }
    }

    fn dialect(&self) -> Dialect {
        self.opts.dialect
    }

    /// Reports a violation if the profile checks it; `make` runs only if it is kept.
    pub(crate) fn emit(
        &mut self,
        path: &Path<'_>,
        min: Profile,
        severity: Severity,
        make: impl FnOnce() -> Kind,
    ) {
        if self.opts.profile < min || self.stopped {
            return;
        }
        match (self.mode, severity) {
            (Mode::All, _) => {
                self.failed |= severity == Severity::Error;
                self.violations
                    .push(Violation::new(path.pointer(), severity, make()));
            }
            (_, Severity::Warning) => {}
            (Mode::IsValid, Severity::Error) => {
                self.failed = true;
                self.stopped = true;
            }
        }
    }

    /// [`Cx::emit`] with a pointer already rendered.
    #[cfg(feature = "plan")]
    pub(crate) fn emit_at(&mut self, path: String, min: Profile, severity: Severity, kind: Kind) {
        if self.opts.profile < min || self.stopped {
            return;
        }
        self.failed |= severity == Severity::Error;
        match self.mode {
            Mode::All => self.violations.push(Violation::new(path, severity, kind)),
            Mode::IsValid => self.stopped |= severity == Severity::Error,
        }
    }

    fn finding(&mut self, path: &Path<'_>, f: Finding<'_>) {
        let (min, severity) = f.gate(self.opts.numeric_strings);
        self.emit(path, min, severity, || f.into_kind());
    }

    /// An error that unwinds the parser when the answer is known.
    fn check<E: de::Error>(&self) -> Result<(), E> {
        if self.stopped {
            Err(E::custom(STOP))
        } else {
            Ok(())
        }
    }

    pub(crate) fn into_report(self) -> Report {
        Report {
            violations: self.violations,
            event: self.event,
            track: self.track,
            name: self.name,
        }
    }
}

/// A map key, borrowed from the input unless it held escapes.
struct KeySeed;

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
fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Reports a container at `depth` that nests deeper than the limit.
fn too_deep(cx: &mut Cx<'_>, path: &Path<'_>, depth: usize) -> bool {
    let limit = cx.opts.max_depth;
    if depth < limit {
        return false;
    }
    cx.emit(path, Profile::Lenient, Severity::Error, || Kind::TooDeep {
        limit,
    });
    true
}

/// Skips an undeclared value, still bounding how deep it nests: the parser's
/// own skipping has no depth limit, and the `Value` path must agree with it.
struct Skip<'s, 'c, 'v> {
    path: Path<'s>,
    depth: usize,
    cx: &'c mut Cx<'v>,
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
    mut seq: A,
    path: &Path<'_>,
    depth: usize,
    cx: &mut Cx<'_>,
) -> Result<(), A::Error> {
    if too_deep(cx, path, depth) {
        cx.check()?;
        return drain_seq(seq);
    }
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
    mut map: A,
    path: &Path<'_>,
    depth: usize,
    cx: &mut Cx<'_>,
) -> Result<(), A::Error> {
    if too_deep(cx, path, depth) {
        cx.check()?;
        return drain_map(map);
    }
    while let Some(key) = map.next_key_seed(KeySeed)? {
        map.next_value_seed(Skip {
            path: Path::Key(path, &key),
            depth: depth + 1,
            cx,
        })?;
    }
    Ok(())
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
    fn new(shape: &'s Shape, path: Path<'s>, depth: usize, cx: &'c mut Cx<'v>) -> Self {
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

    fn scalar<E: de::Error>(self, v: Scalar<'_>) -> Result<(), E> {
        if matches!(v, Scalar::Null) {
            if !self.nullable {
                self.cx.finding(
                    &self.path,
                    Finding::WrongType {
                        expected: self.shape,
                        found: Found::Scalar(v),
                    },
                );
            }
        } else if let Some(f) = rules::check_scalar(self.shape, v) {
            self.cx.finding(&self.path, f);
        }
        self.cx.check()
    }

    fn wrong_container(&mut self, found: Found<'_>) {
        self.cx.finding(
            &self.path,
            Finding::WrongType {
                expected: self.shape,
                found,
            },
        );
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

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

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
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
                drain_seq(seq)
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(mut self, map: A) -> Result<(), A::Error> {
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
                drain_map(map)
            }
        }
    }
}

/// Bit set of the declared properties seen (the first 128).
fn mark(seen: &mut u128, index: usize) {
    if index < 128 {
        *seen |= 1 << index;
    }
}

fn walk_object<'de, A: MapAccess<'de>>(
    mut map: A,
    decl: &ObjectDecl,
    path: &Path<'_>,
    depth: usize,
    role: Role,
    cx: &mut Cx<'_>,
) -> Result<(), A::Error> {
    let reserved = ReservedProperties::decl();
    let dialect = cx.dialect();
    let mut seen: u128 = 0;
    while let Some(key) = map.next_key_seed(KeySeed)? {
        let kpath = Path::Key(path, &key);
        let declared = match role {
            Role::Custom => None,
            _ => decl.lookup(&key),
        };
        let prop = if let Some((i, p)) = declared {
            mark(&mut seen, i);
            if !p.vendors.known_in(dialect) && matches!(role, Role::Event(_)) {
                cx.emit(&kpath, Profile::Strict, Severity::Warning, || {
                    Kind::NotInDialect {
                        name: p.name,
                        dialect,
                    }
                });
            }
            Some(p)
        } else if let Some(p) = reserved.get(&key).filter(|_| !matches!(role, Role::Nested)) {
            Some(p)
        } else if let Role::Event(_) = role {
            // A variant spelling of a declared (or reserved) property?
            let canonical =
                fold(&key).and_then(|f| decl.get_folded(&f).or_else(|| reserved.get_folded(&f)));
            if let Some(p) = canonical {
                if let Some(i) = decl.props.iter().position(|q| std::ptr::eq(q, p)) {
                    mark(&mut seen, i);
                }
                cx.emit(&kpath, Profile::Standard, Severity::Warning, || {
                    Kind::NonCanonicalPropertyName {
                        found: key.to_string(),
                        canonical: p.name,
                    }
                });
            } else {
                cx.emit(&kpath, Profile::Strict, Severity::Warning, || {
                    Kind::UnknownProperty {
                        name: key.to_string(),
                    }
                });
            }
            canonical
        } else {
            None
        };
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
        if cx.opts.profile >= Profile::Strict {
            for group in event.recommended {
                let present = group.iter().any(|name| {
                    decl.lookup(name)
                        .is_some_and(|(i, _)| i < 128 && seen & (1 << i) != 0)
                });
                if !present {
                    cx.emit(path, Profile::Strict, Severity::Warning, || {
                        Kind::MissingRecommended { properties: group }
                    });
                }
            }
        }
    }
    cx.check()
}

/// Walks a call's `properties` for the event it was recognised as.
fn properties_seed<'s, 'c, 'v>(
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

fn properties_shape(event: Option<&'static EventDecl>) -> Shape {
    match event {
        Some(e) => Shape::Object(e.properties),
        None => Shape::Object(ReservedProperties::decl()),
    }
}

/// Where `properties` goes when it precedes `event` on the bytes path.
pub(crate) trait Deferred<'de>: de::Deserialize<'de> {
    /// Walks the deferred value once the event is known.
    fn walk(self, seed: ValueSeed<'_, '_, '_>) -> Result<(), String>;
}

impl<'de> Deferred<'de> for &'de RawValue {
    fn walk(self, seed: ValueSeed<'_, '_, '_>) -> Result<(), String> {
        let mut de = serde_json::Deserializer::from_str(self.get());
        seed.deserialize(&mut de).map_err(|e| e.to_string())
    }
}

/// The `Value` path knows the event before it walks, so it never defers.
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

/// What an identity field held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Id {
    Absent,
    Empty,
    Text,
    Number,
    Other(&'static str),
}

impl Id {
    fn usable(self) -> bool {
        matches!(self, Id::Text | Id::Number)
    }
}

struct IdVisitor;

impl<'de> Visitor<'de> for IdVisitor {
    type Value = Id;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an identifier")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
        Ok(if v.is_empty() { Id::Empty } else { Id::Text })
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Id, E> {
        Ok(Id::Number)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Id, E> {
        Ok(Id::Number)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Id, E> {
        Ok(Id::Number)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Id, E> {
        Ok(Id::Absent)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Id, E> {
        Ok(Id::Other("boolean"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Id, A::Error> {
        drain_seq(seq).map(|()| Id::Other("array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Id, A::Error> {
        drain_map(map).map(|()| Id::Other("object"))
    }
}

impl<'de> DeserializeSeed<'de> for IdVisitor {
    type Value = Id;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Id, D::Error> {
        d.deserialize_any(self)
    }
}

/// A string-or-anything field: the string (borrowed if possible) or what it was.
enum Text<'de> {
    Str(Cow<'de, str>),
    Null,
    Other(&'static str),
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
        Ok(Text::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
        Ok(Text::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Text<'de>, E> {
        Ok(Text::Null)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Text<'de>, E> {
        Ok(Text::Other("boolean"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Text<'de>, E> {
        Ok(Text::Other("number"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Text<'de>, E> {
        Ok(Text::Other("number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Text<'de>, E> {
        Ok(Text::Other("number"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Text<'de>, A::Error> {
        drain_seq(seq).map(|()| Text::Other("array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text<'de>, A::Error> {
        drain_map(map).map(|()| Text::Other("object"))
    }
}

impl<'de> DeserializeSeed<'de> for TextVisitor {
    type Value = Text<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Text<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

/// The call types other than track.
const OTHER_CALLS: [&str; 5] = ["identify", "page", "screen", "group", "alias"];

/// Walks a whole call (the envelope), given the event's resolution if the caller
/// already knows it (the `Value` path does).
pub(crate) struct Envelope<'c, 'v, Def> {
    pub(crate) cx: &'c mut Cx<'v>,
    pub(crate) known: Option<Resolution>,
    pub(crate) _defer: std::marker::PhantomData<Def>,
}

impl<'de, Def: Deferred<'de>> DeserializeSeed<'de> for Envelope<'_, '_, Def> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, Def: Deferred<'de>> Visitor<'de> for Envelope<'_, '_, Def> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let cx = self.cx;
        let fields = TrackFields::decl();
        let root = Path::Root;
        let mut resolution = self.known;
        let mut saw_event = false;
        let mut deferred: Option<Def> = None;
        let (mut user, mut anon, mut group) = (Id::Absent, Id::Absent, Id::Absent);
        let mut call_type: Option<Cow<'de, str>> = None;

        while let Some(key) = map.next_key_seed(KeySeed)? {
            let kpath = Path::Key(&root, &key);
            match &*key {
                "event" => {
                    saw_event = true;
                    let text = map.next_value_seed(TextVisitor)?;
                    resolution = Some(event_name(cx, &kpath, &text));
                }
                "properties" => match resolution {
                    Some(res) => {
                        let event = res.event();
                        let shape = properties_shape(event);
                        map.next_value_seed(properties_seed(event, kpath, &shape, cx))?;
                    }
                    None => deferred = Some(map.next_value::<Def>()?),
                },
                "userId" | "anonymousId" | "groupId" => {
                    let id = map.next_value_seed(IdVisitor)?;
                    let field: &'static str = match &*key {
                        "userId" => {
                            user = id;
                            "userId"
                        }
                        "anonymousId" => {
                            anon = id;
                            "anonymousId"
                        }
                        _ => {
                            group = id;
                            "groupId"
                        }
                    };
                    match id {
                        Id::Number if field != "groupId" => {
                            cx.emit(&kpath, Profile::Standard, Severity::Warning, || {
                                Kind::NumericUserId { field }
                            });
                        }
                        Id::Number | Id::Other(_) => {
                            let found = if let Id::Other(t) = id { t } else { "number" };
                            cx.emit(&kpath, Profile::Lenient, Severity::Error, || {
                                Kind::WrongType {
                                    expected: "string".into(),
                                    found: found.into(),
                                }
                            });
                        }
                        Id::Absent | Id::Empty | Id::Text => {}
                    }
                }
                "type" | "action" => {
                    let text = map.next_value_seed(TextVisitor)?;
                    let is_action = &*key == "action";
                    match text {
                        Text::Str(t) => {
                            if is_action {
                                cx.emit(&kpath, Profile::Standard, Severity::Warning, || {
                                    Kind::LegacyActionKey
                                });
                            }
                            if t != "track" && !OTHER_CALLS.contains(&&*t) {
                                cx.emit(&kpath, Profile::Standard, Severity::Error, || {
                                    Kind::InvalidCallType { found: quote(&t) }
                                });
                            } else if !is_action || call_type.is_none() {
                                call_type = Some(t);
                            }
                        }
                        Text::Null => {}
                        Text::Other(found) => {
                            cx.emit(&kpath, Profile::Standard, Severity::Error, || {
                                Kind::InvalidCallType {
                                    found: found.to_string(),
                                }
                            });
                        }
                    }
                }
                other => {
                    if let Some(p) = fields.get(other) {
                        map.next_value_seed(ValueSeed::new(&p.shape, kpath, 1, cx))?;
                    } else {
                        cx.emit(&kpath, Profile::Strict, Severity::Warning, || {
                            Kind::UnknownField {
                                name: other.to_string(),
                            }
                        });
                        map.next_value_seed(Skip {
                            path: kpath,
                            depth: 1,
                            cx,
                        })?;
                    }
                }
            }
            cx.check()?;
        }

        let res = resolution.unwrap_or(Resolution::Custom { near_miss: None });
        if let Some(raw) = deferred {
            let ppath = Path::Key(&root, "properties");
            let event = res.event();
            let shape = properties_shape(event);
            raw.walk(properties_seed(event, ppath, &shape, cx))
                .map_err(de::Error::custom)?;
        }

        let other_call = call_type.as_deref().filter(|t| *t != "track");
        if let Some(t) = other_call {
            // Not a track call: keep the common envelope checks only.
            cx.track = false;
            cx.event = None;
            // Their own fields (traits, name, previousId…) are not track fields.
            cx.violations.retain(|v| {
                let p = v.path();
                p != "/event"
                    && p != "/properties"
                    && !p.starts_with("/properties/")
                    && v.code() != crate::validate::Code::UnknownField
            });
            cx.failed = cx.violations.iter().any(Violation::is_error);
            cx.emit(&root, Profile::Lenient, Severity::Warning, || {
                Kind::NotTrackCall {
                    call_type: t.to_string(),
                }
            });
            if t != "alias" {
                check_identity(cx, user, anon, group);
            }
            return cx.check();
        }

        cx.event = res.event();
        if !saw_event {
            cx.emit(
                &Path::Key(&root, "event"),
                Profile::Lenient,
                Severity::Error,
                || Kind::MissingEvent,
            );
        }
        check_identity(cx, user, anon, group);
        cx.check()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.not_an_object::<A::Error>("array")?;
        drain_seq(seq)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.not_an_object("boolean")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.not_an_object("number")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.not_an_object("number")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.not_an_object("number")
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.not_an_object("string")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.not_an_object("null")
    }
}

impl<Def> Envelope<'_, '_, Def> {
    fn not_an_object<E: de::Error>(self, found: &'static str) -> Result<(), E> {
        self.cx.track = false;
        self.cx
            .emit(&Path::Root, Profile::Lenient, Severity::Error, || {
                Kind::NotAnObject {
                    found: found.to_string(),
                }
            });
        self.cx.check()
    }
}

/// Reports the event name's spelling and recognises it.
fn event_name(cx: &mut Cx<'_>, path: &Path<'_>, text: &Text<'_>) -> Resolution {
    let custom = Resolution::Custom { near_miss: None };
    let name = match text {
        Text::Str(name) => name,
        Text::Null => {
            cx.emit(path, Profile::Lenient, Severity::Error, || {
                Kind::MissingEvent
            });
            return custom;
        }
        Text::Other(found) => {
            cx.emit(path, Profile::Lenient, Severity::Error, || {
                Kind::WrongType {
                    expected: "string".into(),
                    found: (*found).to_string(),
                }
            });
            return custom;
        }
    };
    if cx.opts.wants_name() {
        cx.name = Some((**name).into());
    }
    if name.is_empty() {
        cx.emit(path, Profile::Lenient, Severity::Error, || {
            Kind::EmptyEventName
        });
        return custom;
    }
    // A near miss is only a warning: look for one only when warnings are kept.
    let near_miss = cx.mode == Mode::All && cx.opts.profile >= Profile::Standard;
    let res = cx
        .opts
        .registry()
        .resolve_with(name, cx.dialect(), near_miss);
    match res {
        Resolution::Canonical(_) => {}
        Resolution::Alias(e) => cx.emit(path, Profile::Standard, Severity::Warning, || {
            Kind::EventAlias {
                found: name.to_string(),
                canonical: e.name,
            }
        }),
        Resolution::Variant(e) => cx.emit(path, Profile::Standard, Severity::Warning, || {
            Kind::NonCanonicalEventName {
                found: name.to_string(),
                canonical: e.name,
            }
        }),
        Resolution::Custom { near_miss } => {
            if let Some(e) = near_miss {
                cx.emit(path, Profile::Standard, Severity::Warning, || {
                    Kind::UnknownEventNearMiss {
                        found: name.to_string(),
                        suggestion: e.name,
                    }
                });
            }
        }
    }
    res
}

/// At least one usable identity (§11 of the reference decisions).
fn check_identity(cx: &mut Cx<'_>, user: Id, anon: Id, group: Id) {
    let group_ok = cx.dialect() == Dialect::CustomerIo && group == Id::Text;
    if user.usable() || anon.usable() || group_ok {
        return;
    }
    let accepted: &'static [&'static str] = if cx.dialect() == Dialect::CustomerIo {
        &["userId", "anonymousId", "groupId"]
    } else {
        &["userId", "anonymousId"]
    };
    cx.emit(&Path::Root, Profile::Lenient, Severity::Error, || {
        Kind::MissingIdentity { accepted }
    });
}
