//! A PDF → its text layer (pdf-extract). A file that is not a PDF, or a PDF without text (a
//! scan), is refused with the reason.

use crate::document::Extracted;
use crate::error::IngestError;

/// The text of a PDF; the first line stands as the title.
pub fn read(bytes: &[u8], what: &str) -> Result<Extracted, IngestError> {
    // The header may follow a little junk (PDF readers look in the first kilobyte).
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(IngestError::NotAPdf {
            what: what.to_string(),
        });
    }
    // pdf-extract panics on some malformed files; a bad upload must not take the bot down.
    let extracted = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    let raw = match extracted {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => {
            return Err(IngestError::PdfUnreadable {
                what: what.to_string(),
                reason: e.to_string(),
            })
        }
        Err(_) => {
            return Err(IngestError::PdfUnreadable {
                what: what.to_string(),
                reason: "its structure is broken".into(),
            })
        }
    };
    let text = tidy(&raw);
    if text.split_whitespace().next().is_none() {
        return Err(IngestError::PdfWithoutText {
            what: what.to_string(),
        });
    }
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    Ok(Extracted {
        title,
        text,
        ..Extracted::default()
    })
}

/// Lines trimmed, page breaks and runs of blank lines reduced to one blank line.
fn tidy(raw: &str) -> String {
    let mut text = String::new();
    let mut blank = false;
    for line in raw.replace('\u{c}', "\n").lines() {
        let line = line.trim();
        if line.is_empty() {
            blank = !text.is_empty();
            continue;
        }
        if blank {
            text.push('\n');
            blank = false;
        }
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_a_pdf_is_refused() {
        let err = read(b"<html>not a pdf</html>", "fake.pdf").unwrap_err();
        assert!(matches!(err, IngestError::NotAPdf { .. }), "{err}");
        assert!(err.to_string().contains("fake.pdf"));
        let err = read(b"%PDF-1.4\ngarbage", "broken.pdf").unwrap_err();
        assert!(matches!(err, IngestError::PdfUnreadable { .. }), "{err}");
    }

    #[test]
    fn tidy_keeps_paragraphs_and_drops_page_breaks() {
        assert_eq!(tidy("  A line \n\n\n\u{c}B line\n"), "A line\n\nB line\n");
    }
}
