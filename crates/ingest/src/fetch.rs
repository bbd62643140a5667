//! Fetching one page, feed or upload: http/https only, guarded addresses, bounded in size,
//! time and redirects.

use std::error::Error as _;
use std::time::Duration;

use quarry_engine::config::IngestConfig;
use reqwest::redirect::{Attempt, Policy};
use reqwest::Url;

use crate::error::IngestError;
use crate::guard::{self, GuardedResolver, Refused};

/// Most redirects one fetch follows.
pub const MAX_REDIRECTS: usize = 5;

pub const USER_AGENT: &str = concat!(
    "quarry/",
    env!("CARGO_PKG_VERSION"),
    " (news ingestion for a team's article index; fetches one page per link a member adds)"
);

/// What a fetch brought back.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The address after redirects.
    pub url: Url,
    /// The media type, lower case, without parameters (`text/html`); `None` when not sent.
    pub media_type: Option<String>,
    pub charset: Option<String>,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    allow_private: bool,
    max_bytes: u64,
    timeout_secs: u64,
}

/// Why the redirect policy stopped a fetch; found again in reqwest's error chain.
#[derive(Debug, thiserror::Error)]
enum RedirectStop {
    #[error("redirect loop")]
    Loop,
    #[error("too many redirects")]
    TooMany,
    #[error("redirect to {0}, which is not http or https")]
    Scheme(String),
    #[error(transparent)]
    Refused(#[from] Refused),
}

impl Fetcher {
    pub fn new(settings: &IngestConfig) -> Result<Fetcher, IngestError> {
        let allow_private = settings.allow_private_addresses;
        let timeout = Duration::from_secs(settings.timeout_secs);
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(timeout)
            .connect_timeout(timeout)
            // A proxy would be connected to instead of the checked addresses.
            .no_proxy()
            .dns_resolver(GuardedResolver::shared(allow_private))
            .redirect(Policy::custom(move |attempt| {
                redirect(attempt, allow_private)
            }))
            .build()
            .map_err(|e| IngestError::Network {
                url: String::new(),
                reason: format!("cannot start the HTTP client: {e}"),
            })?;
        Ok(Fetcher {
            client,
            allow_private,
            max_bytes: settings.max_page_bytes,
            timeout_secs: settings.timeout_secs,
        })
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Fetches `address` (http or https), refusing inside addresses, error statuses and bodies
    /// over the size limit.
    pub async fn get(&self, address: &str) -> Result<Fetched, IngestError> {
        let url = parse_url(address)?;
        if let Some(ip) = literal_ip(&url) {
            if let Some(why) = guard::forbidden(ip).filter(|_| !self.allow_private) {
                let refused = Refused {
                    host: ip.to_string(),
                    ip,
                    why,
                };
                return Err(IngestError::Refused {
                    url: url.to_string(),
                    reason: refused.to_string(),
                });
            }
        }
        let mut response = self
            .client
            .get(url.clone())
            .send()
            .await
            .map_err(|e| self.explain(&url, &e))?;
        let status = response.status();
        let final_url = response.url().clone();
        if !status.is_success() {
            return Err(IngestError::Status {
                url: final_url.to_string(),
                status: status.to_string(),
            });
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase);
        let (media_type, charset) = split_content_type(content_type.as_deref());
        let too_large = || IngestError::TooLarge {
            what: final_url.to_string(),
            limit: self.max_bytes,
        };
        if response
            .content_length()
            .is_some_and(|n| n > self.max_bytes)
        {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.explain(&final_url, &e))?
        {
            if (bytes.len() + chunk.len()) as u64 > self.max_bytes {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            url: final_url,
            media_type,
            charset,
            bytes,
        })
    }

    /// One line for a failed request: the refusal, timeout or redirect problem behind it.
    fn explain(&self, url: &Url, error: &reqwest::Error) -> IngestError {
        let url_text = error.url().unwrap_or(url).to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            if let Some(refused) = cause.downcast_ref::<Refused>() {
                return IngestError::Refused {
                    url: url_text,
                    reason: refused.to_string(),
                };
            }
            if let Some(stop) = cause.downcast_ref::<RedirectStop>() {
                let url = url.to_string();
                return match stop {
                    RedirectStop::Loop => IngestError::RedirectLoop { url },
                    RedirectStop::TooMany => IngestError::TooManyRedirects {
                        url,
                        limit: MAX_REDIRECTS,
                    },
                    RedirectStop::Scheme(_) | RedirectStop::Refused(_) => IngestError::Refused {
                        url,
                        reason: stop.to_string(),
                    },
                };
            }
            source = cause.source();
        }
        if error.is_timeout() {
            return IngestError::Timeout {
                url: url_text,
                secs: self.timeout_secs,
            };
        }
        let mut reason = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            reason = cause.to_string();
            source = cause.source();
        }
        IngestError::Network {
            url: url_text,
            reason,
        }
    }
}

/// An http(s) URL, or a clear refusal.
pub fn parse_url(address: &str) -> Result<Url, IngestError> {
    let bad = || IngestError::BadUrl {
        url: address.to_string(),
    };
    let url = Url::parse(address.trim()).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(bad());
    }
    Ok(url)
}

fn literal_ip(url: &Url) -> Option<std::net::IpAddr> {
    match url.host()? {
        url::Host::Ipv4(ip) => Some(ip.into()),
        url::Host::Ipv6(ip) => Some(ip.into()),
        url::Host::Domain(_) => None,
    }
}

/// Follows at most [`MAX_REDIRECTS`] hops, never in a loop, never off http(s), never to a
/// literal inside address (names are checked by the resolver when they are connected to).
fn redirect(attempt: Attempt<'_>, allow_private: bool) -> reqwest::redirect::Action {
    let next = attempt.url().clone();
    if attempt.previous().iter().any(|seen| seen == &next) {
        return attempt.error(RedirectStop::Loop);
    }
    if attempt.previous().len() > MAX_REDIRECTS {
        return attempt.error(RedirectStop::TooMany);
    }
    if !matches!(next.scheme(), "http" | "https") {
        return attempt.error(RedirectStop::Scheme(next.to_string()));
    }
    if let Some(ip) = literal_ip(&next) {
        if let Some(why) = guard::forbidden(ip).filter(|_| !allow_private) {
            return attempt.error(RedirectStop::Refused(Refused {
                host: ip.to_string(),
                ip,
                why,
            }));
        }
    }
    attempt.follow()
}

/// `text/html; charset=ISO-8859-1` → (`text/html`, `iso-8859-1`).
fn split_content_type(value: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(value) = value else {
        return (None, None);
    };
    let mut parts = value.split(';');
    let media = parts.next().map(|m| m.trim().to_string());
    let charset = parts.find_map(|p| {
        let (key, value) = p.split_once('=')?;
        (key.trim() == "charset").then(|| value.trim().trim_matches('"').to_string())
    });
    (media.filter(|m| !m.is_empty()), charset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_splits_into_media_type_and_charset() {
        assert_eq!(
            split_content_type(Some("text/html; charset=\"iso-8859-1\"")),
            (Some("text/html".into()), Some("iso-8859-1".into()))
        );
        assert_eq!(split_content_type(None), (None, None));
    }

    #[test]
    fn only_http_and_https_links_are_taken() {
        for bad in [
            "ftp://example.org/a",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "example.org",
            "",
        ] {
            assert!(
                matches!(parse_url(bad), Err(IngestError::BadUrl { .. })),
                "{bad}"
            );
        }
        assert!(parse_url("https://example.org/a?b=1").is_ok());
    }
}
