//! Your own events beside the standard ones: the registry, name lints for user
//! events, and the issue's promises about the seed's "Course Started".

#[path = "../examples/course_tracking/events.rs"]
#[allow(dead_code, unreachable_pub)]
mod events;

use semantic_events::{Code, Event, Registry, Validator};
use serde_json::Value;

fn seed() -> Value {
    serde_json::from_str(include_str!("../spec/examples/course-started.json")).expect("seed")
}

#[test]
fn course_started_is_known_with_the_registry() {
    let validator = Validator::new().with_registry(events::registry());
    let report = validator.validate(&seed());
    assert!(report.violations().is_empty(), "{report}");
    assert_eq!(report.event().map(|e| e.name), Some("Course Started"));
    assert_eq!(
        report.semantic(),
        None,
        "a user event is not a built-in one"
    );
}

#[test]
fn a_numeric_string_progress_is_an_error_only_with_the_registry() {
    let mut call = seed();
    call["properties"]["progress"] = Value::from("0");
    let with = Validator::new()
        .with_registry(events::registry())
        .validate(&call);
    assert!(
        with.has(Code::NumericString, "/properties/progress"),
        "{with}"
    );
    assert!(!with.is_valid());
    let without = Validator::new().validate(&call);
    assert!(without.violations().is_empty(), "{without}");
    assert!(without.is_track() && without.event().is_none());
}

#[test]
fn nested_user_objects_are_checked() {
    let mut call = seed();
    call["properties"]["modules"][1]["started"] = Value::from("no");
    let report = Validator::new()
        .with_registry(events::registry())
        .validate(&call);
    assert!(
        report.has(Code::WrongType, "/properties/modules/1/started"),
        "{report}"
    );
}

#[test]
fn name_lints_cover_user_events() {
    let validator = Validator::new().with_registry(events::registry());
    let variant = validator.validate_str(r#"{"userId":"u","event":"COURSE_STARTED"}"#);
    assert!(
        variant.has(Code::NonCanonicalEventName, "/event"),
        "{variant}"
    );
    let near = validator.validate_str(r#"{"userId":"u","event":"Course Startd"}"#);
    let w = near.warnings().next().expect("a near-miss warning");
    assert_eq!(w.code(), Code::UnknownEventNearMiss);
    assert!(w.to_string().contains("\"Course Started\""));
}

#[test]
fn collisions_are_refused_with_the_name_they_hit() {
    semantic_events::event! {
        /// Collides after folding.
        pub(crate) struct Clash {
            const NAME = "product added";
            const CATEGORY = Custom;
        }
    }
    let mut registry = Registry::builtin().clone();
    let err = registry.register::<Clash>().expect_err("collides");
    assert_eq!(
        err.to_string(),
        "event name \"product added\" collides with the registered event \"Product Added\""
    );
    let mut mine = events::registry();
    let again = mine
        .register::<events::CourseStarted>()
        .expect_err("registered twice");
    assert!(again.to_string().contains("\"Course Started\""));
    assert_eq!(events::CourseStarted::NAME, "Course Started");
}
