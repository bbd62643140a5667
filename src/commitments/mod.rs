//! Who committed to what: commitments extracted from article sentences, and the ledger that
//! merges the same commitment reported by several articles.

mod actors;
mod amount;
mod cues;
mod extract;
pub mod ledger;
pub mod question;
mod words;

use serde::{Deserialize, Serialize};

pub use actors::{Actor, Actors};
pub use amount::amounts;

/// How firm a commitment is, after the way event coders separate intent from agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Intent,
    Firm,
    Hedged,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Intent => "intent",
            Stage::Firm => "firm",
            Stage::Hedged => "hedged",
        }
    }
}

impl std::str::FromStr for Stage {
    type Err = UnknownStage;

    fn from_str(s: &str) -> Result<Stage, UnknownStage> {
        match s.trim().to_lowercase().as_str() {
            "intent" => Ok(Stage::Intent),
            "firm" => Ok(Stage::Firm),
            "hedged" => Ok(Stage::Hedged),
            _ => Err(UnknownStage(s.to_string())),
        }
    }
}

/// A stage name that is not intent, firm or hedged.
#[derive(Debug, thiserror::Error)]
#[error("unknown stage {0:?}: use intent, firm or hedged")]
pub struct UnknownStage(String);

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

/// Changes whenever extraction may give different results: a new release or an edited lexicon.
pub fn fingerprint() -> String {
    static FINGERPRINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FINGERPRINT
        .get_or_init(|| {
            let mut hasher = blake3::Hasher::new();
            hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
            hasher.update(cues::SOURCE.as_bytes());
            hasher.update(actors::SOURCE.as_bytes());
            hasher.update(extract::REVISION.as_bytes());
            hasher.finalize().to_hex()[..16].to_string()
        })
        .clone()
}

/// The commitments stated in an article's body.
pub fn extract(doc: &str, body: &str) -> Vec<Commitment> {
    extract::extract(doc, body)
}
