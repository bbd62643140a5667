//! A web page → its article: the page's charset, boilerplate removed, Readability (dom_smoothie)
//! for the article body, metadata from `og:*`, `article:*`, JSON-LD and `<time>`.

use chrono::NaiveDate;
use dom_query::{Document, NodeRef};
use dom_smoothie::{Readability, TextMode};
use encoding_rs::Encoding;
use quarry_text::knowledge::Boilerplate;
use quarry_text::Knowledge;
use serde_json::Value;

use crate::document::{paragraphs, Extracted};

/// Pages with more elements than this are refused instead of parsed for minutes.
const MAX_ELEMENTS: usize = 200_000;

/// Decodes a page: byte-order mark, then the HTTP charset, then `<meta charset>`, then UTF-8
/// when it is valid, else Windows-1252 (what browsers read "Latin-1" pages as).
pub fn decode(bytes: &[u8], http_charset: Option<&str>) -> String {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding.decode_with_bom_removal(bytes).0.into_owned();
    }
    let declared = http_charset
        .and_then(|c| Encoding::for_label(c.as_bytes()))
        .or_else(|| meta_charset(bytes));
    let encoding = match declared {
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::WINDOWS_1252,
    };
    // A page cannot declare itself UTF-16 in ASCII; such a label means UTF-8 (as in browsers).
    let encoding = encoding.output_encoding();
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The charset a page declares in its first 4 KB: `<meta charset=...>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(at) = tag.find("charset") {
            let value = tag[at + 7..]
                .trim_start()
                .strip_prefix('=')?
                .trim_start()
                .trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.:".contains(c)))
                .unwrap_or(value.len());
            if let Some(encoding) = Encoding::for_label(&value.as_bytes()[..end]) {
                return Some(encoding);
            }
        }
    }
    None
}

/// The article of a page at `url` (used for site name fallback and relative links).
/// `None` when no article text is there.
pub fn extract(html: &str, url: Option<&str>) -> Option<Extracted> {
    let document = Document::from(html);
    if document.select("*").length() > MAX_ELEMENTS {
        return None;
    }
    let meta = PageMeta::read(&document);
    strip_boilerplate(&document, &Knowledge::get().boilerplate);
    let config = dom_smoothie::Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut readability = Readability::with_document(document, url, Some(config)).ok()?;
    let article = readability.parse().ok()?;
    let title = meta
        .title
        .clone()
        .or_else(|| Some(article.title.trim().to_string()).filter(|t| !t.is_empty()));
    let text = paragraphs(&article.text_content, title.as_deref());
    let published = meta
        .published
        .or_else(|| article.published_time.as_deref().and_then(parse_date))
        .or(meta.time_element);
    let source = meta
        .site_name
        .clone()
        .or_else(|| article.site_name.clone())
        .filter(|s| !s.trim().is_empty());
    Some(Extracted {
        title: title.unwrap_or_default(),
        text,
        source,
        published,
        url: url.map(str::to_string),
        canonical: meta.canonical,
        tags: meta.tags,
    })
}

/// Metadata read before anything is removed from the page.
#[derive(Debug, Default)]
struct PageMeta {
    title: Option<String>,
    site_name: Option<String>,
    published: Option<NaiveDate>,
    time_element: Option<NaiveDate>,
    canonical: Option<String>,
    tags: Vec<String>,
}

impl PageMeta {
    fn read(document: &Document) -> PageMeta {
        let meta = |key: &str| -> Option<String> {
            let selector = format!("meta[property=\"{key}\"], meta[name=\"{key}\"]");
            let content = document.select(&selector).first().attr("content")?;
            let content = quarry_text::one_line(content.trim());
            (!content.is_empty()).then_some(content)
        };
        let ld = json_ld(document);
        let mut tags: Vec<String> = document
            .select("meta[property=\"article:tag\"], meta[name=\"article:tag\"]")
            .iter()
            .filter_map(|m| m.attr("content"))
            .map(|t| t.trim().to_string())
            .collect();
        if tags.is_empty() {
            tags = ld.keywords;
        }
        tags.retain(|t| !t.is_empty() && t.chars().count() <= 60);
        tags.dedup();
        tags.truncate(20);
        let time_element = document
            .select("article time[datetime], time[datetime]")
            .first()
            .attr("datetime")
            .and_then(|d| parse_date(&d));
        let canonical = document
            .select("link[rel=\"canonical\"]")
            .first()
            .attr("href")
            .map(|h| h.trim().to_string())
            .filter(|h| h.starts_with("http://") || h.starts_with("https://"))
            .or_else(|| meta("og:url").filter(|u| u.starts_with("http")));
        PageMeta {
            title: meta("og:title").or(ld.headline),
            site_name: meta("og:site_name").or(ld.publisher),
            published: meta("article:published_time")
                .and_then(|d| parse_date(&d))
                .or(ld.published),
            time_element,
            canonical,
            tags,
        }
    }
}

#[derive(Debug, Default)]
struct LinkedData {
    headline: Option<String>,
    publisher: Option<String>,
    published: Option<NaiveDate>,
    keywords: Vec<String>,
}

/// The first article-like object of the page's JSON-LD blocks (also inside `@graph`).
fn json_ld(document: &Document) -> LinkedData {
    let mut found = LinkedData::default();
    for script in document
        .select("script[type=\"application/ld+json\"]")
        .iter()
    {
        let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) else {
            continue;
        };
        let mut objects = Vec::new();
        collect_objects(&value, &mut objects, 0);
        for object in objects {
            let text = |key: &str| {
                object
                    .get(key)
                    .and_then(Value::as_str)
                    .map(|s| quarry_text::one_line(s.trim()))
                    .filter(|s| !s.is_empty())
            };
            found.headline = found.headline.or_else(|| text("headline"));
            found.published = found
                .published
                .or_else(|| text("datePublished").and_then(|d| parse_date(&d)));
            found.publisher = found.publisher.or_else(|| {
                object
                    .get("publisher")
                    .and_then(|p| p.get("name").or(Some(p)))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
            if found.keywords.is_empty() {
                found.keywords = match object.get("keywords") {
                    Some(Value::String(list)) => list.split(',').map(|k| k.trim().into()).collect(),
                    Some(Value::Array(list)) => list
                        .iter()
                        .filter_map(Value::as_str)
                        .map(|k| k.trim().into())
                        .collect(),
                    _ => Vec::new(),
                };
            }
        }
    }
    found
}

fn collect_objects<'a>(
    value: &'a Value,
    out: &mut Vec<&'a serde_json::Map<String, Value>>,
    depth: usize,
) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_objects(item, out, depth + 1)),
        Value::Object(object) => {
            if object.contains_key("headline") || object.contains_key("datePublished") {
                out.push(object);
            }
            if let Some(graph) = object.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// A date from `2025-11-06`, `2025-11-06T10:00:00+01:00` or an RFC 2822 date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(time) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(time.date_naive());
    }
    if let Ok(time) = chrono::DateTime::parse_from_rfc2822(text) {
        return Some(time.date_naive());
    }
    let head = text.get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// Removes navigation, banners, share bars, ads, related stories and footers before
/// Readability looks for the article, so none of it can be taken for article text.
fn strip_boilerplate(document: &Document, words: &Boilerplate) {
    document
        .select(
            "script, style, noscript, template, iframe, svg, form, button, dialog, nav, footer, aside, \
             [role=navigation], [role=banner], [role=contentinfo], [role=complementary], \
             [role=dialog], [aria-hidden=true], [hidden]",
        )
        .nodes()
        .iter()
        .filter(|node| !holds_article(node))
        .for_each(|node| node.remove_from_parent());
    let page_text = text_length(&document.select("body").text());
    let marked: Vec<NodeRef> = document
        .select("[class], [id], [aria-label]")
        .nodes()
        .iter()
        .filter(|node| is_marked(node, words))
        .cloned()
        .collect();
    for node in marked {
        if holds_article(&node) {
            continue;
        }
        let text = text_length(&node.text());
        let links = text_length(
            &node
                .descendants()
                .iter()
                .filter(|d| d.node_name().as_deref() == Some("a"))
                .map(|a| a.text().to_string())
                .collect::<String>(),
        );
        // A wrapper named "has-sidebar" may hold the article itself: keep elements that carry
        // much of the page's text unless that text is mostly links (a list of other stories).
        let mostly_links = text > 0 && links * 2 >= text;
        if text * 5 < page_text * 2 || mostly_links {
            node.remove_from_parent();
        }
    }
}

fn text_length(text: &str) -> usize {
    text.split_whitespace().map(str::len).sum()
}

/// The page's skeleton and the article itself are never boilerplate.
fn holds_article(node: &NodeRef) -> bool {
    let name = node.node_name().unwrap_or_default();
    matches!(&*name, "html" | "head" | "body" | "main" | "article")
        || node.attr("itemprop").as_deref() == Some("articleBody")
        || node
            .descendants()
            .iter()
            .any(|d| matches!(d.node_name().as_deref(), Some("article") | Some("main")))
}

fn is_marked(node: &NodeRef, words: &Boilerplate) -> bool {
    ["class", "id", "role", "aria-label"]
        .iter()
        .filter_map(|attribute| node.attr(attribute))
        .any(|value| {
            value.split_whitespace().any(|name| {
                let name = name.to_lowercase();
                let parts: Vec<&str> = name.split(['-', '_']).filter(|p| !p.is_empty()).collect();
                words.markers.contains(&name)
                    || parts.iter().any(|p| words.markers.contains(*p))
                    || parts
                        .windows(2)
                        .any(|pair| words.markers.contains(&pair.join("-")))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_pages_decode_by_header_meta_or_fallback() {
        let bytes =
            b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9 na\xefve</body></html>";
        assert!(decode(bytes, None).contains("café naïve"));
        assert!(decode(b"caf\xe9", Some("ISO-8859-1")).contains("café"));
        assert!(decode(b"caf\xe9 undeclared", None).contains("café"));
        assert!(decode("café".as_bytes(), None).contains("café"));
    }

    #[test]
    fn dates_come_from_iso_rfc3339_and_rfc2822() {
        let day = NaiveDate::from_ymd_opt(2026, 2, 4);
        assert_eq!(parse_date("2026-02-04"), day);
        assert_eq!(parse_date("2026-02-04T09:30:00+01:00"), day);
        assert_eq!(parse_date("Wed, 04 Feb 2026 09:30:00 GMT"), day);
        assert_eq!(parse_date("yesterday"), None);
    }
}
