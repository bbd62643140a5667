//! What an added link or file becomes before it is written: an [`Extracted`] article, from HTML,
//! PDF, Markdown or plain text.

use std::path::Path;

use chrono::NaiveDate;
use quarry_engine::corpus;
use quarry_text::Knowledge;

use crate::error::IngestError;
use crate::html;

/// Fewer words than this is no article (a teaser, an error page, a cookie wall).
pub const MIN_WORDS: usize = 40;

/// An article taken from a page or a file, ready to be compared with the corpus and written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub title: String,
    /// The article text, written to the corpus file as it is: paragraphs split by blank lines.
    pub text: String,
    /// The site's name (`og:site_name`, JSON-LD publisher, or the host).
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
    /// Where it was fetched from, after redirects.
    pub url: Option<String>,
    /// The address the page names as its own (`<link rel=canonical>`), if any.
    pub canonical: Option<String>,
    pub tags: Vec<String>,
}

/// The kinds of input quarry reads, told apart by file extension or media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Html,
    Pdf,
    /// Markdown or plain text, with optional `+++` front matter, as in the corpus.
    Text,
}

impl Kind {
    pub fn of_path(path: &Path) -> Result<Kind, IngestError> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match extension.as_str() {
            "html" | "htm" | "xhtml" => Ok(Kind::Html),
            "pdf" => Ok(Kind::Pdf),
            "md" | "markdown" | "txt" => Ok(Kind::Text),
            _ => Err(IngestError::Unsupported {
                path: path.to_path_buf(),
                extension,
            }),
        }
    }

    /// The kind of a fetched page; a missing media type is sniffed from the first bytes.
    pub fn of_media_type(media_type: Option<&str>, bytes: &[u8]) -> Option<Kind> {
        match media_type {
            Some("text/html" | "application/xhtml+xml") => Some(Kind::Html),
            Some("application/pdf" | "application/x-pdf") => Some(Kind::Pdf),
            Some(_) => None,
            None if bytes.starts_with(b"%PDF-") => Some(Kind::Pdf),
            None => {
                let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
                (head.contains("<html") || head.contains("<!doctype html")).then_some(Kind::Html)
            }
        }
    }
}

/// Reads the article of `bytes`, of the given kind; `what` names it in errors.
pub fn read(
    kind: Kind,
    bytes: &[u8],
    what: &str,
    charset: Option<&str>,
    url: Option<&str>,
) -> Result<Extracted, IngestError> {
    let no_text = || IngestError::NoArticleText {
        what: what.to_string(),
    };
    let extracted = match kind {
        Kind::Html => {
            let page = html::decode(bytes, charset);
            let mut extracted = html::extract(&page, url).ok_or_else(no_text)?;
            if extracted.source.is_none() {
                extracted.source = url.and_then(host_of);
            }
            extracted
        }
        Kind::Pdf => crate::pdf::read(bytes, what)?,
        Kind::Text => text_file(bytes, what)?,
    };
    if extracted.text.split_whitespace().count() < MIN_WORDS && kind != Kind::Text {
        return Err(no_text());
    }
    if extracted.text.trim().is_empty() {
        return Err(no_text());
    }
    Ok(extracted)
}

/// A Markdown or text file: front matter kept, body verbatim (as the corpus reads it today).
fn text_file(bytes: &[u8], what: &str) -> Result<Extracted, IngestError> {
    let entry = corpus::Entry {
        id: what.to_string(),
        path: what.into(),
    };
    let article = corpus::parse(&entry, bytes).map_err(|problem| IngestError::BadText {
        what: what.to_string(),
        reason: problem
            .to_string()
            .trim_start_matches(&format!("{what}: "))
            .to_string(),
    })?;
    Ok(Extracted {
        title: article.title,
        text: article.body,
        source: article.meta.source,
        published: article.meta.published,
        url: article.meta.url,
        canonical: None,
        tags: article.meta.tags,
    })
}

/// The host of a link without `www.`, as a stand-in for the site's name.
pub fn host_of(url: &str) -> Option<String> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// Article text as written to the corpus: one paragraph per line of `text`, whitespace
/// collapsed, page furniture and a repeated headline dropped, paragraphs split by blank lines.
pub fn paragraphs(text: &str, title: Option<&str>) -> String {
    let furniture = &Knowledge::get().boilerplate;
    let title = title.map(|t| quarry_text::one_line(t).to_lowercase());
    let mut kept: Vec<String> = Vec::new();
    for line in text.lines() {
        let paragraph = quarry_text::one_line(line);
        if paragraph.is_empty() {
            continue;
        }
        let lower = paragraph.to_lowercase();
        let bare = lower.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '…');
        let is_furniture = furniture.lines.contains(bare)
            || furniture
                .openings
                .iter()
                .any(|o| lower.starts_with(o.as_str()));
        let is_headline = kept.is_empty() && title.as_deref() == Some(lower.as_str());
        if is_furniture || is_headline || kept.last() == Some(&paragraph) {
            continue;
        }
        kept.push(paragraph);
    }
    let mut text = kept.join("\n\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_drop_furniture_and_the_repeated_headline() {
        let text = "Miners sign deal\n\nShare this article\nThe  ministers   signed the deal.\nAdvertisement\n\nWe use cookies to improve your experience.\nIt covers lithium.";
        assert_eq!(
            paragraphs(text, Some("Miners sign deal")),
            "The ministers signed the deal.\n\nIt covers lithium.\n"
        );
    }

    #[test]
    fn kinds_come_from_extensions_and_media_types() {
        assert_eq!(Kind::of_path(Path::new("a/b.HTML")).ok(), Some(Kind::Html));
        assert_eq!(Kind::of_path(Path::new("b.pdf")).ok(), Some(Kind::Pdf));
        assert!(matches!(
            Kind::of_path(Path::new("b.docx")),
            Err(IngestError::Unsupported { .. })
        ));
        assert_eq!(Kind::of_media_type(Some("image/png"), b""), None);
        assert_eq!(Kind::of_media_type(None, b"%PDF-1.4"), Some(Kind::Pdf));
        assert_eq!(
            Kind::of_media_type(None, b"<!DOCTYPE html><html>"),
            Some(Kind::Html)
        );
    }
}
