//! Fuzz target `schema_agreement`: see `fuzz/checks.rs` for the property it asserts.
#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::schema_agreement(data);
});
