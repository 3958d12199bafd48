//! The report as one self-contained HTML page: CSS and SVG charts inline, no
//! script, no font, nothing fetched (a Content-Security-Policy says so to the
//! browser). Light or dark by `prefers-color-scheme`; readable on a phone and
//! printed.
//!
//! The page is a [minijinja](https://docs.rs/minijinja) template
//! (`report.html.j2`, autoescaped) filled from a view of the [`Stats`]; the
//! charts are drawn by [plotters](https://docs.rs/plotters)' SVG backend.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use minijinja::{Environment, context};
use plotters::prelude::*;
use serde::Serialize;

use super::{Stats, Timeline, time::Span};
use crate::declare::Category;

/// Rows shown in each ranked table and chart.
pub const ROWS: usize = 20;

/// What the page says besides the figures.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Page {
    /// The inputs, as named to the command.
    pub sources: Vec<String>,
    /// Where the event reference lives (`docs/` of this crate's repository, by
    /// default), linked from event names.
    pub docs: String,
}

impl Page {
    /// A page about these inputs, linking to the crate's own reference.
    pub fn new(sources: Vec<String>) -> Page {
        Page {
            sources,
            docs: format!(
                "{}/blob/v{}/docs",
                env!("CARGO_PKG_REPOSITORY"),
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

/// The error of [`render`]: the template failed (a bug, not bad input).
#[derive(Debug, thiserror::Error)]
#[error("cannot render the report page: {0}")]
pub struct RenderError(String);

/// The page for these figures.
///
/// ```
/// use semantic_events::Validator;
/// use semantic_events::report::{Location, Stats, html};
///
/// let validator = Validator::new().capture_event_name(true).observe(true);
/// let mut stats = Stats::new(&validator);
/// let line = br#"{"userId":"u","event":"Product Added","properties":{"price":"9.99"}}"#;
/// stats.add(&validator.validate_slice(line), line, &Location::new("-", 1));
/// let page = html::render(&stats, &html::Page::new(vec!["-".into()]))?;
/// assert!(page.starts_with("<!doctype html>"));
/// assert!(page.contains("numeric_string"));
/// # Ok::<(), html::RenderError>(())
/// ```
///
/// # Errors
/// Only if the template itself is broken.
pub fn render(stats: &Stats, page: &Page) -> Result<String, RenderError> {
    let mut env = Environment::new();
    env.add_template("report.html", include_str!("report.html.j2"))
        .map_err(|e| RenderError(e.to_string()))?;
    let view = View::new(stats, page);
    env.get_template("report.html")
        .and_then(|t| t.render(context! { r => view }))
        .map_err(|e| RenderError(format!("{e:#}")))
}

/// Everything the template shows, computed.
#[derive(Serialize)]
struct View<'a> {
    version: &'static str,
    sources: &'a [String],
    configurations: Vec<(&'a str, u64)>,
    headline: Vec<Figure>,
    calls: Vec<(&'a str, u64)>,
    codes: Vec<CodeRow<'a>>,
    codes_chart: String,
    events_chart: String,
    time_chart: Option<String>,
    time_span: &'static str,
    time_note: String,
    families: Vec<Family<'a>>,
    unseen: Vec<Unseen<'a>>,
    paths: Ranked<(String, &'static str, u64)>,
    custom: Ranked<CustomRow<'a>>,
    near_misses: Vec<NearMiss<'a>>,
    unknown: Ranked<(&'a str, String, u64)>,
    values_shown: bool,
}

#[derive(Serialize)]
struct Figure {
    label: &'static str,
    value: String,
    note: String,
    tone: &'static str,
}

#[derive(Serialize)]
struct CodeRow<'a> {
    code: &'static str,
    severity: &'static str,
    violations: u64,
    records: u64,
    samples: &'a [super::Sample],
}

#[derive(Serialize)]
struct Family<'a> {
    title: &'static str,
    columns: Vec<&'a str>,
    rows: Vec<CoverageRow<'a>>,
}

#[derive(Serialize)]
struct CoverageRow<'a> {
    event: &'a str,
    link: String,
    records: u64,
    invalid: u64,
    cells: Vec<Option<Cell>>,
}

#[derive(Serialize)]
struct Cell {
    percent: u64,
    /// Fill-rate shade, 0 to 100.
    shade: u64,
    broken: bool,
    title: String,
}

#[derive(Serialize)]
struct Unseen<'a> {
    title: &'static str,
    events: Vec<(&'a str, String)>,
}

#[derive(Serialize)]
struct Ranked<T> {
    rows: Vec<T>,
    more: usize,
    other: u64,
}

#[derive(Serialize)]
struct CustomRow<'a> {
    name: &'a str,
    records: u64,
    invalid: u64,
    near_miss: Option<(&'a str, String)>,
}

#[derive(Serialize)]
struct NearMiss<'a> {
    event: &'a str,
    link: String,
    names: Vec<(&'a str, u64)>,
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{:.1}%", ratio(part, whole) * 100.0)
    }
}

#[allow(clippy::cast_precision_loss)]
fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl<'a> View<'a> {
    fn new(s: &'a Stats, page: &'a Page) -> View<'a> {
        let link = |name: &str| -> String {
            s.events.get(name).map_or_else(String::new, |e| {
                doc_link(&page.docs, e.category, name).unwrap_or_default()
            })
        };
        let by_event = violations_by_event(s);
        let codes = code_rows(s);
        let code_bars: Vec<(String, u64)> = codes
            .iter()
            .map(|c| (c.code.to_string(), c.violations))
            .collect();
        let (time_chart, time_span, time_note) = time_chart(&s.time);
        View {
            version: env!("CARGO_PKG_VERSION"),
            sources: &page.sources,
            configurations: s
                .configurations
                .iter()
                .map(|(k, n)| (k.as_str(), *n))
                .collect(),
            headline: headline(s),
            calls: s.calls.iter().map(|(k, n)| (k.as_str(), *n)).collect(),
            codes_chart: bar_chart(&code_bars, "violations by code"),
            codes,
            events_chart: bar_chart(&by_event, "violations by event"),
            time_chart,
            time_span,
            time_note,
            families: families(s, &link),
            unseen: s
                .unseen()
                .into_iter()
                .map(|(c, names)| Unseen {
                    title: c.title(),
                    events: names.into_iter().map(|n| (n, link(n))).collect(),
                })
                .collect(),
            paths: ranked(
                s.paths
                    .entries()
                    .into_iter()
                    .map(|(k, c)| (k.path.clone(), k.code.into(), c.count)),
                s.paths.other.count,
            ),
            custom: ranked(
                s.custom.entries().into_iter().map(|(name, n)| CustomRow {
                    name,
                    records: n.records,
                    invalid: n.invalid,
                    near_miss: n.near_miss.as_deref().map(|e| (e, link(e))),
                }),
                s.custom.other.records,
            ),
            near_misses: near_misses(s, &link),
            unknown: ranked(
                s.unknown_properties
                    .entries()
                    .into_iter()
                    .map(|(k, c)| (k.event.as_str(), k.property.clone(), c.count)),
                s.unknown_properties.other.count,
            ),
            values_shown: s.values_shown,
        }
    }
}

/// Violations per event, semantic and custom, heaviest first.
fn violations_by_event(s: &Stats) -> Vec<(String, u64)> {
    let mut by_event: Vec<(String, u64)> = s
        .events
        .iter()
        .filter(|(_, e)| e.violations > 0)
        .map(|(n, e)| (n.clone(), e.violations))
        .chain(
            s.custom
                .entries()
                .into_iter()
                .filter(|(_, n)| n.violations > 0)
                .map(|(k, n)| (format!("{k} (custom)"), n.violations)),
        )
        .collect();
    by_event.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    by_event
}

/// The codes seen, most violations first.
fn code_rows(s: &Stats) -> Vec<CodeRow<'_>> {
    let mut codes: Vec<CodeRow<'_>> = s
        .codes
        .iter()
        .map(|(code, c)| CodeRow {
            code: code.into(),
            severity: c.severity.into(),
            violations: c.violations,
            records: c.records,
            samples: &c.samples,
        })
        .collect();
    codes.sort_by(|a, b| b.violations.cmp(&a.violations).then(a.code.cmp(b.code)));
    codes
}

fn headline(s: &Stats) -> Vec<Figure> {
    let tone = |bad: u64| if bad == 0 { "good" } else { "bad" };
    vec![
        Figure {
            label: "calls",
            value: s.records.to_string(),
            note: format!(
                "{} semantic ({})",
                s.semantic,
                percent(s.semantic, s.records)
            ),
            tone: "plain",
        },
        Figure {
            label: "valid",
            value: s.valid.to_string(),
            note: percent(s.valid, s.records),
            tone: "good",
        },
        Figure {
            label: "invalid",
            value: s.invalid.to_string(),
            note: format!("{} errors", s.errors),
            tone: tone(s.invalid),
        },
        Figure {
            label: "not JSON",
            value: s.unparsable.to_string(),
            note: percent(s.unparsable, s.records),
            tone: tone(s.unparsable),
        },
        Figure {
            label: "warnings",
            value: s.warnings.to_string(),
            note: format!("{} codes seen", s.codes.len()),
            tone: if s.warnings == 0 { "good" } else { "warn" },
        },
        Figure {
            label: "custom events",
            value: (s.custom.len()).to_string(),
            note: format!("names, {} calls", s.custom.total()),
            tone: "plain",
        },
    ]
}

/// A link to an event's entry in the reference, for the spec's families.
fn doc_link(docs: &str, category: Category, name: &str) -> Option<String> {
    Category::SPEC
        .contains(&category)
        .then(|| format!("{docs}/{category}.md#{}", crate::schema::slug(name)))
}

fn ranked<T>(rows: impl Iterator<Item = T>, other: u64) -> Ranked<T> {
    let mut rows: Vec<T> = rows.collect();
    let more = rows.len().saturating_sub(ROWS);
    rows.truncate(ROWS);
    Ranked { rows, more, other }
}

/// One heat-map per family: the seen events × the properties they declare.
fn families<'a>(s: &'a Stats, link: &impl Fn(&str) -> String) -> Vec<Family<'a>> {
    let mut by_family: BTreeMap<Category, Vec<(&'a String, &'a super::EventStats)>> =
        BTreeMap::new();
    for (name, e) in &s.events {
        if e.records > 0 {
            by_family.entry(e.category).or_default().push((name, e));
        }
    }
    by_family
        .into_iter()
        .map(|(category, mut events)| {
            events.sort_by(|a, b| b.1.records.cmp(&a.1.records).then(a.0.cmp(b.0)));
            let mut columns: Vec<&'a str> = Vec::new();
            for (_, e) in &events {
                for p in &e.properties {
                    if !columns.contains(&p.name.as_str()) {
                        columns.push(&p.name);
                    }
                }
            }
            let rows = events
                .iter()
                .map(|(name, e)| CoverageRow {
                    event: name,
                    link: link(name),
                    records: e.records,
                    invalid: e.invalid,
                    cells: columns
                        .iter()
                        .map(|c| {
                            let p = e.properties.iter().find(|p| p.name == *c)?;
                            Some(cell(name, p, e.records))
                        })
                        .collect(),
                })
                .collect();
            Family {
                title: category.title(),
                columns,
                rows,
            }
        })
        .collect()
}

#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]
fn cell(event: &str, p: &super::PropertyStats, records: u64) -> Cell {
    let fill = ratio(p.present, records);
    Cell {
        percent: (fill * 100.0).round() as u64,
        shade: (fill * 100.0).round() as u64,
        broken: p.valid < p.present,
        title: format!(
            "{event} · {}: present in {} of {records} calls ({}), valid in {} ({})",
            p.name,
            p.present,
            percent(p.present, records),
            p.valid,
            percent(p.valid, records),
        ),
    }
}

fn near_misses<'a>(s: &'a Stats, link: &impl Fn(&str) -> String) -> Vec<NearMiss<'a>> {
    let mut by_event: BTreeMap<&'a str, Vec<(&'a str, u64)>> = BTreeMap::new();
    for (name, n) in s.custom.entries() {
        if let Some(event) = &n.near_miss {
            by_event.entry(event).or_default().push((name, n.records));
        }
    }
    by_event
        .into_iter()
        .map(|(event, names)| NearMiss {
            event,
            link: link(event),
            names,
        })
        .collect()
}

/// The colours the charts are drawn in; the page's CSS maps each to a themed
/// colour (light or dark), by the SVG attribute plotters writes.
mod ink {
    use plotters::style::RGBColor;
    /// Text and axes (`--fg`).
    pub(super) const FG: RGBColor = RGBColor(0x10, 0x10, 0x10);
    /// Bars and the calls series (`--accent`).
    pub(super) const ACCENT: RGBColor = RGBColor(0x25, 0x63, 0xeb);
    /// The invalid series (`--bad`).
    pub(super) const BAD: RGBColor = RGBColor(0xdc, 0x26, 0x26);
    /// Grid lines (`--grid`).
    pub(super) const GRID: RGBColor = RGBColor(0xcc, 0xcc, 0xcc);
}

/// A horizontal bar chart of the heaviest rows, as SVG.
#[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
fn bar_chart(rows: &[(String, u64)], caption: &str) -> String {
    let rows = &rows[..rows.len().min(ROWS)];
    if rows.is_empty() {
        return String::new();
    }
    let label_chars = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let label_width = (label_chars.min(48) as u32) * 7 + 16;
    let height = 40 + 22 * rows.len() as u32;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, height)).into_drawing_area();
        let drawn = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
            let mut chart = ChartBuilder::on(&root)
                .margin(8)
                .x_label_area_size(40)
                .y_label_area_size(label_width)
                .build_cartesian_2d(0..max + max / 10 + 1, (0..rows.len()).into_segmented())?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .light_line_style(ink::GRID.mix(0.0))
                .bold_line_style(ink::GRID)
                .axis_style(ink::FG)
                .label_style(("sans-serif", 12).into_font().color(&ink::FG))
                .y_labels(rows.len())
                .y_label_formatter(&|v| match v {
                    SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => rows
                        .get(rows.len().wrapping_sub(i + 1))
                        .map(|r| shorten(&r.0, 48))
                        .unwrap_or_default(),
                    SegmentValue::Last => String::new(),
                })
                .x_desc(caption)
                .draw()?;
            chart.draw_series(
                Histogram::horizontal(&chart)
                    .style(ink::ACCENT.filled())
                    .margin(3)
                    // The heaviest row on top.
                    .data(rows.iter().rev().enumerate().map(|(i, r)| (i, r.1))),
            )?;
            root.present()?;
            Ok(())
        })();
        if drawn.is_err() {
            return String::new();
        }
    }
    responsive(&svg, caption)
}

/// The time series of calls and invalid calls, as SVG, with its span and a
/// note on what it leaves out.
fn time_chart(t: &Timeline) -> (Option<String>, &'static str, String) {
    let days = t.days();
    let hourly = match (days.first_key_value(), days.last_key_value(), t.hours()) {
        (Some((first, _)), Some((last, _)), Some(hours)) if last - first < 14 => Some(hours),
        _ => None,
    };
    let (series, span) = match hourly {
        Some(hours) => (hours, Span::Hour),
        None => (&days, Span::Day),
    };
    let mut note = format!("{} calls had no usable time", t.untimed().records);
    if t.other_days().records > 0 {
        let _ = write!(
            note,
            "; {} fell on days past the first {}",
            t.other_days().records,
            super::DAYS_KEPT
        );
    }
    let name = if span == Span::Hour { "hour" } else { "day" };
    let (Some((&lo, _)), Some((&hi, _))) = (series.first_key_value(), series.last_key_value())
    else {
        return (None, name, note);
    };
    let chart = time_series(series, span, name, lo, hi);
    (chart, name, note)
}

/// Bars of calls per span, the invalid ones drawn over them, as SVG.
fn time_series(
    series: &BTreeMap<i64, super::Bucket>,
    span: Span,
    name: &str,
    lo: i64,
    hi: i64,
) -> Option<String> {
    let max = series.values().map(|b| b.records).max().unwrap_or(1).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 280)).into_drawing_area();
        let drawn = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
            let mut chart = ChartBuilder::on(&root)
                .margin(10)
                .x_label_area_size(28)
                .y_label_area_size(56)
                .build_cartesian_2d(lo..hi + 1, 0..max + max / 10 + 1)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .light_line_style(ink::GRID.mix(0.0))
                .bold_line_style(ink::GRID)
                .axis_style(ink::FG)
                .label_style(("sans-serif", 12).into_font().color(&ink::FG))
                .x_labels(6)
                .x_label_formatter(&|i| label_of(*i, span))
                .y_desc(format!("calls per {name}"))
                .draw()?;
            // One bar per span, the invalid part drawn over it.
            let bars = |f: fn(&super::Bucket) -> u64, color: RGBColor| {
                series.iter().map(move |(i, b)| {
                    let mut bar = Rectangle::new([(*i, 0), (*i + 1, f(b))], color.filled());
                    bar.set_margin(0, 0, 1, 1);
                    bar
                })
            };
            chart
                .draw_series(bars(|b| b.records, ink::ACCENT))?
                .label("calls")
                .legend(|(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 12, y + 5)], ink::ACCENT.filled())
                });
            chart
                .draw_series(bars(|b| b.invalid, ink::BAD))?
                .label("invalid")
                .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], ink::BAD.filled()));
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .border_style(ink::GRID)
                .background_style(ink::GRID.mix(0.0))
                .label_font(("sans-serif", 12).into_font().color(&ink::FG))
                .draw()?;
            root.present()?;
            Ok(())
        })();
        if drawn.is_err() {
            return None;
        }
    }
    Some(responsive(&svg, "calls and invalid calls over time"))
}

fn label_of(index: i64, span: Span) -> String {
    let start = Timeline::start(index, span);
    match span {
        Span::Hour => start.get(5..16).unwrap_or(&start).replace('T', " "),
        Span::Day => start.get(..10).unwrap_or(&start).to_string(),
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

/// An SVG that scales to its container, with a title for screen readers.
/// (The XML namespace goes: HTML needs none for inline SVG, and the page then
/// names no `http:` address but its links.)
fn responsive(svg: &str, title: &str) -> String {
    let title = minijinja::HtmlEscape(title).to_string();
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
        .replacen(
            "<svg ",
            &format!(
                "<svg role=\"img\" aria-label=\"{title}\" preserveAspectRatio=\"xMinYMin meet\" "
            ),
            1,
        )
}
