//! How a downstream crate tests its own consumer of semantic events with this
//! crate's strategies.
//!
//! The consumer here turns Order Completed calls into revenue rows for a
//! warehouse. Its contract: every call the validator accepts becomes a row whose
//! numbers are the call's own; every call with an error is refused, never
//! half-loaded; warnings (say a non-canonical event name) do not block a row.
//!
//! ```sh
//! cargo run --example downstream_conformance --features proptest
//! ```

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use semantic_events::strategies::{self, Expected};
use semantic_events::{EventName, Report, SemanticEvent, Severity, Validator};
use serde_json::Value;

/// A warehouse row for one completed order.
#[derive(Debug, Clone, PartialEq)]
struct RevenueRow {
    order_id: Option<String>,
    revenue: f64,
    currency: String,
    items: u64,
}

/// Why a call was refused.
#[derive(Debug)]
enum Refused {
    /// The call breaks the spec: the validator's report says how.
    Invalid(Report),
    /// A valid call of another event.
    NotAnOrder,
}

/// The consumer under test: validate, type, map.
fn revenue_row(validator: &Validator, bytes: &[u8]) -> Result<RevenueRow, Refused> {
    let report = validator.validate_slice(bytes);
    if !report.is_valid() {
        return Err(Refused::Invalid(report));
    }
    if report.semantic() != Some(EventName::OrderCompleted) {
        return Err(Refused::NotAnOrder);
    }
    let call: Value = serde_json::from_slice(bytes).map_err(|_| Refused::NotAnOrder)?;
    let SemanticEvent::OrderCompleted(order) =
        SemanticEvent::from_track(&call).map_err(|_| Refused::NotAnOrder)?
    else {
        return Err(Refused::NotAnOrder);
    };
    let products = order.order.products.unwrap_or_default();
    // Quantities are unbounded numbers: a plain `sum()` of them overflowed on the
    // strategies' large values the first time this example ran.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let items = products
        .iter()
        .map(|p| p.quantity.unwrap_or(1.0).max(0.0) as u64)
        .fold(0u64, u64::saturating_add);
    Ok(RevenueRow {
        order_id: order.order.order_id,
        // Segment's rule: revenue, else total; the currency defaults to USD.
        revenue: order.order.revenue.or(order.total).unwrap_or(0.0),
        currency: order
            .order
            .currency
            .unwrap_or_else(|| "USD".into())
            .to_uppercase(),
        items,
    })
}

fn main() {
    let validator = Validator::new();
    let mut runner = TestRunner::new(Config {
        cases: 512,
        failure_persistence: None,
        ..Config::default()
    });

    // 1. Every valid Order Completed becomes a row carrying the call's own numbers.
    let result = runner.run(
        &strategies::valid_track_for(EventName::OrderCompleted),
        |call| {
            let bytes = serde_json::to_vec(&call).expect("serialize");
            let row = revenue_row(&validator, &bytes)
                .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            let props = &call["properties"];
            let revenue = props["revenue"]
                .as_f64()
                .or(props["total"].as_f64())
                .unwrap_or(0.0);
            prop_assert_eq!(
                row.revenue.to_bits(),
                revenue.to_bits(),
                "the row carries the exact revenue"
            );
            prop_assert_eq!(row.order_id.as_deref(), props["order_id"].as_str());
            prop_assert_eq!(row.currency.len(), 3);
            Ok(())
        },
    );
    report("valid orders become rows", result);

    // 2. Every call with a labelled error is refused with that very violation;
    //    a call with only a warning still loads.
    let result = runner.run(
        &strategies::invalid_track(),
        |(call, expected): (Value, Expected)| {
            let bytes = serde_json::to_vec(&call).expect("serialize");
            match (revenue_row(&validator, &bytes), expected.severity) {
                (Err(Refused::Invalid(report)), Severity::Error) => {
                    prop_assert!(
                        expected.is_in(&report),
                        "{expected:?} missing from {report}"
                    );
                }
                (Ok(_) | Err(Refused::NotAnOrder), Severity::Warning) => {}
                (other, severity) => {
                    return Err(TestCaseError::fail(format!(
                        "{severity:?} label {expected:?} gave {other:?}"
                    )));
                }
            }
            Ok(())
        },
    );
    report("defects are refused, warnings are not", result);
}

fn report(what: &str, result: Result<(), proptest::test_runner::TestError<impl std::fmt::Debug>>) {
    match result {
        Ok(()) => println!("ok: {what} (512 cases)"),
        Err(e) => {
            eprintln!("FAILED: {what}: {e}");
            std::process::exit(1);
        }
    }
}
