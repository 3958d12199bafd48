//! The state of one validation: options, mode, where we are, what was found.

use std::borrow::Cow;

use crate::declare::{CallDecl, Code, EventDecl, Kind, Severity, Violation};
use crate::validate::Validator;
use crate::validate::names::Registry;
use crate::validate::report::{Report, Time};

/// The message of the error used to unwind the parser once the answer is known.
pub(crate) const STOP: &str = "semantic-events: validation stopped early";

/// How much the caller wants to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Only whether there is an error: stop at the first, build nothing.
    IsValid,
    /// The first error in document order: keep errors only, stop at the first.
    First,
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

/// Validation state.
///
/// A part of a call that only a track call has (`event`, `properties`) may be
/// met before the call's `type`. Its findings are then *provisional*: kept, but
/// not final until the call type is known ([`Cx::settle`]); a provisional error
/// does not stop a fast walk, so that no tier ever needs a second walk.
// Each flag is one fact of the walk, read on the hot path; a state enum would
// only rename them.
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct Cx<'v> {
    pub(crate) opts: &'v Validator,
    pub(crate) registry: &'v Registry,
    pub(crate) mode: Mode,
    pub(crate) violations: Vec<Violation>,
    /// An error that stands whatever the call type.
    pub(crate) failed: bool,
    /// The walk can stop: the answer is known.
    pub(crate) stopped: bool,
    /// The first error is known: keep walking to the end, report nothing more.
    quiet: bool,
    /// Findings now are provisional (see the type's docs).
    pub(crate) provisional: bool,
    provisional_error: bool,
    provisional_at: Vec<usize>,
    pub(crate) event: Option<&'static EventDecl>,
    /// The call type, once settled; `None` when the input is not a call.
    pub(crate) call: Option<&'static CallDecl>,
    /// The event name as sent, kept when the validator asks for it (a
    /// canonical name borrowed from its declaration, any other copied).
    pub(crate) name: Option<Cow<'static, str>>,
    /// The event's declared properties present under their exact names (bits
    /// in declaration order).
    pub(crate) present: u128,
    /// When observing: the best date-time met so far, as (its field's rank in
    /// the envelope's `time_fields`, seconds since the Unix epoch).
    pub(crate) time: Option<(usize, i64)>,
    /// When observing: the semantic event's unknown properties (at most
    /// [`MAX_UNKNOWN_NOTED`]).
    pub(crate) unknown: Vec<Box<str>>,
}

/// At most this many unknown properties are noted per call.
pub(crate) const MAX_UNKNOWN_NOTED: usize = 32;

impl<'v> Cx<'v> {
    pub(crate) fn new(opts: &'v Validator, mode: Mode) -> Cx<'v> {
        Cx {
            opts,
            registry: opts.registry(),
            mode,
            violations: Vec::new(),
            failed: false,
            stopped: false,
            quiet: false,
            provisional: false,
            provisional_error: false,
            provisional_at: Vec::new(),
            event: None,
            call: None,
            name: None,
            present: 0,
            time: None,
            unknown: Vec::new(),
        }
    }

    /// Notes a date-time of the field ranked `rank` among the envelope's
    /// `time_fields`, if it is the best met so far.
    pub(crate) fn observe_time(&mut self, rank: usize, time: Option<i64>) {
        if let Some(t) = time {
            if self.time.is_none_or(|(best, _)| rank < best) {
                self.time = Some((rank, t));
            }
        }
    }

    /// Notes an unknown property of a semantic event, when observing. Past
    /// [`MAX_UNKNOWN_NOTED`], the least names are kept, so that the bytes and
    /// `Value` paths (document order, key order) note the same ones.
    pub(crate) fn observe_unknown(&mut self, key: &str) {
        if !self.opts.observe {
            return;
        }
        if self.unknown.len() < MAX_UNKNOWN_NOTED {
            self.unknown.push(key.into());
        } else if let Some(greatest) = self.unknown.iter_mut().max() {
            if key < &**greatest {
                *greatest = key.into();
            }
        }
    }

    /// Whether a code is checked at all, given the profile and the mode.
    pub(crate) fn wants(&self, code: Code) -> bool {
        !self.stopped
            && !self.quiet
            && self.opts.profile >= code.profile()
            && (self.mode == Mode::All || self.opts.severity_of(code) == Severity::Error)
    }

    /// Reports a violation if the profile checks it; `make` runs only if it is kept.
    #[inline]
    pub(crate) fn emit(&mut self, code: Code, path: &Path<'_>, make: impl FnOnce() -> Kind) {
        if self.wants(code) {
            self.emit_cold(code, path, make);
        }
    }

    /// Findings are rare: kept out of the walker's hot code.
    #[cold]
    #[inline(never)]
    fn emit_cold(&mut self, code: Code, path: &Path<'_>, make: impl FnOnce() -> Kind) {
        let kept = (self.mode != Mode::IsValid)
            .then(|| Violation::new(path.pointer(), self.opts.severity_of(code), make()));
        self.record(code, kept);
    }

    /// [`Cx::emit`] with a pointer already rendered.
    pub(crate) fn emit_at(&mut self, path: String, kind: Kind) {
        let code = kind.code();
        if self.wants(code) {
            let kept = (self.mode != Mode::IsValid)
                .then(|| Violation::new(path, self.opts.severity_of(code), kind));
            self.record(code, kept);
        }
    }

    fn record(&mut self, code: Code, kept: Option<Violation>) {
        let error = self.opts.severity_of(code) == Severity::Error;
        if let Some(v) = kept {
            debug_assert!(self.mode == Mode::All || error);
            debug_assert_eq!(v.code(), code);
            if self.provisional {
                self.provisional_at.push(self.violations.len());
            }
            self.violations.push(v);
        }
        if error {
            if self.provisional {
                self.provisional_error = true;
            } else {
                self.failed = true;
                // `first_error` walks on, quietly, to the end: an earlier
                // provisional error may still be the first (once the call type
                // is known), and input that turns out not to be JSON is reported
                // as such, as `validate` reports it.
                match self.mode {
                    Mode::All => {}
                    Mode::First => self.quiet = true,
                    Mode::IsValid => self.stopped = true,
                }
            }
        }
    }

    /// The call type is known: provisional findings stand for a track call and
    /// are dropped for any other.
    pub(crate) fn settle(&mut self, call: &'static CallDecl) {
        self.call = Some(call);
        if call.track {
            self.failed |= self.provisional_error;
        } else {
            let drop = std::mem::take(&mut self.provisional_at);
            let mut i = 0;
            self.violations.retain(|_| {
                let keep = drop.binary_search(&i).is_err();
                i += 1;
                keep
            });
            self.event = None;
            self.present = 0;
            self.unknown.clear();
        }
        self.provisional = false;
        self.provisional_error = false;
        self.provisional_at.clear();
        self.stopped |= self.failed && self.mode == Mode::IsValid;
    }

    /// An error that unwinds the parser when the answer is known.
    pub(crate) fn check<E: serde::de::Error>(&self) -> Result<(), E> {
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
            call: self.call,
            name: self.name,
            present: self.present,
            time: Time::new(self.time.map(|(_, t)| t)),
            unknown: self.unknown,
        }
    }
}
