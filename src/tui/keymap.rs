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
}

impl Context {
    pub const ALL: [Context; 4] = [
        Context::Global,
        Context::Article,
        Context::Sources,
        Context::Verdict,
    ];

    /// The section name in keys.toml.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Article => "article",
            Context::Sources => "sources",
            Context::Verdict => "verdict",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Article => "Article pane",
            Context::Sources => "Sources pane",
            Context::Verdict => "Verdict pane",
        }
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
        use Action::*;
        use Context::*;
        let mut b = vec![
            (Global, ch('q'), Quit),
            (Global, code(KeyCode::Tab), FocusNext),
            (Global, code(KeyCode::BackTab), FocusPrev),
            (Global, ch('1'), FocusArticle),
            (Global, ch('2'), FocusSources),
            (Global, ch('3'), FocusVerdict),
            (Global, ch('?'), Help),
            (Global, ch(':'), Palette),
            (Global, ch('C'), ClaimsOverview),
            (Global, ch(']'), NextClaim),
            (Global, ch('['), PrevClaim),
            (Global, ch('}'), NextOpenClaim),
            (Global, ch('S'), SuggestEvidence),
            (Global, ch('r'), PickRating),
            (Global, ch('s'), CycleStatus),
            (Global, ch('e'), EditExplanation),
            (Global, ch('R'), ReuseVerdict),
            (Global, ch('L'), NextEarlierVerdict),
            (Global, ctrl('z'), Undo),
            (Global, ch('u'), Undo),
        ];
        for ctx in [Article, Sources, Verdict] {
            b.extend([
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
            ]);
        }
        b.extend([
            (Article, ch('/'), SearchArticle),
            (Article, ch('n'), NextMatch),
            (Article, ch('N'), PrevMatch),
            (Article, ch('h'), Left),
            (Article, code(KeyCode::Left), Left),
            (Article, ch('l'), Right),
            (Article, code(KeyCode::Right), Right),
            (Article, ch('w'), WordNext),
            (Article, ch('b'), WordPrev),
            (Article, ch(')'), SentenceNext),
            (Article, ch('('), SentencePrev),
            (Article, ch('v'), Visual),
            (Article, ch('V'), VisualSentences),
            (Article, ch('K'), KeepClaim),
            (Article, ch('d'), DropClaim),
            (Article, ch('x'), SplitClaim),
            (Article, ch('m'), MergeClaim),
            (Article, ch('E'), EditClaim),
            (Sources, ch('/'), SearchSources),
            (Sources, ch('i'), SearchSources),
            (Sources, code(KeyCode::Enter), OpenReader),
            (Sources, ch('a'), Attach),
            (Verdict, ch('o'), EditNotes),
            (Verdict, ch('t'), CycleStance),
            (Verdict, code(KeyCode::Enter), OpenReader),
            (Verdict, ch('x'), RemoveEvidence),
        ]);
        Keymap { bindings: b }
    }
}

impl Keymap {
    /// The action of `key` in pane `ctx`, falling back to the global keys.
    pub fn lookup(&self, ctx: Context, key: Key) -> Option<Action> {
        let find = |c: Context| {
            self.bindings
                .iter()
                .find(|(bc, k, _)| *bc == c && *k == key)
                .map(|(_, _, a)| *a)
        };
        find(ctx).or_else(|| find(Context::Global))
    }

    /// Bind `action` in `ctx` to exactly `keys`: its old keys there go, and so does whatever
    /// else those keys did in `ctx`.
    pub fn rebind(&mut self, ctx: Context, action: Action, keys: &[Key]) {
        self.bindings
            .retain(|(c, k, a)| *c != ctx || (*a != action && !keys.contains(k)));
        self.bindings.extend(keys.iter().map(|k| (ctx, *k, action)));
    }

    /// The panes where `action` has a key (Global when it has none).
    pub fn contexts_of(&self, action: Action) -> Vec<Context> {
        let found: Vec<Context> = Context::ALL
            .into_iter()
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

    /// (keys, action) rows of one pane, actions in first-binding order.
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

    /// docs/keys.md, generated from this table so the document cannot drift.
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "# factdesk workstation keys\n\n\
             Generated from the keymap (`src/tui/keymap.rs`) by \
             `cargo run --example gen_keys`; a test fails when this file is out of date.\n\
             Action names (second column) are what you write in `keys.toml` to rebind a key.\n",
        );
        for ctx in Context::ALL {
            out.push_str(&format!(
                "\n## {}\n\n| keys | action | what it does |\n|---|---|---|\n",
                ctx.title()
            ));
            for (keys, a) in self.rows(ctx) {
                let name = serde_json::to_value(a)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let keys = keys.replace('|', "\\|");
                out.push_str(&format!("| `{keys}` | {name} | {} |\n", a.describe()));
            }
        }
        out.push_str(
            "\n## Text input\n\nIn the search box, the explanation and notes editors and the \
             palette: type to insert, Enter runs the search / adds a line, Esc leaves the input \
             (the text stays), Ctrl-z undoes in an editor, Backspace/Delete/arrows/Home/End edit. \
             Pasting (bracketed paste) inserts the text.\n\n\
             In the rating picker and the stance prompt: j/k or arrows, Enter to choose, or the \
             first letter of a stance (s, r, c); Esc cancels.\n\n\
             ## Visual mode (article pane)\n\n\
             `v` starts selecting characters at the cursor, `V` whole sentences. The article's \
             movement keys (h j k l w b ( ) PgUp PgDn g G) extend the selection; Enter makes \
             it a new claim (saved at once, `u` undoes it), Esc cancels; `v`/`V` switch between \
             characters and sentences.\n\n\
             ## Rebinding keys\n\n\
             Put a `keys.toml` in factdesk's config directory (`~/.config/factdesk/` on Linux, \
             or `$FACTDESK_CONFIG_DIR`). At the top, `action = \"KEY\"` or `[\"KEY\", ...]` \
             rebinds the action in every pane where it has keys; under `[global]`, \
             `[article]`, `[sources]` or `[verdict]` it rebinds it in that pane only. The new \
             keys replace the action's old ones there and take the keys from other actions. \
             Key names are as in the tables above (`x`, `G`, `Ctrl-d`, `Alt-x`, `Enter`, `Esc`, \
             `Tab`, `Shift-Tab`, `Space`, `PgDn`, `F5`, ...).\n\n\
             ```toml\n\
             quit = \"Q\"\n\
             down = [\"j\", \"Down\", \"Ctrl-n\"]\n\n\
             [article]\n\
             split-claim = \"s\"\n\
             ```\n\n\
             An unknown action or key, or broken TOML, is reported in the status bar with the \
             file and line, and the default keys are used.\n",
        );
        out
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
