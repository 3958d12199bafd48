//! Fuzz target `blocks`: see `fuzz/checks.rs` for the properties it asserts.
#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::blocks(data);
});
