//! `init` and `article`.

use anyhow::Result;

use super::args::{ArticleAddArgs, ArticleCmd, ArticleEditArgs, InitArgs};
use super::Ctx;
use crate::edit;
use crate::import::{commit_article, prepare_article, prepare_article_url, ArticleInput};
use crate::project::article::ArticleFields;
use crate::project::manifest::Manifest;
use crate::project::{Access, Project};
use crate::user_bail;
use factdesk_index::store::{display_url, SourceInput};

pub fn init(a: InitArgs) -> Result<()> {
    let name = a.name.clone().unwrap_or_else(|| {
        a.dir
            .file_name()
            .map(|n| factdesk_index::sanitize::sanitize_name(&n.to_string_lossy()))
            .unwrap_or_else(|| "factdesk project".into())
    });
    let mut m = Manifest::new(&name, &a.language, &a.scale);
    m.organisation.name = a.org_name.unwrap_or_default();
    m.organisation.url = a.org_url.unwrap_or_default();
    Project::init(&a.dir, &m)?;
    println!(
        "created project {:?} in {} (scale {}, language {})",
        name,
        crate::fsx::shown(&a.dir),
        a.scale,
        a.language
    );
    println!(
        "next: factdesk --project {} article add FILE",
        crate::fsx::shown(&a.dir)
    );
    Ok(())
}

pub fn article(ctx: &Ctx, cmd: ArticleCmd) -> Result<()> {
    match cmd {
        ArticleCmd::Add(a) => add(ctx, *a),
        ArticleCmd::Edit(a) => edit(ctx, a),
        ArticleCmd::Ls { json } => {
            let project = ctx.open(Access::ReadOnly)?;
            let (metas, problems) = project.articles()?;
            for p in problems {
                eprintln!("factdesk: warning: {p}");
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&metas)?);
            } else {
                for m in metas {
                    println!("{}  {}  {}  {}", m.id, m.date, m.language, m.title);
                }
            }
            Ok(())
        }
    }
}

fn add(ctx: &Ctx, a: ArticleAddArgs) -> Result<()> {
    let url = match SourceInput::parse(a.file.as_os_str()) {
        SourceInput::Url(url) => Some(url),
        SourceInput::Path(_) | SourceInput::Captured(_) => None,
    };
    let web = super::sources::web_options(a.timeout, a.max_size.as_deref())?;
    // Read (bounded: no FIFO, device or huge file) before taking the lock, so a file that
    // cannot be read never holds up the project.
    let bytes = match url {
        Some(_) => Vec::new(),
        None => crate::fsx::read_user_file(&a.file, crate::fsx::MAX_DATA_FILE)?,
    };
    let input = ArticleInput {
        path: a.file.clone(),
        bytes,
        fields: a.meta.into(),
        candidates: !a.no_candidates,
    };
    // Fetching, reading and scoring (with a model, minutes for a long article) happen before
    // the lock: only the writing holds up other writers and the workstation.
    let prepared = {
        let project = ctx.open(Access::ReadOnly)?;
        match &url {
            Some(url) => prepare_article_url(&project, url, &web, input)?,
            None => prepare_article(&project, input)?,
        }
    };
    let mut project = ctx.open(Access::Write)?;
    let report = commit_article(&mut project, prepared)?;
    let shown = match &url {
        Some(url) => display_url(url),
        None => crate::fsx::shown(&a.file),
    };
    for w in &report.warnings {
        eprintln!("factdesk: {shown}: {w}");
    }
    println!(
        "imported {shown} as article {} ({} characters, {} candidate claim{})",
        report.article.meta.id,
        report.article.char_len(),
        report.claims,
        if report.claims == 1 { "" } else { "s" }
    );
    Ok(())
}

fn edit(ctx: &Ctx, a: ArticleEditArgs) -> Result<()> {
    let change = ArticleFields::from(a.meta);
    if change == ArticleFields::default() {
        user_bail!(
            "nothing to change: give --title, --url, --publisher, --author, --date or --language"
        );
    }
    let mut project = ctx.open(Access::Write)?;
    let id = match a.id {
        Some(id) => project.resolve_article(&id)?,
        None => only_article(&project)?,
    };
    let meta = edit::edit_article(&mut project, &id, change)?;
    println!(
        "article {}: {}  {}  {}  {}",
        meta.id, meta.title, meta.url, meta.publisher, meta.date
    );
    Ok(())
}

/// The project's article when it has exactly one.
pub fn only_article(project: &Project) -> Result<String> {
    let (metas, _) = project.articles()?;
    match metas.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => user_bail!("the project has no article yet: `factdesk article add FILE`"),
        _ => user_bail!("the project has several articles: name one (`factdesk article ls`)"),
    }
}
