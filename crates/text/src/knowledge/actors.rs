//! Actors (`lexicon/actors.toml`): canonical names with the other names the news uses for them.

use std::collections::HashMap;

use serde::Deserialize;

use super::is_acronym;
use crate::phrases::{Phrase, PhraseSet, Word};
use crate::words::{fold, word_spans};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ActorFile {
    titles: Vec<String>,
    actor: Vec<Actor>,
}

/// A canonical actor with the other names the news uses for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub country: Option<String>,
    pub aliases: Vec<String>,
    /// Longer phrasings that name it when it acts ("US government", "President Xi Jinping"); a
    /// question finds them through the shorter names they contain, so they are no search names.
    #[serde(default)]
    pub forms: Vec<String>,
    /// Words for its people or things ("American"): a question's words, never an actor's name.
    #[serde(default)]
    pub demonyms: Vec<String>,
}

impl Actor {
    /// Every name a question may use for this actor: its name, aliases and demonyms.
    pub fn search_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .chain(&self.demonyms)
            .map(String::as_str)
    }

    /// Every name that marks this actor as the one who acts: its name, aliases and forms.
    pub fn actor_names(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .chain(&self.forms)
    }
}

/// One name of an actor; acronyms ("US") match only as written.
#[derive(Debug)]
struct Name {
    actor: usize,
    exact: Option<Vec<String>>,
}

#[derive(Debug)]
pub struct Actors {
    pub list: Vec<Actor>,
    names: PhraseSet<Name>,
    /// Titles dropped from names not in the list ("Prime Minister").
    pub titles: PhraseSet<()>,
    /// Every name and alias, folded without dots, to the first actor of the list that has it:
    /// `lookup` runs once per ledger entry, so it must not fold the whole list each time.
    by_name: HashMap<String, usize>,
}

/// How `lookup` compares names: folded, dots removed.
fn name_key(name: &str) -> String {
    fold(name).replace('.', "")
}

impl Actors {
    pub(super) fn parse(file: ActorFile) -> Actors {
        let mut names = PhraseSet::default();
        for (i, actor) in file.actor.iter().enumerate() {
            for name in actor.actor_names() {
                let exact = is_acronym(name).then(|| {
                    word_spans(name)
                        .iter()
                        .map(|s| s.of(name).to_string())
                        .collect()
                });
                names.insert(Phrase::parse(name), Name { actor: i, exact });
            }
        }
        let mut by_name = HashMap::new();
        for (i, actor) in file.actor.iter().enumerate() {
            for name in actor.actor_names() {
                by_name.entry(name_key(name)).or_insert(i);
            }
        }
        Actors {
            list: file.actor,
            names,
            titles: PhraseSet::of(&file.titles),
            by_name,
        }
    }

    /// The canonical actor called `name` (canonical or alias, any case), if known.
    pub fn lookup(&self, name: &str) -> Option<&Actor> {
        let wanted = fold(
            name.trim()
                .trim_start_matches("the ")
                .trim_start_matches("The "),
        );
        let wanted = wanted.replace('.', "");
        self.by_name.get(&wanted).map(|&i| &self.list[i])
    }

    /// The known name at word `at`: its end and actor index.
    pub fn known_at(&self, words: &[Word], at: usize) -> Option<(usize, usize)> {
        let accept = |name: &Name, end: usize| match &name.exact {
            Some(exact) => words[at..end].iter().zip(exact).all(|(w, e)| w.text == e),
            None => true,
        };
        self.names
            .longest_at_where(words, at, accept)
            .map(|(end, name)| (end, name.actor))
    }
}
