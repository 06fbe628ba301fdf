//! The user's workstation settings, from factdesk's config directory (`FACTDESK_CONFIG_DIR`
//! overrides it): `config.toml` (`theme = "NAME"`), `themes/NAME.toml` (extra themes, or
//! overrides of built-in ones) and `keys.toml` (key bindings). A broken file never stops the
//! app: its error names the file and line, the defaults are used, and the status bar says so.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::color::ColorDepth;
use super::keymap::Keymap;
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
        match super::keyfile::keys(&file, &text, Keymap::default()) {
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

pub(super) type Table = BTreeMap<String, toml::Spanned<toml::Value>>;

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

/// Put `cfg` into the state: keys, themes (as this terminal can show them) and the theme chosen
/// by `--theme`, else config.toml, else the project's manifest, else the default. NO_COLOR
/// means the monochrome theme.
/// The first config error goes to the status bar; all of them are returned.
pub fn apply(
    s: &mut State,
    cfg: Config,
    theme_arg: Option<&str>,
    project_theme: Option<&str>,
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
            .or(project_theme.map(str::to_string))
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
