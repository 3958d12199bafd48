//! Zero heap allocations while validating a valid call on the bytes path,
//! counted (not timed) with dhat's testing allocator. Its own test binary: the
//! global allocator and the profiler are process-wide.
//!
//! Exactly where the bytes path allocates, each case below counted:
//! - a report that holds violations (its `Vec` and each violation's pointer
//!   and message): `validate_slice` of a call with a warning or an error;
//!   `is_valid_slice` builds no violation, so a valid call with warnings costs
//!   it nothing;
//! - a key or an event name or call type written with escapes (`"pri\u0063e"`):
//!   one block for its unescaped copy, since the walker keeps it while it walks
//!   the value. Escaped *values* (`"https:\/\/…"`, `"caf\u00e9"`) are
//!   unescaped into a buffer each thread keeps, so they cost nothing once the
//!   thread has met one as long;
//! - input that is not JSON (the reference reader's error message);
//! - observing (`Validator::observe`) a semantic event's unknown properties;
//! - capturing the event name (`Validator::capture_event_name`, as the CLI
//!   does) of any but a semantic event sent under its canonical name: one block,
//!   its copy. A canonical name is its declaration's own and costs nothing.

use semantic_events::{EventName, Validator};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn blocks() -> u64 {
    dhat::HeapStats::get().total_blocks
}

#[test]
fn valid_calls_allocate_nothing_on_the_bytes_path() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let calls: Vec<Vec<u8>> = [
        EventName::ProductAdded,
        EventName::OrderCompleted,
        EventName::VideoPlaybackStarted,
        EventName::ApplicationInstalled,
        EventName::ExperimentViewed,
        EventName::LiveChatMessageSent,
    ]
    .iter()
    .map(|e| serde_json::to_vec(&semantic_events::schema::example(*e)).expect("json"))
    .chain([
        br#"{"type":"track","userId":"u1","event":"login","properties":{"username":"jane","nested":{"a":[1,2,{"b":null}]}},"context":{"library":{"name":"analytics.js","version":"2.11.1"},"page":{"url":"https://example.com/"}}}"#.to_vec(),
        // properties before event: the deferred (borrowed) path.
        br#"{"properties":{"price":12.5,"currency":"EUR"},"userId":"u1","event":"Product Added","timestamp":"2024-05-04T12:00:00.123+02:00"}"#.to_vec(),
        // The call type last, as RudderStack's clients send it: provisional walks
        // and deferred own fields, still without allocating.
        br#"{"userId":"u1","event":"Product Added","properties":{"price":12.5},"type":"track","channel":"server","_metadata":{"nodeVersion":"20.20.2"}}"#.to_vec(),
        br#"{"userId":"u1","name":"Home","properties":{"url":"https://example.com/"},"type":"page","channel":"server"}"#.to_vec(),
        br#"{"userId":"u1","traits":{"email":"a@example.com"},"context":{"traits":{"email":"a@example.com"}},"type":"identify"}"#.to_vec(),
        // Escapes in values whose walk waits (properties before event, an
        // identify call's traits before its type): checked while skipped,
        // unescaped once walked.
        br#"{"properties":{"name":"Caf\u00e9 \/"},"userId":"u1","event":"Product Added"}"#.to_vec(),
        br#"{"traits":{"name":"Caf\u00e9"},"userId":"u1","type":"identify"}"#.to_vec(),
        // Escaped values: unescaped into the thread's buffer.
        br#"{"userId":"u\u0031","event":"Product Added","properties":{"url":"https:\/\/example.com\/caf\u00e9?q=\"x\"","name":"Caf\u00e9 \ud83d\ude00 \n"},"context":{"page":{"title":"A\tB"}}}"#.to_vec(),
    ])
    .collect();
    let validator = Validator::new();
    // Warm up: lazily built tables (declarations, registry) allocate once.
    for c in &calls {
        assert!(
            validator.validate_slice(c).violations().is_empty(),
            "{}",
            String::from_utf8_lossy(c)
        );
    }
    for c in &calls {
        let before = blocks();
        let report = validator.validate_slice(c);
        let valid = validator.is_valid_slice(c);
        let after = blocks();
        assert!(valid && report.is_valid());
        assert_eq!(
            after - before,
            0,
            "allocated while validating {}",
            String::from_utf8_lossy(c)
        );
        drop(report);
    }
    // A warning: the report holds it, `is_valid` builds nothing.
    let warned =
        br#"{"userId":"u1","event":"Product Added","properties":{"price":1,"currency":"usd"}}"#;
    let report = validator.validate_slice(warned);
    assert!(report.is_valid() && !report.violations().is_empty());
    drop(report);
    let before = blocks();
    assert!(validator.is_valid_slice(warned));
    assert_eq!(blocks() - before, 0, "is_valid allocated for a warning");
    let before = blocks();
    drop(validator.validate_slice(warned));
    assert!(blocks() > before, "a report with a warning holds it");
    // An escaped key or event name: one block each, its unescaped copy.
    for (call, copies) in [
        (&br#"{"userId":"u1","event":"Product Added","properties":{"pri\u0063e":1}}"#[..], 1),
        (br#"{"userId":"u1","event":"Product\u0020Added","properties":{"pri\u0063e":1,"n\u0061me":"x"}}"#, 3),
    ] {
        let before = blocks();
        assert!(validator.is_valid_slice(call));
        assert_eq!(blocks() - before, copies, "{}", String::from_utf8_lossy(call));
    }
    // The event name kept for the report, as the CLI asks: a semantic event
    // under its canonical name costs nothing; a custom name one block (its
    // copy). (Another spelling of a semantic event's name is a warning, which
    // the report holds anyway.)
    let capturing = Validator::new().capture_event_name(true);
    for (call, copies, kept) in [
        (
            &br#"{"userId":"u1","event":"Product Added","properties":{"price":1}}"#[..],
            0,
            "Product Added",
        ),
        (
            br#"{"userId":"u1","event":"login","properties":{"method":"sso"}}"#,
            1,
            "login",
        ),
    ] {
        drop(capturing.validate_slice(call));
        let before = blocks();
        let report = capturing.validate_slice(call);
        let after = blocks();
        assert_eq!(report.event_name(), Some(kept));
        assert_eq!(after - before, copies, "{}", String::from_utf8_lossy(call));
    }
    // The counter counts: a call with a violation does allocate (its report).
    let before = blocks();
    let report = validator
        .validate_slice(br#"{"userId":"u1","event":"Product Added","properties":{"price":"1"}}"#);
    assert!(!report.is_valid());
    assert!(blocks() > before);
}
