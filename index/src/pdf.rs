//! PDF text extraction that cannot take the application down.
//!
//! pdf-extract panics on malformed PDFs by design, can loop for a long time and can allocate
//! without bound. So the application extracts in a child process of its own binary
//! ([`extract_pdf_isolated`], which runs e.g. `factdesk __extract-pdf FILE`) with a time
//! limit, a memory limit (RLIMIT_AS) and a cap on the output size. The child calls
//! [`run_extract_pdf_child`], which runs [`extract_pdf_here`] under `catch_unwind` as a
//! second line of defence and reports errors by exit code.
//!
//! Wiring in the application (the subcommand name is the app's choice):
//!
//! ```no_run
//! # use factdesk_index::{extract::ExtractOptions, pdf::{IsolatedPdf, PdfMode}};
//! # use std::path::Path;
//! // In main, before anything else: `factdesk __extract-pdf FILE`.
//! # let args: Vec<String> = vec![];
//! if args.get(1).map(String::as_str) == Some("__extract-pdf") {
//!     std::process::exit(factdesk_index::pdf::run_extract_pdf_child(Path::new(&args[2])));
//! }
//! // Where the store is opened:
//! let exe = std::env::current_exe().expect("own path");
//! let opts = ExtractOptions {
//!     pdf: PdfMode::Isolated(IsolatedPdf::new(exe, &["__extract-pdf"])),
//!     ..ExtractOptions::default()
//! };
//! # let _ = opts;
//! ```

use crate::extract::ExtractError;
use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Memory limit for the extraction child (address space, so generous).
pub const CHILD_MEMORY_LIMIT: u64 = 1 << 30;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_MAX_OUTPUT: usize = 64 * 1024 * 1024;

/// Exit codes of the child, so the parent can tell error kinds apart.
pub const EXIT_OK: i32 = 0;
pub const EXIT_ENCRYPTED: i32 = 3;
pub const EXIT_MALFORMED: i32 = 4;
pub const EXIT_NO_TEXT: i32 = 5;
pub const EXIT_OTHER: i32 = 6;

/// How PDFs are extracted.
#[derive(Debug, Clone, Default)]
pub enum PdfMode {
    /// In this process behind `catch_unwind`. A panic still prints to stderr and the
    /// extraction has no time limit: fine for tools and tests, not for the TUI.
    #[default]
    InProcess,
    /// In a child process (see [`extract_pdf_isolated`]).
    Isolated(IsolatedPdf),
    /// PDFs are refused.
    Disabled,
}

/// The command line and limits for isolated extraction.
#[derive(Debug, Clone)]
pub struct IsolatedPdf {
    pub exe: PathBuf,
    pub args_before_path: Vec<String>,
    pub timeout: Duration,
    pub max_output: usize,
}

impl IsolatedPdf {
    /// `exe args... FILE` with the default limits.
    pub fn new(exe: impl Into<PathBuf>, args_before_path: &[&str]) -> Self {
        IsolatedPdf {
            exe: exe.into(),
            args_before_path: args_before_path.iter().map(|s| s.to_string()).collect(),
            timeout: DEFAULT_TIMEOUT,
            max_output: DEFAULT_MAX_OUTPUT,
        }
    }
}

/// Extracts text from the PDF `bytes` (read from `path`) as `mode` says.
pub fn extract_pdf(path: &Path, bytes: &[u8], mode: &PdfMode) -> Result<String, ExtractError> {
    match mode {
        PdfMode::InProcess => extract_pdf_bytes(bytes),
        PdfMode::Isolated(iso) => {
            let args: Vec<&str> = iso.args_before_path.iter().map(String::as_str).collect();
            extract_pdf_isolated(&iso.exe, &args, path, iso.timeout, iso.max_output)
        }
        PdfMode::Disabled => Err(ExtractError::Unsupported("pdf".to_owned())),
    }
}

/// Text of a PDF held in memory (a web capture): an isolated extractor reads it from a
/// temporary file that is deleted afterwards.
pub fn extract_pdf_from_memory(bytes: &[u8], mode: &PdfMode) -> Result<String, ExtractError> {
    match mode {
        PdfMode::Isolated(_) => {
            use std::io::Write;
            let mut tmp = tempfile::Builder::new()
                .prefix("factdesk-capture-")
                .suffix(".pdf")
                .tempfile()?;
            tmp.write_all(bytes)?;
            tmp.flush()?;
            extract_pdf(tmp.path(), bytes, mode)
        }
        _ => extract_pdf(Path::new("capture.pdf"), bytes, mode),
    }
}

/// In-process extraction of the PDF at `path`, with panics caught.
pub fn extract_pdf_here(path: &Path) -> Result<String, ExtractError> {
    let bytes = std::fs::read(path)?;
    extract_pdf_bytes(&bytes)
}

fn extract_pdf_bytes(bytes: &[u8]) -> Result<String, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ExtractError::PdfMalformed("not a PDF file".to_owned()));
    }
    let result = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(bytes)
    }));
    let text = match result {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => return Err(classify(&e)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "the PDF reader crashed".to_owned());
            return Err(ExtractError::PdfMalformed(format!(
                "damaged or unsupported structure (reader stopped: {})",
                first_line(&msg)
            )));
        }
    };
    if text.trim().is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(text)
}

fn classify(e: &pdf_extract::OutputError) -> ExtractError {
    if let pdf_extract::OutputError::PdfError(pdf_extract::Error::Decryption(_)) = e {
        return ExtractError::PdfEncrypted;
    }
    let msg = e.to_string();
    let lower = msg.to_ascii_lowercase();
    if lower.contains("encrypt") || lower.contains("password") || lower.contains("decrypt") {
        ExtractError::PdfEncrypted
    } else {
        ExtractError::PdfMalformed(first_line(&msg))
    }
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    line.chars().take(200).collect()
}

/// Body of the hidden `__extract-pdf FILE` subcommand: extracts in-process, writes the text
/// to stdout, and returns the exit code (an error message goes to stderr).
pub fn run_extract_pdf_child(path: &Path) -> i32 {
    // A panic inside pdf-extract is caught and reported; keep its message off stderr noise.
    std::panic::set_hook(Box::new(|_| {}));
    match extract_pdf_here(path) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                return EXIT_OTHER;
            }
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            match e {
                ExtractError::PdfEncrypted => EXIT_ENCRYPTED,
                ExtractError::PdfMalformed(_) => EXIT_MALFORMED,
                ExtractError::NoText => EXIT_NO_TEXT,
                _ => EXIT_OTHER,
            }
        }
    }
}

/// Runs `exe args_before_path... path` and returns its stdout as text. The child gets
/// `timeout` (then it is killed), an address-space limit of [`CHILD_MEMORY_LIMIT`], and at
/// most `max_output` bytes of output are accepted.
pub fn extract_pdf_isolated(
    exe: &Path,
    args_before_path: &[&str],
    path: &Path,
    timeout: Duration,
    max_output: usize,
) -> Result<String, ExtractError> {
    let mut cmd = Command::new(exe);
    cmd.args(args_before_path)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    limit_memory(&mut cmd, CHILD_MEMORY_LIMIT);
    let mut child = cmd.spawn().map_err(|e| {
        ExtractError::Extractor(format!(
            "could not start {}: {e}",
            crate::sanitize::shown_path(exe)
        ))
    })?;

    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let (out_tx, out_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let res = stdout
            .map(|s| read_capped(s, max_output))
            .unwrap_or_else(|| Ok(Vec::new()));
        let _ = out_tx.send(res);
    });
    let (err_tx, err_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let res = stderr
            .map(|s| read_capped(s, 16 * 1024))
            .unwrap_or_else(|| Ok(Vec::new()));
        let _ = err_tx.send(res);
    });

    let deadline = Instant::now() + timeout;
    let mut output: Option<Result<Vec<u8>, Vec<u8>>> = None;
    let status = loop {
        if output.is_none() {
            if let Ok(res) = out_rx.try_recv() {
                if res.is_err() {
                    // Too much output: stop the child now rather than wait for the timeout.
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(ExtractError::TooLarge(max_output));
                }
                output = Some(res);
            }
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => return Err(ExtractError::Extractor(e.to_string())),
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ExtractError::Timeout(timeout));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let output = match output {
        Some(o) => o,
        // The pipe closes when the child exits; a grandchild holding it could block us,
        // so wait only a little.
        None => out_rx
            .recv_timeout(Duration::from_secs(2))
            .map_err(|_| ExtractError::Extractor("extractor output did not end".to_owned()))?,
    };
    let Ok(stdout) = output else {
        return Err(ExtractError::TooLarge(max_output));
    };
    let stderr = err_rx
        .recv_timeout(Duration::from_millis(500))
        .ok()
        .map(|r| r.unwrap_or_else(|partial| partial))
        .unwrap_or_default();
    let message = first_line(&String::from_utf8_lossy(&stderr));
    match status_code(status) {
        Ok(EXIT_OK) => Ok(String::from_utf8_lossy(&stdout).into_owned()),
        Ok(EXIT_ENCRYPTED) => Err(ExtractError::PdfEncrypted),
        Ok(EXIT_MALFORMED) => Err(ExtractError::PdfMalformed(
            message
                .strip_prefix("PDF could not be read: ")
                .unwrap_or(&message)
                .to_owned(),
        )),
        Ok(EXIT_NO_TEXT) => Err(ExtractError::NoText),
        Ok(code) => Err(ExtractError::Extractor(if message.is_empty() {
            format!("extractor exited with code {code}")
        } else {
            message
        })),
        Err(signal) => Err(ExtractError::Extractor(format!(
            "extractor crashed (signal {signal}; out of memory or a bug in the PDF reader)"
        ))),
    }
}

/// Exit code, or the signal that killed the process.
fn status_code(status: ExitStatus) -> Result<i32, i32> {
    use std::os::unix::process::ExitStatusExt;
    match status.code() {
        Some(c) => Ok(c),
        None => Err(status.signal().unwrap_or(0)),
    }
}

/// Reads at most `cap` bytes; `Err(partial)` when there was more.
fn read_capped(r: impl Read, cap: usize) -> Result<Vec<u8>, Vec<u8>> {
    let mut buf = Vec::new();
    let mut limited = r.take(cap as u64 + 1);
    if limited.read_to_end(&mut buf).is_err() {
        return Ok(buf);
    }
    if buf.len() > cap {
        buf.truncate(cap);
        return Err(buf);
    }
    Ok(buf)
}

#[cfg(unix)]
fn limit_memory(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs in the forked child before exec and only calls setrlimit,
    // which is async-signal-safe; it allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit_memory(_cmd: &mut Command, _bytes: u64) {}
