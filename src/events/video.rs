//! Video: the 17 playback, content, ad and quality events of a player session.
//!
//! Seconds (`position`, `total_length`, `seek_position`) and counts are integers
//! `>= 0`; `sound` is 0–100; `ad_type` and an ad's `type` are one of pre-roll,
//! mid-roll, post-roll; `quartile` is 1, 2 or 3; `total_length` is `null` for
//! livestreams (null is always accepted). `ad_asset_id`/`ad_pod_id` are a string
//! or an array of strings (a string only for Customer.io); `framerate` is a
//! number (an integer for Customer.io); `airdate` is an ISO 8601 date or an
//! RFC 3339 date-time in every dialect.

use crate::declare::Dialect::{Rudderstack, Segment};
use crate::declare::OneOrMany;
use crate::declare::{Format, Shape};
use crate::{event, object, string_enum};

string_enum! {
    /// When an ad plays.
    pub enum AdType {
        /// Before the content.
        PreRoll = "pre-roll",
        /// During the content.
        MidRoll = "mid-roll",
        /// After the content.
        PostRoll = "post-roll",
    }
}

string_enum! {
    /// How ads are loaded.
    pub enum LoadType {
        /// The same ads for every viewer.
        Linear = "linear",
        /// Ads inserted dynamically.
        Dynamic = "dynamic",
    }
}

object! {
    /// The properties every playback event shares.
    pub struct Playback {
        /// Id tying together the playback, content and ad events of one player session.
        session_id: String,
        /// Ad asset id(s): an array on Video Playback Started, a string otherwise.
        ad_asset_id: OneOrMany [customerio(Shape::string())],
        /// Ad pod id(s): an array on Video Playback Started, a string otherwise.
        ad_pod_id: OneOrMany [customerio(Shape::string())],
        /// Type of the ad playing.
        ad_type: AdType,
        /// Current playhead position in seconds, including ad time seen.
        position: u64,
        /// Total playback duration in seconds, content and ads; `null` for livestreams.
        total_length: u64,
        /// Current bitrate in kbps.
        bitrate: u64,
        /// Average frame rate in fps (an integer for Customer.io).
        framerate: f64 [min(0.0), customerio(Shape::count())],
        /// Name of the player (e.g. youtube, vimeo).
        video_player: String,
        /// Volume, 0 (muted) to 100 (full).
        sound: u64 [max(100.0)],
        /// Whether playback is full screen.
        full_screen: bool,
        /// `false` when an ad blocker prevents ads.
        ad_enabled: bool,
        /// Quality label (e.g. highres, hd1080, 480p); not a closed set.
        quality: String,
        /// Whether the playback is a livestream.
        livestream: bool,
    }
}

object! {
    /// The content playing at the time of a playback event (all but Started).
    pub struct PlayingContent {
        /// Id of the content asset playing.
        content_asset_id: String,
        /// Id of the content pod playing.
        content_pod_id: String,
    }
}

object! {
    /// A content pod (segment) of the video, as content events describe it.
    pub struct VideoContent {
        /// Playback session id.
        session_id: String,
        /// Id of the content asset.
        asset_id: String,
        /// Id of the content pod.
        pod_id: String,
        /// Title of the content.
        title: String,
        /// Short description.
        description: String,
        /// Keywords or tags.
        keywords: Vec<String>,
        /// Season number, as a string (`"1"`).
        season: String,
        /// Episode number, as a string (not listed by Customer.io).
        episode: String [vendors(&[Segment, Rudderstack])],
        /// Genre (e.g. comedy).
        genre: String,
        /// Program or show name.
        program: String,
        /// Creator, author or publisher.
        publisher: String,
        /// Playhead position within the content in seconds, excluding ad time.
        position: u64,
        /// Duration of the content in seconds, excluding ads; `null` for livestreams.
        total_length: u64,
        /// Channel (e.g. espn).
        channel: String,
        /// Whether the content is a full episode.
        full_episode: bool,
        /// Whether the content is a livestream.
        livestream: bool,
        /// Original air or publish date: an ISO 8601 date or an RFC 3339 date-time.
        airdate: String [format(Format::DateOrDateTime)],
        /// Current bitrate in kbps.
        bitrate: u64,
        /// Average frame rate in fps (an integer for Customer.io).
        framerate: f64 [min(0.0), customerio(Shape::count())],
    }
}

object! {
    /// An ad asset, as ad events describe it.
    pub struct VideoAd {
        /// Playback session id.
        session_id: String,
        /// Id of the ad asset.
        asset_id: String,
        /// Id of the ad pod (break).
        pod_id: String,
        /// Position of this ad within its pod.
        pod_position: u64,
        /// Number of ads in the pod.
        pod_length: u64,
        /// When the ad plays.
        r#type: AdType,
        /// Title of the ad.
        title: String,
        /// Creator or publisher of the ad.
        publisher: String,
        /// Playhead position within the ad in seconds.
        position: u64,
        /// Duration of the ad in seconds.
        total_length: u64,
        /// How ads are loaded.
        load_type: LoadType,
        /// The content the ad plays in, for destinations that need it.
        content: VideoContent,
        /// Ad quartile reached: 1, 2 or 3.
        quartile: u64 [min(1.0), max(3.0)],
    }
}

event! {
    /// Playback of a player session began; opens a `session_id`.
    pub struct VideoPlaybackStarted {
        const NAME = "Video Playback Started";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..playback: Playback,
        /// Ids of the content assets about to play.
        content_asset_ids: Vec<String>,
        /// Ids of the content pods about to play.
        content_pod_ids: Vec<String>,
    }
}

event! {
    /// The user paused playback.
    pub struct VideoPlaybackPaused {
        const NAME = "Video Playback Paused";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..playback: Playback,
        ..content: PlayingContent,
    }
}

event! {
    /// Playback stopped unintentionally (network loss, app crash, browser close…).
    pub struct VideoPlaybackInterrupted {
        const NAME = "Video Playback Interrupted";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..playback: Playback,
        ..content: PlayingContent,
        /// How playback was interrupted (e.g. browser redirect, device lock, call).
        method: String,
    }
}

event! {
    /// The player started buffering content or an ad.
    pub struct VideoPlaybackBufferStarted {
        const NAME = "Video Playback Buffer Started";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..playback: Playback,
        ..content: PlayingContent,
    }
}

event! {
    /// The player finished buffering content or an ad.
    pub struct VideoPlaybackBufferCompleted {
        const NAME = "Video Playback Buffer Completed";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..playback: Playback,
        ..content: PlayingContent,
    }
}

event! {
    /// The user started seeking; `position` is where the seek starts.
    pub struct VideoPlaybackSeekStarted {
        const NAME = "Video Playback Seek Started";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..playback: Playback,
        ..content: PlayingContent,
        /// Playhead position sought to, in seconds.
        seek_position: u64,
    }
}

event! {
    /// A seek finished; `position` is where playback resumes.
    pub struct VideoPlaybackSeekCompleted {
        const NAME = "Video Playback Seek Completed";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..playback: Playback,
        ..content: PlayingContent,
        /// Playhead position sought to, in seconds (listed by RudderStack only).
        seek_position: u64 [vendors(&[Rudderstack])],
    }
}

event! {
    /// Playback continued after a pause.
    pub struct VideoPlaybackResumed {
        const NAME = "Video Playback Resumed";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..playback: Playback,
        ..content: PlayingContent,
    }
}

event! {
    /// The whole playback session finished.
    pub struct VideoPlaybackCompleted {
        const NAME = "Video Playback Completed";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..playback: Playback,
        ..content: PlayingContent,
    }
}

event! {
    /// The user navigated away from the playback (not in RudderStack's spec).
    pub struct VideoPlaybackExited {
        const NAME = "Video Playback Exited";
        const CATEGORY = Video;
        const VENDORS = [Segment, CustomerIo];
        const RECOMMENDED = [["session_id"]];
        ..playback: Playback,
        ..content: PlayingContent,
    }
}

event! {
    /// A content pod started playing within the session.
    pub struct VideoContentStarted {
        const NAME = "Video Content Started";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..content: VideoContent,
    }
}

event! {
    /// Heartbeat sent about every 10 seconds while content plays.
    pub struct VideoContentPlaying {
        const NAME = "Video Content Playing";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..content: VideoContent,
    }
}

event! {
    /// A content pod finished playing.
    pub struct VideoContentCompleted {
        const NAME = "Video Content Completed";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..content: VideoContent,
    }
}

event! {
    /// An ad asset started playing within the session.
    pub struct VideoAdStarted {
        const NAME = "Video Ad Started";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..ad: VideoAd,
    }
}

event! {
    /// Heartbeat sent while an ad plays (with the quartile reached).
    pub struct VideoAdPlaying {
        const NAME = "Video Ad Playing";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..ad: VideoAd,
    }
}

event! {
    /// An ad asset finished playing.
    pub struct VideoAdCompleted {
        const NAME = "Video Ad Completed";
        const CATEGORY = Video;
        const RECOMMENDED = [["session_id"]];
        ..ad: VideoAd,
    }
}

event! {
    /// The playback quality changed. Segment and RudderStack give no types; the
    /// crate follows the playback events: `bitrate` and `droppedFrames` integers,
    /// `framerate` and `startupTime` numbers (Customer.io: all integers).
    pub struct VideoQualityUpdated {
        const NAME = "Video Quality Updated";
        const CATEGORY = Video;
        /// New bitrate in kbps.
        bitrate: u64,
        /// New frame rate in fps.
        framerate: f64 [min(0.0), customerio(Shape::count())],
        /// Startup time of the video (unit not stated by the vendors).
        startup_time ("startupTime"): f64 [min(0.0), customerio(Shape::count())],
        /// Number of dropped frames.
        dropped_frames ("droppedFrames"): u64,
    }
}

/// This family's events, in reference order: the one list `EventName`,
/// `SemanticEvent`, the registry, the schemas and the strategies derive from.
/// Adding an event here (after its declaration above) is all it takes.
macro_rules! video_events {
    ($then:path, [$($acc:tt)*] $($rest:tt)*) => {
        $then! { [$($acc)* (Video, video) [
            VideoPlaybackStarted, VideoPlaybackPaused, VideoPlaybackInterrupted,
            VideoPlaybackBufferStarted, VideoPlaybackBufferCompleted, VideoPlaybackSeekStarted,
            VideoPlaybackSeekCompleted, VideoPlaybackResumed, VideoPlaybackCompleted,
            VideoPlaybackExited, VideoContentStarted, VideoContentPlaying, VideoContentCompleted,
            VideoAdStarted, VideoAdPlaying, VideoAdCompleted, VideoQualityUpdated,
        ]] $($rest)* }
    };
}
pub(crate) use video_events;
