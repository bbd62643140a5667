//! The ledger: the same commitment reported by several articles becomes one entry that cites
//! every article. Entries are keyed by actor and the content words of the action, so their ids
//! stay the same when the index is rebuilt. The ledger lists the entries that matter first
//! ([`significance`]); every surface, the digest included, shows them in that order.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Amount, Commitment, Stage};
use quarry_text::Knowledge;
use quarry_text::{one_line, stem, word_key, word_spans};

/// Articles cited per line of the ledger or the digest; more reports are counted ("+2 more").
pub const CITED_PER_LINE: usize = 2;
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
    /// The publication date of the newest article that reports it, when any is dated.
    pub newest: Option<NaiveDate>,
    pub evidence: Vec<Commitment>,
    /// The stems a topic is looked for in (actions, quotes, actor), worked out the first time a
    /// topic is asked: a question to the ledger weighs every entry.
    #[serde(skip)]
    topic_stems: Cached<BTreeSet<String>>,
}

/// What is worked out once from the rest of an entry: it does not make two entries differ.
#[derive(Debug, Clone, Default)]
struct Cached<T>(OnceLock<T>);

impl<T> PartialEq for Cached<T> {
    fn eq(&self, _: &Cached<T>) -> bool {
        true
    }
}

impl Entry {
    /// An entry first reported by `evidence`.
    pub fn new(
        id: String,
        actor: String,
        action: String,
        stage: Stage,
        newest: Option<NaiveDate>,
        evidence: Vec<Commitment>,
    ) -> Entry {
        Entry {
            id,
            actor,
            action,
            stage,
            newest,
            evidence,
            topic_stems: Cached::default(),
        }
    }

    /// Whether the entry's actions, quotes or actor hold every stem of `topic`.
    fn is_about(&self, topic: &BTreeSet<String>) -> bool {
        topic.is_empty()
            || self
                .topic_stems
                .0
                .get_or_init(|| {
                    let mut text = self
                        .evidence
                        .iter()
                        .map(|c| format!("{} {}", c.action, c.quote))
                        .collect::<Vec<_>>()
                        .join(" ");
                    text.push(' ');
                    text.push_str(&self.actor);
                    content_stems(&text)
                })
                .is_superset(topic)
    }

    /// How many articles report it.
    pub fn sources(&self) -> usize {
        let docs: BTreeSet<&str> = self.evidence.iter().map(|c| c.doc.as_str()).collect();
        docs.len()
    }

    /// The action as a clause a reader can finish: extended within its evidence sentence to the
    /// end of the clause when the extraction stopped mid-phrase ("… to discuss strategies for"
    /// becomes "… to discuss strategies for securing rare earth metals").
    pub fn clause(&self) -> String {
        let action = one_line(&self.action);
        self.evidence
            .iter()
            .find_map(|c| clause_in(&action, &one_line(&c.quote)))
            .unwrap_or(action)
    }

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

/// An entry as a line people read: "Australia — unveiled a minerals reserve ($1.2 billion)
/// (firm) [1]", with the numbers of the sources cited for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The ledger entry id, as `/commitments` and `quarry commitments --json` give it.
    pub entry: String,
    pub actor: String,
    /// The action as a readable clause ([`Entry::clause`]).
    pub action: String,
    /// The amounts its reports give, as written, when the clause does not say them already.
    pub amounts: Vec<String>,
    pub stage: Stage,
    /// Numbers of the citations shown for it.
    pub sources: Vec<usize>,
    /// Reports of it beyond those cited.
    pub more_sources: usize,
    /// Reported before the window a digest covers (an older article or an earlier digest).
    pub reported_before: bool,
}

impl Line {
    /// `entry` citing sources number `sources`, with `more_sources` further reports.
    pub fn of(entry: &Entry, sources: Vec<usize>, more_sources: usize) -> Line {
        let action = entry.clause();
        Line {
            entry: entry.id.clone(),
            actor: entry.actor.clone(),
            amounts: entry
                .amounts()
                .iter()
                .filter(|a| !action.contains(&a.text))
                .map(|a| a.text.clone())
                .collect(),
            action,
            stage: entry.stage,
            sources,
            more_sources,
            reported_before: false,
        }
    }

    /// "unveiled a minerals reserve ($1.2 billion) (firm)": the clause, amounts and stage.
    pub fn what(&self) -> String {
        let amounts = if self.amounts.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.amounts.join(", "))
        };
        format!("{}{amounts} ({})", self.action, self.stage.as_str())
    }

    /// " [1] [2] +1 more · reported before": the numbered sources, and whether it is news.
    pub fn marks(&self) -> String {
        let mut marks: String = self.sources.iter().map(|n| format!(" [{n}]")).collect();
        if self.more_sources > 0 {
            marks.push_str(&format!(" +{} more", self.more_sources));
        }
        if self.reported_before {
            marks.push_str(" \u{b7} reported before");
        }
        marks
    }

    /// "Australia — unveiled a minerals reserve ($1.2 billion) (firm) [1]".
    pub fn to_text(&self) -> String {
        format!("{} \u{2014} {}{}", self.actor, self.what(), self.marks())
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

impl Filter {
    /// Whether it selects the whole ledger.
    pub fn is_empty(&self) -> bool {
        self.actor.is_none() && self.topic.is_none() && self.stage.is_none()
    }
}

/// Words a clause may grow by to reach its end; past that the clause is cut with "…".
const CLAUSE_GROWTH: usize = 16;

/// `action` extended to the end of its clause in `quote`, when the quote holds it verbatim.
fn clause_in(action: &str, quote: &str) -> Option<String> {
    let at = quote.find(action)?;
    let mut end = at + action.len();
    // A figure cut at its separator ("£150" of "£150,000") is finished first.
    while quote[end..].starts_with([',', '.'])
        && quote[end + 1..].starts_with(|c: char| c.is_ascii_digit())
    {
        let digits = quote[end + 1..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(quote.len() - end - 1);
        end += 1 + digits;
    }
    let action = &quote[at..end];
    let rest = &quote[end..];
    let ends_here = rest.is_empty() || rest.starts_with([',', ';', ':', '.', '!', '?', ')']);
    if ends_here || rest.starts_with(" \u{2014}") || rest.starts_with(" -") {
        return Some(action.to_string());
    }
    // The action ends inside a word: there is no clean way to finish it.
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let end = rest
        .find([',', ';', ':', '(', '\u{2014}', '\u{201c}', '"'])
        .unwrap_or(rest.len());
    let tail = rest[..end].trim_end();
    let tail = tail.trim_end_matches(['.', '!', '?', '\u{201d}', '\u{2019}', '\'']);
    let added: Vec<&str> = tail.split_whitespace().collect();
    if added.len() <= CLAUSE_GROWTH {
        return Some(format!("{action}{tail}"));
    }
    let stop = &Knowledge::get().stopwords;
    let mut kept = &added[..CLAUSE_GROWTH];
    while let Some((last, before)) = kept.split_last() {
        if !stop.contains(&word_key(last)) {
            break;
        }
        kept = before;
    }
    if kept.is_empty() {
        return Some(format!("{action}\u{2026}"));
    }
    Some(format!("{action} {}\u{2026}", kept.join(" ")))
}

/// The ledger's one order, most significant first: reported by more articles, naming money,
/// firmer, newer. Ties keep corpus order (the sort is stable).
pub fn significance(a: &Entry, b: &Entry) -> Ordering {
    let key = |e: &Entry| {
        (
            Reverse(e.sources()),
            Reverse(!e.amounts().is_empty()),
            Reverse(e.stage),
            Reverse(e.newest),
        )
    };
    key(a).cmp(&key(b))
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

/// Merges commitments (in corpus order) into ledger entries, most significant first;
/// `published(doc)` dates an article.
pub fn build<'a>(
    commitments: impl IntoIterator<Item = &'a Commitment>,
    published: impl Fn(&str) -> Option<NaiveDate>,
) -> Vec<Entry> {
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
                entry.stage = entry.stage.max(c.stage);
                entry.newest = entry.newest.max(published(&c.doc));
                s.extend(stems);
                entry.evidence.push(c.clone());
            }
            None => {
                let key: Vec<&str> = stems.iter().take(KEY_STEMS).map(String::as_str).collect();
                let hash = blake3::hash(format!("{}\0{}", c.actor, key.join(" ")).as_bytes());
                let id = hash.to_hex()[..8].to_string();
                let entry = Entry::new(
                    id,
                    c.actor.clone(),
                    c.action.clone(),
                    c.stage,
                    published(&c.doc),
                    vec![c.clone()],
                );
                entries.push((entry, stems));
            }
        }
    }
    let mut list: Vec<Entry> = entries.into_iter().map(|(e, _)| e).collect();
    list.sort_by(significance);
    list
}

/// The actor asked for, looked up once, to test entries' actors against.
pub struct ActorFilter {
    /// The canonical name asked for, lowercased.
    canonical: String,
}

impl ActorFilter {
    pub fn new(asked: &str) -> ActorFilter {
        let canonical = Knowledge::get()
            .actors
            .lookup(asked)
            .map_or_else(|| asked.trim().to_lowercase(), |a| a.name.to_lowercase());
        ActorFilter { canonical }
    }

    /// Whether an entry's actor is the one asked for (or an official or agency of that country).
    pub fn matches(&self, entry_actor: &str) -> bool {
        let same = |name: &str| name.to_lowercase() == self.canonical;
        same(entry_actor)
            || Knowledge::get()
                .actors
                .lookup(entry_actor)
                .and_then(|a| a.country.as_deref())
                .is_some_and(same)
    }

    /// The entries whose actor matches, in their order; each actor is tested once.
    pub fn select<'a>(&self, entries: impl IntoIterator<Item = &'a Entry>) -> Vec<&'a Entry> {
        let mut tested: HashMap<&str, bool> = HashMap::new();
        entries
            .into_iter()
            .filter(|e| {
                *tested
                    .entry(e.actor.as_str())
                    .or_insert_with(|| self.matches(&e.actor))
            })
            .collect()
    }
}

/// The entries a filter selects, in ledger order.
pub fn select<'a>(entries: impl IntoIterator<Item = &'a Entry>, filter: &Filter) -> Vec<&'a Entry> {
    let topic = filter
        .topic
        .as_deref()
        .map(content_stems)
        .unwrap_or_default();
    let by_actor: Vec<&Entry> = match filter.actor.as_deref() {
        Some(asked) => ActorFilter::new(asked).select(entries),
        None => entries.into_iter().collect(),
    };
    by_actor
        .into_iter()
        .filter(|e| {
            filter
                .stage
                .is_none_or(|s| e.stage == s || e.evidence.iter().any(|c| c.stage == s))
        })
        .filter(|e| e.is_about(&topic))
        .collect()
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
        let entries = build([&a, &b, &c], |_| None);
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
        assert_eq!(build([&a, &b], |_| None).len(), 2);
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
        let first = build([&a, &b], |_| None);
        assert_eq!(first, build([&a, &b], |_| None));
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
    }

    #[test]
    fn the_ledger_lists_more_sources_then_money_then_firmer_then_newer_first() {
        let stage = |c: Commitment, stage: Stage| Commitment { stage, ..c };
        let hedged = stage(
            commitment("a", "Japan", "may review ports", None),
            Stage::Hedged,
        );
        let intent = stage(
            commitment("a", "India", "plans new mines", None),
            Stage::Intent,
        );
        let firm_old = commitment("a", "Chile", "opened a lithium plant", None);
        let firm_new = commitment("b", "Peru", "opened a copper smelter", None);
        let money = stage(
            commitment("a", "Kenya", "plans a fund", Some(("$2 billion", 2e9))),
            Stage::Hedged,
        );
        let twice = [
            stage(
                commitment("a", "Ghana", "may ban exports", None),
                Stage::Hedged,
            ),
            stage(
                commitment("b", "Ghana", "may ban raw exports", None),
                Stage::Hedged,
            ),
        ];
        let dated = |doc: &str| NaiveDate::from_ymd_opt(2026, 1, if doc == "b" { 9 } else { 2 });
        let all = [
            &hedged, &intent, &firm_old, &firm_new, &money, &twice[0], &twice[1],
        ];
        let actors: Vec<String> = build(all, dated).into_iter().map(|e| e.actor).collect();
        assert_eq!(
            actors,
            ["Ghana", "Kenya", "Peru", "Chile", "India", "Japan"],
            "two sources, money, firm and newer, firm, intent, hedged"
        );
    }

    #[test]
    fn a_clause_cut_by_extraction_is_finished_from_its_quote() {
        let mut c = commitment(
            "a",
            "Donald Trump",
            "hosted leaders to discuss strategies for",
            None,
        );
        c.quote = "President Donald Trump hosted leaders to discuss strategies for securing rare earth metals, which are crucial.".into();
        let entry = &build([&c], |_| None)[0];
        assert_eq!(
            entry.clause(),
            "hosted leaders to discuss strategies for securing rare earth metals"
        );
        c.quote = format!("Donald Trump {} {}.", c.action, "word ".repeat(30).trim());
        let long = build([&c], |_| None)[0].clause();
        assert!(long.ends_with("word\u{2026}"), "{long}");
        c.action = "raised the threshold to £150".into();
        c.quote = "Japan raised the threshold to £150,000, officials said.".into();
        assert_eq!(
            build([&c], |_| None)[0].clause(),
            "raised the threshold to £150,000"
        );
        c.quote = "It is unrelated.".into();
        assert_eq!(build([&c], |_| None)[0].clause(), c.action);
    }
}
