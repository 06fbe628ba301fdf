//! `:add URL/PATH...`: the fetcher fetches the URLs (slow, on a thread of its own), then the
//! saver, which holds the project for writing, stores everything as `factdesk source add`
//! does (WARC captures, extraction, indexing) and says how far it got and what came of it.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::mpsc::Sender;

use factdesk_index::sanitize::sanitize_text;
use factdesk_index::store::{ImportEvent, ImportReport, SourceInput};

use crate::project::Project;
use crate::tui::msg::Msg;

/// What a typed argument names: a URL, or a path with `~` as the home folder (as a shell
/// would read it; the palette has no shell).
pub fn input(arg: &str, home: Option<&OsStr>) -> SourceInput {
    let tail = match arg.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest.trim_start_matches('/'),
        _ => return SourceInput::parse(OsStr::new(arg)),
    };
    match home.filter(|h| !h.is_empty()) {
        Some(home) => SourceInput::Path(PathBuf::from(home).join(tail)),
        None => SourceInput::parse(OsStr::new(arg)),
    }
}

/// Import `inputs` (fetched URLs, files, folders) of `:add` number `id` into `project` and
/// its index; progress goes to `tx` as notices. Returns the answer for the workstation.
pub fn add_sources(
    project: &mut Project,
    id: u64,
    inputs: &[SourceInput],
    tx: &Sender<Msg>,
) -> Msg {
    let result = crate::search::open_noting(project).and_then(|(mut index, _)| {
        crate::sources::add_and_index(
            project,
            &mut index,
            inputs,
            &crate::sources::web_options(None, None),
            &mut |ev| {
                if let ImportEvent::Progress { done, total } = ev {
                    if done < total {
                        let n = done + 1;
                        let _ = tx.send(Msg::Notice(format!("adding sources: {n} of {total}…")));
                    }
                }
            },
        )
    });
    match result {
        Ok(report) => Msg::SourcesAdded {
            id,
            summary: summary(&report),
            changed: report.added + report.updated + report.removed > 0,
        },
        Err(e) => Msg::SourcesAdded {
            id,
            summary: format!("nothing added: {}", one_line(&crate::error::one_line(&e))),
            changed: false,
        },
    }
}

/// "added 1 source", then each failure with the URL or file and its reason, on one status
/// line.
pub fn summary(r: &ImportReport) -> String {
    let added = r.added + r.updated;
    let mut parts = Vec::new();
    if added > 0 || r.failed.is_empty() {
        parts.push(format!("added {added} source{}", plural(added)));
    }
    if r.unchanged > 0 {
        parts.push(format!("{} already there", r.unchanged));
    }
    if !r.failed.is_empty() && added == 0 {
        parts.push("nothing added".to_string());
    }
    for (path, reason) in &r.failed {
        let name = crate::fsx::shown(path);
        parts.push(format!("{}: {}", one_line(&name), one_line(reason)));
    }
    parts.join("; ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Text from a server or a file name, safe for the status bar and on one line.
fn one_line(s: &str) -> String {
    sanitize_text(s).replace(['\n', '\t'], " ")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn a_tilde_is_the_home_folder_and_nothing_else_is_touched() {
        let home = Some(OsStr::new("/home/anna"));
        let path = |p: &str| SourceInput::Path(PathBuf::from(p));
        assert_eq!(input("~/x.txt", home), path("/home/anna/x.txt"));
        assert_eq!(input("~", home), path("/home/anna"));
        assert_eq!(input("~//a/b", home), path("/home/anna/a/b"));
        // `~user`, a tilde inside a name and URLs stay as typed.
        assert_eq!(input("~bob/x", home), path("~bob/x"));
        assert_eq!(input("a~/x", home), path("a~/x"));
        assert_eq!(
            input("http://127.0.0.1:9/~/x", home),
            SourceInput::Url("http://127.0.0.1:9/~/x".into())
        );
        // Without a home folder the path is left for the import to name.
        assert_eq!(input("~/x", None), path("~/x"));
    }

    #[test]
    fn the_summary_counts_and_names_each_failure() {
        let mut r = ImportReport {
            added: 1,
            ..ImportReport::default()
        };
        assert_eq!(summary(&r), "added 1 source");
        r.added = 0;
        r.failed = vec![
            (
                PathBuf::from("http://127.0.0.1:9/missing"),
                "HTTP 404 Not Found".into(),
            ),
            (
                PathBuf::from("http://x.test/\u{1b}[2Jy"),
                "boom\nagain".into(),
            ),
        ];
        let s = summary(&r);
        assert!(
            s.starts_with("nothing added; http://127.0.0.1:9/missing: HTTP 404"),
            "{s}"
        );
        assert!(!s.chars().any(char::is_control), "{s:?}");
        r.added = 2;
        r.unchanged = 1;
        let s = summary(&r);
        assert!(
            s.starts_with("added 2 sources; 1 already there; http://"),
            "{s}"
        );
    }
}
