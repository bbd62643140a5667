//! The embedded English model on real sentences.

use grammar::{Grammar, Parse, Upos};
use proptest::prelude::*;

fn index(p: &Parse, text: &str) -> usize {
    p.words
        .iter()
        .position(|w| w.text == text)
        .unwrap_or_else(|| panic!("no word {text:?} in {p:?}"))
}

/// Weights are laid out for speed when loaded; writing them back must still give the
/// shipped bytes, or a model saved after loading would silently change.
#[test]
fn the_shipped_model_writes_back_byte_for_byte() {
    let shipped: &[u8] = include_bytes!("../model/en_ewt.bin");
    assert!(Grammar::english().to_bytes() == shipped);
}

/// Parses are remembered by sentence: a repeated sentence must come back exactly as a
/// grammar that never saw it parses it, and a sentence of the same words spaced otherwise
/// must keep its own offsets.
#[test]
fn a_repeated_sentence_parses_as_the_first_time() {
    let shipped: &[u8] = include_bytes!("../model/en_ewt.bin");
    let g = Grammar::from_bytes(shipped).expect("shipped model");
    let s = "Both company boards have backed the deal, but regulators will still need to give their approval.";
    let first = g.parse(s);
    let spaced = s.replace("deal, but", "deal,  but");
    let other = g.parse(&spaced);
    let again = g.parse(s);
    assert_eq!(again, first);
    assert_eq!(
        again,
        Grammar::from_bytes(shipped)
            .expect("shipped model")
            .parse(s)
    );
    assert_eq!(
        other,
        Grammar::from_bytes(shipped)
            .expect("shipped model")
            .parse(&spaced)
    );
    let but = index(&other, "but");
    assert_eq!(&spaced[other.words[but].start..other.words[but].end], "but");
    assert_ne!(other.words[but].start, again.words[but].start);
}

#[test]
fn finds_subjects() {
    let g = Grammar::english();
    let p = g.parse(
        "Manchester United's board has agreed to give US tycoon Malcolm Glazer access to its books.",
    );
    let (board, agreed) = (index(&p, "board"), index(&p, "agreed"));
    assert_eq!(p.words[board].head, Some(agreed));
    assert_eq!(p.words[board].deprel, "nsubj");
    assert_eq!(p.root(), Some(agreed));
    assert_eq!(p.words[agreed].lemma, "agree");
    assert_eq!(p.words[index(&p, "has")].deprel, "aux");
    assert_eq!(p.aux_of(agreed), vec![index(&p, "has")]);

    let s = "Qwest has said it will table a new offer for MCI.";
    let p = g.parse(s);
    let (it, table) = (index(&p, "it"), index(&p, "table"));
    assert_eq!(p.words[it].head, Some(table));
    assert_eq!(p.words[it].deprel, "nsubj");
    assert_eq!(p.subjects_of(table), vec![it]);
    assert_eq!(
        &s[p.subtree_range(table)],
        "it will table a new offer for MCI"
    );
    assert_eq!(p.words[table].upos, Upos::Verb);
}

#[test]
fn negation_and_lemmas() {
    let g = Grammar::english();
    let p = g.parse("The company didn't raise prices, and the unions were not happy.");
    let raise = index(&p, "raise");
    assert!(p.is_negated(raise));
    assert_eq!(p.words[index(&p, "did")].lemma, "do");
    assert_eq!(p.words[index(&p, "prices")].lemma, "price");
    assert_eq!(p.words[index(&p, "were")].lemma, "be");
    assert!(p.is_negated(index(&p, "happy")));
    let p = g.parse("The company raised prices.");
    assert!(!p.is_negated(index(&p, "raised")));
}

#[test]
fn every_word_has_one_head_and_one_root() {
    let g = Grammar::english();
    let p =
        g.parse("Glazer, who owns the Tampa Bay Buccaneers, said on Monday that he would wait.");
    assert_eq!(p.words.iter().filter(|w| w.head.is_none()).count(), 1);
    let root = p.root().expect("a root");
    for i in 0..p.words.len() {
        assert!(p.is_within(i, root), "word {i} not under the root");
    }
}

#[test]
fn empty_input_gives_empty_parse() {
    let g = Grammar::english();
    assert!(g.parse("").words.is_empty());
    assert!(g.parse(" \n ").words.is_empty());
    assert!(g.parse_tokens(&[]).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn parse_never_panics_and_offsets_slice(s in "\\PC{0,120}") {
        let p = Grammar::english().parse(&s);
        prop_assert!(p.words.iter().filter(|w| w.head.is_none()).count() <= 1);
        for w in &p.words {
            prop_assert_eq!(&s[w.start..w.end], w.text.as_str());
            prop_assert!(w.head.is_none_or(|h| h < p.words.len()));
        }
        if !p.words.is_empty() {
            prop_assert!(p.root().is_some());
        }
    }

    #[test]
    fn wordy_strings_parse(words in proptest::collection::vec("[a-zA-Z']{1,8}|[.,;!?$%]|[0-9]{1,4}", 0..40)) {
        let s = words.join(" ");
        let p = Grammar::english().parse(&s);
        for w in &p.words {
            prop_assert_eq!(&s[w.start..w.end], w.text.as_str());
        }
    }
}

#[test]
fn a_name_is_its_own_lemma() {
    let g = Grammar::english();
    let p = g.parse("Tony Blair said Labour would win.");
    let tony = index(&p, "Tony");
    assert_eq!(p.words[tony].upos, Upos::Propn);
    assert_eq!(p.words[tony].lemma, "Tony");
}

#[test]
fn a_word_after_a_modal_is_a_verb() {
    let g = Grammar::english();
    let p = g.parse("He said Labour would scrap tuition fees.");
    let scrap = index(&p, "scrap");
    assert_eq!(p.words[scrap].upos, Upos::Verb);
    assert_eq!(p.words[index(&p, "Labour")].head, Some(scrap));
}

#[test]
fn a_word_read_as_an_adjective_after_a_modal_and_adverbs_is_a_verb() {
    let g = Grammar::english();
    let p = g.parse("We would also abolish university tuition fees.");
    let abolish = index(&p, "abolish");
    assert_eq!(p.words[abolish].xpos, "VB");
    assert_eq!(p.words[index(&p, "We")].head, Some(abolish));
    // A modal that opens a question is followed by its subject.
    let p = g.parse("Would British firms invest more?");
    assert_eq!(p.words[index(&p, "British")].upos, Upos::Adj);
}

#[test]
fn a_word_read_as_an_adverb_after_a_modal_and_before_a_sum_is_a_verb() {
    let g = Grammar::english();
    for s in [
        "The chancellor will unveil $2bn of tax cuts in the Budget.",
        "We would invest £1bn in free personal care.",
    ] {
        let p = g.parse(s);
        let verb = p.words.iter().position(|w| w.upos == Upos::Verb);
        assert_eq!(p.words[verb.expect("a verb")].deprel, "root", "{s}");
    }
}

#[test]
fn any_currency_sign_is_read_as_the_dollar_sign_is() {
    let g = Grammar::english();
    for sign in ["$", "£", "€"] {
        let p = g.parse(&format!("About {sign}1bn will be spent on new trains."));
        let spent = index(&p, "spent");
        assert_eq!(p.words[spent].deprel, "root", "{sign}");
        let sum = index(&p, sign);
        assert_eq!(p.words[sum].head, Some(spent), "{sign}");
        assert_eq!(p.words[sum].lemma, sign);
    }
}

#[test]
fn a_plan_to_come_with_is_to_takes_a_verb() {
    let g = Grammar::english();
    for (s, verb) in [
        ("The firm is to scrap 500 jobs.", "scrap"),
        ("The council is to fund the scheme.", "fund"),
    ] {
        let p = g.parse(s);
        assert_eq!(p.words[index(&p, verb)].xpos, "VB", "{s}");
    }
    // "been to" is motion.
    let p = g.parse("I have been to Leeds.");
    assert_eq!(p.words[index(&p, "Leeds")].upos, Upos::Propn);
}

#[test]
fn a_plan_to_come_with_are_to_is_built_as_with_is_to() {
    let g = Grammar::english();
    for (s, subject, verb) in [
        (
            "Ministers are to unveil plans to cut red tape.",
            "Ministers",
            "unveil",
        ),
        ("Banks are to cut fees.", "Banks", "cut"),
    ] {
        let p = g.parse(s);
        let verb = index(&p, verb);
        assert_eq!(p.words[verb].deprel, "root", "{s}");
        assert_eq!(p.words[index(&p, subject)].head, Some(verb), "{s}");
        let are = index(&p, "are");
        assert_eq!(
            (p.words[are].xpos.as_str(), p.words[are].lemma.as_str()),
            ("VBP", "be")
        );
    }
}

#[test]
fn a_lower_case_word_after_a_modal_is_a_verb_not_a_name() {
    let g = Grammar::english();
    let p = g.parse("Labour would pledge the tax.");
    assert_eq!(p.words[index(&p, "pledge")].upos, Upos::Verb);
}

#[test]
fn a_word_after_a_figure_a_determiner_opens_is_a_noun() {
    let g = Grammar::english();
    let p = g.parse("Malcolm Glazer has made a £800m offer for Manchester United.");
    let offer = index(&p, "offer");
    assert_eq!(p.words[offer].upos, Upos::Noun);
    assert_eq!(p.words[offer].head, Some(index(&p, "made")));
}

#[test]
fn a_verb_and_to_take_an_infinitive() {
    let g = Grammar::english();
    for (s, verb) in [
        ("The party promised to cap council tax.", "cap"),
        (
            "Barclays aims to double profits by 2008, the bank said.",
            "double",
        ),
    ] {
        let p = g.parse(s);
        let v = index(&p, verb);
        assert_eq!(p.words[v].xpos, "VB", "{s}");
        assert_eq!(p.words[v].deprel, "xcomp", "{s}");
        assert_eq!(p.words[index(&p, "to")].upos, Upos::Part, "{s}");
    }
    // A noun after a verb and the preposition "to" stays a noun.
    let p = g.parse("He went to school in Leeds.");
    assert_eq!(p.words[index(&p, "school")].upos, Upos::Noun);
}

#[test]
fn a_plural_noun_form_after_an_aside_and_before_an_infinitive_is_the_verb() {
    let g = Grammar::english();
    for s in [
        "Tesco, the UK's biggest retailer, plans to open 50 stores in China.",
        "The company, based in Leeds, plans to cut 200 jobs.",
    ] {
        let p = g.parse(s);
        let plans = index(&p, "plans");
        assert_eq!(p.words[plans].xpos, "VBZ", "{s}");
        assert_eq!(p.words[plans].deprel, "root", "{s}");
    }
    // So is one right after the name that opens the sentence.
    let p = g.parse("Royal Mail plans to cut 30,000 jobs.");
    assert_eq!(p.words[index(&p, "plans")].xpos, "VBZ");
    // With a determiner it stays the noun: "its plans to expand".
    let p = g.parse("The retailer dropped its plans to expand.");
    assert_eq!(p.words[index(&p, "plans")].upos, Upos::Noun);
}

#[test]
fn a_typographic_apostrophe_reads_as_a_plain_one() {
    let g = Grammar::english();
    let p = g.parse("We\u{2019}ll cut taxes, and they\u{2019}d cut them too.");
    for modal in ["\u{2019}ll", "\u{2019}d"] {
        let w = &p.words[index(&p, modal)];
        assert_eq!((w.upos, w.deprel.as_str()), (Upos::Aux, "aux"), "{modal}");
    }
    assert_eq!(p.words[index(&p, "\u{2019}ll")].lemma, "will");
    assert_eq!(p.words[index(&p, "\u{2019}d")].lemma, "would");
}

#[test]
fn a_statement_read_with_no_verb_gets_its_finite_verb() {
    let g = Grammar::english();
    for s in [
        "Tony Blair set out plans for a new energy policy.",
        "Labour set out its plans for a third term.",
    ] {
        let p = g.parse(s);
        let set = &p.words[index(&p, "set")];
        assert_eq!((set.upos, set.xpos.as_str()), (Upos::Verb, "VBD"), "{s}");
        assert_eq!(set.deprel, "root", "{s}");
    }
    // A headline or a list item may go without one.
    let p = g.parse("- An extension of tax credit scheme for poorer families");
    assert!(p.words.iter().all(|w| w.upos != Upos::Verb));
}

/// A name that opens a sentence looks like any opening capital; told it is a name, the
/// tagger reads "Boeing" as one, and the reading is remembered apart from the plain one.
#[test]
fn an_opening_word_known_as_a_name_is_read_as_one() {
    let g = Grammar::english();
    let s = "Boeing also said it would offer discounts to airlines.";
    let plain = g.parse(s);
    let named = g.parse_opening_name(s);
    assert_eq!(named.words[0].upos, Upos::Propn, "{named:?}");
    assert_eq!(named.words[index(&named, "said")].deprel, "root");
    assert_ne!(plain.words[0].upos, Upos::Propn, "{plain:?}");
    assert_eq!(g.parse_opening_name(s).words[0].upos, Upos::Propn);
}
