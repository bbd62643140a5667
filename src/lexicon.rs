//! Checked-in knowledge: abbreviations, stop words, aliases and synonyms from `lexicon/*.toml`.
//!
//! The files are compiled into the binary so quarry runs from any folder, and parsed once.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::text::{stem, word_key, word_spans};

const ABBREVIATIONS: &str = include_str!("../lexicon/abbreviations.toml");
const STOPWORDS: &str = include_str!("../lexicon/stopwords.toml");
const ALIASES: &str = include_str!("../lexicon/aliases.toml");
const SYNONYMS: &str = include_str!("../lexicon/synonyms.toml");
const ANSWER_TYPES: &str = include_str!("../lexicon/answer_types.toml");
const REGIONS: &str = include_str!("../lexicon/regions.toml");
const IRREGULAR_VERBS: &str = include_str!("../lexicon/irregular_verbs.toml");

/// Every lexicon file that shapes what gets indexed; the index is rebuilt when one changes.
pub const INDEXED_SOURCES: &[&str] =
    &[ABBREVIATIONS, STOPWORDS, ALIASES, SYNONYMS, IRREGULAR_VERBS];

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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    group: Vec<AliasGroupFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasGroupFile {
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
    leading: HashSet<String>,
    measures: HashSet<String>,
    count_nouns: HashSet<String>,
    share_nouns: HashSet<String>,
    money_nouns: HashSet<String>,
    date_nouns: HashSet<String>,
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymFile {
    groups: Vec<Vec<String>>,
}

/// One name of an alias group, as the word keys it is made of ("U.S." → ["us"]).
#[derive(Debug, Clone)]
pub struct AliasName {
    pub keys: Vec<String>,
    /// For acronyms: the only spelling that matches (case and inner dots included).
    pub exact: Option<String>,
}

/// Everything quarry knows about words, loaded once.
#[derive(Debug)]
pub struct Lexicon {
    pub abbreviations: Abbreviations,
    pub stopwords: HashSet<String>,
    /// Alias names by their first word key, each with the concept token it stands for.
    pub aliases: HashMap<String, Vec<(AliasName, String)>>,
    /// Stem → the stems that mean the same.
    pub synonyms: HashMap<String, Vec<String>>,
    pub answer_types: AnswerTypes,
    pub regions: Regions,
}

/// A lexicon file that does not parse; only possible when a checked-in file is edited badly.
#[derive(Debug, thiserror::Error)]
#[error("lexicon/{file}: {message}")]
pub struct LexiconError {
    file: &'static str,
    message: String,
}

impl Lexicon {
    /// The lexicon compiled into this binary. Panics only if a checked-in file is malformed,
    /// which the test `checked_in_lexicon_parses` rules out before release.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| match Lexicon::parse() {
            Ok(lexicon) => lexicon,
            Err(e) => panic!("{e}"),
        })
    }

    pub fn parse() -> Result<Lexicon, LexiconError> {
        fn load<T: serde::de::DeserializeOwned>(
            file: &'static str,
            text: &str,
        ) -> Result<T, LexiconError> {
            toml::from_str(text).map_err(|e| LexiconError {
                file,
                message: e.to_string(),
            })
        }
        let abbreviations: Abbreviations = load("abbreviations.toml", ABBREVIATIONS)?;
        let stop: StopwordFile = load("stopwords.toml", STOPWORDS)?;
        let alias_file: AliasFile = load("aliases.toml", ALIASES)?;
        let synonym_file: SynonymFile = load("synonyms.toml", SYNONYMS)?;
        let types: AnswerTypeFile = load("answer_types.toml", ANSWER_TYPES)?;
        let region_file: RegionFile = load("regions.toml", REGIONS)?;
        let regex = |name: &str, pattern: &str| {
            Regex::new(pattern).map_err(|e| LexiconError {
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
            leading: types.leading,
            measures: types.measures,
            count_nouns: types.count_nouns,
            share_nouns: types.share_nouns,
            money_nouns: types.money_nouns,
            date_nouns: types.date_nouns,
        };

        let stopwords = stop.question.into_iter().chain(stop.function).collect();
        let mut aliases: HashMap<String, Vec<(AliasName, String)>> = HashMap::new();
        for group in alias_file.group {
            let Some(canonical) = group.names.first() else {
                continue;
            };
            let concept = concept_token(canonical);
            for name in &group.names {
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
                .map(|w| stem(&word_key(w)).into_owned())
                .collect();
            for s in &stems {
                let others = stems.iter().filter(|o| *o != s).cloned();
                synonyms.entry(s.clone()).or_default().extend(others);
            }
        }
        let regions = regions(region_file, &aliases)?;
        Ok(Lexicon {
            abbreviations,
            stopwords,
            aliases,
            synonyms,
            answer_types,
            regions,
        })
    }
}

/// Resolves region and member names to index terms: an alias group's concept, or a one-word stem.
fn regions(
    file: RegionFile,
    aliases: &HashMap<String, Vec<(AliasName, String)>>,
) -> Result<Regions, LexiconError> {
    let concept_of = |name: &str| -> Option<String> {
        let keys = keys_of(name);
        aliases
            .get(keys.first()?)?
            .iter()
            .find(|(alias, _)| alias.keys == keys)
            .map(|(_, concept)| concept.clone())
    };
    let unknown = |what: String| LexiconError {
        file: "regions.toml",
        message: what,
    };
    let mut members = HashMap::new();
    for region in file.region {
        let concept = concept_of(&region.name).ok_or_else(|| {
            unknown(format!(
                "region {:?} is not a name in aliases.toml",
                region.name
            ))
        })?;
        let terms = region
            .members
            .iter()
            .map(
                |member| match (concept_of(member), keys_of(member).as_slice()) {
                    (Some(concept), _) => Ok(concept),
                    (None, [word]) => Ok(stem(word).into_owned()),
                    _ => Err(unknown(format!(
                        "member {member:?} of {:?} has several words; add it to aliases.toml",
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

/// Past forms of irregular verbs ("won", "led") → the verb. Read apart from [`Lexicon`] because
/// stemming, which the lexicon itself uses, needs it.
pub fn irregular_verbs() -> Result<HashMap<String, String>, LexiconError> {
    let verbs: HashMap<String, Vec<String>> =
        toml::from_str(IRREGULAR_VERBS).map_err(|e| LexiconError {
            file: "irregular_verbs.toml",
            message: e.to_string(),
        })?;
    Ok(verbs
        .into_iter()
        .flat_map(|(verb, forms)| forms.into_iter().map(move |form| (form, verb.clone())))
        .collect())
}

/// The index token that stands for an alias group: `~` and the canonical name's keys.
pub fn concept_token(canonical: &str) -> String {
    format!("~{}", keys_of(canonical).join("_"))
}

fn is_acronym(name: &str) -> bool {
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
    fn checked_in_lexicon_parses() {
        let lexicon = Lexicon::parse().expect("lexicon files parse");
        assert!(lexicon.abbreviations.titles.contains("dr"));
        assert!(lexicon.stopwords.contains("what"));
        assert!(lexicon.aliases.contains_key("us"));
        assert!(!lexicon.synonyms.is_empty());
        assert!(lexicon.answer_types.money.is_match("a $10 billion loan"));
        assert!(lexicon.answer_types.date.is_match("in 2020"));
        assert!(!lexicon.answer_types.number.is_match("no figures here"));
        assert_eq!(
            lexicon.regions.members[&concept_token("Central Asia")].len(),
            5
        );
        assert!(lexicon.regions.member_words.contains("countries"));
        let verbs = irregular_verbs().expect("irregular_verbs.toml parses");
        assert_eq!(verbs["won"], "win");
    }

    #[test]
    fn alias_names_share_their_group_concept() {
        let lexicon = Lexicon::get();
        let concept_of = |first: &str| lexicon.aliases[first][0].1.clone();
        assert_eq!(concept_of("washington"), concept_token("United States"));
        assert_eq!(concept_of("exim"), concept_token("Export-Import Bank"));
    }
}
