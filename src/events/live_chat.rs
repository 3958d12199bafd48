//! Live chat: conversations and messages (Segment and Customer.io).
//!
//! All four events share one property set. `message_body` is missing from
//! Segment's tables but present in every Segment example and in Customer.io's
//! schema, so it is declared for every dialect. `conversation_duration` is a
//! number of seconds `>= 0` (an integer for Customer.io).

use crate::declare::Shape;
use crate::{event, object};

object! {
    /// The properties every live-chat event shares.
    pub struct Chat {
        /// Id of the agent.
        agent_id: String,
        /// Real name of the agent.
        agent_name: String,
        /// Username of the agent.
        agent_username: String,
        /// Id of the conversation.
        conversation_id: String,
        /// Length of the conversation so far, in seconds.
        conversation_duration: f64 [min(0.0), customerio(Shape::count())],
        /// Id of the message.
        message_id: String,
        /// Text of the message.
        message_body: String,
    }
}

event! {
    /// A live chat conversation began.
    pub struct LiveChatConversationStarted {
        const NAME = "Live Chat Conversation Started";
        const CATEGORY = LiveChat;
        const VENDORS = [Segment, CustomerIo];
        const RECOMMENDED = [["conversation_id"]];
        ..chat: Chat,
    }
}

event! {
    /// A live chat conversation was explicitly closed.
    pub struct LiveChatConversationEnded {
        const NAME = "Live Chat Conversation Ended";
        const CATEGORY = LiveChat;
        const VENDORS = [Segment, CustomerIo];
        const RECOMMENDED = [["conversation_id"]];
        ..chat: Chat,
    }
}

event! {
    /// A chat message was sent (Segment: by the customer; Customer.io: by your agent).
    pub struct LiveChatMessageSent {
        const NAME = "Live Chat Message Sent";
        const CATEGORY = LiveChat;
        const VENDORS = [Segment, CustomerIo];
        const RECOMMENDED = [["conversation_id"], ["message_id"]];
        ..chat: Chat,
    }
}

event! {
    /// A chat message was received (Segment: by the customer; Customer.io: by your agent).
    pub struct LiveChatMessageReceived {
        const NAME = "Live Chat Message Received";
        const CATEGORY = LiveChat;
        const VENDORS = [Segment, CustomerIo];
        const RECOMMENDED = [["conversation_id"], ["message_id"]];
        ..chat: Chat,
    }
}

/// This family's events, in reference order: the one list `EventName`,
/// `SemanticEvent`, the registry, the schemas and the strategies derive from.
/// Adding an event here (after its declaration above) is all it takes.
macro_rules! live_chat_events {
    ($then:path, [$($acc:tt)*] $($rest:tt)*) => {
        $then! { [$($acc)* (LiveChat, live_chat) [
            LiveChatConversationStarted, LiveChatConversationEnded,
            LiveChatMessageSent, LiveChatMessageReceived,
        ]] $($rest)* }
    };
}
pub(crate) use live_chat_events;
