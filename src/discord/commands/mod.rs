//! Slash commands: one module per feature, each a thin async fn over the engine.

mod ask;
mod commitments;
mod digest;
mod help;
mod search;
mod sources;

use super::types::{Data, Error};

/// Every command the bot registers.
pub fn all() -> Vec<poise::Command<Data, Error>> {
    vec![
        ask::ask(),
        search::search(),
        sources::sources(),
        sources::source(),
        commitments::commitments(),
        digest::digest(),
        help::help(),
    ]
}

/// Commands that cost an engine call, and so wait out the per-user cooldown.
pub const COOLED: [&str; 2] = ["ask", "search"];

pub use commitments::page as commitments_page;
pub use search::PER_PAGE as SEARCH_PER_PAGE;
pub use sources::PER_PAGE as SOURCES_PER_PAGE;
