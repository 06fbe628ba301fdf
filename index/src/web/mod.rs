//! Sources from the web: a URL fetched once, kept as a WARC/1.1 archive of exactly what came
//! over the wire, and read back from that archive from then on (offline).
//!
//! - [`fetch`]: HTTP(S) with redirects, limits and clear errors;
//! - [`warc`]: writing and reading WARC records (ISO 28500);
//! - [`capture`]: from a fetch to an archive, and from an archive to a document;
//! - [`content`]: content encodings, charsets and media types of HTTP bodies;
//! - [`wacz`]: the WARC files inside a WACZ collection.
//!
//! Only `source add URL` and `article add URL` fetch anything (nothing here knows about a UI,
//! so a worker thread of the workstation can call it too); search, reading and exports work
//! from the archives in `sources/`.

pub mod capture;
pub mod content;
pub mod fetch;
pub mod wacz;
pub mod warc;

pub use capture::{capture_url, CaptureArchive};
pub use fetch::{fetch, FetchOptions, Fetched};

use std::fmt;

/// Why a URL could not be captured, in words a user understands. Every variant is one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    BadUrl(String),
    /// The host name does not resolve.
    Dns(String),
    Refused,
    Tls(String),
    /// No answer within the timeout (seconds).
    Timeout(u64),
    /// Answers kept coming, but the whole fetch passed its deadline (seconds).
    Deadline(u64),
    Connection(String),
    Http {
        status: u16,
        reason: String,
    },
    /// A redirect led back to a URL already visited.
    RedirectLoop(String),
    TooManyRedirects(usize),
    /// The body passed the size limit (bytes) while it streamed in.
    TooLarge(u64),
    /// A media type factdesk does not read.
    Unsupported(String),
    Other(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let clean = |s: &str| crate::sanitize::sanitize_text(s).replace('\n', " ");
        match self {
            FetchError::BadUrl(why) => write!(f, "not a URL factdesk can fetch: {}", clean(why)),
            FetchError::Dns(host) => write!(
                f,
                "DNS failure: the host name {} does not resolve",
                clean(host)
            ),
            FetchError::Refused => write!(f, "connection refused (no server at that address)"),
            FetchError::Tls(why) => write!(f, "TLS error: {}", clean(why)),
            FetchError::Timeout(secs) => {
                write!(f, "timeout: no answer within {secs} s (--timeout)")
            }
            FetchError::Deadline(secs) => write!(
                f,
                "the server was still sending after {secs} s; stopped (a fetch may take {} × --timeout in all)",
                fetch::DEADLINE_TIMEOUTS
            ),
            FetchError::Connection(why) => write!(f, "connection failed: {}", clean(why)),
            FetchError::Http { status, reason } => {
                write!(f, "HTTP {status}")?;
                if !reason.is_empty() {
                    write!(f, " {}", clean(reason))?;
                }
                Ok(())
            }
            FetchError::RedirectLoop(url) => {
                write!(f, "redirect loop: led back to {}", clean(url))
            }
            FetchError::TooManyRedirects(n) => write!(f, "more than {n} redirects"),
            FetchError::TooLarge(limit) => write!(
                f,
                "size limit: the body is larger than {} (--max-size)",
                human_size(*limit)
            ),
            FetchError::Unsupported(ct) => write!(
                f,
                "unsupported content type {} (factdesk reads HTML, PDF, plain text and JSON)",
                clean(ct)
            ),
            FetchError::Other(why) => write!(f, "{}", clean(why)),
        }
    }
}

impl std::error::Error for FetchError {}

/// The first value of header `name` (case-insensitive) in a list of fields.
pub fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `52428800` -> "50 MiB".
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes % (1 << 10) == 0 {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

impl FetchError {
    fn from_client(e: ureq::Error, host: &str, opts: &FetchOptions) -> FetchError {
        let secs = opts.timeout.as_secs();
        match e {
            ureq::Error::HostNotFound => FetchError::Dns(host.to_owned()),
            ureq::Error::Timeout(ureq::Timeout::Global) => {
                FetchError::Deadline(opts.deadline().as_secs())
            }
            ureq::Error::Timeout(_) => FetchError::Timeout(secs),
            ureq::Error::Io(io) => FetchError::from_io(io, host, opts),
            ureq::Error::Tls(why) => FetchError::Tls(why.to_owned()),
            ureq::Error::Rustls(e) => FetchError::Tls(e.to_string()),
            ureq::Error::TooManyRedirects => FetchError::TooManyRedirects(opts.max_redirects),
            ureq::Error::BodyExceedsLimit(n) => FetchError::TooLarge(n),
            ureq::Error::BadUri(why) => FetchError::BadUrl(why),
            ureq::Error::ConnectionFailed => {
                FetchError::Connection("no address of the host answered".to_owned())
            }
            ureq::Error::Protocol(e) => {
                FetchError::Other(format!("the server's answer is not valid HTTP ({e})"))
            }
            ureq::Error::LargeResponseHeader(..) => {
                FetchError::Other("the server's response headers are too large".to_owned())
            }
            other => FetchError::Other(other.to_string()),
        }
    }

    fn from_io(e: std::io::Error, host: &str, opts: &FetchOptions) -> FetchError {
        use std::io::ErrorKind;
        // A failure inside the client while reading a body comes wrapped in an io::Error.
        if e.get_ref().is_some_and(|i| i.is::<ureq::Error>()) {
            if let Ok(inner) = e.into_inner().expect("checked").downcast::<ureq::Error>() {
                return FetchError::from_client(*inner, host, opts);
            }
            return FetchError::Other("the connection failed".to_owned());
        }
        if e.get_ref().is_some_and(|i| i.is::<rustls::Error>()) {
            return FetchError::Tls(e.to_string());
        }
        let text = e.to_string();
        match e.kind() {
            ErrorKind::ConnectionRefused => FetchError::Refused,
            ErrorKind::TimedOut | ErrorKind::WouldBlock => {
                FetchError::Timeout(opts.timeout.as_secs())
            }
            _ if text.contains("lookup address") || text.contains("Name or service") => {
                FetchError::Dns(host.to_owned())
            }
            ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::UnexpectedEof => {
                FetchError::Connection(format!("the server closed the connection ({text})"))
            }
            _ => FetchError::Connection(text),
        }
    }
}
