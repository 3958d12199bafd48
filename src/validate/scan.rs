//! A JSON scanner built for validation: the bytes path's reader.
//!
//! It speaks `serde`'s [`Deserializer`] interface, so the one walker the
//! `Value` path also runs (`call.rs`, `value.rs`) drives it; the interface is
//! resolved at compile time, and everything behind it is written for what the
//! walker asks:
//!
//! - strings are found eight bytes at a time (a word-wide search for `"`, `\`
//!   and control characters), borrowed from the input, and unescaped only when
//!   they hold escapes (into a buffer reused across calls on a thread);
//! - numbers are read without float parsing where the result is exact either
//!   way (an integer of up to 19 digits, or a decimal whose digits fit in 53
//!   bits and whose scale is at most 10²²: one correctly rounded division);
//!   anything else goes to `serde_json`'s own number parser, so a number means
//!   the same on both paths;
//! - a skipped value is scanned without recursion.
//!
//! It never accepts what `serde_json` refuses: where it has a doubt it refuses,
//! and the caller walks the call again with `serde_json`'s deserializer, which
//! says what is wrong and where. So the bytes path's verdict on any input is
//! the one `serde_json` would give, and the differential tests and fuzz target
//! (`tests/scanner.rs`, `scanner`) hold it to that.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The name under which the walker asks for a value's raw text ([`Raw`]).
const RAW: &str = "$semantic_events::scan::Raw";

/// `serde_json` refuses arrays and objects nested this deep; so does the scanner.
const RECURSION_LIMIT: u32 = 128;

/// Input the scanner does not accept (or the walker's own early stop): the
/// caller decides which from the validation state.
#[derive(Debug)]
pub(crate) struct ScanError;

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not JSON as the scanner reads it")
    }
}

impl std::error::Error for ScanError {}

impl de::Error for ScanError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        ScanError
    }
}

thread_local! {
    /// Unescaped strings, reused from call to call on a thread: a call with
    /// escapes allocates only the first time a thread meets one that long.
    static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Powers of ten that are exact in an `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A number as `serde_json` would hand it to a visitor.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    U64(u64),
    I64(i64),
    F64(f64),
}

/// Where a scanned string's text is.
enum Str<'de> {
    /// In the input: it held no escapes.
    Borrowed(&'de str),
    /// Unescaped into the thread's scratch buffer.
    Scratch,
}

/// The reader over one JSON text.
pub(crate) struct Scanner<'de> {
    text: &'de str,
    pos: usize,
    /// How many more arrays and objects may open (see [`RECURSION_LIMIT`]).
    remaining_depth: u32,
    /// The scratch buffer, taken from the thread while this scanner holds it.
    scratch: Option<String>,
}

impl Drop for Scanner<'_> {
    fn drop(&mut self) {
        if let Some(mut buf) = self.scratch.take() {
            buf.clear();
            // A thread being torn down has no buffer to give back to.
            let _ = SCRATCH.try_with(|s| {
                if let Ok(mut s) = s.try_borrow_mut() {
                    if s.capacity() < buf.capacity() {
                        *s = buf;
                    }
                }
            });
        }
    }
}

impl<'de> Scanner<'de> {
    pub(crate) fn new(text: &'de str) -> Self {
        Scanner {
            text,
            pos: 0,
            remaining_depth: RECURSION_LIMIT,
            scratch: None,
        }
    }

    /// Only whitespace may follow the value.
    pub(crate) fn end(&mut self) -> Result<(), ScanError> {
        match self.skip_ws() {
            None => Ok(()),
            Some(_) => Err(ScanError),
        }
    }

    /// Skips whitespace; the next byte, if any.
    #[inline]
    fn skip_ws(&mut self) -> Option<u8> {
        // Compact JSON has none: every whitespace byte is at most a space.
        match self.text.as_bytes().get(self.pos) {
            Some(&c) if c > b' ' => Some(c),
            _ => self.skip_ws_slow(),
        }
    }

    fn skip_ws_slow(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&c) = bytes.get(self.pos) {
            match c {
                b' ' | b'\n' | b'\r' | b'\t' => self.pos += 1,
                _ => return Some(c),
            }
        }
        None
    }

    /// Consumes `expected` after whitespace.
    #[inline]
    fn eat(&mut self, expected: u8) -> Result<(), ScanError> {
        if self.skip_ws() == Some(expected) {
            self.pos += 1;
            Ok(())
        } else {
            Err(ScanError)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), ScanError> {
        let end = self.pos + word.len();
        if self.text.as_bytes().get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(())
        } else {
            Err(ScanError)
        }
    }

    fn enter(&mut self) -> Result<(), ScanError> {
        self.remaining_depth -= 1;
        if self.remaining_depth == 0 {
            return Err(ScanError);
        }
        Ok(())
    }

    /// A string's text, the opening quote already consumed.
    #[inline]
    fn scan_str(&mut self) -> Result<Str<'de>, ScanError> {
        let text = self.text;
        let start = self.pos;
        let i = find_special(text.as_bytes(), start);
        match text.as_bytes().get(i) {
            Some(b'"') => {
                self.pos = i + 1;
                text.get(start..i).map(Str::Borrowed).ok_or(ScanError)
            }
            Some(b'\\') => self.unescape(start, i),
            _ => Err(ScanError),
        }
    }

    /// Hands a string (its opening quote consumed) to a visitor: borrowed from
    /// the input, or from the scratch buffer when it held escapes.
    #[inline]
    fn visit_string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, ScanError> {
        match self.scan_str()? {
            Str::Borrowed(s) => visitor.visit_borrowed_str(s),
            Str::Scratch => visitor.visit_str(self.scratch.as_deref().unwrap_or("")),
        }
    }

    /// Whether an array or object has another item, at the item's start or at
    /// `close` (left for the caller to consume); the separating comma consumed.
    #[inline]
    fn more(&mut self, first: &mut bool, close: u8) -> Result<bool, ScanError> {
        let next = self.skip_ws();
        if next == Some(close) {
            return Ok(false);
        }
        if !std::mem::take(first) {
            if next != Some(b',') {
                return Err(ScanError);
            }
            self.pos += 1;
        }
        Ok(true)
    }

    /// The rest of a string that holds an escape at `i`, into the scratch buffer.
    #[cold]
    fn unescape(&mut self, start: usize, mut i: usize) -> Result<Str<'de>, ScanError> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut out = self
            .scratch
            .take()
            .or_else(|| {
                SCRATCH
                    .try_with(|s| s.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)))
                    .ok()?
                    .ok()
            })
            .unwrap_or_default();
        out.clear();
        out.push_str(text.get(start..i).ok_or(ScanError)?);
        let result = loop {
            let Some(c) = self.escape(&mut i) else {
                break Err(ScanError);
            };
            out.push(c);
            let next = find_special(bytes, i);
            let Some(run) = text.get(i..next) else {
                break Err(ScanError);
            };
            out.push_str(run);
            match bytes.get(next) {
                Some(b'"') => {
                    self.pos = next + 1;
                    break Ok(Str::Scratch);
                }
                Some(b'\\') => i = next,
                _ => break Err(ScanError),
            }
        };
        self.scratch = Some(out);
        result
    }

    /// The character an escape at `i` (a backslash) stands for, `i` moved past
    /// it; `None` if it is not a JSON escape.
    fn escape(&self, i: &mut usize) -> Option<char> {
        let e = *self.text.as_bytes().get(*i + 1)?;
        *i += 2;
        Some(match e {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.hex_escape(i)?,
            _ => return None,
        })
    }

    /// Skips a string, the opening quote consumed: its escapes are checked, not
    /// unescaped (a skipped value needs no buffer).
    fn skip_str(&mut self) -> Result<(), ScanError> {
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        loop {
            i = find_special(bytes, i);
            match bytes.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.escape(&mut i).ok_or(ScanError)?;
                }
                _ => return Err(ScanError),
            }
        }
    }

    /// The character of a `\uXXXX` escape (and its low surrogate's, if it is a
    /// high one) starting at `i`, just after the `u`; `None` for a lone surrogate.
    fn hex_escape(&self, i: &mut usize) -> Option<char> {
        let bytes = self.text.as_bytes();
        let hex4 = |at: usize| -> Option<u32> {
            let digits = bytes.get(at..at + 4)?;
            digits
                .iter()
                .try_fold(0u32, |n, &d| Some(n * 16 + char::from(d).to_digit(16)?))
        };
        let high = hex4(*i)?;
        *i += 4;
        match high {
            0xD800..=0xDBFF => {
                if bytes.get(*i..*i + 2) != Some(b"\\u") {
                    return None;
                }
                let low = hex4(*i + 2)?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return None;
                }
                *i += 6;
                char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            }
            0xDC00..=0xDFFF => None,
            c => char::from_u32(c),
        }
    }

    /// The end of the number starting at `pos`, checked against JSON's grammar.
    fn number_end(&self) -> Result<usize, ScanError> {
        let bytes = self.text.as_bytes();
        let digits = |mut i: usize| {
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            i
        };
        let mut i = self.pos;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i = digits(i + 1),
            _ => return Err(ScanError),
        }
        if bytes.get(i) == Some(&b'.') {
            let after = digits(i + 1);
            if after == i + 1 {
                return Err(ScanError);
            }
            i = after;
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let after = digits(i);
            if after == i {
                return Err(ScanError);
            }
            i = after;
        }
        // `serde_json` refuses a leading zero followed by a digit.
        if bytes.get(i).is_some_and(u8::is_ascii_digit) {
            return Err(ScanError);
        }
        Ok(i)
    }

    /// Reads a number as `serde_json` would hand it to a visitor.
    #[inline]
    fn scan_number(&mut self) -> Result<Num, ScanError> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut i = start;
        let negative = bytes.get(i) == Some(&b'-');
        i += usize::from(negative);
        let int_start = i;
        let mut significand: u64 = 0;
        while let Some(&d) = bytes.get(i).filter(|d| d.is_ascii_digit()) {
            significand = significand
                .wrapping_mul(10)
                .wrapping_add(u64::from(d - b'0'));
            i += 1;
        }
        let int_digits = i - int_start;
        let mut scale = 0;
        let mut fraction_ok = true;
        if bytes.get(i) == Some(&b'.') {
            let frac_start = i + 1;
            i = frac_start;
            while let Some(&d) = bytes.get(i).filter(|d| d.is_ascii_digit()) {
                significand = significand
                    .wrapping_mul(10)
                    .wrapping_add(u64::from(d - b'0'));
                i += 1;
            }
            scale = i - frac_start;
            fraction_ok = scale > 0;
        }
        // The exact cases; anything else (an exponent, a leading zero, too many
        // digits, bad grammar) is the slow path's to read or refuse.
        let fast = int_digits > 0
            && fraction_ok
            && (int_digits == 1 || bytes.get(int_start) != Some(&b'0'))
            && int_digits + scale <= 19
            && !matches!(bytes.get(i), Some(b'e' | b'E'));
        if fast {
            let num = match (scale, negative) {
                (0, false) => Some(Num::U64(significand)),
                // `-0` and `i64::MIN` are left to `serde_json`.
                (0, true) => i64::try_from(significand)
                    .ok()
                    .filter(|&n| n != 0)
                    .map(|n| Num::I64(-n)),
                _ if significand < (1 << 53) && scale < POW10.len() => {
                    #[allow(clippy::cast_precision_loss)] // below 2^53: exact
                    let f = significand as f64 / POW10[scale];
                    Some(Num::F64(if negative { -f } else { f }))
                }
                _ => None,
            };
            if let Some(num) = num {
                self.pos = i;
                return Ok(num);
            }
        }
        self.slow_number()
    }

    /// A number outside the exact cases: `serde_json`'s parser reads it.
    #[cold]
    fn slow_number(&mut self) -> Result<Num, ScanError> {
        let end = self.number_end()?;
        let text = self.text.get(self.pos..end).ok_or(ScanError)?;
        let n: serde_json::Number = serde_json::from_str(text).map_err(|_| ScanError)?;
        self.pos = end;
        if let Some(u) = n.as_u64() {
            Ok(Num::U64(u))
        } else if let Some(i) = n.as_i64() {
            Ok(Num::I64(i))
        } else {
            n.as_f64().map(Num::F64).ok_or(ScanError)
        }
    }

    /// Skips a member's key and colon, at the key's opening quote.
    fn skip_key(&mut self) -> Result<(), ScanError> {
        self.eat(b'"')?;
        self.skip_str()?;
        self.eat(b':')
    }

    /// Skips one value, without recursion.
    fn skip_value(&mut self) -> Result<(), ScanError> {
        // Open containers, innermost in the low bit: 1 for an object.
        let mut stack: u128 = 0;
        let mut depth: u32 = 0;
        'value: loop {
            match self.skip_ws() {
                Some(open @ (b'{' | b'[')) => {
                    self.pos += 1;
                    if depth == RECURSION_LIMIT - 1 {
                        return Err(ScanError);
                    }
                    let object = open == b'{';
                    stack = (stack << 1) | u128::from(object);
                    depth += 1;
                    let close = if object { b'}' } else { b']' };
                    if self.skip_ws() == Some(close) {
                        self.pos += 1;
                        depth -= 1;
                        stack >>= 1;
                    } else {
                        if object {
                            self.skip_key()?;
                        }
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    self.pos += 1;
                    self.skip_str()?;
                }
                Some(b'-' | b'0'..=b'9') => self.pos = self.number_end()?,
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                _ => return Err(ScanError),
            }
            // A value is done: close what it ends, or go on to the next.
            loop {
                if depth == 0 {
                    return Ok(());
                }
                let object = stack & 1 == 1;
                match self.skip_ws() {
                    Some(b',') => {
                        self.pos += 1;
                        if object {
                            self.skip_key()?;
                        }
                        continue 'value;
                    }
                    Some(b'}') if object => {}
                    Some(b']') if !object => {}
                    _ => return Err(ScanError),
                }
                self.pos += 1;
                depth -= 1;
                stack >>= 1;
            }
        }
    }
}

/// The index of the first `"`, `\` or control character at or after `i`, or
/// the length: eight bytes at a time, then one by one.
#[inline]
fn find_special(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(word);
        // A byte below 0x20 (non-ASCII bytes are not flagged: `& !w`).
        let control = w.wrapping_sub(ONES * 0x20) & !w;
        let q = w ^ (ONES * u64::from(b'"'));
        let quote = q.wrapping_sub(ONES) & !q;
        let b = w ^ (ONES * u64::from(b'\\'));
        let backslash = b.wrapping_sub(ONES) & !b;
        // Only the lowest flagged byte is exact (borrows run upwards): it is
        // the one wanted.
        let found = (control | quote | backslash) & HIGH;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&c) = bytes.get(i) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            return i;
        }
        i += 1;
    }
    i
}

impl<'de> Deserializer<'de> for &mut Scanner<'de> {
    type Error = ScanError;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ScanError> {
        match self.skip_ws() {
            Some(b'"') => {
                self.pos += 1;
                self.visit_string(visitor)
            }
            Some(b'{') => {
                self.pos += 1;
                self.enter()?;
                let value = visitor.visit_map(Members {
                    scanner: &mut *self,
                    first: true,
                })?;
                self.remaining_depth += 1;
                self.eat(b'}')?;
                Ok(value)
            }
            Some(b'[') => {
                self.pos += 1;
                self.enter()?;
                let value = visitor.visit_seq(Elements {
                    scanner: &mut *self,
                    first: true,
                })?;
                self.remaining_depth += 1;
                self.eat(b']')?;
                Ok(value)
            }
            Some(b'-' | b'0'..=b'9') => match self.scan_number()? {
                Num::U64(n) => visitor.visit_u64(n),
                Num::I64(n) => visitor.visit_i64(n),
                Num::F64(n) => visitor.visit_f64(n),
            },
            Some(b't') => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            Some(b'f') => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            Some(b'n') => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            _ => Err(ScanError),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ScanError> {
        self.skip_value()?;
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ScanError> {
        if name == RAW {
            self.skip_ws();
            let start = self.pos;
            self.skip_value()?;
            let raw = self.text.get(start..self.pos).ok_or(ScanError)?;
            visitor.visit_borrowed_str(raw)
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple
        tuple_struct map struct enum identifier
    }
}

/// An object's members, the opening brace consumed.
struct Members<'a, 'de> {
    scanner: &'a mut Scanner<'de>,
    first: bool,
}

impl<'de> MapAccess<'de> for Members<'_, 'de> {
    type Error = ScanError;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ScanError> {
        let s = &mut *self.scanner;
        if !s.more(&mut self.first, b'}')? {
            return Ok(None);
        }
        if s.skip_ws() != Some(b'"') {
            return Err(ScanError);
        }
        s.pos += 1;
        seed.deserialize(Key(s)).map(Some)
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ScanError> {
        self.scanner.eat(b':')?;
        seed.deserialize(&mut *self.scanner)
    }
}

/// A member's key, its opening quote consumed: a string, read without looking
/// again at what it is.
struct Key<'a, 'de>(&'a mut Scanner<'de>);

impl<'de> Deserializer<'de> for Key<'_, 'de> {
    type Error = ScanError;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ScanError> {
        self.0.visit_string(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// An array's elements, the opening bracket consumed.
struct Elements<'a, 'de> {
    scanner: &'a mut Scanner<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = ScanError;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ScanError> {
        let s = &mut *self.scanner;
        if !s.more(&mut self.first, b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *s).map(Some)
    }
}

/// A value's raw JSON text, borrowed from the input: what the walker keeps
/// when a value's walk must wait (see `Deferred`). Only the scanner gives one.
pub(crate) struct Raw<'de>(pub(crate) &'de str);

impl<'de> de::Deserialize<'de> for Raw<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RawVisitor;
        impl<'de> Visitor<'de> for RawVisitor {
            type Value = Raw<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value's raw text (from the scanner)")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Raw<'de>, E> {
                Ok(Raw(v))
            }
        }
        d.deserialize_newtype_struct(RAW, RawVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `serde_json` hands a visitor for this number.
    fn reference(text: &str) -> Option<Num> {
        let n: serde_json::Number = serde_json::from_str(text).ok()?;
        Some(if let Some(u) = n.as_u64() {
            Num::U64(u)
        } else if let Some(i) = n.as_i64() {
            Num::I64(i)
        } else {
            Num::F64(n.as_f64()?)
        })
    }

    fn scanned(text: &str) -> Option<Num> {
        let mut s = Scanner::new(text);
        let n = s.scan_number().ok()?;
        s.end().ok()?;
        Some(n)
    }

    #[test]
    fn numbers_mean_what_serde_json_says() {
        let cases = [
            "0",
            "-0",
            "7",
            "-7",
            "12.99",
            "-12.99",
            "0.1",
            "-0.0",
            "1.0",
            "1e3",
            "1E-3",
            "2.5e+2",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "9007199254740993.5",
            "0.30000000000000004",
            "1234567890123456789",
            "12345678901234567890",
            "123456789.0123456789",
            "0.0000000000000000000000001",
            "1.7976931348623157e308",
            "1e400",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "-01",
            "00",
            "1.5.2",
            "+1",
            "0x1",
            "4.9e-324",
            // The fast path's edges: 2^53 - 1 and 2^53 as digits, 19 digits,
            // scale 18 and 23, i64::MIN + 1.
            "900719925474099.1",
            "900719925474099.2",
            "9999999999999999999",
            "0.000000000000000001",
            "0.00000000000000000000001",
            "-9223372036854775807",
        ];
        for text in cases {
            let (got, want) = (scanned(text), reference(text));
            match (got, want) {
                (Some(Num::F64(a)), Some(Num::F64(b))) => {
                    assert_eq!(a.to_bits(), b.to_bits(), "{text}");
                }
                (a, b) => assert_eq!(a, b, "{text}"),
            }
        }
    }

    #[test]
    fn strings_unescape_and_refuse_what_json_refuses() {
        let read = |text: &str| -> Option<String> {
            let mut s = Scanner::new(text);
            s.eat(b'"').ok()?;
            Some(match s.scan_str().ok()? {
                Str::Borrowed(b) => b.to_string(),
                Str::Scratch => s.scratch.clone()?,
            })
        };
        for text in [
            r#""plain""#,
            r#""a\"b\\c\/d\b\f\n\r\t""#,
            r#""\u00e9t\u00E9 \ud83d\ude00 end""#,
            r#""long enough to take the word-wide path \u0041 twice \u0042""#,
            "\"caf\u{e9} \u{1F600}\"",
        ] {
            let want: String = serde_json::from_str(text).unwrap();
            assert_eq!(read(text).as_deref(), Some(&*want), "{text}");
        }
        for text in [
            "\"tab\there\"",
            r#""\ud800""#,
            r#""\udc00""#,
            r#""\ud800\u0041""#,
            r#""\x""#,
            r#""\u12""#,
            r#""unterminated"#,
        ] {
            assert!(serde_json::from_str::<String>(text).is_err(), "{text}");
            assert_eq!(read(text), None, "{text}");
        }
    }

    #[test]
    fn skipping_checks_the_grammar_without_recursion() {
        let skip = |text: &str| {
            let mut s = Scanner::new(text);
            s.skip_value().and_then(|()| s.end()).is_ok()
        };
        for text in [
            r#"{"a":[1,2,{"b":null,"c":[true,false]}],"d":"e\"f","g":{}}"#,
            "[]",
            " [ 1 , { } ] ",
            "-0.5e-3",
        ] {
            assert!(skip(text), "{text}");
        }
        for text in [
            r#"{"a":1,}"#,
            "[1,]",
            r#"{"a" 1}"#,
            "[1 2]",
            "{1:2}",
            "[",
            "nul",
            r#"{"a":1]"#,
        ] {
            assert!(!skip(text), "{text}");
        }
        // Skipping refuses what a `Value` could not hold (128 levels), where
        // `serde_json`'s own skipping has no limit: stricter, so such input
        // goes to the reference reader, which decides.
        let deep = format!("{}{}", "[".repeat(127), "]".repeat(127));
        assert!(skip(&deep));
        assert!(serde_json::from_str::<serde_json::Value>(&deep).is_ok());
        let deeper = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(!skip(&deeper));
        assert!(serde_json::from_str::<serde_json::Value>(&deeper).is_err());
        assert!(serde_json::from_str::<serde::de::IgnoredAny>(&deeper).is_ok());
    }
}
