//! Email: what happened to an email after it was sent — Segment's Email spec
//! (a hidden page, addressed to partners that send email data into Segment) and
//! Customer.io's email events. RudderStack has no email spec; the events are
//! known in every dialect, Segment's spec being the common base.
//!
//! Customer.io requires `email_id` on every email event (its schema's
//! `required`): without it the event is not tied to a delivery. In the
//! customerio dialect a missing `email_id` is `missing_required`; elsewhere it is
//! recommended (strict profile). `context.traits.email` carries the recipient's
//! address (a context field, not a property). Customer.io's API reference and its
//! own outgoing events call `Unsubscribed` "Email Unsubscribed": a customerio
//! alias.

use crate::declare::Dialect::{CustomerIo, Segment};
use crate::declare::{FieldRule, Vendors};
use crate::{event, object};

/// The dialects that require `email_id` (Customer.io's schema).
const EMAIL_ID_REQUIRED: FieldRule = FieldRule::required(
    Vendors::of(&[CustomerIo]),
    "/properties/email_id",
    "Customer.io ties an email event to its delivery by email_id",
);

object! {
    /// The properties every email event shares.
    pub struct EmailMessage {
        /// Id of the email (Customer.io: of the delivery).
        email_id: String,
        /// Subject line of the email.
        email_subject: String,
        /// Id of the campaign the email belongs to.
        campaign_id: String,
        /// Readable name of the campaign.
        campaign_name: String,
    }
}

event! {
    /// The email could not be delivered: the receiving server reported it undeliverable.
    pub struct EmailBounced {
        const NAME = "Email Bounced";
        const CATEGORY = Email;
        const VENDORS = [Segment, CustomerIo];
        const RECOMMENDED = [["email_id"]];
        const RULES = [EMAIL_ID_REQUIRED];
        ..message: EmailMessage,
    }
}

event! {
    /// The receiving mail server confirmed that it accepted the email.
    pub struct EmailDelivered {
        const NAME = "Email Delivered";
        const CATEGORY = Email;
        const VENDORS = [Segment, CustomerIo];
        const RECOMMENDED = [["email_id"]];
        const RULES = [EMAIL_ID_REQUIRED];
        ..message: EmailMessage,
    }
}

event! {
    /// The recipient clicked a link in the body of the email.
    pub struct EmailLinkClicked {
        const NAME = "Email Link Clicked";
        const CATEGORY = Email;
        const VENDORS = [Segment, CustomerIo];
        const RECOMMENDED = [["email_id"]];
        const RULES = [EMAIL_ID_REQUIRED];
        ..message: EmailMessage,
        /// Id of the clicked link.
        link_id: String,
        /// URL the clicked link points to.
        link_url: String,
    }
}

event! {
    /// The recipient reported the email as spam.
    pub struct EmailMarkedAsSpam {
        const NAME = "Email Marked as Spam";
        const CATEGORY = Email;
        const VENDORS = [Segment, CustomerIo];
        const RECOMMENDED = [["email_id"]];
        const RULES = [EMAIL_ID_REQUIRED];
        ..message: EmailMessage,
    }
}

event! {
    /// The recipient opened the email.
    pub struct EmailOpened {
        const NAME = "Email Opened";
        const CATEGORY = Email;
        const VENDORS = [Segment, CustomerIo];
        const RECOMMENDED = [["email_id"]];
        const RULES = [EMAIL_ID_REQUIRED];
        ..message: EmailMessage,
    }
}

event! {
    /// The recipient unsubscribed, from one list or from all marketing email
    /// depending on the tool.
    pub struct Unsubscribed {
        const NAME = "Unsubscribed";
        const CATEGORY = Email;
        const VENDOR_ALIASES = [CustomerIo: "Email Unsubscribed"];
        const VENDORS = [Segment, CustomerIo];
        const RECOMMENDED = [["email_id"]];
        const RULES = [EMAIL_ID_REQUIRED];
        ..message: EmailMessage,
        /// Id of the list unsubscribed from (Segment).
        list_id: String [vendors(&[Segment])],
        /// Name of the list unsubscribed from (Segment).
        list_name: String [vendors(&[Segment])],
    }
}

/// This family's events, in reference order: the one list `EventName`,
/// `SemanticEvent`, the registry, the schemas and the strategies derive from.
macro_rules! email_events {
    ($then:path, [$($acc:tt)*] $($rest:tt)*) => {
        $then! { [$($acc)* (Email, email) [
            EmailBounced, EmailDelivered, EmailLinkClicked, EmailMarkedAsSpam,
            EmailOpened, Unsubscribed,
        ]] $($rest)* }
    };
}
pub(crate) use email_events;
