//! Fetching one URL over HTTP(S): every hop of its redirects, exactly as it came over the wire
//! (bodies still content-encoded), bounded in time and size.
//!
//! Redirects are followed here rather than by the client, so each hop is recorded (the WARC
//! keeps the 301 as well as the page) and a loop is told apart from a long chain. Nothing
//! here knows about terminals or projects: the CLI and the workstation's worker threads call
//! [`fetch`] the same way.

use std::io::Read;
use std::time::{Duration, Instant};

use url::Url;

use super::content::{self, MediaKind};
use super::FetchError;
use crate::store::now_rfc3339;

/// Limits and identity of a fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// Connecting, and each wait for data, may take this long; the whole fetch
    /// [`DEADLINE_TIMEOUTS`] times as long ([`FetchOptions::deadline`]).
    pub timeout: Duration,
    /// Largest body accepted, counted while it streams in (as sent, before decoding).
    pub max_size: u64,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// The program and its version, as the archive's `warcinfo` names it (`factdesk/0.1.0`).
    pub software: String,
    /// The `User-Agent` header, naming the program and its version.
    pub user_agent: String,
}

/// `--timeout` when none is given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// `--max-size` when none is given: 50 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 50 << 20;
/// Browsers give up after about 20 redirects; real pages need two or three.
pub const DEFAULT_MAX_REDIRECTS: usize = 10;
/// A whole fetch (every redirect and every read of the body) may take this many times the
/// timeout: a server that drips a byte just before each timeout would otherwise hold the
/// import, and the project's lock, for ever. Four times the default is two minutes, enough
/// for the 50 MiB limit at 512 KiB/s.
pub const DEADLINE_TIMEOUTS: u32 = 4;

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions::for_version(env!("CARGO_PKG_VERSION"))
    }
}

impl FetchOptions {
    /// How long the whole fetch may take: [`DEADLINE_TIMEOUTS`] × the timeout.
    pub fn deadline(&self) -> Duration {
        self.timeout * DEADLINE_TIMEOUTS
    }

    /// The default limits, naming factdesk `version` in the User-Agent and the archives.
    pub fn for_version(version: &str) -> FetchOptions {
        FetchOptions {
            timeout: DEFAULT_TIMEOUT,
            max_size: DEFAULT_MAX_SIZE,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            software: format!("factdesk/{version}"),
            user_agent: user_agent(version),
        }
    }
}

/// The User-Agent factdesk sends: its name and version, and what it is doing.
pub fn user_agent(version: &str) -> String {
    format!("factdesk/{version} (fact-checking workstation; one-time capture of a source)")
}

/// What factdesk asks for: the formats it can read, compressed as the server likes.
pub const ACCEPT: &str =
    "text/html,application/xhtml+xml,application/pdf,text/plain,application/json;q=0.9,*/*;q=0.5";
pub const ACCEPT_ENCODING: &str = "gzip, deflate, br";

/// One request and its response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The URL requested in this hop.
    pub url: String,
    /// When the request was sent, RFC 3339 UTC.
    pub date: String,
    /// The HTTP request as sent: request line and headers, ending with an empty line.
    pub request_head: Vec<u8>,
    pub status: u16,
    /// Status line and headers as received, ending with an empty line. A `Transfer-Encoding`
    /// header is kept as `X-Archive-Orig-Transfer-Encoding`: the body below is de-chunked.
    pub response_head: Vec<u8>,
    pub headers: Vec<(String, String)>,
    /// The body as sent (still gzip, deflate or br when the server compressed it).
    pub body: Vec<u8>,
}

impl Exchange {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        super::header_value(&self.headers, name)
    }
}

/// Every hop of a fetch; the last one is the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL asked for (normalised).
    pub requested: String,
    pub hops: Vec<Exchange>,
    /// What the final body is.
    pub kind: MediaKind,
}

impl Fetched {
    pub fn page(&self) -> &Exchange {
        self.hops.last().expect("a fetch has at least one hop")
    }
}

/// Parses a URL the user gave: http and https only, with a host.
pub fn parse_url(raw: &str) -> Result<Url, FetchError> {
    let url = Url::parse(raw.trim()).map_err(|e| FetchError::BadUrl(e.to_string()))?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(FetchError::BadUrl(format!(
                "only http and https URLs can be fetched (not {other}:)"
            )))
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::BadUrl("the URL has no host".to_owned()));
    }
    Ok(url)
}

/// Fetches `url`, following redirects, and returns every hop. Fails on DNS, connection, TLS
/// and timeout errors, HTTP 4xx/5xx, redirect loops, bodies over `max_size` and content
/// factdesk cannot read (HTML, PDF, plain text and JSON are read).
pub fn fetch(url: &str, opts: &FetchOptions) -> Result<Fetched, FetchError> {
    let start = parse_url(url)?;
    let agent = agent(opts);
    let deadline = Instant::now() + opts.deadline();
    let mut hops: Vec<Exchange> = Vec::new();
    let mut current = start.clone();
    loop {
        refuse_special_names(&current)?;
        let (exchange, redirect) = one_hop(&agent, &current, opts, deadline)?;
        hops.push(exchange);
        let Some(next) = redirect else { break };
        if next == current || hops.iter().any(|h| h.url == next.as_str()) {
            return Err(FetchError::RedirectLoop(next.to_string()));
        }
        if hops.len() > opts.max_redirects {
            return Err(FetchError::TooManyRedirects(opts.max_redirects));
        }
        current = next;
    }
    let page = hops.last().expect("one hop at least");
    let body = content::decode_content(&page.body, page.header("content-encoding"))
        .map_err(|e| FetchError::Other(format!("the body cannot be decoded: {e}")))?;
    if body.is_empty() {
        return Err(FetchError::Other(
            "the server sent an empty body".to_owned(),
        ));
    }
    let kind =
        content::classify(page.header("content-type"), &body).map_err(FetchError::Unsupported)?;
    Ok(Fetched {
        requested: start.to_string(),
        hops,
        kind,
    })
}

fn agent(opts: &FetchOptions) -> ureq::Agent {
    let t = Some(opts.timeout);
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_resolve(t)
        .timeout_connect(t)
        .timeout_send_request(t)
        // No total for the response head: a head that trickles in is stopped by the
        // deadline, with a message that says so, and silence by the per-read timeout.
        .timeout_recv_response(None)
        .timeout_per_read(t)
        .user_agent(opts.user_agent.as_str())
        .accept(ACCEPT)
        .accept_encoding(ACCEPT_ENCODING)
        .build()
        .new_agent()
}

/// RFC 6761: names under `.invalid` never resolve, and resolvers should say so at once
/// rather than ask the network.
fn refuse_special_names(url: &Url) -> Result<(), FetchError> {
    let host = url.host_str().unwrap_or("").trim_end_matches('.');
    let lower = host.to_ascii_lowercase();
    if lower == "invalid" || lower.ends_with(".invalid") {
        return Err(FetchError::Dns(host.to_owned()));
    }
    Ok(())
}

/// One request; the next URL when the response is a redirect.
fn one_hop(
    agent: &ureq::Agent,
    url: &Url,
    opts: &FetchOptions,
    deadline: Instant,
) -> Result<(Exchange, Option<Url>), FetchError> {
    let date = now_rfc3339();
    let host = url.host_str().unwrap_or("").to_owned();
    // What is left of the whole fetch's time; the budget runs on while the body is read.
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(FetchError::Deadline(opts.deadline().as_secs()));
    }
    let response = agent
        .get(url.as_str())
        .config()
        .timeout_global(Some(left))
        .build()
        .call()
        .map_err(|e| FetchError::from_client(e, &host, opts))?;
    let status = response.status().as_u16();
    let version = format!("{:?}", response.version());
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut exchange = Exchange {
        url: url.to_string(),
        date,
        request_head: request_head(url, opts),
        status,
        response_head: response_head(&version, response.status(), &headers),
        headers,
        body: Vec::new(),
    };
    if (300..400).contains(&status) {
        if let Some(location) = exchange.header("location") {
            let next = url.join(location.trim()).map_err(|e| {
                FetchError::BadUrl(format!("redirect to an unreadable location ({e})"))
            })?;
            let next = parse_url(next.as_str())?;
            // The body of a redirect is a courtesy; a short read of it is enough.
            exchange.body = read_body(response.into_body(), 64 * 1024, opts, &host, true)?;
            return Ok((exchange, Some(next)));
        }
    }
    if status >= 400 || !(200..300).contains(&status) {
        return Err(FetchError::Http {
            status,
            reason: response
                .status()
                .canonical_reason()
                .unwrap_or("")
                .to_owned(),
        });
    }
    if let Some(ct) = exchange.header("content-type") {
        content::classify_declared(ct).map_err(FetchError::Unsupported)?;
    }
    // A body announced as too large is refused before any of it is read.
    let declared = exchange.header("content-length");
    if declared
        .and_then(|n| n.trim().parse::<u64>().ok())
        .is_some_and(|n| n > opts.max_size)
    {
        return Err(FetchError::TooLarge(opts.max_size));
    }
    exchange.body = read_body(response.into_body(), opts.max_size, opts, &host, false)?;
    Ok((exchange, None))
}

/// Reads at most `limit` bytes; more is an error unless `truncate` (then the rest is left).
fn read_body(
    body: ureq::Body,
    limit: u64,
    opts: &FetchOptions,
    host: &str,
    truncate: bool,
) -> Result<Vec<u8>, FetchError> {
    let mut out = Vec::new();
    let mut reader = body.into_reader().take(limit + 1);
    reader
        .read_to_end(&mut out)
        .map_err(|e| FetchError::from_io(e, host, opts))?;
    if out.len() as u64 > limit {
        if truncate {
            out.truncate(limit as usize);
        } else {
            return Err(FetchError::TooLarge(limit));
        }
    }
    Ok(out)
}

/// The request factdesk sends (the client adds exactly these headers).
fn request_head(url: &Url, opts: &FetchOptions) -> Vec<u8> {
    let mut target = url.path().to_owned();
    if let Some(q) = url.query() {
        target.push('?');
        target.push_str(q);
    }
    let host = match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or("")),
        None => url.host_str().unwrap_or("").to_owned(),
    };
    format!(
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {}\r\nAccept: {ACCEPT}\r\nAccept-Encoding: {ACCEPT_ENCODING}\r\n\r\n",
        opts.user_agent
    )
    .into_bytes()
}

fn response_head(
    version: &str,
    status: ureq::http::StatusCode,
    headers: &[(String, String)],
) -> Vec<u8> {
    let mut head = format!(
        "{version} {} {}\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    );
    for (name, value) in headers {
        // The client removed the chunking; a reader of the archive must not expect it.
        let name = if name.eq_ignore_ascii_case("transfer-encoding") {
            "X-Archive-Orig-Transfer-Encoding"
        } else {
            name.as_str()
        };
        head.push_str(&format!("{name}: {}\r\n", value.replace(['\r', '\n'], " ")));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_with_a_host() {
        assert!(parse_url("https://example.org/a?b=c").is_ok());
        for bad in [
            "ftp://example.org/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "nope",
        ] {
            assert!(
                matches!(parse_url(bad), Err(FetchError::BadUrl(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn invalid_names_never_reach_a_resolver() {
        let url = parse_url("http://no-such-host.invalid/x").unwrap();
        assert!(matches!(
            refuse_special_names(&url),
            Err(FetchError::Dns(h)) if h == "no-such-host.invalid"
        ));
        assert!(refuse_special_names(&parse_url("http://127.0.0.1:9/").unwrap()).is_ok());
    }

    #[test]
    fn transfer_encoding_is_renamed_in_the_stored_head() {
        let head = response_head(
            "HTTP/1.1",
            ureq::http::StatusCode::OK,
            &[
                ("content-type".into(), "text/html".into()),
                ("transfer-encoding".into(), "chunked".into()),
            ],
        );
        let head = String::from_utf8(head).unwrap();
        assert_eq!(
            head,
            "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nX-Archive-Orig-Transfer-Encoding: chunked\r\n\r\n"
        );
    }
}
