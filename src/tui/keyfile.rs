//! keys.toml: the user's key bindings, applied over the default keymap.

use super::action::Action;
use super::config::{ConfigError, Table};
use super::keymap::{Context, Key, Keymap};

/// Apply keys.toml to `km`: `action = "KEY"` or `["KEY", ...]` at the top rebinds the action
/// wherever it has keys (text inputs left out); inside a section named after a context
/// (`[article]`, `[editor]`, `[reader]`, ...) it rebinds it there only.
pub fn keys(file: &str, text: &str, mut km: Keymap) -> Result<Keymap, ConfigError> {
    let table: Table = toml::from_str(text).map_err(|e| ConfigError::from_toml(file, text, &e))?;
    let err = |at: usize, p: String| ConfigError::at(file, text, at, p);
    for (name, v) in &table {
        if let toml::Value::Table(_) = v.get_ref() {
            let Some(ctx) = Context::ALL.into_iter().find(|c| c.name() == name) else {
                let names: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
                return Err(err(
                    v.span().start,
                    format!("unknown section [{name}]; sections: {}", names.join(", ")),
                ));
            };
            let toml::Value::Table(inner) = v.get_ref() else {
                continue;
            };
            for (action_name, keys_v) in inner {
                let (action, keys) = binding(action_name, keys_v)
                    .and_then(|b| typeable_in(ctx, b))
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

/// In a text input a plain character is typed, so it cannot also be a key binding there.
fn typeable_in(ctx: Context, b: (Action, Vec<Key>)) -> Result<(Action, Vec<Key>), String> {
    if !ctx.is_input() {
        return Ok(b);
    }
    if let Some(k) = b.1.iter().find(|k| k.types_char()) {
        return Err(format!(
            "[{}] {:?}: {:?} types a character in this input; use Ctrl-, Alt- or a named key",
            ctx.name(),
            action_name(b.0),
            k.name()
        ));
    }
    Ok(b)
}

fn action_name(a: Action) -> String {
    serde_json::to_value(a)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
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
