//! Customer.io's action events: track calls with reserved names that make
//! Customer.io *do* something — register or remove a push device, delete or
//! suppress a person, delete a relationship or an object, report a message
//! metric. They are Customer.io's alone: known in the customerio dialect, custom
//! events elsewhere.
//!
//! Their required fields are real: a call without them performs no action, and
//! nothing tells the sender. In the customerio dialect each is a
//! `missing_required` error at the field's pointer (decisions 23–24 of the
//! reference): `userId` where the action needs a person (an `anonymousId` does
//! not stand in; `Object Deleted` takes any identity), the device token at
//! `context.device.token` (a `device` object in `properties`, the form of
//! Customer.io's JavaScript example, also counts, with a `misplaced_field`
//! warning), `properties` where Customer.io's schema requires it, `objectId`,
//! and `deliveryId` and `metric` on `Report Delivery Event` (as Customer.io's own
//! destination requires). The two report events need no identity.
//! `objectTypeId` is an integer or a string of digits (Customer.io's examples
//! send `"1"`). The names Customer.io's pages give the actions (`Delete
//! Person`, `Create Device`…) are customerio aliases.

use crate::declare::Dialect::CustomerIo;
use crate::declare::{FieldRule, Format, Shape, StringOrNumber, Vendors};
use crate::{event, object, string_enum};

/// The dialect these rules apply in.
const CUSTOMERIO: Vendors = Vendors::of(&[CustomerIo]);

const PERSON: FieldRule = FieldRule::required(
    CUSTOMERIO,
    "/userId",
    "the action needs the person's userId (an anonymousId does not stand in)",
);

const DEVICE_TOKEN: FieldRule = FieldRule::required(
    CUSTOMERIO,
    "/context/device/token",
    "Customer.io finds the device by its token: without it no device is registered or removed",
)
.or_at("/properties/device/token");

const DEVICE_TYPE: FieldRule = FieldRule::one_of(
    CUSTOMERIO,
    "/context/device/type",
    &["ios", "android"],
    "Customer.io accepts ios or android devices",
);

const PROPERTIES: FieldRule = FieldRule::required(
    CUSTOMERIO,
    "/properties",
    "Customer.io's schema requires the properties object for this action",
);

const OBJECT_ID: FieldRule = FieldRule::required(
    CUSTOMERIO,
    "/properties/objectId",
    "the action needs the id of the object (group) it applies to",
);

object! {
    /// The object (group) an action applies to.
    pub struct ObjectRef {
        /// Id of the object (group).
        object_id ("objectId"): String,
        /// Object type id (1, 2, … per object type; 1 when omitted): an integer
        /// or a string of digits.
        object_type_id ("objectTypeId"): StringOrNumber [shape(Shape::Union(vec![
            Shape::count(),
            Shape::String(Some(Format::Digits)),
        ]))],
    }
}

string_enum! {
    /// The metric `Report Delivery Event` reports.
    pub enum DeliveryMetric {
        /// The message was delivered.
        Delivered = "delivered",
        /// The message was clicked.
        Clicked = "clicked",
        /// The message led to a conversion.
        Converted = "converted",
        /// The message was opened.
        Opened = "opened",
    }
}

string_enum! {
    /// What happened to an anonymous in-app message.
    pub enum ContentAction {
        /// The message was viewed.
        ViewedContent = "viewed_content",
        /// The message was clicked.
        ClickedContent = "clicked_content",
    }
}

event! {
    /// Add a device (push token) to the person, or update it when the token
    /// already exists.
    pub struct DeviceCreatedOrUpdated {
        const NAME = "Device Created or Updated";
        const CATEGORY = CustomerioActions;
        const VENDOR_ALIASES = [
            CustomerIo: "Create or Update Device",
            CustomerIo: "Create Device",
            CustomerIo: "Update Device",
        ];
        const VENDORS = [CustomerIo];
        const RULES = [PERSON, DEVICE_TOKEN, DEVICE_TYPE];
    }
}

event! {
    /// Remove a device (identified by its token) from the person.
    pub struct DeviceDeleted {
        const NAME = "Device Deleted";
        const CATEGORY = CustomerioActions;
        const VENDOR_ALIASES = [CustomerIo: "Delete Device"];
        const VENDORS = [CustomerIo];
        const RULES = [PERSON, DEVICE_TOKEN, DEVICE_TYPE];
    }
}

event! {
    /// Delete the person from the workspace (`userId`: their id or email address).
    pub struct UserDeleted {
        const NAME = "User Deleted";
        const CATEGORY = CustomerioActions;
        const VENDOR_ALIASES = [CustomerIo: "Delete Person"];
        const VENDORS = [CustomerIo];
        const RULES = [PERSON];
    }
}

event! {
    /// Delete the person and suppress their identifier so they cannot be added back.
    pub struct UserSuppressed {
        const NAME = "User Suppressed";
        const CATEGORY = CustomerioActions;
        const VENDOR_ALIASES = [CustomerIo: "Suppress Person"];
        const VENDORS = [CustomerIo];
        const RULES = [PERSON];
    }
}

event! {
    /// Lift a suppression so the identifier can be added and messaged again.
    pub struct UserUnsuppressed {
        const NAME = "User Unsuppressed";
        const CATEGORY = CustomerioActions;
        const VENDOR_ALIASES = [CustomerIo: "Unsuppress Person"];
        const VENDORS = [CustomerIo];
        const RULES = [PERSON];
    }
}

event! {
    /// Remove the relationship between the person and an object (group).
    pub struct RelationshipDeleted {
        const NAME = "Relationship Deleted";
        const CATEGORY = CustomerioActions;
        const VENDOR_ALIASES = [CustomerIo: "Delete Relationship"];
        const VENDORS = [CustomerIo];
        const RULES = [PERSON, PROPERTIES, OBJECT_ID];
        ..object: ObjectRef,
    }
}

event! {
    /// Delete an object (a group such as an account or company) from the workspace.
    pub struct ObjectDeleted {
        const NAME = "Object Deleted";
        const CATEGORY = CustomerioActions;
        const VENDOR_ALIASES = [CustomerIo: "Delete Object"];
        const VENDORS = [CustomerIo];
        const RULES = [PROPERTIES, OBJECT_ID];
        ..object: ObjectRef,
    }
}

event! {
    /// Report a metric (delivered, opened, clicked, converted) for a message
    /// Customer.io sent, mostly in-app or push.
    pub struct ReportDeliveryEvent {
        const NAME = "Report Delivery Event";
        const CATEGORY = CustomerioActions;
        const VENDORS = [CustomerIo];
        const RULES = [
            PROPERTIES,
            FieldRule::required(
                CUSTOMERIO,
                "/properties/deliveryId",
                "Customer.io attributes the metric to a delivery by its deliveryId",
            ),
            FieldRule::required(
                CUSTOMERIO,
                "/properties/metric",
                "the action reports nothing without the metric",
            ),
        ];
        const ANONYMOUS_IN = [CustomerIo];
        /// Id of the message delivery (the CIO delivery id).
        delivery_id ("deliveryId"): String,
        /// The metric being reported.
        metric: DeliveryMetric,
        /// Who received the message: device token (push), device id (in-app),
        /// phone number (SMS).
        recipient: String,
        /// Failure reason, for failure metrics.
        reason: String,
        /// For clicked in-app messages: the value of the action clicked.
        action_value ("actionValue"): String,
        /// For clicked messages: the URL clicked.
        href: String,
    }
}

event! {
    /// Report a view or a click on an anonymous in-app message (content).
    pub struct ReportContentEvent {
        const NAME = "Report Content Event";
        const CATEGORY = CustomerioActions;
        const VENDORS = [CustomerIo];
        const RULES = [PROPERTIES];
        const ANONYMOUS_IN = [CustomerIo];
        /// Kind of activity on the message.
        action_type ("actionType"): ContentAction,
        /// Id of the anonymous in-app message.
        content_id ("contentId"): u64,
        /// Id of the message inside `contentId`.
        template_id ("templateId"): u64,
    }
}

/// This family's events, in reference order: the one list `EventName`,
/// `SemanticEvent`, the registry, the schemas and the strategies derive from.
macro_rules! customerio_actions_events {
    ($then:path, [$($acc:tt)*] $($rest:tt)*) => {
        $then! { [$($acc)* (CustomerioActions, customerio_actions) [
            DeviceCreatedOrUpdated, DeviceDeleted, UserDeleted, UserSuppressed,
            UserUnsuppressed, RelationshipDeleted, ObjectDeleted, ReportDeliveryEvent,
            ReportContentEvent,
        ]] $($rest)* }
    };
}
pub(crate) use customerio_actions_events;
