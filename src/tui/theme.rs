//! Colours by role, read from theme files (`themes/*.toml`, embedded in the binary; users add
//! or override themes in their config directory). The built-in themes use ANSI colour names so
//! any terminal shows them; `monochrome` works without colour (NO_COLOR): marks by underline,
//! selection by reverse video.

use std::collections::BTreeMap;

use ratatui::style::{Color, Modifier, Style};

use crate::project::scale::Tone;

use super::color::{self, ColorDepth};
use super::config::ConfigError;

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub text: Style,
    pub muted: Style,
    pub title: Style,
    pub border: Style,
    pub border_focus: Style,
    pub current: Style,
    pub selection: Style,
    pub matched: Style,
    pub warning: Style,
    pub error: Style,
    pub claim_true: Style,
    pub claim_false: Style,
    pub claim_mixed: Style,
    pub claim_unproven: Style,
    pub claim_open: Style,
    pub claim_candidate: Style,
    pub status_bar: Style,
}

/// The theme files shipped with factdesk, embedded so the binary runs from anywhere.
pub const BUILTIN: [(&str, &str); 4] = [
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("monochrome", include_str!("../../themes/monochrome.toml")),
];

pub const DEFAULT: &str = "dark";

/// Role names as written in theme files, with what each colours.
pub const ROLES: [(&str, &str); 17] = [
    ("text", "article and source text"),
    ("muted", "hints, labels, inactive tabs"),
    ("title", "pane titles and headings"),
    ("border", "pane borders"),
    (
        "border-focus",
        "the focused pane's border, key names in help",
    ),
    ("current", "the current claim in the article"),
    (
        "selection",
        "selected list item, visual-mode selection, cursor",
    ),
    (
        "search-hit",
        "search matches in the article, snippets and reader",
    ),
    ("warning", "prompts and status messages"),
    ("error", "save failures and config errors"),
    ("claim-true", "claims rated true"),
    ("claim-false", "claims rated false"),
    ("claim-mixed", "claims rated mixed"),
    ("claim-unproven", "claims rated unproven"),
    ("claim-open", "claims not yet rated"),
    ("claim-candidate", "triage candidates not yet kept"),
    ("status-bar", "the status bar"),
];

impl Theme {
    /// No style at all: the base every theme without a parent starts from.
    fn plain(name: &str) -> Theme {
        let p = Style::new();
        Theme {
            name: name.to_string(),
            text: p,
            muted: p,
            title: p,
            border: p,
            border_focus: p,
            current: p,
            selection: p,
            matched: p,
            warning: p,
            error: p,
            claim_true: p,
            claim_false: p,
            claim_mixed: p,
            claim_unproven: p,
            claim_open: p,
            claim_candidate: p,
            status_bar: p,
        }
    }

    fn role_mut(&mut self, role: &str) -> Option<&mut Style> {
        Some(match role {
            "text" => &mut self.text,
            "muted" => &mut self.muted,
            "title" => &mut self.title,
            "border" => &mut self.border,
            "border-focus" => &mut self.border_focus,
            "current" => &mut self.current,
            "selection" => &mut self.selection,
            "search-hit" => &mut self.matched,
            "warning" => &mut self.warning,
            "error" => &mut self.error,
            "claim-true" => &mut self.claim_true,
            "claim-false" => &mut self.claim_false,
            "claim-mixed" => &mut self.claim_mixed,
            "claim-unproven" => &mut self.claim_unproven,
            "claim-open" => &mut self.claim_open,
            "claim-candidate" => &mut self.claim_candidate,
            "status-bar" => &mut self.status_bar,
            _ => return None,
        })
    }

    fn styles_mut(&mut self) -> impl Iterator<Item = &mut Style> {
        [
            &mut self.text,
            &mut self.muted,
            &mut self.title,
            &mut self.border,
            &mut self.border_focus,
            &mut self.current,
            &mut self.selection,
            &mut self.matched,
            &mut self.warning,
            &mut self.error,
            &mut self.claim_true,
            &mut self.claim_false,
            &mut self.claim_mixed,
            &mut self.claim_unproven,
            &mut self.claim_open,
            &mut self.claim_candidate,
            &mut self.status_bar,
        ]
        .into_iter()
    }

    /// The built-in themes, parsed from the embedded files (a test keeps them valid).
    pub fn builtin() -> Vec<Theme> {
        let mut out: Vec<Theme> = Vec::new();
        for (name, text) in BUILTIN {
            let file = format!("themes/{name}.toml (built in)");
            if let Ok(t) = Theme::parse(name, text, &file, &out) {
                out.push(t);
            }
        }
        out
    }

    fn builtin_named(name: &str) -> Theme {
        Theme::builtin()
            .into_iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| Theme::plain(name))
    }

    pub fn dark() -> Theme {
        Theme::builtin_named("dark")
    }

    /// No colour at all: every role that matters is still visible through modifiers.
    pub fn mono() -> Theme {
        Theme::builtin_named("monochrome")
    }

    /// Parse theme file `text` named `name`. Roles it leaves out come from its parent
    /// (`inherit = "NAME"`, looked up in `known`), so a user theme can change one colour.
    /// `file` names the file in errors.
    pub fn parse(
        name: &str,
        text: &str,
        file: &str,
        known: &[Theme],
    ) -> Result<Theme, ConfigError> {
        let table: BTreeMap<String, toml::Spanned<toml::Value>> =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(file, text, &e))?;
        let err = |span: std::ops::Range<usize>, problem: String| {
            ConfigError::at(file, text, span.start, problem)
        };
        // Without `inherit`, a file overrides the theme of its own name, else extends dark.
        let mut t = match table.get("inherit") {
            Some(v) => {
                let Some(p) = v.get_ref().as_str() else {
                    return Err(err(v.span(), "inherit must be a theme name".into()));
                };
                match known.iter().rev().find(|t| t.name == p) {
                    Some(parent) => parent.clone(),
                    None => return Err(err(v.span(), format!("inherit: no theme {p:?}"))),
                }
            }
            None => known
                .iter()
                .rev()
                .find(|t| t.name == name)
                .or_else(|| known.iter().find(|t| t.name == DEFAULT))
                .cloned()
                .unwrap_or_else(|| Theme::plain(name)),
        };
        t.name = name.to_string();
        for (key, value) in &table {
            if key == "inherit" {
                continue;
            }
            let role = key.replace('_', "-");
            let style = parse_style(value.get_ref()).map_err(|p| err(value.span(), p))?;
            match t.role_mut(&role) {
                Some(slot) => *slot = style,
                None => {
                    let names: Vec<&str> = ROLES.iter().map(|r| r.0).collect();
                    return Err(err(
                        value.span(),
                        format!("unknown role {key:?}; roles: {}", names.join(", ")),
                    ));
                }
            }
        }
        Ok(t)
    }

    /// The theme as this terminal can show it: hex and 256-colour values are brought down to
    /// what `depth` supports.
    pub fn for_depth(mut self, depth: ColorDepth) -> Theme {
        for s in self.styles_mut() {
            s.fg = s.fg.map(|c| color::downgrade(c, depth));
            s.bg = s.bg.map(|c| color::downgrade(c, depth));
            s.underline_color = s.underline_color.map(|c| color::downgrade(c, depth));
        }
        self
    }

    pub fn tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::True => self.claim_true,
            Tone::False => self.claim_false,
            Tone::Mixed => self.claim_mixed,
            Tone::Unproven => self.claim_unproven,
            Tone::Other => self.claim_open,
        }
    }
}

/// A role's value: a colour (the foreground), or a table with `fg`, `bg` and the switches
/// `bold`, `dim`, `italic`, `underline`, `reverse`.
fn parse_style(v: &toml::Value) -> Result<Style, String> {
    let toml::Value::Table(t) = v else {
        return Ok(Style::new().fg(parse_color(v)?));
    };
    let mut s = Style::new();
    for (k, v) in t {
        let flag = match k.as_str() {
            "fg" => {
                s = s.fg(parse_color(v)?);
                continue;
            }
            "bg" => {
                s = s.bg(parse_color(v)?);
                continue;
            }
            "bold" => Modifier::BOLD,
            "dim" => Modifier::DIM,
            "italic" => Modifier::ITALIC,
            "underline" => Modifier::UNDERLINED,
            "reverse" => Modifier::REVERSED,
            other => {
                return Err(format!(
                    "unknown style key {other:?}; use fg, bg, bold, dim, italic, underline, reverse"
                ))
            }
        };
        match v.as_bool() {
            Some(true) => s = s.add_modifier(flag),
            Some(false) => {}
            None => return Err(format!("{k} must be true or false")),
        }
    }
    Ok(s)
}

fn parse_color(v: &toml::Value) -> Result<Color, String> {
    match v {
        toml::Value::Integer(i) => u8::try_from(*i)
            .map(Color::Indexed)
            .map_err(|_| format!("colour index {i} is not in 0-255")),
        toml::Value::String(s) => color::parse(s).ok_or_else(|| {
            format!(
                "unknown colour {s:?}; use a name (red, bright-blue, gray, default), \
                 an index 0-255 or #rrggbb"
            )
        }),
        other => Err(format!(
            "a colour must be a name, 0-255 or #rrggbb, not {other}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_themes_parse_and_set_every_role() {
        let all = Theme::builtin();
        assert_eq!(all.len(), BUILTIN.len());
        for (name, text) in BUILTIN {
            Theme::parse(name, text, name, &all).unwrap();
        }
        let mut dark = Theme::dark();
        // The default theme sets every role, so user themes inherit a complete look.
        let plain: Vec<_> = ROLES
            .iter()
            .filter(|(r, _)| dark.role_mut(r).is_some_and(|s| *s == Style::new()))
            .map(|r| r.0)
            .collect();
        assert!(plain.is_empty(), "{plain:?}");
        let m = Theme::mono();
        for mut st in [m.current, m.selection, m.status_bar] {
            assert!(st.add_modifier.contains(Modifier::REVERSED), "{st:?}");
            st.add_modifier = Modifier::empty();
            assert_eq!(st, Style::new(), "no colour in monochrome");
        }
    }

    #[test]
    fn user_theme_inherits_and_reports_the_line() {
        let all = Theme::builtin();
        let t = Theme::parse(
            "mine",
            "inherit = \"light\"\nmuted = \"#808080\"\ncurrent = { fg = 16, bg = \"bright-yellow\", bold = true }\n",
            "mine.toml",
            &all,
        )
        .unwrap();
        assert_eq!(t.muted, Style::new().fg(Color::Rgb(128, 128, 128)));
        assert_eq!(
            t.current,
            Style::new()
                .fg(Color::Indexed(16))
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD)
        );
        let light = all.iter().find(|t| t.name == "light").unwrap();
        assert_eq!(t.border_focus, light.border_focus);

        let e = Theme::parse(
            "x",
            "muted = \"gray\"\n\nborder = \"purpleish\"\n",
            "x.toml",
            &all,
        )
        .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.to_string().starts_with("x.toml:3: unknown colour"), "{e}");
        let e =
            Theme::parse("x", "muted = \"gray\"\nglow = \"red\"\n", "x.toml", &all).unwrap_err();
        assert!(
            e.to_string().starts_with("x.toml:2: unknown role \"glow\""),
            "{e}"
        );
        let e = Theme::parse("x", "a = \n", "x.toml", &all).unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        let e = Theme::parse("x", "current = { fg = 300 }\n", "x.toml", &all).unwrap_err();
        assert!(e.to_string().contains("0-255"), "{e}");
    }
}
