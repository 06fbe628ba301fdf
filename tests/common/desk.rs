//! The workstation's update logic and its real saver on a demo project, driven by keys: what
//! the TUI tests of edits, undo and saving share.

use std::path::PathBuf;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use factdesk::project::claim::Claim;
use factdesk::project::{Access, Project};
use factdesk::tui::msg::{Effect, Msg, ToSaver};
use factdesk::tui::run::load_state;
use factdesk::tui::state::State;
use factdesk::tui::update::update;
use factdesk::tui::workers::{load_searcher, Saver};

pub struct Desk {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
    pub s: State,
    pub saver: Saver,
    pub now: Instant,
}

impl Desk {
    pub fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("demo");
        factdesk::demo::ensure(&root).unwrap();
        let s = load_state(&Project::open(&root, Access::ReadOnly).unwrap()).unwrap();
        let saver = Saver::new(Project::open(&root, Access::Write).unwrap());
        Desk {
            _dir: dir,
            root,
            s,
            saver,
            now: Instant::now(),
        }
    }

    /// The same project opened afresh, as a new workstation session would (after the
    /// saver of this one has let go of the lock).
    pub fn reopen(self) -> Desk {
        let Desk {
            _dir, root, saver, ..
        } = self;
        drop(saver);
        let s = load_state(&Project::open(&root, Access::ReadOnly).unwrap()).unwrap();
        let saver = Saver::new(Project::open(&root, Access::Write).unwrap());
        Desk {
            _dir,
            root,
            s,
            saver,
            now: Instant::now(),
        }
    }

    /// Feed a message, run every save it asks for through the saver, feed the answers back.
    pub fn msg(&mut self, m: Msg) {
        let mut queue = update(&mut self.s, m, self.now);
        while !queue.is_empty() {
            let mut next = Vec::new();
            for e in queue {
                if let Effect::Saver(ToSaver::Job(j)) = e {
                    let r = self.saver.run(j);
                    next.extend(update(&mut self.s, Msg::Saved(r), self.now));
                }
            }
            queue = next;
        }
    }

    pub fn key_mod(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.msg(Msg::Key(KeyEvent::new(code, mods)));
    }

    pub fn key(&mut self, code: KeyCode) {
        self.key_mod(code, KeyModifiers::NONE);
    }

    /// Plain characters, one key each.
    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn undo(&mut self) {
        self.key(KeyCode::Char('u'));
    }

    pub fn redo(&mut self) {
        self.key_mod(KeyCode::Char('r'), KeyModifiers::CONTROL);
    }

    pub fn id(&self) -> u32 {
        self.s.current.unwrap()
    }

    pub fn disk(&self, id: u32) -> Claim {
        self.saver.project().claim(id).unwrap()
    }

    /// Change a claim file the way another process would: read, change, write.
    pub fn outside(&self, id: u32, change: impl FnOnce(&mut Claim)) {
        let mut c = self.disk(id);
        change(&mut c);
        let path = self.root.join(format!("claims/{id:04}.toml"));
        std::fs::write(path, c.to_toml()).unwrap();
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.root.join("changes.jsonl")).unwrap()
    }

    /// Suggest evidence for the current claim, with the real search index.
    pub fn suggest(&mut self) {
        self.key(KeyCode::Char('S'));
        let hits = load_searcher(&self.root)
            .suggest(&self.s.claim().unwrap().text, 10)
            .hits;
        assert!(!hits.is_empty());
        let gen = self.s.search.gen;
        self.msg(Msg::SearchDone {
            gen,
            label: String::new(),
            hits,
        });
    }
}
