//! Everything quarry knows about words and names: the `lexicon/*.toml` files, compiled into the
//! binary so quarry runs from any folder, parsed once by one loader with one error type.

mod actors;
pub mod cues;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::stem::Stemmer;
use crate::words::{word_key, word_spans};

pub use actors::{Actor, Actors};
pub use cues::{Cues, Frame, Money, Stage};

/// Every knowledge file, by name; all of them shape what gets indexed or extracted.
pub const FILES: &[(&str, &str)] = &[
    (
        "abbreviations.toml",
        include_str!("../lexicon/abbreviations.toml"),
    ),
    ("actors.toml", include_str!("../lexicon/actors.toml")),
    (
        "answer_types.toml",
        include_str!("../lexicon/answer_types.toml"),
    ),
    ("cues.toml", include_str!("../lexicon/cues.toml")),
    ("news.toml", include_str!("../lexicon/news.toml")),
    (
        "irregular_verbs.toml",
        include_str!("../lexicon/irregular_verbs.toml"),
    ),
    ("regions.toml", include_str!("../lexicon/regions.toml")),
    ("stopwords.toml", include_str!("../lexicon/stopwords.toml")),
    ("synonyms.toml", include_str!("../lexicon/synonyms.toml")),
];

/// Knowledge files used only when articles come in (`quarry add`, feeds): they never change
/// what an indexed article yields, so they are not part of the index's fingerprint.
pub const INGEST_FILES: &[(&str, &str)] = &[(
    "boilerplate.toml",
    include_str!("../lexicon/boilerplate.toml"),
)];

/// What surrounds an article on a web page: markers of boilerplate elements and paragraphs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Boilerplate {
    /// Words of a class, id, role or label that mark an element as boilerplate.
    pub markers: HashSet<String>,
    /// Whole paragraphs that are page furniture (lower case).
    pub lines: HashSet<String>,
    /// Openings of paragraphs that are page furniture (lower case).
    pub openings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abbreviations {
    pub titles: HashSet<String>,
    pub other: HashSet<String>,
    pub openers: HashSet<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StopwordFile {
    question: Vec<String>,
    function: Vec<String>,
    leaning: HashSet<String>,
}

/// How news articles are laid out around their lede (`lexicon/news.toml`), as word keys.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct News {
    #[serde(deserialize_with = "phrases_as_keys")]
    pub byline_openers: Vec<Vec<String>>,
    #[serde(deserialize_with = "phrases_as_keys")]
    pub timestamp_openers: Vec<Vec<String>>,
}

/// Phrases as the word keys they are made of, longest first so the longest opener wins.
fn phrases_as_keys<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Vec<String>>, D::Error> {
    let mut phrases: Vec<Vec<String>> = Vec::<String>::deserialize(deserializer)?
        .iter()
        .map(|p| keys_of(p))
        .filter(|keys| !keys.is_empty())
        .collect();
    phrases.sort_by_key(|keys| std::cmp::Reverse(keys.len()));
    Ok(phrases)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptFile {
    names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerTypeFile {
    money: String,
    number: String,
    year: String,
    share: String,
    date: String,
    list: String,
    reason: String,
    leading: HashSet<String>,
    measures: HashSet<String>,
    count_nouns: HashSet<String>,
    share_nouns: HashSet<String>,
    money_nouns: HashSet<String>,
    date_nouns: HashSet<String>,
    question_words: HashSet<String>,
    auxiliaries: HashSet<String>,
    definition_openers: Vec<String>,
    broad_openers: Vec<String>,
    copulas: HashSet<String>,
    naming: HashSet<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionFile {
    member_words: Vec<String>,
    region: Vec<RegionEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionEntry {
    name: String,
    members: Vec<String>,
}

/// Groups of countries, for questions that ask for a member of one.
#[derive(Debug, Default)]
pub struct Regions {
    /// Word keys that, right after a group's name, ask for its members ("countries").
    pub member_words: HashSet<String>,
    /// Group concept → the index terms of its members.
    pub members: HashMap<String, Vec<String>>,
}

/// What a passage must hold to answer each kind of question.
#[derive(Debug)]
pub struct AnswerTypes {
    pub money: Regex,
    pub number: Regex,
    /// A figure that is a year, which `number` alone would also match.
    pub year: Regex,
    /// A part of a whole ("90%", "half").
    pub share: Regex,
    pub date: Regex,
    pub list: Regex,
    /// A cause or a purpose ("because", "in order to"), which answers "why".
    pub reason: Regex,
    /// Words that may come before the question word ("In which year").
    pub leading: HashSet<String>,
    /// "How <measure>" asks for a number.
    pub measures: HashSet<String>,
    /// "Which/what <count noun>" asks for an amount.
    pub count_nouns: HashSet<String>,
    /// "What <share noun>" asks for a part of a whole.
    pub share_nouns: HashSet<String>,
    /// "What <money noun>" asks for money.
    pub money_nouns: HashSet<String>,
    /// "Which/what <date noun>" asks for a date.
    pub date_nouns: HashSet<String>,
    /// The words that ask a question ("what", "who", "how").
    pub question_words: HashSet<String>,
    /// Auxiliary verbs between "what"/"which" and its noun phrase.
    pub auxiliaries: HashSet<String>,
    /// Openings of a question that asks what something is.
    pub definition_openers: Vec<String>,
    /// Openings of a broad question ("tell me", "why ").
    pub broad_openers: Vec<String>,
    /// Verbs that define the words before them.
    pub copulas: HashSet<String>,
    /// Words that introduce the name of a thing defined.
    pub naming: HashSet<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymFile {
    groups: Vec<Vec<String>>,
    concept: Vec<ConceptFile>,
}

/// One name that stands for an actor or a concept, as the word keys it is made of ("U.S." → ["us"]).
#[derive(Debug, Clone)]
pub struct AliasName {
    pub keys: Vec<String>,
    /// For acronyms: the only spelling that matches (case and inner dots included).
    pub exact: Option<String>,
}

/// Everything quarry knows about words and names, loaded once.
#[derive(Debug)]
pub struct Knowledge {
    pub abbreviations: Abbreviations,
    pub stopwords: HashSet<String>,
    /// Sentence openers that lean on the sentence before, as written.
    pub leaning: HashSet<String>,
    /// Alias names by their first word key, each with the concept token it stands for.
    pub aliases: HashMap<String, Vec<(AliasName, String)>>,
    /// Stem → the stems that mean the same.
    pub synonyms: HashMap<String, Vec<String>>,
    pub answer_types: AnswerTypes,
    pub regions: Regions,
    pub cues: Cues,
    pub actors: Actors,
    pub news: News,
    pub stemmer: Stemmer,
    pub boilerplate: Boilerplate,
}

/// A knowledge file that does not parse; only possible when a checked-in file is edited badly.
#[derive(Debug, thiserror::Error)]
#[error("lexicon/{file}: {message}")]
pub struct KnowledgeError {
    pub file: &'static str,
    pub message: String,
}

/// Parses one file of [`FILES`] or [`INGEST_FILES`].
fn load<T: serde::de::DeserializeOwned>(file: &'static str) -> Result<T, KnowledgeError> {
    let text = FILES
        .iter()
        .chain(INGEST_FILES)
        .find(|(name, _)| *name == file)
        .map_or("", |(_, text)| *text);
    toml::from_str(text).map_err(|e| KnowledgeError {
        file,
        message: e.to_string(),
    })
}

impl Knowledge {
    /// The knowledge compiled into this binary. Panics only if a checked-in file is malformed,
    /// which the test `checked_in_knowledge_parses` rules out before release.
    pub fn get() -> &'static Knowledge {
        static KNOWLEDGE: OnceLock<Knowledge> = OnceLock::new();
        KNOWLEDGE.get_or_init(|| match Knowledge::parse() {
            Ok(knowledge) => knowledge,
            Err(e) => panic!("{e}"),
        })
    }

    pub fn parse() -> Result<Knowledge, KnowledgeError> {
        let irregular: HashMap<String, Vec<String>> = load("irregular_verbs.toml")?;
        let stemmer = Stemmer::new(
            irregular
                .into_iter()
                .flat_map(|(verb, forms)| forms.into_iter().map(move |form| (form, verb.clone())))
                .collect(),
        );
        let abbreviations: Abbreviations = load("abbreviations.toml")?;
        let stop: StopwordFile = load("stopwords.toml")?;
        let synonym_file: SynonymFile = load("synonyms.toml")?;
        let types: AnswerTypeFile = load("answer_types.toml")?;
        let region_file: RegionFile = load("regions.toml")?;
        let cues = Cues::parse(load("cues.toml")?);
        let actors = Actors::parse(load("actors.toml")?);
        let news: News = load("news.toml")?;
        let regex = |name: &str, pattern: &str| {
            Regex::new(pattern).map_err(|e| KnowledgeError {
                file: "answer_types.toml",
                message: format!("{name}: {e}"),
            })
        };
        let answer_types = AnswerTypes {
            money: regex("money", &types.money)?,
            number: regex("number", &types.number)?,
            year: regex("year", &types.year)?,
            share: regex("share", &types.share)?,
            date: regex("date", &types.date)?,
            list: regex("list", &types.list)?,
            reason: regex("reason", &types.reason)?,
            leading: types.leading,
            measures: types.measures,
            count_nouns: types.count_nouns,
            share_nouns: types.share_nouns,
            money_nouns: types.money_nouns,
            date_nouns: types.date_nouns,
            question_words: types.question_words,
            auxiliaries: types.auxiliaries,
            definition_openers: types.definition_openers,
            broad_openers: types.broad_openers,
            copulas: types.copulas,
            naming: types.naming,
        };

        let stopwords = stop.question.into_iter().chain(stop.function).collect();
        let groups = actors
            .list
            .iter()
            .map(|actor| actor.search_names().collect::<Vec<_>>())
            .chain(
                synonym_file
                    .concept
                    .iter()
                    .map(|c| c.names.iter().map(String::as_str).collect()),
            );
        let mut aliases: HashMap<String, Vec<(AliasName, String)>> = HashMap::new();
        for names in groups {
            let Some(canonical) = names.first() else {
                continue;
            };
            let concept = concept_token(canonical);
            for name in &names {
                let keys = keys_of(name);
                let Some(first) = keys.first().cloned() else {
                    continue;
                };
                let exact = is_acronym(name).then(|| name.trim_end_matches('.').to_string());
                aliases
                    .entry(first)
                    .or_default()
                    .push((AliasName { keys, exact }, concept.clone()));
            }
        }
        for names in aliases.values_mut() {
            // Longest names first, so "European Union" wins over a shorter name at the same word.
            names.sort_by_key(|(name, _)| std::cmp::Reverse(name.keys.len()));
        }
        let mut synonyms: HashMap<String, Vec<String>> = HashMap::new();
        for group in synonym_file.groups {
            let stems: Vec<String> = group
                .iter()
                .map(|w| stemmer.stem(&word_key(w)).into_owned())
                .collect();
            for s in &stems {
                let others = stems.iter().filter(|o| *o != s).cloned();
                synonyms.entry(s.clone()).or_default().extend(others);
            }
        }
        let regions = regions(region_file, &aliases, &stemmer)?;
        Ok(Knowledge {
            abbreviations,
            stopwords,
            leaning: stop.leaning,
            aliases,
            synonyms,
            answer_types,
            regions,
            cues,
            actors,
            news,
            stemmer,
            boilerplate: load("boilerplate.toml")?,
        })
    }
}
/// Resolves region and member names to index terms: an alias group's concept, or a one-word stem.
fn regions(
    file: RegionFile,
    aliases: &HashMap<String, Vec<(AliasName, String)>>,
    stemmer: &Stemmer,
) -> Result<Regions, KnowledgeError> {
    let concept_of = |name: &str| -> Option<String> {
        let keys = keys_of(name);
        aliases
            .get(keys.first()?)?
            .iter()
            .find(|(alias, _)| alias.keys == keys)
            .map(|(_, concept)| concept.clone())
    };
    let unknown = |what: String| KnowledgeError {
        file: "regions.toml",
        message: what,
    };
    let mut members = HashMap::new();
    for region in file.region {
        let concept = concept_of(&region.name).ok_or_else(|| {
            unknown(format!(
                "region {:?} is not a name in actors.toml or synonyms.toml",
                region.name
            ))
        })?;
        let terms = region
            .members
            .iter()
            .map(
                |member| match (concept_of(member), keys_of(member).as_slice()) {
                    (Some(concept), _) => Ok(concept),
                    (None, [word]) => Ok(stemmer.stem(word).into_owned()),
                    _ => Err(unknown(format!(
                        "member {member:?} of {:?} has several words; add it to actors.toml",
                        region.name
                    ))),
                },
            )
            .collect::<Result<Vec<_>, _>>()?;
        members.insert(concept, terms);
    }
    Ok(Regions {
        member_words: file.member_words.iter().map(|w| word_key(w)).collect(),
        members,
    })
}

/// The index token that stands for an alias group: `~` and the canonical name's keys.
pub fn concept_token(canonical: &str) -> String {
    format!("~{}", keys_of(canonical).join("_"))
}

pub(crate) fn is_acronym(name: &str) -> bool {
    !name.contains(' ')
        && name.chars().any(char::is_uppercase)
        && !name.chars().any(char::is_lowercase)
}

fn keys_of(name: &str) -> Vec<String> {
    word_spans(name)
        .iter()
        .map(|s| word_key(s.of(name)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_in_knowledge_parses() {
        let knowledge = Knowledge::parse().expect("knowledge files parse");
        assert!(knowledge.abbreviations.titles.contains("dr"));
        assert!(knowledge.boilerplate.markers.contains("cookie"));
        assert!(knowledge.stopwords.contains("what"));
        assert!(knowledge.aliases.contains_key("us"));
        assert!(!knowledge.synonyms.is_empty());
        assert!(knowledge.answer_types.money.is_match("a $10 billion loan"));
        assert!(knowledge.answer_types.date.is_match("in 2020"));
        assert!(!knowledge.answer_types.number.is_match("no figures here"));
        // Items of a list may hold letters beyond ASCII; a lone name and a sentence are no list.
        let list = &knowledge.answer_types.list;
        assert_eq!(
            list.find("It visited Zürich, Genève and Köln.")
                .map(|m| m.as_str()),
            Some("It visited Zürich, Genève and K")
        );
        assert!(!list.is_match("Zürich is in Switzerland."));
        assert_eq!(
            knowledge.regions.members[&concept_token("Central Asian countries")].len(),
            5
        );
        assert!(knowledge.regions.member_words.contains("countries"));
        assert_eq!(knowledge.stemmer.stem("won"), "win");
        assert!(knowledge.cues.speech.contains("said"));
        assert!(knowledge
            .news
            .byline_openers
            .contains(&vec!["by".to_string()]));
        assert!(knowledge
            .actors
            .list
            .iter()
            .any(|a| a.name == "United States"));
    }

    #[test]
    fn actor_names_and_demonyms_share_their_concept() {
        let knowledge = Knowledge::get();
        let concept_of = |first: &str| knowledge.aliases[first][0].1.clone();
        assert_eq!(concept_of("washington"), concept_token("United States"));
        assert_eq!(concept_of("american"), concept_token("United States"));
        assert_eq!(concept_of("exim"), concept_token("Export-Import Bank"));
        assert_eq!(concept_of("ree"), concept_token("rare earth"));
    }

    #[test]
    fn demonyms_are_no_actor_names() {
        let actors = &Knowledge::get().actors;
        assert_eq!(
            actors.lookup("washington").map(|a| a.name.as_str()),
            Some("United States")
        );
        assert!(actors.lookup("American").is_none());
    }
}
