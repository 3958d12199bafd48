//! Helpers shared by the integration tests (each test binary uses some of them).

#![allow(dead_code)]

use std::sync::OnceLock;

use semantic_events::Dialect;

/// The exported bundle schema of a dialect, compiled once with the `jsonschema`
/// crate, formats asserted.
pub(crate) fn bundle(dialect: Dialect) -> &'static jsonschema::Validator {
    static CACHE: OnceLock<Vec<(Dialect, jsonschema::Validator)>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        [Dialect::Segment, Dialect::CustomerIo, Dialect::Rudderstack]
            .into_iter()
            .map(|d| {
                let v = jsonschema::options()
                    .should_validate_formats(true)
                    .build(&semantic_events::schema::bundle(d))
                    .expect("bundle compiles");
                (d, v)
            })
            .collect()
    });
    &cache
        .iter()
        .find(|(d, _)| *d == dialect)
        .expect("every dialect")
        .1
}

/// Proptest's settings: 256 cases per property, or `PROPTEST_CASES` for longer runs.
pub(crate) fn proptest_config() -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    proptest::test_runner::Config {
        cases,
        ..proptest::test_runner::Config::default()
    }
}
