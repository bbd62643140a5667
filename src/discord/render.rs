//! Discord formatting and limits, in one place. Everything the bot posts is rendered here into
//! plain data ([`Rendered`]) that holds Discord's limits for ANY input: text is cut at a char
//! boundary with an ellipsis, never inside a `[n]` citation marker or a URL, and bare URLs in
//! message content are wrapped in `<...>` so a quote full of links does not flood the channel
//! with previews. Mentions are not escaped here: every message is sent with `allowed_mentions`
//! empty (see `reply.rs`), so `@everyone` in a quote pings nobody.

mod added;
mod digest;
mod ledger;

use std::sync::OnceLock;

use regex::Regex;

use quarry_engine::answer::Answer;
use quarry_engine::citation::Citation;
use quarry_engine::engine::{Hit, Source};
use quarry_text::one_line;
use quarry_text::words::count_of;

pub const CONTENT: usize = 2000;
pub const EMBEDS: usize = 10;
pub const TITLE: usize = 256;
pub const DESCRIPTION: usize = 4096;
pub const FIELDS: usize = 25;
pub const FIELD_NAME: usize = 256;
pub const FIELD_VALUE: usize = 1024;
pub const FOOTER: usize = 2048;
pub const EMBED_TOTAL: usize = 6000;
pub const URL: usize = 2048;
/// Autocomplete: at most 25 choices, each name and value 1 to 100 chars.
pub const CHOICES: usize = 25;
pub const CHOICE_NAME: usize = 100;
pub const THREAD_NAME: usize = 100;

const ELLIPSIS: char = '…';

pub use added::{added, added_announcement};
pub use digest::{digest_marker, digest_post};
pub use ledger::{actor_without_commitments, commitments_page, LISTED_ARTICLES};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Field {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Embed {
    pub title: String,
    /// Only ever an `http(s)` URL without spaces, at most [`URL`] chars.
    pub url: Option<String>,
    pub description: String,
    pub fields: Vec<Field>,
    pub footer: String,
}

/// A message ready to send: content plus embeds, within every limit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub content: String,
    pub embeds: Vec<Embed>,
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Spans (byte ranges) a cut must not fall inside: `[n]` markers, `<url>`, bare URLs, and
/// markdown links `[text](url)` built by this module.
fn protected(text: &str) -> Vec<(usize, usize)> {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        Regex::new(r"\[[^\[\]\n]{0,300}\]\(<?https?://[^\s)>]*>?\)|\[\d+\]|<https?://[^\s>]*>|https?://[^\s<>]+")
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    pattern
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// Cuts `text` to at most `max` chars: at a char boundary, before any marker or URL the cut
/// would split, preferring a word boundary near the end, with a trailing ellipsis.
pub fn truncate(text: &str, max: usize) -> String {
    if chars(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    // Byte offset where the kept text ends: room for the ellipsis.
    let mut cut = text
        .char_indices()
        .nth(max - 1)
        .map_or(text.len(), |(i, _)| i);
    // Prefer ending on a whole word when one ends within the last 40 chars.
    if let Some(space) = text[..cut].rfind(char::is_whitespace) {
        if chars(&text[space..cut]) <= 40 {
            cut = space;
        }
    }
    for (start, end) in protected(text) {
        if start < cut && cut < end {
            cut = start;
        }
    }
    let trimmed = &text[..cut];
    let mut out = trimmed.trim_end().to_string();
    out.push(ELLIPSIS);
    out
}

/// Wraps bare URLs in `<...>` so Discord shows no link previews for them.
pub fn shield_links(text: &str) -> String {
    static BARE: OnceLock<Regex> = OnceLock::new();
    let bare = BARE.get_or_init(|| {
        Regex::new(r"https?://[^\s<>]+").unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    let mut out = String::with_capacity(text.len() + 8);
    let mut last = 0;
    for m in bare.find_iter(text) {
        let already = text[..m.start()].ends_with('<') && text[m.end()..].starts_with('>');
        out.push_str(&text[last..m.start()]);
        if already {
            out.push_str(m.as_str());
        } else {
            out.push('<');
            out.push_str(m.as_str());
            out.push('>');
        }
        last = m.end();
    }
    out.push_str(&text[last..]);
    out
}

/// Message content: links shielded, within 2000 chars.
pub fn content(text: &str) -> String {
    truncate(&shield_links(text), CONTENT)
}

/// A URL Discord accepts in an embed or a markdown link, or nothing.
pub fn link(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && chars(url) <= URL
        && url.len() > "https://".len()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '(' | ')'));
    ok.then(|| url.to_string())
}

/// Text safe inside `[...]` of a markdown link.
fn link_text(text: &str) -> String {
    one_line(text).replace(['[', ']'], "")
}

fn non_empty(text: String, fallback: &str) -> String {
    if text.trim().is_empty() {
        fallback.to_string()
    } else {
        text
    }
}

/// One numbered source block: linked title, quote, source and date, within `budget` chars.
fn source_block(
    n: usize,
    title: &str,
    url: Option<&str>,
    quote: &str,
    meta: &str,
    budget: usize,
) -> String {
    let title = truncate(&link_text(title), (budget / 4).clamp(1, TITLE));
    let title = non_empty(title, "untitled");
    let header = match link(url) {
        Some(url) if chars(&url) + chars(&title) + 16 <= budget / 2 => {
            format!("**[{n}]** [{title}](<{url}>)")
        }
        _ => format!("**[{n}]** {title}"),
    };
    let meta = truncate(&one_line(meta), (budget / 5).max(1));
    let fixed = chars(&header) + chars(&meta) + 4;
    let quote = truncate(&one_line(quote), budget.saturating_sub(fixed).max(1));
    let block = if meta.is_empty() {
        format!("{header}\n> {quote}")
    } else {
        format!("{header}\n> {quote}\n{meta}")
    };
    truncate(&block, budget)
}

/// A numbered citation as a source block: linked title, quote, then its source and date (the
/// file id when the article names no source).
fn citation_block(c: &Citation, budget: usize) -> String {
    let mut meta = format!("\u{2014} {}", c.origin());
    if let Some(also) = also_line(&c.also) {
        meta.push_str(&format!(" · {also}"));
    }
    source_block(c.n, &c.title, c.url.as_deref(), &c.shown(), &meta, budget)
}

/// "also reported by A, B": at most three outlets, each on one short line.
fn also_line(also: &[String]) -> Option<String> {
    let names: Vec<String> = also
        .iter()
        .take(3)
        .map(|name| one_line(name).chars().take(60).collect())
        .collect();
    (!names.is_empty()).then(|| format!("also reported by {}", names.join(", ")))
}

fn meta_line(source: Option<&str>, published: Option<chrono::NaiveDate>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(source) = source.filter(|s| !s.trim().is_empty()) {
        parts.push(one_line(source));
    }
    if let Some(date) = published {
        parts.push(date.to_string());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("— {}", parts.join(", "))
    }
}

/// Joins blocks into an embed description of at most [`DESCRIPTION`] chars, each block given
/// an equal share so every one appears.
fn blocks(items: Vec<Box<dyn FnOnce(usize) -> String + '_>>) -> String {
    let n = items.len().max(1);
    let share = (DESCRIPTION - 2 * n) / n;
    let text = items
        .into_iter()
        .map(|f| f(share))
        .collect::<Vec<_>>()
        .join("\n\n");
    truncate(&text, DESCRIPTION)
}

/// Most sources shown under one answer.
const MAX_SOURCES: usize = 10;

/// An answer: its text (and summary) in the message body, then one embed with the numbered
/// sources. An abstention has no embed.
pub fn answer(answer: &Answer) -> Rendered {
    let mut text = answer.answer.clone();
    if !answer.summary.trim().is_empty() {
        text.push_str("\n\n**Summary:** ");
        text.push_str(&answer.summary);
    }
    let text = non_empty(text, "No answer.");
    let mut rendered = Rendered {
        content: content(&text),
        embeds: Vec::new(),
    };
    if answer.citations.is_empty() {
        return rendered;
    }
    let shown = &answer.citations[..answer.citations.len().min(MAX_SOURCES)];
    let items: Vec<Box<dyn FnOnce(usize) -> String>> = shown
        .iter()
        .map(|c| {
            Box::new(move |budget| citation_block(c, budget)) as Box<dyn FnOnce(usize) -> String>
        })
        .collect();
    let hidden = answer.citations.len() - shown.len();
    let footer = if hidden > 0 {
        format!("and {}", count_of(hidden, "more source"))
    } else {
        String::new()
    };
    rendered.embeds.push(Embed {
        title: "Sources".into(),
        url: None,
        description: blocks(items),
        fields: Vec::new(),
        footer,
    });
    rendered
}

/// One page of search results.
pub fn hits_page(query: &str, hits: &[Hit], page: usize, pages: usize) -> Rendered {
    let title = truncate(
        &format!("Results for \u{201c}{}\u{201d}", one_line(query)),
        TITLE,
    );
    if hits.is_empty() {
        let embed = Embed {
            title,
            description: "No passages match.".into(),
            ..Embed::default()
        };
        return Rendered {
            content: String::new(),
            embeds: vec![embed],
        };
    }
    let items: Vec<Box<dyn FnOnce(usize) -> String>> = hits
        .iter()
        .map(|h| {
            let meta = format!("— {} #{}", h.doc, h.position);
            Box::new(move |budget| source_block(h.rank, &h.title, None, &h.quote, &meta, budget))
                as Box<dyn FnOnce(usize) -> String>
        })
        .collect();
    let footer = format!("Page {} of {}", page + 1, pages.max(1));
    Rendered {
        content: String::new(),
        embeds: vec![Embed {
            title,
            url: None,
            description: blocks(items),
            fields: Vec::new(),
            footer,
        }],
    }
}

/// "More sources" for an answer: an ephemeral list of further passages.
pub fn more_sources(question: &str, hits: &[Hit]) -> Rendered {
    let mut rendered = hits_page(question, hits, 0, 1);
    if let Some(embed) = rendered.embeds.first_mut() {
        embed.title = truncate(
            &format!("More sources for \u{201c}{}\u{201d}", one_line(question)),
            TITLE,
        );
        embed.footer.clear();
    }
    rendered
}

/// One page of the article list.
pub fn sources_page(sources: &[Source], page: usize, pages: usize, total: usize) -> Rendered {
    let lines: Vec<String> = sources
        .iter()
        .map(|s| source_line(s, DESCRIPTION / sources.len().max(1) - 1))
        .collect();
    let description = if lines.is_empty() {
        "No articles are indexed yet.".to_string()
    } else {
        truncate(&lines.join("\n"), DESCRIPTION)
    };
    let footer = format!(
        "Page {} of {} · {}",
        page + 1,
        pages.max(1),
        count_of(total, "article")
    );
    Rendered {
        content: String::new(),
        embeds: vec![Embed {
            title: "Sources".into(),
            url: None,
            description,
            fields: Vec::new(),
            footer,
        }],
    }
}

/// An article on one line: id, linked title, source and date, within `budget` chars.
fn source_line(s: &Source, budget: usize) -> String {
    let meta = meta_line(s.source.as_deref(), s.published);
    let title = truncate(&link_text(&s.title), 120);
    let id = truncate(&s.id, 100);
    let line = match link(s.url.as_deref()) {
        Some(url) if chars(&url) <= 200 => format!("`{id}` [{title}](<{url}>) {meta}"),
        _ => format!("`{id}` {title} {meta}"),
    };
    truncate(line.trim_end(), budget)
}

/// One article: metadata and lede.
pub fn source(source: &Source) -> Rendered {
    let title = non_empty(truncate(&one_line(&source.title), TITLE), "untitled");
    let field = |name: &str, value: String| Field {
        name: name.into(),
        value: non_empty(truncate(&one_line(&value), FIELD_VALUE), "—"),
    };
    let fields = vec![
        field("Id", format!("`{}`", truncate(&source.id, 200))),
        field("Source", source.source.clone().unwrap_or_default()),
        field(
            "Published",
            source.published.map(|d| d.to_string()).unwrap_or_default(),
        ),
        field("Tags", source.tags.join(", ")),
        field("Passages", source.passages.to_string()),
    ];
    let lead = truncate(&one_line(&source.lead), 3000);
    let embed = Embed {
        title,
        url: link(source.url.as_deref()),
        description: lead,
        fields,
        footer: String::new(),
    };
    Rendered {
        content: String::new(),
        embeds: vec![embed],
    }
}

/// A short note (errors, cooldowns, confirmations).
pub fn note(text: &str) -> Rendered {
    Rendered {
        content: content(&non_empty(text.to_string(), "…")),
        embeds: Vec::new(),
    }
}

/// An autocomplete choice name (1 to 100 chars).
pub fn choice_name(text: &str) -> String {
    non_empty(truncate(&one_line(text), CHOICE_NAME), "?")
}

/// A thread name for a question (1 to 100 chars).
pub fn thread_name(question: &str) -> String {
    non_empty(truncate(&one_line(question), THREAD_NAME), "Question")
}

fn embed_total(embed: &Embed) -> usize {
    chars(&embed.title)
        + chars(&embed.description)
        + chars(&embed.footer)
        + embed
            .fields
            .iter()
            .map(|f| chars(&f.name) + chars(&f.value))
            .sum::<usize>()
}

/// Every limit Discord enforces on a message; the first one broken, if any.
pub fn check(rendered: &Rendered) -> Result<(), String> {
    let fail = |what: String| Err(what);
    if chars(&rendered.content) > CONTENT {
        return fail(format!("content has {} chars", chars(&rendered.content)));
    }
    if rendered.embeds.len() > EMBEDS {
        return fail(format!("{} embeds", rendered.embeds.len()));
    }
    let mut total = 0;
    for e in &rendered.embeds {
        if chars(&e.title) > TITLE
            || chars(&e.description) > DESCRIPTION
            || chars(&e.footer) > FOOTER
        {
            return fail("embed title, description or footer too long".into());
        }
        if e.fields.len() > FIELDS {
            return fail(format!("{} fields", e.fields.len()));
        }
        for f in &e.fields {
            if f.name.trim().is_empty() || f.value.trim().is_empty() {
                return fail("empty field".into());
            }
            if chars(&f.name) > FIELD_NAME || chars(&f.value) > FIELD_VALUE {
                return fail("field too long".into());
            }
        }
        if e.url.as_deref().is_some_and(|u| link(Some(u)).is_none()) {
            return fail("invalid embed url".into());
        }
        total += embed_total(e);
    }
    if total > EMBED_TOTAL {
        return fail(format!("embeds hold {total} chars"));
    }
    if rendered.content.trim().is_empty() && rendered.embeds.is_empty() {
        return fail("empty message".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use quarry_engine::answer::Citation;

    fn any_text(max: usize) -> impl Strategy<Value = String> {
        prop_oneof![
            ".{0,40}",
            proptest::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect()),
            proptest::collection::vec(
                prop_oneof![
                    "[0-9]{1,2}",
                    "https://example\\.com/[a-z/]{0,300}",
                    "@everyone",
                    "<@123>",
                    "word",
                    " ",
                    "\u{1F600}",
                    "é"
                ],
                0..max / 8
            )
            .prop_map(|v| v.join(" ")),
        ]
    }

    fn any_citation() -> impl Strategy<Value = Citation> {
        (
            1usize..30,
            any_text(400),
            any_text(12000),
            proptest::option::of(any_text(3000)),
            proptest::option::of(any_text(300)),
        )
            .prop_map(|(n, title, quote, url, source)| Citation {
                also: vec![source.clone().unwrap_or_default(); 3],
                n,
                doc: "d".into(),
                title,
                source,
                url,
                published: chrono::NaiveDate::from_ymd_opt(2025, 1, 2),
                quote,
                score: 1.0,
                context: None,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_answer_renders_within_limits(text in any_text(12000), summary in any_text(6000), citations in proptest::collection::vec(any_citation(), 0..14)) {
            let a = Answer { question: "q".into(), answered: true, confidence: 1.0, answer: text, summary, citations };
            let r = answer(&a);
            prop_assert_eq!(check(&r), Ok(()));
        }

        #[test]
        fn truncate_holds_the_limit_and_keeps_markers_and_urls_whole(text in any_text(6000), max in 1usize..3000) {
            let out = truncate(&text, max);
            prop_assert!(chars(&out) <= max);
            if chars(&text) <= max {
                prop_assert_eq!(&out, &text);
            } else {
                let kept = out.trim_end_matches(ELLIPSIS);
                prop_assert!(text.starts_with(kept));
                // Every marker or URL that starts in the kept part ends in it.
                for (start, end) in protected(&text) {
                    prop_assert!(start >= kept.len() || end <= kept.len(), "cut inside {:?}", &text[start..end]);
                }
            }
        }

        #[test]
        fn pages_sources_and_names_hold_limits(query in any_text(3000), quote in any_text(9000), title in any_text(600), url in proptest::option::of(any_text(3000)), count in 0usize..12) {
            let hits: Vec<Hit> = (0..count).map(|i| Hit { rank: i + 1, doc: title.clone(), title: title.clone(), position: 1, quote: quote.clone(), score: 0.5 }).collect();
            prop_assert_eq!(check(&hits_page(&query, &hits, 0, 3)), Ok(()));
            prop_assert_eq!(check(&more_sources(&query, &hits)), Ok(()));
            let s = Source { id: title.clone(), title: title.clone(), source: Some(query.clone()), published: None, url: url.clone(), tags: vec![query.clone()], passages: 3, first_indexed: chrono::Utc::now(), lead: quote.clone() };
            prop_assert_eq!(check(&source(&s)), Ok(()));
            let list = vec![s; count];
            prop_assert_eq!(check(&sources_page(&list, 0, 1, count)), Ok(()));
            prop_assert_eq!(check(&note(&quote)), Ok(()));
            let name = choice_name(&query);
            prop_assert!((1..=CHOICE_NAME).contains(&chars(&name)));
            let name = thread_name(&query);
            prop_assert!((1..=THREAD_NAME).contains(&chars(&name)));
        }
    }

    #[test]
    fn cut_never_splits_a_marker_or_url() {
        let text = format!("{} [12] tail", "a".repeat(95));
        assert_eq!(truncate(&text, 99), format!("{}…", "a".repeat(95)));
        let text = format!("see https://example.com/{}", "x".repeat(100));
        assert_eq!(truncate(&text, 50), "see…");
    }

    #[test]
    fn bare_links_are_shielded_once() {
        assert_eq!(
            shield_links("a https://x.y/z b <https://q.r>"),
            "a <https://x.y/z> b <https://q.r>"
        );
    }
}
