//! Writes the benchmark corpus (deterministic: same seed, same bytes) as NDJSON.
//!
//! ```sh
//! cargo run --release --example corpus -- 1G > big.ndjson     # sizes: 500K, 200M, 1G…
//! cargo run --release --example corpus -- 200M 7 > other.ndjson   # another seed
//! ```

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::io::{BufWriter, Write};

fn parse_size(s: &str) -> Option<u64> {
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = digits.parse().ok()?;
    let mult = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" => 1 << 10,
        "M" | "MB" => 1 << 20,
        "G" | "GB" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(mult)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(size) = args.next().as_deref().and_then(parse_size) else {
        eprintln!("usage: corpus SIZE [SEED]   (SIZE like 500K, 200M, 1G)");
        std::process::exit(2);
    };
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(2026);
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    match corpus::write(seed, size, &mut out).and_then(|r| out.flush().map(|()| r)) {
        Ok((bytes, calls)) => eprintln!("wrote {calls} calls, {bytes} bytes (seed {seed})"),
        Err(e) => {
            eprintln!("corpus: {e}");
            std::process::exit(2);
        }
    }
}
