//! A/B testing: Experiment Viewed (Segment and Customer.io; RudderStack has no
//! A/B spec, so the event is recognised there through Segment's base spec).
//!
//! The ids are strings, as every vendor's table types them: a numeric
//! `experiment_id` (as some testing tools send) is a wrong-type error, so that
//! warehouse columns keep one type. Customer.io's prose names `variant_id` and
//! `variant_name`; its table, like Segment's, says `variation_*`, which the crate
//! follows.

use crate::event;

event! {
    /// A user was shown a variation of an A/B test.
    pub struct ExperimentViewed {
        const NAME = "Experiment Viewed";
        const CATEGORY = AbTesting;
        const VENDORS = [Segment, CustomerIo];
        const RECOMMENDED = [["experiment_id"], ["variation_id"]];
        /// Id of the experiment.
        experiment_id: String,
        /// Readable experiment name.
        experiment_name: String,
        /// Id of the variation shown.
        variation_id: String,
        /// Readable variation name.
        variation_name: String,
    }
}

/// This family's events, in reference order: the one list `EventName`,
/// `SemanticEvent`, the registry, the schemas and the strategies derive from.
/// Adding an event here (after its declaration above) is all it takes.
macro_rules! ab_testing_events {
    ($then:path, [$($acc:tt)*] $($rest:tt)*) => {
        $then! { [$($acc)* (AbTesting, ab_testing) [ExperimentViewed]] $($rest)* }
    };
}
pub(crate) use ab_testing_events;
