//! The workstation's update logic, driven without a terminal on the real demo project:
//! keys in, effects out; save jobs run through the same worker code the app uses.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use factdesk::project::claim::Stance;
use factdesk::project::{Access, Project};
use factdesk::tui::msg::{Earlier, Effect, Job, Lookup, Msg, ToSaver, ToSearcher};
use factdesk::tui::overlay::Overlay;
use factdesk::tui::run::load_state;
use factdesk::tui::state::{Focus, Mode, State};
use factdesk::tui::update::update;
use factdesk::tui::workers::{load_searcher, Saver};

fn demo() -> (tempfile::TempDir, State) {
    let dir = tempfile::tempdir().unwrap();
    factdesk::demo::ensure(dir.path()).unwrap();
    let p = Project::open(dir.path(), Access::ReadOnly).unwrap();
    let s = load_state(&p).unwrap();
    (dir, s)
}

fn key(s: &mut State, c: KeyCode, now: Instant) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(c, KeyModifiers::NONE)), now)
}

fn chars(s: &mut State, text: &str, now: Instant) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| key(s, KeyCode::Char(c), now))
        .collect()
}

#[test]
fn claim_navigation_moves_and_asks_for_history() {
    let (_d, mut s) = demo();
    let now = Instant::now();
    let first = s.current.unwrap();
    let fx = key(&mut s, KeyCode::Char(']'), now);
    let second = s.current.unwrap();
    assert_ne!(first, second);
    assert_eq!(fx[0], Effect::Saver(ToSaver::History(second)));
    assert!(
        matches!(&fx[1..], [Effect::Library(Lookup { claim, .. })] if claim.id == second),
        "{fx:?}"
    );
    key(&mut s, KeyCode::Char('['), now);
    assert_eq!(s.current, Some(first));
    key(&mut s, KeyCode::Char('['), now);
    assert_eq!(s.current, Some(first), "stays on the first claim");
}

#[test]
fn search_as_you_type_drops_stale_results() {
    let (d, mut s) = demo();
    let now = Instant::now();
    key(&mut s, KeyCode::Char('2'), now);
    assert_eq!(s.focus, Focus::Sources);
    key(&mut s, KeyCode::Char('/'), now);
    let fx = chars(&mut s, "Pesk", now);
    let gens: Vec<u64> = fx
        .iter()
        .map(|e| match e {
            Effect::Searcher(ToSearcher::Search { gen, .. }) => *gen,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(gens.len(), 4);
    assert!(gens.windows(2).all(|w| w[0] < w[1]));
    let searcher = load_searcher(d.path());
    // The word being typed is completed: "Pesk" already finds Peskow, and marks it.
    let hits = searcher.search(&s.search.input, 10);
    assert!(!hits.is_empty());
    let marked: Vec<&str> = hits
        .iter()
        .flat_map(|h| h.marks.iter().map(|&(a, b)| &h.passage[a..b]))
        .collect();
    assert!(marked.iter().any(|m| m.starts_with("Peskow")), "{marked:?}");
    // An answer to an older query arrives late: ignored.
    update(
        &mut s,
        Msg::SearchDone {
            gen: gens[0],
            label: "old".into(),
            hits: vec![],
        },
        now,
    );
    assert!(s.search.busy);
    update(
        &mut s,
        Msg::SearchDone {
            gen: gens[3],
            label: "new".into(),
            hits: hits.clone(),
        },
        now,
    );
    assert_eq!(s.search.hits, hits);
    assert!(!s.search.busy);
}

#[test]
fn esc_with_keys_right_after_it_leaves_the_editor_and_runs_them() {
    // `Esc s s` in one read (over SSH) reaches crossterm as Alt-s, s: the editor must end
    // and both `s` must move the status on, not type "ss" into the explanation.
    let (_d, mut s) = demo();
    let t0 = Instant::now();
    key(&mut s, KeyCode::Char('e'), t0);
    chars(&mut s, "Belegt.", t0);
    let alt_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::ALT);
    let mut fx = update(&mut s, Msg::Key(alt_s), t0);
    assert!(s.editing().is_none(), "still editing");
    fx.extend(key(&mut s, KeyCode::Char('s'), t0));
    let texts: Vec<&str> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Saver(ToSaver::Job(Job::Text { text, .. })) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["Belegt."], "{fx:?}");
    let statuses = fx
        .iter()
        .filter(|e| matches!(e, Effect::Saver(ToSaver::Job(Job::Verdict { change, .. })) if change.status.is_some()))
        .count();
    assert_eq!(statuses, 2, "{fx:?}");
    // Finding in the article the same way: Esc leaves it, the key runs in the pane.
    key(&mut s, KeyCode::Char('1'), t0);
    key(&mut s, KeyCode::Char('/'), t0);
    assert_eq!(s.mode, Mode::Finding);
    let alt_3 = KeyEvent::new(KeyCode::Char('3'), KeyModifiers::ALT);
    update(&mut s, Msg::Key(alt_3), t0);
    assert_eq!((&s.mode, s.focus), (&Mode::Normal, Focus::Verdict));
}

#[test]
fn explanation_autosaves_after_a_quiet_moment_and_on_quit() {
    let (_d, mut s) = demo();
    let t0 = Instant::now();
    let id = s.current.unwrap();
    key(&mut s, KeyCode::Char('e'), t0);
    assert!(s.editing().is_some());
    chars(&mut s, "Belegt.", t0);
    assert!(update(&mut s, Msg::Tick, t0 + Duration::from_millis(100)).is_empty());
    let fx = update(&mut s, Msg::Tick, t0 + Duration::from_millis(500));
    match &fx[..] {
        [Effect::Saver(ToSaver::Job(Job::Text { id: i, text, .. }))] => {
            assert_eq!(*i, id);
            assert_eq!(text, "Belegt.");
        }
        other => panic!("{other:?}"),
    }
    chars(&mut s, " Mehr", t0);
    key(&mut s, KeyCode::Esc, t0);
    let fx = key(&mut s, KeyCode::Char('q'), t0);
    assert!(s.quit);
    assert_eq!(fx, vec![Effect::Quit], "Esc already saved");
}

#[test]
fn rating_and_attach_produce_save_jobs_that_land_on_disk() {
    let (d, mut s) = demo();
    let now = Instant::now();
    let id = s.current.unwrap();
    // Rating: r, down twice, Enter.
    key(&mut s, KeyCode::Char('r'), now);
    assert!(matches!(s.overlay(), Some(Overlay::Rating(_))));
    key(&mut s, KeyCode::Char('j'), now);
    key(&mut s, KeyCode::Char('j'), now);
    let fx = key(&mut s, KeyCode::Enter, now);
    let label = s.scale.ratings[1].label.clone();
    let mut jobs: Vec<Job> = fx
        .into_iter()
        .filter_map(|e| match e {
            Effect::Saver(ToSaver::Job(j)) => Some(j),
            _ => None,
        })
        .collect();
    // Suggest evidence, then attach the first passage as refuting.
    let fx = key(&mut s, KeyCode::Char('S'), now);
    let gen = match &fx[..] {
        [Effect::Searcher(ToSearcher::Suggest { gen, .. })] => *gen,
        other => panic!("{other:?}"),
    };
    let hits = load_searcher(d.path())
        .suggest(&s.claim().unwrap().text, 10)
        .hits;
    assert!(!hits.is_empty(), "the demo sources match the demo claim");
    update(
        &mut s,
        Msg::SearchDone {
            gen,
            label: String::new(),
            hits,
        },
        now,
    );
    key(&mut s, KeyCode::Char('a'), now);
    let fx = key(&mut s, KeyCode::Char('r'), now);
    for e in fx {
        if let Effect::Saver(ToSaver::Job(j)) = e {
            jobs.push(j);
        }
    }
    assert_eq!(jobs.len(), 2);
    let mut p = Saver::new(Project::open(d.path(), Access::Write).unwrap());
    for j in jobs {
        let done = p.run(j).unwrap();
        update(&mut s, Msg::Saved(Ok(done)), now);
    }
    let c = p.project().claim(id).unwrap();
    assert_eq!(c.verdict.rating, label);
    assert_eq!(c.verdict.evidence.len(), 1);
    assert_eq!(c.verdict.evidence[0].stance, Stance::Refutes);
    assert_eq!(s.claim().unwrap(), &c);
    // Undo restores the claim as it was before the attach.
    let fx = key(&mut s, KeyCode::Char('u'), now);
    let [Effect::Saver(ToSaver::Job(j))] = &fx[..] else {
        panic!("{fx:?}")
    };
    p.run(j.clone()).unwrap();
    assert!(p.project().claim(id).unwrap().verdict.evidence.is_empty());
}

#[test]
fn help_and_palette_overlays_open_and_close() {
    let (_d, mut s) = demo();
    let now = Instant::now();
    key(&mut s, KeyCode::Char('?'), now);
    assert!(matches!(s.overlay(), Some(Overlay::Help(_))));
    // At 80x24 the article's keys and the global ones do not fit: the help scrolls, and not
    // past its end.
    let help = |s: &State| match s.overlay() {
        Some(Overlay::Help(h)) => h.clone(),
        other => panic!("{other:?}"),
    };
    let (len, shown) = factdesk::tui::overlay::help::size(&s, &help(&s));
    assert!(len > shown, "{len} {shown}");
    key(&mut s, KeyCode::Char('G'), now);
    assert_eq!(help(&s).top, len - shown);
    key(&mut s, KeyCode::Char('j'), now);
    assert_eq!(help(&s).top, len - shown);
    key(&mut s, KeyCode::Char('k'), now);
    assert_eq!(help(&s).top, len - shown - 1);
    key(&mut s, KeyCode::Esc, now);
    assert_eq!(s.mode, Mode::Normal);
    // `?` in the reader shows the reader's keys and goes back to it.
    let doc = factdesk::tui::msg::ReaderDoc {
        source: "s".into(),
        title: "Quelle".into(),
        text: "Ein Satz. Noch einer.".into(),
        range: [0, 9],
        ..Default::default()
    };
    update(&mut s, Msg::Reader(Box::new(doc)), now);
    assert!(matches!(s.overlay(), Some(Overlay::Reader(_))));
    key(&mut s, KeyCode::Char('?'), now);
    assert_eq!(
        help(&s).of,
        factdesk::tui::keymap::Context::Reader,
        "{:?}",
        s.mode
    );
    key(&mut s, KeyCode::Esc, now);
    assert!(
        matches!(s.overlay(), Some(Overlay::Reader(_))),
        "{:?}",
        s.mode
    );
    key(&mut s, KeyCode::Esc, now);
    assert_eq!(s.mode, Mode::Normal);
    key(&mut s, KeyCode::Char(':'), now);
    chars(&mut s, "theme monochrome", now);
    key(&mut s, KeyCode::Enter, now);
    assert_eq!(s.theme.name, "monochrome");
    key(&mut s, KeyCode::Char(':'), now);
    chars(&mut s, "quit", now);
    let fx = key(&mut s, KeyCode::Enter, now);
    assert!(fx.contains(&Effect::Quit));
}

#[test]
fn read_only_state_refuses_edits() {
    let (_d, mut s) = demo();
    s.banner = Some("READ-ONLY".into());
    let now = Instant::now();
    let fx = key(&mut s, KeyCode::Char('s'), now);
    // Reading the verdict library is allowed; saving is not, but the saver is asked to take
    // the lock now (the other writer may be done).
    assert!(
        fx.iter()
            .all(|e| matches!(e, Effect::Library(_) | Effect::Saver(ToSaver::TakeLock))),
        "{fx:?}"
    );
    assert!(fx.contains(&Effect::Saver(ToSaver::TakeLock)), "{fx:?}");
    assert!(s.message.contains("read-only"));
}

#[test]
fn broken_theme_and_keys_files_name_file_and_line_and_keep_the_defaults() {
    use factdesk::tui::color::ColorDepth;
    use factdesk::tui::config;
    let (_d, mut s) = demo();
    let cfg_dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(cfg_dir.path().join("themes")).unwrap();
    std::fs::write(
        cfg_dir.path().join("themes/broken.toml"),
        "# mine\nmuted = \"gray\"\ncurrent = { fg = \"not-a-colour\" }\n",
    )
    .unwrap();
    std::fs::write(
        cfg_dir.path().join("themes/ok.toml"),
        "inherit = \"light\"\nmuted = \"#808080\"\n",
    )
    .unwrap();
    std::fs::write(
        cfg_dir.path().join("keys.toml"),
        "quit = \"Q\"\n[article]\nsplit-claim = \"s\"\nexplode = \"X\"\n",
    )
    .unwrap();
    std::fs::write(cfg_dir.path().join("config.toml"), "theme = \"broken\"\n").unwrap();
    let cfg = config::load(Some(cfg_dir.path()));
    let msgs: Vec<String> = cfg.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(cfg.errors.len(), 2, "{msgs:?}");
    assert!(msgs[0].ends_with("broken.toml:3: unknown colour \"not-a-colour\"; use a name (red, bright-blue, gray, default), an index 0-255 or #rrggbb"), "{msgs:?}");
    assert!(
        msgs[1].contains("keys.toml:4: unknown action \"explode\""),
        "{msgs:?}"
    );
    let errs = config::apply(&mut s, cfg, None, None, ColorDepth::Indexed256);
    assert_eq!(
        errs.len(),
        3,
        "the missing theme \"broken\" is the third: {errs:?}"
    );
    // The broken theme is not there, so the default is used; the good user theme is, with its
    // hex colour brought down to the 256-colour palette.
    assert_eq!(s.theme.name, "dark");
    let ok = s.themes.iter().find(|t| t.name == "ok").unwrap();
    assert_eq!(ok.muted.fg, Some(ratatui::style::Color::Indexed(244)));
    assert!(
        s.message
            .starts_with("config (+2 more): themes/broken.toml:3: unknown colour"),
        "{}",
        s.message
    );
    // keys.toml with an error is not applied at all.
    let now = Instant::now();
    key(&mut s, KeyCode::Char('Q'), now);
    assert!(!s.quit);
    // A broken TOML file: the line of the syntax error.
    std::fs::write(
        cfg_dir.path().join("keys.toml"),
        "quit = \"Q\"\n\nsplit-claim = [\"s\"\n",
    )
    .unwrap();
    let cfg = config::load(Some(cfg_dir.path()));
    assert!(
        cfg.errors[1].file.ends_with("keys.toml") && cfg.errors[1].line >= 3,
        "{:?}",
        cfg.errors
    );
}

#[test]
fn no_color_gives_monochrome_with_visible_selection() {
    use factdesk::tui::color::ColorDepth;
    use factdesk::tui::config::{self, Config};
    use ratatui::style::Modifier;
    let (_d, mut s) = demo();
    let errs = config::apply(
        &mut s,
        Config::default(),
        Some("light"),
        None,
        ColorDepth::None,
    );
    assert!(errs.is_empty());
    assert_eq!(s.theme.name, "monochrome");
    assert!(s.message.is_empty(), "{}", s.message);
    for st in [s.theme.current, s.theme.selection] {
        assert!(st.add_modifier.contains(Modifier::REVERSED));
        assert_eq!((st.fg, st.bg), (None, None));
    }
    // Not even a user's monochrome theme with colours in it.
    let mut cfg = Config::default();
    for t in cfg.themes.iter_mut().filter(|t| t.name == "monochrome") {
        t.current = t.current.fg(ratatui::style::Color::Red);
    }
    config::apply(&mut s, cfg, None, None, ColorDepth::None);
    assert_eq!(s.theme.current.fg, Some(ratatui::style::Color::Reset));
    // Switching themes cannot bring colour back.
    let now = Instant::now();
    key(&mut s, KeyCode::Char(':'), now);
    chars(&mut s, "theme dark", now);
    key(&mut s, KeyCode::Enter, now);
    assert_eq!(s.theme.name, "monochrome");
}

/// Run every save effect on the project, the way the saver thread does, and feed the answers
/// back.
fn run_saves(p: &mut Saver, s: &mut State, fx: Vec<Effect>) -> usize {
    let mut n = 0;
    for e in fx {
        if let Effect::Saver(ToSaver::Job(j)) = e {
            let done = p.run(j).unwrap();
            update(s, Msg::Saved(Ok(done)), Instant::now());
            n += 1;
        }
    }
    n
}

fn find(s: &mut State, needle: &str) {
    let now = Instant::now();
    key(s, KeyCode::Char('/'), now);
    chars(s, needle, now);
    key(s, KeyCode::Enter, now);
    let l = &s.articles[s.article].layout;
    assert_eq!(
        l.slice([
            s.article_pane.cursor,
            s.article_pane.cursor + needle.chars().count()
        ]),
        needle
    );
}

#[test]
fn visual_mode_makes_claims_from_characters_and_sentences_and_undo_removes_them() {
    let (d, mut s) = demo();
    let mut p = Saver::new(Project::open(d.path(), Access::Write).unwrap());
    let now = Instant::now();
    let before = p.project().load_claims().unwrap().claims.len();
    // Characters: v, five times right, Enter.
    find(&mut s, "Lawrow");
    key(&mut s, KeyCode::Char('v'), now);
    for _ in 0..5 {
        key(&mut s, KeyCode::Char('l'), now);
    }
    let fx = key(&mut s, KeyCode::Enter, now);
    assert!(s.visual().is_none());
    assert_eq!(run_saves(&mut p, &mut s, fx), 1);
    let new = s.claim().unwrap().clone();
    assert_eq!(new.text, "Lawrow");
    assert_eq!(p.project().claim(new.id).unwrap().text, "Lawrow");
    assert_eq!(p.project().load_claims().unwrap().claims.len(), before + 1);
    // Undo removes it from disk and from the screen.
    let fx = key(&mut s, KeyCode::Char('u'), now);
    assert_eq!(run_saves(&mut p, &mut s, fx), 1);
    assert!(p.project().claim(new.id).is_err());
    assert!(s.claims.iter().all(|c| c.id != new.id));
    assert!(s.current.is_some_and(|id| id != new.id));
    assert_eq!(p.project().load_claims().unwrap().claims.len(), before);

    // Sentences: V in the middle of a sentence selects all of it; `)` adds the next one.
    find(&mut s, "Außenminister Sergej");
    key(&mut s, KeyCode::Char('V'), now);
    let one = {
        let r = factdesk::tui::pane::article::visual::selection(&s).unwrap();
        s.articles[s.article].layout.slice(r).to_string()
    };
    assert!(one.starts_with("Der russische Außenminister"), "{one}");
    assert!(one.ends_with("vereinbart."), "{one}");
    key(&mut s, KeyCode::Char(')'), now);
    let fx = key(&mut s, KeyCode::Enter, now);
    assert_eq!(run_saves(&mut p, &mut s, fx), 1);
    let two = s.claim().unwrap().text.clone();
    assert!(two.starts_with(&one) && two.ends_with("bietet."), "{two}");

    // Esc cancels without an edit; a whitespace-only selection makes no claim.
    key(&mut s, KeyCode::Char('v'), now);
    key(&mut s, KeyCode::Char('w'), now);
    assert!(key(&mut s, KeyCode::Esc, now).is_empty());
    assert!(s.visual().is_none());
}

#[test]
fn split_at_the_cursor_and_undo_of_split_and_merge() {
    let (d, mut s) = demo();
    let mut p = Saver::new(Project::open(d.path(), Access::Write).unwrap());
    let now = Instant::now();
    let id = s.current.unwrap();
    let original = p.project().claim(id).unwrap();
    let words: Vec<&str> = original.text.split(' ').collect();
    // At the claim's start there is nothing to split off (a library lookup may go out).
    assert!(!key(&mut s, KeyCode::Char('x'), now)
        .iter()
        .any(|e| matches!(e, Effect::Saver(ToSaver::Job(_)))));
    assert!(
        s.message.contains("cursor inside the claim"),
        "{}",
        s.message
    );
    // Two words on, the split leaves the first two words in the claim.
    key(&mut s, KeyCode::Char('w'), now);
    key(&mut s, KeyCode::Char('w'), now);
    let fx = key(&mut s, KeyCode::Char('x'), now);
    assert_eq!(run_saves(&mut p, &mut s, fx), 1);
    let first = p.project().claim(id).unwrap();
    assert_eq!(first.text, format!("{} {}", words[0], words[1]));
    let second = s
        .claims
        .iter()
        .find(|c| c.text == words[2..].join(" "))
        .expect("the second part is a claim")
        .clone();
    assert_eq!(second.span[0], first.span[1]);
    // Undo joins them again.
    let fx = key(&mut s, KeyCode::Char('u'), now);
    assert_eq!(run_saves(&mut p, &mut s, fx), 1);
    assert_eq!(p.project().claim(id).unwrap().text, original.text);
    assert_eq!(p.project().claim(id).unwrap().span, original.span);
    assert!(p.project().claim(second.id).is_err());
    assert!(s.claims.iter().all(|c| c.id != second.id));
    assert_eq!(s.claim().unwrap().text, original.text);

    // Merge with the next claim, then undo: both come back as they were.
    let next = {
        let live: Vec<_> = s
            .claims
            .iter()
            .filter(|c| c.article == original.article)
            .collect();
        let i = live.iter().position(|c| c.id == id).unwrap();
        live[i + 1].clone()
    };
    let fx = key(&mut s, KeyCode::Char('m'), now);
    assert_eq!(run_saves(&mut p, &mut s, fx), 1);
    assert!(p.project().claim(next.id).is_err());
    assert_eq!(p.project().claim(id).unwrap().span[1], next.span[1]);
    let fx = key(&mut s, KeyCode::Char('u'), now);
    assert_eq!(run_saves(&mut p, &mut s, fx), 1);
    assert_eq!(p.project().claim(id).unwrap().text, original.text);
    let back = p.project().claim(next.id).unwrap();
    assert_eq!(
        (back.text.as_str(), back.span),
        (next.text.as_str(), next.span)
    );
    assert!(s.claims.iter().any(|c| c.id == next.id));
    assert_eq!(s.undo_depth, 0);
}

#[test]
fn the_view_follows_the_article_cursor_line_by_line() {
    let (_d, mut s) = demo();
    let now = Instant::now();
    key(&mut s, KeyCode::Char('g'), now);
    assert_eq!(
        (s.article_pane.cursor, s.article_pane.scroll),
        (0, Default::default())
    );
    let (w, h) = s.article_area();
    for _ in 0..h - 1 {
        key(&mut s, KeyCode::Char('j'), now);
    }
    assert_eq!(
        s.article_pane.scroll,
        Default::default(),
        "the cursor is on the last line shown"
    );
    assert!(s.article_pane.cursor > 0);
    key(&mut s, KeyCode::Char('j'), now);
    let l = &s.articles[s.article].layout;
    assert_eq!(
        s.article_pane.scroll,
        l.scroll_down(Default::default(), 1, w),
        "one line, not a jump"
    );
    key(&mut s, KeyCode::Char('G'), now);
    let l = s.articles[s.article].layout.clone();
    assert_eq!(s.article_pane.scroll, l.bottom(w, h));
    assert_eq!(s.article_pane.cursor, l.char_len() - 1);
    key(&mut s, KeyCode::Char('k'), now);
    assert_eq!(
        s.article_pane.scroll,
        l.bottom(w, h),
        "moving up inside the screen does not scroll"
    );
}

fn earlier(rating: &str, reusable: Option<&str>, url: &str) -> Earlier {
    Earlier {
        entry: factdesk_index::library::LibraryEntry {
            origin: "claimreview:/checks.json#1".into(),
            claim: "Nordkorea hat Russland Waffen geliefert.".into(),
            rating: rating.into(),
            explanation: String::new(),
            date: "2023-10-20".into(),
            url: url.into(),
            publisher: "Anderer Faktencheck".into(),
            claimant: String::new(),
            lang: factdesk_index::Lang::De,
        },
        similarity: 0.81,
        reusable: reusable.map(str::to_string),
    }
}

fn lookup_gen(fx: &[Effect]) -> Option<(u64, u32)> {
    fx.iter().find_map(|e| match e {
        Effect::Library(Lookup { gen, claim }) => Some((*gen, claim.id)),
        _ => None,
    })
}

#[test]
fn library_lookups_follow_the_claim_and_stale_answers_are_dropped() {
    let (_d, mut s) = demo();
    let now = Instant::now();
    let first = s.current.unwrap();
    // The first message of the session asks about the claim shown.
    let (g1, id) = lookup_gen(&update(&mut s, Msg::Tick, now)).expect("a lookup");
    assert_eq!(id, first);
    assert!(s.library.busy);
    // Nothing changed: no second lookup.
    assert_eq!(lookup_gen(&update(&mut s, Msg::Tick, now)), None);
    let (g2, id2) = lookup_gen(&key(&mut s, KeyCode::Char(']'), now)).expect("a lookup");
    assert!(g2 > g1);
    assert_ne!(id2, first);
    // The answer for the claim we left arrives late: ignored.
    let stale = vec![earlier("Falsch", Some("Falsch"), "https://x.example/old")];
    update(
        &mut s,
        Msg::LibraryDone {
            gen: g1,
            result: Ok(stale),
        },
        now,
    );
    assert!(s.library.matches.is_empty() && s.library.busy);
    let fresh = vec![
        earlier("Falsch", Some("Falsch"), "https://x.example/a"),
        earlier("Pants on Fire", None, "https://x.example/b"),
    ];
    update(
        &mut s,
        Msg::LibraryDone {
            gen: g2,
            result: Ok(fresh.clone()),
        },
        now,
    );
    assert_eq!(s.library.matches, fresh);
    assert!(!s.library.busy);
    // L selects the next match, wrapping.
    key(&mut s, KeyCode::Char('L'), now);
    assert_eq!(s.library.sel, 1);
    key(&mut s, KeyCode::Char('L'), now);
    assert_eq!(s.library.sel, 0);
    // A failed lookup says why instead of showing matches.
    let (g3, _) = lookup_gen(&key(&mut s, KeyCode::Char(']'), now)).expect("a lookup");
    update(
        &mut s,
        Msg::LibraryDone {
            gen: g3,
            result: Err("library damaged".into()),
        },
        now,
    );
    assert_eq!(s.library.problem.as_deref(), Some("library damaged"));
    let fx = key(&mut s, KeyCode::Char('R'), now);
    assert!(
        fx.iter()
            .all(|e| !matches!(e, Effect::Saver(ToSaver::Job(_)))),
        "{fx:?}"
    );
    assert!(s.message.contains("no earlier verdict"), "{}", s.message);
}

#[test]
fn reusing_an_earlier_verdict_is_one_undoable_save() {
    let (d, mut s) = demo();
    let now = Instant::now();
    let id = s.current.unwrap();
    let (gen, _) = lookup_gen(&update(&mut s, Msg::Tick, now)).unwrap();
    let matches = vec![
        earlier("Pants on Fire", None, "https://x.example/b"),
        earlier("falsch", Some("Falsch"), "https://x.example/a"),
    ];
    update(
        &mut s,
        Msg::LibraryDone {
            gen,
            result: Ok(matches),
        },
        now,
    );
    let mut p = Saver::new(Project::open(d.path(), Access::Write).unwrap());
    let before = p.project().claim(id).unwrap();

    // A label this scale does not have: only the note, and the status line says so.
    let fx = key(&mut s, KeyCode::Char('R'), now);
    let [Effect::Saver(ToSaver::Job(j @ Job::ReuseVerdict { rating: None, .. }))] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert!(s.message.contains("not on the"), "{}", s.message);
    let done = p.run(j.clone()).unwrap();
    update(&mut s, Msg::Saved(Ok(done)), now);
    let c = p.project().claim(id).unwrap();
    assert_eq!(c.verdict.rating, before.verdict.rating);
    assert!(
        c.verdict.notes.contains("https://x.example/b"),
        "{}",
        c.verdict.notes
    );

    // The second match maps onto the scale: rating and link in one save.
    key(&mut s, KeyCode::Char('L'), now);
    let fx = key(&mut s, KeyCode::Char('R'), now);
    let [Effect::Saver(ToSaver::Job(j))] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert_eq!(
        j,
        &Job::ReuseVerdict {
            id,
            rating: Some("Falsch".into()),
            note: "Earlier verdict: falsch (Anderer Faktencheck), 2023-10-20, https://x.example/a, similarity 0.81".into(),
        }
    );
    let done = p.run(j.clone()).unwrap();
    update(&mut s, Msg::Saved(Ok(done)), now);
    let c = p.project().claim(id).unwrap();
    assert_eq!(c.verdict.rating, "Falsch");
    assert!(c.verdict.notes.contains("https://x.example/a"));
    assert!(
        c.verdict.notes.contains("https://x.example/b"),
        "earlier note kept"
    );
    // Reusing the same verdict again changes nothing.
    let fx = key(&mut s, KeyCode::Char('R'), now);
    assert!(
        fx.iter()
            .all(|e| !matches!(e, Effect::Saver(ToSaver::Job(_)))),
        "{fx:?}"
    );

    // One undo takes back rating and note together.
    let fx = key(&mut s, KeyCode::Char('u'), now);
    let [Effect::Saver(ToSaver::Job(j))] = &fx[..] else {
        panic!("{fx:?}")
    };
    p.run(j.clone()).unwrap();
    let c = p.project().claim(id).unwrap();
    assert_eq!(c.verdict.rating, before.verdict.rating);
    assert!(!c.verdict.notes.contains("https://x.example/a"));
    assert!(c.verdict.notes.contains("https://x.example/b"));
}

#[test]
fn the_palette_jumps_to_a_claim_by_number() {
    let (_d, mut s) = demo();
    let now = Instant::now();
    let last = s.claims.iter().map(|c| c.id).max().unwrap();
    assert_ne!(s.current, Some(last));
    for line in [format!("{last}"), format!("claim {last}")] {
        s.select_claim(s.claims[0].id);
        key(&mut s, KeyCode::Char(':'), now);
        chars(&mut s, &line, now);
        let fx = key(&mut s, KeyCode::Enter, now);
        assert_eq!(s.current, Some(last), ":{line}");
        assert!(fx.contains(&Effect::history(last)), ":{line} {fx:?}");
    }
    key(&mut s, KeyCode::Char(':'), now);
    chars(&mut s, "9999", now);
    key(&mut s, KeyCode::Enter, now);
    assert_eq!(s.current, Some(last));
    assert_eq!(s.message, "no claim 9999");
}

#[test]
fn counts_of_passages_are_singular_for_one() {
    use factdesk::tui::workers::searcher::passages;
    assert_eq!(passages(1, ""), "1 passage");
    assert_eq!(passages(0, ""), "0 passages");
    assert_eq!(passages(3, "suggested "), "3 suggested passages");
}

#[test]
fn the_palette_adds_sources_through_the_saver_and_the_searcher_reloads() {
    let (_d, mut s) = demo();
    let now = Instant::now();
    let palette = |s: &mut State, line: &str| {
        key(s, KeyCode::Char(':'), now);
        chars(s, line, now);
        key(s, KeyCode::Enter, now)
    };
    // Without anything to add: how to use it, and no work for any worker.
    assert!(palette(&mut s, "add").is_empty());
    assert!(s.message.starts_with("add URL/PATH..."), "{}", s.message);
    // URLs and paths go to the fetcher as typed (then to the saver); nothing is fetched here.
    let fx = palette(&mut s, "add http://127.0.0.1:9/a ./notes");
    let want = vec!["http://127.0.0.1:9/a".to_string(), "./notes".to_string()];
    assert_eq!(fx, vec![Effect::Fetch { id: 1, args: want }]);
    assert!(s.message.starts_with("adding 2 sources"), "{}", s.message);
    assert_eq!(s.adding.len(), 1);
    // Done with nothing new: said, and the index is left alone.
    let fx = update(
        &mut s,
        Msg::SourcesAdded {
            id: 1,
            summary: "nothing added; http://127.0.0.1:9/a: HTTP 404 Not Found".into(),
            changed: false,
        },
        now,
    );
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Searcher(_))),
        "{fx:?}"
    );
    assert!(s.message.contains("HTTP 404"), "{}", s.message);
    assert!(s.adding.is_empty(), "answered: no longer adding");
    // New sources: the searcher reopens the index, then the search typed before runs again.
    s.focus = Focus::Sources;
    key(&mut s, KeyCode::Char('/'), now);
    chars(&mut s, "Hafen", now);
    key(&mut s, KeyCode::Esc, now);
    let gen = s.search.gen;
    let fx = update(
        &mut s,
        Msg::SourcesAdded {
            id: 1,
            summary: "added 1 source".into(),
            changed: true,
        },
        now,
    );
    let reload = fx
        .iter()
        .position(|e| *e == Effect::Searcher(ToSearcher::Reload));
    let search = fx.iter().position(|e| {
        matches!(e, Effect::Searcher(ToSearcher::Search { gen: g, query }) if *g == gen + 1 && query == "Hafen")
    });
    assert!(reload.is_some() && search > reload, "{fx:?}");
    assert_eq!(s.message, "added 1 source");
}

#[test]
fn a_read_only_workstation_does_not_add_sources() {
    let (_d, mut s) = demo();
    let now = Instant::now();
    s.banner = Some("READ-ONLY: held by someone else".into());
    key(&mut s, KeyCode::Char(':'), now);
    chars(&mut s, "add http://127.0.0.1:9/a", now);
    let fx = key(&mut s, KeyCode::Enter, now);
    assert!(
        !fx.iter().any(|e| matches!(
            e,
            Effect::Fetch { .. } | Effect::Saver(ToSaver::AddSources { .. })
        )),
        "{fx:?}"
    );
    assert!(s.message.starts_with("read-only"), "{}", s.message);
}

/// The reader as a user meets it: opened from a suggested passage on a real demo source.
fn open_reader_on_a_suggestion(d: &std::path::Path, s: &mut State, now: Instant) {
    let fx = key(s, KeyCode::Char('S'), now);
    let gen = fx
        .iter()
        .find_map(|e| match e {
            Effect::Searcher(ToSearcher::Suggest { gen, .. }) => Some(*gen),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{fx:?}"));
    let mut searcher = load_searcher(d);
    let hits = searcher.suggest(&s.claim().unwrap().text, 10).hits;
    assert!(!hits.is_empty());
    let label = String::new();
    update(s, Msg::SearchDone { gen, label, hits }, now);
    let hit = s.search.hits[s.search.sel].clone();
    let fx = key(s, KeyCode::Enter, now);
    let [Effect::Searcher(ToSearcher::Open { source, range })] = &fx[..] else {
        panic!("{fx:?}")
    };
    // It opens at the sentences holding the matches, not at the passage's first line.
    assert_eq!(
        *range,
        factdesk::tui::pane::sources::matched_sentences(&hit).range
    );
    let (title, provenance, text) = searcher.open_source(source).unwrap();
    let doc = factdesk::tui::msg::ReaderDoc {
        source: source.clone(),
        title,
        provenance,
        text,
        range: *range,
    };
    update(s, Msg::Reader(Box::new(doc)), now);
}

fn reader(s: &State) -> factdesk::tui::overlay::reader::Reader {
    match s.overlay() {
        Some(Overlay::Reader(r)) => (**r).clone(),
        other => panic!("not in the reader: {other:?}"),
    }
}

#[test]
fn the_reader_selects_a_quote_by_character_or_sentence_and_attaches_it() {
    let (d, mut s) = demo();
    let now = Instant::now();
    let id = s.current.unwrap();
    s.focus = Focus::Sources;
    open_reader_on_a_suggestion(d.path(), &mut s, now);
    let r = reader(&s);
    assert_eq!(r.cursor, r.range[0], "the cursor starts at the passage");
    let at_cursor = r.text.slice(r.text.sentence_at(r.cursor)).to_lowercase();
    let hit = &s.search.hits[s.search.sel];
    let (a, b) = hit.marks[0];
    let matched = hit.passage[a..b].to_lowercase();
    assert!(
        at_cursor.contains(&matched),
        "{matched:?} not in {at_cursor:?}"
    );
    let mut saver = Saver::new(Project::open(d.path(), Access::Write).unwrap());
    // By character: two words from the cursor's word on.
    key(&mut s, KeyCode::Char('v'), now);
    chars(&mut s, "ww", now);
    let r = reader(&s);
    let span = r.quote_span().unwrap();
    let words = r.text.slice(span).to_string();
    assert!(words.split_whitespace().count() >= 2, "{words:?}");
    // `w` stops on the next word's first letter; the quote takes whole words, never a cut one.
    let after = r.text.slice([span[1], span[1] + 1]).to_string();
    assert!(
        !after.chars().all(char::is_alphanumeric),
        "{words:?} then {after:?}"
    );
    let before = r
        .text
        .slice([span[0].saturating_sub(1), span[0]])
        .to_string();
    assert!(
        span[0] == 0 || !before.chars().all(char::is_alphanumeric),
        "{before:?}"
    );
    key(&mut s, KeyCode::Char('a'), now);
    assert!(
        matches!(s.overlay(), Some(Overlay::Stance(_))),
        "{:?}",
        s.mode
    );
    let fx = key(&mut s, KeyCode::Char('s'), now);
    assert_eq!(run_saves(&mut saver, &mut s, fx), 1);
    let r = reader(&s);
    assert!(r.visual.is_none(), "back in the reader, the selection done");
    // By sentence: `V` at the cursor, one sentence on; attached as context.
    key(&mut s, KeyCode::Char('V'), now);
    key(&mut s, KeyCode::Char(')'), now);
    let r = reader(&s);
    let two = r.text.slice(r.quote_span().unwrap()).to_string();
    key(&mut s, KeyCode::Char('a'), now);
    let fx = key(&mut s, KeyCode::Char('c'), now);
    assert_eq!(run_saves(&mut saver, &mut s, fx), 1);
    // No selection: the sentence at the cursor.
    key(&mut s, KeyCode::Char(')'), now);
    let r = reader(&s);
    let one = r
        .text
        .slice(r.text.sentence_at(r.cursor))
        .trim()
        .to_string();
    key(&mut s, KeyCode::Char('a'), now);
    let fx = key(&mut s, KeyCode::Char('r'), now);
    assert_eq!(run_saves(&mut saver, &mut s, fx), 1);
    let c = saver.project().claim(id).unwrap();
    let got: Vec<(&str, Stance)> = c
        .verdict
        .evidence
        .iter()
        .map(|e| (e.quote.as_str(), e.stance))
        .collect();
    assert_eq!(
        got,
        [
            (words.as_str(), Stance::Supports),
            (two.as_str(), Stance::Context),
            (one.as_str(), Stance::Refutes)
        ]
    );
    // Each quote is the source's own text at the range stored with it.
    let text = reader(&s).text.text.clone();
    for e in &c.verdict.evidence {
        assert!(!e.unverified, "{e:?}");
        let r = e.range.expect("a range");
        let at: String = text.chars().skip(r[0]).take(r[1] - r[0]).collect();
        assert_eq!(at, e.quote);
    }
    // Esc cancels a selection first, then closes the reader.
    key(&mut s, KeyCode::Char('v'), now);
    key(&mut s, KeyCode::Esc, now);
    assert!(reader(&s).visual.is_none());
    key(&mut s, KeyCode::Esc, now);
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn the_reader_keeps_its_cursor_on_screen_at_every_size() {
    for size in [(80, 24), (200, 50), (40, 12)] {
        let (d, mut s) = demo();
        let now = Instant::now();
        update(&mut s, Msg::Resize(size.0, size.1), now);
        s.focus = Focus::Sources;
        open_reader_on_a_suggestion(d.path(), &mut s, now);
        let visible = |s: &State| {
            let r = reader(s);
            let (w, h) = factdesk::tui::overlay::reader::text_view(s.size, &r);
            let vis = r.text.visible(r.scroll, w, h);
            let (a, b) = (vis.first().unwrap(), vis.last().unwrap());
            r.cursor >= a.char_start && r.cursor <= b.char_end
        };
        assert!(visible(&s), "{size:?} at opening");
        for (k, n) in [
            ('j', 60),
            ('k', 90),
            ('G', 1),
            (' ', 3),
            ('g', 1),
            (')', 12),
        ] {
            for _ in 0..n {
                key(&mut s, KeyCode::Char(k), now);
                assert!(visible(&s), "{size:?} after {k}");
            }
        }
    }
}

#[test]
fn the_manifest_sets_the_project_theme_unless_the_user_chose_one() {
    use factdesk::tui::color::ColorDepth;
    use factdesk::tui::config::{self, Config};
    let (d, _) = demo();
    let manifest = d.path().join("factdesk.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let with_theme = text.replacen("\n[", "\ntheme = \"light\"\n\n[", 1);
    std::fs::write(&manifest, &with_theme).unwrap();
    let p = Project::open(d.path(), Access::ReadOnly).unwrap();
    assert_eq!(p.manifest().theme.as_deref(), Some("light"));
    let mut s = load_state(&p).unwrap();
    let project = p.manifest().theme.as_deref();
    let depth = ColorDepth::Indexed256;
    config::apply(&mut s, Config::default(), None, project, depth);
    assert_eq!(s.theme.name, "light");
    // The user's config.toml, then `--theme`, win over the project's choice.
    let cfg_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        cfg_dir.path().join("config.toml"),
        "theme = \"high-contrast\"\n",
    )
    .unwrap();
    let cfg = config::load(Some(cfg_dir.path()));
    config::apply(&mut s, cfg, None, project, depth);
    assert_eq!(s.theme.name, "high-contrast");
    let cfg = config::load(Some(cfg_dir.path()));
    config::apply(&mut s, cfg, Some("monochrome"), project, depth);
    assert_eq!(s.theme.name, "monochrome");
    // An unknown name in the manifest is said, and the default is used.
    let errs = config::apply(&mut s, Config::default(), None, Some("neon"), depth);
    assert_eq!(s.theme.name, "dark");
    assert!(
        s.message.contains("no theme \"neon\""),
        "{} {errs:?}",
        s.message
    );
    // Writing the manifest back keeps the setting.
    let m = factdesk::project::manifest::Manifest::parse(&with_theme).unwrap();
    assert!(m.to_toml().contains("theme = \"light\""), "{}", m.to_toml());
}

#[test]
fn a_read_only_workstation_asks_for_the_lock_and_becomes_writable() {
    let (_d, mut s) = demo();
    let now = Instant::now();
    s.banner = Some("READ-ONLY: anna on desk-3 (pid 405) is editing this project".into());
    // Any edit asks the saver to try the lock at once; no job goes out.
    let enter = KeyCode::Enter;
    for keys in [
        vec![KeyCode::Char('e')],
        vec![KeyCode::Char('s')],
        vec![KeyCode::Char('r'), enter],
    ] {
        let fx: Vec<Effect> = keys.iter().flat_map(|k| key(&mut s, *k, now)).collect();
        assert!(
            fx.contains(&Effect::Saver(ToSaver::TakeLock)),
            "{keys:?}: {fx:?}"
        );
        assert!(
            !fx.iter()
                .any(|e| matches!(e, Effect::Saver(ToSaver::Job(_)))),
            "{keys:?}: {fx:?}"
        );
        key(&mut s, KeyCode::Esc, now);
    }
    update(&mut s, Msg::LockHeld("READ-ONLY: ben holds it".into()), now);
    assert_eq!(s.banner.as_deref(), Some("READ-ONLY: ben holds it"));
    assert!(s.message.starts_with("still read-only"), "{}", s.message);
    // The lock was free: writable, with the claims as the other writer left them.
    let mut claims = s.claims.clone();
    let gone = claims.pop().unwrap().id;
    claims[0].verdict.explanation = "vom Kollegen gespeichert".into();
    let first = claims[0].id;
    update(&mut s, Msg::LockTaken(claims), now);
    assert!(s.banner.is_none());
    assert!(
        s.message.contains("can edit the project now"),
        "{}",
        s.message
    );
    assert!(!s.claims.iter().any(|c| c.id == gone));
    let c = s.claims.iter().find(|c| c.id == first).unwrap();
    assert_eq!(c.verdict.explanation, "vom Kollegen gespeichert");
    let fx = key(&mut s, KeyCode::Char('s'), now);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Saver(ToSaver::Job(_)))),
        "{fx:?}"
    );
}

#[test]
fn q_while_sources_are_added_asks_first_and_names_them() {
    let (_d, mut s) = demo();
    let now = Instant::now();
    key(&mut s, KeyCode::Char(':'), now);
    chars(&mut s, "add http://127.0.0.1:9/langsam", now);
    key(&mut s, KeyCode::Enter, now);
    let fx = key(&mut s, KeyCode::Char('q'), now);
    assert!(!fx.contains(&Effect::Quit), "{fx:?}");
    assert!(s.message.starts_with("q again quits"), "{}", s.message);
    assert!(
        s.message
            .contains("abandons adding http://127.0.0.1:9/langsam"),
        "{}",
        s.message
    );
    let fx = key(&mut s, KeyCode::Char('q'), now);
    assert!(fx.contains(&Effect::Quit), "{fx:?}");
    // Once the add is answered, q quits at once.
    let (_d, mut s) = demo();
    key(&mut s, KeyCode::Char(':'), now);
    chars(&mut s, "add ./notiz.txt", now);
    key(&mut s, KeyCode::Enter, now);
    key(&mut s, KeyCode::Char('q'), now);
    update(
        &mut s,
        Msg::SourcesAdded {
            id: 1,
            summary: "added 1 source".into(),
            changed: true,
        },
        now,
    );
    let fx = key(&mut s, KeyCode::Char('q'), now);
    assert!(fx.contains(&Effect::Quit), "{fx:?}");
}

#[test]
fn removing_evidence_says_what_went_and_how_to_get_it_back() {
    use factdesk::project::claim::Evidence;
    let (_d, mut s) = demo();
    let now = Instant::now();
    let id = s.current.unwrap();
    let quote = "Nordkorea liefert nach Angaben der Geheimdienste Granaten und Raketen";
    s.claim_mut().unwrap().verdict.evidence.push(Evidence {
        source: "0636d6bf00f2919896a24cb221de8ea34ee20f23969dc584828367f3c0b6a1c0".into(),
        captured_at: None,
        quote: quote.into(),
        range: Some([0, quote.chars().count()]),
        unverified: false,
        stance: Stance::Refutes,
        note: String::new(),
    });
    key(&mut s, KeyCode::Char('3'), now);
    let fx = key(&mut s, KeyCode::Char('x'), now);
    assert!(
        fx.contains(&Effect::save(Job::RemoveEvidence { id, n: 1 })),
        "{fx:?}"
    );
    assert!(
        s.message.starts_with(&format!(
            "removed evidence 1 of claim {id} („Nordkorea liefert"
        )),
        "{}",
        s.message
    );
    assert!(s.message.contains("source 0636d6bf"), "{}", s.message);
    assert!(s.message.ends_with("u brings it back"), "{}", s.message);
}

#[test]
fn a_pasted_query_nested_too_deeply_is_searched_by_its_words_and_says_so() {
    let (d, _s) = demo();
    let searcher = load_searcher(d.path());
    for (query, words) in [
        ("(".repeat(2000), false),
        (
            format!("{}Peskow{}", "(".repeat(2000), ")".repeat(2000)),
            true,
        ),
        (format!("{} Peskow", "NOT ".repeat(3000)), true),
    ] {
        let (hits, note) = searcher.search_noting(&query, 10);
        let note = note.unwrap_or_else(|| panic!("no word for {} characters", query.len()));
        assert!(note.contains("levels deep"), "{note}");
        assert!(note.contains("at most 64"), "{note}");
        assert_eq!(!hits.is_empty(), words, "{note}");
    }
    // An ordinary query, also a half-typed one, says nothing besides its hits.
    for q in ["Peskow", "(Peskow", "\"Kreml"] {
        assert_eq!(searcher.search_noting(q, 10).1, None, "{q}");
    }
}

#[test]
fn emptying_the_claim_text_says_why_the_old_text_stays() {
    let (_d, mut s) = demo();
    let now = Instant::now();
    let before = s.claim().unwrap().text.clone();
    key(&mut s, KeyCode::Char('E'), now);
    assert!(matches!(s.mode, Mode::Editing(_)), "{:?}", s.mode);
    key(&mut s, KeyCode::End, now);
    let mut fx = Vec::new();
    for _ in 0..before.chars().count() + 5 {
        fx.extend(key(&mut s, KeyCode::Backspace, now));
    }
    fx.extend(key(&mut s, KeyCode::Esc, now));
    assert!(s.message.contains("cannot be empty"), "{}", s.message);
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::Saver(ToSaver::Job(_)))),
        "{fx:?}"
    );
    assert_eq!(s.claim().unwrap().text, before);
}
