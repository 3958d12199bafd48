//! Names: canonical spellings, folding, aliases, "did you mean", and the
//! [`Registry`] of events a validator recognises.
//!
//! Folding keeps letters and digits, lower-cased, and drops everything else, so
//! `Product Added`, `product_added`, `productAdded` and `PRODUCT-ADDED` all fold
//! to `productadded`. It works in a stack buffer and allocates nothing.

use std::fmt;
use std::ops::Deref;
use std::sync::LazyLock;

use crate::declare::{Dialect, Event, EventDecl};

/// Names longer than this (in bytes) are not folded: no semantic name is near.
pub const FOLD_LIMIT: usize = 96;

/// A folded name in a stack buffer. See [`fold`].
#[derive(Clone, Copy)]
pub struct Folded {
    buf: [u8; FOLD_LIMIT],
    len: usize,
}

impl Deref for Folded {
    type Target = str;
    fn deref(&self) -> &str {
        // Only whole UTF-8 sequences and ASCII bytes are copied, so this holds.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl fmt::Debug for Folded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// Folds a name: ASCII letters lower-cased, ASCII digits and non-ASCII
/// characters kept, every other ASCII character dropped. `None` when the name
/// is longer than [`FOLD_LIMIT`] bytes.
///
/// ```
/// use semantic_events::validate::names::fold;
/// assert_eq!(&*fold("Product_Added").unwrap(), "productadded");
/// assert_eq!(&*fold("productId").unwrap(), "productid");
/// ```
pub fn fold(name: &str) -> Option<Folded> {
    if name.len() > FOLD_LIMIT {
        return None;
    }
    let mut out = Folded {
        buf: [0; FOLD_LIMIT],
        len: 0,
    };
    for &b in name.as_bytes() {
        if b.is_ascii_alphanumeric() || !b.is_ascii() {
            out.buf[out.len] = b.to_ascii_lowercase();
            out.len += 1;
        }
    }
    Some(out)
}

/// Levenshtein distance between `a` and `b` if it is at most `max`.
///
/// Works on bytes, with one row on the stack; `None` past `max` or when either
/// string is longer than [`FOLD_LIMIT`].
pub fn distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > max || a.len() > FOLD_LIMIT || b.len() > FOLD_LIMIT {
        return None;
    }
    let mut row = [0usize; FOLD_LIMIT + 1];
    for (j, cell) in row.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            let cost = usize::from(ca != cb);
            row[j + 1] = (diag + cost).min(above + 1).min(row[j] + 1);
            diag = above;
            best = best.min(row[j + 1]);
        }
        if best > max {
            return None;
        }
    }
    (row[b.len()] <= max).then_some(row[b.len()])
}

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

/// Why an event could not be registered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegistryError {
    /// The name (or an alias), after folding case and separators, is taken.
    #[error("event name \"{name}\" collides with the registered event \"{existing}\"")]
    NameCollision {
        /// The name being registered.
        name: String,
        /// The canonical name of the event it collides with.
        existing: &'static str,
    },
    /// The name folds to nothing (no letters or digits) or is too long to index.
    #[error(
        "event name \"{0}\" cannot be registered: it needs letters or digits and at most 96 bytes"
    )]
    UnusableName(String),
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    event: usize,
    alias: bool,
    dialect: Option<Dialect>,
}

/// The events a [`Validator`](crate::Validator) recognises: the built-in semantic
/// events, plus any a downstream crate registers.
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
    events: Vec<&'static EventDecl>,
    exact: rustc_hash::FxHashMap<&'static str, Entry>,
    folded: rustc_hash::FxHashMap<Box<str>, Entry>,
    /// Folded canonical names by length, with their letter sets, for near-miss
    /// suggestions.
    by_len: Vec<Vec<(Box<str>, u64, usize)>>,
}

static BUILTIN: LazyLock<Registry> = LazyLock::new(|| {
    let mut r = Registry::empty();
    for e in crate::events::EventName::ALL {
        if let Err(err) = r.register_decl(e.decl()) {
            // The crate's own tests prove the built-in names are unique; keep going
            // rather than panic in a user's process.
            debug_assert!(false, "{err}");
        }
    }
    r
});

impl Default for Registry {
    fn default() -> Self {
        Registry::builtin().clone()
    }
}

impl Registry {
    /// No events at all (custom-event checks only).
    pub fn empty() -> Registry {
        Registry {
            events: Vec::new(),
            exact: rustc_hash::FxHashMap::default(),
            folded: rustc_hash::FxHashMap::default(),
            by_len: vec![Vec::new(); FOLD_LIMIT + 1],
        }
    }

    /// The built-in semantic events of all five families.
    pub fn builtin() -> &'static Registry {
        &BUILTIN
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

    #[test]
    fn folding_ignores_case_and_separators() {
        for s in [
            "Product Added",
            "product_added",
            "productAdded",
            "PRODUCT-ADDED",
        ] {
            assert_eq!(&*fold(s).unwrap(), "productadded", "{s}");
        }
        assert_eq!(&*fold("Crème Brûlée").unwrap(), "crèmebrûlée");
        assert!(fold(&"x".repeat(FOLD_LIMIT + 1)).is_none());
    }

    #[test]
    fn bounded_distance() {
        assert_eq!(
            distance_within("ordercompleted", "ordercomplete", 2),
            Some(1)
        );
        assert_eq!(distance_within("kitten", "sitting", 3), Some(3));
        assert_eq!(distance_within("kitten", "sitting", 2), None);
        assert_eq!(distance_within("", "", 0), Some(0));
    }

    #[test]
    fn resolution_kinds() {
        let r = Registry::builtin();
        let name = |res: Resolution| res.event().map(|e| e.name);
        assert!(matches!(
            r.resolve("Product Added", Dialect::Segment),
            Resolution::Canonical(_)
        ));
        assert!(matches!(
            r.resolve("Added Product", Dialect::Segment),
            Resolution::Alias(_)
        ));
        assert!(matches!(
            r.resolve("product added", Dialect::Segment),
            Resolution::Variant(_)
        ));
        assert_eq!(
            name(r.resolve("added_product", Dialect::Segment)),
            Some("Product Added")
        );
        match r.resolve("Order Complete", Dialect::Segment) {
            Resolution::Custom { near_miss: Some(e) } => assert_eq!(e.name, "Order Completed"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            r.resolve("login", Dialect::Segment),
            Resolution::Custom { near_miss: None }
        );
    }
}
