//! Everything the workstation shows, as plain data. Each pane and overlay owns its part (its
//! struct lives in its module); this file holds what they share: the project's articles and
//! claims, the current claim, the focus, the one input mode, the save state.

use std::time::Instant;

use crate::project::article::ArticleMeta;
use crate::project::claim::{Claim, Triage};
use crate::project::scale::Scale;

use super::editing::Editing;
use super::keymap::{Context, Keymap};
use super::layout::{inner, panes};
use super::overlay::Overlay;
use super::pane::article::visual::Visual;
use super::pane::article::ArticlePane;
use super::pane::library::LibraryPanel;
use super::pane::sources::SearchBox;
use super::pane::verdict::VerdictPane;
use super::text_layout::TextLayout;
use super::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Article,
    Sources,
    Verdict,
}

impl Focus {
    pub const ALL: [Focus; 3] = [Focus::Article, Focus::Sources, Focus::Verdict];

    pub fn context(self) -> Context {
        match self {
            Focus::Article => Context::Article,
            Focus::Sources => Context::Sources,
            Focus::Verdict => Context::Verdict,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Focus::Article => "Article",
            Focus::Sources => "Sources",
            Focus::Verdict => "Verdict",
        }
    }
}

/// Where keys go. One value, so impossible combinations (an overlay over an editor over a
/// search box) cannot be written.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Mode {
    /// Keys go to the focused pane, then to the keys that work everywhere.
    #[default]
    Normal,
    /// Typing into the explanation, the notes, the claim's text or a free rating.
    Editing(Editing),
    /// Typing into the sources pane's search box.
    Searching,
    /// Typing the article search (`/`).
    Finding,
    /// Selecting article text for a new claim.
    Visual(Visual),
    Overlay(Overlay),
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Saved(Option<String>),
    Pending,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArticleView {
    pub meta: ArticleMeta,
    pub layout: TextLayout,
}

#[derive(Debug)]
pub struct State {
    pub project_name: String,
    pub banner: Option<String>,
    /// Files of the project that could not be read at start (a claim file broken by hand or
    /// by a git conflict, an article's metadata), one line each: the status bar counts them
    /// and the claims overview lists them.
    pub problems: Vec<String>,
    pub scale: Scale,
    pub articles: Vec<ArticleView>,
    pub article: usize,
    /// Every claim, ordered by article and position.
    pub claims: Vec<Claim>,
    pub current: Option<u32>,
    pub focus: Focus,
    pub mode: Mode,
    pub size: (u16, u16),
    pub article_pane: ArticlePane,
    pub search: SearchBox,
    pub verdict_pane: VerdictPane,
    /// Earlier verdicts of the current claim from the desk's library.
    pub library: LibraryPanel,
    /// When the newest unsaved keystroke in an editor happened.
    pub dirty_since: Option<Instant>,
    pub save: SaveState,
    /// Edits the saver can undo and redo (it keeps the steps).
    pub undo_depth: usize,
    pub redo_depth: usize,
    /// Typed text whose save failed: where it is kept (a recovery file), or why it is not.
    pub unsaved: Option<Result<String, String>>,
    /// `q` was pressed once while text was unsaved: the next one quits.
    pub quit_asked: bool,
    /// Counts editing sessions (their autosaves undo as one step).
    pub edit_session: u64,
    /// `:add`s not answered yet, oldest first: the number and the arguments as typed (the
    /// status bar says so until they are; quitting abandons them).
    pub adding: Vec<(u64, Vec<String>)>,
    /// The number the next `:add` gets.
    pub next_add: u64,
    /// An edit was refused as read-only: the saver is to try taking the lock at once.
    pub want_lock: bool,
    pub message: String,
    pub keymap: Keymap,
    pub theme: Theme,
    pub themes: Vec<Theme>,
    pub quit: bool,
    /// Who is working (FACTDESK_USER, git's user, the account): the overview's "mine" and
    /// "needs my review" filters.
    pub user: String,
    /// Claims marked in the overview (Space) for one status, assignee or triage at once.
    pub marked: std::collections::BTreeSet<u32>,
}

impl State {
    pub fn new(
        project_name: String,
        scale: Scale,
        articles: Vec<ArticleView>,
        mut claims: Vec<Claim>,
    ) -> State {
        sort_claims(&mut claims, &articles);
        let current = claims
            .iter()
            .find(|c| c.triage != Triage::Dropped)
            .map(|c| c.id);
        let mut s = State {
            project_name,
            banner: None,
            problems: Vec::new(),
            scale,
            articles,
            article: 0,
            claims,
            current: None,
            focus: Focus::Article,
            mode: Mode::Normal,
            size: (80, 24),
            article_pane: ArticlePane::default(),
            search: SearchBox::default(),
            verdict_pane: VerdictPane::default(),
            library: Default::default(),
            dirty_since: None,
            save: SaveState::Saved(None),
            undo_depth: 0,
            redo_depth: 0,
            unsaved: None,
            quit_asked: false,
            edit_session: 0,
            adding: Vec::new(),
            next_add: 1,
            want_lock: false,
            message: String::new(),
            keymap: Keymap::default(),
            theme: Theme::dark(),
            themes: Theme::builtin(),
            quit: false,
            user: String::new(),
            marked: Default::default(),
        };
        if let Some(id) = current {
            s.select_claim(id);
        }
        s
    }

    pub fn claim(&self) -> Option<&Claim> {
        let id = self.current?;
        self.claims.iter().find(|c| c.id == id)
    }

    pub fn claim_mut(&mut self) -> Option<&mut Claim> {
        let id = self.current?;
        self.claims.iter_mut().find(|c| c.id == id)
    }

    /// Claims not dropped in triage, in article order.
    pub fn live_claims(&self) -> impl Iterator<Item = &Claim> {
        self.claims.iter().filter(|c| c.triage != Triage::Dropped)
    }

    pub fn article_view(&self) -> Option<&ArticleView> {
        self.articles.get(self.article)
    }

    /// Width and height of the article text area at the current terminal size.
    pub fn article_area(&self) -> (usize, usize) {
        let r = inner(panes(self.size.0, self.size.1).article);
        (r.width.max(1) as usize, r.height.max(1) as usize)
    }

    /// Make `id` the current claim: its article shown, its span on screen.
    pub fn select_claim(&mut self, id: u32) {
        let Some(c) = self.claims.iter().find(|c| c.id == id) else {
            return;
        };
        let (start, art) = (c.span[0], c.article.clone());
        self.current = Some(id);
        self.search.follow_claim(id);
        self.verdict_pane.evidence_sel = 0;
        self.verdict_pane.scroll = None;
        if let Some(i) = self.articles.iter().position(|a| a.meta.id == art) {
            if i != self.article {
                self.article = i;
                self.article_pane.scroll = Default::default();
            }
        }
        self.article_pane.cursor = start;
        self.reveal_char(start);
    }

    pub fn reveal_char(&mut self, c: usize) {
        let (w, h) = self.article_area();
        if let Some(a) = self.articles.get(self.article) {
            self.article_pane.scroll = a.layout.reveal(self.article_pane.scroll, c, w, h);
        }
    }

    /// After a resize: a view scrolled further than the text's last screenful comes back to
    /// it, so a larger terminal shows more text instead of blank lines below its end.
    pub fn fill_article_view(&mut self) {
        let (w, h) = self.article_area();
        if let Some(a) = self.articles.get(self.article) {
            let bottom = a.layout.bottom(w, h);
            let at = self.article_pane.scroll;
            if (at.para, at.line) > (bottom.para, bottom.line) {
                self.article_pane.scroll = bottom;
            }
        }
    }

    /// Replace or insert a claim as saved on disk.
    pub fn put_claim(&mut self, c: Claim) {
        match self.claims.iter_mut().find(|x| x.id == c.id) {
            Some(x) => *x = c,
            None => self.claims.push(c),
        }
        sort_claims(&mut self.claims, &self.articles);
    }

    /// The keymap context keys are looked up in now.
    pub fn context(&self) -> Context {
        match &self.mode {
            Mode::Normal => self.focus.context(),
            Mode::Editing(_) => Context::Editor,
            Mode::Searching => Context::Search,
            Mode::Finding => Context::Find,
            Mode::Visual(_) => Context::Visual,
            Mode::Overlay(o) => o.context(),
        }
    }

    pub fn editing(&self) -> Option<&Editing> {
        match &self.mode {
            Mode::Editing(e) => Some(e),
            _ => None,
        }
    }

    pub fn editing_mut(&mut self) -> Option<&mut Editing> {
        match &mut self.mode {
            Mode::Editing(e) => Some(e),
            _ => None,
        }
    }

    pub fn visual(&self) -> Option<&Visual> {
        match &self.mode {
            Mode::Visual(v) => Some(v),
            _ => None,
        }
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        match &self.mode {
            Mode::Overlay(o) => Some(o),
            _ => None,
        }
    }

    /// Edits are refused (with a message) when another factdesk holds the project.
    /// True when the project is read-only (another factdesk held the lock at the start): the
    /// edit is refused, and the saver asked to take the lock now.
    pub fn read_only(&mut self) -> bool {
        if self.banner.is_some() {
            self.message =
                "read-only: another factdesk holds the project; checking whether it is done…"
                    .into();
            self.want_lock = true;
        }
        self.banner.is_some()
    }
}

pub fn sort_claims(claims: &mut [Claim], articles: &[ArticleView]) {
    let pos = |id: &str| {
        articles
            .iter()
            .position(|a| a.meta.id == id)
            .unwrap_or(usize::MAX)
    };
    claims.sort_by(|a, b| {
        (pos(&a.article), a.span[0], a.id).cmp(&(pos(&b.article), b.span[0], b.id))
    });
}
