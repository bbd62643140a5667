//! The actors the corpus names: which known actors each article names (found once, at index time,
//! and kept in its catalog record), and the directory of every actor for autocomplete and for
//! "no commitments by Kazakhstan recorded yet — mentioned in 5 articles".

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use quarry_text::phrases::words_of;
use quarry_text::{Knowledge, Span};

use crate::catalog::Catalog;
use crate::commitments::ledger::Entry;

/// The known actors `text` names by any of their names (name, aliases, longer forms), by
/// canonical name, sorted and distinct.
pub fn named_in(text: &str) -> Vec<String> {
    let actors = &Knowledge::get().actors;
    let words = words_of(
        text,
        Span {
            start: 0,
            end: text.len(),
        },
    );
    let mut found: BTreeSet<usize> = BTreeSet::new();
    let mut i = 0;
    while i < words.len() {
        match actors.known_at(&words, i) {
            Some((end, actor)) => {
                found.insert(actor);
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    let names: BTreeSet<&str> = found
        .into_iter()
        .map(|i| actors.list[i].name.as_str())
        .collect();
    names.into_iter().map(str::to_string).collect()
}

/// An actor the corpus names or the ledger lists.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Named {
    pub name: String,
    /// Ledger entries with this actor as the one who commits.
    pub commitments: usize,
    /// The articles that name it, by id: for a known actor those whose text uses any of its
    /// names, for another the articles its commitments come from.
    pub articles: Vec<String>,
}

/// Every actor the corpus names, and every actor of the ledger: most commitments first, then the
/// most widely named, then by name.
pub fn directory(catalog: &Catalog, ledger: &[Entry]) -> Vec<Named> {
    let mut articles: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (id, record) in &catalog.articles {
        for name in &record.actors {
            articles.entry(name).or_default().insert(id);
        }
    }
    let known = &Knowledge::get().actors;
    let mut commitments: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in ledger {
        *commitments.entry(&entry.actor).or_default() += 1;
        if known.lookup(&entry.actor).is_none() {
            let docs = articles.entry(&entry.actor).or_default();
            docs.extend(entry.evidence.iter().map(|c| c.doc.as_str()));
        }
    }
    let mut list: Vec<Named> = articles
        .into_iter()
        .map(|(name, docs)| Named {
            name: name.to_string(),
            commitments: commitments.get(name).copied().unwrap_or(0),
            articles: docs.into_iter().map(str::to_string).collect(),
        })
        .collect();
    list.sort_by(|a, b| {
        b.commitments
            .cmp(&a.commitments)
            .then_with(|| b.articles.len().cmp(&a.articles.len()))
            .then_with(|| a.name.cmp(&b.name))
    });
    list
}

/// The actor `asked` names (its canonical name or an alias, any case) in a directory.
pub fn find<'a>(directory: &'a [Named], asked: &str) -> Option<&'a Named> {
    let wanted = Knowledge::get()
        .actors
        .lookup(asked)
        .map_or_else(|| asked.trim().to_lowercase(), |a| a.name.to_lowercase());
    directory
        .iter()
        .find(|named| named.name.to_lowercase() == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Record;
    use crate::commitments::{Commitment, Stage};

    #[test]
    fn known_actors_are_found_by_any_of_their_names() {
        assert_eq!(
            named_in("Officials in Washington met envoys from Astana and the UK government."),
            named_in("The United States met Kazakhstan and the United Kingdom.")
        );
        assert_eq!(
            named_in("Kazakhstan and Japan signed; Japan's envoy spoke."),
            ["Japan", "Kazakhstan"]
        );
        assert!(named_in("Nobody here at all.").is_empty());
        assert!(
            named_in("Tell us more.").is_empty(),
            "the pronoun is not the US"
        );
    }

    fn record(actors: &[&str]) -> Record {
        Record {
            hash: String::new(),
            size: 0,
            modified: 0,
            title: String::new(),
            meta: Default::default(),
            passages: 1,
            first_indexed: chrono::Utc::now(),
            lead: String::new(),
            commitments: Default::default(),
            actors: actors.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn the_directory_lists_actors_without_commitments_with_the_articles_naming_them() {
        let mut catalog = Catalog::default();
        catalog
            .articles
            .insert("a".into(), record(&["Japan", "Kazakhstan"]));
        catalog.articles.insert("b".into(), record(&["Kazakhstan"]));
        let evidence = |actor: &str| Commitment {
            doc: "a".into(),
            actor: actor.into(),
            action: "signed a deal".into(),
            amount: None,
            date: None,
            stage: Stage::Firm,
            quote: format!("{actor} signed a deal."),
        };
        let entry = |actor: &str| {
            Entry::new(
                actor.into(),
                actor.into(),
                "signed a deal".into(),
                Stage::Firm,
                None,
                vec![evidence(actor)],
            )
        };
        let ledger = [entry("Japan"), entry("Acme Mining")];
        let directory = directory(&catalog, &ledger);
        let names: Vec<&str> = directory.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["Acme Mining", "Japan", "Kazakhstan"]);
        let kazakhstan = find(&directory, "astana").expect("an alias finds it");
        assert_eq!((kazakhstan.commitments, kazakhstan.articles.len()), (0, 2));
        assert_eq!(
            find(&directory, "acme mining").map(|n| n.commitments),
            Some(1)
        );
        assert!(find(&directory, "Atlantis").is_none());
    }
}
