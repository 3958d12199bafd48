//! What an envelope declaration is: the identity fields, the call types and the
//! checks that apply to each, and the plain fields every call may carry.
//!
//! The vocabulary declares the one envelope of the spec (`crate::envelope`); the
//! validator walks it and the JSON Schema export renders it, so both read the
//! same table.

use super::dialect::{Dialect, Vendors};
use super::shape::ObjectDecl;

/// An identity field (`userId`, `anonymousId`, Customer.io's `groupId`).
#[derive(Debug, Clone)]
pub struct IdentityDecl {
    /// The wire name.
    pub name: &'static str,
    /// What it identifies.
    pub doc: &'static str,
    /// The dialects in which this field alone identifies a call's sender.
    pub identifies_in: Vendors,
    /// Whether a number is accepted with a warning (`numeric_user_id`) rather
    /// than being a wrong type.
    pub numbers_warn: bool,
}

/// One call type (`track`, `identify`, `page`, …) and what applies to it.
#[derive(Debug)]
pub struct CallDecl {
    /// The value of `type`.
    pub name: &'static str,
    /// What the call is for.
    pub doc: &'static str,
    /// Whether `event` and `properties` are the call's (a track call): the event
    /// name is required and recognised, the properties checked against it.
    pub track: bool,
    /// Whether the call needs an identity (an alias call names two instead).
    pub needs_identity: bool,
    /// The call's own top-level fields, beyond the envelope's common ones.
    pub fields: &'static ObjectDecl,
}

/// The envelope of a call: everything around a track call's `properties`.
#[derive(Debug)]
pub struct EnvelopeDecl {
    /// The key naming the event (`event`).
    pub event_key: &'static str,
    /// The key of the event's properties (`properties`).
    pub properties_key: &'static str,
    /// The key naming the call type (`type`).
    pub type_key: &'static str,
    /// An older key for the call type that some documentation still shows
    /// (`action`): accepted with a warning; `type` wins when both are present.
    pub legacy_type_key: &'static str,
    /// The identity fields.
    pub identities: Vec<IdentityDecl>,
    /// The call types; the first is the default when the call does not say.
    pub calls: Vec<CallDecl>,
    /// The plain fields every call may carry (`context`, timestamps, …).
    pub fields: &'static ObjectDecl,
    /// The fields that date a call, most telling first (the first valid
    /// date-time among them is the call's time in a data-quality report);
    /// none unless [`EnvelopeDecl::dated_by`] says.
    pub time_fields: &'static [&'static str],
    call_names: Vec<&'static str>,
    accepted: Vec<(Dialect, Vec<&'static str>)>,
}

impl EnvelopeDecl {
    /// An envelope; `calls` must not be empty (its first entry is the default).
    pub fn new(
        keys: [&'static str; 4],
        identities: Vec<IdentityDecl>,
        calls: Vec<CallDecl>,
        fields: &'static ObjectDecl,
    ) -> EnvelopeDecl {
        let [event_key, properties_key, type_key, legacy_type_key] = keys;
        let call_names = calls.iter().map(|c| c.name).collect();
        let accepted = Dialect::ALL
            .iter()
            .map(|&d| {
                let names = identities
                    .iter()
                    .filter(|i| i.identifies_in.contains(d))
                    .map(|i| i.name)
                    .collect();
                (d, names)
            })
            .collect();
        EnvelopeDecl {
            event_key,
            properties_key,
            type_key,
            legacy_type_key,
            identities,
            calls,
            fields,
            time_fields: &[],
            call_names,
            accepted,
        }
    }

    /// The fields that date a call, most telling first.
    pub fn dated_by(mut self, fields: &'static [&'static str]) -> EnvelopeDecl {
        self.time_fields = fields;
        self
    }

    /// The call type when the call does not name one (the first declared).
    pub fn default_call(&self) -> Option<&CallDecl> {
        self.calls.first()
    }

    /// The call type with this name.
    pub fn call(&self, name: &str) -> Option<&CallDecl> {
        self.calls.iter().find(|c| c.name == name)
    }

    /// The names of the call types, in declaration order.
    pub fn call_names(&self) -> &[&'static str] {
        &self.call_names
    }

    /// The identity field with this name, and its index in `identities`.
    pub fn identity(&self, name: &str) -> Option<(usize, &IdentityDecl)> {
        self.identities
            .iter()
            .enumerate()
            .find(|(_, i)| i.name == name)
    }

    /// The identity fields any one of which identifies a call in `dialect`.
    pub fn accepted_identities(&self, dialect: Dialect) -> &[&'static str] {
        self.accepted
            .iter()
            .find(|(d, _)| *d == dialect)
            .map_or(&[], |(_, names)| &names[..])
    }
}
