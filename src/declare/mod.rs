//! The model: what a declaration is. It depends on nothing else in the crate.
//!
//! One declaration, four views.
//!
//! Every semantic event (and every object nested in one, such as a `Product`) is
//! declared once with the [`event!`](crate::event) or [`object!`](crate::object)
//! macro. A declaration expands to:
//!
//! 1. a plain Rust struct with `serde` derives (every property `Option<T>`, `null`
//!    meaning absent, unknown properties kept in `extra`);
//! 2. a [`ObjectDecl`] / [`EventDecl`]: the property table the validation engine
//!    walks — canonical names, [`Shape`]s, vendor coverage, dialect overrides;
//! 3. a [`schemars::JsonSchema`] implementation generated *from that same table*,
//!    so the exported JSON Schema and the validator cannot disagree;
//! 4. (feature `proptest`) strategies generated from the same table.
//!
//! Besides shapes and declarations, the model holds what every layer above
//! shares: names and their folding ([`names`]), string formats ([`formats`]),
//! what an envelope and a vocabulary are ([`EnvelopeDecl`], [`Vocabulary`]), and
//! the violation catalogue ([`Code`], [`Kind`], [`Severity`], [`Profile`],
//! [`Violation`]).
//!
//! The base [`Shape`] of every property comes from its Rust type through the
//! [`Field`] trait (`f64` is a number, `u64` a non-negative integer, `Vec<T>` an
//! array of `T`'s shape…); a declaration only adds constraints on top
//! (`[max(100.0)]`, `[format(Format::Currency)]`, a dialect's different type…).
//!
//! # Declaring your own event
//!
//! ```
//! use semantic_events::{event, Category, Event};
//!
//! event! {
//!     /// A learner started a course.
//!     pub struct CourseStarted {
//!         const NAME = "Course Started";
//!         const CATEGORY = Custom;
//!         /// Name of the course.
//!         course_name: String,
//!         /// Share of the course done, 0 to 100.
//!         progress: f64 [min(0.0), max(100.0)],
//!     }
//! }
//!
//! let decl = CourseStarted::decl();
//! assert_eq!(decl.name, "Course Started");
//! assert_eq!(decl.category, Category::Custom);
//! assert!(decl.properties.get("progress").is_some());
//! ```

pub mod catalogue;
mod decl;
mod dialect;
pub mod envelope;
mod error;
mod field;
pub mod formats;
pub mod json_schema;
mod macros;
pub mod names;
pub mod raw;
mod shape;
mod violation;
mod vocabulary;

pub use catalogue::{Code, Kind, Profile, Severity};
pub use decl::{Event, EventDecl, FieldRule, Object, doc_text, take_field, wire_name};
pub use dialect::{Category, Dialect, Vendors};
pub use envelope::{CallDecl, EnvelopeDecl, IdentityDecl};
pub use error::{Error, RegistryError};
pub use field::{Field, OneOrMany, StringOrNumber, StringOrObject};
pub use json_schema::Defs;
pub use shape::{Format, ObjectDecl, PropertyDecl, Range, Shape};
pub use violation::{Masked, Violation};
pub use vocabulary::Vocabulary;
