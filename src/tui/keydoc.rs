//! docs/keys.md, generated from the keymap and the palette's command table so the document
//! cannot drift from what the keys do.

use super::keymap::{Context, Keymap};
use super::overlay::palette;

/// What a context's section says before its table.
fn intro(ctx: Context) -> &'static str {
    match ctx {
        Context::Global => "These work in every pane (a pane's own binding of the same key wins).",
        Context::Editor | Context::Search | Context::Find | Context::Palette => {
            "A key not listed here types its character; pasting (bracketed paste) inserts the text."
        }
        Context::Visual => {
            "The article's movement keys (h j k l w b ( ) PgUp PgDn g G) extend the selection; \
             the new claim is saved at once, `u` undoes it."
        }
        _ => "",
    }
}

fn action_name(a: super::action::Action) -> String {
    serde_json::to_value(a)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl Keymap {
    /// docs/keys.md.
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "# factdesk workstation keys\n\n\
             Generated from the keymap (`src/tui/keymap.rs`) and the palette's commands \
             (`src/tui/overlay/palette.rs`) by `cargo run --example gen_keys`; a test fails \
             when this file is out of date.\n\
             Action names (second column) are what you write in `keys.toml` to rebind a key; \
             the section names (`[article]`, `[editor]`, ...) are given with each table.\n",
        );
        for ctx in Context::ALL {
            out.push_str(&format!("\n## {} (`[{}]`)\n\n", ctx.title(), ctx.name()));
            let intro = intro(ctx);
            if !intro.is_empty() {
                out.push_str(intro);
                out.push_str("\n\n");
            }
            out.push_str("| keys | action | what it does |\n|---|---|---|\n");
            for (keys, a) in self.rows(ctx) {
                let keys = keys.replace('|', "\\|");
                out.push_str(&format!(
                    "| `{keys}` | {} | {} |\n",
                    action_name(a),
                    a.describe(ctx)
                ));
            }
        }
        out.push_str(
            "\n## Palette commands\n\n`:` opens the palette; type a command and press Enter.\n\n",
        );
        out.push_str("| command | what it does |\n|---|---|\n");
        for c in palette::COMMANDS {
            out.push_str(&format!("| `{}` | {} |\n", c.usage, c.help));
        }
        out.push_str(REBINDING);
        out
    }
}

const REBINDING: &str = "\n## Rebinding keys\n\n\
Put a `keys.toml` in factdesk's config directory (`~/.config/factdesk/` on Linux, or \
`$FACTDESK_CONFIG_DIR`). At the top, `action = \"KEY\"` or `[\"KEY\", ...]` rebinds the action \
in every pane, overlay and mode where it has keys, except the text inputs; under a section \
(`[global]`, `[article]`, `[editor]`, `[reader]`, ... as named above) it rebinds it there only. \
The new keys replace the action's old ones there and take the keys from other actions. In a text \
input (`[editor]`, `[search]`, `[find]`, `[palette]`) only keys that do not type a character can \
be bound (`Ctrl-x`, `Alt-x`, `F5`, `Esc`, ...). Key names are as in the tables above (`x`, `G`, \
`Ctrl-d`, `Alt-x`, `Enter`, `Esc`, `Tab`, `Shift-Tab`, `Space`, `PgDn`, `F5`, ...).\n\n\
```toml\n\
quit = \"Q\"\n\
down = [\"j\", \"Down\", \"Ctrl-n\"]\n\n\
[article]\n\
split-claim = \"s\"\n\n\
[editor]\n\
save-now = \"F2\"\n\
```\n\n\
An unknown action or key, or broken TOML, is reported in the status bar with the file and \
line, and the default keys are used.\n";
