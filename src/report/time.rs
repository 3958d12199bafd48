//! Calls over time: per hour and per day, by the call's own time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Distinct hours kept (a year's worth); past that the hourly series is
/// dropped whole and the daily one remains.
pub const HOURS_KEPT: usize = 24 * 366;

/// Distinct days kept (a century's worth); calls on days past that are pooled.
pub const DAYS_KEPT: usize = 36_600;

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// Calls and invalid calls in one span of time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    /// Calls.
    pub records: u64,
    /// Calls with an error (or not JSON).
    pub invalid: u64,
}

impl Bucket {
    fn of(valid: bool) -> Bucket {
        Bucket {
            records: 1,
            invalid: u64::from(!valid),
        }
    }
    fn add(&mut self, valid: bool) {
        self.records += 1;
        self.invalid += u64::from(!valid);
    }
    fn merge(&mut self, other: Bucket) {
        self.records += other.records;
        self.invalid += other.invalid;
    }
}

/// Calls over time, by the first of `timestamp`, `originalTimestamp`, `sentAt`
/// and `receivedAt` that is a valid date-time (in UTC): per hour while there
/// are at most [`HOURS_KEPT`] distinct hours, then per day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "TimelineRepr", from = "TimelineRepr")]
pub struct Timeline {
    /// By hour (hours since the Unix epoch), until dropped.
    hours: BTreeMap<i64, Bucket>,
    hours_dropped: bool,
    /// By day (days since the Unix epoch), once the hours are dropped.
    days: BTreeMap<i64, Bucket>,
    other_days: Bucket,
    untimed: Bucket,
}

impl Timeline {
    /// Counts a call at `time` (seconds since the Unix epoch), if it has one.
    pub fn add(&mut self, time: Option<i64>, valid: bool) {
        let Some(t) = time else {
            self.untimed.add(valid);
            return;
        };
        if self.hours_dropped {
            let day = t.div_euclid(DAY);
            add_day(&mut self.days, &mut self.other_days, day, Bucket::of(valid));
        } else {
            self.hours.entry(t.div_euclid(HOUR)).or_default().add(valid);
            if self.hours.len() > HOURS_KEPT {
                self.drop_hours();
            }
        }
    }

    /// Adds another timeline's figures.
    pub fn merge(&mut self, other: &Timeline) {
        self.untimed.merge(other.untimed);
        self.other_days.merge(other.other_days);
        if self.hours_dropped || other.hours_dropped {
            self.drop_hours();
            for (d, b) in other.days() {
                add_day(&mut self.days, &mut self.other_days, d, b);
            }
        } else {
            for (h, b) in &other.hours {
                self.hours.entry(*h).or_default().merge(*b);
            }
            if self.hours.len() > HOURS_KEPT {
                self.drop_hours();
            }
        }
    }

    /// From now on, per day only.
    fn drop_hours(&mut self) {
        if !self.hours_dropped {
            self.hours_dropped = true;
            for (h, b) in std::mem::take(&mut self.hours) {
                let day = (h * HOUR).div_euclid(DAY);
                add_day(&mut self.days, &mut self.other_days, day, b);
            }
        }
    }

    /// Calls per hour (hours since the Unix epoch), unless there were more than
    /// [`HOURS_KEPT`] distinct hours.
    pub fn hours(&self) -> Option<&BTreeMap<i64, Bucket>> {
        (!self.hours_dropped).then_some(&self.hours)
    }

    /// Calls per day (days since the Unix epoch), the first [`DAYS_KEPT`] days.
    pub fn days(&self) -> BTreeMap<i64, Bucket> {
        if self.hours_dropped {
            return self.days.clone();
        }
        let mut days: BTreeMap<i64, Bucket> = BTreeMap::new();
        for (h, b) in &self.hours {
            days.entry((h * HOUR).div_euclid(DAY))
                .or_default()
                .merge(*b);
        }
        days
    }

    /// Calls on days past the first [`DAYS_KEPT`].
    pub fn other_days(&self) -> Bucket {
        self.other_days
    }

    /// Calls with no usable time.
    pub fn untimed(&self) -> Bucket {
        self.untimed
    }

    /// The start of an hour or day, as RFC 3339 (`2024-05-04T13:00:00Z`).
    pub fn start(index: i64, span: Span) -> String {
        let secs = index.saturating_mul(span.seconds());
        chrono::DateTime::from_timestamp(secs, 0).map_or_else(
            || secs.to_string(),
            |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        )
    }
}

/// Adds to a day, or to the pool when the day is new and [`DAYS_KEPT`] are kept.
fn add_day(days: &mut BTreeMap<i64, Bucket>, other: &mut Bucket, day: i64, b: Bucket) {
    if days.len() < DAYS_KEPT || days.contains_key(&day) {
        days.entry(day).or_default().merge(b);
    } else {
        other.merge(b);
    }
}

/// A span of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// An hour.
    Hour,
    /// A day.
    Day,
}

impl Span {
    /// Its length in seconds.
    pub fn seconds(self) -> i64 {
        match self {
            Span::Hour => HOUR,
            Span::Day => DAY,
        }
    }
}

/// [`Timeline`] as serialised: spans by their start, as RFC 3339.
#[derive(Serialize, Deserialize)]
struct TimelineRepr {
    hours: Vec<Spanned>,
    hours_dropped: bool,
    days: Vec<Spanned>,
    other_days: Bucket,
    untimed: Bucket,
}

/// A span: its start as RFC 3339 for readers, and as a number (hours or days
/// since the Unix epoch) for reading back (RFC 3339 has no year before 0000 or
/// after 9999, which a date-time's offset can reach).
#[derive(Serialize, Deserialize)]
struct Spanned {
    start: String,
    index: i64,
    #[serde(flatten)]
    bucket: Bucket,
}

impl From<Timeline> for TimelineRepr {
    fn from(t: Timeline) -> Self {
        let spans = |m: BTreeMap<i64, Bucket>, span: Span| -> Vec<Spanned> {
            m.into_iter()
                .map(|(i, bucket)| Spanned {
                    start: Timeline::start(i, span),
                    index: i,
                    bucket,
                })
                .collect()
        };
        let days = t.days();
        TimelineRepr {
            hours: spans(t.hours, Span::Hour),
            hours_dropped: t.hours_dropped,
            days: spans(days, Span::Day),
            other_days: t.other_days,
            untimed: t.untimed,
        }
    }
}

impl From<TimelineRepr> for Timeline {
    fn from(r: TimelineRepr) -> Self {
        let spans = |spans: &[Spanned]| spans.iter().map(|s| (s.index, s.bucket)).collect();
        Timeline {
            hours: spans(&r.hours),
            hours_dropped: r.hours_dropped,
            // Days are derived from hours until the hours are dropped.
            days: if r.hours_dropped {
                spans(&r.days)
            } else {
                BTreeMap::new()
            },
            other_days: r.other_days,
            untimed: r.untimed,
        }
    }
}
