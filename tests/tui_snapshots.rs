//! The workstation drawn on ratatui's TestBackend, compared with text captures in
//! tests/snapshots/. Regenerate with `UPDATE_SNAPSHOTS=1 cargo test --test tui_snapshots`.

use std::path::PathBuf;
use std::time::Instant;

use factdesk::project::{Access, Project};
use factdesk::tui::msg::Msg;
use factdesk::tui::run::load_state;
use factdesk::tui::state::State;
use factdesk::tui::update::update;
use factdesk::tui::workers::load_searcher;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn screen(s: &State, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| factdesk::tui::view::draw(f, s)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn check(name: &str, got: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !path.exists() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert_eq!(got, want, "{name} differs; UPDATE_SNAPSHOTS=1 to accept");
}

fn demo_state(w: u16, h: u16) -> (tempfile::TempDir, State) {
    let dir = tempfile::tempdir().unwrap();
    factdesk::demo::ensure(dir.path()).unwrap();
    let p = Project::open(dir.path(), Access::ReadOnly).unwrap();
    let mut s = load_state(&p).unwrap();
    update(&mut s, Msg::Resize(w, h), Instant::now());
    // A fixed theme: the snapshot is about text and layout.
    s.theme = factdesk::tui::theme::Theme::mono();
    (dir, s)
}

fn with_suggestions(d: &std::path::Path, s: &mut State) {
    let now = Instant::now();
    let fx = update(
        s,
        Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('S'),
            crossterm::event::KeyModifiers::NONE,
        )),
        now,
    );
    assert_eq!(fx.len(), 1);
    let hits = load_searcher(d).suggest(&s.claim().unwrap().text, 30).hits;
    let gen = s.search.gen;
    update(
        s,
        Msg::SearchDone {
            gen,
            label: format!("{} suggested passages", hits.len()),
            hits,
        },
        now,
    );
}

#[test]
fn demo_80x24() {
    let (d, mut s) = demo_state(80, 24);
    check("demo_80x24_article", &screen(&s, 80, 24));
    with_suggestions(d.path(), &mut s);
    check("demo_80x24_sources", &screen(&s, 80, 24));
}

#[test]
fn the_reader_at_80x24() {
    let (d, mut s) = demo_state(80, 24);
    with_suggestions(d.path(), &mut s);
    let h = s.search.hits[0].clone();
    let (title, provenance, text) = load_searcher(d.path()).open_source(&h.source).unwrap();
    let doc = factdesk::tui::msg::ReaderDoc {
        source: h.source,
        title,
        provenance,
        text,
        range: h.range,
    };
    update(&mut s, Msg::Reader(Box::new(doc)), Instant::now());
    let shown = screen(&s, 80, 24);
    // The status bar stays under the reader, with the reader's own keys.
    assert!(shown.contains("READER"), "{shown}");
    assert!(shown.contains("a attach"), "{shown}");
    check("demo_80x24_reader", &shown);
}

#[test]
fn demo_160x48() {
    let (d, mut s) = demo_state(160, 48);
    with_suggestions(d.path(), &mut s);
    check("demo_160x48", &screen(&s, 160, 48));
}

#[test]
fn tiny_terminals_do_not_panic() {
    let (_d, s) = demo_state(10, 3);
    for (w, h) in [(1, 1), (10, 3), (20, 5), (0, 0)] {
        screen(&s, w.max(1), h.max(1));
    }
}

#[test]
fn claims_overview_says_why_a_claim_ranks() {
    let (_d, mut s) = demo_state(80, 24);
    update(
        &mut s,
        Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('C'),
            crossterm::event::KeyModifiers::NONE,
        )),
        Instant::now(),
    );
    let shown = screen(&s, 80, 24);
    assert!(shown.contains("why: "), "{shown}");
    // No rating yet: the rating column takes one column, the claim gets the room (it showed
    // 37 characters at 80 columns behind an empty 22-column rating field); the triage score
    // (hundredths) takes two.
    assert!(
        shown.contains("1 85 open         - Der Kreml erklärte heute (17.10.2023), dass es ent"),
        "{shown}"
    );
    check("demo_80x24_claims", &shown);
    let c = s
        .claims
        .iter()
        .find(|c| c.text.contains("tausend Container"))
        .expect("the containers claim is a candidate");
    let why = factdesk::tui::overlay::claims::reasons(&s.claims, &s.articles, c.id);
    assert!(why.contains("quantity"), "{why}");
}

#[test]
fn unreadable_claim_files_are_listed_in_the_status_bar_and_the_overview() {
    let dir = tempfile::tempdir().unwrap();
    factdesk::demo::ensure(dir.path()).unwrap();
    // One claim file left with git conflict markers, one that is not TOML at all, and an
    // article whose metadata was broken by hand: none of them may simply disappear.
    let claims = dir.path().join("claims");
    let good = std::fs::read_to_string(claims.join("0002.toml")).unwrap();
    let conflicted = format!("<<<<<<< HEAD\n{good}=======\n{good}>>>>>>> theirs\n");
    std::fs::write(claims.join("0002.toml"), conflicted).unwrap();
    std::fs::write(claims.join("0003.toml"), "\u{1b}]0;pwned\u{7} not toml").unwrap();
    let p = Project::open(dir.path(), Access::ReadOnly).unwrap();
    let mut s = load_state(&p).unwrap();
    update(&mut s, Msg::Resize(120, 30), Instant::now());
    s.theme = factdesk::tui::theme::Theme::mono();
    assert_eq!(s.problems.len(), 2, "{:?}", s.problems);
    assert!(!s.claims.iter().any(|c| c.id == 2 || c.id == 3));
    let shown = screen(&s, 120, 30);
    let (status, all) = bottom(&shown);
    assert!(status.contains("2 files not read"), "{status}");
    // The message is longer than the status line: it is whole on the lines above.
    assert!(all.contains("claims/0002.toml"), "{shown}");
    assert!(all.contains("`git add` the file (C lists them)"), "{shown}");
    assert!(!shown.contains(dir.path().to_str().unwrap()), "{shown}");
    let key = |c: char| {
        crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        )
    };
    update(&mut s, Msg::Key(key('C')), Instant::now());
    let shown = screen(&s, 120, 30);
    for file in ["claims/0002.toml", "claims/0003.toml"] {
        assert!(
            shown
                .lines()
                .any(|l| l.contains("not read: ") && l.contains(file)),
            "{file} is not listed:\n{shown}"
        );
    }
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown}"
    );
}

#[test]
fn the_status_bar_uses_the_width_and_never_cuts_a_hint() {
    let name = "Faktencheck Landtagswahl Sachsen-Anhalt 2026, Runde zwei";
    let hints_at = |w: u16| {
        let (_d, mut s) = demo_state(w, 24);
        s.project_name = name.into();
        let shown = screen(&s, w, 24);
        let status = shown.lines().last().unwrap().to_string();
        let (head, hints) = status.split_once(" saved  ").expect("a save state");
        (head.to_string(), hints.trim_end().to_string())
    };
    let (_, all) = hints_at(300);
    let all: Vec<&str> = all.split(" · ").collect();
    for w in [60u16, 80, 100, 120, 200, 300] {
        let (head, hints) = hints_at(w);
        // Whole "key label" pairs, in order, the first ones: never a pair cut short.
        let shown: Vec<&str> = hints.split(" · ").collect();
        assert_eq!(shown[..], all[..shown.len()], "{w} columns: {hints:?}");
        if w >= 200 {
            assert!(head.contains(name), "{w} columns: {head:?}");
        }
    }
}

/// The status line and the two lines above it (where a long message goes), each trimmed,
/// joined with nothing between them (a path broken at a line's end reads whole).
fn bottom(shown: &str) -> (String, String) {
    let lines: Vec<&str> = shown.lines().collect();
    let status = lines.last().unwrap().to_string();
    let joined = lines[lines.len() - 3..]
        .iter()
        .map(|l| l.trim())
        .collect::<String>();
    (status, joined)
}

#[test]
fn a_long_message_keeps_its_end_where_the_recovery_file_is_named() {
    use factdesk::tui::msg::SaveFailure;
    let kept = "/home/anna/.local/share/factdesk/recovery/0006-explanation-20261201-174012.toml";
    for w in [60u16, 80, 100, 120, 200] {
        let (_d, mut s) = demo_state(w, 24);
        update(
            &mut s,
            Msg::Saved(Err(SaveFailure {
                why: "/srv/desk/projekte/landtagswahl/claims/0006.toml: cannot save: the disk is full"
                    .into(),
                kept: Some(Ok(kept.into())),
            })),
            Instant::now(),
        );
        let shown = screen(&s, w, 24);
        let (status, all) = bottom(&shown);
        assert!(status.contains("SAVE FAILED"), "{w}: {status}");
        assert!(all.contains("not saved"), "{w}:\n{shown}");
        // The file's name is whole, and from 100 columns on its folder too (at 80 it is
        // `…/recovery/NAME`; the full path is printed again at the exit).
        assert!(
            all.contains("0006-explanation-20261201-174012.toml"),
            "{w}:\n{shown}"
        );
        if w >= 100 {
            assert!(all.contains(kept), "{w}:\n{shown}");
        }
        for line in shown.lines() {
            assert!(line.chars().count() <= usize::from(w), "{w}: {line}");
        }
        // The message goes with the next key; the panes are whole again.
        update(
            &mut s,
            Msg::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char('j'),
                crossterm::event::KeyModifiers::NONE,
            )),
            Instant::now(),
        );
        let (_, all) = bottom(&screen(&s, w, 24));
        assert!(!all.contains("not saved"), "{w}: {all}");
    }
}

#[test]
fn a_read_only_banner_and_a_message_share_the_status_bar() {
    let (_d, mut s) = demo_state(120, 24);
    s.banner = Some(
        "READ-ONLY: anna on desk-3 (pid 405, since 2026-12-01 17:40) is editing this project; \
         you can read, and editing starts here by itself once they are done"
            .into(),
    );
    let (status, all) = bottom(&screen(&s, 120, 24));
    assert!(status.contains("READ-ONLY"), "{status}");
    assert!(all.contains("READ-ONLY: anna on desk-3 (pid 405"), "{all}");
    assert!(all.contains("once they are done"), "{all}");
    s.message = "the other factdesk is done: this workstation can edit the project now".into();
    let (status, _) = bottom(&screen(&s, 120, 24));
    assert!(status.contains("READ-ONLY"), "{status}");
    assert!(status.contains(&s.message), "{status}");
}
