//! The Markdown reference in `docs/`, rendered from the declarations: one page per
//! family, with each event's names, description, property table, dialect
//! differences and an example call that the test suite validates.

use std::fmt::Write as _;

use crate::declare::{Category, Dialect, EventDecl, Format, ObjectDecl, PropertyDecl, Shape};
use crate::events::EventName;
use crate::schema;

/// Every generated page, as (path under `docs/`, Markdown).
pub fn files() -> Vec<(String, String)> {
    let mut out = vec![("README.md".to_string(), index())];
    for category in Category::SPEC {
        out.push((format!("{category}.md"), family(category)));
    }
    out
}

fn header(out: &mut String) {
    let _ = writeln!(out, "<!-- {} -->\n", schema::stamp());
}

fn vendor_names(vendors: crate::declare::Vendors) -> String {
    vendors.iter().map(vendor).collect::<Vec<_>>().join(", ")
}

fn vendor(d: Dialect) -> &'static str {
    match d {
        Dialect::Segment => "Segment",
        Dialect::CustomerIo => "Customer.io",
        Dialect::Rudderstack => "RudderStack",
    }
}

/// The index page: families and their events.
fn index() -> String {
    let mut out = String::new();
    header(&mut out);
    out.push_str("# Semantic events reference\n\n");
    out.push_str(
        "Every semantic event the crate knows, by family. Each page lists an event's canonical \
         name, aliases, description, properties (type, constraints, whether recommended), the \
         differences between the Segment, Customer.io and RudderStack dialects, and a valid \
         example call. JSON Schemas: `spec/schemas/`.\n\n",
    );
    out.push_str("| Family | Events |\n|---|---|\n");
    for category in Category::SPEC {
        let events: Vec<String> = EventName::of(category)
            .map(|e| format!("[{}]({category}.md#{})", e.as_str(), anchor(e.as_str())))
            .collect();
        let _ = writeln!(
            out,
            "| [{}]({category}.md) | {} |",
            category.title(),
            events.join(", ")
        );
    }
    out
}

fn anchor(name: &str) -> String {
    schema::slug(name)
}

fn family(category: Category) -> String {
    let mut out = String::new();
    header(&mut out);
    let _ = writeln!(out, "# {} events\n", category.title());
    out.push_str("| Event | Defined by | Aliases |\n|---|---|---|\n");
    for name in EventName::of(category) {
        let d = name.decl();
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} |",
            d.name,
            anchor(d.name),
            vendor_names(d.vendors),
            aliases(d)
        );
    }
    for name in EventName::of(category) {
        event_section(&mut out, name);
    }
    out
}

fn aliases(d: &EventDecl) -> String {
    let mut all: Vec<String> = d.aliases.iter().map(|a| format!("`{a}`")).collect();
    all.extend(
        d.vendor_aliases
            .iter()
            .map(|(v, a)| format!("`{a}` ({})", vendor(*v))),
    );
    all.join(", ")
}

fn event_section(out: &mut String, name: EventName) {
    let d = name.decl();
    let _ = writeln!(out, "\n## {}\n", d.name);
    let _ = writeln!(out, "{}\n", d.doc);
    let _ = writeln!(out, "- Canonical name: `{}`", d.name);
    let a = aliases(d);
    if !a.is_empty() {
        let _ = writeln!(out, "- Aliases: {a}");
    }
    let _ = writeln!(out, "- Defined by: {}", vendor_names(d.vendors));
    if !d.recommended.is_empty() {
        let groups: Vec<String> = d
            .recommended
            .iter()
            .map(|g| {
                g.iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            })
            .collect();
        let _ = writeln!(out, "- Recommended (strict profile): {}", groups.join("; "));
    }
    for rule in d.rules {
        let who = vendor_names(rule.dialects);
        if rule.required {
            let also = rule
                .also_at
                .map(|at| format!(" (also accepted at `{at}`, with a warning)"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- Required by {who}: `{}`{also} — {}",
                rule.pointer, rule.why
            );
        }
        if !rule.one_of.is_empty() {
            let values: Vec<String> = rule.one_of.iter().map(|v| format!("`{v}`")).collect();
            let _ = writeln!(
                out,
                "- {who}: `{}` is one of {}",
                rule.pointer,
                values.join(", ")
            );
        }
    }
    if !d.anonymous_in.is_empty() {
        let _ = writeln!(
            out,
            "- Needs no identity in {} (neither `userId` nor `anonymousId`)",
            vendor_names(d.anonymous_in)
        );
    }
    let _ = writeln!(
        out,
        "- JSON Schema: [`spec/schemas/{0}`](../spec/schemas/{0})",
        schema::event_path(name)
    );
    property_table(out, d);
    let diffs = differences(d.properties);
    if !diffs.is_empty() {
        out.push_str("\nDialect differences:\n\n");
        for line in diffs {
            let _ = writeln!(out, "- {line}");
        }
    }
    let example = serde_json::to_string_pretty(&schema::example(name)).unwrap_or_default();
    let _ = writeln!(out, "\nExample:\n\n```json\n{example}\n```");
}

fn property_table(out: &mut String, d: &EventDecl) {
    if d.properties.props.is_empty() {
        out.push_str("\nNo properties are defined (custom properties are allowed).\n");
        return;
    }
    out.push_str(
        "\n| Property | Type | Constraints | Recommended | Description |\n|---|---|---|---|---|\n",
    );
    for p in &d.properties.props {
        let recommended = d.recommended.iter().any(|g| g.contains(&p.name));
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            p.name,
            type_name(&p.shape),
            constraints(&p.shape),
            if recommended { "yes" } else { "" },
            p.doc.replace('|', "\\|")
        );
    }
}

fn type_name(shape: &Shape) -> String {
    match shape {
        Shape::Any => "any".into(),
        Shape::Boolean => "boolean".into(),
        Shape::String(_) | Shape::Enum(_) => "string".into(),
        Shape::Number(_) => "number".into(),
        Shape::Integer(_) => "integer".into(),
        Shape::Array(item) => format!("array of {}", type_name(item)),
        Shape::Object(decl) => format!("object ({})", object_fields(decl)),
        Shape::Map => "object".into(),
        Shape::Union(members) => members
            .iter()
            .map(type_name)
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

fn object_fields(decl: &ObjectDecl) -> String {
    let names: Vec<String> = decl.props.iter().map(|p| format!("`{}`", p.name)).collect();
    format!("{}: {}", decl.name, names.join(", "))
}

fn constraints(shape: &Shape) -> String {
    match shape {
        Shape::String(Some(Format::DateTime)) => "RFC 3339 date-time".into(),
        Shape::String(Some(Format::DateOrDateTime)) => "ISO 8601 date or RFC 3339 date-time".into(),
        Shape::String(Some(Format::Currency)) => "ISO 4217 code".into(),
        Shape::String(Some(Format::Digits)) => "digits".into(),
        Shape::Number(r) | Shape::Integer(r) if r.min.is_some() || r.max.is_some() => r.to_string(),
        Shape::Enum(values) => values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", "),
        Shape::Array(item) => constraints(item),
        Shape::Union(members) => members
            .iter()
            .map(constraints)
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    }
}

fn differences(decl: &ObjectDecl) -> Vec<String> {
    let mut out = Vec::new();
    for p in &decl.props {
        out.extend(property_differences(p));
    }
    out
}

fn property_differences(p: &PropertyDecl) -> Vec<String> {
    let mut out = Vec::new();
    if p.vendors != crate::declare::Vendors::ALL {
        out.push(format!(
            "`{}`: listed by {} only",
            p.name,
            vendor_names(p.vendors)
        ));
    }
    for (dialect, shape) in &p.overrides {
        let c = constraints(shape);
        let extra = if c.is_empty() {
            String::new()
        } else {
            format!(" ({c})")
        };
        out.push(format!(
            "`{}`: {} in the {} dialect{extra}",
            p.name,
            type_name(shape),
            vendor(*dialect)
        ));
    }
    out
}
