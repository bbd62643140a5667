use chrono::TimeZone;

use super::*;
use crate::commitments::ledger;
use crate::commitments::Amount;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    // November 2026: the 23rd is a Monday.
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0)
        .single()
        .expect("valid time")
}

fn article(id: &str, indexed: DateTime<Utc>) -> ArticleInput {
    ArticleInput {
        id: id.into(),
        title: format!("Title {id}"),
        source: Some("Wire".into()),
        url: Some(format!("https://example.com/{id}")),
        published: NaiveDate::from_ymd_opt(2020, 1, 1),
        first_indexed: indexed,
        lede: format!("Ministers agreed the {id} deal on Monday."),
        also_sources: 0,
    }
}

fn report(doc: &str, actor: &str, action: &str, stage: Stage) -> Commitment {
    Commitment {
        doc: doc.into(),
        actor: actor.into(),
        action: action.into(),
        amount: None,
        date: None,
        stage,
        quote: format!("{actor} {action}."),
    }
}

fn with_money(c: Commitment, text: &str, value: f64) -> Commitment {
    Commitment {
        amount: Some(Amount {
            text: text.into(),
            value,
            currency: "USD".into(),
        }),
        ..c
    }
}

/// The ledger of these reports, in its own order, as the engine hands it over.
fn ledger_of(reports: &[Commitment]) -> Arc<[Entry]> {
    ledger::build(reports, |_| None).into()
}

fn input(articles: Vec<ArticleInput>, reports: &[Commitment]) -> Input {
    Input {
        articles,
        ledger: ledger_of(reports),
        ..Input::default()
    }
}

#[test]
fn newness_is_first_indexed_not_published_and_the_window_is_half_open() {
    let input = input(
        vec![
            article("old", at(22, 8)),
            article("edge", at(23, 8)),
            article("new", at(23, 9)),
            article("future", at(24, 9)),
        ],
        &[],
    );
    let digest = build(&input, Some(at(23, 8)), at(24, 8), Tz::UTC, 10);
    let ids: Vec<&str> = digest.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["new"]);
    assert_eq!(
        digest.headline,
        "Since Monday 08:00: 1 new article from 1 source"
    );
    assert_eq!(
        digest.articles[0].published,
        NaiveDate::from_ymd_opt(2020, 1, 1)
    );
}

#[test]
fn the_headline_says_what_changed_and_all_says_all() {
    let reports = [
        report("a", "Japan", "signed a reserve deal", Stage::Firm),
        report("b", "Japan", "plans a smelter", Stage::Intent),
        report("b", "Chile", "may cut royalties", Stage::Hedged),
    ];
    let mut articles = vec![article("a", at(23, 9)), article("b", at(23, 10))];
    articles[1].source = Some("Herald".into());
    let input = input(articles, &reports);
    let digest = build(&input, Some(at(23, 8)), at(24, 8), Tz::UTC, 10);
    assert_eq!(
        digest.headline,
        "Since Monday 08:00: 2 new articles from 2 sources, 3 commitments (1 firm)"
    );
    let all = build(&input, None, at(24, 8), Tz::UTC, 10);
    assert_eq!(all.headline, "All 2 articles, 3 commitments");
    assert!(!all.to_text().contains("1970"));
    let quiet = build(&input, Some(at(24, 8)), at(25, 8), Tz::UTC, 10);
    assert_eq!(quiet.headline, "Nothing new since Tuesday 08:00.");
    assert_eq!(quiet.to_text(), "Nothing new since Tuesday 08:00.\n");
    assert!(quiet.is_empty());
}

#[test]
fn since_is_shown_in_the_digest_time_zone_with_a_date_for_long_gaps() {
    let berlin: Tz = "Europe/Berlin".parse().expect("zone");
    let digest = build(&Input::default(), Some(at(23, 7)), at(24, 7), berlin, 10);
    assert_eq!(digest.headline, "Nothing new since Monday 08:00.");
    let digest = build(&Input::default(), Some(at(13, 7)), at(23, 7), berlin, 10);
    assert_eq!(digest.headline, "Nothing new since Friday 13 Nov 08:00.");
}

#[test]
fn one_line_per_story_with_its_lede_and_where_else_it_ran() {
    let mut story = article("a", at(23, 9));
    story.lede = format!("{} ended.", "The committee heard evidence ".repeat(20));
    story.also_sources = 2;
    let digest = build(
        &input(vec![story.clone()], &[]),
        Some(at(23, 8)),
        at(24, 8),
        Tz::UTC,
        10,
    );
    let line = &digest.articles[0];
    assert!(line.summary.chars().count() <= LEDE_CHARS);
    assert!(story
        .lede
        .starts_with(line.summary.trim_end_matches('\u{2026}')));
    let text = digest.to_text();
    let listed: Vec<&str> = text.lines().filter(|l| l.starts_with('\u{2022}')).collect();
    assert_eq!(listed.len(), 1, "{text}");
    assert!(
        listed[0].starts_with("\u{2022} Title a \u{2014} The committee heard evidence"),
        "{text}"
    );
    assert!(
        listed[0].ends_with("(Wire, 2020-01-01, also in 2 sources) https://example.com/a"),
        "{text}"
    );
}

#[test]
fn commitments_that_matter_come_first_at_most_two_per_actor_with_amounts() {
    let mut reports: Vec<Commitment> = [
        "opened a lithium mine",
        "funded a copper smelter",
        "built a graphite refinery",
        "signed a nickel contract",
        "launched a cobalt exchange",
    ]
    .iter()
    .map(|action| {
        with_money(
            report("a", "United States", action, Stage::Firm),
            "$1 billion",
            1e9,
        )
    })
    .collect();
    reports.push(report("a", "Japan", "signed a reserve deal", Stage::Firm));
    reports.push(report("a", "Chile", "may cut royalties", Stage::Hedged));
    let input = input(vec![article("a", at(23, 9))], &reports);
    let digest = build(&input, Some(at(23, 8)), at(24, 8), Tz::UTC, 4);
    let actors: Vec<&str> = digest
        .commitments
        .iter()
        .map(|l| l.actor.as_str())
        .collect();
    assert_eq!(actors, ["United States", "United States", "Japan", "Chile"]);
    assert_eq!(digest.more_commitments, 3);
    assert_eq!(digest.new_commitments, 7);
    assert_eq!(digest.covered_entries.len(), 7, "the state covers all");
    let first = &digest.commitments[0];
    assert_eq!(
        first.to_text(),
        "United States \u{2014} opened a lithium mine ($1 billion) (firm) [1]"
    );
    let text = digest.to_text();
    assert!(
        text.contains("\u{2026}and 3 more commitments: see /commitments"),
        "{text}"
    );
    assert!(
        text.contains("\nSources\n[1] Title a \u{2014} Wire, 2020-01-01 https://example.com/a\n    \u{201c}United States opened a lithium mine.\u{201d}"),
        "{text}"
    );
}

#[test]
fn an_amount_the_clause_already_says_is_not_repeated() {
    let reports = [with_money(
        report(
            "a",
            "Australia",
            "unveiled a $1.2 billion reserve",
            Stage::Firm,
        ),
        "$1.2 billion",
        1.2e9,
    )];
    let digest = build(
        &input(vec![article("a", at(23, 9))], &reports),
        None,
        at(24, 8),
        Tz::UTC,
        10,
    );
    assert_eq!(
        digest.commitments[0].what(),
        "unveiled a $1.2 billion reserve (firm)"
    );
}

#[test]
fn a_commitment_two_new_articles_report_is_one_line_with_both_sources_and_the_ledger_id() {
    let reports = [
        report("a", "Japan", "signed a reserve deal", Stage::Firm),
        report("b", "Japan", "signed the reserve deal", Stage::Firm),
    ];
    let input = input(
        vec![article("a", at(23, 10)), article("b", at(23, 9))],
        &reports,
    );
    let digest = build(&input, Some(at(23, 8)), at(24, 8), Tz::UTC, 10);
    assert_eq!(digest.commitments.len(), 1);
    let line = &digest.commitments[0];
    assert_eq!(line.entry, input.ledger[0].id);
    assert_eq!(line.sources, [1, 2]);
    let cited: Vec<&str> = digest.citations.iter().map(|c| c.doc.as_str()).collect();
    assert_eq!(cited, ["b", "a"], "the earliest indexed article first");
    assert!(
        line.to_text().ends_with("(firm) [1] [2]"),
        "{}",
        line.to_text()
    );
}

#[test]
fn a_commitment_reported_before_is_marked_so() {
    let reports = [
        report("old", "Japan", "signed a reserve deal", Stage::Firm),
        report("new", "Japan", "signed the reserve deal", Stage::Firm),
        report("new", "Chile", "may cut royalties", Stage::Hedged),
    ];
    let mut input = input(
        vec![article("old", at(22, 9)), article("new", at(23, 9))],
        &reports,
    );
    let chile = input
        .ledger
        .iter()
        .find(|e| e.actor == "Chile")
        .map(|e| e.id.clone())
        .expect("Chile");
    input.seen_entries = BTreeSet::from([chile]);
    let digest = build(&input, Some(at(23, 8)), at(24, 8), Tz::UTC, 10);
    assert_eq!(digest.new_commitments, 2);
    assert_eq!(digest.reported_before, 2);
    assert!(digest.commitments.iter().all(|l| l.reported_before));
    assert!(
        digest
            .to_text()
            .contains("(firm) [1] \u{b7} reported before"),
        "{}",
        digest.to_text()
    );
}

#[test]
fn more_than_max_items_articles_says_how_many_more_and_where() {
    let articles = (0..5)
        .map(|i| article(&format!("n{i}"), at(23, 9 + i)))
        .collect();
    let digest = build(
        &input(articles, &[]),
        Some(at(23, 8)),
        at(24, 8),
        Tz::UTC,
        3,
    );
    assert_eq!(digest.articles.len(), 3);
    assert_eq!(digest.more_articles, 2);
    assert_eq!(digest.covered_articles.len(), 5, "listed or not");
    assert!(digest
        .to_text()
        .contains("\u{2026}and 2 more articles: see /sources"));
}

#[test]
fn questions_the_articles_could_not_answer_are_listed_up_to_three() {
    let mut input = input(vec![article("a", at(23, 9))], &[]);
    let digest = build(&input, Some(at(23, 8)), at(24, 8), Tz::UTC, 10);
    assert!(!digest.to_text().contains("could not answer"));
    input.unanswered = ["Who funds it?", "When?", "Why?", "How?"]
        .map(String::from)
        .to_vec();
    let digest = build(&input, Some(at(23, 8)), at(24, 8), Tz::UTC, 10);
    assert_eq!(digest.unanswered, ["Who funds it?", "When?", "Why?"]);
    assert!(
        digest
            .to_text()
            .ends_with("\nWhat the articles could not answer\n\u{2022} Who funds it?\n\u{2022} When?\n\u{2022} Why?\n"),
        "{}",
        digest.to_text()
    );
}
