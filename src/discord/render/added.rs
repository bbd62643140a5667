//! The reply to `/add`: what was added (title, source, date) and its first commitments, or
//! which article already carries the story.

use quarry_ingest::Added;
use quarry_text::one_line;

use super::{content, link, non_empty, truncate, Embed, Field, Rendered, FIELD_VALUE, TITLE};

/// The private reply to the member who added the article.
pub fn added(added: &Added) -> Rendered {
    let text = match &added.duplicate_of {
        Some(id) => format!(
            "Already in quarry: the same story is `{}`. The new source is recorded as also reporting it.",
            truncate(&one_line(id), 300)
        ),
        None => format!("Added `{}`.", truncate(&one_line(&added.id), 300)),
    };
    Rendered {
        content: content(&text),
        embeds: vec![card(added)],
    }
}

/// The note in the channel that tells the team an article came in.
pub fn added_announcement(added: &Added, by: &str) -> Rendered {
    let text = format!(
        "{} added an article to quarry: {}",
        truncate(&one_line(by), 100),
        truncate(&one_line(&added.title), 300)
    );
    Rendered {
        content: content(&text),
        embeds: vec![card(added)],
    }
}

fn card(added: &Added) -> Embed {
    let field = |name: &str, value: String| Field {
        name: name.into(),
        value: non_empty(truncate(&one_line(&value), FIELD_VALUE), "—"),
    };
    let mut fields = vec![
        field("Source", added.source.clone().unwrap_or_default()),
        field(
            "Published",
            added.published.map(|d| d.to_string()).unwrap_or_default(),
        ),
    ];
    if !added.commitments.is_empty() {
        let lines: Vec<String> = added
            .commitments
            .iter()
            .map(|c| format!("• {}", truncate(&one_line(c), 300)))
            .collect();
        fields.push(Field {
            name: "Commitments".into(),
            value: truncate(&lines.join("\n"), FIELD_VALUE),
        });
    }
    Embed {
        title: non_empty(truncate(&one_line(&added.title), TITLE), "untitled"),
        url: link(added.url.as_deref()),
        description: String::new(),
        fields,
        footer: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn add_replies_hold_every_limit(
            title in ".{0,600}",
            id in ".{0,400}",
            source in proptest::option::of(".{0,2000}"),
            url in proptest::option::of("https://example\\.com/[a-z/]{0,3000}"),
            commitments in proptest::collection::vec(".{0,900}", 0..5),
            duplicate in any::<bool>(),
        ) {
            let article = Added {
                duplicate_of: duplicate.then(|| id.clone()),
                id,
                title,
                source,
                published: chrono::NaiveDate::from_ymd_opt(2026, 2, 4),
                url,
                commitments,
                canonical: None,
            };
            prop_assert_eq!(check(&added(&article)), Ok(()));
            prop_assert_eq!(check(&added_announcement(&article, &article.title)), Ok(()));
        }
    }

    #[test]
    fn the_reply_names_title_source_date_and_commitments() {
        let article = Added {
            id: "example.org/2026-02-04-deal".into(),
            title: "Tungsten deal signed".into(),
            source: Some("Example News".into()),
            published: chrono::NaiveDate::from_ymd_opt(2026, 2, 4),
            url: Some("https://example.org/deal".into()),
            duplicate_of: None,
            commitments: vec!["Kazakhstan — signed a deal ($1 billion)".into()],
            canonical: None,
        };
        let rendered = added(&article);
        let card = &rendered.embeds[0];
        assert_eq!(card.title, "Tungsten deal signed");
        let fields: Vec<&str> = card.fields.iter().map(|f| f.value.as_str()).collect();
        assert!(fields.contains(&"Example News"));
        assert!(fields.contains(&"2026-02-04"));
        assert!(fields.iter().any(|f| f.contains("Kazakhstan")));
    }
}
