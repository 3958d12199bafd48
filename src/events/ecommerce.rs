//! Ecommerce: the 28 events of Segment's Ecommerce v2 spec, which Customer.io
//! and RudderStack share, with the Segment v1 and Google-Analytics-era names as
//! aliases.
//!
//! Dialect differences declared here: Customer.io types `quantity`, `step` and
//! `rating` as integers and `query` as a string only; Customer.io alone lists
//! `currency`/`value` on Product Clicked; RudderStack does not list `value` on
//! Product Viewed, `cart_id` on Wishlist Product Added to Cart, nor `total` is
//! listed by Customer.io on Order Updated. Order Refunded carries the full order
//! in every dialect. `rating` is a string or a number in the Segment and
//! RudderStack dialects (their tables say string, their payloads send numbers).

use crate::declare::Dialect::{CustomerIo, Rudderstack, Segment};
use crate::declare::{Format, Shape};
use crate::declare::{StringOrNumber, StringOrObject};
use crate::{event, object};

object! {
    /// A product, as sent by single-product events and as an item of `products`.
    pub struct Product {
        /// Identifier of the product (typically the database id); may equal `sku`.
        product_id: String,
        /// Stock-keeping unit, the public-facing product code.
        sku: String,
        /// Category the product belongs to.
        category: String,
        /// Product name.
        name: String,
        /// Brand of the product.
        brand: String,
        /// Variant of the product (size, colour, edition…).
        variant: String,
        /// Unit price, in decimal currency units.
        price: f64,
        /// Number of units (an integer for Customer.io).
        quantity: f64 [min(0.0), customerio(Shape::count())],
        /// Coupon code tied to this product (e.g. `MAY_DEALS_3`).
        coupon: String,
        /// Position of the product in the list shown (a number, unlike a promotion's).
        position: f64 [min(0.0)],
        /// URL of the product page.
        url: String,
        /// URL of the product image.
        image_url: String,
    }
}

object! {
    /// A filter applied to a product list.
    pub struct ListFilter {
        /// Filter type id (e.g. `department`).
        r#type: String,
        /// The chosen value id (e.g. `beauty`).
        value: String,
    }
}

object! {
    /// A sort order applied to a product list.
    pub struct ListSort {
        /// Sort type id (e.g. `price`).
        r#type: String,
        /// Sort value (e.g. `desc`).
        value: String,
    }
}

object! {
    /// An internal promotion (banner, offer).
    pub struct Promotion {
        /// Identifier of the promotion.
        promotion_id: String,
        /// Creative (banner, asset) used for the promotion.
        creative: String,
        /// Name of the promotion.
        name: String,
        /// Slot where the promotion is shown (a string, e.g. `home_banner_top`).
        position: String,
    }
}

object! {
    /// The order fields the checkout and order events share.
    pub struct Order {
        /// Order (transaction) identifier.
        order_id: String,
        /// Store or affiliation where the transaction happened (e.g. Google Store).
        affiliation: String,
        /// Revenue of the transaction, excluding shipping and tax.
        revenue: f64,
        /// Shipping cost.
        shipping: f64,
        /// Total tax.
        tax: f64,
        /// Total discount applied.
        discount: f64,
        /// Coupon redeemed on the transaction.
        coupon: String,
        /// ISO 4217 currency of the transaction (USD assumed when absent).
        currency: String [format(Format::Currency)],
        /// Products in the order or cart.
        products: Vec<Product>,
    }
}

object! {
    /// The fields of a numbered checkout step.
    pub struct CheckoutStep {
        /// Checkout (transaction) identifier.
        checkout_id: String,
        /// Number of the checkout step (an integer for Customer.io).
        step: f64 [min(0.0), customerio(Shape::count())],
        /// Shipping method chosen (e.g. Fedex).
        shipping_method: String,
        /// Payment method chosen (e.g. Visa).
        payment_method: String,
    }
}

object! {
    /// What a coupon event refers to.
    pub struct CouponRef {
        /// Order the coupon relates to, if any.
        order_id: String,
        /// Cart the coupon relates to, if any.
        cart_id: String,
        /// Identifier (code) of the coupon.
        coupon_id: String,
    }
}

object! {
    /// The wish list a product event refers to.
    pub struct Wishlist {
        /// Wish list the product belongs to.
        wishlist_id: String,
        /// Name of the wish list.
        wishlist_name: String,
    }
}

object! {
    /// How something was shared.
    pub struct Share {
        /// Channel used to share (e.g. email, SMS).
        share_via: String,
        /// Message sent with the share.
        share_message: String,
        /// Who received the share.
        recipient: String,
    }
}

event! {
    /// A shopper ran a product search.
    pub struct ProductsSearched {
        const NAME = "Products Searched";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["query"]];
        /// The search query: a string, or an object (a string only for Customer.io).
        query: StringOrObject [customerio(Shape::string())],
    }
}

event! {
    /// A shopper looked at a product list or category page.
    pub struct ProductListViewed {
        const NAME = "Product List Viewed";
        const CATEGORY = Ecommerce;
        const ALIASES = ["Viewed Product Category"];
        const RECOMMENDED = [["list_id", "category"]];
        /// Identifier of the product list shown.
        list_id: String,
        /// Category of the list shown.
        category: String,
        /// Products shown in the list.
        products: Vec<Product>,
    }
}

event! {
    /// A shopper filtered and/or sorted a product list.
    pub struct ProductListFiltered {
        const NAME = "Product List Filtered";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["list_id", "category"]];
        /// Identifier of the product list shown.
        list_id: String,
        /// Category of the list shown.
        category: String,
        /// Filters applied to the list.
        filters: Vec<ListFilter>,
        /// Sort orders applied to the list.
        sorts: Vec<ListSort>,
        /// Products shown in the list.
        products: Vec<Product>,
    }
}

event! {
    /// An internal promotion (banner, offer) was shown to the user.
    pub struct PromotionViewed {
        const NAME = "Promotion Viewed";
        const CATEGORY = Ecommerce;
        const ALIASES = ["Viewed Promotion"];
        const RECOMMENDED = [["promotion_id"]];
        ..promotion: Promotion,
    }
}

event! {
    /// The user clicked an internal promotion.
    pub struct PromotionClicked {
        const NAME = "Promotion Clicked";
        const CATEGORY = Ecommerce;
        const ALIASES = ["Clicked Promotion"];
        const RECOMMENDED = [["promotion_id"]];
        ..promotion: Promotion,
    }
}

event! {
    /// The user clicked on a product (for example in a list).
    pub struct ProductClicked {
        const NAME = "Product Clicked";
        const CATEGORY = Ecommerce;
        const ALIASES = ["Clicked Product"];
        const RECOMMENDED = [["product_id", "sku"]];
        ..product: Product,
        /// ISO 4217 currency of the price and value (listed by Customer.io only).
        currency: String [format(Format::Currency), vendors(&[CustomerIo])],
        /// Total value of the product line (listed by Customer.io only).
        value: f64 [vendors(&[CustomerIo])],
    }
}

event! {
    /// The user opened the details of one product (page, screen or preview).
    pub struct ProductViewed {
        const NAME = "Product Viewed";
        const CATEGORY = Ecommerce;
        const ALIASES = ["Viewed Product"];
        const RECOMMENDED = [["product_id", "sku"]];
        ..product: Product,
        /// ISO 4217 currency of the price and value.
        currency: String [format(Format::Currency)],
        /// Total value of the product line (not listed by RudderStack).
        value: f64 [vendors(&[Segment, CustomerIo])],
    }
}

event! {
    /// A product was put into the shopping cart.
    pub struct ProductAdded {
        const NAME = "Product Added";
        const CATEGORY = Ecommerce;
        const ALIASES = ["Added Product"];
        const RECOMMENDED = [["product_id", "sku"]];
        ..product: Product,
        /// Cart the product was added to.
        cart_id: String,
    }
}

event! {
    /// A product was taken out of the shopping cart.
    pub struct ProductRemoved {
        const NAME = "Product Removed";
        const CATEGORY = Ecommerce;
        const ALIASES = ["Removed Product"];
        const RECOMMENDED = [["product_id", "sku"]];
        ..product: Product,
        /// Cart the product was removed from.
        cart_id: String,
    }
}

event! {
    /// The user looked at their shopping cart.
    pub struct CartViewed {
        const NAME = "Cart Viewed";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["cart_id"]];
        /// Identifier of the cart.
        cart_id: String,
        /// Products currently in the cart.
        products: Vec<Product>,
    }
}

event! {
    /// The checkout began; carries the whole cart.
    pub struct CheckoutStarted {
        const NAME = "Checkout Started";
        const CATEGORY = Ecommerce;
        const ALIASES = ["Started Order"];
        const RECOMMENDED = [["order_id"]];
        ..order: Order,
        /// Order value (revenue with discounts and coupons applied).
        value: f64,
    }
}

event! {
    /// A numbered step of the checkout funnel was shown.
    pub struct CheckoutStepViewed {
        const NAME = "Checkout Step Viewed";
        const CATEGORY = Ecommerce;
        const ALIASES = ["Viewed Checkout Step"];
        const RECOMMENDED = [["checkout_id"], ["step"]];
        ..step: CheckoutStep,
    }
}

event! {
    /// A numbered step of the checkout funnel was finished.
    pub struct CheckoutStepCompleted {
        const NAME = "Checkout Step Completed";
        const CATEGORY = Ecommerce;
        const ALIASES = ["Completed Checkout Step"];
        const RECOMMENDED = [["checkout_id"], ["step"]];
        ..step: CheckoutStep,
    }
}

event! {
    /// Payment details were entered during checkout.
    pub struct PaymentInfoEntered {
        const NAME = "Payment Info Entered";
        const CATEGORY = Ecommerce;
        const VENDOR_ALIASES = [CustomerIo: "Payment Info Updated"];
        const RECOMMENDED = [["checkout_id", "order_id"]];
        ..step: CheckoutStep,
        /// Order identifier, if one exists yet.
        order_id: String,
    }
}

event! {
    /// An existing order was changed; carries the full order.
    pub struct OrderUpdated {
        const NAME = "Order Updated";
        const CATEGORY = Ecommerce;
        const ALIASES = ["Updated Order"];
        const RECOMMENDED = [["order_id"]];
        ..order: Order,
        /// Order total (not listed by Customer.io on this event).
        total: f64 [vendors(&[Segment, Rudderstack])],
    }
}

event! {
    /// The purchase was completed: the key revenue event, carrying the full order.
    pub struct OrderCompleted {
        const NAME = "Order Completed";
        const CATEGORY = Ecommerce;
        const ALIASES = ["Completed Order"];
        const RECOMMENDED = [["order_id"]];
        ..order: Order,
        /// Checkout (transaction) identifier.
        checkout_id: String,
        /// Order total after discounts, before tax and shipping.
        subtotal: f64,
        /// Order total.
        total: f64,
    }
}

event! {
    /// An order was refunded; repeats the items and amounts of the completed order
    /// (`total` is the amount refunded).
    pub struct OrderRefunded {
        const NAME = "Order Refunded";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["order_id"]];
        ..order: Order,
        /// Checkout (transaction) identifier.
        checkout_id: String,
        /// Order total after discounts, before tax and shipping.
        subtotal: f64,
        /// Order total (the amount refunded).
        total: f64,
    }
}

event! {
    /// An order was cancelled; carries the full order.
    pub struct OrderCancelled {
        const NAME = "Order Cancelled";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["order_id"]];
        ..order: Order,
        /// Order total.
        total: f64,
    }
}

event! {
    /// A coupon code was typed in on a cart or order.
    pub struct CouponEntered {
        const NAME = "Coupon Entered";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["coupon_id"]];
        ..coupon: CouponRef,
    }
}

event! {
    /// A coupon was accepted and applied to a cart or order.
    pub struct CouponApplied {
        const NAME = "Coupon Applied";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["coupon_id"]];
        ..coupon: CouponRef,
        /// Name of the coupon.
        coupon_name: String,
        /// Monetary discount the coupon gave.
        discount: f64,
    }
}

event! {
    /// A coupon was rejected for a cart or order.
    pub struct CouponDenied {
        const NAME = "Coupon Denied";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["coupon_id"]];
        ..coupon: CouponRef,
        /// Name of the coupon.
        coupon_name: String,
        /// Why the coupon was rejected.
        reason: String,
    }
}

event! {
    /// A previously applied coupon was taken off a cart or order.
    pub struct CouponRemoved {
        const NAME = "Coupon Removed";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["coupon_id"]];
        ..coupon: CouponRef,
        /// Name of the coupon.
        coupon_name: String,
        /// Monetary discount the coupon had given.
        discount: f64,
    }
}

event! {
    /// A product was saved to a wish list.
    pub struct ProductAddedToWishlist {
        const NAME = "Product Added to Wishlist";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["product_id", "sku"]];
        ..wishlist: Wishlist,
        ..product: Product,
    }
}

event! {
    /// A product was removed from a wish list.
    pub struct ProductRemovedFromWishlist {
        const NAME = "Product Removed from Wishlist";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["product_id", "sku"]];
        ..wishlist: Wishlist,
        ..product: Product,
    }
}

event! {
    /// A product was moved from a wish list into the cart.
    pub struct WishlistProductAddedToCart {
        const NAME = "Wishlist Product Added to Cart";
        const CATEGORY = Ecommerce;
        const VENDOR_ALIASES = [CustomerIo: "Wishlisted Item Added to Cart"];
        const RECOMMENDED = [["product_id", "sku"]];
        ..wishlist: Wishlist,
        ..product: Product,
        /// Cart the product was added to (not listed by RudderStack).
        cart_id: String [vendors(&[Segment, CustomerIo])],
    }
}

event! {
    /// The user shared a product with someone.
    pub struct ProductShared {
        const NAME = "Product Shared";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["product_id", "sku"]];
        ..share: Share,
        ..product: Product,
    }
}

event! {
    /// The user shared their cart with someone.
    pub struct CartShared {
        const NAME = "Cart Shared";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["cart_id"]];
        ..share: Share,
        /// Identifier of the shared cart.
        cart_id: String,
        /// Products in the shared cart (items usually carry `product_id` only).
        products: Vec<Product>,
    }
}

event! {
    /// The user submitted a review of a product.
    pub struct ProductReviewed {
        const NAME = "Product Reviewed";
        const CATEGORY = Ecommerce;
        const RECOMMENDED = [["product_id"]];
        /// Product that was reviewed.
        product_id: String,
        /// Identifier of the review.
        review_id: String,
        /// Text of the review.
        review_body: String,
        /// Rating given: a string or a number (an integer for Customer.io).
        rating: StringOrNumber [customerio(Shape::count())],
    }
}

/// This family's events, in reference order: the one list `EventName`,
/// `SemanticEvent`, the registry, the schemas and the strategies derive from.
/// Adding an event here (after its declaration above) is all it takes.
macro_rules! ecommerce_events {
    ($then:path, [$($acc:tt)*] $($rest:tt)*) => {
        $then! { [$($acc)* (Ecommerce, ecommerce) [
            ProductsSearched, ProductListViewed, ProductListFiltered, PromotionViewed,
            PromotionClicked, ProductClicked, ProductViewed, ProductAdded, ProductRemoved,
            CartViewed, CheckoutStarted, CheckoutStepViewed, CheckoutStepCompleted,
            PaymentInfoEntered, OrderUpdated, OrderCompleted, OrderRefunded, OrderCancelled,
            CouponEntered, CouponApplied, CouponDenied, CouponRemoved, ProductAddedToWishlist,
            ProductRemovedFromWishlist, WishlistProductAddedToCart, ProductShared, CartShared,
            ProductReviewed,
        ]] $($rest)* }
    };
}
pub(crate) use ecommerce_events;
