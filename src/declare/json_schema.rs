//! A declaration as JSON Schema (draft 2020-12): what each [`Shape`] means in
//! JSON Schema terms, rendered from the same table the validator walks.
//!
//! The files, `$id`s, the bundle and its dispatch are the schema view's
//! (`crate::schema`); this module only says how one object, event or shape reads.

use serde_json::{Map, Value, json};

use super::decl::{EventDecl, FieldRule};
use super::dialect::Dialect;
use super::names::fold;
use super::shape::{Format, Range, Shape};
use super::shape::{ObjectDecl, PropertyDecl};

/// A calendar date as the validator takes it: `YYYY-MM-DD`, the day within
/// its month, 29 February in leap years only.
macro_rules! date_regex {
    () => {
        concat!(
            "(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
            "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
            "|02-(?:0[1-9]|1[0-9]|2[0-8]))",
            "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)"
        )
    };
}

/// `Format::Date` as a regex: exactly what the validator accepts.
pub const DATE_PATTERN: &str = concat!("^", date_regex!(), "$");

/// `Format::DateTime` as a regex: exactly what the validator accepts (RFC 3339
/// with `T`/`Z` in either case, hours `00`–`23`, seconds `00`–`59`, any number
/// of fraction digits, offsets up to `±23:59`). Spelled out rather than left to
/// `format: date-time`, which implementations apply differently (leap seconds;
/// Python's `jsonschema` asserts it only with an extra package; ajv only with
/// ajv-formats), and which costs a validator more than one regex.
pub const DATE_TIME_PATTERN: &str = concat!(
    "^",
    date_regex!(),
    "[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?",
    "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"
);

/// An ordered map of the JSON Schema `$defs` a schema refers to.
pub type Defs = std::collections::BTreeMap<String, Value>;

/// `JsonSchema::json_schema` for declared structs: the object's schema (Segment
/// dialect), its nested objects registered as the generator's definitions.
pub fn object_schema_for_generator(
    decl: &ObjectDecl,
    generator: &mut schemars::SchemaGenerator,
) -> schemars::Schema {
    let mut defs = Defs::new();
    let body = object_typed(object_body(decl, Dialect::Segment, &mut defs));
    into_generator(body, defs, generator)
}

/// `JsonSchema::json_schema` for declared events: [`event_body`] in the Segment
/// dialect, without the reserved properties (the exported per-event schemas of
/// `crate::schema` add those, as every track call may carry them).
pub fn event_schema_for_generator(
    event: &EventDecl,
    generator: &mut schemars::SchemaGenerator,
) -> schemars::Schema {
    let mut defs = Defs::new();
    let body = object_typed(event_body(event, Reserved::No, Dialect::Segment, &mut defs));
    into_generator(body, defs, generator)
}

fn into_generator(
    body: Value,
    defs: Defs,
    generator: &mut schemars::SchemaGenerator,
) -> schemars::Schema {
    let definitions = generator.definitions_mut();
    for (name, schema) in defs {
        definitions.entry(name).or_insert(schema);
    }
    schemars::Schema::try_from(body).unwrap_or_default()
}

/// Characters that folding drops: ASCII that is not a letter or digit.
const SEPARATORS: &str = r"[\x00-/:-@\[-`{-\x7f]*";

/// A regex matching every spelling of `names` that folds to the same letters.
///
/// The names share one prefix tree (`^…(?:[Pp]…(?:[Rr]…)|[Cc]…)`), so a string
/// is compared with each letter once, not with every name in turn: a regex
/// engine rejects an unrelated string at its first letter or so.
pub fn fold_pattern<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    #[derive(Default)]
    struct Trie {
        end: bool,
        next: std::collections::BTreeMap<char, Trie>,
    }
    fn write(node: &Trie, out: &mut String) {
        let mut alternatives: Vec<String> = node
            .next
            .iter()
            .map(|(&c, child)| {
                let mut alt = if c.is_ascii_alphabetic() {
                    format!("[{}{c}]", c.to_ascii_uppercase())
                } else if c.is_ascii_digit() {
                    c.to_string()
                } else {
                    regex_escape(c)
                };
                alt.push_str(SEPARATORS);
                write(child, &mut alt);
                alt
            })
            .collect();
        if node.end {
            alternatives.push("$".into());
        }
        match alternatives.as_slice() {
            // No name: only the empty string (no lookaround, which not every
            // engine has).
            [] => out.push_str("$^"),
            [one] => out.push_str(one),
            many => {
                out.push_str("(?:");
                out.push_str(&many.join("|"));
                out.push(')');
            }
        }
    }
    let mut root = Trie::default();
    for name in names {
        if let Some(folded) = fold(name) {
            let mut node = &mut root;
            for c in folded.chars() {
                node = node.next.entry(c).or_default();
            }
            node.end = true;
        }
    }
    let mut out = format!("^{SEPARATORS}");
    write(&root, &mut out);
    out
}

fn regex_escape(c: char) -> String {
    if c.is_alphanumeric() {
        c.to_string()
    } else {
        format!("\\u{{{:x}}}", u32::from(c))
    }
}

/// What `rules` (already those of one dialect) require, as one schema of the
/// value their pointers start from; `None` when there is nothing to say.
///
/// A required field must be present, not `null` and not `""`, and every object
/// on its way must be an object (the validator finds nothing at a pointer that
/// goes through anything else); a field with another accepted place passes
/// when either place has it; a field with allowed values is checked when it is
/// a string (its type is the declaration's business).
pub fn rules_schema(rules: &[FieldRule]) -> Option<Value> {
    fn nested(segments: &[&str], leaf: Value, require: bool) -> Value {
        match segments {
            [] => leaf,
            [first, rest @ ..] => {
                let inner = nested(rest, leaf, require);
                let inner = match (&inner, rest.is_empty()) {
                    (Value::Object(m), false) if require => {
                        let mut m = m.clone();
                        m.insert("type".into(), "object".into());
                        Value::Object(m)
                    }
                    _ => inner,
                };
                let mut out = Map::new();
                if require {
                    out.insert("required".into(), json!([first]));
                }
                out.insert("properties".into(), json!({ *first: inner }));
                Value::Object(out)
            }
        }
    }
    fn segments(pointer: &str) -> Vec<&str> {
        pointer.split('/').skip(1).collect()
    }
    let mut all = Vec::new();
    for rule in rules {
        if rule.required {
            let present = json!({"not": {"enum": [null, ""]}});
            let here = nested(&segments(rule.pointer), present.clone(), true);
            all.push(match rule.also_at {
                Some(at) => json!({"anyOf": [here, nested(&segments(at), present, true)]}),
                None => here,
            });
        }
        if !rule.one_of.is_empty() {
            let allowed = json!({"if": {"type": "string"}, "then": {"enum": rule.one_of}});
            all.push(nested(&segments(rule.pointer), allowed, false));
        }
    }
    match all.len() {
        0 => None,
        1 => all.pop(),
        _ => Some(json!({ "allOf": all })),
    }
}

/// How an event's schema carries the reserved properties every track call may have.
#[derive(Debug, Clone, Copy)]
pub enum Reserved<'a> {
    /// Not at all.
    No,
    /// Copied into the event's `properties`: a self-contained schema.
    Inline(&'a ObjectDecl),
    /// Checked elsewhere (the bundle's track rule checks them on every track
    /// call): only their variant spellings are added here.
    Elsewhere(&'a ObjectDecl),
}

/// The schema of an event's `properties`: declared properties, the `reserved`
/// ones every track call may carry, and the variant spellings of both.
pub fn event_body(
    event: &EventDecl,
    reserved: Reserved<'_>,
    dialect: Dialect,
    defs: &mut Defs,
) -> Value {
    let decl = event.properties;
    let mut body = object_body(decl, dialect, defs);
    let (reserved, inline) = match reserved {
        Reserved::No => (&[][..], true),
        Reserved::Inline(r) => (&r.props[..], true),
        Reserved::Elsewhere(r) => (&r.props[..], false),
    };
    let Value::Object(m) = &mut body else {
        return body;
    };
    let mut props = match m.remove("properties") {
        Some(Value::Object(p)) => p,
        _ => Map::new(),
    };
    let mut patterns = Map::new();
    for p in decl.props.iter().chain(reserved) {
        let shape = property_schema(p, dialect, defs);
        if decl.get(p.name).is_none() && inline {
            props.insert(p.name.into(), shape.clone());
        }
        patterns.entry(fold_pattern([p.name])).or_insert(shape);
    }
    let mut out = Map::new();
    out.insert("title".into(), event.name.into());
    if !event.doc.is_empty() {
        out.insert("description".into(), event.doc.into());
    }
    // Variant spellings ("Product_ID") get their property's schema too, by
    // patterns tried only when some key is not a declared name: calls spelled as
    // declared pay for no regex (the patterns would give exact names their own
    // schema again, so the verdict is the same either way).
    // "Every key is a declared name", in the form validators check fastest (ajv
    // compiles it to one comparison chain per key, no subschema call).
    let exact: Map<String, Value> = props.keys().map(|k| (k.clone(), true.into())).collect();
    let only_exact = json!({"properties": exact, "additionalProperties": false});
    out.insert("properties".into(), Value::Object(props));
    out.insert("additionalProperties".into(), true.into());
    if !patterns.is_empty() {
        out.insert("if".into(), only_exact);
        out.insert(
            "else".into(),
            json!({"patternProperties": Value::Object(patterns)}),
        );
    }
    if inline {
        // A standalone schema of `properties` says which properties the
        // dialect's vendor requires (the bundle says it from the call's root).
        let rules: Vec<FieldRule> = event
            .rules_in(dialect)
            .filter(|r| r.pointer.starts_with("/properties/"))
            .map(|r| FieldRule {
                // The same pointer, from `properties` rather than from the call.
                pointer: &r.pointer["/properties".len()..],
                also_at: None,
                ..*r
            })
            .collect();
        if let Some(schema) = rules_schema(&rules) {
            out.insert("allOf".into(), json!([schema]));
        }
    }
    if !event.recommended.is_empty() {
        out.insert("x-recommended".into(), json!(event.recommended));
    }
    out.insert(
        "examples".into(),
        json!([example_object(event.properties, dialect, 0)]),
    );
    Value::Object(out)
}

/// The schema of one property in a dialect: its shape, `null` allowed, its description.
pub fn property_schema(p: &PropertyDecl, dialect: Dialect, defs: &mut Defs) -> Value {
    let mut schema = nullable(shape_schema(p.shape_in(dialect), dialect, defs));
    if let (Value::Object(m), false) = (&mut schema, p.doc.is_empty()) {
        m.insert("description".into(), p.doc.into());
    }
    schema
}

/// The schema of an object's properties (not wrapped in a `$ref`).
pub fn object_body(decl: &ObjectDecl, dialect: Dialect, defs: &mut Defs) -> Value {
    let mut props = Map::new();
    for p in &decl.props {
        props.insert(p.name.into(), property_schema(p, dialect, defs));
    }
    let mut out = Map::new();
    if !decl.doc.is_empty() {
        out.insert("description".into(), decl.doc.into());
    }
    out.insert("properties".into(), Value::Object(props));
    out.insert("additionalProperties".into(), true.into());
    Value::Object(out)
}

/// A body as a standalone object schema (`"type": "object"` first). Bodies in
/// `$defs` leave the type to the place that refers to them (`object` or
/// `object`-or-`null`), so that errors inside keep their precise paths.
pub fn object_typed(body: Value) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), "object".into());
    if let Value::Object(mut m) = body {
        out.append(&mut m);
    }
    Value::Object(out)
}

/// The schema of one shape (not nullable).
pub fn shape_schema(shape: &Shape, dialect: Dialect, defs: &mut Defs) -> Value {
    match shape {
        Shape::Any => json!({}),
        Shape::Boolean => json!({"type": "boolean"}),
        Shape::String(None) => json!({"type": "string"}),
        Shape::String(Some(Format::DateTime)) => {
            json!({"type": "string", "pattern": DATE_TIME_PATTERN, "$comment": "RFC 3339 date-time"})
        }
        Shape::String(Some(Format::DateOrDateTime)) => json!({
            "type": "string",
            "anyOf": [{"pattern": DATE_PATTERN}, {"pattern": DATE_TIME_PATTERN}],
            "$comment": "RFC 3339 full-date or date-time"
        }),
        Shape::String(Some(Format::Currency)) => {
            json!({"type": "string", "pattern": "^[A-Za-z]{3}$"})
        }
        Shape::String(Some(Format::Digits)) => json!({"type": "string", "pattern": "^[0-9]+$"}),
        Shape::Number(r) | Shape::Integer(r) => {
            let ty = if matches!(shape, Shape::Integer(_)) {
                "integer"
            } else {
                "number"
            };
            let mut m = Map::new();
            m.insert("type".into(), ty.into());
            if let Some(min) = r.min {
                m.insert("minimum".into(), number(min));
            }
            if let Some(max) = r.max {
                m.insert("maximum".into(), number(max));
            }
            Value::Object(m)
        }
        Shape::Enum(values) => json!({"type": "string", "enum": values}),
        Shape::Array(item) => json!({"type": "array", "items": shape_schema(item, dialect, defs)}),
        Shape::Object(decl) => {
            if !defs.contains_key(decl.name) {
                // Reserve the name first: a shape may (in principle) refer to itself.
                defs.insert(decl.name.to_string(), Value::Bool(true));
                let body = object_body(decl, dialect, defs);
                defs.insert(decl.name.to_string(), body);
            }
            json!({"type": "object", "$ref": format!("#/$defs/{}", decl.name)})
        }
        Shape::Map => json!({"type": "object"}),
        Shape::Union(members) => json!({
            "anyOf": members.iter().map(|m| shape_schema(m, dialect, defs)).collect::<Vec<_>>()
        }),
    }
}

/// Integral bounds print as integers (`0`, not `0.0`).
fn number(x: f64) -> Value {
    #[allow(clippy::cast_possible_truncation)]
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        Value::from(x)
    }
}

/// Adds `null` to a schema's accepted values.
pub fn nullable(schema: Value) -> Value {
    let Value::Object(mut m) = schema else {
        return schema;
    };
    if m.is_empty() {
        return Value::Object(m);
    }
    let ty = match m.get("type") {
        Some(Value::String(t)) => t.clone(),
        _ => return json!({"anyOf": [Value::Object(m), {"type": "null"}]}),
    };
    if let Some(Value::Array(values)) = m.get_mut("enum") {
        values.push(Value::Null);
    }
    m.insert("type".into(), json!([ty, "null"]));
    Value::Object(m)
}

/// A plausible example value for a property, from its name and shape.
fn example_value(name: &str, shape: &Shape, depth: usize) -> Value {
    let lower = name.to_ascii_lowercase();
    match shape {
        Shape::Any => json!("example"),
        Shape::Boolean => json!(false),
        Shape::String(Some(Format::DateTime)) => json!("2024-05-04T12:00:00Z"),
        Shape::String(Some(Format::DateOrDateTime)) => json!("2024-05-04"),
        Shape::String(Some(Format::Currency)) => json!("USD"),
        Shape::String(Some(Format::Digits)) => json!("1"),
        Shape::String(None) => {
            if lower.ends_with("id") {
                json!(format!(
                    "{}-1029",
                    lower.trim_end_matches("id").trim_end_matches('_')
                ))
            } else if lower.contains("url") {
                json!("https://www.example.com/shop/item")
            } else {
                json!(format!("Example {}", name.replace('_', " ")))
            }
        }
        Shape::Number(r) => json!(clamp(if lower.contains("price") { 19.99 } else { 2.5 }, *r)),
        #[allow(clippy::cast_possible_truncation)]
        Shape::Integer(r) => json!(clamp(3.0, *r) as i64),
        Shape::Enum(values) => json!(values.first().copied().unwrap_or_default()),
        Shape::Array(item) => json!([example_value(name, item, depth + 1)]),
        Shape::Object(decl) if depth < 3 => example_object(decl, Dialect::Segment, depth + 1),
        Shape::Object(_) | Shape::Map => json!({}),
        Shape::Union(members) => members
            .first()
            .map_or(Value::Null, |m| example_value(name, m, depth)),
    }
}

fn clamp(x: f64, r: Range) -> f64 {
    let x = r.min.map_or(x, |m| x.max(m));
    r.max.map_or(x, |m| x.min(m))
}

/// An example object of a declaration: every property the dialect lists, with a
/// plausible value.
pub fn example_object(decl: &ObjectDecl, dialect: Dialect, depth: usize) -> Value {
    Value::Object(
        decl.props
            .iter()
            .filter(|p| p.vendors.known_in(dialect))
            .map(|p| {
                (
                    p.name.to_string(),
                    example_value(p.name, p.shape_in(dialect), depth),
                )
            })
            .collect(),
    )
}
