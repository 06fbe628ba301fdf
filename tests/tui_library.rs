//! The verdict library in the workstation with a real library index in a temp data dir
//! (FACTDESK_DATA_DIR): one desk project's verdict is filed, another project checking the
//! same article sees it through the library worker, reuses it, and the saver files the
//! reuse. One test, because the data dir is set for the whole process.

use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use factdesk::edit::{self, VerdictChange};
use factdesk::library::{self, Filed};
use factdesk::project::{Access, Project};
use factdesk::tui::msg::{Effect, Job, Lookup, Msg, ToSaver};
use factdesk::tui::run::load_state;
use factdesk::tui::state::State;
use factdesk::tui::update::update;
use factdesk::tui::workers::{spawn_library as spawn_worker, spawn_saver};
use factdesk_index::library::VerdictLibrary;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn recv(rx: &Receiver<Msg>) -> Msg {
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the worker answers")
}

fn screen(s: &State) -> String {
    let mut t = Terminal::new(TestBackend::new(140, 45)).unwrap();
    t.draw(|f| factdesk::tui::view::draw(f, s)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..45 {
        for x in 0..140 {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn press(s: &mut State, c: char) -> Vec<Effect> {
    update(
        s,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        Instant::now(),
    )
}

/// The demo project, filing into the library like any desk project (the demo itself opts out).
fn filing_demo(dir: &std::path::Path) {
    factdesk::demo::ensure(dir).unwrap();
    let manifest = dir.join("factdesk.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    assert!(text.contains("file = false"), "{text}");
    std::fs::write(&manifest, text.replace("file = false", "file = true")).unwrap();
}

#[test]
fn earlier_verdict_is_found_reused_and_the_reuse_filed() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::env::set_var("FACTDESK_DATA_DIR", &data);

    // Project A rates the claim; filing it (as `verdict set` and the saver do) writes the
    // library, and filing it unchanged again writes nothing.
    let a_dir = tmp.path().join("a");
    filing_demo(&a_dir);
    let id = {
        let p = Project::open(&a_dir, Access::ReadOnly).unwrap();
        load_state(&p)
            .unwrap()
            .current
            .expect("the demo has claims")
    };
    {
        let mut a = Project::open(&a_dir, Access::Write).unwrap();
        let c = edit::set_verdict(
            &mut a,
            id,
            VerdictChange {
                rating: Some("falsch".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let filed = library::file_claims(&a, std::slice::from_ref(&c), &[]).unwrap();
        assert_eq!(
            filed,
            Filed {
                filed: 1,
                removed: 0
            }
        );
        let again = library::file_claims(&a, std::slice::from_ref(&c), &[]).unwrap();
        assert_eq!(again, Filed::default());
    }

    // Project B checks the same article: the worker finds A's verdict.
    let b_dir = tmp.path().join("b");
    filing_demo(&b_dir);
    let mut s = load_state(&Project::open(&b_dir, Access::ReadOnly).unwrap()).unwrap();
    assert_eq!(s.current, Some(id));
    let (lookup_tx, lookup_rx) = mpsc::channel();
    let (msg_tx, msg_rx) = mpsc::channel();
    let _worker = spawn_worker(b_dir.clone(), lookup_rx, msg_tx.clone());
    // The first message of the session asks about the claim shown.
    let fx = update(&mut s, Msg::Resize(140, 45), Instant::now());
    let Some(Effect::Library(Lookup { gen, claim })) = fx.into_iter().next() else {
        panic!("no lookup asked for");
    };
    lookup_tx.send(Lookup { gen, claim }).unwrap();
    let answer = recv(&msg_rx);
    assert!(matches!(answer, Msg::LibraryDone { .. }), "{answer:?}");
    update(&mut s, answer, Instant::now());
    let m = s.library.matches.first().expect("A's verdict is found");
    assert_eq!(m.entry.rating, "Falsch");
    assert_eq!(m.reusable.as_deref(), Some("Falsch"));
    assert_eq!(m.entry.publisher, "factdesk Demo-Redaktion");
    assert_eq!(
        m.entry.url,
        "https://factdesk.example/artikel/kreml-nordkorea"
    );
    assert!(m.similarity > 0.99, "{}", m.similarity);
    let shown = screen(&s);
    assert!(shown.contains("Earlier verdicts (1)"), "{shown}");
    assert!(shown.contains("Demo-Redaktion"), "{shown}");

    // R reuses it; the saver saves the claim, then files it in the library.
    let (save_tx, save_rx) = mpsc::channel();
    let saver = spawn_saver(
        Project::open(&b_dir, Access::Write).unwrap(),
        save_rx,
        msg_tx.clone(),
    );
    let fx = press(&mut s, 'R');
    let [Effect::Saver(ToSaver::Job(job @ Job::ReuseVerdict { .. }))] = &fx[..] else {
        panic!("{fx:?}")
    };
    save_tx.send(ToSaver::Job(job.clone())).unwrap();
    let saved = recv(&msg_rx);
    let Msg::Saved(Ok(done)) = &saved else {
        panic!("{saved:?}")
    };
    assert_eq!(done.claims[0].verdict.rating, "Falsch");
    assert!(done.claims[0]
        .verdict
        .notes
        .contains("https://factdesk.example/artikel/kreml-nordkorea"));
    save_tx.send(ToSaver::Stop).unwrap();
    saver.join().unwrap();
    let b = Project::open(&b_dir, Access::ReadOnly).unwrap();
    let lib = VerdictLibrary::open_or_create(data.join("library")).unwrap();
    let entry = lib
        .get(&library::claim_origin(&b, id))
        .unwrap()
        .expect("the reused verdict is filed");
    assert_eq!(entry.rating, "Falsch");
    assert_eq!(lib.len(), 2);
    drop(lib);

    // An explanation autosave is not filed at once (that would commit the library at every
    // pause in typing) but once typing stops, and at the latest when the workstation closes.
    let explanation_in_library = |text: &str| {
        let lib = VerdictLibrary::open_or_create(data.join("library")).unwrap();
        let b = Project::open(&b_dir, Access::ReadOnly).unwrap();
        let entry = lib.get(&library::claim_origin(&b, id)).unwrap().unwrap();
        entry.explanation == text
    };
    let explain = |text: &str| {
        ToSaver::Job(Job::Verdict {
            id,
            change: VerdictChange {
                explanation: Some(text.into()),
                ..Default::default()
            },
        })
    };
    let (save_tx, save_rx) = mpsc::channel();
    let saver = spawn_saver(
        Project::open(&b_dir, Access::Write).unwrap(),
        save_rx,
        msg_tx.clone(),
    );
    save_tx.send(explain("Die Bilder zeigen")).unwrap();
    assert!(matches!(recv(&msg_rx), Msg::Saved(Ok(_))));
    assert!(
        !explanation_in_library("Die Bilder zeigen"),
        "filed at once"
    );
    let typed = Instant::now();
    while !explanation_in_library("Die Bilder zeigen") {
        assert!(
            typed.elapsed() < Duration::from_secs(10),
            "an idle saver never filed the explanation"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        typed.elapsed() >= Duration::from_millis(1500),
        "filed too early"
    );
    save_tx
        .send(explain("Die Bilder zeigen Container in Rajin."))
        .unwrap();
    assert!(matches!(recv(&msg_rx), Msg::Saved(Ok(_))));
    save_tx.send(ToSaver::Stop).unwrap();
    saver.join().unwrap();
    assert!(explanation_in_library(
        "Die Bilder zeigen Container in Rajin."
    ));

    // A library that cannot be written never fails the save: the status bar says so.
    let broken = tmp.path().join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("library"), "not a library").unwrap();
    std::env::set_var("FACTDESK_DATA_DIR", &broken);
    let (save_tx, save_rx) = mpsc::channel();
    let saver = spawn_saver(
        Project::open(&b_dir, Access::Write).unwrap(),
        save_rx,
        msg_tx,
    );
    save_tx
        .send(ToSaver::Job(Job::Verdict {
            id,
            change: VerdictChange {
                rating: Some("Richtig".into()),
                ..Default::default()
            },
        }))
        .unwrap();
    let saved = recv(&msg_rx);
    assert!(matches!(&saved, Msg::Saved(Ok(_))), "{saved:?}");
    let notice = recv(&msg_rx);
    let Msg::Notice(text) = &notice else {
        panic!("{notice:?}")
    };
    assert!(text.contains("verdict library not updated"), "{text}");
    update(&mut s, notice, Instant::now());
    assert!(screen(&s).contains("verdict library not updated"));
    save_tx.send(ToSaver::Stop).unwrap();
    saver.join().unwrap();
    let b = Project::open(&b_dir, Access::ReadOnly).unwrap();
    assert_eq!(b.claim(id).unwrap().verdict.rating, "Richtig");
}
