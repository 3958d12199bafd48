//! A tracking plan that mixes the standard semantic events with a company's own:
//! declare them, validate the seed's "Course Started" call as a *known* event,
//! export its JSON Schema, and run a property test over it.
//!
//! ```sh
//! cargo run --example course_tracking --features proptest
//! ```

mod events;

use events::CourseStarted;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use semantic_events::{Category, Validator};

fn main() {
    let validator = Validator::new().with_registry(events::registry());

    // 1. The seed's call is a known event now, and its properties are checked.
    let seed: serde_json::Value =
        serde_json::from_str(include_str!("../../spec/examples/course-started.json"))
            .expect("seed");
    let report = validator.validate(&seed);
    let known = report.event().expect("Course Started is registered");
    assert_eq!(
        (known.name, known.category),
        ("Course Started", Category::Custom)
    );
    println!(
        "seed call: {} violations, recognised as {:?}",
        report.violations().len(),
        known.name
    );
    let mut bad = seed.clone();
    bad["properties"]["progress"] = serde_json::json!("0");
    for v in validator.validate(&bad).violations() {
        println!("with \"progress\": \"0\": {v} [{}]", v.code());
    }
    // Variant spellings of a registered name are recognised, as for built-ins.
    let variant = validator.validate_str(r#"{"userId":"u","event":"course_started"}"#);
    println!(
        "\"course_started\": {}",
        variant.warnings().next().expect("a warning")
    );

    // 2. Its JSON Schema, from the same declaration.
    let schema = semantic_events::schema::schema_for::<CourseStarted>();
    println!(
        "schema: {}",
        serde_json::to_string(schema.as_value())
            .expect("json")
            .len()
    );
    println!(
        "{}",
        serde_json::to_string_pretty(&schema.as_value()["properties"]["progress"]).expect("json")
    );

    // 3. A property test: every generated Course Started validates against the
    //    registry and against the schema.
    let compiled = jsonschema::options()
        .should_validate_formats(true)
        .build(schema.as_value())
        .expect("schema compiles");
    let mut runner = TestRunner::new(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(
        &semantic_events::strategies::properties_of::<CourseStarted>(),
        |props| {
            let call =
                serde_json::json!({"userId": "u", "event": "Course Started", "properties": props});
            prop_assert!(validator.is_valid(&call), "{}", validator.validate(&call));
            prop_assert!(compiled.is_valid(&call["properties"]));
            Ok(())
        },
    );
    match result {
        Ok(()) => println!("proptest: 256 generated Course Started calls are valid"),
        Err(e) => {
            eprintln!("proptest failed: {e}");
            std::process::exit(1);
        }
    }
}
