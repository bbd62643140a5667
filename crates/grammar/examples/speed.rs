//! Parse speed on the sentences of a file, one a line, and a digest of every parse (to check
//! that a change to the tables leaves the parses as they were):
//! `cargo run --release -p quarry-grammar --example speed -- sentences.txt`.

use std::hash::{Hash, Hasher};
use std::time::Instant;

fn main() -> std::io::Result<()> {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: speed SENTENCES_FILE");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path)?;
    let sentences: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let started = Instant::now();
    let grammar = grammar::Grammar::english();
    let load = started.elapsed();
    let started = Instant::now();
    let mut digest = std::collections::hash_map::DefaultHasher::new();
    let mut words = 0;
    for s in &sentences {
        let parse = grammar.parse(s);
        words += parse.words.len();
        for w in &parse.words {
            (&w.xpos, &w.lemma, w.head, &w.deprel).hash(&mut digest);
        }
    }
    let took = started.elapsed().as_secs_f64();
    println!(
        "{} sentences, {words} words in {took:.3} s: {:.0} sentences/s, {:.0} words/s \
         (model load {:.0} ms); digest {:016x}",
        sentences.len(),
        sentences.len() as f64 / took,
        words as f64 / took,
        load.as_secs_f64() * 1e3,
        digest.finish()
    );
    Ok(())
}
