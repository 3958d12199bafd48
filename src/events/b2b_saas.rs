//! B2B SaaS: accounts, the people in them, sign-ups and sign-ins, invites and
//! trials — Segment's B2B SaaS spec. Customer.io and RudderStack have no B2B
//! family; the events are known in every dialect, Segment's spec being the
//! common base.
//!
//! Every event carries the account's id in `context.groupId`, a context field
//! (Segment's tables list it among the properties, but it does not live there;
//! not required). Trial dates accept an ISO 8601 date or an RFC 3339 date-time,
//! like `airdate`. Segment's page allows the Object-Action names (`User Signed
//! Up`, `User Signed In`, `User Signed Out`): aliases.

use crate::declare::Format;
use crate::{event, object};

object! {
    /// A trial's plan and dates.
    pub struct Trial {
        /// Date the trial starts.
        trial_start_date: String [format(Format::DateOrDateTime)],
        /// Date the trial ends.
        trial_end_date: String [format(Format::DateOrDateTime)],
        /// Name of the plan being trialled.
        trial_plan_name: String,
    }
}

event! {
    /// A new account (the customer company or workspace) was created.
    pub struct AccountCreated {
        const NAME = "Account Created";
        const CATEGORY = B2bSaas;
        const VENDORS = [Segment];
        /// Name of the account.
        account_name: String,
    }
}

event! {
    /// An account was deleted.
    pub struct AccountDeleted {
        const NAME = "Account Deleted";
        const CATEGORY = B2bSaas;
        const VENDORS = [Segment];
        /// Name of the account.
        account_name: String,
    }
}

event! {
    /// A user signed up for the service.
    pub struct SignedUp {
        const NAME = "Signed Up";
        const CATEGORY = B2bSaas;
        const ALIASES = ["User Signed Up"];
        const VENDORS = [Segment];
        /// Kind of signup, e.g. `invited` or `organic`.
        r#type: String,
        /// The user's first name.
        first_name: String,
        /// The user's last name.
        last_name: String,
        /// The user's email address.
        email: String,
        /// The user's phone number.
        phone: String,
        /// The user's username.
        username: String,
        /// The user's title (e.g. `Mr`).
        title: String,
    }
}

event! {
    /// A user signed in.
    pub struct SignedIn {
        const NAME = "Signed In";
        const CATEGORY = B2bSaas;
        const ALIASES = ["User Signed In"];
        const VENDORS = [Segment];
        /// Username of the user signing in.
        username: String,
    }
}

event! {
    /// A user signed out (Segment also asks for `analytics.reset()` then).
    pub struct SignedOut {
        const NAME = "Signed Out";
        const CATEGORY = B2bSaas;
        const ALIASES = ["User Signed Out"];
        const VENDORS = [Segment];
        /// Username of the user signing out.
        username: String,
    }
}

event! {
    /// A user invited another person to an account.
    pub struct InviteSent {
        const NAME = "Invite Sent";
        const CATEGORY = B2bSaas;
        const VENDORS = [Segment];
        /// Email address of the invitee.
        invitee_email: String,
        /// The invitee's first name.
        invitee_first_name: String,
        /// The invitee's last name.
        invitee_last_name: String,
        /// Permission group the invitee will get (e.g. `Owner`).
        invitee_role: String,
    }
}

event! {
    /// A user was added to an account (group).
    pub struct AccountAddedUser {
        const NAME = "Account Added User";
        const CATEGORY = B2bSaas;
        const VENDORS = [Segment];
        /// Permission group of the user in this account (e.g. `Owner`).
        role: String,
    }
}

event! {
    /// A user was removed from an account (group). No properties.
    pub struct AccountRemovedUser {
        const NAME = "Account Removed User";
        const CATEGORY = B2bSaas;
        const VENDORS = [Segment];
    }
}

event! {
    /// A trial began.
    pub struct TrialStarted {
        const NAME = "Trial Started";
        const CATEGORY = B2bSaas;
        const VENDORS = [Segment];
        ..trial: Trial,
    }
}

event! {
    /// A trial ended.
    pub struct TrialEnded {
        const NAME = "Trial Ended";
        const CATEGORY = B2bSaas;
        const VENDORS = [Segment];
        ..trial: Trial,
    }
}

/// This family's events, in reference order: the one list `EventName`,
/// `SemanticEvent`, the registry, the schemas and the strategies derive from.
macro_rules! b2b_saas_events {
    ($then:path, [$($acc:tt)*] $($rest:tt)*) => {
        $then! { [$($acc)* (B2bSaas, b2b_saas) [
            AccountCreated, AccountDeleted, SignedUp, SignedIn, SignedOut,
            InviteSent, AccountAddedUser, AccountRemovedUser, TrialStarted, TrialEnded,
        ]] $($rest)* }
    };
}
pub(crate) use b2b_saas_events;
