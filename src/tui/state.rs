//! Everything the workstation shows, as plain data: `update` changes it, `view` draws it.

use std::time::Instant;

use crate::project::article::ArticleMeta;
use crate::project::claim::{Claim, Triage};
use crate::project::scale::Scale;

use super::article::{Scroll, TextLayout};
use super::editor::Editor;
use super::keymap::{Context, Keymap};
use super::layout::{inner, panes};
use super::search::Hit;
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

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Saved(Option<String>),
    Pending,
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditTarget {
    Explanation,
    Notes,
    ClaimText,
    FreeRating,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Editing {
    pub claim: u32,
    pub target: EditTarget,
    pub editor: Editor,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchBox {
    pub input: String,
    pub typing: bool,
    /// Generation of the newest request; results of older ones are dropped.
    pub gen: u64,
    pub busy: bool,
    pub label: String,
    pub hits: Vec<Hit>,
    pub sel: usize,
    pub top: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub title: String,
    pub text: TextLayout,
    pub range: [usize; 2],
    pub scroll: Scroll,
}

impl PartialEq for TextLayout {
    fn eq(&self, o: &Self) -> bool {
        self.text == o.text
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClaimSort {
    #[default]
    Position,
    Status,
    Rating,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Help,
    Rating {
        sel: usize,
    },
    Stance {
        sel: usize,
        hit: Box<Hit>,
    },
    Palette {
        input: String,
    },
    Reader(Box<Reader>),
    Claims {
        sel: usize,
        filter: Option<usize>,
        sort: ClaimSort,
    },
}

/// Visual mode in the article: the selection runs from `anchor` to the text cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Visual {
    pub anchor: usize,
    pub by_sentence: bool,
}

/// What undoing one edit does: write these claims back as they were (re-creating any that
/// were removed) and remove the claims the edit created.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoStep {
    pub restore: Vec<Claim>,
    pub remove: Vec<u32>,
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
    pub scale: Scale,
    pub articles: Vec<ArticleView>,
    pub article: usize,
    /// Every claim, ordered by article and position.
    pub claims: Vec<Claim>,
    pub current: Option<u32>,
    pub focus: Focus,
    pub scroll: Scroll,
    /// The article's text cursor, a character offset.
    pub cursor: usize,
    pub size: (u16, u16),
    pub search: SearchBox,
    pub find: Option<String>,
    pub find_typing: bool,
    pub evidence_sel: usize,
    pub editing: Option<Editing>,
    /// When the newest unsaved keystroke in an editor happened.
    pub dirty_since: Option<Instant>,
    pub save: SaveState,
    pub overlay: Overlay,
    /// First line of the help overlay shown (it is longer than 24 lines).
    pub help_top: usize,
    pub visual: Option<Visual>,
    /// Newest last.
    pub undo: Vec<UndoStep>,
    pub history: Vec<String>,
    /// Earlier verdicts of the current claim from the desk's library.
    pub library: super::library::LibraryPanel,
    pub message: String,
    pub keymap: Keymap,
    pub theme: Theme,
    pub themes: Vec<Theme>,
    pub quit: bool,
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
            scale,
            articles,
            article: 0,
            claims,
            current: None,
            focus: Focus::Article,
            scroll: Scroll::default(),
            cursor: 0,
            size: (80, 24),
            search: SearchBox::default(),
            find: None,
            find_typing: false,
            evidence_sel: 0,
            editing: None,
            dirty_since: None,
            save: SaveState::Saved(None),
            overlay: Overlay::None,
            help_top: 0,
            visual: None,
            undo: Vec::new(),
            history: Vec::new(),
            library: Default::default(),
            message: String::new(),
            keymap: Keymap::default(),
            theme: Theme::dark(),
            themes: Theme::builtin(),
            quit: false,
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
        self.evidence_sel = 0;
        if let Some(i) = self.articles.iter().position(|a| a.meta.id == art) {
            if i != self.article {
                self.article = i;
                self.scroll = Scroll::default();
            }
        }
        self.cursor = start;
        self.reveal_char(start);
    }

    pub fn reveal_char(&mut self, c: usize) {
        let (w, h) = self.article_area();
        if let Some(a) = self.articles.get(self.article) {
            self.scroll = a.layout.reveal(self.scroll, c, w, h);
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

    pub fn context(&self) -> Context {
        self.focus.context()
    }

    /// Lines of the help overlay (each pane section has a heading) and how many fit.
    pub fn help_size(&self) -> (usize, usize) {
        let rows = |c| self.keymap.rows(c).len() + 1;
        let len = rows(self.context()) + rows(Context::Global);
        (len, self.size.1.saturating_sub(4) as usize)
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
