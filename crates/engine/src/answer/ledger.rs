//! Commitment questions ("who committed to what?", "what did Japan pledge?") answered from the
//! ledger: a short summary by actor, each line cited, with the evidence sentences as citations.

use quarry_text::phrases::words_of;
use quarry_text::{one_line, Knowledge, Span};

use super::{Answer, Citation};
use crate::catalog::Catalog;
use crate::commitments::ledger::{ActorFilter, Entry};
use crate::commitments::mentions;

/// Entries listed in one answer at most.
const MAX_ENTRIES: usize = 10;

/// Whether a question asks who committed to what, by its cue words.
pub fn is_commitment_question(question: &str) -> bool {
    let words = words_of(
        question,
        Span {
            start: 0,
            end: question.len(),
        },
    );
    let cues = &Knowledge::get().cues;
    words.iter().any(|w| cues.question.contains(&*w.key))
}

/// The ledger's answer to a commitment question, or `None` when the ledger holds nothing on it
/// (the ordinary answer path then takes over).
pub fn answer(question: &str, entries: &[Entry], catalog: &Catalog) -> Option<Answer> {
    let cues = &Knowledge::get().cues;
    let stop = &Knowledge::get().stopwords;
    let words = words_of(
        question,
        Span {
            start: 0,
            end: question.len(),
        },
    );
    let named = mentions(&words, None);
    let actor = named.iter().find_map(|m| m.name());
    let in_name = |i: usize| named.iter().any(|m| (m.start..m.end).contains(&i));
    let wants_money = words.iter().any(|w| cues.question_money.contains(&*w.key));
    let topic: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(i, w)| {
            !in_name(i)
                && !stop.contains(&*w.key)
                && !cues.question.contains(&*w.key)
                && !cues.question_money.contains(&*w.key)
        })
        .map(|(_, w)| w.text)
        .collect();

    let by_actor: Vec<&Entry> = match actor.as_deref() {
        Some(asked) => ActorFilter::new(asked).select(entries),
        None => entries.iter().collect(),
    };
    let with_money: Vec<&Entry> = by_actor
        .into_iter()
        .filter(|e| !wants_money || !e.amounts().is_empty())
        .collect();
    let filter = crate::commitments::ledger::Filter {
        topic: Some(topic.join(" ")),
        ..Default::default()
    };
    let on_topic = crate::commitments::ledger::select(with_money.iter().copied(), &filter);
    // In the ledger's order: the most significant first.
    let chosen: Vec<&Entry> = if on_topic.is_empty() {
        with_money
    } else {
        on_topic
    };
    if chosen.is_empty() {
        return None;
    }

    let mut lines: Vec<String> = Vec::new();
    let mut citations: Vec<Citation> = Vec::new();
    let mut current = "";
    for e in chosen.iter().take(MAX_ENTRIES) {
        let Some(evidence) = e.evidence.first() else {
            continue;
        };
        citations.push(Citation::in_catalog(
            citations.len() + 1,
            &evidence.doc,
            &evidence.quote,
            1.0,
            catalog,
        ));
        let amount = e
            .amounts()
            .first()
            .map(|a| format!(" ({})", a.text))
            .unwrap_or_default();
        let item = format!(
            "{}{} [{}] [{}]",
            one_line(&e.action),
            amount,
            e.stage.as_str(),
            citations.len()
        );
        if e.actor == current {
            if let Some(last) = lines.last_mut() {
                last.push_str("; ");
                last.push_str(&item);
            }
        } else {
            current = &e.actor;
            lines.push(format!("{}: {}", e.actor, item));
        }
    }
    Some(Answer {
        question: question.to_string(),
        answered: true,
        // Read off the ledger, not estimated from passage evidence.
        confidence: 1.0,
        answer: lines.join("\n"),
        summary: String::new(),
        citations,
    })
}
