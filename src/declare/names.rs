//! Names and their folding: how two spellings of one name are told to be the same.
//!
//! Folding keeps letters and digits, lower-cased, and drops everything else, so
//! `Product Added`, `product_added`, `productAdded` and `PRODUCT-ADDED` all fold
//! to `productadded`. It works in a stack buffer and allocates nothing.

use std::fmt;
use std::ops::Deref;

/// Names whose folded form is longer than this (in bytes) are not folded: no
/// semantic name is near. Separators do not count, so the limit says the same
/// as the exported schemas' fold patterns, which bound letters, not separators.
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
/// characters kept, every other ASCII character dropped. `None` when what is
/// kept is longer than [`FOLD_LIMIT`] bytes.
///
/// ```
/// use semantic_events::declare::names::fold;
/// assert_eq!(&*fold("Product_Added").unwrap(), "productadded");
/// assert_eq!(&*fold("productId").unwrap(), "productid");
/// ```
pub fn fold(name: &str) -> Option<Folded> {
    let mut out = Folded {
        buf: [0; FOLD_LIMIT],
        len: 0,
    };
    for &b in name.as_bytes() {
        if b.is_ascii_alphanumeric() || !b.is_ascii() {
            *out.buf.get_mut(out.len)? = b.to_ascii_lowercase();
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
        // Separators do not count: as many as you like.
        let spaced = format!("product{}_id", ")".repeat(200));
        assert_eq!(&*fold(&spaced).unwrap(), "productid");
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
}
