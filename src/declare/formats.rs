//! String formats: RFC 3339 date-times, ISO 8601 dates, ISO 4217 currencies.
//!
//! Every check works on the borrowed string and allocates nothing.

/// Whether `s` is an RFC 3339 date-time (`2024-05-04T12:00:00Z`,
/// `2024-05-04T12:00:00.123+02:00`). The date and time are separated by `T` or
/// `t`, as RFC 3339 section 5.6 and JSON Schema's `date-time` format require.
/// A leap second (`23:59:60`) is refused, as Go's and JavaScript's parsers do.
pub fn is_date_time(s: &str) -> bool {
    // RFC 3339 section 5.6: full-date "T" partial-time time-offset, checked by
    // hand on the hot path (the calendar too; a test holds it to chrono's).
    // The fixed part, `YYYY-MM-DDTHH:MM`, is checked as two 8-byte words.
    // Digits in bytes 0-3 and 5-6, `-` in 4 and 7.
    const YEAR_MONTH: u64 = 0x00FF_FF00_FFFF_FFFF;
    // Digits in bytes 0-1, 3-4 and 6-7, `T` or `t` in 2, `:` in 5.
    const DAY_HOUR_MINUTE: u64 = 0xFFFF_00FF_FF00_FFFF;
    let b = s.as_bytes();
    let (Some(first), Some(second)) = (word(b, 0), word(b, 8)) else {
        return false;
    };
    let fixed = all_digits(first, YEAR_MONTH)
        && all_digits(second, DAY_HOUR_MINUTE)
        && first & !YEAR_MONTH == 0x2D00_002D_0000_0000
        && (second | 0x0020_0000) & !DAY_HOUR_MINUTE == 0x0000_3A00_0074_0000;
    if !fixed || b.len() < 20 || b[16] != b':' {
        return false;
    }
    let digit = |w: u64, i: u32| ((w >> (8 * i)) & 0xF) as u32;
    let year =
        digit(first, 0) * 1000 + digit(first, 1) * 100 + digit(first, 2) * 10 + digit(first, 3);
    let month = digit(first, 5) * 10 + digit(first, 6);
    let day = digit(second, 0) * 10 + digit(second, 1);
    let hour = digit(second, 3) * 10 + digit(second, 4);
    let minute = digit(second, 6) * 10 + digit(second, 7);
    let second_ok = matches!((b[17], b[18]), (b'0'..=b'5', b'0'..=b'9'));
    // No 60th second: pipelines parse with Go's `time` and JavaScript's
    // `Date`, which refuse leap seconds (the reference's decision 26).
    if !second_ok || hour > 23 || minute > 59 || !(1..=days_in_month(year, month)).contains(&day) {
        return false;
    }
    fraction_and_offset(&b[19..])
}

/// The rest of a date-time after its seconds: an optional fraction, then `Z`
/// or an offset `±HH:MM`.
fn fraction_and_offset(b: &[u8]) -> bool {
    let mut i = 0;
    if b.first() == Some(&b'.') {
        i += 1;
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        i += digits;
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => matches!(
            (two_digits(*h1, *h2), two_digits(*m1, *m2)),
            (Some(0..=23), Some(0..=59))
        ),
        _ => false,
    }
}

/// The number two ASCII digits write.
fn two_digits(tens: u8, units: u8) -> Option<u8> {
    (tens.is_ascii_digit() && units.is_ascii_digit()).then(|| (tens - b'0') * 10 + (units - b'0'))
}

/// Bytes `at..at + 8` of `b` as a little-endian word.
fn word(b: &[u8], at: usize) -> Option<u64> {
    let bytes: [u8; 8] = b.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(bytes))
}

/// Whether every byte of `w` that `mask` selects is an ASCII digit: its high
/// nibble is 3 and its low nibble at most 9 (adding 6 carries out of it
/// otherwise; no byte carries into the next).
fn all_digits(w: u64, mask: u64) -> bool {
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const LOW: u64 = 0x0F0F_0F0F_0F0F_0F0F;
    ((w & HIGH) ^ 0x3030_3030_3030_3030) & mask == 0
        && ((w & LOW) + 0x0606_0606_0606_0606) & HIGH & mask == 0
}

/// The instant an RFC 3339 date-time names, in whole seconds since the Unix
/// epoch (fractions dropped), if `s` is one by [`is_date_time`].
///
/// ```
/// use semantic_events::declare::formats::unix_seconds;
/// assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), Some(0));
/// assert_eq!(unix_seconds("2024-05-04T14:00:00.9+02:00"), Some(1_714_824_000));
/// assert_eq!(unix_seconds("yesterday"), None);
/// ```
pub fn unix_seconds(s: &str) -> Option<i64> {
    if !is_date_time(s) {
        return None;
    }
    let b = s.as_bytes();
    let n = |at: usize, len: usize| -> i64 {
        b[at..at + len]
            .iter()
            .fold(0, |acc, d| acc * 10 + i64::from(d - b'0'))
    };
    let days = days_from_civil(n(0, 4), n(5, 2), n(8, 2));
    let mut secs = days * 86_400 + n(11, 2) * 3600 + n(14, 2) * 60 + n(17, 2);
    // The offset is the last six bytes unless the zone is `Z`.
    if let [.., sign @ (b'+' | b'-'), _, _, b':', _, _] = b {
        let offset = n(b.len() - 5, 2) * 3600 + n(b.len() - 2, 2) * 60;
        secs += if *sign == b'+' { -offset } else { offset };
    }
    Some(secs)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard
/// Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether `s` is an ISO 8601 calendar date (`2017-02-13`) that exists.
pub fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0u32, |acc, digit| {
            digit
                .is_ascii_digit()
                .then(|| acc * 10 + u32::from(digit - b'0'))
        })
    };
    match (number(0..4), number(5..7), number(8..10)) {
        (Some(year), Some(month), Some(day)) => (1..=days_in_month(year, month)).contains(&day),
        _ => false,
    }
}

/// Days in a month of the proleptic Gregorian calendar (0 for no such month).
fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether `s` is a date or a date-time (the `airdate` rule).
pub fn is_date_or_date_time(s: &str) -> bool {
    is_date(s) || is_date_time(s)
}

/// What a currency string is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    /// An upper-case ISO 4217 code.
    Iso,
    /// Three letters that upper-case to an ISO 4217 code (`usd`).
    LowerCase([u8; 3]),
    /// Three letters that are no ISO 4217 code.
    Unknown,
    /// Not three ASCII letters.
    Invalid,
}

/// Classifies a currency code.
///
/// ```
/// use semantic_events::declare::formats::{currency, Currency};
/// assert_eq!(currency("USD"), Currency::Iso);
/// assert_eq!(currency("usd"), Currency::LowerCase(*b"USD"));
/// assert_eq!(currency("ABC"), Currency::Unknown);
/// assert_eq!(currency("US"), Currency::Invalid);
/// ```
pub fn currency(s: &str) -> Currency {
    let b = s.as_bytes();
    if b.len() != 3 || !b.iter().all(u8::is_ascii_alphabetic) {
        return Currency::Invalid;
    }
    let upper = [
        b[0].to_ascii_uppercase(),
        b[1].to_ascii_uppercase(),
        b[2].to_ascii_uppercase(),
    ];
    let code = std::str::from_utf8(&upper).unwrap_or("");
    let iso = iso_currency::Currency::from_code(code).is_some();
    match (iso, upper == [b[0], b[1], b[2]]) {
        (true, true) => Currency::Iso,
        (true, false) => Currency::LowerCase(upper),
        (false, _) => Currency::Unknown,
    }
}

/// Whether `s` reads as a JSON-style number (`139.99`, `-2`, `1e3`), the mark of
/// a numeric string. Surrounding ASCII white space is allowed.
pub fn is_numeric(s: &str) -> bool {
    let b = s.trim_ascii().as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return false;
    }
    if i < b.len() && matches!(b[i], b'e' | b'E') {
        i += 1;
        if i < b.len() && matches!(b[i], b'-' | b'+') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The byte-by-byte check of the fixed part (`YYYY-MM-DDTHH:MM:SS`) that
    /// `is_date_time` replaced, kept as its oracle.
    fn reference_is_date_time(s: &str) -> bool {
        // RFC 3339 section 5.6: full-date "T" partial-time time-offset, checked by
        // hand on the hot path (the calendar too; a test holds it to chrono's).
        let b = s.as_bytes();
        if b.len() < 20 || !matches!(b[10], b'T' | b't') || !is_date(&s[..10]) {
            return false;
        }
        let two = |i: usize| -> Option<u8> {
            match (b.get(i), b.get(i + 1)) {
                (Some(x @ b'0'..=b'9'), Some(y @ b'0'..=b'9')) => {
                    Some((x - b'0') * 10 + (y - b'0'))
                }
                _ => None,
            }
        };
        let time_ok = matches!(
            (two(11), b[13], two(14), b[16], two(17)),
            // No 60th second: pipelines parse with Go's `time` and JavaScript's
            // `Date`, which refuse leap seconds (the reference's decision 26).
            (Some(0..=23), b':', Some(0..=59), b':', Some(0..=59))
        );
        if !time_ok {
            return false;
        }
        // The fraction and offset are checked by the same code in both.
        fraction_and_offset(&b[19..])
    }

    /// Text near a date-time: a valid one with a few bytes changed, cut or grown.
    fn near_date_time() -> impl Strategy<Value = String> {
        let base = prop_oneof![
            Just("2024-05-04T12:00:00Z"),
            Just("2024-02-29t23:59:59.999+23:59"),
            Just("1900-02-28T00:00:00-00:00"),
            Just("2023-12-31T10:20:30.1z"),
        ];
        let edits = prop::collection::vec(
            (
                0usize..32,
                prop_oneof![
                    Just(b'0'),
                    Just(b'9'),
                    Just(b'/'),
                    Just(b':'),
                    Just(b'-'),
                    Just(b'T'),
                    Just(b't'),
                    Just(b'Z'),
                    Just(b'.'),
                    Just(b' '),
                    Just(b'+'),
                    any::<u8>().prop_map(|b| b & 0x7F),
                    (0u8..10).prop_map(|d| b'0' + d),
                ],
            ),
            0..4,
        );
        (base, edits, 0usize..32).prop_map(|(base, edits, cut)| {
            let mut b = base.as_bytes().to_vec();
            for (at, byte) in edits {
                if at < b.len() {
                    b[at] = byte;
                } else {
                    b.push(byte);
                }
            }
            if cut < 4 {
                b.truncate(b.len().saturating_sub(cut + 1));
            }
            String::from_utf8_lossy(&b).into_owned()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn date_times_by_words_are_date_times_by_bytes(text in near_date_time()) {
            prop_assert_eq!(is_date_time(&text), reference_is_date_time(&text), "{:?}", text);
        }
    }

    #[test]
    fn every_digit_and_separator_position_is_checked() {
        let valid = "2024-05-04T12:34:56.789+01:00";
        for at in 0..valid.len() {
            for byte in 0x20u8..0x7F {
                let mut b = valid.as_bytes().to_vec();
                b[at] = byte;
                let text = String::from_utf8(b).expect("ascii");
                assert_eq!(is_date_time(&text), reference_is_date_time(&text), "{text}");
            }
        }
    }

    #[test]
    fn the_calendar_is_chronos() {
        for year in [0, 1, 4, 100, 400, 1900, 1999, 2000, 2023, 2024, 2100, 9999] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let text = format!("{year:04}-{month:02}-{day:02}");
                    let chrono = chrono::NaiveDate::from_ymd_opt(year, month, day).is_some();
                    assert_eq!(is_date(&text), chrono, "{text}");
                }
            }
        }
    }

    #[test]
    fn unix_seconds_are_chronos() {
        let mut checked = 0;
        for year in [
            0, 1, 4, 100, 400, 1900, 1969, 1970, 1999, 2000, 2024, 2100, 9999,
        ] {
            for month in 1..=12 {
                for day in [1, 15, 28, 29, 30, 31] {
                    for (time, zone) in [
                        ("00:00:00", "Z"),
                        ("23:59:59.999", "+23:59"),
                        ("12:30:15", "-07:00"),
                        ("05:06:07.1", "-00:00"),
                    ] {
                        let text = format!("{year:04}-{month:02}-{day:02}T{time}{zone}");
                        let chrono = chrono::DateTime::parse_from_rfc3339(&text)
                            .ok()
                            .map(|t| t.timestamp());
                        assert_eq!(unix_seconds(&text), chrono, "{text}");
                        checked += usize::from(chrono.is_some());
                    }
                }
            }
        }
        assert!(checked > 3000, "{checked}");
    }

    #[test]
    fn date_times() {
        for ok in [
            "2024-05-04T12:00:00Z",
            "2024-05-04t12:00:00z",
            "2015-12-12T19:11:01.249Z",
            "2024-05-04T12:00:00.123456+02:00",
            "2024-05-04T12:00:00-00:00",
        ] {
            assert!(is_date_time(ok), "{ok}");
        }
        for bad in [
            "2016-12-31T23:59:60Z",
            "2016-12-31T12:00:60Z",
            "2024-05-04T24:00:00Z",
            "2024-05-04T12:60:00Z",
            "2024-05-04T12:00:00.Z",
            "2024-05-04T12:00:00+0200",
            "2024-05-04T12:00:00+02:00x",
            "2024-02-30T12:00:00Z",
            "2024-05-04T1:00:00Z",
            "2024-05-04 12:00:00Z",
            "2024-05-04",
            "2024-13-04T12:00:00Z",
            "1683250025",
            "",
            "yesterday",
            "2024-05-04T12:00:00",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }

    #[test]
    fn dates() {
        assert!(is_date("2017-02-13"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2017-2-13"));
        assert!(!is_date("２０17-02-13"));
        assert!(is_date_or_date_time("1991-08-13T00:00:00Z"));
    }

    #[test]
    fn numeric_strings() {
        for ok in ["139.99", "-1", "+2", "1e3", " 12 ", ".5", "5.", "1E-7"] {
            assert!(is_numeric(ok), "{ok}");
        }
        for bad in [
            "", "abc", "1.2.3", "NaN", "inf", "1e", "-", ".", "12px", "0x10",
        ] {
            assert!(!is_numeric(bad), "{bad}");
        }
    }

    #[test]
    fn currencies() {
        assert_eq!(currency("EUR"), Currency::Iso);
        assert_eq!(currency("eur"), Currency::LowerCase(*b"EUR"));
        assert_eq!(currency("XYZ"), Currency::Unknown);
        assert_eq!(currency("€"), Currency::Invalid);
        assert_eq!(currency("US$"), Currency::Invalid);
        assert_eq!(currency("USDT"), Currency::Invalid);
    }
}
