//! Conversions with the vendors' client crates (features `segment`,
//! `rudderanalytics`), and validating their messages.

#![cfg(all(feature = "segment", feature = "rudderanalytics"))]

use semantic_events::events::ecommerce::{Product, ProductAdded};
use semantic_events::events::video::VideoPlaybackStarted;
use semantic_events::interop;
use semantic_events::{Code, Timestamp, Track, Validator};
use serde_json::json;

fn call() -> Track<ProductAdded> {
    let added = ProductAdded {
        product: Product {
            product_id: Some("p1".into()),
            price: Some(19.99),
            ..Default::default()
        },
        cart_id: Some("c1".into()),
        ..Default::default()
    };
    Track::new(added).user_id("u1").message_id("m1").timestamp(
        "2024-05-04T12:00:00Z"
            .parse::<Timestamp>()
            .expect("timestamp"),
    )
}

#[test]
fn segment_round_trip_keeps_typed_properties_and_fields() {
    let message = segment::message::Track::try_from(call()).expect("to segment");
    assert_eq!(message.event, "Product Added");
    assert_eq!(message.properties["price"], 19.99);
    assert_eq!(message.extra["messageId"], "m1");
    assert!(!message.extra.contains_key("type"));
    let untimed = Track::new(ProductAdded::default()).anonymous_id("a1");
    assert!(
        segment::message::Track::try_from(untimed).is_ok(),
        "a call without timestamp converts"
    );
    let back: Track<ProductAdded> = Track::try_from(message.clone()).expect("from segment");
    assert_eq!(back, call());
    let reports = interop::segment::validate(
        &Validator::new(),
        &segment::message::Message::Track(message),
    );
    assert_eq!(reports.len(), 1);
    assert!(reports[0].violations().is_empty(), "{}", reports[0]);
}

#[test]
fn segment_messages_are_validated_batch_by_call() {
    let bad: segment::message::Track = serde_json::from_value(json!({
        "userId": "u1", "event": "Product Added", "properties": {"price": "19.99"}, "timestamp": null
    }))
    .expect("a client message");
    let good = segment::message::Track::try_from(call()).expect("to segment");
    let batch = segment::message::Batch {
        batch: vec![
            segment::message::BatchMessage::Track(good),
            segment::message::BatchMessage::Track(bad),
        ],
        context: None,
        integrations: None,
        extra: serde_json::Map::new(),
    };
    let reports =
        interop::segment::validate(&Validator::new(), &segment::message::Message::Batch(batch));
    assert_eq!(reports.len(), 2);
    assert!(reports[0].is_valid());
    assert!(reports[1].has(Code::NumericString, "/properties/price"));
}

#[test]
fn rudderstack_round_trip_and_dialect() {
    let message = rudderanalytics::message::Track::try_from(call()).expect("to rudder");
    assert_eq!(message.user_id.as_deref(), Some("u1"));
    assert_eq!(
        message.properties.as_ref().expect("properties")["cart_id"],
        "c1"
    );
    let back: Track<ProductAdded> = Track::try_from(message.clone()).expect("from rudder");
    assert_eq!(back.properties, call().properties);
    assert_eq!(
        back.message_id, None,
        "RudderStack's Track has no messageId"
    );
    // RudderStack types an app build as a number; its validate uses that dialect.
    let app: rudderanalytics::message::Track = serde_json::from_value(json!({
        "anonymousId": "a1", "event": "Application Installed", "properties": {"version": "1.0", "build": 3}
    }))
    .expect("a client message");
    let reports = interop::rudderstack::validate(
        &Validator::new(),
        &rudderanalytics::message::Message::Track(app),
    );
    assert!(reports[0].violations().is_empty(), "{}", reports[0]);
    let video = Track::new(VideoPlaybackStarted::default()).anonymous_id("a1");
    let msg = rudderanalytics::message::Track::try_from(video).expect("to rudder");
    assert_eq!(msg.event, "Video Playback Started");
}
