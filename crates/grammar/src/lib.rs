//! English grammar for quarry: tokenizer, part-of-speech tagger, lemmatizer and
//! dependency parser, trained by this crate on Universal Dependencies English EWT.
//!
//! ```no_run
//! let parse = grammar::Grammar::english().parse("Qwest has said it will table a new offer.");
//! for w in &parse.words {
//!     println!("{} {} {} {:?} {}", w.text, w.upos, w.lemma, w.head, w.deprel);
//! }
//! ```

mod conllu;
mod error;
mod hash;
mod lemma;
mod model;
mod parser;
mod perceptron;
mod rng;
mod tagger;
mod tokenize;
pub mod train;
mod upos;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use quarry_text::memo::Memo;

pub use conllu::{parse_conllu, TreebankSentence, TreebankWord};
pub use error::GrammarError;
pub use tokenize::tokenize;
pub use upos::Upos;

use lemma::Lemmatizer;
use model::{Reader, Writer, MAGIC, VERSION};
use parser::Parser;
use tagger::Tagger;

/// The model trained on UD English EWT (CC BY-SA 4.0); see `model/README.md`.
static ENGLISH_MODEL: &[u8] = include_bytes!("../model/en_ewt.bin");

/// The SHA-256 of [`ENGLISH_MODEL`], as `model/README.md` gives it (a test holds the three
/// together). It stands for the model where parses must be known to be the same: hashing the
/// 7 MB model itself cost every command a twentieth of its start.
const ENGLISH_MODEL_SHA256: &str =
    "064584b1fb7bddd1250fa8d6b285532d09cff9d99dfba55bccf35d5e4a3bed74";

/// Tagger, lemmatizer and parser together.
pub struct Grammar {
    tagger: Tagger,
    lemmatizer: Lemmatizer,
    parser: Parser,
    /// What tagging and parsing gave for the sentences parsed lately, by their text. News
    /// repeats whole sentences (an article filed twice, syndicated copies, a stock paragraph),
    /// and finding one here costs far less than tagging and parsing it again; the result is the
    /// same, as a parse depends on nothing but the sentence. About 300 bytes a sentence.
    recent: Memo<String, Analysis>,
}

/// Sentences parsed lately, at most this many.
const RECENT_MAX: usize = 8192;

/// Tag, head and label of each word of a sentence.
struct Analysis {
    tags: Vec<u8>,
    heads: Vec<u32>,
    labels: Vec<u8>,
}

/// One word of a parsed sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// Byte offsets of the word in the parsed sentence: `&sentence[start..end] == text`.
    pub start: usize,
    pub end: usize,
    pub upos: Upos,
    /// Penn Treebank tag (`VBD`, `NNS`, ...).
    pub xpos: String,
    pub lemma: String,
    /// Index of the head word in `Parse::words`; `None` for the root.
    pub head: Option<usize>,
    /// Universal Dependencies relation to the head, with subtype (`nsubj:pass`).
    pub deprel: String,
}

impl Word {
    /// The relation without its subtype: `nsubj` for `nsubj:pass`.
    pub fn base_deprel(&self) -> &str {
        self.deprel.split(':').next().unwrap_or("")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parse {
    pub words: Vec<Word>,
}

impl Parse {
    /// The word that heads the sentence.
    pub fn root(&self) -> Option<usize> {
        self.words.iter().position(|w| w.head.is_none())
    }

    /// Direct dependents of word `i`, left to right.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .filter(move |(_, w)| w.head == Some(i))
            .map(|(j, _)| j)
    }

    /// Dependents of `i` whose relation, without subtype, is one of `relations`.
    pub fn children_with<'a>(
        &'a self,
        i: usize,
        relations: &'a [&str],
    ) -> impl Iterator<Item = usize> + 'a {
        self.children(i)
            .filter(move |&j| relations.contains(&self.words[j].base_deprel()))
    }

    /// Whether `i` is `ancestor` or lies below it.
    pub fn is_within(&self, i: usize, ancestor: usize) -> bool {
        let mut at = Some(i);
        // A hand-built parse may hold a cycle: never walk further than the sentence.
        for _ in 0..=self.words.len() {
            match at {
                Some(j) if j == ancestor => return true,
                Some(j) => at = self.words.get(j).and_then(|w| w.head),
                None => return false,
            }
        }
        false
    }

    /// Word indices of `i` and everything below it, in sentence order.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        (0..self.words.len())
            .filter(|&j| self.is_within(j, i))
            .collect()
    }

    /// Byte range from the first to the last word of the subtree of `i`: the clause or
    /// phrase `i` heads, for quoting verbatim. Empty if `i` is out of range.
    pub fn subtree_range(&self, i: usize) -> Range<usize> {
        let span = self.subtree(i).into_iter().map(|j| &self.words[j]);
        span.fold(None, |acc: Option<Range<usize>>, w| {
            Some(match acc {
                Some(r) => r.start.min(w.start)..r.end.max(w.end),
                None => w.start..w.end,
            })
        })
        .unwrap_or(0..0)
    }

    /// Subjects of `i` (`nsubj`, `nsubj:pass`, `csubj`, ...).
    pub fn subjects_of(&self, i: usize) -> Vec<usize> {
        self.children_with(i, &["nsubj", "csubj"]).collect()
    }

    /// Auxiliaries of `i` (`will`, `has`, `been`, ...), passive ones included.
    pub fn aux_of(&self, i: usize) -> Vec<usize> {
        self.children_with(i, &["aux"]).collect()
    }

    /// Whether `i` is negated by a dependent `not`, `n't`, `never` or `no`.
    pub fn is_negated(&self, i: usize) -> bool {
        self.children(i).any(|j| {
            let w = &self.words[j];
            matches!(w.base_deprel(), "advmod" | "det" | "neg")
                && matches!(
                    w.lemma.to_lowercase().as_str(),
                    "not" | "never" | "no" | "n't"
                )
        })
    }
}

impl Grammar {
    /// The English model shipped in the crate, decoded on first use.
    pub fn english() -> &'static Grammar {
        static ENGLISH: OnceLock<Grammar> = OnceLock::new();
        ENGLISH.get_or_init(|| {
            // The embedded bytes are checked by this crate's tests, so a failure here
            // is a broken build, not a run-time condition.
            Grammar::from_bytes(ENGLISH_MODEL).expect("embedded English model is valid")
        })
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Grammar, GrammarError> {
        let mut r = Reader::new(bytes);
        if r.bytes(4)? != MAGIC {
            return Err(GrammarError::Model("not a quarry grammar model".into()));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(GrammarError::Model(format!(
                "version {version}, expected {VERSION}"
            )));
        }
        let tagger = Tagger::read(&mut r)?;
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let parser = Parser::read(&mut r)?;
        if !r.at_end() {
            return Err(GrammarError::Model("trailing bytes".into()));
        }
        Ok(Grammar::new(tagger, lemmatizer, parser))
    }

    pub(crate) fn new(tagger: Tagger, lemmatizer: Lemmatizer, parser: Parser) -> Grammar {
        Grammar {
            tagger,
            lemmatizer,
            parser,
            recent: Memo::new(RECENT_MAX),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(MAGIC);
        w.u32(VERSION);
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.parser.write(&mut w);
        w.into_bytes()
    }

    /// Tokenizes, tags, lemmatises and parses one sentence.
    pub fn parse(&self, sentence: &str) -> Parse {
        self.parse_sentence(sentence, false)
    }

    /// Parses a sentence whose first word the caller knows to be a name, as when its article
    /// capitalises the word inside sentences too ("Boeing said", not the gerund of "Gaming
    /// is"): its capital is read as a name's, not as the sentence's.
    pub fn parse_opening_name(&self, sentence: &str) -> Parse {
        self.parse_sentence(sentence, true)
    }

    fn parse_sentence(&self, sentence: &str, opening_name: bool) -> Parse {
        let spans = tokenize(sentence);
        let texts: Vec<&str> = spans.iter().map(|r| &sentence[r.clone()]).collect();
        if texts.is_empty() {
            return Parse::default();
        }
        // The lemmas are not remembered (they would triple the memory a sentence takes); a
        // fresh parse hands over the ones the parser saw, a remembered one makes them again.
        let mut fresh_lemmas = None;
        // A control character no sentence holds keeps the two readings apart.
        let key = if opening_name {
            Cow::Owned(format!("\u{1}{sentence}"))
        } else {
            Cow::Borrowed(sentence)
        };
        let analysis = self.recent.get(key.as_ref(), |_| {
            let (analysis, lemmas) = self.analysis(&texts, opening_name);
            fresh_lemmas = Some(lemmas);
            analysis
        });
        let lemmas = fresh_lemmas.unwrap_or_else(|| self.lemmas(&texts, &analysis.tags));
        Parse {
            words: self.words(&texts, &spans, &analysis, lemmas),
        }
    }

    /// Tags, lemmatises and parses words already split. Offsets are those of the words
    /// joined by single spaces.
    pub fn parse_tokens(&self, words: &[&str]) -> Vec<Word> {
        let mut spans = Vec::with_capacity(words.len());
        let mut at = 0;
        for w in words {
            spans.push(at..at + w.len());
            at += w.len() + 1;
        }
        self.analyse(words, &spans)
    }

    fn analyse(&self, words: &[&str], spans: &[Range<usize>]) -> Vec<Word> {
        if words.is_empty() {
            return Vec::new();
        }
        let (analysis, lemmas) = self.analysis(words, false);
        self.words(words, spans, &analysis, lemmas)
    }

    /// Tags and parses words, with the lemmas the parser saw.
    fn analysis(&self, words: &[&str], opening_name: bool) -> (Analysis, Vec<String>) {
        let mut read: Vec<&str> = words.iter().map(|w| tokenize::treebank_form(w)).collect();
        let tags = self.tagger.tag(&read, opening_name);
        let mut parser_tags = Cow::Borrowed(&tags);
        for i in self.plural_plans(words, &tags) {
            if let Some(singular) = self.tagger.class_of(Upos::Aux, "VBZ") {
                read[i] = "is";
                parser_tags.to_mut()[i] = singular;
            }
        }
        let mut lemmas = self.lemmas(&read, &tags);
        let (heads, labels) = self
            .parser
            .parse(&train::parser_words(&read, &parser_tags, &lemmas));
        // A sign read as "$" keeps its own lemma.
        for ((lemma, word), read) in lemmas.iter_mut().zip(words).zip(&read) {
            if word != read && *read == "$" {
                *lemma = word.to_string();
            }
        }
        let heads = heads.into_iter().map(|h| h as u32).collect();
        (
            Analysis {
                tags,
                heads,
                labels,
            },
            lemmas,
        )
    }

    /// Where an "are" opens the British plan to come ("Ministers are to unveil plans"): "be to"
    /// and a base-form verb is built alike whatever its number, and the treebank nearly only
    /// shows it in the singular, so the parser reads these as "is". The passive ("are to be
    /// digitised by Google") it already builds right in the plural, and worse read as "is".
    fn plural_plans(&self, words: &[&str], tags: &[u8]) -> Vec<usize> {
        let base_form = |t: u8| self.tagger.tags[usize::from(t)].xpos == "VB";
        (0..words.len().saturating_sub(2))
            .filter(|&i| {
                words[i].eq_ignore_ascii_case("are")
                    && words[i + 1].eq_ignore_ascii_case("to")
                    && base_form(tags[i + 2])
                    && !words[i + 2].eq_ignore_ascii_case("be")
            })
            .collect()
    }

    fn lemmas(&self, words: &[&str], tags: &[u8]) -> Vec<String> {
        words
            .iter()
            .zip(tags)
            .map(|(text, &t)| {
                let upos = self.tagger.tags[usize::from(t)].upos;
                self.lemmatizer.lemma(text, t, upos)
            })
            .collect()
    }

    fn words(
        &self,
        words: &[&str],
        spans: &[Range<usize>],
        analysis: &Analysis,
        lemmas: Vec<String>,
    ) -> Vec<Word> {
        let n = words.len();
        words
            .iter()
            .zip(spans)
            .zip(lemmas)
            .enumerate()
            .map(|(i, ((text, span), lemma))| {
                let tag = &self.tagger.tags[usize::from(analysis.tags[i])];
                let head = analysis.heads[i] as usize;
                Word {
                    text: text.to_string(),
                    start: span.start,
                    end: span.end,
                    upos: tag.upos,
                    xpos: tag.xpos.clone(),
                    lemma,
                    head: (head < n).then_some(head),
                    deprel: self
                        .parser
                        .labels
                        .get(usize::from(analysis.labels[i]))
                        .cloned()
                        .unwrap_or_default(),
                }
            })
            .collect()
    }

    /// Number of non-zero weights in the tagger and the parser.
    pub fn weight_counts(&self) -> (usize, usize) {
        (self.tagger.n_weights(), self.parser.n_weights())
    }
}

/// What parses depend on: the embedded model (by its SHA-256) and the code that reads it and
/// runs it. Whoever keeps results derived from parses (an index) hashes these to know when to
/// derive them again.
pub fn shaping_inputs() -> [&'static [u8]; 10] {
    [
        ENGLISH_MODEL_SHA256.as_bytes(),
        include_bytes!("lib.rs"),
        include_bytes!("tokenize.rs"),
        include_bytes!("tagger.rs"),
        include_bytes!("lemma.rs"),
        include_bytes!("parser.rs"),
        include_bytes!("perceptron.rs"),
        include_bytes!("model.rs"),
        include_bytes!("upos.rs"),
        include_bytes!("hash.rs"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digest that stands for the model in [`shaping_inputs`] is the model's, and the one
    /// its README gives: a retrained model with a stale digest would keep old parses in an index.
    #[test]
    fn the_model_digest_is_the_embedded_models_and_the_readmes() {
        use sha2::Digest;
        let digest: String = sha2::Sha256::digest(ENGLISH_MODEL)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        assert_eq!(digest, ENGLISH_MODEL_SHA256);
        let readme = include_str!("../model/README.md");
        assert!(readme.contains(ENGLISH_MODEL_SHA256));
    }

    fn word(text: &str, start: usize, head: Option<usize>, deprel: &str, lemma: &str) -> Word {
        Word {
            text: text.to_string(),
            start,
            end: start + text.len(),
            upos: Upos::X,
            xpos: String::new(),
            lemma: lemma.to_string(),
            head,
            deprel: deprel.to_string(),
        }
    }

    /// "He will not go home ." by hand.
    fn sample() -> Parse {
        Parse {
            words: vec![
                word("He", 0, Some(3), "nsubj", "he"),
                word("will", 3, Some(3), "aux", "will"),
                word("not", 8, Some(3), "advmod", "not"),
                word("go", 12, None, "root", "go"),
                word("home", 15, Some(3), "obl:npmod", "home"),
                word(".", 20, Some(3), "punct", "."),
            ],
        }
    }

    #[test]
    fn helpers_read_the_tree() {
        let p = sample();
        assert_eq!(p.root(), Some(3));
        assert_eq!(p.children(3).collect::<Vec<_>>(), [0, 1, 2, 4, 5]);
        assert_eq!(p.subjects_of(3), [0]);
        assert_eq!(p.aux_of(3), [1]);
        assert!(p.is_negated(3));
        assert!(!p.is_negated(4));
        assert_eq!(p.subtree_range(3), 0..21);
        assert_eq!(p.subtree_range(4), 15..19);
        assert_eq!(p.subtree_range(99), 0..0);
        assert_eq!(p.words[4].base_deprel(), "obl");
    }

    #[test]
    fn hand_made_cycles_do_not_hang() {
        let mut p = sample();
        p.words[3].head = Some(0);
        assert!(!p.is_within(4, 5));
        assert_eq!(p.root(), None);
        assert_eq!(p.subtree(0).len(), 6);
    }
}
