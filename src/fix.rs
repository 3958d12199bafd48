//! Repair: the lossless, unambiguous repairs of a call, as an RFC 6902 JSON Patch.
//!
//! A [`Fixer`] validates a call, repairs what can be repaired without guessing,
//! and says what is still wrong. Each repair removes one violation, named by its
//! code; [`REPAIRABLE`] lists them all:
//!
//! | code | repair | JSON Patch |
//! |---|---|---|
//! | `event_alias`, `non_canonical_event_name` | the event's canonical name in the validator's dialect | `replace /event` |
//! | `non_canonical_property_name` | the canonical property name, when that key is absent and no other spelling of it is present | `move` |
//! | `numeric_string` | the number the string spells, when it is a JSON number that converts exactly | `replace` |
//! | `wrong_type` | `true` / `false` for the strings `"true"` / `"false"` where a boolean is expected | `replace` |
//! | `non_standard_currency` | the upper-case code, when that is an ISO 4217 code | `replace` |
//! | `legacy_action_key` | `action` renamed `type`, when the call has no `type` | `move /action → /type` |
//! | `numeric_user_id` | the integer as a string (`42` → `"42"`) | `replace` |
//!
//! Nothing else is touched: a near miss (`Order Complete`) may be someone's own
//! event; values out of range, outside a closed set, timestamps that do not
//! parse and missing fields stay reported.
//!
//! The edges, each decided so that no information is lost or invented:
//!
//! - a numeric string is converted only when it is exactly a JSON number (no
//!   white space, no `+`, no leading zero, no hexadecimal: `" 12"`, `"+5"`,
//!   `"012"`, `"0x10"` stay reported) and the number converts exactly: an
//!   integer must fit 64 bits (`"12345678901234567890123"` stays), a decimal
//!   must be the double it reads as, digit for digit (`"0.1"` and `"139.99"`
//!   convert, `"0.12345678901234567890"` and `"1e400"` stay). `"12.0"` for an
//!   integer property converts to `12.0`, which JSON Schema (and this crate)
//!   count as an integer. From bytes, the digits are kept as sent (`"1.50"` →
//!   `1.50`);
//! - a numeric id converts when it is an integer; `12.5` or `1e3` as a
//!   `userId` stays reported (which string it stands for is a guess);
//! - every repair is tried on the call and validated again: it is kept only if
//!   its violation is gone and no new one appeared (`"-5"` for a quantity
//!   would become an `out_of_range` error: it stays a `numeric_string`). What
//!   was declined, and why, is in [`Fixed::declined`];
//! - from bytes, the call is edited in place (key order, spacing, duplicate
//!   keys and number spellings elsewhere are kept); a repair on a member whose
//!   key is repeated on the way is declined as ambiguous.
//!
//! ```
//! use semantic_events::{fix::Fixer, Validator};
//! use serde_json::json;
//!
//! let call = json!({"userId": "u", "event": "product_added",
//!     "properties": {"productId": "p1", "price": "139.99", "currency": "usd"}});
//! let fixed = Fixer::new(Validator::new()).fix(&call);
//! assert_eq!(fixed.call, json!({"userId": "u", "event": "Product Added",
//!     "properties": {"product_id": "p1", "price": 139.99, "currency": "USD"}}));
//! assert_eq!(fixed.patch().0.len(), 4);
//! assert!(fixed.report.violations().is_empty());
//!
//! // The patch turns the input into the output.
//! let mut patched = call.clone();
//! json_patch::patch(&mut patched, &fixed.patch()).unwrap();
//! assert_eq!(patched, fixed.call);
//! ```

use std::borrow::Cow;
use std::fmt;

use json_patch::jsonptr::PointerBuf;
use json_patch::{MoveOperation, Patch, PatchOperation, ReplaceOperation};
use serde::Serialize;
use serde_json::{Number, Value};

use crate::declare::raw::locate;
use crate::declare::{Code, Kind, Violation};
use crate::{Report, Validator};

/// Every code a [`Fixer`] can repair, in the order of the table in the
/// [module docs](self).
pub const REPAIRABLE: &[Code] = &[
    Code::EventAlias,
    Code::NonCanonicalEventName,
    Code::NonCanonicalPropertyName,
    Code::NumericString,
    Code::WrongType,
    Code::NonStandardCurrency,
    Code::LegacyActionKey,
    Code::NumericUserId,
];

/// Why a [`Fixer`] could not be set up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FixError {
    /// A code that no repair removes was asked for.
    #[error("`{0}` is not a code fix repairs (repairable: {list})", list = repairable_list())]
    NotRepairable(Code),
}

fn repairable_list() -> String {
    REPAIRABLE
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Repairs calls with a [`Validator`]'s dialect, profile and plan. See the
/// [module docs](self).
#[derive(Clone)]
pub struct Fixer {
    validator: Validator,
    codes: Vec<Code>,
}

/// One repair made: the violation it removed and the patch operation that did it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repair {
    /// The code of the violation removed.
    pub code: Code,
    /// The violation's JSON Pointer when it was repaired (earlier repairs may
    /// have renamed a member on the way).
    pub path: String,
    /// The operation, as it appears in [`Fixed::patch`].
    pub op: PatchOperation,
}

/// A violation of a repairable code left as it was, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Declined {
    /// The code.
    pub code: Code,
    /// The violation's JSON Pointer in the repaired call.
    pub path: String,
    /// Why it was not repaired (serialised flat: `"reason"`, and `"violations"`
    /// for [`Reason::Introduces`]).
    #[serde(flatten)]
    pub reason: Reason,
}

/// Why a repairable violation was left as it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason", content = "violations")]
#[non_exhaustive]
pub enum Reason {
    /// The value has no exact repaired form (`"1e400"`, `" 12"`, a `userId` of
    /// `12.5`, a currency that is no ISO 4217 code in any case).
    NotExact,
    /// The repair would have to choose: a key repeated on the way, or two
    /// spellings of one property.
    Ambiguous,
    /// The name to move to is taken (`product_id` beside `productId`, `type`
    /// beside `action`).
    TargetPresent,
    /// The repaired call has these violations the call did not have.
    Introduces(Vec<Violation>),
    /// The repaired call still has the violation.
    Persists,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NotExact => f.write_str("no exact repaired form"),
            Reason::Ambiguous => f.write_str("ambiguous: a repeated key or two spellings"),
            Reason::TargetPresent => f.write_str("the canonical name is already present"),
            Reason::Introduces(vs) => {
                f.write_str("the repair would introduce ")?;
                for (i, v) in vs.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{v}")?;
                }
                Ok(())
            }
            Reason::Persists => f.write_str("the repair would not remove it"),
        }
    }
}

/// What [`Fixer::fix`] or [`Fixer::fix_slice`] gives: the repaired call, the
/// repairs, what was declined and the repaired call's report.
#[derive(Debug, Clone)]
pub struct Fixed<T> {
    /// The repaired call (the input itself when nothing was repaired).
    pub call: T,
    /// The repairs, in the order they were applied.
    pub repairs: Vec<Repair>,
    /// Violations of repairable codes left as they were.
    pub declined: Vec<Declined>,
    /// The repaired call's report.
    pub report: Report,
}

impl<T> Fixed<T> {
    /// The repairs as one RFC 6902 JSON Patch, from the input to [`Fixed::call`].
    pub fn patch(&self) -> Patch {
        Patch(self.repairs.iter().map(|r| r.op.clone()).collect())
    }

    /// Whether anything was repaired.
    pub fn is_changed(&self) -> bool {
        !self.repairs.is_empty()
    }
}

impl Fixer {
    /// A fixer that makes every repair in [`REPAIRABLE`], validating with `validator`.
    pub fn new(validator: Validator) -> Fixer {
        Fixer {
            validator,
            codes: REPAIRABLE.to_vec(),
        }
    }

    /// Makes only the repairs that remove these codes.
    ///
    /// # Errors
    ///
    /// [`FixError::NotRepairable`] for a code no repair removes.
    ///
    /// ```
    /// use semantic_events::{fix::Fixer, Code, Validator};
    /// let fixer = Fixer::new(Validator::new()).only([Code::NumericString]).unwrap();
    /// let fixed = fixer.fix(&serde_json::json!({"userId": "u", "event": "product_added", "properties": {"price": "2"}}));
    /// assert_eq!(fixed.call["event"], "product_added");
    /// assert_eq!(fixed.call["properties"]["price"], 2);
    /// assert!(Fixer::new(Validator::new()).only([Code::OutOfRange]).is_err());
    /// ```
    pub fn only(mut self, codes: impl IntoIterator<Item = Code>) -> Result<Fixer, FixError> {
        let mut chosen = Vec::new();
        for code in codes {
            if !REPAIRABLE.contains(&code) {
                return Err(FixError::NotRepairable(code));
            }
            if !chosen.contains(&code) {
                chosen.push(code);
            }
        }
        self.codes = chosen;
        Ok(self)
    }

    /// The validator that judges the calls.
    pub fn validator(&self) -> &Validator {
        &self.validator
    }

    /// The codes this fixer repairs.
    pub fn codes(&self) -> &[Code] {
        &self.codes
    }

    /// Repairs a call given as a value.
    pub fn fix(&self, call: &Value) -> Fixed<Value> {
        let fixed = self.run(ValueDoc(Cow::Borrowed(call)));
        Fixed {
            call: fixed.call.0.into_owned(),
            repairs: fixed.repairs,
            declined: fixed.declined,
            report: fixed.report,
        }
    }

    /// Repairs a call given as JSON bytes, editing them in place: everything
    /// not repaired stays byte for byte, and a call with nothing to repair comes
    /// back borrowed.
    ///
    /// ```
    /// use semantic_events::{fix::Fixer, Validator};
    /// let input = br#"{"userId":"u", "event":"Order Completed","properties":{"total":"1.50","tax":0.10}}"#;
    /// let fixed = Fixer::new(Validator::new()).fix_slice(input);
    /// assert_eq!(&*fixed.call, br#"{"userId":"u", "event":"Order Completed","properties":{"total":1.50,"tax":0.10}}"#);
    /// ```
    pub fn fix_slice<'a>(&self, bytes: &'a [u8]) -> Fixed<Cow<'a, [u8]>> {
        let fixed = self.run(BytesDoc(Cow::Borrowed(bytes)));
        Fixed {
            call: fixed.call.0,
            repairs: fixed.repairs,
            declined: fixed.declined,
            report: fixed.report,
        }
    }

    /// The repair loop: propose a repair for the first repairable violation not
    /// yet declined, try it, keep it if it removes its violation and adds none.
    fn run<D: Doc>(&self, mut doc: D) -> Fixed<D> {
        let mut report = doc.validate(&self.validator);
        let mut repairs = Vec::new();
        let mut declined: Vec<Declined> = Vec::new();
        let wanted = |v: &Violation| self.codes.contains(&v.code());
        if !report.violations().iter().any(wanted) {
            return Fixed {
                call: doc,
                repairs,
                declined,
                report,
            };
        }
        // Each accepted repair removes a violation and adds none, and each
        // declined one is never proposed again: the loop ends.
        while let Some(value) = doc.value() {
            let next = report.violations().iter().find_map(|v| {
                let skip = !wanted(v)
                    || declined
                        .iter()
                        .any(|d| d.code == v.code() && d.path == v.path());
                if skip {
                    return None;
                }
                propose(v, &value, &report).map(|p| (v.clone(), p))
            });
            let Some((target, proposal)) = next else {
                break;
            };
            let decline = |reason| Declined {
                code: target.code(),
                path: target.path().to_string(),
                reason,
            };
            let edit = match proposal {
                Ok(edit) => edit,
                Err(reason) => {
                    declined.push(decline(reason));
                    continue;
                }
            };
            // A pointer the patch cannot carry, or an edit the call cannot take
            // unambiguously (a repeated key on the way).
            let (Some(op), Some(tried)) = (edit.op(), doc.apply(&edit)) else {
                declined.push(decline(Reason::Ambiguous));
                continue;
            };
            let after = tried.validate(&self.validator);
            match judge(&report, &target, &edit, &after) {
                Ok(()) => {
                    for d in &mut declined {
                        d.path = edit.moved(&d.path);
                    }
                    repairs.push(Repair {
                        code: target.code(),
                        path: target.path().to_string(),
                        op,
                    });
                    doc = tried;
                    report = after;
                }
                Err(reason) => declined.push(decline(reason)),
            }
        }
        Fixed {
            call: doc,
            repairs,
            declined,
            report,
        }
    }
}

/// One change to a call.
#[derive(Debug, Clone)]
enum Edit {
    /// The value at `path` becomes `value`; from bytes, `text` is spliced in
    /// when given (a number's digits as sent), else the value serialised.
    Replace {
        path: String,
        value: Value,
        text: Option<String>,
    },
    /// The member at `path` is renamed `key` (its new pointer is `to`).
    Rename {
        path: String,
        to: String,
        key: String,
    },
}

impl Edit {
    /// The edit as a patch operation; `None` if a pointer does not parse.
    fn op(&self) -> Option<PatchOperation> {
        Some(match self {
            Edit::Replace { path, value, .. } => PatchOperation::Replace(ReplaceOperation {
                path: PointerBuf::parse(path.as_str()).ok()?,
                value: value.clone(),
            }),
            Edit::Rename { path, to, .. } => PatchOperation::Move(MoveOperation {
                from: PointerBuf::parse(path.as_str()).ok()?,
                path: PointerBuf::parse(to.as_str()).ok()?,
            }),
        })
    }

    /// A pointer of the call before the edit, as it reads after it.
    fn moved(&self, p: &str) -> String {
        match self {
            Edit::Rename { path, to, .. } => match p.strip_prefix(path.as_str()) {
                Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("{to}{rest}"),
                _ => p.to_string(),
            },
            Edit::Replace { .. } => p.to_string(),
        }
    }
}

/// An RFC 6901 reference token for a key.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A call as a value or as bytes: what the repair loop needs of it.
trait Doc: Sized {
    fn validate(&self, validator: &Validator) -> Report;
    /// The call parsed, to decide repairs on.
    fn value(&self) -> Option<Value>;
    /// The call with the edit made, or `None` when it cannot be made unambiguously.
    fn apply(&self, edit: &Edit) -> Option<Self>;
}

struct ValueDoc<'a>(Cow<'a, Value>);

impl Doc for ValueDoc<'_> {
    fn validate(&self, validator: &Validator) -> Report {
        validator.validate(&self.0)
    }
    fn value(&self) -> Option<Value> {
        Some(self.0.clone().into_owned())
    }
    fn apply(&self, edit: &Edit) -> Option<Self> {
        let mut v = self.0.clone().into_owned();
        json_patch::patch(&mut v, &[edit.op()?]).ok()?;
        Some(ValueDoc(Cow::Owned(v)))
    }
}

struct BytesDoc<'a>(Cow<'a, [u8]>);

impl Doc for BytesDoc<'_> {
    fn validate(&self, validator: &Validator) -> Report {
        validator.validate_slice(&self.0)
    }
    fn value(&self) -> Option<Value> {
        serde_json::from_slice(&self.0).ok()
    }
    fn apply(&self, edit: &Edit) -> Option<Self> {
        let json = std::str::from_utf8(&self.0).ok()?;
        let (range, text) = match edit {
            Edit::Replace { path, value, text } => {
                let at = locate(json, path)?;
                let text = match text {
                    Some(t) => t.clone(),
                    None => serde_json::to_string(value).ok()?,
                };
                (at.value, text)
            }
            Edit::Rename { path, key, .. } => {
                (locate(json, path)?.key?, serde_json::to_string(key).ok()?)
            }
        };
        let mut out = Vec::with_capacity(json.len() + text.len());
        out.extend_from_slice(&self.0[..range.start]);
        out.extend_from_slice(text.as_bytes());
        out.extend_from_slice(&self.0[range.end..]);
        Some(BytesDoc(Cow::Owned(out)))
    }
}

/// Whether a tried edit is kept: its violation gone, no violation added.
fn judge(before: &Report, target: &Violation, edit: &Edit, after: &Report) -> Result<(), Reason> {
    let target_path = edit.moved(target.path());
    if after
        .violations()
        .iter()
        .any(|v| v.code() == target.code() && v.path() == target_path)
    {
        return Err(Reason::Persists);
    }
    // What the call had, as it reads after the edit, less the target: each
    // violation after must be one of them (a multiset).
    let mut had: Vec<Option<(Code, String, String)>> = before
        .violations()
        .iter()
        .filter(|v| *v != target)
        .map(|v| Some((v.code(), edit.moved(v.path()), v.message())))
        .collect();
    let mut new = Vec::new();
    for v in after.violations() {
        let key = (v.code(), v.path().to_string(), v.message());
        match had.iter_mut().find(|h| h.as_ref() == Some(&key)) {
            Some(slot) => *slot = None,
            None => new.push(v.clone()),
        }
    }
    if new.is_empty() {
        Ok(())
    } else {
        Err(Reason::Introduces(new))
    }
}

/// The repair a violation calls for, `Err` with the reason there is none
/// though its code is repairable, or `None` when the violation is not one a
/// repair is about (a `wrong_type` that is not a boolean string).
fn propose(v: &Violation, call: &Value, report: &Report) -> Option<Result<Edit, Reason>> {
    let path = v.path();
    let here = call.pointer(path);
    let replace = |value: Value, text: Option<String>| {
        Ok(Edit::Replace {
            path: path.to_string(),
            value,
            text,
        })
    };
    Some(match v.kind() {
        Kind::EventAlias { canonical, .. } | Kind::NonCanonicalEventName { canonical, .. } => {
            match here {
                Some(Value::String(_)) => replace(Value::from(*canonical), None),
                _ => Err(Reason::Ambiguous),
            }
        }
        Kind::NonCanonicalPropertyName { canonical, .. } => {
            // Two spellings of one property: which one is meant is a choice.
            let parent = path.rsplit_once('/').map(|(p, _)| p);
            let spellings = report.violations().iter().filter(|o| {
                matches!(o.kind(), Kind::NonCanonicalPropertyName { canonical: c, .. } if c == canonical)
                    && o.path().rsplit_once('/').map(|(p, _)| p) == parent
            });
            rename(call, path, canonical, spellings.count() > 1)?
        }
        Kind::LegacyActionKey => rename(call, path, "type", false)?,
        Kind::NumericString { value, .. } => match here {
            Some(Value::String(s)) if s == value => match exact_number(s) {
                Some(n) => replace(Value::Number(n), Some(s.clone())),
                None => Err(Reason::NotExact),
            },
            _ => Err(Reason::Ambiguous),
        },
        Kind::WrongType { expected, .. } => {
            let flag = match here {
                Some(Value::String(s)) if s == "true" => true,
                Some(Value::String(s)) if s == "false" => false,
                _ => return None,
            };
            if !expected.contains("boolean") {
                return None;
            }
            replace(Value::Bool(flag), None)
        }
        Kind::NonStandardCurrency { found, suggestion } => match (here, suggestion) {
            (Some(Value::String(s)), Some(upper))
                if s == found && *upper == found.to_ascii_uppercase() =>
            {
                replace(Value::from(upper.as_str()), None)
            }
            (Some(Value::String(s)), _) if s == found => Err(Reason::NotExact),
            _ => Err(Reason::Ambiguous),
        },
        Kind::NumericUserId { .. } => match here {
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => {
                replace(Value::String(n.to_string()), None)
            }
            Some(Value::Number(_)) => Err(Reason::NotExact),
            _ => Err(Reason::Ambiguous),
        },
        _ => return None,
    })
}

/// Renaming the member at `path` to `key` in the same object: only when that
/// name is free and the choice is the caller's alone (`ambiguous` otherwise).
fn rename(call: &Value, path: &str, key: &str, ambiguous: bool) -> Option<Result<Edit, Reason>> {
    let (parent, _) = path.rsplit_once('/')?;
    let to = format!("{parent}/{}", escape(key));
    Some(if call.pointer(&to).is_some() {
        Err(Reason::TargetPresent)
    } else if ambiguous || call.pointer(path).is_none() {
        Err(Reason::Ambiguous)
    } else {
        Ok(Edit::Rename {
            path: path.to_string(),
            to,
            key: key.to_string(),
        })
    })
}

/// The number a string spells, when it is exactly a JSON number and converts
/// without loss: an integer that fits 64 bits, or a decimal whose double reads
/// back as the same decimal.
///
/// ```
/// use semantic_events::fix::exact_number;
/// assert_eq!(exact_number("139.99").map(|n| n.to_string()), Some("139.99".into()));
/// assert_eq!(exact_number("-2").map(|n| n.to_string()), Some("-2".into()));
/// assert_eq!(exact_number("1e2").map(|n| n.to_string()), Some("100.0".into()));
/// assert_eq!(exact_number("-0").map(|n| n.to_string()), Some("-0.0".into()));
/// for no in [" 12", "+5", "012", "0x10", "1.", ".5", "1e400", "12345678901234567890123",
///            "0.12345678901234567890", "0.01e-9223372036854775808", ""] {
///     assert!(exact_number(no).is_none(), "{no}");
/// }
/// ```
pub fn exact_number(s: &str) -> Option<Number> {
    if !is_json_number(s) {
        return None;
    }
    let n: Number = serde_json::from_str(s).ok()?;
    if !s.contains(['.', 'e', 'E']) {
        // serde_json keeps `-0` as the double -0.0: still exactly the integer 0.
        return (n.is_i64() || n.is_u64() || s == "-0").then_some(n);
    }
    let f = n.as_f64()?;
    let back = Number::from_f64(f)?.to_string();
    (decimal(s)? == decimal(&back)?).then_some(n)
}

/// RFC 8259's number grammar, exactly.
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// A decimal's value as (negative, significant digits, exponent of the point
/// before them); zero has no digits.
fn decimal(s: &str) -> Option<(bool, String, i64)> {
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i64>().ok()?),
        None => (s, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all
        .trim_start_matches('0')
        .trim_end_matches('0')
        .to_string();
    if digits.is_empty() {
        return Some((false, digits, 0));
    }
    let point = i64::try_from(int.len())
        .ok()?
        .checked_sub(i64::try_from(lead).ok()?)?
        .checked_add(exp)?;
    Some((negative, digits, point))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_compare_by_value() {
        assert_eq!(decimal("1.50"), decimal("1.5"));
        assert_eq!(decimal("150e-2"), decimal("1.5"));
        assert_eq!(decimal("0.0015e3"), decimal("1.5"));
        assert_ne!(decimal("15"), decimal("1.5"));
        assert_ne!(decimal("-1.5"), decimal("1.5"));
        assert_eq!(decimal("-0.0"), decimal("0"));
    }

    #[test]
    fn json_number_grammar() {
        for yes in [
            "0", "-0", "1", "10", "0.5", "1e5", "1E+5", "1.25e-3", "-12.5",
        ] {
            assert!(is_json_number(yes), "{yes}");
        }
        for no in [
            "", "-", "01", "1.", ".1", "1e", "1e+", "+1", " 1", "1 ", "0x1", "NaN", "1_0",
        ] {
            assert!(!is_json_number(no), "{no}");
        }
    }

    #[test]
    fn moves_translate_pointers_below_the_moved_member_only() {
        let edit = Edit::Rename {
            path: "/properties/Products".into(),
            to: "/properties/products".into(),
            key: "products".into(),
        };
        assert_eq!(
            edit.moved("/properties/Products/0/price"),
            "/properties/products/0/price"
        );
        assert_eq!(edit.moved("/properties/Products"), "/properties/products");
        assert_eq!(edit.moved("/properties/ProductsX"), "/properties/ProductsX");
    }
}
