//! The ledger: the same commitment reported by several articles becomes one entry that cites
//! every article. Entries are keyed by actor and the content words of the action, so their ids
//! stay the same when the index is rebuilt.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Amount, Commitment, Stage};
use quarry_text::Knowledge;
use quarry_text::{stem, word_key, word_spans};

/// Share of content stems two actions must have in common to be the same commitment.
const SAME_ACTION: f32 = 0.4;
/// Stems kept in an entry's id key.
const KEY_STEMS: usize = 8;

/// One commitment as the ledger lists it, with every article that reports it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entry {
    /// Short stable id: a hash of the actor and the action's content words.
    pub id: String,
    pub actor: String,
    pub action: String,
    /// The firmest stage any report gives.
    pub stage: Stage,
    pub evidence: Vec<Commitment>,
}

impl Entry {
    /// The distinct amounts the reports give, as written.
    pub fn amounts(&self) -> Vec<&Amount> {
        let mut seen: Vec<&Amount> = Vec::new();
        for a in self.evidence.iter().filter_map(|c| c.amount.as_ref()) {
            if !seen.iter().any(|s| s.text == a.text) {
                seen.push(a);
            }
        }
        seen
    }
}

/// What to list: every field that is set must match.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Canonical name or any alias, any case; a country also lists its officials and agencies.
    pub actor: Option<String>,
    /// Words that must all occur (stemmed) in the action or quote.
    pub topic: Option<String>,
    pub stage: Option<Stage>,
}

fn content_stems(text: &str) -> BTreeSet<String> {
    let stop = &Knowledge::get().stopwords;
    word_spans(text)
        .iter()
        .map(|s| word_key(s.of(text)))
        .filter(|k| !stop.contains(k) && k.len() > 1)
        .map(|k| stem(&k).into_owned())
        .collect()
}

fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f32 / union as f32
}

fn amounts_compatible(a: Option<&Amount>, b: Option<&Amount>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.currency == b.currency && (a.value - b.value).abs() <= 0.005 * a.value.abs().max(1.0)
        }
        _ => true,
    }
}

fn rank(stage: Stage) -> u8 {
    match stage {
        Stage::Firm => 2,
        Stage::Intent => 1,
        Stage::Hedged => 0,
    }
}

/// Merges commitments (in corpus order) into ledger entries.
pub fn build<'a>(commitments: impl IntoIterator<Item = &'a Commitment>) -> Vec<Entry> {
    let mut entries: Vec<(Entry, BTreeSet<String>)> = Vec::new();
    for c in commitments {
        let stems = content_stems(&c.action);
        let same = entries.iter_mut().find(|(e, s)| {
            e.actor == c.actor
                && similarity(s, &stems) >= SAME_ACTION
                && e.evidence
                    .iter()
                    .all(|x| amounts_compatible(x.amount.as_ref(), c.amount.as_ref()))
        });
        match same {
            Some((entry, s)) => {
                if rank(c.stage) > rank(entry.stage) {
                    entry.stage = c.stage;
                }
                s.extend(stems);
                entry.evidence.push(c.clone());
            }
            None => {
                let key: Vec<&str> = stems.iter().take(KEY_STEMS).map(String::as_str).collect();
                let hash = blake3::hash(format!("{}\0{}", c.actor, key.join(" ")).as_bytes());
                let id = hash.to_hex()[..8].to_string();
                let entry = Entry {
                    id,
                    actor: c.actor.clone(),
                    action: c.action.clone(),
                    stage: c.stage,
                    evidence: vec![c.clone()],
                };
                entries.push((entry, stems));
            }
        }
    }
    let mut list: Vec<Entry> = entries.into_iter().map(|(e, _)| e).collect();
    list.sort_by(|a, b| a.actor.cmp(&b.actor));
    list
}

/// Whether an entry's actor is the one asked for (or an official or agency of that country).
pub fn actor_matches(entry_actor: &str, asked: &str) -> bool {
    let actors = &Knowledge::get().actors;
    let canonical = actors
        .lookup(asked)
        .map_or_else(|| asked.trim().to_lowercase(), |a| a.name.to_lowercase());
    entry_actor.to_lowercase() == canonical
        || actors
            .lookup(entry_actor)
            .and_then(|a| a.country.as_deref())
            .is_some_and(|c| c.to_lowercase() == canonical)
}

/// The entries a filter selects, in ledger order.
pub fn select(entries: &[Entry], filter: &Filter) -> Vec<Entry> {
    let topic = filter
        .topic
        .as_deref()
        .map(content_stems)
        .unwrap_or_default();
    entries
        .iter()
        .filter(|e| {
            filter
                .actor
                .as_deref()
                .is_none_or(|a| actor_matches(&e.actor, a))
        })
        .filter(|e| {
            filter
                .stage
                .is_none_or(|s| e.stage == s || e.evidence.iter().any(|c| c.stage == s))
        })
        .filter(|e| {
            topic.is_empty() || {
                let mut text = e
                    .evidence
                    .iter()
                    .map(|c| format!("{} {}", c.action, c.quote))
                    .collect::<Vec<_>>()
                    .join(" ");
                text.push(' ');
                text.push_str(&e.actor);
                content_stems(&text).is_superset(&topic)
            }
        })
        .cloned()
        .collect()
}

/// Distinct actor names, sorted: for autocomplete.
pub fn actors(entries: &[Entry]) -> Vec<String> {
    let names: BTreeSet<&str> = entries.iter().map(|e| e.actor.as_str()).collect();
    names.into_iter().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commitment(doc: &str, actor: &str, action: &str, amount: Option<(&str, f64)>) -> Commitment {
        Commitment {
            doc: doc.into(),
            actor: actor.into(),
            action: action.into(),
            amount: amount.map(|(t, v)| Amount {
                text: t.into(),
                value: v,
                currency: "USD".into(),
            }),
            date: None,
            stage: Stage::Firm,
            quote: format!("{actor} {action}."),
        }
    }

    #[test]
    fn the_same_commitment_in_two_articles_is_one_entry_with_both_citations() {
        let a = commitment(
            "a",
            "Australia",
            "unveiled a $1.2 billion critical minerals reserve",
            Some(("$1.2 billion", 1.2e9)),
        );
        let b = commitment(
            "b",
            "Australia",
            "unveiled its critical minerals strategic reserve",
            None,
        );
        let c = commitment(
            "c",
            "Australia",
            "is seeking to expand domestic processing",
            None,
        );
        let entries = build([&a, &b, &c]);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].evidence.len(), 2);
        assert_eq!(entries[0].amounts().len(), 1);
    }

    #[test]
    fn different_amounts_are_different_commitments() {
        let a = commitment(
            "a",
            "Japan",
            "pledged a minerals fund",
            Some(("$1 billion", 1e9)),
        );
        let b = commitment(
            "b",
            "Japan",
            "pledged a minerals fund",
            Some(("$5 billion", 5e9)),
        );
        assert_eq!(build([&a, &b]).len(), 2);
    }

    #[test]
    fn ids_are_stable_and_queries_accept_aliases_topics_and_stages() {
        let a = commitment(
            "a",
            "United States",
            "hosted a critical minerals ministerial",
            None,
        );
        let b = commitment("b", "Marco Rubio", "hosted the ministerial meeting", None);
        let first = build([&a, &b]);
        assert_eq!(first, build([&a, &b]));
        let by_alias = Filter {
            actor: Some("washington".into()),
            ..Filter::default()
        };
        assert_eq!(
            select(&first, &by_alias).len(),
            2,
            "a country lists its officials too"
        );
        let by_topic = Filter {
            topic: Some("ministerials".into()),
            stage: Some(Stage::Firm),
            ..Filter::default()
        };
        assert_eq!(select(&first, &by_topic).len(), 2);
        let by_stage = Filter {
            stage: Some(Stage::Hedged),
            ..Filter::default()
        };
        assert!(select(&first, &by_stage).is_empty());
        assert_eq!(actors(&first), ["Marco Rubio", "United States"]);
    }
}
