//! The call walker: the envelope around the properties, as the vocabulary's
//! [`EnvelopeDecl`] declares it.
//!
//! Keys are checked as they come. The call type may come late (after `event`
//! and `properties`, as RudderStack's clients send it): until it is known, what
//! only a track call has is walked *provisionally* (see [`Cx`]) and the own
//! fields of other call types are deferred; [`Cx::settle`] then keeps or drops
//! the provisional findings, so one walk answers every tier.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::declare::catalogue::quote;
use crate::declare::{CallDecl, Code, EnvelopeDecl, EventDecl, Kind, Shape};
use crate::validate::cx::{Cx, Path};
use crate::validate::names::Resolution;
use crate::validate::rules;
use crate::validate::value::{
    Dated, Deferred, KeySeed, Probed, Skip, TypeProbe, ValueSeed, drain_map, drain_seq,
    properties_seed, properties_shape,
};

/// At most this many identity fields are tracked per call.
const MAX_IDENTITIES: usize = 8;

/// Own fields deferred without allocating (more go to a vector).
const OWN_INLINE: usize = 4;

/// What the caller already knows of a call (the `Value` path knows both).
#[derive(Clone, Copy)]
pub(crate) struct Known {
    pub(crate) resolution: Resolution,
    pub(crate) call: &'static CallDecl,
}

/// Walks a whole call. `Def` holds a value whose walk must wait (a raw value on
/// the bytes path; nothing on the `Value` path, which knows everything first).
pub(crate) struct CallSeed<'c, 'v, Def> {
    pub(crate) cx: &'c mut Cx<'v>,
    pub(crate) known: Option<Known>,
    pub(crate) defer: PhantomData<Def>,
}

/// What an identity field held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Id {
    Absent,
    Empty,
    Text,
    Number,
    Boolean,
    Array,
    Object,
}

/// What the walk has learnt of the call so far.
struct State<'de, Def> {
    env: &'static EnvelopeDecl,
    resolution: Option<Resolution>,
    saw_event: bool,
    /// `properties` met before `event` (bytes path): walked once the event is known.
    properties: Option<Def>,
    /// The JSON type of `properties` when it was walked provisionally as a track
    /// call's, so that another call type's own rule can still be applied.
    provisional_properties: Option<Probed>,
    call: Option<&'static CallDecl>,
    call_from_type: bool,
    ids: [Id; MAX_IDENTITIES],
    /// Own fields of some call type, met before the call type was known
    /// (borrowed keys, the first few without allocating).
    own: [Option<(Cow<'de, str>, Def)>; OWN_INLINE],
    own_more: Vec<(Cow<'de, str>, Def)>,
}

impl<'de, Def: Deferred<'de>> DeserializeSeed<'de> for CallSeed<'_, '_, Def> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, Def: Deferred<'de>> Visitor<'de> for CallSeed<'_, '_, Def> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let cx = self.cx;
        let env = cx.registry.envelope();
        let mut st = State::<'de, Def> {
            env,
            resolution: self.known.map(|k| k.resolution),
            saw_event: false,
            properties: None,
            provisional_properties: None,
            call: self.known.map(|k| k.call),
            call_from_type: false,
            ids: [Id::Absent; MAX_IDENTITIES],
            own: std::array::from_fn(|_| None),
            own_more: Vec::new(),
        };
        let known_call = self.known.is_some();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let kpath = Path::Key(&Path::Root, &key);
            // The common fields are most keys: one table lookup settles them.
            if let Some(p) = env.fields.get(&key) {
                let rank = time_rank(env, &key, cx);
                let seed = ValueSeed::new(&p.shape, kpath, 1, cx);
                match rank {
                    Some(rank) => {
                        let time = map.next_value_seed(Dated(seed))?;
                        cx.observe_time(rank, time);
                    }
                    None => map.next_value_seed(seed)?,
                }
            } else if key == env.event_key {
                st.event(&mut map, &kpath, cx)?;
            } else if key == env.properties_key {
                st.properties(&mut map, &key, kpath, cx)?;
            } else if key == env.type_key || key == env.legacy_type_key {
                let legacy = key == env.legacy_type_key;
                let text = map.next_value_seed(TextVisitor)?;
                st.call_type(&text, legacy, known_call, &kpath, cx);
            } else if let Some((i, identity)) = env.identity(&key) {
                let id = map.next_value_seed(IdVisitor)?;
                check_id(id, identity.name, identity.numbers_warn, &kpath, cx);
                if let Some(slot) = st.ids.get_mut(i) {
                    *slot = id;
                }
            } else {
                st.other(&mut map, &key, kpath, cx)?;
            }
            cx.check()?;
        }
        st.finish(cx).map_err(de::Error::custom)?;
        cx.check()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        not_an_object::<A::Error>(self.cx, "array")?;
        drain_seq(seq)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        not_an_object(self.cx, "boolean")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        not_an_object(self.cx, "number")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        not_an_object(self.cx, "number")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        not_an_object(self.cx, "number")
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        not_an_object(self.cx, "string")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        not_an_object(self.cx, "null")
    }
}

fn not_an_object<E: de::Error>(cx: &mut Cx<'_>, found: &'static str) -> Result<(), E> {
    cx.emit(Code::NotAnObject, &Path::Root, || Kind::NotAnObject {
        found: found.to_string(),
    });
    cx.check()
}

impl<'de, Def: Deferred<'de>> State<'de, Def> {
    /// Whether what only a track call has applies: `Some(true)` yes, `Some(false)`
    /// no, `None` not known yet (then it is walked provisionally).
    fn track(&self) -> Option<bool> {
        self.call.map(|c| c.track)
    }

    fn event<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        kpath: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Result<(), A::Error> {
        if self.track() == Some(false) {
            return map.next_value::<de::IgnoredAny>().map(|_| ());
        }
        self.saw_event = true;
        let text = map.next_value_seed(TextVisitor)?;
        cx.provisional = self.call.is_none();
        let resolution = event_name(cx, kpath, &text);
        cx.provisional = false;
        if self.resolution.is_none() {
            self.resolution = Some(resolution);
        }
        Ok(())
    }

    fn properties<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: &Cow<'de, str>,
        kpath: Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Result<(), A::Error> {
        match (self.track(), self.resolution) {
            (Some(false), _) => self.other(map, key, kpath, cx),
            (_, None) => {
                self.properties = Some(map.next_value::<Def>()?);
                Ok(())
            }
            (track, Some(res)) => {
                let event = res.event();
                let shape = properties_shape(event, cx.registry.reserved());
                if track.is_some() {
                    return map.next_value_seed(properties_seed(event, kpath, &shape, cx));
                }
                cx.provisional = true;
                let seed = TypeProbe(properties_seed(event, kpath, &shape, cx));
                let found = map.next_value_seed(seed)?;
                cx.provisional = false;
                self.provisional_properties = Some(found);
                Ok(())
            }
        }
    }

    fn call_type(
        &mut self,
        text: &Text<'_>,
        legacy: bool,
        known: bool,
        kpath: &Path<'_>,
        cx: &mut Cx<'_>,
    ) {
        let env = self.env;
        let t = match text {
            Text::Null => return,
            Text::Other(found) => {
                cx.emit(Code::InvalidCallType, kpath, || Kind::InvalidCallType {
                    found: (*found).to_string(),
                    allowed: env.call_names(),
                });
                return;
            }
            Text::Str(t) => t,
        };
        if legacy {
            cx.emit(Code::LegacyActionKey, kpath, || Kind::LegacyActionKey);
        }
        match env.call(t) {
            None => cx.emit(Code::InvalidCallType, kpath, || Kind::InvalidCallType {
                found: quote(t),
                allowed: env.call_names(),
            }),
            Some(call) if !known && (!legacy || !self.call_from_type) => {
                self.call = Some(call);
                self.call_from_type |= !legacy;
            }
            Some(_) => {}
        }
    }

    /// A key that is neither a common field, the event, its properties, the
    /// call type nor an identity: the call's own field, or unknown.
    fn other<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: &Cow<'de, str>,
        kpath: Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Result<(), A::Error> {
        if let Some(p) = self.call.and_then(|c| c.fields.get(key)) {
            return map.next_value_seed(ValueSeed::new(&p.shape, kpath, 1, cx));
        }
        if self.call.is_none() && self.env.calls.iter().any(|c| c.fields.get(key).is_some()) {
            let deferred = (key.clone(), map.next_value::<Def>()?);
            match self.own.iter_mut().find(|slot| slot.is_none()) {
                Some(slot) => *slot = Some(deferred),
                None => self.own_more.push(deferred),
            }
            return Ok(());
        }
        unknown_field(key, &kpath, cx);
        map.next_value_seed(Skip {
            path: kpath,
            depth: 1,
            cx,
        })
    }

    /// The call type is known: walk what waited, settle, and check what needs
    /// the whole call (the event's presence, the identity).
    fn finish(&mut self, cx: &mut Cx<'_>) -> Result<(), String> {
        let Some(call) = self.call.or_else(|| self.env.default_call()) else {
            return Ok(());
        };
        let root = Path::Root;
        let ppath = Path::Key(&root, self.env.properties_key);
        if let Some(raw) = self.properties.take() {
            if call.track {
                let event = self.resolution.and_then(Resolution::event);
                let shape = properties_shape(event, cx.registry.reserved());
                raw.walk(properties_seed(event, ppath, &shape, cx))?;
            } else {
                own_field(call, self.env.properties_key, raw, cx)?;
            }
        }
        if let (Some(found), false) = (self.provisional_properties.take(), call.track) {
            // Walked as a track call's; another call type's own rule remains.
            provisional_own_type(call, self.env.properties_key, &found, &ppath, cx);
        }
        let more = std::mem::take(&mut self.own_more);
        for (key, raw) in self.own.iter_mut().filter_map(Option::take).chain(more) {
            own_field(call, &key, raw, cx)?;
        }
        cx.settle(call);
        if call.track {
            cx.event = self.resolution.and_then(Resolution::event);
            if !self.saw_event {
                let epath = Path::Key(&root, self.env.event_key);
                cx.emit(Code::MissingEvent, &epath, || Kind::MissingEvent);
            }
        } else {
            cx.name = None;
        }
        if call.needs_identity {
            check_identity(self.env, &self.ids, cx);
        }
        Ok(())
    }
}

/// Walks a deferred top-level field as the call's own field, or reports it.
fn own_field<'de, Def: Deferred<'de>>(
    call: &CallDecl,
    key: &str,
    raw: Def,
    cx: &mut Cx<'_>,
) -> Result<(), String> {
    let root = Path::Root;
    let kpath = Path::Key(&root, key);
    if let Some(p) = call.fields.get(key) {
        raw.walk(ValueSeed::new(&p.shape, kpath, 1, cx))
    } else {
        unknown_field(key, &kpath, cx);
        raw.walk(ValueSeed::new(&Shape::Any, kpath, 1, cx))
    }
}

/// A `properties` walked provisionally as a track call's, in a call whose own
/// `properties` rule differs: only its JSON type is left to check.
fn provisional_own_type(
    call: &CallDecl,
    key: &str,
    found: &Probed,
    path: &Path<'_>,
    cx: &mut Cx<'_>,
) {
    match call.fields.get(key) {
        Some(p) => {
            if let Some(f) = rules::check_type(&p.shape, found.json_type, &found.described) {
                cx.emit(f.code(), path, || f.into_kind());
            }
        }
        None => unknown_field(key, path, cx),
    }
}

/// The rank of a key among the envelope's fields that date a call, when the
/// validator observes.
fn time_rank(env: &EnvelopeDecl, key: &str, cx: &Cx<'_>) -> Option<usize> {
    if cx.opts.observe {
        env.time_fields.iter().position(|f| *f == key)
    } else {
        None
    }
}

fn unknown_field(key: &str, path: &Path<'_>, cx: &mut Cx<'_>) {
    cx.emit(Code::UnknownField, path, || Kind::UnknownField {
        name: key.to_string(),
    });
}

/// The checks one identity field's value gets on its own.
fn check_id(id: Id, field: &'static str, numbers_warn: bool, path: &Path<'_>, cx: &mut Cx<'_>) {
    match id {
        Id::Number if numbers_warn => {
            cx.emit(Code::NumericUserId, path, || Kind::NumericUserId { field });
        }
        Id::Number | Id::Boolean | Id::Array | Id::Object => {
            let found = match id {
                Id::Boolean => "boolean",
                Id::Array => "array",
                Id::Object => "object",
                _ => "number",
            };
            cx.emit(Code::WrongType, path, || Kind::WrongType {
                expected: "string".into(),
                found: found.into(),
            });
        }
        Id::Absent | Id::Empty | Id::Text => {}
    }
}

/// At least one usable identity (§11 of the reference decisions).
fn check_identity(env: &'static EnvelopeDecl, ids: &[Id], cx: &mut Cx<'_>) {
    let dialect = cx.opts.dialect;
    // No identity needed (Customer.io's report events), or a rule that asks for
    // the userId in particular reports its absence itself.
    let by_rule = |e: &EventDecl| {
        e.rules_in(dialect).any(|r| {
            r.required
                && env
                    .identities
                    .iter()
                    .any(|i| r.pointer.get(1..) == Some(i.name))
        })
    };
    if cx
        .event
        .is_some_and(|e| e.anonymous_in.contains(dialect) || by_rule(e))
    {
        return;
    }
    let usable = env.identities.iter().zip(ids).any(|(decl, id)| {
        decl.identifies_in.contains(dialect)
            && (*id == Id::Text || (*id == Id::Number && decl.numbers_warn))
    });
    if !usable {
        let accepted = env.accepted_identities(dialect);
        cx.emit(Code::MissingIdentity, &Path::Root, || {
            Kind::MissingIdentity { accepted }
        });
    }
}

/// Reports the event name's spelling and recognises it.
fn event_name(cx: &mut Cx<'_>, path: &Path<'_>, text: &Text<'_>) -> Resolution {
    let custom = Resolution::Custom { near_miss: None };
    let name = match text {
        Text::Str(name) => name,
        Text::Null => {
            cx.emit(Code::MissingEvent, path, || Kind::MissingEvent);
            return custom;
        }
        Text::Other(found) => {
            cx.emit(Code::WrongType, path, || Kind::WrongType {
                expected: "string".into(),
                found: (*found).to_string(),
            });
            return custom;
        }
    };
    if name.is_empty() {
        if cx.opts.wants_name() {
            cx.name = Some(Cow::Borrowed(""));
        }
        cx.emit(Code::EmptyEventName, path, || Kind::EmptyEventName);
        return custom;
    }
    // A near miss is only a warning: look for one only when it would be kept.
    let near_miss = cx.wants(Code::UnknownEventNearMiss);
    let res = cx.registry.resolve_with(name, cx.opts.dialect, near_miss);
    if cx.opts.wants_name() {
        // A canonical name is its declaration's own: kept without a copy.
        cx.name = Some(match res {
            Resolution::Canonical(e) if e.name == &**name => Cow::Borrowed(e.name),
            _ => Cow::Owned((**name).to_owned()),
        });
    }
    match res {
        Resolution::Canonical(_) | Resolution::Custom { near_miss: None } => {}
        Resolution::Alias(e) => cx.emit(Code::EventAlias, path, || Kind::EventAlias {
            found: name.to_string(),
            canonical: e.name,
        }),
        Resolution::Variant(e) => cx.emit(Code::NonCanonicalEventName, path, || {
            Kind::NonCanonicalEventName {
                found: name.to_string(),
                canonical: e.name,
            }
        }),
        Resolution::Custom { near_miss: Some(e) } => {
            cx.emit(Code::UnknownEventNearMiss, path, || {
                Kind::UnknownEventNearMiss {
                    found: name.to_string(),
                    suggestion: e.name,
                }
            });
        }
    }
    res
}

/// The call type a parsed call declares: `type` if it names a call type, else
/// the legacy key, else the default — as the streaming walk decides it.
pub(crate) fn call_of_value(
    env: &'static EnvelopeDecl,
    value: &Value,
) -> Option<&'static CallDecl> {
    let named = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .and_then(|t| env.call(t))
    };
    named(env.type_key)
        .or_else(|| named(env.legacy_type_key))
        .or_else(|| env.default_call())
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
        Ok(Id::Boolean)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Id, A::Error> {
        drain_seq(seq).map(|()| Id::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Id, A::Error> {
        drain_map(map).map(|()| Id::Object)
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
