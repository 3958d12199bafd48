//! Violations in the vendors' own formats, for teams whose dashboards and
//! pipelines already read them:
//!
//! - **RudderStack**: the call written back with `context.violationErrors`, as
//!   RudderStack's tracking plans attach them (rudder-transformer's
//!   `src/util/eventValidation.js` builds each error; rudder-server's
//!   `processor/trackingplan.go` puts the list, `trackingPlanId` and
//!   `trackingPlanVersion` in `context`). Each error is
//!   `{type, message, meta: {instancePath, schemaPath}, property}`;
//! - **Segment Protocols**: one `Violation Generated` track call per violation,
//!   with the properties Segment's "Forward Violations" page shows
//!   (`eventName`, `eventMessageID`, `eventSentAt`, `violationType`,
//!   `violationField`, `violationDescription`…), from the fixed user
//!   `schema-violations`, ready to send to a Segment source.
//!
//! One table, [`code_mapping`], maps every [`Code`] to both; [`mapping`] refines
//! it for one violation (a plan violation by the JSON Schema keyword that failed,
//! as RudderStack maps ajv's keywords; a range by the bound it crossed).
//!
//! ```
//! use semantic_events::{vendor, Validator};
//! let call = br#"{"userId":"u","event":"Product Added","properties":{"price":"1"}}"#;
//! let report = Validator::new().validate_slice(call);
//! let errors = vendor::rudderstack_errors(call, report.violations());
//! let annotated = vendor::annotate_rudderstack(call, &errors, None).unwrap();
//! let value: serde_json::Value = serde_json::from_slice(&annotated).unwrap();
//! assert_eq!(value["context"]["violationErrors"][0]["type"], "Datatype-Mismatch");
//! assert_eq!(value["context"]["violationErrors"][0]["meta"]["instancePath"], "/properties/price");
//! ```

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::declare::raw::locate;
use crate::declare::{Code, Kind, Violation};

/// RudderStack's violation types (rudder-transformer's `violationTypes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, strum::Display, strum::AsRefStr)]
pub enum RudderType {
    /// A track call whose event the plan does not have.
    #[serde(rename = "Unplanned-Event")]
    #[strum(serialize = "Unplanned-Event")]
    UnplannedEvent,
    /// A required field is missing (ajv `required`).
    #[serde(rename = "Required-Missing")]
    #[strum(serialize = "Required-Missing")]
    RequiredMissing,
    /// A value has the wrong type (ajv `type`).
    #[serde(rename = "Datatype-Mismatch")]
    #[strum(serialize = "Datatype-Mismatch")]
    DatatypeMismatch,
    /// A field the schema does not allow (ajv `additionalProperties`, `unevaluatedProperties`).
    #[serde(rename = "Additional-Properties")]
    #[strum(serialize = "Additional-Properties")]
    AdditionalProperties,
    /// A range, format, pattern, length or enum rule (ajv `minimum`, `format`, `enum`…).
    #[serde(rename = "Advance-Rules-Violation")]
    #[strum(serialize = "Advance-Rules-Violation")]
    AdvanceRulesViolation,
    /// Anything else.
    #[serde(rename = "Unknown-Violation")]
    #[strum(serialize = "Unknown-Violation")]
    UnknownViolation,
}

/// How a violation reads in the vendors' formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mapping {
    /// RudderStack's violation type.
    pub rudderstack: RudderType,
    /// The JSON Schema keyword that expresses the rule (the last step of
    /// RudderStack's `schemaPath`), when one does.
    pub keyword: Option<&'static str>,
    /// Segment Protocols' `violationType`. Segment documents `Required` and
    /// `Invalid Type`; the others are named in the same style.
    pub segment: &'static str,
}

const fn row(
    rudderstack: RudderType,
    keyword: Option<&'static str>,
    segment: &'static str,
) -> Mapping {
    Mapping {
        rudderstack,
        keyword,
        segment,
    }
}

/// The table: how each code reads in RudderStack's and Segment's formats.
pub const fn code_mapping(code: Code) -> Mapping {
    use RudderType::{
        AdditionalProperties, AdvanceRulesViolation, DatatypeMismatch, RequiredMissing,
        UnknownViolation, UnplannedEvent,
    };
    match code {
        Code::MissingEvent | Code::MissingIdentity | Code::MissingRequired => {
            row(RequiredMissing, Some("required"), "Required")
        }
        Code::MissingRecommended => row(RequiredMissing, Some("required"), "Recommended"),
        Code::NotAnObject | Code::WrongType | Code::NumericString | Code::NumericUserId => {
            row(DatatypeMismatch, Some("type"), "Invalid Type")
        }
        Code::UnknownProperty | Code::NotInDialect | Code::UnknownField => row(
            AdditionalProperties,
            Some("additionalProperties"),
            "Unplanned Property",
        ),
        Code::NonCanonicalPropertyName => row(
            AdditionalProperties,
            Some("additionalProperties"),
            "Invalid Name",
        ),
        Code::OutOfRange => row(AdvanceRulesViolation, Some("minimum"), "Invalid Value"),
        Code::InvalidEnumValue | Code::InvalidCallType => {
            row(AdvanceRulesViolation, Some("enum"), "Invalid Value")
        }
        Code::EmptyEventName => row(AdvanceRulesViolation, Some("minLength"), "Invalid Value"),
        Code::InvalidDateTime | Code::InvalidDate => {
            row(AdvanceRulesViolation, Some("format"), "Invalid Format")
        }
        Code::InvalidCurrency | Code::NonStandardCurrency => {
            row(AdvanceRulesViolation, Some("pattern"), "Invalid Format")
        }
        Code::TooLarge => row(AdvanceRulesViolation, Some("maxLength"), "Too Large"),
        Code::UnplannedEvent => row(UnplannedEvent, None, "Unplanned Event"),
        Code::NonCanonicalEventName | Code::EventAlias | Code::UnknownEventNearMiss => {
            row(UnknownViolation, None, "Invalid Name")
        }
        Code::LegacyActionKey | Code::MisplacedField => row(UnknownViolation, None, "Invalid Name"),
        Code::PlanViolation => row(UnknownViolation, None, "Invalid Value"),
        Code::InvalidJson | Code::TooDeep | Code::EmptyBatch => {
            row(UnknownViolation, None, "Invalid Payload")
        }
    }
}

/// How one violation reads: [`code_mapping`], with a plan violation mapped by
/// the keyword that failed (as rudder-transformer maps ajv's) and a range by
/// the bound it crossed.
pub fn mapping(v: &Violation) -> Mapping {
    use RudderType::{
        AdditionalProperties, AdvanceRulesViolation, DatatypeMismatch, RequiredMissing,
        UnknownViolation,
    };
    match v.kind() {
        Kind::PlanViolation { keyword, .. } => match keyword.as_str() {
            "required" => row(RequiredMissing, Some("required"), "Required"),
            "type" => row(DatatypeMismatch, Some("type"), "Invalid Type"),
            "additionalProperties" => row(
                AdditionalProperties,
                Some("additionalProperties"),
                "Unplanned Property",
            ),
            "unevaluatedProperties" => row(
                AdditionalProperties,
                Some("unevaluatedProperties"),
                "Unplanned Property",
            ),
            k @ ("minLength" | "maxLength" | "pattern" | "format" | "multipleOf" | "minimum"
            | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "minItems"
            | "maxItems" | "uniqueItems" | "enum" | "if") => {
                let segment = if matches!(k, "pattern" | "format") {
                    "Invalid Format"
                } else {
                    "Invalid Value"
                };
                row(AdvanceRulesViolation, Some(keyword_name(k)), segment)
            }
            _ => row(UnknownViolation, None, "Invalid Value"),
        },
        Kind::OutOfRange { range, found } => {
            let below = found
                .parse::<f64>()
                .ok()
                .zip(range.min)
                .is_some_and(|(x, min)| x < min);
            let keyword = if below { "minimum" } else { "maximum" };
            row(AdvanceRulesViolation, Some(keyword), "Invalid Value")
        }
        _ => code_mapping(v.code()),
    }
}

/// The keyword as a `'static` name (the ones [`mapping`] knows).
fn keyword_name(k: &str) -> &'static str {
    const NAMES: &[&str] = &[
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "multipleOf",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minItems",
        "maxItems",
        "uniqueItems",
        "enum",
        "if",
    ];
    NAMES.iter().find(|n| **n == k).copied().unwrap_or("if")
}

/// One entry of RudderStack's `context.violationErrors`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RudderViolation {
    /// The violation type.
    #[serde(rename = "type")]
    pub kind: RudderType,
    /// The message.
    pub message: String,
    /// Where: `instancePath` (a JSON Pointer from the call's root; for a
    /// missing or unplanned field, its parent object) and `schemaPath`.
    pub meta: RudderMeta,
    /// The field a `Required-Missing` or `Additional-Properties` error names;
    /// empty otherwise (rudder-server writes it always).
    pub property: String,
}

/// The `meta` of a [`RudderViolation`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RudderMeta {
    /// A JSON Pointer from the call's root.
    pub instance_path: String,
    /// The rule's place in a schema of the whole call (`#/properties/properties/…`).
    pub schema_path: String,
}

/// RudderStack's errors for some violations of `call` (its bytes, as received:
/// they tell an array index from an object key made of digits in `schemaPath`).
pub fn rudderstack_errors<'a>(
    call: &[u8],
    violations: impl IntoIterator<Item = &'a Violation>,
) -> Vec<RudderViolation> {
    let mut violations = violations.into_iter().peekable();
    if violations.peek().is_none() {
        return Vec::new();
    }
    let parsed: Option<Value> = serde_json::from_slice(call).ok();
    violations
        .map(|v| rudderstack_error(parsed.as_ref(), v))
        .collect()
}

fn rudderstack_error(call: Option<&Value>, v: &Violation) -> RudderViolation {
    let m = mapping(v);
    let path = v.path();
    // ajv reports a missing or unexpected field at its parent, naming it apart.
    let names_field = matches!(
        m.rudderstack,
        RudderType::RequiredMissing | RudderType::AdditionalProperties
    );
    let (instance_path, property) = match v.kind() {
        // The schema checker, like ajv, reports these at the parent already.
        Kind::PlanViolation {
            property: Some(p), ..
        } => (path.to_string(), p.clone()),
        Kind::MissingRecommended { properties } => (
            path.to_string(),
            properties.first().copied().unwrap_or_default().to_string(),
        ),
        Kind::MissingIdentity { accepted } => (
            path.to_string(),
            accepted.first().copied().unwrap_or("userId").to_string(),
        ),
        _ if names_field && !path.is_empty() => {
            let (parent, leaf) = path.rsplit_once('/').unwrap_or(("", path));
            (parent.to_string(), unescape(leaf))
        }
        _ => (path.to_string(), String::new()),
    };
    let schema_path = match (v.kind(), m.rudderstack) {
        (Kind::PlanViolation { schema_path, .. }, _) => schema_path.clone(),
        (_, RudderType::UnplannedEvent) => String::new(),
        _ => {
            let mut s = schema_location(call, &instance_path);
            if let Some(k) = m.keyword {
                s.push('/');
                s.push_str(k);
            }
            s
        }
    };
    RudderViolation {
        kind: m.rudderstack,
        message: v.message(),
        meta: RudderMeta {
            instance_path,
            schema_path,
        },
        property,
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Where an instance location's rules sit in a plain schema of the call:
/// `/properties/price` → `#/properties/properties/properties/price`, an array
/// index (in the call) → `/items`.
fn schema_location(call: Option<&Value>, instance: &str) -> String {
    let mut s = String::from("#");
    let mut here = call;
    for token in instance.split('/').skip(1) {
        let key = unescape(token);
        match here {
            Some(Value::Array(items)) => {
                s.push_str("/items");
                here = key.parse::<usize>().ok().and_then(|i| items.get(i));
            }
            other => {
                s.push_str("/properties/");
                s.push_str(token);
                here = other.and_then(|o| o.get(&key));
            }
        }
    }
    s
}

/// The tracking plan a RudderStack annotation names (`context.trackingPlanId`,
/// `context.trackingPlanVersion`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RudderPlan {
    /// `trackingPlanId`.
    pub id: String,
    /// `trackingPlanVersion`.
    pub version: u64,
}

/// The call with `context.violationErrors` (and the plan's id and version when
/// given) set in place: the rest of its bytes are kept. `None` when the call is
/// not a JSON object, or its `context` is neither an object nor `null`, or is
/// repeated (there is no place to put them without losing something).
pub fn annotate_rudderstack(
    call: &[u8],
    errors: &[RudderViolation],
    plan: Option<&RudderPlan>,
) -> Option<Vec<u8>> {
    let json = std::str::from_utf8(call).ok()?;
    // Each member's JSON text: the errors keep their fields in RudderStack's order.
    let mut members: Vec<(&str, String)> = Vec::new();
    if let Some(p) = plan {
        members.push(("trackingPlanId", serde_json::to_string(&p.id).ok()?));
        members.push(("trackingPlanVersion", p.version.to_string()));
    }
    members.push(("violationErrors", serde_json::to_string(errors).ok()?));
    // Members of the same name already in `context` are replaced: taken out first.
    let mut owned = json.to_string();
    for (k, _) in &members {
        let pointer = format!("/context/{k}");
        if locate(&owned, &pointer).is_some() {
            owned = without_member(&owned, &pointer)?;
        } else if serde_json::from_str::<Value>(&owned)
            .ok()?
            .pointer(&pointer)
            .is_some()
        {
            return None;
        }
    }
    let json = owned.as_str();
    let root = locate(json, "")?;
    if !json[root.value.clone()].starts_with('{') {
        return None;
    }
    let context = match serde_json::from_str::<Map<String, Value>>(json)
        .ok()?
        .get("context")
    {
        None => None,
        Some(Value::Object(_) | Value::Null) => Some(locate(json, "/context")?),
        Some(_) => return None,
    };
    let body = object_body(&members)?;
    let mut out = String::with_capacity(json.len() + body.len() + 16);
    match context {
        Some(at) if json[at.value.clone()].starts_with('{') => {
            let inner = &json[at.value.start + 1..at.value.end - 1];
            out.push_str(&json[..=at.value.start]);
            out.push_str(&body);
            if !inner.trim().is_empty() {
                out.push(',');
            }
            out.push_str(&json[at.value.start + 1..]);
        }
        Some(at) => {
            // `"context": null`
            out.push_str(&json[..at.value.start]);
            out.push('{');
            out.push_str(&body);
            out.push('}');
            out.push_str(&json[at.value.end..]);
        }
        None => {
            let inner = &json[root.value.start + 1..root.value.end - 1];
            out.push_str(&json[..=root.value.start]);
            out.push_str("\"context\":{");
            out.push_str(&body);
            out.push('}');
            if !inner.trim().is_empty() {
                out.push(',');
            }
            out.push_str(&json[root.value.start + 1..]);
        }
    }
    Some(out.into_bytes())
}

/// The JSON text without the object member at `pointer` (and one comma beside it).
fn without_member(json: &str, pointer: &str) -> Option<String> {
    let at = locate(json, pointer)?;
    let key = at.key?;
    let b = json.as_bytes();
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    let (mut from, mut to) = (key.start, at.value.end);
    let mut after = to;
    while after < b.len() && ws(b[after]) {
        after += 1;
    }
    if b.get(after) == Some(&b',') {
        to = after + 1;
    } else {
        let mut before = from;
        while before > 0 && ws(b[before - 1]) {
            before -= 1;
        }
        if before > 0 && b[before - 1] == b',' {
            from = before - 1;
        }
    }
    Some(format!("{}{}", &json[..from], &json[to..]))
}

fn object_body(members: &[(&str, String)]) -> Option<String> {
    let mut body = String::new();
    for (i, (k, v)) in members.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&serde_json::to_string(k).ok()?);
        body.push(':');
        body.push_str(v);
    }
    Some(body)
}

/// The Segment source and tracking plan a `Violation Generated` call names
/// (empty strings when not known).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentSource {
    /// `sourceID`.
    pub source_id: String,
    /// `sourceName`.
    pub source_name: String,
    /// `sourceSlug`.
    pub source_slug: String,
    /// `trackingPlanID`.
    pub tracking_plan_id: String,
    /// `trackingPlanName`.
    pub tracking_plan_name: String,
}

/// Go's zero time, which Segment's example shows for a timestamp the event lacks.
const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// One `Violation Generated` track call per violation of `call` (its bytes, as
/// received; JSON or not), as Segment Protocols forwards them.
///
/// `violationField` is the path in Segment's dotted form
/// (`properties.products.0.price`; `(root)` for the whole call). The
/// `messageId` of each generated call (`sev-` and 16 hex digits) hashes the
/// source id, the event's `messageId` (else its bytes), the violation's code and
/// path: a replay sends the same ids, which Segment drops as duplicates, and
/// each violation has its own whatever `--fail-on` keeps.
///
/// ```
/// use semantic_events::{vendor, Validator};
/// let call = br#"{"userId": "u", "event": "Product Added", "messageId": "m1",
///     "properties": {"price": "1"}}"#;
/// let report = Validator::new().validate_slice(call);
/// let out = vendor::segment_violations(call, report.violations(), &Default::default());
/// assert_eq!(out[0]["event"], "Violation Generated");
/// assert_eq!(out[0]["userId"], "schema-violations");
/// assert_eq!(out[0]["properties"]["violationType"], "Invalid Type");
/// assert_eq!(out[0]["properties"]["violationField"], "properties.price");
/// assert_eq!(out[0]["properties"]["eventMessageID"], "m1");
/// ```
pub fn segment_violations<'a>(
    call: &[u8],
    violations: impl IntoIterator<Item = &'a Violation>,
    source: &SegmentSource,
) -> Vec<Value> {
    let parsed: Option<Value> = serde_json::from_slice(call).ok();
    let template = generated_call(parsed.as_ref(), source);
    // The event (its messageId, else its bytes), the source, and the violation
    // itself: a replay gives the same ids, another violation another one.
    let event_key = match template["properties"]["eventMessageID"].as_str() {
        Some(id) if !id.is_empty() => id.to_string(),
        _ => format!("{:016x}", fnv1a(call)),
    };
    let mut seen: Vec<(Code, &str)> = Vec::new();
    violations
        .into_iter()
        .map(|v| {
            let repeat = seen
                .iter()
                .filter(|(c, p)| *c == v.code() && *p == v.path())
                .count();
            seen.push((v.code(), v.path()));
            let id = fnv1a(
                format!(
                    "{}\u{0}{event_key}\u{0}{}\u{0}{}\u{0}{repeat}",
                    source.source_id,
                    v.code(),
                    v.path()
                )
                .as_bytes(),
            );
            let m = mapping(v);
            let field = dotted(v.path());
            let mut out = template.clone();
            out["messageId"] = Value::from(format!("sev-{id:016x}"));
            let p = &mut out["properties"];
            p["violationDescription"] = Value::from(description(v, m, &field, parsed.as_ref()));
            p["violationField"] = Value::from(field);
            p["violationType"] = Value::from(m.segment);
            out
        })
        .collect()
}

/// A `Violation Generated` call about `call`, all but the violation's own fields.
fn generated_call(call: Option<&Value>, source: &SegmentSource) -> Value {
    let text = |pointer: &str| {
        call.and_then(|c| c.pointer(pointer))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let stamp = |pointer: &str| {
        let t = text(pointer);
        if t.is_empty() {
            ZERO_TIME.to_string()
        } else {
            t
        }
    };
    // A call without a type is a track call when it names an event.
    let event_type = [text("/type"), text("/action")]
        .into_iter()
        .find(|t| !t.is_empty())
        .or_else(|| {
            call.and_then(|c| c.get("event"))
                .map(|_| "track".to_string())
        })
        .unwrap_or_default();
    let app = call
        .and_then(|c| c.pointer("/context/app"))
        .filter(|a| a.is_object())
        .cloned()
        .unwrap_or(Value::Null);
    json!({
        "type": "track",
        "event": "Violation Generated",
        "userId": "schema-violations",
        "properties": {
            "appVersion": text("/context/app/version"),
            "eventMessageID": text("/messageId"),
            "eventName": text("/event"),
            "eventSentAt": stamp("/sentAt"),
            "eventTimestamp": stamp("/timestamp"),
            "eventType": event_type,
            "sourceID": source.source_id,
            "sourceName": source.source_name,
            "sourceSlug": source.source_slug,
            "trackingPlanID": source.tracking_plan_id,
            "trackingPlanName": source.tracking_plan_name,
        },
        "context": {
            "app": app,
            "library": {"name": "semantic-events", "version": env!("CARGO_PKG_VERSION")},
        },
        "integrations": {},
    })
}

/// `violationDescription`: Segment's own wording where it has one.
fn description(v: &Violation, m: Mapping, field: &str, call: Option<&Value>) -> String {
    match (m.segment, v.kind()) {
        ("Required", _) => format!("{field} is required"),
        (
            "Invalid Type",
            Kind::WrongType { expected, .. } | Kind::NumericString { expected, .. },
        ) => {
            let given = call
                .and_then(|c| c.pointer(v.path()))
                .map_or("null", json_type);
            format!("Invalid type. Expected: {expected}, given: {given}")
        }
        _ => v.message(),
    }
}

/// `/properties/products/0/price` → `properties.products.0.price`; `""` → `(root)`.
fn dotted(pointer: &str) -> String {
    if pointer.is_empty() {
        return "(root)".into();
    }
    pointer
        .split('/')
        .skip(1)
        .map(unescape)
        .collect::<Vec<_>>()
        .join(".")
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// FNV-1a, 64 bits: a stable id for a call without a `messageId`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_both_forms() {
        assert_eq!(
            dotted("/properties/products/0/a~1b"),
            "properties.products.0.a/b"
        );
        assert_eq!(dotted(""), "(root)");
        let call =
            serde_json::json!({"properties": {"products": [{"price": 1}], "2024": {"0": 1}}});
        assert_eq!(
            schema_location(Some(&call), "/properties/products/0/price"),
            "#/properties/properties/properties/products/items/properties/price"
        );
        assert_eq!(
            schema_location(Some(&call), "/properties/2024/0"),
            "#/properties/properties/properties/2024/properties/0"
        );
        assert_eq!(schema_location(None, ""), "#");
    }
}
