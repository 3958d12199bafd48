"""Validate and repair the semantic events of Segment, Customer.io and RudderStack.

The engine is the ``semantic-events`` Rust crate: every violation of a ``track``
call, with a JSON Pointer, a stable code and a severity; the spec's JSON Schemas;
lossless repairs as RFC 6902 JSON Patches; and files (NDJSON, JSON arrays,
``{"batch": [...]}``, gzip) validated on all cores.

>>> import semantic_events as se
>>> report = se.validate({"userId": "u", "event": "Product Added", "properties": {"price": "139.99"}})
>>> report.valid, report.errors[0].path, report.errors[0].code
(False, '/properties/price', <Code.NUMERIC_STRING: 'numeric_string'>)

A call may be a ``dict`` (serialised with :func:`json.dumps`), or its JSON text as
``str`` or ``bytes``. Text goes straight to the engine's bytes path, which reads the
call without building anything: it is the fast one, and the one to use for lines
read from files or queues.
"""

from __future__ import annotations

import enum
import json
import os
from dataclasses import dataclass, field
from typing import (
    Any,
    Dict,
    FrozenSet,
    Iterable,
    Iterator,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypedDict,
    Union,
    overload,
)

from . import _native

__version__: str = _native.__version__

__all__ = [
    "Call",
    "Code",
    "Declined",
    "Dialect",
    "Event",
    "Fixed",
    "Profile",
    "REPAIRABLE",
    "Repair",
    "Report",
    "Severity",
    "Summary",
    "Validator",
    "Violation",
    "events",
    "example",
    "first_error",
    "fix",
    "is_valid",
    "schema",
    "summary",
    "validate",
    "validate_file",
]

Dialect = Literal["segment", "customerio", "rudderstack"]
"""Whose reading of the spec applies: Segment's (the default), Customer.io's or RudderStack's."""

Profile = Literal["lenient", "standard", "strict"]
"""How much is checked: ``lenient`` (types of known properties), ``standard`` (also
formats, enums, ranges, name lints), ``strict`` (also unknown properties and fields)."""

Call = Union[Mapping[str, Any], str, bytes, bytearray]
"""A call: a mapping, or its JSON text (``str`` or ``bytes``, the fast path)."""

PathLike = Union[str, "os.PathLike[str]"]


class Severity(str, enum.Enum):
    """How bad a violation is. ``str()`` is the value (``"error"``)."""

    def __str__(self) -> str:
        return str(self.value)

    WARNING = "warning"
    """Worth fixing; the call is still valid."""
    ERROR = "error"
    """The call does not conform; destinations may drop or misread it."""


class Code(str, enum.Enum):
    """The stable code of a violation (the crate's ``semantic_events::Code``).
    ``str()`` is the value (``"numeric_string"``)."""

    def __str__(self) -> str:
        return str(self.value)

    INVALID_JSON = "invalid_json"
    NOT_AN_OBJECT = "not_an_object"
    EMPTY_BATCH = "empty_batch"
    MISSING_EVENT = "missing_event"
    EMPTY_EVENT_NAME = "empty_event_name"
    MISSING_IDENTITY = "missing_identity"
    WRONG_TYPE = "wrong_type"
    NUMERIC_STRING = "numeric_string"
    OUT_OF_RANGE = "out_of_range"
    INVALID_ENUM_VALUE = "invalid_enum_value"
    INVALID_DATE_TIME = "invalid_date_time"
    INVALID_DATE = "invalid_date"
    INVALID_CURRENCY = "invalid_currency"
    NON_STANDARD_CURRENCY = "non_standard_currency"
    NON_CANONICAL_EVENT_NAME = "non_canonical_event_name"
    EVENT_ALIAS = "event_alias"
    UNKNOWN_EVENT_NEAR_MISS = "unknown_event_near_miss"
    NON_CANONICAL_PROPERTY_NAME = "non_canonical_property_name"
    UNKNOWN_PROPERTY = "unknown_property"
    NOT_IN_DIALECT = "not_in_dialect"
    MISSING_RECOMMENDED = "missing_recommended"
    UNKNOWN_FIELD = "unknown_field"
    MISSING_REQUIRED = "missing_required"
    MISPLACED_FIELD = "misplaced_field"
    LEGACY_ACTION_KEY = "legacy_action_key"
    INVALID_CALL_TYPE = "invalid_call_type"
    NUMERIC_USER_ID = "numeric_user_id"
    TOO_DEEP = "too_deep"
    TOO_LARGE = "too_large"
    UNPLANNED_EVENT = "unplanned_event"
    PLAN_VIOLATION = "plan_violation"


REPAIRABLE: FrozenSet[Code] = frozenset(Code(c) for c in _native.repairable())
"""The codes :func:`fix` repairs."""


@dataclass(frozen=True)
class Violation:
    """One violation: where (an RFC 6901 JSON Pointer; ``""`` is the whole call),
    what (a :class:`Code` and a message) and how bad (a :class:`Severity`)."""

    path: str
    code: Code
    severity: Severity
    message: str
    expected: Optional[str] = None
    found: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.path or '(root)'}: {self.message}"

    def to_dict(self) -> Dict[str, Any]:
        """The violation as the crate serialises it (``expected``/``found`` when known)."""
        out: Dict[str, Any] = {
            "path": self.path,
            "code": self.code.value,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.expected is not None:
            out["expected"] = self.expected
        if self.found is not None:
            out["found"] = self.found
        return out


_ViolationTuple = Tuple[str, str, str, str, Optional[str], Optional[str]]
_ReportTuple = Tuple[
    bool, Optional[str], Optional[str], Optional[str], Optional[str], List[_ViolationTuple]
]


def _violation(t: _ViolationTuple) -> Violation:
    return Violation(t[0], Code(t[1]), Severity(t[2]), t[3], t[4], t[5])


class Report:
    """Every violation of one call, in document order.

    ``bool(report)`` is ``report.valid``: no violation has severity ``error``.
    Iterating gives the violations.
    """

    __slots__ = ("valid", "semantic", "category", "event", "call_type", "violations")

    valid: bool
    """No violation is an error."""
    semantic: Optional[str]
    """The semantic event's canonical name, when the call is one (``"Product Added"``)."""
    category: Optional[str]
    """The semantic event's family (``"ecommerce"``, ``"video"``…), when it is one."""
    event: Optional[str]
    """The event name as sent."""
    call_type: Optional[str]
    """``"track"``, ``"identify"``…, when the call says or implies it."""
    violations: List[Violation]
    """Every violation, errors and warnings."""

    def __init__(self, t: _ReportTuple) -> None:
        self.valid = t[0]
        self.semantic = t[1]
        self.category = t[2]
        self.event = t[3]
        self.call_type = t[4]
        self.violations = [_violation(v) for v in t[5]]

    @property
    def errors(self) -> List[Violation]:
        """The violations of severity ``error``."""
        return [v for v in self.violations if v.severity is Severity.ERROR]

    @property
    def warnings(self) -> List[Violation]:
        """The violations of severity ``warning``."""
        return [v for v in self.violations if v.severity is Severity.WARNING]

    def __iter__(self) -> Iterator[Violation]:
        return iter(self.violations)

    def __len__(self) -> int:
        return len(self.violations)

    def __bool__(self) -> bool:
        return self.valid

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        what = self.semantic or self.event or "-"
        return f"<Report {what!r} valid={self.valid} errors={len(self.errors)} warnings={len(self.warnings)}>"

    def to_dict(self) -> Dict[str, Any]:
        """The report as plain data: ``valid``, ``semantic``, ``category`` and
        ``violations`` as the CLI's ``--format json`` has them, plus ``event`` (as
        sent) and ``call_type``."""
        return {
            "valid": self.valid,
            "semantic": self.semantic,
            "category": self.category,
            "event": self.event,
            "call_type": self.call_type,
            "violations": [v.to_dict() for v in self.violations],
        }


@dataclass(frozen=True)
class Repair:
    """One repair made: the violation it removed and the JSON Patch operation."""

    code: Code
    path: str
    op: Dict[str, Any]


@dataclass(frozen=True)
class Declined:
    """A repairable violation left as it was, and why (``not_exact``, ``ambiguous``,
    ``target_present``, ``introduces`` — with the violations it would have
    introduced —, ``persists``)."""

    code: Code
    path: str
    reason: str
    introduces: List[Violation] = field(default_factory=list)


@dataclass(frozen=True)
class Fixed:
    """What :func:`fix` gives: the repaired call (of the input's type), the RFC 6902
    patch from the input to it, the repairs, what was declined, and its report."""

    call: Any
    patch: List[Dict[str, Any]]
    repairs: List[Repair]
    declined: List[Declined]
    report: Report

    @property
    def changed(self) -> bool:
        """Whether anything was repaired."""
        return bool(self.repairs)


class Summary(TypedDict):
    """Counts over files (see :func:`summary`)."""

    records: int
    valid: int
    invalid: int
    unparsable: int
    warnings: int
    by_code: Dict[str, int]
    by_event: Dict[str, int]


def _text(call: Call) -> Union[str, bytes]:
    if isinstance(call, (str, bytes)):
        return call
    if isinstance(call, (bytearray, memoryview)):
        return bytes(call)
    if isinstance(call, Mapping) and not isinstance(call, dict):
        call = dict(call)
    try:
        # Any other JSON value (a list, a number) is written too: the report says
        # it is not a call.
        text = json.dumps(call, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as e:
        raise TypeError(f"the call cannot be written as JSON: {e}") from e
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (from `json.loads` of "\ud83d"): JSON escapes carry it,
        # as they did in the input.
        return json.dumps(call, ensure_ascii=True, allow_nan=False, separators=(",", ":"))


def _paths(paths: Union[PathLike, Sequence[PathLike]]) -> List[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


class Validator:
    """The options of a validation, reused across calls (it is cheap to keep and
    safe to share between threads).

    :param dialect: whose reading of the spec applies.
    :param profile: how much is checked.
    :param numeric_strings: the severity of numbers sent as strings (``"139.99"``).
    :param plan: a folder of JSON Schemas (a tracking plan) for your own events.
    :raises ValueError: for an unknown option, or a plan that does not load.
    """

    def __init__(
        self,
        dialect: Dialect = "segment",
        profile: Profile = "standard",
        numeric_strings: Literal["error", "warning"] = "error",
        plan: Optional[PathLike] = None,
    ) -> None:
        self._native = _native.Validator(
            dialect, profile, numeric_strings, None if plan is None else os.fspath(plan)
        )
        self.dialect = dialect
        self.profile = profile
        self.numeric_strings = numeric_strings
        self.plan = plan

    def validate(self, call: Call) -> Report:
        """Every violation of a call."""
        return Report(self._native.validate(_text(call)))

    def is_valid(self, call: Call) -> bool:
        """Whether the call has no error (stops at the first: the fastest check)."""
        return self._native.is_valid(_text(call))

    def first_error(self, call: Call) -> Optional[Violation]:
        """The first error in document order, or ``None``."""
        t = self._native.first_error(_text(call))
        return None if t is None else _violation(t)

    @overload
    def fix(self, call: str, only: Optional[Iterable[Union[Code, str]]] = None) -> Fixed: ...
    @overload
    def fix(
        self, call: Union[bytes, bytearray], only: Optional[Iterable[Union[Code, str]]] = None
    ) -> Fixed: ...
    @overload
    def fix(
        self, call: Mapping[str, Any], only: Optional[Iterable[Union[Code, str]]] = None
    ) -> Fixed: ...
    def fix(self, call: Call, only: Optional[Iterable[Union[Code, str]]] = None) -> Fixed:
        """Repairs what can be repaired without loss (see the crate's ``fix`` module):
        the repaired call has the input's type (``dict``, ``str`` or ``bytes``).

        :param only: repair only the violations of these codes.
        :raises ValueError: for a code no repair removes.
        """
        text = _text(call)
        codes = None if only is None else [Code(c).value for c in only]
        out, patch, repairs, declined, report = self._native.fix(text, codes)
        repaired: Any
        if out is None:
            repaired = call
        elif isinstance(call, (bytes, bytearray, memoryview)):
            repaired = out
        elif isinstance(call, str):
            repaired = out.decode("utf-8")
        else:
            repaired = json.loads(out)
        return Fixed(
            call=repaired,
            patch=json.loads(patch),
            repairs=[Repair(Code(c), p, json.loads(op)) for c, p, op in repairs],
            declined=[
                Declined(Code(c), p, reason, [_violation(v) for v in vs])
                for c, p, reason, vs in declined
            ],
            report=Report(report),
        )

    def validate_file(
        self, paths: Union[PathLike, Sequence[PathLike]], *, threads: Optional[int] = None
    ) -> Iterator[Tuple[str, int, Report]]:
        """The records of one file or several — NDJSON, a JSON array, pretty values,
        ``{"batch": [...]}`` (one record per element, with the batch's defaults),
        gzip — validated on ``threads`` cores (default: all) with the GIL released,
        as ``(source, line, report)`` in input order, in constant memory.

        Every file is opened before this returns. A file that fails part way (a
        corrupt gzip stream) raises ``OSError`` from the iteration, after its
        records read before the failure; the iteration ends there.

        :raises FileNotFoundError: (or another ``OSError``) naming a file that cannot be read.
        """
        results = self._native.validate_files(_paths(paths), threads)
        return ((source, line, Report(report)) for source, line, report in results)

    def summary(
        self, paths: Union[PathLike, Sequence[PathLike]], *, threads: Optional[int] = None
    ) -> Summary:
        """Counts over files, computed in the engine: records, valid, invalid,
        unparsable, warnings, by code, by event."""
        counts = self._native.summary(_paths(paths), threads)
        return Summary(
            records=counts["records"],
            valid=counts["valid"],
            invalid=counts["invalid"],
            unparsable=counts["unparsable"],
            warnings=counts["warnings"],
            by_code=dict(counts["by_code"]),
            by_event=dict(counts["by_event"]),
        )


_DEFAULT = Validator()


def validate(call: Call) -> Report:
    """Every violation of a call, with the default options (Segment, standard)."""
    return _DEFAULT.validate(call)


def is_valid(call: Call) -> bool:
    """Whether a call has no error, with the default options."""
    return _DEFAULT.is_valid(call)


def first_error(call: Call) -> Optional[Violation]:
    """The first error of a call, with the default options."""
    return _DEFAULT.first_error(call)


def fix(call: Call, only: Optional[Iterable[Union[Code, str]]] = None) -> Fixed:
    """Repairs a call with the default options (see :meth:`Validator.fix`)."""
    return _DEFAULT.fix(call, only)


def validate_file(
    paths: Union[PathLike, Sequence[PathLike]],
    *,
    threads: Optional[int] = None,
    dialect: Dialect = "segment",
    profile: Profile = "standard",
    numeric_strings: Literal["error", "warning"] = "error",
    plan: Optional[PathLike] = None,
) -> Iterator[Tuple[str, int, Report]]:
    """The records of files, validated (see :meth:`Validator.validate_file`)."""
    v = Validator(dialect, profile, numeric_strings, plan)
    return v.validate_file(paths, threads=threads)


def summary(
    paths: Union[PathLike, Sequence[PathLike]],
    *,
    threads: Optional[int] = None,
    dialect: Dialect = "segment",
    profile: Profile = "standard",
    numeric_strings: Literal["error", "warning"] = "error",
    plan: Optional[PathLike] = None,
) -> Summary:
    """Counts over files (see :meth:`Validator.summary`)."""
    return Validator(dialect, profile, numeric_strings, plan).summary(paths, threads=threads)


def schema(name: str = "bundle", dialect: Dialect = "segment") -> Dict[str, Any]:
    """A JSON Schema (draft 2020-12): an event's properties (any spelling of its
    name), ``"bundle"`` (any call), ``"envelope"`` or ``"context"``.

    :raises ValueError: for a name that is no semantic event.
    """
    loaded: Dict[str, Any] = json.loads(_native.schema(name, dialect))
    return loaded


@dataclass(frozen=True)
class Event:
    """A semantic event: canonical name, family, older and vendor names."""

    name: str
    category: str
    aliases: List[str]


def events(category: Optional[str] = None) -> List[Event]:
    """The semantic events, of one family (``"ecommerce"``, ``"video"``…) or all.

    :raises ValueError: for an unknown family.
    """
    return [Event(n, c, list(a)) for n, c, a in _native.events(category)]


def example(name: str) -> Dict[str, Any]:
    """A valid example call of a semantic event.

    :raises ValueError: for a name that is no semantic event.
    """
    loaded: Dict[str, Any] = json.loads(_native.example(name))
    return loaded
