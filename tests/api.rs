//! The library's promises, stated as the issues and the reference's decisions
//! word them: the seed examples, typed round trips, the vocabulary's integrity,
//! JSON Pointer escaping, and hostile input that must not panic.

use semantic_events::validate::names::{Resolution, fold};
use semantic_events::{
    Category, Code, Dialect, EventName, Profile, Registry, SemanticEvent, Severity, Validator,
};
use serde_json::{Value, json};
use strum::IntoEnumIterator;

fn track(event: &str, properties: Value) -> Value {
    let mut call = json!({"type": "track", "userId": "AiUGstSDIg", "event": event});
    call["properties"] = properties;
    call
}

fn seed_product() -> Value {
    json!({
        "product_id": "coolshoes-123", "sku": "abc-123-xyz", "category": "shoes",
        "name": "Cool Shoes", "brand": "A Shoe Brand", "variant": "red", "price": 139.99,
        "quantity": 1, "coupon": "NEWUSER20", "position": 3, "url": "", "image_url": "",
        "cart_id": "usercart-789"
    })
}

fn codes(report: &semantic_events::Report) -> Vec<(Code, String, Severity)> {
    report
        .violations()
        .iter()
        .map(|v| (v.code(), v.path().to_string(), v.severity()))
        .collect()
}

#[test]
fn seed_product_added_is_valid_and_recognised() {
    let report = semantic_events::validate(&track("Product Added", seed_product()));
    assert!(report.violations().is_empty(), "{report}");
    assert_eq!(report.semantic(), Some(EventName::ProductAdded));
    assert_eq!(report.category(), Some(Category::Ecommerce));
}

#[test]
fn seed_product_viewed_is_valid() {
    let mut props = seed_product();
    props["currency"] = json!("USD");
    props["value"] = json!(119.99);
    let report = semantic_events::validate(&track("Product Viewed", props));
    assert!(report.violations().is_empty(), "{report}");
}

#[test]
fn seed_custom_events_are_valid() {
    for (name, props) in [
        (
            "login",
            json!({"username": "jane", "session_started": 1_683_250_025, "platform": "chrome", "login_page": ""}),
        ),
        ("logout", json!({})),
        (
            "video_watched",
            json!({"video_name": "Intro", "length": 1.56, "speed": 1.25, "finished": false}),
        ),
    ] {
        let report = semantic_events::validate(&track(name, props));
        assert!(report.violations().is_empty(), "{name}: {report}");
        assert!(report.is_track() && report.semantic().is_none());
    }
    let course: Value = serde_json::from_str(include_str!("../spec/examples/course-started.json"))
        .expect("course-started.json");
    let report = semantic_events::validate(&course);
    assert!(report.violations().is_empty(), "{report}");
    assert!(report.semantic().is_none());
}

#[test]
fn numeric_price_is_exactly_one_error() {
    let mut props = seed_product();
    props["price"] = json!("139.99");
    let report = semantic_events::validate(&track("Product Added", props));
    assert_eq!(
        codes(&report),
        [(
            Code::NumericString,
            "/properties/price".into(),
            Severity::Error
        )]
    );
    assert!(
        report.violations()[0]
            .to_string()
            .contains("numeric string \"139.99\"")
    );
}

#[test]
fn negative_quantity_in_third_product() {
    let p = json!({"product_id": "p", "quantity": 1});
    let props = json!({"order_id": "o1", "products": [p, p, {"product_id": "x", "quantity": -1}]});
    let report = semantic_events::validate(&track("Order Completed", props));
    assert!(
        report.has(Code::OutOfRange, "/properties/products/2/quantity"),
        "{report}"
    );
    assert!(!report.is_valid());
}

#[test]
fn snake_case_event_warns_and_still_checks() {
    let mut props = seed_product();
    props["price"] = json!("cheap");
    let report = semantic_events::validate(&track("product_added", props));
    let warning = report.warnings().next().expect("a warning");
    assert_eq!(warning.code(), Code::NonCanonicalEventName);
    assert!(warning.to_string().contains("\"Product Added\""));
    assert!(report.has(Code::WrongType, "/properties/price"));
}

#[test]
fn no_identity_names_both_fields() {
    let report = semantic_events::validate(&json!({"event": "Product Added"}));
    let e = report.errors().next().expect("an error");
    assert_eq!(e.code(), Code::MissingIdentity);
    let msg = e.to_string();
    assert!(
        msg.contains("userId") && msg.contains("anonymousId"),
        "{msg}"
    );
}

#[test]
fn hostile_documents_get_clear_errors() {
    let v = Validator::new();
    let truncated = v.validate_str(r#"{"userId":"u","event":"Product Added","properties":{"pri"#);
    assert_eq!(truncated.violations()[0].code(), Code::InvalidJson);
    assert!(
        truncated.violations()[0]
            .to_string()
            .contains("line 1 column")
    );

    let array = v.validate(&json!([{"event": "Product Added"}]));
    assert_eq!(array.violations()[0].code(), Code::NotAnObject);

    let deep = format!(
        r#"{{"userId":"u","event":"Product Added","properties":{{"x":{}{}}}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let report = v.validate_str(&deep);
    assert_eq!(report.errors().count(), 1, "{report}");
    assert_eq!(
        report.errors().next().map(semantic_events::Violation::code),
        Some(Code::TooDeep)
    );
    assert!(!v.is_valid_slice(deep.as_bytes()));
}

#[test]
fn json_pointer_escaping() {
    let report = Validator::new().profile(Profile::Strict).validate(&track(
        "Product Added",
        json!({"sku": "s", "a/b~c": 1, "": 2}),
    ));
    assert!(
        report.has(Code::UnknownProperty, "/properties/a~1b~0c"),
        "{report}"
    );
    assert!(
        report.has(Code::UnknownProperty, "/properties/"),
        "{report}"
    );
}

#[test]
fn masked_display_hides_values() {
    let report = semantic_events::validate(&track("Product Added", json!({"price": "secret-12"})));
    let v = report.errors().next().expect("an error");
    assert!(v.to_string().contains("secret-12"));
    let masked = v.masked().to_string();
    assert!(!masked.contains("secret-12"), "{masked}");
    assert_eq!(masked, "/properties/price: wrong_type (expected number)");
}

#[test]
fn violations_serialize_with_code_and_severity() {
    let report = semantic_events::validate(&track("Product Added", json!({"price": "1"})));
    let json = serde_json::to_value(&report).expect("serialize");
    assert_eq!(json["valid"], false);
    assert_eq!(json["semantic"], "Product Added");
    assert_eq!(json["category"], "ecommerce");
    let v = &json["violations"][0];
    assert_eq!(v["code"], "numeric_string");
    assert_eq!(v["severity"], "error");
    assert_eq!(v["path"], "/properties/price");
    assert_eq!(v["found"], "numeric string \"1\"");
}

#[test]
fn every_code_has_a_stable_snake_case_name() {
    for code in Code::iter() {
        let name = code.to_string();
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{name}"
        );
        assert_eq!(name.parse::<Code>().ok(), Some(code));
    }
}

#[test]
fn every_family_holds_exactly_the_reference_events() {
    let reference: Value =
        serde_json::from_str(include_str!("../spec/reference/semantic-events.json"))
            .expect("reference");
    for category in Category::SPEC {
        let listed: std::collections::BTreeSet<&str> =
            reference["categories"][category.as_ref()]["events"]
                .as_array()
                .expect("events")
                .iter()
                .map(|e| e["name"].as_str().expect("name"))
                .collect();
        let declared: std::collections::BTreeSet<&str> =
            EventName::of(category).map(EventName::as_str).collect();
        assert_eq!(declared, listed, "{category}");
    }
    let families: std::collections::BTreeSet<&str> = reference["categories"]
        .as_object()
        .expect("categories")
        .keys()
        .map(String::as_str)
        .collect();
    let ours: std::collections::BTreeSet<&str> = Category::SPEC.iter().map(AsRef::as_ref).collect();
    assert_eq!(ours, families);
    let by_family: usize = Category::SPEC
        .iter()
        .map(|c| EventName::of(*c).count())
        .sum();
    assert_eq!(
        by_family,
        EventName::ALL.len(),
        "an event outside the families"
    );
}

#[test]
fn every_name_and_alias_resolves_and_is_unique_after_folding() {
    let registry = Registry::builtin();
    let mut folded = std::collections::BTreeMap::new();
    for name in EventName::iter() {
        let decl = name.decl();
        assert_eq!(name.to_string(), decl.name);
        assert_eq!(name.as_str().parse::<EventName>().ok(), Some(name));
        assert!(!decl.doc.is_empty(), "{name} has no docs");
        assert!(!decl.properties.doc.is_empty(), "{name} has no docs");
        let dialect = decl.vendors.iter().next().expect("a vendor");
        assert!(
            matches!(registry.resolve(decl.name, dialect), Resolution::Canonical(d) if d == decl)
        );
        // Title Case words, as the spec's naming convention says ("Object Action").
        assert!(
            decl.name
                .split(' ')
                .all(|w| w.chars().next().is_some_and(char::is_uppercase)
                    || ["to", "from", "as", "or"].contains(&w)),
            "{name}"
        );
        for alias in decl.aliases_in(Dialect::CustomerIo) {
            assert_eq!(
                registry.resolve(alias, Dialect::CustomerIo).event(),
                Some(decl),
                "{alias}"
            );
        }
        for spelling in [
            decl.name.to_lowercase(),
            decl.name.replace(' ', "_").to_lowercase(),
        ] {
            assert_eq!(
                registry.resolve(&spelling, dialect).event(),
                Some(decl),
                "{spelling}"
            );
        }
        let key = fold(decl.name).expect("short").to_string();
        assert!(
            folded.insert(key, name).is_none(),
            "{name} collides after folding"
        );
        for p in &decl.properties.props {
            assert!(!p.doc.is_empty(), "{name}.{} has no docs", p.name);
        }
    }
}

#[test]
fn registering_a_colliding_user_event_fails() {
    semantic_events::event! {
        /// Clashes with a semantic event.
        pub struct Clash {
            const NAME = "product added";
            const CATEGORY = Custom;
        }
    }
    let mut registry = Registry::builtin().clone();
    let err = registry.register::<Clash>().expect_err("must collide");
    assert!(err.to_string().contains("\"Product Added\""), "{err}");
}

#[test]
fn typed_round_trip_of_every_event() {
    for name in EventName::iter() {
        let typed = SemanticEvent::typed(name, None).expect("default");
        assert_eq!(typed.name(), Some(name));
        let props = typed.properties().expect("to json");
        let back = SemanticEvent::typed(name, Some(&props)).expect("from json");
        assert_eq!(back, typed, "{name}");
    }
}

#[test]
fn typed_parsing_keeps_custom_properties_once() {
    let call = track(
        "Order Completed",
        json!({"order_id": "o1", "products": [{"product_id": "p", "quantity": 2.0, "colour": "red"}], "gift": true}),
    );
    let SemanticEvent::OrderCompleted(order) = SemanticEvent::from_track(&call).expect("typed")
    else {
        panic!("not Order Completed");
    };
    assert_eq!(order.order.order_id.as_deref(), Some("o1"));
    let products = order.order.products.as_ref().expect("products");
    assert_eq!(products[0].quantity, Some(2.0));
    assert_eq!(products[0].extra["colour"], "red");
    assert_eq!(order.extra.len(), 1, "{:?}", order.extra);
    assert_eq!(order.extra["gift"], true);
    assert_eq!(
        SemanticEvent::OrderCompleted(order)
            .properties()
            .expect("json"),
        call["properties"]
    );
}

#[test]
fn typed_parsing_reports_the_first_error_with_its_property() {
    let call = track("Video Playback Paused", json!({"position": 2.5}));
    let err = SemanticEvent::from_track(&call).expect_err("2.5 is no integer");
    assert!(err.to_string().contains("position"), "{err}");
    let ok = SemanticEvent::from_track(&track("Video Playback Paused", json!({"position": 2.0})));
    assert!(ok.is_ok());
}

#[test]
fn custom_events_stay_representable() {
    let call = track("Course Started", json!({"courseId": "c1"}));
    let SemanticEvent::Custom(custom) = SemanticEvent::from_track(&call).expect("custom") else {
        panic!("not custom");
    };
    assert_eq!(custom.name, "Course Started");
    assert_eq!(custom.properties["courseId"], "c1");
}

#[test]
fn video_rules_from_the_reference() {
    let report = semantic_events::validate(&track("Video Playback Started", json!({"sound": 101})));
    assert!(
        report.has(Code::OutOfRange, "/properties/sound"),
        "{report}"
    );
    let ok = semantic_events::validate(&track(
        "Video Playback Started",
        json!({"ad_type": "mid-roll"}),
    ));
    assert!(ok.violations().is_empty(), "{ok}");
    let array = semantic_events::validate(&track(
        "Video Playback Started",
        json!({"ad_type": ["mid-roll", "post-roll"]}),
    ));
    assert!(array.has(Code::WrongType, "/properties/ad_type"), "{array}");
    let position =
        semantic_events::validate(&track("Video Content Playing", json!({"position": "12"})));
    assert!(
        position.has(Code::NumericString, "/properties/position"),
        "{position}"
    );
    assert!(
        position.violations()[0]
            .to_string()
            .contains("numeric string")
    );
    let named = semantic_events::validate(&track("video playback started", json!({})));
    let w = named.warnings().next().expect("a warning");
    assert!(w.to_string().contains("\"Video Playback Started\""), "{w}");
    assert_eq!(named.semantic(), Some(EventName::VideoPlaybackStarted));
}

#[test]
fn app_build_follows_the_dialect() {
    let call = track(
        "Application Installed",
        json!({"version": "1.0.0", "build": "3"}),
    );
    assert!(semantic_events::validate(&call).violations().is_empty());
    let rudder = Validator::new().dialect(Dialect::Rudderstack);
    assert!(
        rudder
            .validate(&call)
            .has(Code::NumericString, "/properties/build")
    );
    let numeric = track(
        "Application Installed",
        json!({"version": "1.0.0", "build": 3}),
    );
    assert!(rudder.validate(&numeric).is_valid());
    assert!(semantic_events::validate(&numeric).has(Code::WrongType, "/properties/build"));
    let cio = Validator::new().dialect(Dialect::CustomerIo);
    assert!(cio.validate(&call).violations().is_empty());
}

#[test]
fn experiment_ids_are_strings() {
    let report = semantic_events::validate(&track(
        "Experiment Viewed",
        json!({"experiment_id": 100, "variation_id": "b"}),
    ));
    assert!(
        report.has(Code::WrongType, "/properties/experiment_id"),
        "{report}"
    );
}

/// Whether a shape constrains more than the JSON type (a range, an enum, a
/// format), here or inside.
fn constrains(shape: &semantic_events::declare::Shape) -> bool {
    use semantic_events::declare::Shape;
    match shape {
        Shape::String(format) => format.is_some(),
        Shape::Number(r) | Shape::Integer(r) => r.min.is_some() || r.max.is_some(),
        Shape::Array(item) => constrains(item),
        Shape::Object(decl) => decl.props.iter().any(|p| constrains(&p.shape)),
        Shape::Union(members) => members.iter().any(constrains),
        Shape::Any | Shape::Boolean | Shape::Map => false,
        _ => true,
    }
}

#[test]
fn every_event_has_three_vectors_naming_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/vectors");
    for name in EventName::iter() {
        let slug = semantic_events::schema::slug(name.as_str());
        let family = name.category().to_string();
        let decl = name.decl();
        // A constraint vector wherever a property constrains more than its type,
        // and a "missing" vector for every field a vendor requires.
        let constrained = decl
            .properties
            .props
            .iter()
            .any(|p| Dialect::ALL.iter().any(|d| constrains(p.shape_in(*d))));
        let mut files = vec![
            ("valid", format!("{slug}.json")),
            ("invalid", format!("{slug}-wrong-type.json")),
        ];
        if constrained {
            files.push(("invalid", format!("{slug}-constraint.json")));
        }
        for rule in decl.rules.iter().filter(|r| r.required) {
            let leaf = semantic_events::schema::slug(rule.leaf());
            files.push(("invalid", format!("{slug}-missing-{leaf}.json")));
        }
        for (kind, file) in files {
            let path = root.join(kind).join(&family).join(&file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{name}: {}: {e}", path.display()));
            let vector: Value = serde_json::from_str(&text).expect("vector");
            assert_eq!(
                vector["input"]["event"],
                name.as_str(),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn track_round_trips_through_serde() {
    let call: semantic_events::Track =
        serde_json::from_str(include_str!("../spec/examples/course-started.json"))
            .expect("typed track");
    assert_eq!(call.event, "Course Started");
    assert_eq!(
        call.context
            .as_ref()
            .and_then(|c| c.page.as_ref())
            .and_then(|p| p.path.as_deref()),
        Some("/academy/")
    );
    assert!(call.timestamp.is_some());
    let json = serde_json::to_value(&call).expect("to json");
    let back: semantic_events::Track = serde_json::from_value(json.clone()).expect("again");
    assert_eq!(back, call);
    assert!(semantic_events::validate(&json).violations().is_empty());
    let numeric: semantic_events::Track =
        serde_json::from_value(json!({"event": "x", "userId": 42})).expect("numeric id");
    assert_eq!(numeric.user_id.as_deref(), Some("42"));
    assert!(
        serde_json::from_value::<semantic_events::Track>(json!({"event": "x", "type": "identify"}))
            .is_err()
    );
}

/// Each code's message, severity, profile and expected/found parts, on one
/// example each: the catalogue as users read it. A new code without an
/// example here fails.
#[test]
fn every_code_has_a_message() {
    use semantic_events::Kind;
    let example = |code: Code| -> Kind {
        match code {
            Code::InvalidJson => Kind::InvalidJson {
                message: "EOF while parsing an object at line 1 column 9".into(),
                line: 1,
                column: 9,
            },
            Code::NotAnObject => Kind::NotAnObject {
                found: "array".into(),
            },
            Code::MissingEvent => Kind::MissingEvent,
            Code::EmptyEventName => Kind::EmptyEventName,
            Code::MissingIdentity => Kind::MissingIdentity {
                accepted: &["userId", "anonymousId"],
            },
            Code::WrongType => Kind::WrongType {
                expected: "number".into(),
                found: "boolean true".into(),
            },
            Code::NumericString => Kind::NumericString {
                expected: "number".into(),
                value: "139.99".into(),
            },
            Code::OutOfRange => Kind::OutOfRange {
                range: semantic_events::declare::Range::NON_NEGATIVE,
                found: "-1".into(),
            },
            Code::InvalidEnumValue => Kind::InvalidEnumValue {
                allowed: &["pre-roll", "mid-roll", "post-roll"],
                found: "\"pre\"".into(),
            },
            Code::InvalidDateTime => Kind::InvalidDateTime {
                found: "\"yesterday\"".into(),
            },
            Code::InvalidDate => Kind::InvalidDate {
                found: "\"13/02/2017\"".into(),
            },
            Code::InvalidCurrency => Kind::InvalidCurrency {
                found: "\"dollars\"".into(),
            },
            Code::NonStandardCurrency => Kind::NonStandardCurrency {
                found: "usd".into(),
                suggestion: Some("USD".into()),
            },
            Code::NonCanonicalEventName => Kind::NonCanonicalEventName {
                found: "product_added".into(),
                canonical: "Product Added",
            },
            Code::EventAlias => Kind::EventAlias {
                found: "Added Product".into(),
                canonical: "Product Added",
            },
            Code::UnknownEventNearMiss => Kind::UnknownEventNearMiss {
                found: "Order Complete".into(),
                suggestion: "Order Completed",
            },
            Code::NonCanonicalPropertyName => Kind::NonCanonicalPropertyName {
                found: "productId".into(),
                canonical: "product_id",
            },
            Code::UnknownProperty => Kind::UnknownProperty {
                name: "colour".into(),
            },
            Code::NotInDialect => Kind::NotInDialect {
                name: "value",
                dialect: Dialect::Rudderstack,
            },
            Code::MissingRecommended => Kind::MissingRecommended {
                properties: &["product_id", "sku"],
            },
            Code::UnknownField => Kind::UnknownField { name: "foo".into() },
            Code::LegacyActionKey => Kind::LegacyActionKey,
            Code::EmptyBatch => Kind::EmptyBatch,
            Code::MissingRequired => Kind::MissingRequired {
                event: "User Deleted",
                field: "/userId",
                why: "the action needs the person's userId",
            },
            Code::MisplacedField => Kind::MisplacedField {
                expected: "/context/device/token",
            },
            Code::InvalidCallType => Kind::InvalidCallType {
                found: "\"trak\"".into(),
                allowed: semantic_events::envelope::declaration().call_names(),
            },
            Code::NumericUserId => Kind::NumericUserId { field: "userId" },
            Code::TooDeep => Kind::TooDeep { limit: 64 },
            Code::TooLarge => Kind::TooLarge {
                size: 40_000,
                limit: 32_768,
            },
            Code::UnplannedEvent => Kind::UnplannedEvent {
                event: "Course Started".into(),
            },
            Code::PlanViolation => Kind::PlanViolation {
                event: "Course Started".into(),
                message: "\"course_name\" is a required property".into(),
                keyword: "required".into(),
                property: Some("course_name".into()),
                schema_path: "#/properties/properties/required".into(),
            },
            other => panic!("add an example of {other} to this test"),
        }
    };
    let mut lines = Vec::new();
    for code in Code::iter() {
        let kind = example(code);
        assert_eq!(kind.code(), code);
        lines.push(format!(
            "{code} [{}, {}]\n  message:  {kind}\n  expected: {}\n  found:    {}",
            code.severity(),
            code.profile(),
            kind.expected().unwrap_or_else(|| "-".into()),
            kind.found().unwrap_or_else(|| "-".into()),
        ));
    }
    insta::assert_snapshot!(lines.join("\n"));
}

/// A typed value can hold what its type alone cannot forbid; its validator says so.
#[test]
fn typed_values_have_a_validator() {
    use semantic_events::Validate;
    use semantic_events::events::ecommerce::{Product, ProductAdded};
    use semantic_events::events::video::VideoAdStarted;

    let mut added = ProductAdded {
        product: Product {
            quantity: Some(-1.0),
            ..Default::default()
        },
        ..Default::default()
    };
    added.extra.insert("currency".into(), json!("dollars"));
    added.extra.insert("price".into(), json!("12"));
    let report = added.validate();
    assert_eq!(
        codes(&report),
        [
            (Code::InvalidCurrency, "/currency".into(), Severity::Error),
            (Code::NumericString, "/price".into(), Severity::Error),
            (Code::OutOfRange, "/quantity".into(), Severity::Error),
        ]
    );
    assert_eq!(report.event().map(|e| e.name), Some("Product Added"));

    // A nested object alone: its own properties only.
    let product = Product {
        quantity: Some(-2.0),
        ..Default::default()
    };
    assert!(product.validate().has(Code::OutOfRange, "/quantity"));
    assert!(Product::default().validate().violations().is_empty());

    // An enum value outside its set, kept in `extra` because it is not typed.
    let mut ad = VideoAdStarted::default();
    ad.extra.insert("type".into(), json!("halftime"));
    assert!(
        ad.validate().has(Code::InvalidEnumValue, "/type"),
        "{}",
        ad.validate()
    );

    // The same from a bare properties object, through the event's name.
    let bare = json!({"quantity": -1, "productId": "p1"});
    let report = semantic_events::validate_properties::<ProductAdded>(&bare);
    assert!(report.has(Code::OutOfRange, "/quantity"));
    assert!(report.has(Code::NonCanonicalPropertyName, "/productId"));
    assert_eq!(EventName::ProductAdded.validate_properties(&bare), report);
    // The dialect and profile are the validator's.
    let strict = Validator::new().profile(Profile::Strict);
    assert!(
        added
            .validate_with(&strict)
            .has(Code::MissingRecommended, "")
    );
}

/// The call type may come last (RudderStack's clients send it so): what only a
/// track call has is then checked provisionally, and every tier still answers
/// from one walk — `first_error` included, in document order.
#[test]
fn the_call_type_may_come_last() {
    let v = Validator::new();
    let call = |t: &str, timestamp: &str| {
        format!(
            r#"{{"event":"Product Added","properties":{{"price":"1"}},"timestamp":"{timestamp}","userId":"u","type":"{t}"}}"#
        )
    };
    let page = call("page", "2024-05-04T12:00:00Z");
    assert!(v.is_valid_slice(page.as_bytes()));
    assert!(v.validate_slice(page.as_bytes()).violations().is_empty());
    assert_eq!(v.first_error_slice(page.as_bytes()), None);
    assert_eq!(v.validate_slice(page.as_bytes()).call_type(), Some("page"));

    let track = call("track", "2024-05-04T12:00:00Z");
    assert!(!v.is_valid_slice(track.as_bytes()));
    let first = v.first_error_slice(track.as_bytes()).expect("an error");
    assert_eq!(first.path(), "/properties/price");

    // A later error that stands whatever the type: the first one depends on the type.
    let page = call("page", "yesterday");
    assert!(!v.is_valid_slice(page.as_bytes()));
    assert_eq!(
        v.first_error_slice(page.as_bytes())
            .map(|e| e.path().to_string()),
        Some("/timestamp".into())
    );
    let track = call("track", "yesterday");
    assert_eq!(
        v.first_error_slice(track.as_bytes())
            .map(|e| e.path().to_string()),
        Some("/properties/price".into())
    );
    assert_eq!(
        codes(&v.validate_slice(track.as_bytes())),
        [
            (
                Code::NumericString,
                "/properties/price".into(),
                Severity::Error
            ),
            (Code::InvalidDateTime, "/timestamp".into(), Severity::Error),
        ]
    );
}

/// Other call types are checked for their own fields, wherever `type` comes.
#[test]
fn other_call_types_have_their_own_fields() {
    let v = Validator::new().profile(Profile::Strict);
    for call in [
        r#"{"type":"identify","userId":"u","traits":"a@example.com"}"#,
        r#"{"userId":"u","traits":"a@example.com","type":"identify"}"#,
    ] {
        let report = v.validate_slice(call.as_bytes());
        assert_eq!(
            codes(&report),
            [(Code::WrongType, "/traits".into(), Severity::Error)],
            "{call}"
        );
    }
    for call in [
        r#"{"type":"page","userId":"u","properties":"home"}"#,
        r#"{"userId":"u","properties":"home","type":"page"}"#,
        r#"{"properties":"home","event":"x","userId":"u","type":"page"}"#,
        // Walked provisionally as a track call's, then held to the page's own rule.
        r#"{"event":"x","properties":"home","userId":"u","type":"page"}"#,
        r#"{"event":"Product Added","properties":["a"],"userId":"u","type":"screen"}"#,
    ] {
        let report = v.validate_slice(call.as_bytes());
        assert!(
            report.has(Code::WrongType, "/properties"),
            "{call}: {report}"
        );
        assert_eq!(report.errors().count(), 1, "{call}: {report}");
    }
    // A track call has no traits; an alias call needs no identity but has a previousId.
    let report = v.validate(&json!({"type": "track", "userId": "u", "event": "x", "traits": {}}));
    assert!(report.has(Code::UnknownField, "/traits"), "{report}");
    let report = v.validate(&json!({"type": "alias", "previousId": "a", "userId": "b"}));
    assert!(report.violations().is_empty(), "{report}");
    let report = v.validate(&json!({"type": "alias", "previousId": 3}));
    assert!(report.has(Code::WrongType, "/previousId"), "{report}");
    // The same from bytes, with the call type last: the own field waited for it.
    let report = v.validate_slice(br#"{"previousId":3,"userId":"b","type":"alias"}"#);
    assert_eq!(
        codes(&report),
        [(Code::WrongType, "/previousId".into(), Severity::Error)]
    );
    let report = v.validate_slice(br#"{"traits":{},"userId":"u","event":"x","type":"track"}"#);
    assert!(report.has(Code::UnknownField, "/traits"), "{report}");
}

/// Clean batches as the vendors' own Node clients send them (captured from the
/// real packages, `spec/examples/clients/`): their calls, of every type, with
/// the `_metadata`, `channel` and timestamps the clients add, are normal
/// traffic — no violation in the standard profile, no `unknown_field` in the
/// strict one, in every dialect.
#[test]
fn real_clients_batches_are_clean() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/examples/clients");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("spec/examples/clients") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        files += 1;
        let bytes = std::fs::read(&path).expect("read");
        let records: Vec<_> = semantic_events::stream::Records::new(&bytes[..])
            .collect::<Result<_, _>>()
            .expect("records");
        let types: std::collections::BTreeSet<&str> = records
            .iter()
            .filter_map(|r| Validator::new().validate_slice(r.call()).call_type())
            .collect();
        assert!(
            ["identify", "page", "track"]
                .iter()
                .all(|t| types.contains(t)),
            "{}: {types:?}",
            path.display()
        );
        for dialect in Dialect::ALL {
            let standard = Validator::new().dialect(dialect);
            let strict = standard.clone().profile(Profile::Strict);
            for r in &records {
                let report = standard.validate_slice(r.call());
                assert!(
                    report.violations().is_empty(),
                    "{} record {} ({dialect}): {report}",
                    path.display(),
                    r.index
                );
                let report = strict.validate_slice(r.call());
                assert!(
                    !report
                        .violations()
                        .iter()
                        .any(|v| v.code() == Code::UnknownField),
                    "{} record {} ({dialect}, strict): {report}",
                    path.display(),
                    r.index
                );
            }
        }
    }
    assert_eq!(files, 3);
}

/// Input that is not JSON past a first error is `invalid_json` in every tier.
#[test]
fn first_error_reads_to_the_end() {
    let v = Validator::new();
    for text in [
        // The type first: the error in the properties stands at once.
        r#"{"type":"track","userId":"u","event":"Product Added","properties":{"price":"1"},"x"}"#,
        r#"{"type":"track","userId":"u","event":"Product Added","properties":{"price":"1"}} trailing"#,
        // The type last: the error is provisional until the type is read.
        r#"{"event":"Product Added","properties":{"price":"1"},"userId":"u","type":"track","#,
        r#"{"event":"Product Added","properties":{"price":"1"},"userId":"u","type":"track"} x"#,
        // No error at all before the garbage.
        r#"{"event":"Product Added","properties":{"price":"1"},"userId":"u","type":"page"} x"#,
    ] {
        let report = v.validate_slice(text.as_bytes());
        assert!(report.is_invalid_json(), "{text}: {report}");
        assert_eq!(
            v.first_error_slice(text.as_bytes()).map(|e| e.code()),
            Some(Code::InvalidJson),
            "{text}"
        );
        assert!(!v.is_valid_slice(text.as_bytes()));
    }
}

/// A vendor's rules read the same from bytes (through raw values) and from a
/// parsed `Value`: `null` and `""` are missing, an escaped character is not,
/// an empty string is not an allowed value, a repeated key counts as its last.
#[test]
fn vendor_rules_agree_from_bytes_and_value() {
    let v = Validator::new().dialect(Dialect::CustomerIo);
    let cases = [
        (
            r#"{"userId":"u","event":"Device Deleted","context":{"device":{"token":null}}}"#,
            &[("missing_required", "/context/device/token")][..],
        ),
        (
            r#"{"userId":"u","event":"Device Deleted","context":{"device":{"token":""}}}"#,
            &[("missing_required", "/context/device/token")],
        ),
        (
            r#"{"userId":"u","event":"Device Deleted","context":{"device":{"token":"\u0000"}}}"#,
            &[],
        ),
        (
            r#"{"userId":"u","event":"Device Deleted","context":{"device":{"token":"t","type":""}}}"#,
            &[("invalid_enum_value", "/context/device/type")],
        ),
        (
            r#"{"userId":"u","event":"Device Deleted","context":{"device":{"token":"t","type":"i\u006fs"}}}"#,
            &[],
        ),
        (
            r#"{"userId":"u","event":"Device Deleted","context":{"device":{"token":"t"},"device":{"type":"ios"}}}"#,
            &[("missing_required", "/context/device/token")],
        ),
    ];
    for (json, expected) in cases {
        let from_bytes = v.validate_str(json);
        let got: Vec<(String, String)> = from_bytes
            .violations()
            .iter()
            .map(|x| (x.code().to_string(), x.path().to_string()))
            .collect();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(c, p)| ((*c).to_string(), (*p).to_string()))
            .collect();
        assert_eq!(got, want, "{json}");
        let value: Value = serde_json::from_str(json).expect("json");
        assert_eq!(v.validate(&value), from_bytes, "{json}");
    }
}
