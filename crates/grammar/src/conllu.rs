//! Reader for CoNLL-U treebanks (the Universal Dependencies file format).

use crate::error::GrammarError;
use crate::upos::Upos;

/// One syntactic word of a treebank sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreebankWord {
    pub form: String,
    pub lemma: String,
    pub upos: Upos,
    pub xpos: String,
    /// 1-based head index, 0 for the root.
    pub head: usize,
    pub deprel: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreebankSentence {
    pub words: Vec<TreebankWord>,
}

/// Parses CoNLL-U text. Multiword-token ranges (`1-2`) and empty nodes (`1.1`) are
/// skipped: the tagger and parser work on syntactic words only.
pub fn parse_conllu(text: &str) -> Result<Vec<TreebankSentence>, GrammarError> {
    let mut sentences = Vec::new();
    let mut current = TreebankSentence::default();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.words.is_empty() {
                check_heads(&current, line_no)?;
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(line_no, format!("{} columns, expected 10", cols.len())));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let id: usize = cols[0]
            .parse()
            .map_err(|_| err(line_no, format!("bad word id {:?}", cols[0])))?;
        if id != current.words.len() + 1 {
            return Err(err(line_no, format!("word id {id} out of sequence")));
        }
        let upos = Upos::parse(cols[3])
            .ok_or_else(|| err(line_no, format!("unknown UPOS {:?}", cols[3])))?;
        let head: usize = cols[6]
            .parse()
            .map_err(|_| err(line_no, format!("bad head {:?}", cols[6])))?;
        current.words.push(TreebankWord {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos,
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
        });
    }
    if !current.words.is_empty() {
        check_heads(&current, text.lines().count())?;
        sentences.push(current);
    }
    Ok(sentences)
}

fn check_heads(sentence: &TreebankSentence, line: usize) -> Result<(), GrammarError> {
    let n = sentence.words.len();
    match sentence.words.iter().find(|w| w.head > n) {
        Some(w) => Err(err(
            line,
            format!("head {} beyond sentence of {n} words", w.head),
        )),
        None => Ok(()),
    }
}

fn err(line: usize, reason: String) -> GrammarError {
    GrammarError::Conllu { line, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_ranges_and_empty_nodes() {
        let text = "# text = don't go\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
            1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n\
            2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n\
            2.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n\
            3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\n";
        let s = parse_conllu(text).expect("valid CoNLL-U");
        assert_eq!(s.len(), 1);
        let forms: Vec<&str> = s[0].words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["do", "n't", "go"]);
        assert_eq!(s[0].words[1].head, 3);
        assert_eq!(s[0].words[2].deprel, "root");
    }

    #[test]
    fn rejects_bad_heads() {
        let text = "1\tgo\tgo\tVERB\tVB\t_\t5\troot\t_\t_\n";
        assert!(parse_conllu(text).is_err());
    }
}
