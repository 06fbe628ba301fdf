//! The desk in the workstation (the team issue): marking claims in the overview and setting
//! one status, assignee or triage on all of them; the "whose" filters (mine, needs my
//! review, with conflicts, each assignee); second-person review from the palette, refused
//! to the verdict's author; a sync conflict shown and settled. Keys through the real update
//! logic, saves through the real saver, on the demo project kept in a real git repository
//! whose `user.name` says who is working.

mod common;
use common::desk::Desk;

use crossterm::event::KeyCode;
use factdesk::project::claim::Status;
use factdesk::tui::overlay::claims::{rows, Who};
use factdesk::tui::overlay::Overlay;
use factdesk::tui::state::{Mode, SaveState};

/// A demo desk kept in git, worked on by `user` (git's user.name; FACTDESK_USER would win, so
/// it is cleared: every test here clears it, none sets it).
fn desk_as(user: &str, two_person: bool) -> Desk {
    std::env::remove_var("FACTDESK_USER");
    let d = Desk::new();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&d.root)
            .args(args)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    };
    git(&["init", "-q"]);
    git(&["config", "user.name", user]);
    if two_person {
        let manifest = d.root.join("factdesk.toml");
        let mut text = std::fs::read_to_string(&manifest).unwrap();
        text.push_str("\n[review]\ntwo_person = true\n");
        std::fs::write(&manifest, text).unwrap();
    }
    let d = d.reopen();
    assert_eq!(d.s.user, user);
    d
}

fn command(d: &mut Desk, line: &str) {
    d.keys(":");
    d.keys(line);
    d.key(KeyCode::Enter);
}

fn overview_rows(d: &Desk) -> Vec<u32> {
    let Mode::Overlay(Overlay::Claims(o)) = &d.s.mode else {
        panic!("the overview is not open: {:?}", d.s.mode);
    };
    rows(&d.s.claims, &d.s.scale, o, &d.s.user)
}

#[test]
fn marked_claims_get_one_assignee_and_status_and_the_filters_find_them() {
    let mut d = desk_as("anna", false);
    d.keys("C");
    let all = overview_rows(&d);
    assert!(all.len() >= 3, "{all:?}");
    // Mark the first and the third row (Space moves down a row).
    d.keys(" j ");
    let marked: Vec<u32> = d.s.marked.iter().copied().collect();
    assert_eq!(marked, vec![all[0], all[2]]);
    command(&mut d, "assign ben");
    assert!(
        d.s.message.contains("assigned to ben: 2 of 2 claims"),
        "{}",
        d.s.message
    );
    assert!(d.s.marked.is_empty(), "the marks are used up");
    assert!(
        matches!(d.s.mode, Mode::Overlay(Overlay::Claims(_))),
        "back in the overview"
    );
    for id in &marked {
        assert_eq!(d.disk(*id).assignee, "ben");
    }
    assert_eq!(
        d.disk(all[1]).assignee,
        "",
        "the unmarked claim is untouched"
    );

    // Mark them again by the assignee filter, then one status for both.
    d.keys("w");
    assert!(overview_rows(&d).is_empty(), "nothing is anna's");
    d.keys("www");
    let Mode::Overlay(Overlay::Claims(o)) = &d.s.mode else {
        unreachable!()
    };
    assert_eq!(o.who, Who::Assignee("ben".into()));
    assert_eq!(overview_rows(&d), marked);
    d.keys("  ");
    command(&mut d, "status in-progress");
    for id in &marked {
        assert_eq!(d.disk(*id).verdict.status, Status::InProgress);
    }
    // The whole bulk edit is one undo step.
    d.key(KeyCode::Esc);
    d.undo();
    for id in &marked {
        assert_eq!(d.disk(*id).verdict.status, Status::Open, "{}", d.s.message);
        assert_eq!(d.disk(*id).assignee, "ben", "only the status was undone");
    }
    let log = d.log();
    assert!(
        log.contains("\"user\":\"anna\",\"action\":\"claim.assign\""),
        "{log}"
    );
}

#[test]
fn two_person_review_from_the_palette_is_refused_to_the_author_and_done_by_another() {
    let mut d = desk_as("anna", true);
    let id = d.id();
    d.keys("rj");
    d.key(KeyCode::Enter);
    assert!(!d.disk(id).verdict.rating.is_empty());
    d.keys("e");
    d.keys("Der Zoll bestätigt es.");
    d.key(KeyCode::Esc);
    assert_eq!(d.disk(id).verdict.explanation, "Der Zoll bestätigt es.");
    command(&mut d, "status done");
    assert!(d.s.message.contains("0 of 1"), "{}", d.s.message);
    assert_ne!(d.disk(id).verdict.status, Status::Done);
    command(&mut d, "request");
    assert_eq!(d.disk(id).verdict.status, Status::NeedsReview);
    command(&mut d, "approve");
    assert_ne!(d.disk(id).verdict.status, Status::Done, "{}", d.s.message);
    let SaveState::Failed(why) = &d.s.save else {
        panic!("not refused: {:?}", d.s.save);
    };
    assert!(why.contains("anna"), "the refusal names the rule: {why}");

    // Ben opens the project: the claim is on his "needs my review" list, and he approves.
    std::process::Command::new("git")
        .arg("-C")
        .arg(&d.root)
        .args(["config", "user.name", "ben"])
        .status()
        .unwrap();
    let mut d = d.reopen();
    d.keys("Cww");
    assert_eq!(overview_rows(&d), vec![id], "needs ben's review");
    d.key(KeyCode::Enter);
    assert_eq!(d.s.current, Some(id));
    command(&mut d, "reject");
    assert!(d.s.message.contains("needs a comment"), "{}", d.s.message);
    command(&mut d, "approve belegt durch die Quelle");
    let c = d.disk(id);
    assert_eq!(c.verdict.status, Status::Done, "{}", d.s.message);
    assert_eq!(c.verdict.reviewer, "ben");
    assert_eq!(c.verdict.author, "anna");
}

#[test]
fn a_sync_conflict_is_shown_in_the_verdict_pane_and_settled_from_the_palette() {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let d = desk_as("anna", false);
    let id = d.id();
    // What the merge driver records when both sides rated the claim differently.
    let path = d.root.join(format!("claims/{id:04}.toml"));
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(
        "\n[[conflicts]]\nfield = \"verdict.explanation\"\nvalues = [\"Laut Zoll falsch.\", \"Laut Hafen richtig.\"]\n",
    );
    std::fs::write(&path, text).unwrap();
    let mut d = d.reopen();
    d.s.current = Some(id);
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    factdesk::tui::update::update(&mut d.s, factdesk::tui::msg::Msg::Resize(120, 40), d.now);
    t.draw(|f| factdesk::tui::view::draw(f, &d.s)).unwrap();
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("Conflict from sync"), "{screen}");
    assert!(screen.contains("2) Laut Hafen richtig."), "{screen}");
    command(&mut d, "resolve 2");
    let c = d.disk(id);
    assert!(c.conflicts.is_empty(), "{}", d.s.message);
    assert_eq!(c.verdict.explanation, "Laut Hafen richtig.");
}

/// Who made a claim (#17): the verdict pane shows the claimant factdesk detected, marked as
/// detected; `:claimant` confirms it, `:claimant NAME` sets another, `:claimant -` clears it.
#[test]
fn the_detected_claimant_is_shown_and_confirmed_or_replaced_from_the_palette() {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let mut d = desk_as("anna", false);
    let id =
        d.s.claims
            .iter()
            .find(|c| c.claimant_detected && !c.claimant.is_empty())
            .map(|c| c.id)
            .expect("the demo has a detected claimant");
    d.s.select_claim(id);
    let detected = d.disk(id).claimant;
    let screen = |d: &mut Desk| {
        let mut t = Terminal::new(TestBackend::new(200, 50)).unwrap();
        factdesk::tui::update::update(&mut d.s, factdesk::tui::msg::Msg::Resize(200, 50), d.now);
        t.draw(|f| factdesk::tui::view::draw(f, &d.s)).unwrap();
        t.backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect::<String>()
    };
    let s = screen(&mut d);
    assert!(s.contains(&format!("Said by {detected}")), "{s}");
    assert!(s.contains("(person, detected:"), "{s}");
    command(&mut d, "claimant");
    let c = d.disk(id);
    assert!(!c.claimant_detected, "{}", d.s.message);
    assert_eq!(c.claimant, detected);
    assert!(!screen(&mut d).contains("detected:"));
    command(&mut d, "claimant Dmitri Peskow");
    assert_eq!(d.disk(id).claimant, "Dmitri Peskow");
    command(&mut d, "claimant -");
    assert_eq!(d.disk(id).claimant, "");
    assert!(d.log().contains("claim.claimant.confirm"));
}

/// Finding a claim in the overview (#15): a score column and a score sort, paging and
/// ends, and a filter by text.
#[test]
fn the_overview_sorts_by_score_pages_and_filters_by_text() {
    let mut d = desk_as("anna", false);
    d.keys("C");
    let all = overview_rows(&d);
    d.keys("o");
    let by_score = overview_rows(&d);
    let score = |id: &u32| {
        d.s.claims
            .iter()
            .find(|c| c.id == *id)
            .and_then(|c| c.score)
            .unwrap_or(f32::NEG_INFINITY)
    };
    assert_eq!(by_score.len(), all.len());
    assert!(
        by_score.windows(2).all(|w| score(&w[0]) >= score(&w[1])),
        "{by_score:?}"
    );
    d.keys("G");
    let Mode::Overlay(Overlay::Claims(o)) = &d.s.mode else {
        unreachable!()
    };
    assert_eq!(o.sel, all.len() - 1);
    d.keys("g/kreml");
    let with_kreml: Vec<u32> =
        d.s.claims
            .iter()
            .filter(|c| c.text.to_lowercase().contains("kreml"))
            .map(|c| c.id)
            .collect();
    assert!(!with_kreml.is_empty() && with_kreml.len() < all.len());
    let mut shown = overview_rows(&d);
    shown.sort_unstable();
    assert_eq!(shown, with_kreml, "typing filters as it goes");
    d.key(KeyCode::Enter);
    // Back in the list: keys move again (j is not typed into the filter).
    d.keys("j");
    let Mode::Overlay(Overlay::Claims(o)) = &d.s.mode else {
        unreachable!()
    };
    assert_eq!((o.sel, o.text.as_str()), (1, "kreml"));
    d.keys("/");
    d.key(KeyCode::Esc);
    assert_eq!(overview_rows(&d).len(), all.len(), "Esc clears the text");
}

/// At 80x24 the verdict pane scrolls (#15): the selected evidence item is always on screen,
/// so `t` never changes an item the user cannot see; PgDn/PgUp scroll the pane.
#[test]
fn the_verdict_pane_keeps_the_selected_evidence_on_screen_at_80x24() {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let mut d = desk_as("anna", false);
    let id = d.id();
    // Three passages attached, long ones (whole passages of the demo's sources).
    d.suggest();
    d.keys("ar");
    d.key(KeyCode::Char('2'));
    d.keys("jar");
    d.key(KeyCode::Char('2'));
    d.keys("jjar");
    let quotes: Vec<String> = d
        .disk(id)
        .verdict
        .evidence
        .iter()
        .map(|e| e.quote.clone())
        .collect();
    assert_eq!(quotes.len(), 3, "{}", d.s.message);
    let screen = |d: &mut Desk| {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        factdesk::tui::update::update(&mut d.s, factdesk::tui::msg::Msg::Resize(80, 24), d.now);
        t.draw(|f| factdesk::tui::view::draw(f, &d.s)).unwrap();
        let buf = t.backend().buffer().clone();
        (0..24)
            .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    d.key(KeyCode::Char('3'));
    for n in 1..=3 {
        if n > 1 {
            d.keys("j");
        }
        let s = screen(&mut d);
        assert!(
            s.contains(&format!("{n}. ")),
            "item {n} is selected but not on screen:\n{s}"
        );
    }
    // The stance of what is shown (the third item) changes, and only that one.
    d.keys("t");
    let stances: Vec<_> = d
        .disk(id)
        .verdict
        .evidence
        .iter()
        .map(|e| e.stance)
        .collect();
    assert_eq!(stances[2], factdesk::project::claim::Stance::Context);
    assert_ne!(stances[0], factdesk::project::claim::Stance::Context);
    // PgUp scrolls back to the claim's head; j brings the selection back into view.
    d.key(KeyCode::PageUp);
    d.key(KeyCode::PageUp);
    let s = screen(&mut d);
    assert!(s.contains("Rating"), "{s}");
    d.keys("k");
    assert!(screen(&mut d).contains("2. "));
}

/// `a` on a suggestion attaches the sentences holding its highlighted words (#15), saved as a
/// verified quote with its place in the source, not the whole passage.
#[test]
fn attaching_a_suggestion_takes_its_matched_sentences_as_a_verified_quote() {
    let mut d = desk_as("anna", false);
    let id = d.id();
    d.suggest();
    let hit = d.s.search.hits[0].clone();
    d.keys("as");
    let e = d.disk(id).verdict.evidence;
    assert_eq!(e.len(), 1, "{}", d.s.message);
    let quote = &e[0].quote;
    assert!(
        quote.chars().count() < hit.passage.chars().count(),
        "{quote:?} is the whole passage"
    );
    assert!(hit.passage.contains(quote.as_str()), "{quote:?}");
    assert!(
        hit.marks
            .iter()
            .any(|&(a, b)| quote.contains(&hit.passage[a..b])),
        "{quote:?} holds no match"
    );
    let range = e[0].range.expect("its place in the source");
    assert_eq!(range[1] - range[0], quote.chars().count());
}

/// Layout (#15): at 120x40 the verdict column holds a long rating on one line; after a
/// resize from 120x40 to 300x80 with the article scrolled to its end, the larger view is
/// filled with text, not followed by blank lines.
#[test]
fn three_columns_at_120x40_and_a_resize_keeps_the_article_view_filled() {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let screen = |d: &mut Desk, w: u16, h: u16| {
        factdesk::tui::update::update(&mut d.s, factdesk::tui::msg::Msg::Resize(w, h), d.now);
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| factdesk::tui::view::draw(f, &d.s)).unwrap();
        let buf = t.backend().buffer().clone();
        (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
    };
    let mut d = desk_as("anna", false);
    let longest =
        d.s.scale
            .labels()
            .into_iter()
            .max_by_key(|l| l.chars().count())
            .unwrap()
            .to_string();
    command(&mut d, "claims");
    d.key(KeyCode::Esc);
    let id = d.id();
    d.outside(id, |c| c.verdict.rating = longest.clone());
    let mut d = d.reopen();
    d.s.select_claim(id);
    let rows = screen(&mut d, 120, 40);
    assert!(
        rows.iter()
            .any(|r| r.contains(&format!("Rating  {longest}"))),
        "the rating wraps:\n{}",
        rows.join("\n")
    );
    // The article pane at its end, then a much larger terminal.
    d.key(KeyCode::Char('1'));
    d.keys("G");
    screen(&mut d, 120, 40);
    let article_w = factdesk::tui::layout::panes(300, 80).article.width as usize;
    let text_rows = |rows: &[String]| {
        rows[1..78]
            .iter()
            .filter(|r| {
                let cells: String = r.chars().take(article_w).collect();
                !cells
                    .trim_matches(|c: char| c == '│' || c.is_whitespace())
                    .is_empty()
            })
            .count()
    };
    let after_resize = text_rows(&screen(&mut d, 300, 80));
    // The whole demo article fits 300x80: all of it must be shown, as when opened there.
    let fresh = text_rows(&screen(&mut desk_as("anna", false), 300, 80));
    assert_eq!(after_resize, fresh, "rows of article text at 300x80");
}

/// A claim's mark (or the cursor) that starts or ends inside a joined emoji does not cut the
/// cluster in two: every cell holds whole graphemes, never a dangling U+200D (found by the
/// 50 000-input fuzz run).
#[test]
fn a_claim_boundary_inside_a_joined_emoji_keeps_the_cluster_in_one_cell() {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let mut d = desk_as("anna", false);
    let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
    let text = format!("Die Familie {family} reiste ab. Danach kam nichts mehr.\n");
    let zwj_at = text.chars().position(|c| c == '\u{200d}').unwrap();
    d.s.articles[0].layout = factdesk::tui::text_layout::TextLayout::new(text.clone());
    let id = d.s.claims[0].id;
    for (i, c) in d.s.claims.iter_mut().enumerate() {
        c.span = if i == 0 {
            [0, zwj_at]
        } else {
            [zwj_at + 1, zwj_at + 9]
        };
    }
    d.s.select_claim(id);
    factdesk::tui::update::update(&mut d.s, factdesk::tui::msg::Msg::Resize(80, 24), d.now);
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| factdesk::tui::view::draw(f, &d.s)).unwrap();
    let buf = t.backend().buffer();
    let mut whole = false;
    for cell in buf.content() {
        let sym = cell.symbol();
        assert!(
            !sym.ends_with('\u{200d}') && !sym.starts_with('\u{200d}'),
            "a cell holds {sym:?}"
        );
        whole |= sym == family;
    }
    assert!(whole, "the family is drawn in one cell");
}

/// A terminating signal (SIGTERM, SIGHUP: `Msg::Shutdown`) while the one-line claim-text
/// editor is open saves what was typed in it, as it does for the explanation (an outside
/// tester lost it: only multi-line editors were flushed).
#[test]
fn a_shutdown_saves_the_claim_text_being_edited() {
    let mut d = desk_as("anna", false);
    let id = d.id();
    d.key(KeyCode::Char('1'));
    d.keys("E");
    assert!(
        matches!(d.s.mode, Mode::Editing(_)),
        "no claim-text editor: {}",
        d.s.message
    );
    d.key(KeyCode::End);
    d.keys(" (laut Kreml)");
    d.msg(factdesk::tui::msg::Msg::Shutdown);
    assert!(
        d.disk(id).text.ends_with(" (laut Kreml)"),
        "{:?}",
        d.disk(id).text
    );
}

/// "Both versions are kept" (an outside change to the field being edited), then the next
/// edit of the same field: the colleague's version stays in the claim file (an outside tester
/// lost it: the pane and the next editor kept the stale text).
#[test]
fn after_both_versions_are_kept_the_next_edit_keeps_them() {
    let mut d = desk_as("anna", false);
    let id = d.id();
    d.keys("e");
    d.keys("Erste Fassung");
    d.now += std::time::Duration::from_secs(2);
    d.msg(factdesk::tui::msg::Msg::Tick);
    assert_eq!(d.disk(id).verdict.explanation, "Erste Fassung");
    d.outside(id, |c| {
        c.verdict.explanation = "Kollegin: andere Fassung".into()
    });
    d.keys(" plus");
    // The autosave meets the outside change while the editor is still open.
    d.now += std::time::Duration::from_secs(2);
    d.msg(factdesk::tui::msg::Msg::Tick);
    d.key(KeyCode::Esc);
    let merged = d.disk(id).verdict.explanation;
    assert!(
        merged.contains("Erste Fassung plus") && merged.contains("Kollegin: andere Fassung"),
        "{merged}"
    );
    let shown =
        d.s.claims
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .verdict
            .explanation
            .clone();
    assert_eq!(shown, merged, "the pane shows what the file holds");
    d.keys("e");
    d.key(KeyCode::End);
    d.keys(" X");
    d.key(KeyCode::Esc);
    let after = d.disk(id).verdict.explanation;
    assert!(after.contains("Kollegin: andere Fassung"), "{after}");
}
