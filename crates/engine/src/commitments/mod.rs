//! Who committed to what: commitments extracted from article sentences, and the ledger that
//! merges the same commitment reported by several articles.

mod amount;
mod extract;
mod frame;
pub mod ledger;
mod mentions;

use serde::{Deserialize, Serialize};

pub use amount::amounts;
pub use mentions::mentions;
pub use quarry_text::knowledge::cues::UnknownStage;
pub use quarry_text::Stage;

/// A sum of money as written, with its normalised value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// As the article writes it ("$10 billion", "£500m").
    pub text: String,
    pub value: f64,
    /// ISO 4217 code ("USD", "GBP", "EUR").
    pub currency: String,
}

/// One actor committing to one thing in one sentence of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    pub doc: String,
    /// Canonical actor name ("Marco Rubio", "United States").
    pub actor: String,
    pub action: String,
    pub amount: Option<Amount>,
    pub date: Option<String>,
    pub stage: Stage,
    /// The evidence sentence, verbatim from the article.
    pub quote: String,
}

/// The commitments stated in an article's body: those read from the dependency parse, and the
/// cue extractor's for sentences the parse finds none in (it knows the seed's phrasings, such as
/// a cue before a passive agent, that the frames do not cover).
pub fn extract(doc: &str, body: &str) -> Vec<Commitment> {
    let article = frame::read_article(doc, body);
    let parsed = article.commitments;
    let mut found: Vec<Commitment> = extract::extract(doc, body)
        .into_iter()
        .filter(|c| !parsed.iter().any(|p| p.quote == c.quote))
        .filter(|c| !article.denied.contains(&c.quote))
        .filter(|c| plausible_actor(&c.actor))
        .filter(|c| c.stage != Stage::Firm || listed_actor(&c.actor))
        .collect();
    found.extend(parsed.into_iter().filter(|c| plausible_actor(&c.actor)));
    found
}

/// Whether `actor` is the canonical name of an actor the lexicon lists, or a body that acts by
/// itself ("government", "ministers"). The cue extractor's firm cues are single words
/// ("created", "established", "held") that in stories about anyone else narrate history as
/// often as they report a decision, which only the parse tells apart; its intent and hedged
/// cues ("plans to", "is set to", "in talks") mean the same in any story.
fn listed_actor(actor: &str) -> bool {
    let knowledge = quarry_text::Knowledge::get();
    knowledge
        .actors
        .lookup(actor)
        .is_some_and(|a| a.name == actor)
        || knowledge.cues.frame.standalone_nouns.contains(actor)
}

/// A preposition or a function word that opened a sentence ("Within a week of ...") is no
/// actor, whatever a reading took for a name; nor is a nationality adjective on its own
/// ("British" of "the British authorities").
fn plausible_actor(actor: &str) -> bool {
    let knowledge = quarry_text::Knowledge::get();
    let cues = &knowledge.cues;
    let first = actor.split_whitespace().next().map(quarry_text::word_key);
    let demonym = knowledge
        .actors
        .list
        .iter()
        .any(|a| a.demonyms.iter().any(|d| d == actor));
    !demonym
        && first.is_some_and(|w| !cues.preposition.contains(&*w) && !cues.not_actor.contains(&*w))
}
