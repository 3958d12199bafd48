//! Runtime tracking plans (feature `plan`): your events' JSON Schemas, loaded at
//! run time and checked beside the semantic rules, with violations in the same
//! [`Report`](crate::Report).
//!
//! A plan is a folder of `*.json` files in the shapes tracking-plan tools export:
//!
//! - **one JSON Schema per event**: its name is the schema's `title` (else the
//!   file name without `.json`); it describes the event's `properties` — or the
//!   whole call, when it has a `properties.properties` object schema (Segment
//!   Protocols' and RudderStack's per-event rules);
//! - **a tracking-plan export** `{"rules": {"events": [{"name": …, "rules": {…}}]}}`
//!   (Segment Protocols' format): one schema per listed event, as above.
//!
//! Schemas are compiled with the `jsonschema` crate (draft detected from
//! `$schema`, formats asserted, no network or file resolution). An event is
//! matched by its exact name, or by a variant spelling of it (as semantic events
//! are). A plan rule broken is a [`Code::PlanViolation`](crate::Code::PlanViolation)
//! error at the offending JSON Pointer.
//!
//! ```
//! use semantic_events::{plan::Plan, Code, Validator};
//!
//! let mut plan = Plan::new();
//! plan.add("login", &serde_json::json!({
//!     "type": "object",
//!     "required": ["username"],
//!     "properties": {"username": {"type": "string"}}
//! })).unwrap();
//! let validator = Validator::new().with_plan(plan);
//! let report = validator.validate_str(r#"{"userId": "u1", "event": "login", "properties": {}}"#);
//! let v = report.errors().next().unwrap();
//! assert_eq!((v.code(), v.path()), (Code::PlanViolation, "/properties"));
//! assert!(v.to_string().contains("username"));
//! ```

use std::path::{Path, PathBuf};

use serde_json::Value;

use jsonschema::error::ValidationErrorKind;

use crate::declare::catalogue::quote;
use crate::declare::names::fold;
use crate::declare::{Kind, Severity, Violation};

/// Why a plan could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// A file or folder could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A file is not JSON.
    #[error("{path} is not JSON: {source}")]
    Json {
        /// The path.
        path: PathBuf,
        /// The parser's error.
        #[source]
        source: serde_json::Error,
    },
    /// A schema does not compile.
    #[error("the schema of \"{event}\" ({origin}) is not a valid JSON Schema: {message}")]
    Schema {
        /// The event.
        event: String,
        /// Where it came from.
        origin: String,
        /// The compiler's message.
        message: String,
    },
    /// A schema names no event: a Protocols rule without a `name`, or a schema
    /// whose `title` (and file name) is empty.
    #[error(
        "{origin}: a schema that names no event (give it a \"title\", or a \"name\" in a Protocols export)"
    )]
    Unnamed {
        /// Where it came from.
        origin: String,
    },
    /// Two schemas name the same event (after folding case and separators).
    #[error("\"{event}\" is defined twice in the plan ({first} and {second})")]
    Duplicate {
        /// The event.
        event: String,
        /// Where it was first defined.
        first: String,
        /// Where it was defined again.
        second: String,
    },
}

/// What a plan schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The event's `properties`.
    Properties,
    /// The whole call.
    Call,
}

struct Rule {
    name: String,
    folded: String,
    origin: String,
    scope: Scope,
    validator: jsonschema::Validator,
}

/// A tracking plan: event names and their JSON Schemas. See the [module docs](self).
#[derive(Default)]
pub struct Plan {
    rules: Vec<Rule>,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("events", &self.events().collect::<Vec<_>>())
            .finish()
    }
}

impl Plan {
    /// An empty plan.
    pub fn new() -> Plan {
        Plan::default()
    }

    /// Loads every `*.json` file of a folder (not its subfolders), in name order.
    ///
    /// # Errors
    ///
    /// When the folder or a file cannot be read, a file is not JSON, a schema
    /// does not compile, or two schemas name the same event.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Plan, PlanError> {
        let dir = dir.as_ref();
        let io = |source| PlanError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut files: Vec<PathBuf> = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            // An entry that cannot be read is an error naming the folder, not a
            // silently smaller plan.
            let path = entry.map_err(io)?.path();
            if path.is_file() && path.extension().is_some_and(|x| x == "json") {
                files.push(path);
            }
        }
        files.sort();
        let mut plan = Plan::new();
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(|source| PlanError::Io {
                path: path.clone(),
                source,
            })?;
            let value: Value = serde_json::from_str(&text).map_err(|source| PlanError::Json {
                path: path.clone(),
                source,
            })?;
            let origin = path.display().to_string();
            if let Some(events) = value.pointer("/rules/events").and_then(Value::as_array) {
                for event in events {
                    let name = event["name"].as_str().unwrap_or_default();
                    if name.is_empty() {
                        return Err(PlanError::Unnamed { origin });
                    }
                    plan.add_from(name, &event["rules"], &origin)?;
                }
            } else {
                let stem = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default();
                let name = value["title"].as_str().unwrap_or(stem).to_string();
                if name.is_empty() {
                    return Err(PlanError::Unnamed { origin });
                }
                plan.add_from(&name, &value, &origin)?;
            }
        }
        Ok(plan)
    }

    /// Adds one event's schema (of its `properties`, or of the whole call).
    ///
    /// # Errors
    ///
    /// When the schema does not compile or the event is already in the plan.
    pub fn add(&mut self, event: &str, schema: &Value) -> Result<&mut Self, PlanError> {
        self.add_from(event, schema, "added in code")?;
        Ok(self)
    }

    fn add_from(&mut self, event: &str, schema: &Value, origin: &str) -> Result<(), PlanError> {
        let folded = fold(event).map_or_else(|| event.to_string(), |f| f.to_string());
        if let Some(first) = self.rules.iter().find(|r| r.folded == folded) {
            return Err(PlanError::Duplicate {
                event: event.to_string(),
                first: first.origin.clone(),
                second: origin.to_string(),
            });
        }
        let scope = if schema
            .pointer("/properties/properties")
            .and_then(Value::as_object)
            .is_some_and(|p| p.contains_key("type") || p.contains_key("properties"))
        {
            Scope::Call
        } else {
            Scope::Properties
        };
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(schema)
            .map_err(|e| PlanError::Schema {
                event: event.to_string(),
                origin: origin.to_string(),
                message: e.to_string(),
            })?;
        self.rules.push(Rule {
            name: event.to_string(),
            folded,
            origin: origin.to_string(),
            scope,
            validator,
        });
        Ok(())
    }

    /// The events the plan defines, in load order.
    pub fn events(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.name.as_str())
    }

    /// Whether the plan defines this event (by exact name or variant spelling).
    pub fn contains(&self, event: &str) -> bool {
        self.rule(event).is_some()
    }

    fn rule(&self, event: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.name == event).or_else(|| {
            let folded = fold(event)?;
            self.rules.iter().find(|r| r.folded == *folded)
        })
    }

    /// The plan's violations of a call whose event is `event`.
    pub(crate) fn check(&self, event: &str, call: &Value) -> Vec<Violation> {
        let Some(rule) = self.rule(event) else {
            return Vec::new();
        };
        // No properties: checked as an empty object, so required ones show.
        let empty = Value::Object(serde_json::Map::new());
        let (instance, prefix) = match rule.scope {
            Scope::Call => (call, ""),
            Scope::Properties => match call.get("properties") {
                Some(p) if !p.is_null() => (p, "/properties"),
                _ => (&empty, "/properties"),
            },
        };
        // The schema of the whole call, as RudderStack's and Segment's plans
        // hold it: a properties-only schema sits under `properties.properties`.
        let schema_prefix = match rule.scope {
            Scope::Call => "#",
            Scope::Properties => "#/properties/properties",
        };
        let mut found = Vec::new();
        for e in rule.validator.iter_errors(instance) {
            let path = format!("{prefix}{}", e.instance_path());
            let keyword = e.kind().keyword().to_string();
            let schema_path = format!("{schema_prefix}{}", e.schema_path());
            let violation = |message: String, property: Option<String>| {
                Violation::new(
                    path.clone(),
                    Severity::Error,
                    Kind::PlanViolation {
                        event: rule.name.clone(),
                        message,
                        keyword: keyword.clone(),
                        property,
                        schema_path: schema_path.clone(),
                    },
                )
            };
            match e.kind() {
                // One violation per property, as ajv (RudderStack) reports them.
                ValidationErrorKind::AdditionalProperties { unexpected }
                | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                    for p in unexpected {
                        let message = format!("property {} is not allowed", quote(p));
                        found.push(violation(message, Some(p.clone())));
                    }
                }
                ValidationErrorKind::Required { property } => {
                    let name = property.as_str().map(str::to_string);
                    found.push(violation(e.to_string(), name));
                }
                _ => found.push(violation(e.to_string(), None)),
            }
        }
        found
    }
}
