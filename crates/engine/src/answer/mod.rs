//! Questions → cited answers. Two stages: articles that match the question as a whole, then the
//! passages within reach, re-ranked on the evidence a reader would use. Question text is never
//! parsed as query syntax; it only ever becomes a list of terms.

pub mod fitted;
pub mod ledger;
mod question;
mod rank;
mod read;

use std::collections::HashSet;

use serde::Serialize;

use crate::catalog::Catalog;
use quarry_text::{one_line, terms};

pub use crate::citation::Citation;

pub use question::{analyze, Analysis, Expected, Unit};
pub use rank::{rank, Depth, Features, Ranked};
pub use read::Passages;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Answer {
    pub question: String,
    pub answered: bool,
    /// The estimated probability (0..1) that the best passage answers the question, whether
    /// quarry answered or abstained.
    pub confidence: f32,
    /// The answer in a sentence or two, with `[n]` markers, or why quarry abstains.
    pub answer: String,
    /// A short extractive summary for broad questions; empty otherwise.
    pub summary: String,
    pub citations: Vec<Citation>,
}

pub struct Settings {
    pub citations: usize,
    /// The confidence the answer and every citation must reach: the estimated precision of
    /// what quarry answers.
    pub min_confidence: f32,
    pub summary_sentences: usize,
}

/// How many of the best candidates `rank` must weigh (give a confidence) for an answer: those
/// that may become citations. Beyond them none clears the bar.
pub fn candidates_weighed(settings: &Settings) -> usize {
    2 * settings.citations
}

/// Whether a passage may be quoted for the question: it holds the kind of thing asked for (a
/// figure, a share, money, a date) when one is, and its confidence reaches the bar.
fn clears_bar(r: &Ranked, settings: &Settings) -> bool {
    r.features.lacks_kind < 0.5 && r.confidence >= settings.min_confidence
}

/// Builds the answer from ranked passages: citations, answer text, summary or abstention.
pub fn compose(
    question: &str,
    analysis: &Analysis,
    ranked: &[Ranked],
    catalog: &Catalog,
    settings: &Settings,
) -> Answer {
    // A name or number the corpus never mentions means the corpus cannot answer the question.
    // So does a question after a kind of thing it never mentions ("which companies", "how many
    // tonnes").
    let unknown_name = analysis.names_unknown();
    tracing::debug!(
        question,
        unknown_name,
        expected = ?analysis.expected,
        confidence = ranked.first().map(|r| r.confidence),
        "answer decision"
    );
    // Whatever the confidence: a question with nothing to look for, naming what the corpus
    // never mentions, or most of whose words it never uses, has no answer here; a question
    // after a figure or a date needs one in the passage.
    let confident = !unknown_name
        && !analysis.mostly_unknown()
        && !analysis.units.is_empty()
        && ranked.first().is_some_and(|r| clears_bar(r, settings));
    let confidence = round(ranked.first().map_or(0.0, |r| r.confidence));
    if !confident {
        return abstain(question, confidence, ranked, catalog);
    }
    let mut chosen: Vec<&Ranked> = Vec::new();
    for candidate in ranked {
        if chosen.len() == settings.citations {
            break;
        }
        let overlaps = chosen.iter().any(|c| {
            c.passage.doc == candidate.passage.doc
                && (c.passage.quote.contains(candidate.passage.sentence())
                    || candidate.passage.quote.contains(c.passage.sentence()))
        });
        // Every citation clears the bar the answer cleared, so none is there to fill a slot.
        let relevant = clears_bar(candidate, settings);
        if !overlaps && relevant {
            chosen.push(candidate);
        }
    }
    let citations: Vec<Citation> = chosen
        .iter()
        .enumerate()
        .map(|(i, r)| citation(i + 1, r, catalog))
        .collect();
    let answer = format!("{} [1]", one_line(ranked[0].passage.sentence()));
    let summary = if analysis.broad {
        summarize(&chosen, settings)
    } else {
        String::new()
    };
    Answer {
        question: question.to_string(),
        answered: true,
        confidence,
        answer,
        summary,
        citations,
    }
}

/// Up to `summary_sentences` sentences from the citations (each cleared the answer's bar),
/// different articles first, no repeats.
fn summarize(chosen: &[&Ranked], settings: &Settings) -> String {
    let limit = settings.summary_sentences;
    let mut lines: Vec<String> = Vec::new();
    let mut docs: HashSet<&str> = HashSet::new();
    let mut seen: Vec<HashSet<String>> = Vec::new();
    let ordered = chosen
        .iter()
        .enumerate()
        .filter(|(_, r)| docs.insert(&r.passage.doc))
        .chain(chosen.iter().enumerate());
    let mut used: HashSet<usize> = HashSet::new();
    for (i, ranked) in ordered {
        if lines.len() == limit || !used.insert(i) {
            continue;
        }
        let words: HashSet<String> = terms(ranked.passage.sentence())
            .into_iter()
            .map(|t| t.text)
            .collect();
        let repeats = seen
            .iter()
            .any(|s| s.intersection(&words).count() * 10 >= words.len().min(s.len()) * 7);
        if !repeats {
            lines.push(format!(
                "{} [{}]",
                one_line(ranked.passage.sentence()),
                i + 1
            ));
            seen.push(words);
        }
    }
    lines.join(" ")
}

/// Three decimals: what a reader compares.
fn round(value: f32) -> f32 {
    (value * 1000.0).round() / 1000.0
}

fn abstain(question: &str, confidence: f32, ranked: &[Ranked], catalog: &Catalog) -> Answer {
    let mut nearest: Vec<String> = Vec::new();
    for r in ranked {
        if nearest.len() == 3 {
            break;
        }
        if let Some(record) = catalog.articles.get(&r.passage.doc) {
            let name = format!("\u{201c}{}\u{201d} ({})", record.title, r.passage.doc);
            if !nearest.contains(&name) {
                nearest.push(name);
            }
        }
    }
    let answer = if nearest.is_empty() {
        "Not in the corpus: no article matches this question.".to_string()
    } else {
        format!(
            "Not in the corpus: no article answers this question. Closest articles: {}.",
            nearest.join("; ")
        )
    };
    Answer {
        question: question.to_string(),
        answered: false,
        confidence,
        answer,
        summary: String::new(),
        citations: Vec::new(),
    }
}

fn citation(n: usize, ranked: &Ranked, catalog: &Catalog) -> Citation {
    let score = (ranked.score * 1000.0).round() / 1000.0;
    Citation::in_catalog(
        n,
        &ranked.passage.doc,
        &ranked.passage.quote,
        score,
        catalog,
    )
}
