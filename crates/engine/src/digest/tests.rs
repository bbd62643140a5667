use chrono::TimeZone;

use super::*;
use quarry_text::split_sentences;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    // November 2026: the 23rd is a Monday.
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0)
        .single()
        .expect("valid time")
}

fn article(id: &str, indexed: DateTime<Utc>, body: &str) -> ArticleInput {
    ArticleInput {
        id: id.into(),
        title: format!("Title {id}"),
        source: Some("Wire".into()),
        url: Some(format!("https://example.com/{id}")),
        published: NaiveDate::from_ymd_opt(2020, 1, 1),
        first_indexed: indexed,
        sentences: split_sentences(body)
            .iter()
            .map(|s| s.of(body).to_string())
            .collect(),
    }
}

fn evidence(entry: &str, doc: &str, actor: &str) -> EvidenceInput {
    EvidenceInput {
        entry: entry.into(),
        doc: doc.into(),
        actor: actor.into(),
        action: format!("commits to {entry}"),
        amount: Some("$1 billion".into()),
        stage: Stage::Firm,
        quote: format!("{actor} said it would fund {entry}."),
    }
}

const BODY: &str = "Markets opened calmly on Monday across most of the region. \
    Australia and Japan agreed to fund a critical minerals reserve worth $1.2 billion. \
    The critical minerals reserve will buy rare earth output from Australian mines. \
    Japan will take half of the reserve's minerals output under the agreement. \
    Officials said the weather was pleasant.";

#[test]
fn newness_is_first_indexed_not_published_and_the_window_is_half_open() {
    let input = Input {
        articles: vec![
            article("old", at(22, 8), BODY),
            article("edge", at(23, 8), BODY),
            article("new", at(23, 9), BODY),
            article("future", at(24, 9), BODY),
        ],
        ..Input::default()
    };
    let digest = build(&input, at(23, 8), at(24, 8), Tz::UTC, 10);
    let ids: Vec<&str> = digest.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["new"]);
    assert_eq!(digest.headline, "1 new article since Mon 08:00");
    assert_eq!(
        digest.articles[0].published,
        NaiveDate::from_ymd_opt(2020, 1, 1)
    );
}

#[test]
fn summary_is_the_most_central_sentence_not_the_first() {
    let summary = summary_of(BODY, "Minerals").expect("a sentence");
    assert_ne!(
        summary,
        "Markets opened calmly on Monday across most of the region."
    );
    assert!(summary.contains("minerals reserve"), "{summary}");
    assert!(BODY.contains(&summary), "verbatim");
}

#[test]
fn summary_skips_a_repeated_headline_and_handles_tiny_articles() {
    let body = "Reserve deal signed\nThe reserve deal was signed by both ministers today.";
    assert_eq!(
        summary_of(body, "Reserve deal signed").as_deref(),
        Some("The reserve deal was signed by both ministers today.")
    );
    assert_eq!(summary_of("Short.", "T").as_deref(), Some("Short."));
    assert_eq!(summary_of("", "T"), None);
}

#[test]
fn commitments_are_grouped_by_actor_and_cited() {
    let input = Input {
        articles: vec![
            article("a", at(23, 9), BODY),
            article("b", at(23, 10), BODY),
        ],
        evidence: vec![
            evidence("e1", "a", "Japan"),
            evidence("e2", "b", "Japan"),
            evidence("e3", "b", "Australia"),
        ],
        ..Input::default()
    };
    let digest = build(&input, at(23, 8), at(24, 8), Tz::UTC, 10);
    assert_eq!(
        digest.headline,
        "2 new articles, 3 new commitments since Mon 08:00"
    );
    let actors: Vec<&str> = digest.actors.iter().map(|g| g.actor.as_str()).collect();
    assert_eq!(actors, ["Japan", "Australia"]);
    let line = &digest.actors[0].lines[0];
    assert_eq!(line.citation.doc, "a");
    assert_eq!(line.citation.title, "Title a");
    assert!(line.to_text().contains("[Title a]"), "{}", line.to_text());
}

#[test]
fn a_commitment_reported_before_shows_as_also_reported_not_new() {
    let input = Input {
        articles: vec![
            article("old", at(22, 9), BODY),
            article("new", at(23, 9), BODY),
        ],
        evidence: vec![
            evidence("e1", "old", "Japan"),
            evidence("e1", "new", "Japan"),
            evidence("e2", "new", "Japan"),
        ],
        seen_entries: BTreeSet::from(["e2".to_string()]),
    };
    let digest = build(&input, at(23, 8), at(24, 8), Tz::UTC, 10);
    assert_eq!(digest.new_commitments, 0);
    assert_eq!(digest.also_reported, 2);
    assert_eq!(
        digest.headline,
        "1 new article, 2 commitments reported again since Mon 08:00"
    );
    let text = digest.to_text();
    assert!(text.contains("also reported by [Title new]"), "{text}");
}

#[test]
fn the_same_entry_in_two_new_articles_is_one_line_citing_the_first() {
    let input = Input {
        articles: vec![
            article("a", at(23, 10), BODY),
            article("b", at(23, 9), BODY),
        ],
        evidence: vec![evidence("e1", "a", "Japan"), evidence("e1", "b", "Japan")],
        ..Input::default()
    };
    let digest = build(&input, at(23, 8), at(24, 8), Tz::UTC, 10);
    assert_eq!(digest.new_commitments, 1);
    assert_eq!(digest.actors[0].lines[0].citation.doc, "b");
}

#[test]
fn more_than_max_items_says_how_many_more_and_where() {
    let articles = (0..5)
        .map(|i| article(&format!("n{i}"), at(23, 9 + i), BODY))
        .collect();
    let evidence = (0..4)
        .map(|i| evidence(&format!("e{i}"), "n0", "Japan"))
        .collect();
    let digest = build(
        &Input {
            articles,
            evidence,
            ..Input::default()
        },
        at(23, 8),
        at(24, 8),
        Tz::UTC,
        3,
    );
    assert_eq!(digest.articles.len(), 3);
    assert_eq!(digest.more_articles, 2);
    assert_eq!(digest.more_commitments, 1);
    assert_eq!(
        digest.covered_articles.len(),
        5,
        "the state covers everything, listed or not"
    );
    assert_eq!(digest.covered_entries.len(), 4);
    assert_eq!(
        digest.headline,
        "5 new articles, 4 new commitments since Mon 08:00"
    );
    let text = digest.to_text();
    assert!(
        text.contains("…and 2 more articles: see /sources"),
        "{text}"
    );
    assert!(
        text.contains("…and 1 more commitment: see /commitments"),
        "{text}"
    );
}

#[test]
fn nothing_new_is_one_line_and_nothing_is_padded() {
    let input = Input {
        articles: vec![article("old", at(20, 9), BODY)],
        ..Input::default()
    };
    let digest = build(&input, at(23, 8), at(24, 8), Tz::UTC, 10);
    assert!(digest.is_empty());
    assert_eq!(digest.to_text(), "Nothing new since Mon 08:00.\n");
}

#[test]
fn since_is_shown_in_the_digest_time_zone_with_a_date_for_long_gaps() {
    let berlin: Tz = "Europe/Berlin".parse().expect("zone");
    let digest = build(&Input::default(), at(23, 7), at(24, 7), berlin, 10);
    assert_eq!(digest.headline, "Nothing new since Mon 08:00.");
    let digest = build(&Input::default(), at(13, 7), at(23, 7), berlin, 10);
    assert_eq!(digest.headline, "Nothing new since Fri 13 Nov 08:00.");
}

#[test]
fn provisional_entry_ids_are_stable_and_fold_case() {
    let c = |actor: &str| Commitment {
        doc: "d".into(),
        actor: actor.into(),
        action: "fund the reserve".into(),
        amount: None,
        date: None,
        stage: Stage::Firm,
        quote: "q".into(),
    };
    assert_eq!(
        provisional_entry_id(&c("Japan")),
        provisional_entry_id(&c("JAPAN"))
    );
    assert_ne!(
        provisional_entry_id(&c("Japan")),
        provisional_entry_id(&c("Australia"))
    );
}
