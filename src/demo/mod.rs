//! The demo project: the German seed article (17 October 2023, the Kremlin denies North
//! Korean arms deliveries) and source notes written from shared/demo/FACTS.md, embedded so
//! the demo works on a fresh clone.

use std::path::Path;

use anyhow::Result;

use crate::import::{import_article, ArticleInput};
use crate::project::manifest::Manifest;
use crate::project::manifest::MANIFEST_FILE;
use crate::project::{Access, Project};

pub const ARTICLE: &str = include_str!("article.txt");

/// (file name, content) of each source note.
pub const SOURCE_NOTES: &[(&str, &str)] = &[
    (
        "01-tass-peskow.md",
        include_str!("sources/01-tass-peskow.md"),
    ),
    (
        "02-moscowtimes-no-proof.md",
        include_str!("sources/02-moscowtimes-no-proof.md"),
    ),
    (
        "03-reuters-lawrow.md",
        include_str!("sources/03-reuters-lawrow.md"),
    ),
    (
        "04-kbs-kirby-container.md",
        include_str!("sources/04-kbs-kirby-container.md"),
    ),
    (
        "05-courier-pa-gipfel.md",
        include_str!("sources/05-courier-pa-gipfel.md"),
    ),
    (
        "06-nyt-waffenwunsch.md",
        include_str!("sources/06-nyt-waffenwunsch.md"),
    ),
    (
        "07-fcdo-verurteilung.md",
        include_str!("sources/07-fcdo-verurteilung.md"),
    ),
    (
        "08-un-resolutionen.md",
        include_str!("sources/08-un-resolutionen.md"),
    ),
];

/// Create the demo project in `dir` unless one is there already. Returns whether it created.
pub fn ensure(dir: &Path) -> Result<bool> {
    if dir.join(MANIFEST_FILE).exists() {
        return Ok(false);
    }
    let empty = std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none());
    let (Some(parent), Some(name), true) = (dir.parent(), dir.file_name(), empty) else {
        // A folder that holds other things already: the demo goes in beside them.
        create(dir)?;
        return Ok(true);
    };
    // Built next to its place and moved there whole, so a failure (a full disk) leaves no
    // half demo that a second `factdesk demo` would take for a whole one.
    std::fs::create_dir_all(parent)
        .map_err(|e| crate::fsx::io_error(parent, "cannot create", &e))?;
    let staging = parent.join(format!(
        ".{}.creating-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&staging);
    let built = create(&staging).and_then(|()| {
        std::fs::rename(&staging, dir).map_err(|e| crate::fsx::io_error(dir, "cannot create", &e))
    });
    if built.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    built.map(|()| true)
}

fn create(dir: &Path) -> Result<()> {
    let mut m = Manifest::new(
        "Demo: Kreml bestreitet nordkoreanische Waffenlieferungen",
        "de",
        "correctiv",
    );
    m.organisation.name = "factdesk Demo-Redaktion".into();
    m.organisation.url = "https://factdesk.example/".into();
    // Ratings tried out in the demo are not verdicts of the desk.
    m.library.file = false;
    Project::init(dir, &m)?;
    let mut project = Project::open(dir, Access::Write)?;
    import_article(
        &mut project,
        ArticleInput {
            path: "kreml-nordkorea-2023-10-17.txt".into(),
            bytes: ARTICLE.as_bytes().to_vec(),
            fields: crate::project::article::ArticleFields {
                title: Some(
                    "Kreml: Keine Beweise für nordkoreanische Waffenlieferungen an Russland".into(),
                ),
                url: Some("https://factdesk.example/artikel/kreml-nordkorea".into()),
                publisher: Some("Agenturen".into()),
                author: None,
                date: Some("2023-10-17".into()),
                language: Some("de".into()),
            },
            candidates: true,
        },
    )?;
    // The notes go in through the same import as any user's sources.
    let notes_dir = tempdir_in(dir)?;
    for (name, text) in SOURCE_NOTES {
        crate::fsx::write_atomic(&notes_dir.join(name), text.as_bytes())?;
    }
    let result =
        crate::sources::import(&mut project, std::slice::from_ref(&notes_dir), &mut |_| {});
    let _ = std::fs::remove_dir_all(&notes_dir);
    let report = result?;
    if let Some((path, reason)) = report.failed.first() {
        // A full disk or a folder without permission: the user's to fix.
        return Err(crate::error::user_error(format!(
            "the demo's source notes could not be imported: {}: {reason}",
            crate::fsx::shown(path)
        )));
    }
    crate::search::rebuild(&project)?;
    Ok(())
}

fn tempdir_in(dir: &Path) -> Result<std::path::PathBuf> {
    // The folder's name shows in each note's `relative_path`.
    let p = dir.join("quellen-notizen");
    std::fs::create_dir_all(&p)?;
    Ok(p)
}
