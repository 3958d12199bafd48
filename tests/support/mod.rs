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

#[cfg(feature = "report")]
/// The page's text with the template's HTML escapes undone (minijinja escapes
/// `/` too), so that addresses and paths can be searched as written.
pub(crate) fn unescape(page: &str) -> String {
    page.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(feature = "report")]
/// Every `http(s)://` on the page is a link to the docs, never a resource.
pub(crate) fn assert_no_outside_resources(page: &str) {
    let docs = semantic_events::report::html::Page::new(Vec::new()).docs;
    for (at, _) in page.match_indices("http") {
        let before = &page[..at];
        let rest = &page[at..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            continue;
        }
        assert!(
            before.ends_with("<a href=\"") && rest.starts_with(&docs),
            "an outside address that is not a docs link: {}",
            &rest[..rest.len().min(80)]
        );
    }
    for tag in ["<script", "<link", "<img", "<iframe", "@import", "url("] {
        assert!(!page.contains(tag), "the page holds {tag}");
    }
}
