//! The search worker: the project's search index, answering the newest request only (a search
//! typed while the last one ran replaces it); reading a whole source for the reader.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::thread::JoinHandle;

use crate::tui::msg::{Msg, ReaderDoc, ToSearcher};
use crate::tui::search::Searcher;

/// Run the searcher: it loads the project's sources, then answers the newest request only.
pub fn spawn_searcher(root: PathBuf, rx: Receiver<ToSearcher>, tx: Sender<Msg>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut searcher = Searcher::open(&root);
        if let Some(notice) = &searcher.notice {
            let _ = tx.send(Msg::Notice(notice.clone()));
        }
        while let Ok(mut cmd) = rx.recv() {
            // Searches typed while we were busy are superseded by the newest one; opening a
            // source and reloading are never skipped.
            while let Ok(next) = rx.try_recv() {
                match cmd {
                    ToSearcher::Reload => searcher = searcher.reopen(&root),
                    ToSearcher::Open { .. } => handle(&mut searcher, cmd, &tx),
                    _ => {}
                }
                cmd = next;
            }
            match cmd {
                ToSearcher::Reload => searcher = searcher.reopen(&root),
                cmd => handle(&mut searcher, cmd, &tx),
            }
        }
    })
}

const LIMIT: usize = 30;

/// "1 passage", "3 suggested passages".
pub fn passages(n: usize, what: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{n} {what}passage{s}")
}

fn handle(searcher: &mut Searcher, cmd: ToSearcher, tx: &Sender<Msg>) {
    let msg = match cmd {
        ToSearcher::Search { gen, query } => {
            let (hits, note) = searcher.search_noting(&query, LIMIT);
            if let Some(note) = note {
                // Too long for the pane's title: the status bar has room for it.
                let _ = tx.send(Msg::Notice(note));
            }
            let label = match &searcher.problem {
                Some(p) => p.clone(),
                None if query.trim().is_empty() => String::new(),
                None => passages(hits.len(), ""),
            };
            Msg::SearchDone { gen, label, hits }
        }
        ToSearcher::Suggest { gen, claim } => {
            let found = searcher.suggest(&claim, LIMIT);
            if let Some(notice) = found.notice {
                let _ = tx.send(Msg::Notice(notice));
            }
            let hits = found.hits;
            let mut label = passages(hits.len(), "suggested ");
            if found.fused {
                label.push_str(" by words and meaning");
            }
            if crate::search::lacks_dictionary_for(&claim) {
                label.push_str(" · no German-English dictionary (apt-get install trans-de-en)");
            }
            Msg::SearchDone { gen, label, hits }
        }
        ToSearcher::Open { source, range } => match searcher.open_source(&source) {
            Some((title, provenance, text)) => Msg::Reader(Box::new(ReaderDoc {
                source,
                title,
                provenance,
                text,
                range,
            })),
            None => return,
        },
        ToSearcher::Reload => return,
    };
    let _ = tx.send(msg);
}

/// The searcher the worker uses, for tests and benchmarks that drive the update logic.
pub fn load_searcher(root: &std::path::Path) -> Searcher {
    Searcher::open(root)
}
