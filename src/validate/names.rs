//! The [`Registry`] of events a validator recognises: canonical spellings,
//! aliases, variant spellings and "did you mean".
//!
//! Folding (see [`fold`]) is the model's; this module indexes folded names.

use crate::declare::{
    Dialect, EnvelopeDecl, Event, EventDecl, ObjectDecl, RegistryError, Vocabulary,
};

pub use crate::declare::names::{FOLD_LIMIT, Folded, distance_within, fold};

/// The set of bytes (mod 64) in a folded name.
fn letters(folded: &str) -> u64 {
    folded.bytes().fold(0, |m, b| m | 1 << (b % 64))
}

/// How far a folded name may be from a semantic one to count as a near miss.
fn near_miss_budget(len: usize) -> usize {
    match len {
        0..=5 => 0,
        6..=9 => 1,
        _ => 2,
    }
}

/// How an event name was recognised.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Resolution {
    /// The exact canonical name.
    Canonical(&'static EventDecl),
    /// An alias: a Segment v1 or GA-era name, or a vendor's own name.
    Alias(&'static EventDecl),
    /// A variant spelling (case, spacing, snake or camel case) of a canonical name or alias.
    Variant(&'static EventDecl),
    /// Not a known event; perhaps close to one.
    Custom {
        /// The event whose name is within a small edit distance, if any.
        near_miss: Option<&'static EventDecl>,
    },
}

impl Resolution {
    /// The recognised event, if any.
    pub fn event(self) -> Option<&'static EventDecl> {
        match self {
            Resolution::Canonical(e) | Resolution::Alias(e) | Resolution::Variant(e) => Some(e),
            Resolution::Custom { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    event: usize,
    alias: bool,
    dialect: Option<Dialect>,
}

/// The vocabulary a [`Validator`](crate::Validator) recognises, indexed for
/// name lookups: the envelope, the reserved properties and the events (the
/// built-in ones, plus any a downstream crate registers).
///
/// ```
/// use semantic_events::{Dialect, Registry};
/// use semantic_events::validate::names::Resolution;
///
/// let registry = Registry::builtin();
/// let r = registry.resolve("product_added", Dialect::Segment);
/// assert!(matches!(r, Resolution::Variant(e) if e.name == "Product Added"));
/// ```
#[derive(Debug, Clone)]
pub struct Registry {
    envelope: &'static EnvelopeDecl,
    reserved: &'static ObjectDecl,
    events: Vec<&'static EventDecl>,
    exact: rustc_hash::FxHashMap<&'static str, Entry>,
    folded: rustc_hash::FxHashMap<Box<str>, Entry>,
    /// Folded canonical names by length, with their letter sets, for near-miss
    /// suggestions.
    by_len: Vec<Vec<(Box<str>, u64, usize)>>,
}

impl Registry {
    /// Indexes a vocabulary.
    ///
    /// # Errors
    ///
    /// [`RegistryError::NameCollision`] when two events' names or aliases fold
    /// to the same spelling.
    pub fn new(vocabulary: &Vocabulary) -> Result<Registry, RegistryError> {
        let mut registry = Registry {
            envelope: vocabulary.envelope,
            reserved: vocabulary.reserved,
            events: Vec::new(),
            exact: rustc_hash::FxHashMap::default(),
            folded: rustc_hash::FxHashMap::default(),
            by_len: vec![Vec::new(); FOLD_LIMIT + 1],
        };
        for event in &vocabulary.events {
            registry.register_decl(event)?;
        }
        Ok(registry)
    }

    /// The envelope declaration.
    pub fn envelope(&self) -> &'static EnvelopeDecl {
        self.envelope
    }

    /// The properties checked on every track call.
    pub fn reserved(&self) -> &'static ObjectDecl {
        self.reserved
    }

    /// Registers a declared event beside the others.
    ///
    /// # Errors
    ///
    /// [`RegistryError::NameCollision`] when its name or an alias folds to the
    /// same spelling as a registered event's name or alias.
    pub fn register<E: Event>(&mut self) -> Result<&mut Self, RegistryError> {
        self.register_decl(E::decl())?;
        Ok(self)
    }

    /// Registers an event declaration. See [`Registry::register`].
    ///
    /// # Errors
    ///
    /// As [`Registry::register`].
    pub fn register_decl(&mut self, decl: &'static EventDecl) -> Result<(), RegistryError> {
        let index = self.events.len();
        let mut names: Vec<(&'static str, bool, Option<Dialect>)> = vec![(decl.name, false, None)];
        names.extend(decl.aliases.iter().map(|a| (*a, true, None)));
        names.extend(
            decl.vendor_aliases
                .iter()
                .map(|(d, a)| (*a, true, Some(*d))),
        );
        let mut staged: Vec<(Box<str>, Entry)> = Vec::new();
        for (name, alias, dialect) in &names {
            let folded = fold(name)
                .filter(|f| !f.is_empty())
                .ok_or_else(|| RegistryError::UnusableName((*name).to_string()))?;
            if let Some(existing) = self.folded.get(&*folded) {
                // The same vendor alias may name one event in two dialects; only
                // a different event is a collision.
                if existing.event != index {
                    return Err(RegistryError::NameCollision {
                        name: (*name).to_string(),
                        existing: self.events[existing.event].name,
                    });
                }
            }
            let entry = Entry {
                event: index,
                alias: *alias,
                dialect: *dialect,
            };
            staged.push(((*folded).into(), entry));
        }
        for (name, alias, dialect) in names {
            self.exact.insert(
                name,
                Entry {
                    event: index,
                    alias,
                    dialect,
                },
            );
        }
        if let Some(f) = fold(decl.name) {
            self.by_len[f.len()].push(((*f).into(), letters(&f), index));
        }
        for (f, e) in staged {
            self.folded.entry(f).or_insert(e);
        }
        self.events.push(decl);
        Ok(())
    }

    /// The registered events, in registration order.
    pub fn events(&self) -> impl Iterator<Item = &'static EventDecl> + '_ {
        self.events.iter().copied()
    }

    /// The event with this exact canonical name.
    pub fn get(&self, name: &str) -> Option<&'static EventDecl> {
        self.exact
            .get(name)
            .filter(|e| !e.alias)
            .map(|e| self.events[e.event])
    }

    fn usable(&self, e: Entry, dialect: Dialect) -> Option<&'static EventDecl> {
        let decl = self.events[e.event];
        let dialect_ok = e.dialect.is_none_or(|d| d == dialect);
        (dialect_ok && decl.vendors.known_in(dialect)).then_some(decl)
    }

    /// Recognises an event name as sent, in `dialect`.
    pub fn resolve(&self, name: &str, dialect: Dialect) -> Resolution {
        self.resolve_with(name, dialect, true)
    }

    /// [`Registry::resolve`], looking for a near miss only when `near_miss` is
    /// set (the search costs more than the rest; a caller that drops warnings
    /// can skip it).
    pub fn resolve_with(&self, name: &str, dialect: Dialect, near_miss: bool) -> Resolution {
        if let Some(e) = self.exact.get(name) {
            if let Some(decl) = self.usable(*e, dialect) {
                return if e.alias {
                    Resolution::Alias(decl)
                } else {
                    Resolution::Canonical(decl)
                };
            }
        }
        let Some(folded) = fold(name) else {
            return Resolution::Custom { near_miss: None };
        };
        if let Some(e) = self.folded.get(&*folded) {
            if let Some(decl) = self.usable(*e, dialect) {
                return Resolution::Variant(decl);
            }
        }
        Resolution::Custom {
            near_miss: near_miss
                .then(|| self.near_miss(&folded, dialect))
                .flatten(),
        }
    }

    fn near_miss(&self, folded: &str, dialect: Dialect) -> Option<&'static EventDecl> {
        let budget = near_miss_budget(folded.len());
        if budget == 0 {
            return None;
        }
        let lo = folded.len().saturating_sub(budget);
        let hi = (folded.len() + budget).min(FOLD_LIMIT);
        let mut best: Option<(usize, &'static EventDecl)> = None;
        let mask = letters(folded);
        for bucket in &self.by_len[lo..=hi] {
            for (candidate, candidate_mask, index) in bucket {
                // Each edit changes at most two letters of the set: a cheap bound.
                if (mask ^ candidate_mask).count_ones() as usize > 2 * budget {
                    continue;
                }
                let decl = self.events[*index];
                if !decl.vendors.known_in(dialect) {
                    continue;
                }
                if let Some(d) = distance_within(folded, candidate, budget) {
                    if best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, decl));
                    }
                }
            }
        }
        best.map(|(_, d)| d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declare::Object;

    #[test]
    fn an_empty_vocabulary_resolves_nothing() {
        let envelope = crate::declare::EnvelopeDecl::new(
            ["event", "properties", "type", "action"],
            Vec::new(),
            Vec::new(),
            Nothing::decl(),
        );
        let vocabulary = Vocabulary {
            envelope: Box::leak(Box::new(envelope)),
            reserved: Nothing::decl(),
            events: Vec::new(),
        };
        let r = Registry::new(&vocabulary).expect("no names, no collision");
        assert_eq!(
            r.resolve("Product Added", Dialect::Segment),
            Resolution::Custom { near_miss: None }
        );
    }

    crate::object! {
        /// Nothing declared.
        struct Nothing {}
    }
}
