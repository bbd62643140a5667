//! Lemmas: suffix rules learned from the treebank per tag (`-ies` → `-y` for NNS, `-ed`
//! → `` for VBD, ...), plus an exception table for the frequent forms those rules get
//! wrong (`went` → `go`, `'s` → `be`). A rule is "take the form (lowercased or not), cut
//! n characters, append a string", so the same few rules cover most of English.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::conllu::TreebankSentence;
use crate::error::GrammarError;
use crate::hash::{fnv_str, key, KeyMap};
use crate::model::{Reader, Writer};
use crate::upos::Upos;

/// Longest suffix a rule is keyed on.
const MAX_SUFFIX: usize = 6;
/// Word types a suffix needs before its rule is trusted for unseen words.
const MIN_SUPPORT: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Rule {
    lower: bool,
    strip: u32,
    append: String,
}

impl Rule {
    fn of(form: &str, lemma: &str, upos: Upos) -> Rule {
        let keep = Rule::derive(form, lemma, false);
        let low = Rule::derive(&form.to_lowercase(), lemma, true);
        match keep.0.cmp(&low.0) {
            std::cmp::Ordering::Greater => keep.1,
            std::cmp::Ordering::Less => low.1,
            std::cmp::Ordering::Equal if upos == Upos::Propn => keep.1,
            std::cmp::Ordering::Equal => low.1,
        }
    }

    /// The rule turning `base` into `lemma`, with the length of the prefix they share.
    fn derive(base: &str, lemma: &str, lower: bool) -> (usize, Rule) {
        let shared = base
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let rule = Rule {
            lower,
            strip: (base.chars().count() - shared) as u32,
            append: lemma.chars().skip(shared).collect(),
        };
        (shared, rule)
    }

    fn apply(&self, form: &str) -> Option<String> {
        let base = if self.lower {
            form.to_lowercase()
        } else {
            form.to_string()
        };
        let n = base.chars().count();
        let keep = n.checked_sub(self.strip as usize)?;
        let mut out: String = base.chars().take(keep).collect();
        out.push_str(&self.append);
        Some(out)
    }
}

pub(crate) struct Lemmatizer {
    rules: Vec<Rule>,
    /// (tag, suffix) → rule, only where a suffix changes the rule of its shorter suffix.
    suffixes: KeyMap<u32>,
    /// (tag, lowercased form) → rule, only where the suffix rules are wrong.
    exceptions: KeyMap<u32>,
}

impl Lemmatizer {
    /// `tags[s][i]` is the tag class of word i of sentence s.
    pub(crate) fn train(sentences: &[TreebankSentence], tags: &[Vec<u8>]) -> Lemmatizer {
        // (tag, lowercased form) → (form as written, lemma) → count.
        type Uses = BTreeMap<(String, String), u32>;
        let mut by_type: BTreeMap<(u8, String), Uses> = BTreeMap::new();
        let mut upos_of: HashMap<u8, Upos> = HashMap::new();
        for (s, ts) in sentences.iter().zip(tags) {
            for (w, &t) in s.words.iter().zip(ts) {
                if w.lemma == "_" {
                    continue;
                }
                upos_of.insert(t, w.upos);
                *by_type
                    .entry((t, w.form.to_lowercase()))
                    .or_default()
                    .entry((w.form.clone(), w.lemma.clone()))
                    .or_default() += 1;
            }
        }
        let right = |uses: &Uses, lemma_of: &dyn Fn(&str) -> Option<String>| -> u32 {
            uses.iter()
                .filter(|((form, lemma), _)| lemma_of(form).as_deref() == Some(lemma.as_str()))
                .map(|(_, &c)| c)
                .sum()
        };
        // The rule that gets most uses of a word type right, whatever their casing.
        let mut types: Vec<(u8, String, Rule, u32)> = Vec::new();
        for ((t, lower), uses) in &by_type {
            let upos = upos_of.get(t).copied().unwrap_or(Upos::X);
            let candidates: BTreeSet<Rule> = uses
                .keys()
                .map(|(form, lemma)| Rule::of(form, lemma, upos))
                .collect();
            let best = candidates
                .into_iter()
                .map(|r| (right(uses, &|f| r.apply(f)), r))
                .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
            if let Some((score, rule)) = best {
                types.push((*t, lower.clone(), rule, score));
            }
        }

        let best_of = |counts: &BTreeMap<Rule, u32>| -> Option<Rule> {
            counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(r, _)| r.clone())
        };
        let mut by_suffix: BTreeMap<(usize, u8, String), BTreeMap<Rule, u32>> = BTreeMap::new();
        for (t, lower, rule, _) in &types {
            let chars: Vec<char> = lower.chars().collect();
            for k in 0..=MAX_SUFFIX.min(chars.len().saturating_sub(1)) {
                let suffix: String = chars[chars.len() - k..].iter().collect();
                *by_suffix
                    .entry((k, *t, suffix))
                    .or_default()
                    .entry(rule.clone())
                    .or_default() += 1;
            }
        }
        let mut lem = Lemmatizer {
            rules: Vec::new(),
            suffixes: KeyMap::default(),
            exceptions: KeyMap::default(),
        };
        let mut rule_ids: HashMap<Rule, u32> = HashMap::new();
        // Shorter suffixes first, so each entry is compared with what lookup would
        // return without it.
        for ((k, t, suffix), counts) in &by_suffix {
            let total: u32 = counts.values().sum();
            if *k > 0 && total < MIN_SUPPORT {
                continue;
            }
            let Some(best) = best_of(counts) else {
                continue;
            };
            let fallback = lem.suffix_rule(&format!("x{suffix}"), *t, k.saturating_sub(1));
            if *k == 0 || fallback.as_ref() != Some(&best) {
                let id = lem.rule_id(&mut rule_ids, best);
                lem.suffixes
                    .insert(key(u64::from(*t), &[fnv_str(suffix)]), id);
            }
        }
        for (t, lower, rule, score) in types {
            let Some(uses) = by_type.get(&(t, lower.clone())) else {
                continue;
            };
            let by_suffix = right(uses, &|f| {
                lem.suffix_rule(f, t, MAX_SUFFIX).and_then(|r| r.apply(f))
            });
            if score > by_suffix {
                let id = lem.rule_id(&mut rule_ids, rule);
                lem.exceptions
                    .insert(key(u64::from(t), &[fnv_str(&lower)]), id);
            }
        }
        lem
    }

    fn rule_id(&mut self, ids: &mut HashMap<Rule, u32>, rule: Rule) -> u32 {
        *ids.entry(rule.clone()).or_insert_with(|| {
            self.rules.push(rule);
            (self.rules.len() - 1) as u32
        })
    }

    /// The rule of the longest known suffix (up to `max` characters) of `form`.
    fn suffix_rule(&self, form: &str, tag: u8, max: usize) -> Option<Rule> {
        let lower = form.to_lowercase();
        // Byte offset where each suffix starts, by its length in characters.
        let starts: Vec<usize> = lower
            .char_indices()
            .map(|(i, _)| i)
            .chain([lower.len()])
            .rev()
            .collect();
        let longest = max.min(starts.len().saturating_sub(2));
        (0..=longest).rev().find_map(|k| {
            let suffix = &lower[starts[k]..];
            let id = self
                .suffixes
                .get(&key(u64::from(tag), &[fnv_str(suffix)]))?;
            let rule = self.rules.get(*id as usize)?;
            rule.apply(form).map(|_| rule.clone())
        })
    }

    pub(crate) fn lemma(&self, form: &str, tag: u8, upos: Upos) -> String {
        let plain = crate::tokenize::plain_apostrophes(form);
        let form = plain.as_ref();
        let lower = form.to_lowercase();
        let exception = self
            .exceptions
            .get(&key(u64::from(tag), &[fnv_str(&lower)]))
            .and_then(|&id| self.rules.get(id as usize))
            .and_then(|r| r.apply(form));
        exception
            .or_else(|| {
                self.suffix_rule(form, tag, MAX_SUFFIX)
                    .and_then(|r| r.apply(form))
            })
            // A name keeps its letters: the suffix rules may cut an ending ("Baathists",
            // "Dec.") but, learned mostly on common words, would turn an unseen name into
            // another word ("Tony" into "Sony") or lower its case.
            .filter(|lemma| upos != Upos::Propn || keeps_stem(form, lemma))
            .map(|lemma| {
                if upos == Upos::Verb {
                    with_silent_e(lemma)
                } else {
                    lemma
                }
            })
            .unwrap_or_else(|| {
                if upos == Upos::Propn {
                    form.to_string()
                } else {
                    lower
                }
            })
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.varint(self.rules.len() as u64);
        for r in &self.rules {
            w.u8(u8::from(r.lower));
            w.varint(u64::from(r.strip));
            w.str(&r.append);
        }
        for table in [&self.suffixes, &self.exceptions] {
            let mut entries: Vec<(u64, u32)> = table.iter().map(|(&k, &v)| (k, v)).collect();
            entries.sort_unstable();
            w.varint(entries.len() as u64);
            for (k, v) in entries {
                w.u64(k);
                w.varint(u64::from(v));
            }
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Lemmatizer, GrammarError> {
        let n = r.count()?;
        let mut rules = Vec::with_capacity(n);
        for _ in 0..n {
            rules.push(Rule {
                lower: r.u8()? != 0,
                strip: u32::try_from(r.varint()?)
                    .map_err(|_| GrammarError::Model("lemma rule strip".into()))?,
                append: r.str()?,
            });
        }
        let mut tables = [KeyMap::default(), KeyMap::default()];
        for table in &mut tables {
            let n = r.count()?;
            table.reserve(n);
            for _ in 0..n {
                let k = r.u64()?;
                let v = r.varint()?;
                if v >= rules.len() as u64 {
                    return Err(GrammarError::Model("lemma rule id out of range".into()));
                }
                table.insert(k, v as u32);
            }
        }
        let [suffixes, exceptions] = tables;
        Ok(Lemmatizer {
            rules,
            suffixes,
            exceptions,
        })
    }
}

/// English spells no word ending in a consonant and "l" without a final "e" ("double",
/// "table", "cycle"): a suffix rule that cut "-ed" from a form the treebank never showed
/// ("doubled", "tabled") gives the "e" back.
fn with_silent_e(mut lemma: String) -> String {
    let mut tail = lemma.chars().rev();
    if let (Some('l'), Some(c)) = (tail.next(), tail.next()) {
        if "bcdfgkpstvyz".contains(c) {
            lemma.push('e');
        }
    }
    lemma
}

/// Whether `lemma` keeps all of `form` as written but for an ending of a few characters.
fn keeps_stem(form: &str, lemma: &str) -> bool {
    const MAX_ENDING: usize = 2;
    let shared = form
        .chars()
        .zip(lemma.chars())
        .take_while(|(a, b)| a == b)
        .count();
    form.chars().count() - shared <= MAX_ENDING
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_reproduce_their_lemma() {
        for (form, lemma, upos) in [
            ("studies", "study", Upos::Noun),
            ("The", "the", Upos::Det),
            ("Baathists", "Baathist", Upos::Propn),
            ("went", "go", Upos::Verb),
            ("Dec.", "December", Upos::Propn),
        ] {
            let rule = Rule::of(form, lemma, upos);
            assert_eq!(rule.apply(form).as_deref(), Some(lemma), "{form}");
        }
    }

    #[test]
    fn a_verb_ending_in_a_consonant_and_l_keeps_its_e() {
        assert_eq!(with_silent_e("doubl".into()), "double");
        assert_eq!(with_silent_e("tabl".into()), "table");
        assert_eq!(with_silent_e("cancel".into()), "cancel");
        assert_eq!(with_silent_e("curl".into()), "curl");
        assert_eq!(with_silent_e("fill".into()), "fill");
    }

    #[test]
    fn names_keep_their_letters() {
        assert!(keeps_stem("Baathists", "Baathist"));
        assert!(keeps_stem("Dec.", "December"));
        assert!(!keeps_stem("Tony", "Sony"));
        assert!(!keeps_stem("Apple", "apple"));
    }
}
