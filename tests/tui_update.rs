//! The workstation's update logic, driven without a terminal on the real demo project:
//! keys in, effects out; save jobs run through the same worker code the app uses.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use factdesk::project::claim::Stance;
use factdesk::project::{Access, Project};
use factdesk::tui::library::Earlier;
use factdesk::tui::run::load_state;
use factdesk::tui::state::{Focus, Overlay, State};
use factdesk::tui::update::{update, Effect, Job, Msg};
use factdesk::tui::workers::{load_searcher, run_job};

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
    assert_eq!(fx[0], Effect::History(second));
    assert!(
        matches!(&fx[1..], [Effect::LibraryLookup { claim, .. }] if claim.id == second),
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
            Effect::Search { gen, .. } => *gen,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(gens.len(), 4);
    assert!(gens.windows(2).all(|w| w[0] < w[1]));
    let searcher = load_searcher(d.path());
    let hits = searcher.search("Peskow", 10);
    assert!(!hits.is_empty());
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
fn explanation_autosaves_after_a_quiet_moment_and_on_quit() {
    let (_d, mut s) = demo();
    let t0 = Instant::now();
    let id = s.current.unwrap();
    key(&mut s, KeyCode::Char('e'), t0);
    assert!(s.editing.is_some());
    chars(&mut s, "Belegt.", t0);
    assert!(update(&mut s, Msg::Tick, t0 + Duration::from_millis(100)).is_empty());
    let fx = update(&mut s, Msg::Tick, t0 + Duration::from_millis(500));
    match &fx[..] {
        [Effect::Save(Job::Verdict { id: i, change })] => {
            assert_eq!(*i, id);
            assert_eq!(change.explanation.as_deref(), Some("Belegt."));
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
    assert!(matches!(s.overlay, Overlay::Rating { .. }));
    key(&mut s, KeyCode::Char('j'), now);
    key(&mut s, KeyCode::Char('j'), now);
    let fx = key(&mut s, KeyCode::Enter, now);
    let label = s.scale.ratings[1].label.clone();
    let mut jobs: Vec<Job> = fx
        .into_iter()
        .filter_map(|e| match e {
            Effect::Save(j) => Some(j),
            _ => None,
        })
        .collect();
    // Suggest evidence, then attach the first passage as refuting.
    let fx = key(&mut s, KeyCode::Char('S'), now);
    let gen = match &fx[..] {
        [Effect::Suggest { gen, .. }] => *gen,
        other => panic!("{other:?}"),
    };
    let hits = load_searcher(d.path()).suggest(&s.claim().unwrap().text, 10);
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
        if let Effect::Save(j) = e {
            jobs.push(j);
        }
    }
    assert_eq!(jobs.len(), 2);
    let mut p = Project::open(d.path(), Access::Write).unwrap();
    for j in jobs {
        let done = run_job(&mut p, j).unwrap();
        update(&mut s, Msg::Saved(Ok(done)), now);
    }
    let c = p.claim(id).unwrap();
    assert_eq!(c.verdict.rating, label);
    assert_eq!(c.verdict.evidence.len(), 1);
    assert_eq!(c.verdict.evidence[0].stance, Stance::Refutes);
    assert_eq!(s.claim().unwrap(), &c);
    // Undo restores the claim as it was before the attach.
    let fx = key(&mut s, KeyCode::Char('u'), now);
    let [Effect::Save(j)] = &fx[..] else {
        panic!("{fx:?}")
    };
    run_job(&mut p, j.clone()).unwrap();
    assert!(p.claim(id).unwrap().verdict.evidence.is_empty());
}

#[test]
fn help_and_palette_overlays_open_and_close() {
    let (_d, mut s) = demo();
    let now = Instant::now();
    key(&mut s, KeyCode::Char('?'), now);
    assert_eq!(s.overlay, Overlay::Help);
    key(&mut s, KeyCode::Esc, now);
    assert_eq!(s.overlay, Overlay::None);
    key(&mut s, KeyCode::Char(':'), now);
    chars(&mut s, "theme mono", now);
    key(&mut s, KeyCode::Enter, now);
    assert_eq!(s.theme.name, "mono");
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
    // Reading the verdict library is allowed; saving is not.
    assert!(
        fx.iter().all(|e| matches!(e, Effect::LibraryLookup { .. })),
        "{fx:?}"
    );
    assert!(s.message.contains("read-only"));
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
        Effect::LibraryLookup { gen, claim } => Some((*gen, claim.id)),
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
    assert!(fx.iter().all(|e| !matches!(e, Effect::Save(_))), "{fx:?}");
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
    let mut p = Project::open(d.path(), Access::Write).unwrap();
    let before = p.claim(id).unwrap();

    // A label this scale does not have: only the note, and the status line says so.
    let fx = key(&mut s, KeyCode::Char('R'), now);
    let [Effect::Save(j @ Job::ReuseVerdict { rating: None, .. })] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert!(s.message.contains("not on the"), "{}", s.message);
    let done = run_job(&mut p, j.clone()).unwrap();
    update(&mut s, Msg::Saved(Ok(done)), now);
    let c = p.claim(id).unwrap();
    assert_eq!(c.verdict.rating, before.verdict.rating);
    assert!(
        c.verdict.notes.contains("https://x.example/b"),
        "{}",
        c.verdict.notes
    );

    // The second match maps onto the scale: rating and link in one save.
    key(&mut s, KeyCode::Char('L'), now);
    let fx = key(&mut s, KeyCode::Char('R'), now);
    let [Effect::Save(j)] = &fx[..] else {
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
    let done = run_job(&mut p, j.clone()).unwrap();
    update(&mut s, Msg::Saved(Ok(done)), now);
    let c = p.claim(id).unwrap();
    assert_eq!(c.verdict.rating, "Falsch");
    assert!(c.verdict.notes.contains("https://x.example/a"));
    assert!(
        c.verdict.notes.contains("https://x.example/b"),
        "earlier note kept"
    );
    // Reusing the same verdict again changes nothing.
    let fx = key(&mut s, KeyCode::Char('R'), now);
    assert!(fx.iter().all(|e| !matches!(e, Effect::Save(_))), "{fx:?}");

    // One undo takes back rating and note together.
    let fx = key(&mut s, KeyCode::Char('u'), now);
    let [Effect::Save(j)] = &fx[..] else {
        panic!("{fx:?}")
    };
    run_job(&mut p, j.clone()).unwrap();
    let c = p.claim(id).unwrap();
    assert_eq!(c.verdict.rating, before.verdict.rating);
    assert!(!c.verdict.notes.contains("https://x.example/a"));
    assert!(c.verdict.notes.contains("https://x.example/b"));
}
