//! Regenerate docs/keys.md from the keymap: `cargo run --example gen_keys`.

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/keys.md");
    let text = factdesk::tui::keymap::Keymap::default().markdown();
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("{}: {e}", path.display());
        std::process::exit(1);
    }
    println!("wrote {}", path.display());
}
