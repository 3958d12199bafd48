//! JSON Schema (draft 2020-12) export, rendered from the same [`Shape`]s the
//! validator walks — so the schema and the validator cannot disagree.
//!
//! Every declared struct implements [`schemars::JsonSchema`] through
//! [`object_schema_for_generator`], so `schemars::schema_for!(ProductAdded)` works
//! as for any schemars type; [`schema_for`] pins the draft 2020-12 settings.
//!
//! How the validator's rules map onto the schema:
//! - `null` is accepted for every property (it means absent);
//! - integers are `"type": "integer"` (`2.0` passes, as in the validator);
//! - numeric strings fail `"type": "number"` (an error by default in the validator too);
//! - currencies must match `^[A-Za-z]{3}$`; lower-case or non-ISO codes are only
//!   warnings in the validator, so the schema accepts them;
//! - `airdate` is `anyOf` a `date` or a `date-time`.

use serde_json::{Map, Value, json};

use crate::declare::{Defs, Dialect, Event, EventDecl, Format, ObjectDecl, Shape};

/// The `$schema` of every exported schema.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schemars settings every export uses.
pub fn settings() -> schemars::generate::SchemaSettings {
    schemars::generate::SchemaSettings::draft2020_12()
}

/// The root schema of a declared event's `properties`, via schemars.
///
/// ```
/// use semantic_events::events::ecommerce::ProductAdded;
/// let schema = semantic_events::schema::schema_for::<ProductAdded>();
/// let json = schema.as_value();
/// assert_eq!(json["title"], "Product Added");
/// assert_eq!(json["properties"]["price"]["type"], serde_json::json!(["number", "null"]));
/// ```
pub fn schema_for<E: Event>() -> schemars::Schema {
    let mut schema = settings().into_generator().into_root_schema_for::<E>();
    schema.insert("title".into(), Value::String(E::NAME.into()));
    schema
}

/// The JSON Schema of an event's `properties` in a dialect, with its `$defs`.
pub fn properties_schema(event: &EventDecl, dialect: Dialect) -> Value {
    let mut defs = Defs::new();
    let mut root = object_body(event.properties, dialect, &mut defs);
    if let Value::Object(m) = &mut root {
        let mut head = Map::new();
        head.insert("$schema".into(), DRAFT_2020_12.into());
        head.insert("title".into(), event.name.into());
        head.append(m);
        if !defs.is_empty() {
            head.insert(
                "$defs".into(),
                Value::Object(defs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
            );
        }
        return Value::Object(head);
    }
    root
}

/// `JsonSchema::json_schema` for declared structs: the object's schema (Segment
/// dialect), its nested objects registered as the generator's definitions.
pub fn object_schema_for_generator(
    decl: &ObjectDecl,
    generator: &mut schemars::SchemaGenerator,
) -> schemars::Schema {
    let mut defs = Defs::new();
    let body = object_body(decl, Dialect::Segment, &mut defs);
    let definitions = generator.definitions_mut();
    for (name, schema) in defs {
        definitions.entry(name.to_string()).or_insert(schema);
    }
    schemars::Schema::try_from(body).unwrap_or_default()
}

/// The schema of an object's properties (not wrapped in a `$ref`).
pub(crate) fn object_body(decl: &ObjectDecl, dialect: Dialect, defs: &mut Defs) -> Value {
    let mut props = Map::new();
    for p in &decl.props {
        let mut schema = nullable(shape_schema(p.shape_in(dialect), dialect, defs));
        if let (Value::Object(m), false) = (&mut schema, p.doc.is_empty()) {
            m.insert("description".into(), p.doc.into());
        }
        props.insert(p.name.into(), schema);
    }
    let mut out = Map::new();
    out.insert("type".into(), "object".into());
    if !decl.doc.is_empty() {
        out.insert("description".into(), decl.doc.into());
    }
    out.insert("properties".into(), Value::Object(props));
    out.insert("additionalProperties".into(), true.into());
    Value::Object(out)
}

/// The schema of one shape (not nullable).
pub(crate) fn shape_schema(shape: &Shape, dialect: Dialect, defs: &mut Defs) -> Value {
    match shape {
        Shape::Any => json!({}),
        Shape::Boolean => json!({"type": "boolean"}),
        Shape::String(None) => json!({"type": "string"}),
        Shape::String(Some(Format::DateTime)) => json!({"type": "string", "format": "date-time"}),
        Shape::String(Some(Format::DateOrDateTime)) => json!({
            "type": "string",
            "anyOf": [{"format": "date"}, {"format": "date-time"}]
        }),
        Shape::String(Some(Format::Currency)) => {
            json!({"type": "string", "pattern": "^[A-Za-z]{3}$"})
        }
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
                defs.insert(decl.name, Value::Bool(true));
                let body = object_body(decl, dialect, defs);
                defs.insert(decl.name, body);
            }
            json!({"$ref": format!("#/$defs/{}", decl.name)})
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
fn nullable(schema: Value) -> Value {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_forms() {
        assert_eq!(
            nullable(json!({"type": "number"})),
            json!({"type": ["number", "null"]})
        );
        assert_eq!(
            nullable(json!({"type": "string", "enum": ["a"]})),
            json!({"type": ["string", "null"], "enum": ["a", null]})
        );
        assert_eq!(
            nullable(json!({"$ref": "#/$defs/X"})),
            json!({"anyOf": [{"$ref": "#/$defs/X"}, {"type": "null"}]})
        );
        assert_eq!(nullable(json!({})), json!({}));
    }
}
