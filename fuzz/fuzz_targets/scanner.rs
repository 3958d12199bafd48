//! Fuzz target `scanner`: the bytes path's scanner against `serde_json`'s
//! deserializer and the `Value` path; see `fuzz/checks.rs`.
#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::scanner(data));
