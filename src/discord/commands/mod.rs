//! Slash commands: one module per feature, each a thin async fn over the engine.

mod add;
mod ask;
mod commitments;
mod digest;
mod help;
mod search;
mod sources;

use super::types::{Context, Data, Error};

/// Every command the bot registers.
pub fn all() -> Vec<poise::Command<Data, Error>> {
    vec![
        ask::ask(),
        search::search(),
        sources::sources(),
        sources::source(),
        commitments::commitments(),
        digest::digest(),
        add::add(),
        add::add_message(),
        help::help(),
    ]
}

/// Commands that cost an engine call, and so wait out the per-user cooldown.
pub const COOLED: [&str; 2] = ["ask", "search"];

pub use commitments::page as commitments_page;
pub use search::PER_PAGE as SEARCH_PER_PAGE;
pub use sources::PER_PAGE as SOURCES_PER_PAGE;

/// Whether the member who invoked the command has Manage Server (or Administrator) or one of
/// `roles` (role ids from the config).
async fn manages_server_or_has_role(ctx: Context<'_>, roles: &[String]) -> bool {
    let Some(member) = ctx.author_member().await else {
        return false;
    };
    member
        .permissions
        .is_some_and(|p| p.manage_guild() || p.administrator())
        || member
            .roles
            .iter()
            .any(|role| roles.contains(&role.to_string()))
}
