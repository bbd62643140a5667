//! Parses the sentences on standard input, one a line, and prints them in CoNLL-U style:
//! `cargo run --release -p quarry-grammar --example parse < sentences.txt`.

use std::io::BufRead;

fn main() {
    let grammar = grammar::Grammar::english();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let parse = grammar.parse(&line);
        println!("# {line}");
        for (i, w) in parse.words.iter().enumerate() {
            let head = w.head.map_or(0, |h| h + 1);
            println!(
                "{}\t{}\t{}\t{}\t{}\t{head}\t{}",
                i + 1,
                w.text,
                w.lemma,
                w.upos,
                w.xpos,
                w.deprel
            );
        }
        println!();
    }
}
