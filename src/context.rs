//! The `context` object of a call: where it came from (app, device, page, …).
//!
//! Every field is optional and every object is open: libraries add their own keys,
//! which are kept in each struct's `extra` map. Types follow Segment's common
//! fields, with the fields Customer.io and RudderStack add.

use crate::object;

object! {
    /// The current application (mobile libraries collect it).
    pub struct App {
        /// Application name.
        name: String,
        /// Application version, e.g. `"3.0.1"`.
        version: String,
        /// Build, e.g. `"3.0.1.545"` (some SDKs send a number).
        build: crate::declare::StringOrNumber,
        /// Bundle or package identifier, e.g. `"com.example.app"`.
        namespace: String,
    }
}

object! {
    /// The UTM campaign that led to the call.
    pub struct Campaign {
        /// `utm_campaign`.
        name: String,
        /// `utm_source`.
        source: String,
        /// `utm_medium`.
        medium: String,
        /// `utm_term`.
        term: String,
        /// `utm_content`.
        content: String,
    }
}

object! {
    /// The device the call came from.
    pub struct Device {
        /// Device identifier.
        id: String,
        /// Advertising identifier (IDFA / AAID).
        advertising_id ("advertisingId"): String,
        /// Whether ad tracking is enabled.
        ad_tracking_enabled ("adTrackingEnabled"): bool,
        /// Manufacturer, e.g. `"Apple"`.
        manufacturer: String,
        /// Model, e.g. `"iPhone16,2"`.
        model: String,
        /// Device name.
        name: String,
        /// Device type, e.g. `"ios"`, `"android"`.
        r#type: String,
        /// Device (OS) version.
        version: String,
        /// Push token.
        token: String,
    }
}

object! {
    /// The library or SDK that sent the call.
    pub struct Library {
        /// Library name, e.g. `"analytics.js"`.
        name: String,
        /// Library version.
        version: String,
    }
}

object! {
    /// Where the user is (a de-facto field destinations read).
    pub struct Location {
        /// City.
        city: String,
        /// Country.
        country: String,
        /// Latitude in degrees.
        latitude: f64 [min(-90.0), max(90.0)],
        /// Longitude in degrees.
        longitude: f64 [min(-180.0), max(180.0)],
        /// Region.
        region: String,
        /// Speed.
        speed: f64,
    }
}

object! {
    /// The network connection.
    pub struct Network {
        /// Bluetooth is on.
        bluetooth: bool,
        /// Carrier name.
        carrier: String,
        /// On a cellular connection.
        cellular: bool,
        /// On Wi-Fi.
        wifi: bool,
    }
}

object! {
    /// The operating system.
    pub struct Os {
        /// OS name, e.g. `"iOS"`.
        name: String,
        /// OS version.
        version: String,
    }
}

object! {
    /// The current web page (browser libraries collect it).
    pub struct Page {
        /// Path, e.g. `"/academy/"`.
        path: String,
        /// Referrer URL.
        referrer: String,
        /// Query string, e.g. `"?a=1"`.
        search: String,
        /// Page title.
        title: String,
        /// Full URL.
        url: String,
        /// Page name (Customer.io).
        name: String,
        /// Page keywords (Customer.io): a list, or one comma-separated string.
        keywords: crate::declare::OneOrMany,
        /// First referrer of the session (RudderStack).
        initial_referrer: String,
        /// Domain of the first referrer (RudderStack).
        initial_referring_domain: String,
        /// Domain of the referrer (RudderStack).
        referring_domain: String,
        /// URL of the tab (RudderStack).
        tab_url: String,
    }
}

object! {
    /// How the user was referred.
    pub struct Referrer {
        /// Referrer type, e.g. `"dataxu"`.
        r#type: String,
        /// Referrer name.
        name: String,
        /// Referrer URL.
        url: String,
        /// Referrer link.
        link: String,
        /// Referrer identifier.
        id: String,
    }
}

object! {
    /// The screen's dimensions.
    pub struct Screen {
        /// Width in pixels.
        width: f64 [min(0.0)],
        /// Height in pixels.
        height: f64 [min(0.0)],
        /// Pixel density.
        density: f64 [min(0.0)],
        /// Inner width of the window (RudderStack).
        inner_width ("innerWidth"): f64 [min(0.0)],
        /// Inner height of the window (RudderStack).
        inner_height ("innerHeight"): f64 [min(0.0)],
    }
}

object! {
    /// One entry of `userAgentData.brands`.
    pub struct Brand {
        /// Brand name.
        brand: String,
        /// Brand version.
        version: String,
    }
}

object! {
    /// Client Hints data (browsers that expose the API).
    pub struct UserAgentData {
        /// Browser brands.
        brands: Vec<Brand>,
        /// Whether the device is mobile.
        mobile: bool,
        /// Platform, e.g. `"macOS"`.
        platform: String,
        /// Architecture bitness.
        bitness: String,
        /// Device model.
        model: String,
        /// Platform version.
        platform_version ("platformVersion"): String,
        /// Full browser version.
        ua_full_version ("uaFullVersion"): String,
        /// Full version list.
        full_version_list ("fullVersionList"): Vec<Brand>,
        /// Whether the browser runs under WoW64.
        wow64: bool,
    }
}

object! {
    /// An extra identifier (RudderStack's `context.externalId` entries).
    pub struct ExternalId {
        /// Identifier type.
        r#type: String,
        /// Identifier value.
        id: String,
    }
}

object! {
    /// Extra information about a call.
    pub struct Context {
        /// Whether the user is active.
        active: bool,
        /// The current application.
        app: App,
        /// The UTM campaign.
        campaign: Campaign,
        /// The device.
        device: Device,
        /// The user's IP address.
        ip: String,
        /// The sending library.
        library: Library,
        /// Locale, e.g. `"en-US"`.
        locale: String,
        /// Location.
        location: Location,
        /// Network state.
        network: Network,
        /// Operating system.
        os: Os,
        /// Current web page.
        page: Page,
        /// Referrer.
        referrer: Referrer,
        /// Screen dimensions.
        screen: Screen,
        /// IANA time zone, e.g. `"Europe/Amsterdam"`.
        timezone: String,
        /// Group (account) the call is attributed to.
        group_id ("groupId"): String,
        /// User traits, as on identify.
        traits: serde_json::Map<String, serde_json::Value>,
        /// User-agent string.
        user_agent ("userAgent"): String,
        /// Client Hints data.
        user_agent_data ("userAgentData"): UserAgentData,
        /// Where the request came from: `server`, `browser` or `mobile`.
        channel: String,
        /// Extra identifiers (RudderStack).
        external_id ("externalId"): Vec<ExternalId>,
    }
}
