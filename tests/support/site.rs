//! A local news site on 127.0.0.1 for ingestion tests: article pages with realistic
//! boilerplate (tests/fixtures/site), a Latin-1 page, a syndicated copy on a wire site, feeds in
//! each format, and every kind of bad answer (404, 500, slow, redirect loop, wrong type, too big,
//! a fake PDF, a malformed feed).

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::Response;
use axum::Router;

/// What the site serves at a path.
#[derive(Clone)]
pub enum Page {
    Ok(&'static str, Vec<u8>),
    Status(u16),
    Redirect(String),
    /// Answers after this long (for timeouts).
    Slow(Duration),
}

pub struct Site {
    pub addr: SocketAddr,
}

impl Site {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/site")
        .join(name);
    let path = if path.exists() {
        path
    } else {
        // The ingest crate's tests read the root's fixtures.
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/site")
            .join(name)
    };
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of a UTF-8 fixture re-encoded as Latin-1 (Windows-1252), as an old site serves it.
pub fn latin1(name: &str) -> Vec<u8> {
    let text = String::from_utf8(fixture(name)).expect("utf-8 fixture");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable, "{name} has characters Latin-1 cannot hold");
    bytes.into_owned()
}

const HTML: &str = "text/html; charset=utf-8";

/// A minimal PDF whose one page shows `lines` (a real text layer), or no text at all.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 72 720 Td 14 TL\n");
    for line in lines {
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({escaped}) Tj T*\n"));
    }
    content.push_str("ET\n");
    if lines.is_empty() {
        content = "0 0 m 100 100 l S\n".into();
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A one-page report with a text layer.
pub fn report_pdf() -> Vec<u8> {
    pdf(&[
        "Lithium refinery report",
        "The ministry said the refinery would process 40,000 tonnes of lithium a year.",
        "Construction of the plant is due to begin in the spring, officials said,",
        "and the first exports to European battery makers are planned for 2027.",
        "Engineers from three countries will staff the site, which sits beside the railway.",
    ])
}

fn rss(base: &str) -> String {
    let item = |guid: &str, path: &str, title: &str, day: &str| {
        format!("<item><title>{title}</title><link>{base}{path}</link><guid isPermaLink=\"false\">{guid}</guid><pubDate>{day}</pubDate><description>{title} (teaser)</description></item>")
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Daily Gazette: technology and arts</title><link>{base}/</link><description>Latest</description>\n{}\n{}\n{}\n</channel></rss>\n",
        item("gazette-1", "/news/playstation-chip", "PlayStation 3 chip to be unveiled", "Mon, 31 Jan 2005 07:12:00 GMT"),
        item("gazette-2", "/news/tate-tree", "Gallery unveils interactive tree", "Tue, 21 Dec 2004 09:00:00 GMT"),
        item("wire-77", "/wire/playstation-chip", "Sony chip details due", "Tue, 01 Feb 2005 10:00:00 GMT"),
    )
}

fn atom(base: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Gazette sport</title><id>urn:gazette:sport</id><updated>2005-01-07T08:00:00Z</updated>\n<entry><title>Hewitt falls to Dent</title><id>urn:gazette:sport:1</id><updated>2005-01-07T08:00:00Z</updated><link rel=\"alternate\" href=\"{base}/news/hewitt-dent\"/><summary>Tennis</summary></entry>\n<entry><title>Missing page</title><id>urn:gazette:sport:2</id><updated>2005-01-07T09:00:00Z</updated><link rel=\"alternate\" href=\"{base}/gone\"/><summary>Tennis</summary></entry>\n</feed>\n"
    )
}

fn json_feed(base: &str) -> String {
    format!(
        "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Gazette arts\",\"items\":[{{\"id\":\"arts-1\",\"url\":\"{base}/news/musical\",\"title\":\"Musical on the way\",\"date_published\":\"2005-01-12T07:00:00Z\"}}]}}"
    )
}

/// Starts the site on an ephemeral loopback port.
pub async fn start() -> Site {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let base = format!("http://{addr}");
    let mut pages: HashMap<String, Page> = HashMap::new();
    let mut page = |path: &str, kind: &'static str, body: Vec<u8>| {
        pages.insert(path.to_string(), Page::Ok(kind, body));
    };
    page(
        "/news/playstation-chip",
        HTML,
        fixture("playstation-chip.html"),
    );
    page("/news/tate-tree", HTML, fixture("tate-tree.html"));
    page("/news/hewitt-dent", HTML, fixture("hewitt-dent.html"));
    page(
        "/wire/playstation-chip",
        HTML,
        fixture("wire-playstation-chip.html"),
    );
    // Declared only in the page's <meta charset>, as old sites do.
    page("/news/musical", "text/html", latin1("musical-latin1.html"));
    page("/consent", HTML, fixture("cookie-wall.html"));
    page(
        "/picture.png",
        "image/png",
        b"\x89PNG\r\n\x1a\n....".to_vec(),
    );
    page("/data.json", "application/json", b"{\"a\": 1}".to_vec());
    page("/fake.pdf", "application/pdf", fixture("tate-tree.html"));
    page("/report.pdf", "application/pdf", report_pdf());
    page("/scan.pdf", "application/pdf", pdf(&[]));
    let mut big = fixture("tate-tree.html");
    big.extend(std::iter::repeat_n(b' ', 300_000));
    page("/huge", HTML, big);
    page("/rss.xml", "application/rss+xml", rss(&base).into_bytes());
    page(
        "/atom.xml",
        "application/atom+xml",
        atom(&base).into_bytes(),
    );
    page(
        "/feed.json",
        "application/feed+json",
        json_feed(&base).into_bytes(),
    );
    page(
        "/broken.xml",
        "application/rss+xml",
        b"<rss><channel><item><title>Cut".to_vec(),
    );
    page("/empty.xml", "application/rss+xml", Vec::new());
    pages.insert("/gone".into(), Page::Status(404));
    pages.insert("/error".into(), Page::Status(500));
    pages.insert("/slow".into(), Page::Slow(Duration::from_secs(4)));
    pages.insert("/loop-a".into(), Page::Redirect("/loop-b".into()));
    pages.insert("/loop-b".into(), Page::Redirect("/loop-a".into()));
    for hop in 0..8 {
        pages.insert(
            format!("/hop/{hop}"),
            Page::Redirect(format!("/hop/{}", hop + 1)),
        );
    }
    pages.insert("/moved".into(), Page::Redirect("/news/tate-tree".into()));
    let app = Router::new().fallback(serve).with_state(Arc::new(pages));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Site { addr }
}

async fn serve(State(pages): State<Arc<HashMap<String, Page>>>, uri: Uri) -> Response {
    let page = pages.get(uri.path()).cloned().unwrap_or(Page::Status(404));
    let build = Response::builder();
    match page {
        Page::Ok(kind, body) => build
            .header(header::CONTENT_TYPE, kind)
            .body(Body::from(body)),
        Page::Status(code) => build
            .status(StatusCode::from_u16(code).unwrap_or(StatusCode::NOT_FOUND))
            .header(header::CONTENT_TYPE, HTML)
            .body(Body::from("<html><body><h1>Not here</h1></body></html>")),
        Page::Redirect(to) => build
            .status(StatusCode::FOUND)
            .header(header::LOCATION, to)
            .body(Body::empty()),
        Page::Slow(wait) => {
            tokio::time::sleep(wait).await;
            build
                .header(header::CONTENT_TYPE, HTML)
                .body(Body::from(fixture("tate-tree.html")))
        }
    }
    .unwrap_or_else(|_| Response::new(Body::empty()))
}
