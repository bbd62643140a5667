//! Every way ingestion can fail, each one line a user can act on. Nothing is written on failure.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{url:?} is not a web address; give an http:// or https:// link or a file path")]
    BadUrl { url: String },
    #[error("refused {url}: {reason}")]
    Refused { url: String, reason: String },
    #[error("{url} answered {status}; nothing was added")]
    Status { url: String, status: String },
    #[error("{url} did not answer within {secs} s (ingest.timeout_secs)")]
    Timeout { url: String, secs: u64 },
    #[error("{url} redirects in a loop")]
    RedirectLoop { url: String },
    #[error("{url} redirects more than {limit} times")]
    TooManyRedirects { url: String, limit: usize },
    #[error("{url} is {content_type}, not a web page (HTML) or a PDF")]
    NotAPage { url: String, content_type: String },
    #[error("{what} is larger than {limit} bytes (ingest.max_page_bytes)")]
    TooLarge { what: String, limit: u64 },
    #[error("cannot fetch {url}: {reason}")]
    Network { url: String, reason: String },
    #[error("{what} holds no article text (only page furniture, or too little to be an article)")]
    NoArticleText { what: String },
    #[error("{what} is not a PDF (it does not start with %PDF-)")]
    NotAPdf { what: String },
    #[error("{what} is a PDF without a text layer (a scan?); add a text version instead")]
    PdfWithoutText { what: String },
    #[error("cannot read the PDF {what}: {reason}")]
    PdfUnreadable { what: String, reason: String },
    #[error("{path}: .{extension} files cannot be added; use .md, .txt, .html or .pdf")]
    Unsupported { path: PathBuf, extension: String },
    #[error("{path}: {reason}")]
    File { path: PathBuf, reason: String },
    #[error("{what} is not usable text: {reason}")]
    BadText { what: String, reason: String },
    #[error("the feed {url} cannot be read: {reason}")]
    BadFeed { url: String, reason: String },
    #[error("cannot write {path}: {reason}; nothing was added")]
    Write { path: PathBuf, reason: String },
    #[error("the index cannot be updated: {reason}")]
    Index { reason: String },
}
