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

#[test]
fn roundtrip_seeds_and_regressions() {
    replay("roundtrip", checks::roundtrip);
}

#[test]
fn stream_seeds_and_regressions() {
    replay("stream", checks::stream);
}
