//! A company's own events, declared with the same macros as the built-in
//! vocabulary: the seed's "Course Started" (with a nested array of modules) and
//! `login` / `logout`.

use semantic_events::{event, object};

object! {
    /// One module of a course.
    pub(crate) struct CourseModule {
        /// Module identifier.
        module_id ("moduleId"): String,
        /// Module name.
        module_name ("moduleName"): String,
        /// Whether the learner started it.
        started: bool,
    }
}

event! {
    /// A learner started a course.
    pub(crate) struct CourseStarted {
        const NAME = "Course Started";
        const CATEGORY = Custom;
        const RECOMMENDED = [["courseId"]];
        /// Name of the course.
        course_name: String,
        /// Course identifier.
        course_id ("courseId"): String,
        /// Share of the course done, 0 to 100.
        progress: f64 [min(0.0), max(100.0)],
        /// The course's modules.
        modules: Vec<CourseModule>,
    }
}

event! {
    /// A user logged in.
    pub(crate) struct UserLogin {
        const NAME = "login";
        const CATEGORY = Custom;
        const RECOMMENDED = [["username"]];
        /// Login name.
        username: String,
        /// When the session started, in seconds since the epoch.
        session_started: u64,
        /// Browser or app platform.
        platform: String,
        /// Page the login form was on.
        login_page: String,
    }
}

event! {
    /// A user logged out.
    pub(crate) struct UserLogout {
        const NAME = "logout";
        const CATEGORY = Custom;
    }
}

/// The built-in events plus these.
pub(crate) fn registry() -> semantic_events::Registry {
    let mut registry = semantic_events::Registry::builtin().clone();
    registry
        .register::<CourseStarted>()
        .and_then(|r| r.register::<UserLogin>())
        .and_then(|r| r.register::<UserLogout>())
        .expect("the course events do not collide with the semantic ones");
    registry
}
