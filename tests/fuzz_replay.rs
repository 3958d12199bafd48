//! Replays every committed fuzz seed (`fuzz/seeds/<target>/`) and regression
//! input (`tests/regression/<target>/`) through the fuzz targets' own checks,
//! on the stable toolchain.

#[path = "../fuzz/checks.rs"]
#[allow(dead_code, unreachable_pub, clippy::all, clippy::pedantic)]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in [
        root.join("fuzz/seeds").join(target),
        root.join("tests/regression").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).expect("readable");
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(
                outcome.is_ok(),
                "{target}: {} breaks the check",
                file.display()
            );
            count += 1;
        }
    }
    assert!(count > 0, "{target}: nothing to replay");
}

#[test]
fn validate_bytes_seeds_and_regressions() {
    replay("validate_bytes", checks::validate_bytes);
}

/// The scanner against `serde_json`'s deserializer, over its own seeds and
/// every validation and stream seed.
#[test]
fn scanner_seeds_and_regressions() {
    replay("scanner", checks::scanner);
    replay("validate_bytes", checks::scanner);
    replay("stream", checks::scanner);
}

#[test]
fn roundtrip_seeds_and_regressions() {
    replay("roundtrip", checks::roundtrip);
}

#[test]
fn stream_seeds_and_regressions() {
    replay("stream", checks::stream);
}

/// The block reader against the stream reader, over its own seeds and every
/// stream seed (whose first byte then picks the block size and threads).
#[cfg(feature = "files")]
#[test]
fn blocks_seeds_and_regressions() {
    replay("blocks", |data| {
        checks::blocks(data);
    });
    replay("stream", |data| {
        checks::blocks(data);
    });
    // Not vacuous: most of its own seeds are files the blocks read.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/blocks");
    let (mut seeds, mut read) = (0, 0);
    for entry in std::fs::read_dir(dir).expect("the blocks seeds").flatten() {
        seeds += 1;
        read += usize::from(checks::blocks(
            &std::fs::read(entry.path()).expect("readable"),
        ));
    }
    assert!(
        read * 4 >= seeds * 3,
        "only {read} of {seeds} seeds read in blocks"
    );
}

/// The fixer's checks over its own seeds and every validation seed.
#[test]
fn fix_seeds_and_regressions() {
    replay("fix", checks::fix);
    replay("validate_bytes", checks::fix);
}

/// The report's checks over its own seeds and every validation and stream seed.
#[cfg(feature = "report")]
#[test]
fn report_seeds_and_regressions() {
    replay("report", checks::report);
    replay("validate_bytes", checks::report);
    replay("stream", checks::report);
}

#[test]
fn schema_agreement_seeds_and_regressions() {
    replay("schema_agreement", |data| {
        checks::schema_agreement(data);
    });
}

/// The structured generator of `schema_agreement` on pseudo-random bytes (a
/// fixed seed), so that stable CI runs its mutations beyond the committed seeds.
#[test]
fn schema_agreement_on_generated_inputs() {
    let mut state: u64 = 0x5eed_2026;
    let mut next = || {
        // xorshift64*: deterministic, no dependency.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let (mut compared, mut valid, mut codes) = (0, 0, Vec::new());
    for _ in 0..3000 {
        let len = usize::try_from(next() % 512).expect("small");
        let data: Vec<u8> = (0..len).map(|_| next().to_le_bytes()[0]).collect();
        let agreed = checks::schema_agreement(&data);
        compared += agreed.compared;
        valid += agreed.valid;
        codes.extend(agreed.codes);
    }
    // The mutations reach the rules they are there for.
    for code in [
        semantic_events::Code::WrongType,
        semantic_events::Code::InvalidDateTime,
        semantic_events::Code::InvalidCurrency,
        semantic_events::Code::MissingIdentity,
        semantic_events::Code::MissingEvent,
        semantic_events::Code::InvalidCallType,
        semantic_events::Code::MissingRequired,
        semantic_events::Code::MisplacedField,
        semantic_events::Code::InvalidEnumValue,
        semantic_events::Code::NonCanonicalPropertyName,
    ] {
        assert!(
            codes.contains(&code),
            "no generated call was reported {code}"
        );
    }
    // The generator reaches both verdicts, often.
    assert!(compared > 2500, "{compared} verdicts compared");
    assert!(
        valid > compared / 10 && valid < compared * 9 / 10,
        "{valid} of {compared} valid"
    );
}
