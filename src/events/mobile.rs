//! Mobile: app lifecycle events (collected by the vendors' mobile SDKs) and
//! campaign events (attribution, push notifications, deep links), plus
//! Customer.io's own Geofence Transition.
//!
//! `build`/`previous_build` are strings for Segment and Customer.io and numbers
//! for RudderStack. Segment-only events (Install Attributed, push and deep-link
//! clicks) are recognised in every dialect, Segment's spec being the common base;
//! Geofence Transition only in the Customer.io dialect.

use crate::declare::Dialect::{CustomerIo, Rudderstack, Segment};
use crate::declare::Shape;
use crate::declare::StringOrNumber;
use crate::{event, object, string_enum};

object! {
    /// The campaign behind an install or a push notification.
    pub struct MobileCampaign {
        /// Campaign name.
        name: String,
        /// Campaign source.
        source: String,
        /// Campaign medium.
        medium: String,
        /// Campaign content.
        content: String,
        /// Ad creative (Install Attributed).
        ad_creative: String,
        /// Ad group (Install Attributed).
        ad_group: String,
    }
}

string_enum! {
    /// The direction of a geofence crossing.
    pub enum Transition {
        /// The device entered the geofence.
        Enter = "enter",
        /// The device left the geofence.
        Exit = "exit",
    }
}

event! {
    /// First launch of the app after installation.
    pub struct ApplicationInstalled {
        const NAME = "Application Installed";
        const CATEGORY = Mobile;
        const RECOMMENDED = [["version"]];
        /// App version.
        version: String,
        /// App build (a number for RudderStack).
        build: StringOrNumber [shape(Shape::string()), rudderstack(Shape::number())],
    }
}

event! {
    /// The app was launched, or brought back after the first open.
    pub struct ApplicationOpened {
        const NAME = "Application Opened";
        const CATEGORY = Mobile;
        /// `true` when the app came back from the background rather than a cold start.
        from_background: bool,
        /// Launch URL or deep-link URL.
        url: String,
        /// App that referred the launch (not listed by Customer.io).
        referring_application: String [vendors(&[Segment, Rudderstack])],
        /// App version.
        version: String,
        /// App build (not listed by RudderStack; a number there if sent).
        build: StringOrNumber [shape(Shape::string()), rudderstack(Shape::number()), vendors(&[Segment, CustomerIo])],
    }
}

event! {
    /// The app went to the background.
    pub struct ApplicationBackgrounded {
        const NAME = "Application Backgrounded";
        const CATEGORY = Mobile;
    }
}

event! {
    /// The app came back to the foreground (not in RudderStack's spec).
    pub struct ApplicationForegrounded {
        const NAME = "Application Foregrounded";
        const CATEGORY = Mobile;
        const VENDORS = [Segment, CustomerIo];
    }
}

event! {
    /// First launch after the app was updated (sent instead of Application Opened).
    pub struct ApplicationUpdated {
        const NAME = "Application Updated";
        const CATEGORY = Mobile;
        const RECOMMENDED = [["version"]];
        /// App version before the update.
        previous_version: String,
        /// App build before the update (a number for RudderStack).
        previous_build: StringOrNumber [shape(Shape::string()), rudderstack(Shape::number())],
        /// App version.
        version: String,
        /// App build (a number for RudderStack).
        build: StringOrNumber [shape(Shape::string()), rudderstack(Shape::number())],
    }
}

event! {
    /// The app was removed (usually reported by a partner through silent push).
    pub struct ApplicationUninstalled {
        const NAME = "Application Uninstalled";
        const CATEGORY = Mobile;
        const VENDORS = [Segment, CustomerIo];
    }
}

event! {
    /// The app crashed (reported from a crash tool).
    pub struct ApplicationCrashed {
        const NAME = "Application Crashed";
        const CATEGORY = Mobile;
        const VENDORS = [Segment, CustomerIo];
    }
}

event! {
    /// An attribution provider determined the campaign behind an install.
    pub struct InstallAttributed {
        const NAME = "Install Attributed";
        const CATEGORY = Mobile;
        const VENDORS = [Segment];
        /// Attribution provider (e.g. Branch, AppsFlyer).
        provider: String,
        /// Campaign details.
        campaign: MobileCampaign,
    }
}

event! {
    /// A push notification arrived on the device.
    pub struct PushNotificationReceived {
        const NAME = "Push Notification Received";
        const CATEGORY = Mobile;
        const VENDORS = [Segment];
        /// Campaign details.
        campaign: MobileCampaign,
    }
}

event! {
    /// The user tapped a push notification.
    pub struct PushNotificationTapped {
        const NAME = "Push Notification Tapped";
        const CATEGORY = Mobile;
        const VENDORS = [Segment];
        /// For actionable notifications, the action tapped (default `Open`).
        action: String,
        /// Campaign details.
        campaign: MobileCampaign,
    }
}

event! {
    /// A push notification could not be delivered.
    pub struct PushNotificationBounced {
        const NAME = "Push Notification Bounced";
        const CATEGORY = Mobile;
        const VENDORS = [Segment];
        /// The notification's action, if any.
        action: String,
        /// Campaign details.
        campaign: MobileCampaign,
    }
}

event! {
    /// The app was opened through a deep link (in addition to Application Opened).
    pub struct DeepLinkOpened {
        const NAME = "Deep Link Opened";
        const CATEGORY = Mobile;
        const VENDORS = [Segment, Rudderstack];
        /// Deep-link provider (e.g. Branch); not listed by RudderStack.
        provider: String [vendors(&[Segment])],
        /// The deep-link URL opened.
        url: String,
    }
}

event! {
    /// A deep link was clicked (postback from a deep-link provider).
    pub struct DeepLinkClicked {
        const NAME = "Deep Link Clicked";
        const CATEGORY = Mobile;
        const VENDORS = [Segment];
        /// Deep-link provider.
        provider: String,
        /// The deep-link URL clicked.
        url: String,
    }
}

event! {
    /// Customer.io only: the device entered or left a geofence defined in Customer.io.
    pub struct GeofenceTransition {
        const NAME = "Geofence Transition";
        const CATEGORY = Mobile;
        const VENDORS = [CustomerIo];
        /// Customer.io geofence id.
        geofence_id ("geofenceId"): String [vendors(&[CustomerIo])],
        /// Geofence name, if set.
        geofence_name ("geofenceName"): String [vendors(&[CustomerIo])],
        /// Geofence set id.
        geoset_id ("geosetId"): String [vendors(&[CustomerIo])],
        /// Metadata defined on the geofence.
        metadata: serde_json::Map<String, serde_json::Value> [vendors(&[CustomerIo])],
        /// Direction of the crossing.
        transition: Transition [vendors(&[CustomerIo])],
        /// Unique id of the crossing.
        transition_id ("transitionId"): String [vendors(&[CustomerIo])],
    }
}

/// This family's events, in reference order: the one list `EventName`,
/// `SemanticEvent`, the registry, the schemas and the strategies derive from.
/// Adding an event here (after its declaration above) is all it takes.
macro_rules! mobile_events {
    ($then:path, [$($acc:tt)*] $($rest:tt)*) => {
        $then! { [$($acc)* (Mobile, mobile) [
            ApplicationInstalled, ApplicationOpened, ApplicationBackgrounded,
            ApplicationForegrounded, ApplicationUpdated, ApplicationUninstalled,
            ApplicationCrashed, InstallAttributed, PushNotificationReceived,
            PushNotificationTapped, PushNotificationBounced, DeepLinkOpened, DeepLinkClicked,
            GeofenceTransition,
        ]] $($rest)* }
    };
}
pub(crate) use mobile_events;
