//! Dialects (whose reading of the spec applies), vendor sets and families.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The vendor whose reading of the spec applies.
///
/// The default is Segment's spec, the common base; Customer.io and RudderStack add
/// their type differences, vendor-only events and properties, and name aliases.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::AsRefStr,
    strum::IntoStaticStr,
)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
#[non_exhaustive]
pub enum Dialect {
    /// Segment's Spec (the default).
    #[default]
    Segment,
    /// Customer.io Data Pipelines.
    #[strum(to_string = "customerio", serialize = "customer.io", serialize = "cio")]
    #[serde(alias = "customer.io")]
    #[cfg_attr(feature = "cli", value(name = "customerio", alias = "customer.io"))]
    CustomerIo,
    /// RudderStack's event spec.
    Rudderstack,
}

impl Dialect {
    /// Every dialect, the default first.
    pub const ALL: [Dialect; 3] = [Dialect::Segment, Dialect::CustomerIo, Dialect::Rudderstack];

    const fn bit(self) -> u8 {
        match self {
            Dialect::Segment => 1,
            Dialect::CustomerIo => 2,
            Dialect::Rudderstack => 4,
        }
    }
}

/// A set of vendors (dialects) whose documentation lists an event or property.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Vendors(u8);

impl Vendors {
    /// Listed by all three vendors.
    pub const ALL: Vendors = Vendors(7);

    /// The set of the given dialects.
    pub const fn of(dialects: &[Dialect]) -> Vendors {
        let mut bits = 0;
        let mut i = 0;
        while i < dialects.len() {
            bits |= dialects[i].bit();
            i += 1;
        }
        Vendors(bits)
    }

    /// Whether the set has no dialect.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether `dialect` is in the set.
    pub const fn contains(self, dialect: Dialect) -> bool {
        self.0 & dialect.bit() != 0
    }

    /// Whether the declaration is known in `dialect`: Segment's spec is the common
    /// base every dialect recognises, and each vendor adds its own.
    pub const fn known_in(self, dialect: Dialect) -> bool {
        self.contains(Dialect::Segment) || self.contains(dialect)
    }

    /// The dialects in the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Dialect> {
        Dialect::ALL.into_iter().filter(move |d| self.contains(*d))
    }
}

impl fmt::Debug for Vendors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// The family a semantic event belongs to.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::AsRefStr,
    strum::IntoStaticStr,
)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[cfg_attr(feature = "cli", value(rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// Ecommerce: browsing, cart, checkout, orders, coupons, wishlists, sharing, reviews.
    Ecommerce,
    /// Video: playback, content and ad events of a player session.
    Video,
    /// Mobile: app lifecycle and campaign events.
    Mobile,
    /// A/B testing: Experiment Viewed.
    #[cfg_attr(feature = "cli", value(alias = "ab-testing"))]
    AbTesting,
    /// Live chat: conversations and messages.
    #[cfg_attr(feature = "cli", value(alias = "live-chat"))]
    LiveChat,
    /// Email: deliveries, opens, clicks, bounces, spam reports, unsubscribes.
    Email,
    /// B2B SaaS: accounts, sign-ups and sign-ins, invites, trials.
    #[cfg_attr(feature = "cli", value(alias = "b2b-saas"))]
    B2bSaas,
    /// Customer.io's action events: track calls that make Customer.io act on a
    /// person, device or object (Customer.io's dialect only).
    #[cfg_attr(feature = "cli", value(alias = "customerio-actions"))]
    CustomerioActions,
    /// Events declared by a downstream crate, not by the spec.
    #[cfg_attr(feature = "cli", value(skip))]
    Custom,
}

impl Category {
    /// The families of the spec, in reference order (without [`Category::Custom`]).
    pub const SPEC: [Category; 8] = [
        Category::Ecommerce,
        Category::Video,
        Category::Mobile,
        Category::AbTesting,
        Category::LiveChat,
        Category::Email,
        Category::B2bSaas,
        Category::CustomerioActions,
    ];

    /// A human title, e.g. "A/B testing".
    pub const fn title(self) -> &'static str {
        match self {
            Category::Ecommerce => "Ecommerce",
            Category::Video => "Video",
            Category::Mobile => "Mobile",
            Category::AbTesting => "A/B testing",
            Category::LiveChat => "Live chat",
            Category::Email => "Email",
            Category::B2bSaas => "B2B SaaS",
            Category::CustomerioActions => "Customer.io actions",
            Category::Custom => "Custom",
        }
    }
}
