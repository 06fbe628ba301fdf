//! The user's workstation settings, from factdesk's config directory (`FACTDESK_CONFIG_DIR`
//! overrides it): `config.toml` (`theme = "NAME"`), `themes/NAME.toml` (extra themes, or
//! overrides of built-in ones) and `keys.toml` (key bindings). A broken file never stops the
//! app: its error names the file and line, the defaults are used, and the status bar says so.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::action::Action;
use super::color::ColorDepth;
use super::keymap::{Context, Key, Keymap};
use super::state::State;
use super::theme::{self, Theme};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file's path as given to `load`.
    pub file: String,
    pub line: usize,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.problem)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.problem)
        }
    }
}

impl ConfigError {
    /// The error with the file named by its last two path parts (`themes/x.toml:3: ...`):
    /// the status bar is 80 columns at most; the full path is printed on exit.
    pub fn short(&self) -> String {
        let p = Path::new(&self.file);
        let tail: Vec<_> = p.iter().rev().take(2).collect();
        let name: PathBuf = tail.into_iter().rev().collect();
        let file = ConfigError {
            file: name.display().to_string(),
            ..self.clone()
        };
        file.to_string()
    }

    /// An error at byte `offset` of `text`.
    pub fn at(file: &str, text: &str, offset: usize, problem: String) -> ConfigError {
        let end = offset.min(text.len());
        let line = text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        ConfigError {
            file: file.to_string(),
            line,
            problem,
        }
    }

    pub fn from_toml(file: &str, text: &str, e: &toml::de::Error) -> ConfigError {
        // toml's message repeats the line with a caret drawing; the first line is the problem.
        let problem = e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .to_string();
        match e.span() {
            Some(span) => ConfigError::at(file, text, span.start, problem),
            None => ConfigError {
                file: file.to_string(),
                line: 0,
                problem,
            },
        }
    }
}

/// Where the user's settings live: `FACTDESK_CONFIG_DIR`, else the platform's config
/// directory for factdesk (`~/.config/factdesk` on Linux).
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("FACTDESK_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "factdesk", "factdesk")
        .map(|d| d.config_dir().to_path_buf())
}

#[derive(Debug, Clone)]
pub struct Config {
    pub themes: Vec<Theme>,
    pub keymap: Keymap,
    /// `theme = "NAME"` from config.toml.
    pub theme: Option<String>,
    pub errors: Vec<ConfigError>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            themes: Theme::builtin(),
            keymap: Keymap::default(),
            theme: None,
            errors: Vec::new(),
        }
    }
}

/// Read what exists in `dir`; missing files are no error.
pub fn load(dir: Option<&Path>) -> Config {
    let mut cfg = Config::default();
    let Some(dir) = dir else {
        return cfg;
    };
    if let Some((file, text)) = read(&dir.join("config.toml"), &mut cfg.errors) {
        match settings(&file, &text) {
            Ok(t) => cfg.theme = t,
            Err(e) => cfg.errors.push(e),
        }
    }
    let mut theme_files: Vec<PathBuf> = std::fs::read_dir(dir.join("themes"))
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    theme_files.sort();
    for path in theme_files {
        let Some(name) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        let Some((file, text)) = read(&path, &mut cfg.errors) else {
            continue;
        };
        match Theme::parse(&name, &text, &file, &cfg.themes) {
            Ok(t) => match cfg.themes.iter_mut().find(|x| x.name == name) {
                Some(old) => *old = t,
                None => cfg.themes.push(t),
            },
            Err(e) => cfg.errors.push(e),
        }
    }
    if let Some((file, text)) = read(&dir.join("keys.toml"), &mut cfg.errors) {
        // All or nothing: a keys.toml with an error leaves the default keys in place.
        match keys(&file, &text, Keymap::default()) {
            Ok(km) => cfg.keymap = km,
            Err(e) => cfg.errors.push(e),
        }
    }
    cfg
}

fn read(path: &Path, errors: &mut Vec<ConfigError>) -> Option<(String, String)> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => Some((file, text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            errors.push(ConfigError {
                file,
                line: 0,
                problem: e.to_string(),
            });
            None
        }
    }
}

type Table = BTreeMap<String, toml::Spanned<toml::Value>>;

fn settings(file: &str, text: &str) -> Result<Option<String>, ConfigError> {
    let table: Table = toml::from_str(text).map_err(|e| ConfigError::from_toml(file, text, &e))?;
    let mut theme = None;
    for (k, v) in &table {
        match (k.as_str(), v.get_ref().as_str()) {
            ("theme", Some(name)) => theme = Some(name.to_string()),
            (k, _) => {
                let problem = match k {
                    "theme" => "theme must be a theme name".to_string(),
                    _ => format!("unknown setting {k:?}; settings: theme"),
                };
                return Err(ConfigError::at(file, text, v.span().start, problem));
            }
        }
    }
    Ok(theme)
}

/// Apply keys.toml to `km`: `action = "KEY"` or `["KEY", ...]` at the top rebinds the action
/// wherever it has keys; inside `[global]`, `[article]`, `[sources]` or `[verdict]` it
/// rebinds it in that pane only.
pub fn keys(file: &str, text: &str, mut km: Keymap) -> Result<Keymap, ConfigError> {
    let table: Table = toml::from_str(text).map_err(|e| ConfigError::from_toml(file, text, &e))?;
    let err = |at: usize, p: String| ConfigError::at(file, text, at, p);
    for (name, v) in &table {
        if let toml::Value::Table(_) = v.get_ref() {
            let Some(ctx) = Context::ALL.into_iter().find(|c| c.name() == name) else {
                return Err(err(
                    v.span().start,
                    format!(
                        "unknown section [{name}]; sections: global, article, sources, verdict"
                    ),
                ));
            };
            let toml::Value::Table(inner) = v.get_ref() else {
                continue;
            };
            for (action_name, keys_v) in inner {
                let (action, keys) = binding(action_name, keys_v)
                    .map_err(|p| err(key_offset(text, Some(name), action_name), p))?;
                km.rebind(ctx, action, &keys);
            }
        } else {
            let (action, keys) = binding(name, v.get_ref()).map_err(|p| err(v.span().start, p))?;
            for ctx in km.contexts_of(action) {
                km.rebind(ctx, action, &keys);
            }
        }
    }
    Ok(km)
}

/// Where `key` is written in `section` (toml gives spans for top-level values only): the
/// start of its line, else the section header, else the start of the file.
fn key_offset(text: &str, section: Option<&str>, key: &str) -> usize {
    let mut offset = 0;
    let mut in_section = section.is_none();
    let mut header = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if let Some(h) = t.strip_prefix('[') {
            in_section = section.is_some_and(|s| h.trim_end_matches(']').trim() == s);
            if in_section {
                header = offset;
            }
        } else if in_section {
            let k = t.split('=').next().unwrap_or("").trim().trim_matches('"');
            if k == key {
                return offset;
            }
        }
        offset += line.len();
    }
    header
}

fn binding(action: &str, v: &toml::Value) -> Result<(Action, Vec<Key>), String> {
    let a: Action = serde_json::from_value(serde_json::Value::String(action.to_string()))
        .map_err(|_| format!("unknown action {action:?}; docs/keys.md lists the action names"))?;
    let names: Vec<&str> = match v {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(items) => items.iter().filter_map(|i| i.as_str()).collect(),
        _ => return Err(format!("{action}: give a key or a list of keys")),
    };
    let keys = names
        .iter()
        .map(|n| Key::parse(n).ok_or_else(|| format!("{action}: unknown key {n:?}")))
        .collect::<Result<Vec<_>, _>>()?;
    if keys.is_empty() {
        return Err(format!("{action}: give a key or a list of keys"));
    }
    Ok((a, keys))
}

/// Put `cfg` into the state: keys, themes (as this terminal can show them) and the theme chosen
/// by `--theme`, else config.toml, else the default. NO_COLOR means the monochrome theme.
/// The first config error goes to the status bar; all of them are returned.
pub fn apply(
    s: &mut State,
    cfg: Config,
    theme_arg: Option<&str>,
    depth: ColorDepth,
) -> Vec<ConfigError> {
    let Config {
        themes,
        keymap,
        theme: setting,
        errors: mut errs,
    } = cfg;
    s.keymap = keymap;
    // Under NO_COLOR only the monochrome theme is offered, and even a user's version of it
    // loses its colours.
    s.themes = themes
        .into_iter()
        .filter(|t| depth != ColorDepth::None || t.name == "monochrome")
        .map(|t| t.for_depth(depth))
        .collect();
    let wanted = if depth == ColorDepth::None {
        "monochrome".to_string()
    } else {
        theme_arg
            .map(str::to_string)
            .or(setting)
            .unwrap_or_else(|| theme::DEFAULT.to_string())
    };
    let fallback = || Theme::dark().for_depth(depth);
    s.theme = match s.themes.iter().find(|t| t.name == wanted) {
        Some(t) => t.clone(),
        None => {
            let names: Vec<&str> = s.themes.iter().map(|t| t.name.as_str()).collect();
            errs.push(ConfigError {
                file: "theme".into(),
                line: 0,
                problem: format!("no theme {wanted:?}; themes: {}", names.join(", ")),
            });
            s.themes.first().cloned().unwrap_or_else(fallback)
        }
    };
    if let Some(first) = errs.first() {
        let first = first.short();
        s.message = match errs.len() {
            1 => format!("config: {first}"),
            n => format!("config (+{} more): {first}", n - 1),
        };
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(c: char) -> Key {
        Key::parse(&c.to_string()).unwrap()
    }

    #[test]
    fn keys_toml_rebinds_per_pane_and_everywhere() {
        let text = "quit = \"Q\"\ndown = [\"J\", \"Ctrl-n\"]\n\n[article]\nsplit-claim = \"s\"\n";
        let km = keys("keys.toml", text, Keymap::default()).unwrap();
        assert_eq!(km.lookup(Context::Article, ch('Q')), Some(Action::Quit));
        assert_eq!(km.lookup(Context::Article, ch('q')), None);
        assert_eq!(km.lookup(Context::Sources, ch('J')), Some(Action::Down));
        assert_eq!(km.lookup(Context::Verdict, ch('j')), None);
        assert_eq!(
            km.lookup(Context::Article, Key::parse("Ctrl-n").unwrap()),
            Some(Action::Down)
        );
        assert_eq!(
            km.lookup(Context::Article, ch('s')),
            Some(Action::SplitClaim)
        );
        assert_eq!(km.lookup(Context::Article, ch('x')), None);
        // `s` still cycles the status in the other panes.
        assert_eq!(
            km.lookup(Context::Verdict, ch('s')),
            Some(Action::CycleStatus)
        );
    }

    #[test]
    fn keys_toml_errors_name_the_line() {
        let cases = [
            ("quit = \"q\"\nfly = \"f\"\n", 2, "unknown action \"fly\""),
            (
                "\n\n[article]\nsplit-claim = \"Hyper-s\"\n",
                4,
                "unknown key \"Hyper-s\"",
            ),
            ("[pane]\nquit = \"q\"\n", 1, "unknown section [pane]"),
            ("quit = q\n", 1, ""),
            ("quit = 3\n", 1, "give a key"),
        ];
        for (text, line, want) in cases {
            let e = keys("k.toml", text, Keymap::default()).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.problem.contains(want), "{text:?}: {e}");
            assert!(
                e.to_string().starts_with(&format!("k.toml:{line}: ")),
                "{e}"
            );
        }
    }
}
