//! The fetcher: `:add`'s URLs are fetched here, on a thread that holds nothing, so a slow
//! server never keeps the saver (the project's one writer) from the edits made meanwhile,
//! and closing the workstation abandons a fetch instead of waiting for it. What was fetched
//! goes to the saver, which only stores it.

use std::sync::mpsc::{Receiver, Sender};

use factdesk_index::store::{display_url, SourceInput};

use crate::tui::msg::{Msg, ToSaver};

/// One `:add`: its number and the arguments as typed.
pub struct Fetch {
    pub id: u64,
    pub args: Vec<String>,
}

/// Fetch each `:add` in turn and hand it to `saver`; ends when `rx` closes. A handover after
/// the saver has stopped is dropped: that `:add` was abandoned.
pub fn spawn_fetcher(rx: Receiver<Fetch>, saver: Sender<ToSaver>, tx: Sender<Msg>) {
    std::thread::spawn(move || {
        let web = crate::sources::web_options(None, None);
        let home = std::env::var_os("HOME");
        while let Ok(Fetch { id, args }) = rx.recv() {
            let inputs: Vec<SourceInput> = args
                .iter()
                .map(|a| super::adding::input(a, home.as_deref()))
                .collect();
            let urls = inputs
                .iter()
                .filter(|i| matches!(i, SourceInput::Url(_)))
                .count();
            let mut n = 0;
            let inputs = inputs
                .into_iter()
                .map(|input| {
                    if let SourceInput::Url(url) = &input {
                        n += 1;
                        let _ = tx.send(Msg::Notice(format!(
                            "adding sources: {n} of {urls}: fetching {}…",
                            display_url(url)
                        )));
                    }
                    input.fetched(&web)
                })
                .collect();
            if saver.send(ToSaver::AddSources { id, inputs }).is_err() {
                return;
            }
        }
    });
}
