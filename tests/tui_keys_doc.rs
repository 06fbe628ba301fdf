//! docs/keys.md is generated from the keymap; this fails when it has drifted.

#[test]
fn keys_md_matches_the_keymap() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/keys.md");
    let want = factdesk::tui::keymap::Keymap::default().markdown();
    if std::env::var_os("UPDATE_KEYS_DOC").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let got = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "docs/keys.md is out of date: run `cargo run --example gen_keys` (or UPDATE_KEYS_DOC=1)"
    );
}
