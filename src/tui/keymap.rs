//! Key bindings per pane; the same table drives the help overlay, the status bar hints and
//! docs/keys.md.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Article,
    Sources,
    Verdict,
    Editor,
    Search,
    Find,
    Visual,
    Help,
    Rating,
    Stance,
    Palette,
    Reader,
    Claims,
    ClaimsFilter,
    Recovery,
}

impl Context {
    pub const ALL: [Context; 16] = [
        Context::Global,
        Context::Article,
        Context::Sources,
        Context::Verdict,
        Context::Editor,
        Context::Search,
        Context::Find,
        Context::Visual,
        Context::Help,
        Context::Rating,
        Context::Stance,
        Context::Palette,
        Context::Reader,
        Context::Claims,
        Context::ClaimsFilter,
        Context::Recovery,
    ];

    /// The section name in keys.toml.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Article => "article",
            Context::Sources => "sources",
            Context::Verdict => "verdict",
            Context::Editor => "editor",
            Context::Search => "search",
            Context::Find => "find",
            Context::Visual => "visual",
            Context::Help => "help",
            Context::Rating => "rating",
            Context::Stance => "stance",
            Context::Palette => "palette",
            Context::Reader => "reader",
            Context::Claims => "claims",
            Context::ClaimsFilter => "claims-filter",
            Context::Recovery => "recovery",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Article => "Article pane",
            Context::Sources => "Sources pane",
            Context::Verdict => "Verdict pane",
            Context::Editor => "Editor (explanation, notes, claim text)",
            Context::Search => "Search box (sources pane)",
            Context::Find => "Find in the article",
            Context::Visual => "Visual mode (article pane)",
            Context::Help => "Help",
            Context::Rating => "Rating picker",
            Context::Stance => "Stance prompt",
            Context::Palette => "Command palette",
            Context::Reader => "Reader",
            Context::Claims => "Claims overview",
            Context::ClaimsFilter => "Claims overview: filter by text",
            Context::Recovery => "Recovered text (at start)",
        }
    }

    /// A text input: a key that is not bound here types its character.
    pub fn is_input(self) -> bool {
        matches!(
            self,
            Context::Editor
                | Context::Search
                | Context::Find
                | Context::Palette
                | Context::ClaimsFilter
        )
    }

    /// Where a key not bound here is looked up next: the panes fall back to the keys that
    /// work everywhere, visual mode to the article's movement keys.
    pub fn fallback(self) -> Option<Context> {
        match self {
            Context::Article | Context::Sources | Context::Verdict => Some(Context::Global),
            Context::Visual => Some(Context::Article),
            _ => None,
        }
    }

    pub fn is_pane(self) -> bool {
        matches!(self, Context::Article | Context::Sources | Context::Verdict)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn from_event(ev: &KeyEvent) -> Key {
        // Shift is part of the character for printable keys ('G', '}').
        let mods = match ev.code {
            KeyCode::Char(_) => ev.modifiers.difference(KeyModifiers::SHIFT),
            _ => ev.modifiers,
        };
        Key {
            code: ev.code,
            mods,
        }
    }

    /// A key as written in keys.toml: the names `name` gives ("x", "G", "Ctrl-d", "Alt-x",
    /// "Enter", "PgDn", "Shift-Tab", "F5", "Space"), case-insensitive for named keys.
    pub fn parse(s: &str) -> Option<Key> {
        let s = s.trim();
        let lower = s.to_ascii_lowercase();
        let (mods, rest) = if let Some(i) = ["ctrl-", "c-"].iter().find(|p| lower.starts_with(**p))
        {
            (KeyModifiers::CONTROL, &s[i.len()..])
        } else if let Some(i) = ["alt-", "m-"].iter().find(|p| lower.starts_with(**p)) {
            (KeyModifiers::ALT, &s[i.len()..])
        } else {
            (KeyModifiers::NONE, s)
        };
        let mut chars = rest.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            // Ctrl combines with the lower-case letter, as terminals report it.
            let c = if mods == KeyModifiers::CONTROL {
                c.to_ascii_lowercase()
            } else {
                c
            };
            return Some(Key {
                code: KeyCode::Char(c),
                mods,
            });
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "space" => KeyCode::Char(' '),
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "pgup" | "pageup" => KeyCode::PageUp,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "del" | "delete" => KeyCode::Delete,
            "backspace" => KeyCode::Backspace,
            f if f.starts_with('f') => {
                KeyCode::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?)
            }
            _ => return None,
        };
        Some(Key { code, mods })
    }

    /// A plain character (no Ctrl or Alt): in a text input it is typed.
    pub fn types_char(&self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    pub fn name(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Up => "Up".into(),
            KeyCode::Down => "Down".into(),
            KeyCode::Left => "Left".into(),
            KeyCode::Right => "Right".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}

fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<(Context, Key, Action)>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let mut b = global_and_panes();
        b.extend(inputs());
        b.extend(overlays());
        Keymap { bindings: b }
    }
}

type Binding = (Context, Key, Action);

fn global_and_panes() -> Vec<Binding> {
    use Action::*;
    use Context as C;
    let mut b = vec![
        (C::Global, ch('q'), Quit),
        (C::Global, code(KeyCode::Tab), FocusNext),
        (C::Global, code(KeyCode::BackTab), FocusPrev),
        (C::Global, ch('1'), FocusArticle),
        (C::Global, ch('2'), FocusSources),
        (C::Global, ch('3'), FocusVerdict),
        (C::Global, ch('?'), Help),
        (C::Global, ch(':'), Palette),
        (C::Global, ch('C'), ClaimsOverview),
        (C::Global, ch(']'), NextClaim),
        (C::Global, ch('['), PrevClaim),
        (C::Global, ch('}'), NextOpenClaim),
        (C::Global, ch('S'), SuggestEvidence),
        (C::Global, ch('r'), PickRating),
        (C::Global, ch('s'), CycleStatus),
        (C::Global, ch('e'), EditExplanation),
        (C::Global, ch('R'), ReuseVerdict),
        (C::Global, ch('L'), NextEarlierVerdict),
        (C::Global, ctrl('z'), Undo),
        (C::Global, ch('u'), Undo),
        (C::Global, ctrl('r'), Redo),
    ];
    for ctx in [C::Article, C::Sources, C::Verdict] {
        b.extend(scrolling(ctx));
    }
    b.extend(text_cursor(C::Article));
    b.extend([
        (C::Article, ch('/'), SearchArticle),
        (C::Article, ch('n'), NextMatch),
        (C::Article, ch('N'), PrevMatch),
        (C::Article, ch('K'), KeepClaim),
        (C::Article, ch('d'), DropClaim),
        (C::Article, ch('x'), SplitClaim),
        (C::Article, ch('m'), MergeClaim),
        (C::Article, ch('E'), EditClaim),
        (C::Sources, ch('/'), SearchSources),
        (C::Sources, ch('i'), SearchSources),
        (C::Sources, code(KeyCode::Enter), OpenReader),
        (C::Sources, ch('a'), Attach),
        (C::Verdict, ch('o'), EditNotes),
        (C::Verdict, ch('t'), CycleStance),
        (C::Verdict, code(KeyCode::Enter), OpenReader),
        (C::Verdict, ch('x'), RemoveEvidence),
    ]);
    b
}

/// The text cursor's keys by character, word and sentence, and selecting from it: the same
/// in the article and the reader.
fn text_cursor(ctx: Context) -> Vec<Binding> {
    use Action::*;
    vec![
        (ctx, ch('h'), Left),
        (ctx, code(KeyCode::Left), Left),
        (ctx, ch('l'), Right),
        (ctx, code(KeyCode::Right), Right),
        (ctx, ch('w'), WordNext),
        (ctx, ch('b'), WordPrev),
        (ctx, ch(')'), SentenceNext),
        (ctx, ch('('), SentencePrev),
        (ctx, ch('v'), Visual),
        (ctx, ch('V'), VisualSentences),
    ]
}

/// j/k, arrows, pages and ends: the same in every pane and list.
fn scrolling(ctx: Context) -> Vec<Binding> {
    use Action::*;
    vec![
        (ctx, ch('j'), Down),
        (ctx, code(KeyCode::Down), Down),
        (ctx, ch('k'), Up),
        (ctx, code(KeyCode::Up), Up),
        (ctx, code(KeyCode::PageDown), PageDown),
        (ctx, ctrl('d'), PageDown),
        (ctx, code(KeyCode::PageUp), PageUp),
        (ctx, ctrl('u'), PageUp),
        (ctx, ch('g'), Top),
        (ctx, code(KeyCode::Home), Top),
        (ctx, ch('G'), Bottom),
        (ctx, code(KeyCode::End), Bottom),
    ]
}

fn inputs() -> Vec<Binding> {
    use Action::*;
    use Context as C;
    let mut b = vec![
        (C::Editor, code(KeyCode::Esc), Close),
        (C::Editor, code(KeyCode::Enter), Confirm),
        (C::Editor, ctrl('z'), Undo),
        (C::Editor, ctrl('s'), SaveNow),
        (C::Editor, code(KeyCode::Left), Left),
        (C::Editor, code(KeyCode::Right), Right),
        (C::Editor, code(KeyCode::Up), Up),
        (C::Editor, code(KeyCode::Down), Down),
        (C::Editor, code(KeyCode::Home), LineStart),
        (C::Editor, code(KeyCode::End), LineEnd),
        (C::Editor, code(KeyCode::Backspace), DeleteBack),
        (C::Editor, code(KeyCode::Delete), DeleteForward),
        (C::Search, code(KeyCode::Esc), Close),
        (C::Search, code(KeyCode::Tab), Close),
        (C::Search, code(KeyCode::Enter), Confirm),
        (C::Search, code(KeyCode::Down), Down),
        (C::Search, code(KeyCode::Backspace), DeleteBack),
        (C::Search, ctrl('u'), ClearInput),
    ];
    for ctx in [C::Find, C::Palette] {
        b.extend([
            (ctx, code(KeyCode::Esc), Close),
            (ctx, code(KeyCode::Enter), Confirm),
            (ctx, code(KeyCode::Backspace), DeleteBack),
        ]);
    }
    b
}

fn overlays() -> Vec<Binding> {
    use Action::*;
    use Context as C;
    let mut b = vec![
        (C::Visual, code(KeyCode::Esc), Close),
        (C::Visual, code(KeyCode::Enter), Confirm),
        (C::Visual, ch('v'), Visual),
        (C::Visual, ch('V'), VisualSentences),
    ];
    let up_down = |ctx| {
        [
            (ctx, ch('j'), Down),
            (ctx, code(KeyCode::Down), Down),
            (ctx, ch('k'), Up),
            (ctx, code(KeyCode::Up), Up),
        ]
    };
    b.extend(up_down(C::Help));
    b.extend([
        (C::Help, code(KeyCode::PageDown), PageDown),
        (C::Help, ch(' '), PageDown),
        (C::Help, code(KeyCode::PageUp), PageUp),
        (C::Help, ch('g'), Top),
        (C::Help, code(KeyCode::Home), Top),
        (C::Help, ch('G'), Bottom),
        (C::Help, code(KeyCode::End), Bottom),
        (C::Help, code(KeyCode::Esc), Close),
        (C::Help, ch('q'), Close),
        (C::Help, ch('?'), Close),
        (C::Help, code(KeyCode::Enter), Close),
    ]);
    b.extend(up_down(C::Rating));
    b.extend([
        (C::Rating, code(KeyCode::Enter), Confirm),
        (C::Rating, code(KeyCode::Esc), Close),
        (C::Rating, ch('q'), Close),
    ]);
    b.extend(up_down(C::Stance));
    b.extend([
        (C::Stance, ch('s'), StanceSupports),
        (C::Stance, ch('r'), StanceRefutes),
        (C::Stance, ch('c'), StanceContext),
        (C::Stance, code(KeyCode::Enter), Confirm),
        (C::Stance, code(KeyCode::Esc), Close),
        (C::Stance, ch('q'), Close),
    ]);
    b.extend(up_down(C::Reader));
    b.extend(text_cursor(C::Reader));
    b.extend([
        (C::Reader, ch('a'), Attach),
        (C::Reader, code(KeyCode::PageDown), PageDown),
        (C::Reader, ch(' '), PageDown),
        (C::Reader, code(KeyCode::PageUp), PageUp),
        (C::Reader, ch('g'), Top),
        (C::Reader, ch('G'), Bottom),
        (C::Reader, code(KeyCode::Esc), Close),
        (C::Reader, ch('q'), Close),
        (C::Reader, code(KeyCode::Enter), Close),
        (C::Reader, ch('?'), Help),
    ]);
    b.extend(up_down(C::Claims));
    b.extend([
        (C::Claims, ch('f'), FilterStatus),
        (C::Claims, ch('o'), CycleSort),
        (C::Claims, ch('w'), FilterWho),
        (C::Claims, ch('/'), FilterText),
        (C::Claims, code(KeyCode::PageDown), PageDown),
        (C::Claims, code(KeyCode::PageUp), PageUp),
        (C::Claims, ch('g'), Top),
        (C::Claims, code(KeyCode::Home), Top),
        (C::Claims, ch('G'), Bottom),
        (C::Claims, code(KeyCode::End), Bottom),
        (C::ClaimsFilter, code(KeyCode::Enter), Confirm),
        (C::ClaimsFilter, code(KeyCode::Esc), Close),
        (C::ClaimsFilter, code(KeyCode::Backspace), DeleteBack),
        (C::Claims, code(KeyCode::Char(' ')), ToggleMark),
        (C::Claims, ch(':'), Palette),
        (C::Claims, code(KeyCode::Enter), Confirm),
        (C::Claims, code(KeyCode::Esc), Close),
        (C::Claims, ch('q'), Close),
        (C::Claims, ch('C'), Close),
    ]);
    b.extend(up_down(C::Recovery));
    b.extend([
        (C::Recovery, code(KeyCode::Enter), Confirm),
        (C::Recovery, ch('d'), Discard),
        (C::Recovery, code(KeyCode::Esc), Close),
    ]);
    b
}

impl Keymap {
    /// The action of `key` in `ctx`, else in its fallback contexts.
    pub fn lookup(&self, ctx: Context, key: Key) -> Option<Action> {
        let mut at = Some(ctx);
        while let Some(c) = at {
            let found = self
                .bindings
                .iter()
                .find(|(bc, k, _)| *bc == c && *k == key)
                .map(|(_, _, a)| *a);
            if found.is_some() {
                return found;
            }
            at = c.fallback();
        }
        None
    }

    /// Bind `action` in `ctx` to exactly `keys`: its old keys there go, and so does whatever
    /// else those keys did in `ctx`.
    pub fn rebind(&mut self, ctx: Context, action: Action, keys: &[Key]) {
        self.bindings
            .retain(|(c, k, a)| *c != ctx || (*a != action && !keys.contains(k)));
        self.bindings.extend(keys.iter().map(|k| (ctx, *k, action)));
    }

    /// The contexts where `action` has a key, text inputs left out (a key rebound at the top
    /// of keys.toml could otherwise no longer be typed); Global when it has none.
    pub fn contexts_of(&self, action: Action) -> Vec<Context> {
        let found: Vec<Context> = Context::ALL
            .into_iter()
            .filter(|c| !c.is_input())
            .filter(|c| {
                self.bindings
                    .iter()
                    .any(|(bc, _, a)| bc == c && *a == action)
            })
            .collect();
        if found.is_empty() {
            vec![Context::Global]
        } else {
            found
        }
    }

    /// Keys bound to `action` in `ctx`, in table order, as display names.
    pub fn keys_for(&self, ctx: Context, action: Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|(c, _, a)| *c == ctx && *a == action)
            .map(|(_, k, _)| k.name())
            .collect()
    }

    /// The first key of `action` in `ctx` or its fallbacks.
    pub fn first_key(&self, ctx: Context, action: Action) -> Option<String> {
        let mut at = Some(ctx);
        while let Some(c) = at {
            if let Some(k) = self.keys_for(c, action).into_iter().next() {
                return Some(k);
            }
            at = c.fallback();
        }
        None
    }

    /// The first key of `action` in `ctx` or its fallbacks, for hints ("-" when unbound).
    pub fn key_of(&self, ctx: Context, action: Action) -> String {
        self.first_key(ctx, action).unwrap_or_else(|| "-".into())
    }

    /// (keys, action) rows of one context, actions in first-binding order.
    pub fn rows(&self, ctx: Context) -> Vec<(String, Action)> {
        let mut seen = Vec::new();
        for (c, _, a) in &self.bindings {
            if *c == ctx && !seen.contains(a) {
                seen.push(*a);
            }
        }
        seen.into_iter()
            .map(|a| (self.keys_for(ctx, a).join(" "), a))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pane_keys_shadow_global_keys() {
        let km = Keymap::default();
        assert_eq!(km.lookup(Context::Article, ch('j')), Some(Action::Down));
        assert_eq!(km.lookup(Context::Sources, ch('q')), Some(Action::Quit));
        assert_eq!(
            km.lookup(Context::Article, ch('x')),
            Some(Action::SplitClaim)
        );
        assert_eq!(
            km.lookup(Context::Verdict, ch('x')),
            Some(Action::RemoveEvidence)
        );
    }

    #[test]
    fn key_names_parse_back() {
        for (_, k, _) in Keymap::default().bindings {
            assert_eq!(Key::parse(&k.name()), Some(k), "{}", k.name());
        }
        assert_eq!(Key::parse("ctrl-D"), Some(ctrl('d')));
        assert_eq!(Key::parse("pagedown"), Some(code(KeyCode::PageDown)));
        assert_eq!(Key::parse("F13"), Some(code(KeyCode::F(13))));
        assert_eq!(Key::parse("ä"), Some(ch('ä')));
        assert_eq!(Key::parse("Hyper-x"), None);
        assert_eq!(Key::parse("F99"), None);
        assert_eq!(Key::parse(""), None);
    }

    #[test]
    fn shifted_characters_match_without_shift() {
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            Keymap::default().lookup(Context::Article, Key::from_event(&ev)),
            Some(Action::Bottom)
        );
    }
}
