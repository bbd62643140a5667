//! Stems: the English (Porter 2) stem of a word key, with irregular past forms as their verb.

use std::borrow::Cow;
use std::collections::HashMap;

/// Porter 2 with a table of irregular past forms ("won" → "win"); one lives in [`crate::Knowledge`].
pub struct Stemmer {
    porter: frostem::Stemmer,
    irregular: HashMap<String, String>,
}

impl Stemmer {
    pub fn new(irregular: HashMap<String, String>) -> Stemmer {
        Stemmer {
            porter: frostem::Stemmer::new(frostem::Algorithm::English),
            irregular,
        }
    }

    /// The stem of a word key; words with digits are kept as they are.
    pub fn stem<'a>(&self, key: &'a str) -> Cow<'a, str> {
        if key.chars().any(|c| c.is_ascii_digit()) {
            return Cow::Borrowed(key);
        }
        match self.irregular.get(key) {
            Some(verb) => Cow::Owned(self.porter.stem(verb).into_owned()),
            None => self.porter.stem(key),
        }
    }

    /// Whether a word key is an irregular past form ("given", "bought").
    pub fn is_irregular_past(&self, key: &str) -> bool {
        self.irregular.contains_key(key)
    }
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stemmer")
            .field("irregular", &self.irregular.len())
            .finish_non_exhaustive()
    }
}
