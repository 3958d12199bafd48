//! Helpers shared by the integration tests.

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
