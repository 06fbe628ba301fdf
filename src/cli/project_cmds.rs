//! `init` and `article`.

use std::fs;
use std::path::Path;

use anyhow::Result;

use super::args::{ArticleAddArgs, ArticleCmd, InitArgs};
use super::Ctx;
use crate::error::user_error;
use crate::import::{import_article, import_article_url, ArticleInput};
use crate::project::manifest::Manifest;
use crate::project::{Access, Project};
use crate::user_bail;
use factdesk_index::store::{display_url, SourceInput};

pub fn init(a: InitArgs) -> Result<()> {
    let name = a.name.clone().unwrap_or_else(|| {
        a.dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "factdesk project".into())
    });
    let mut m = Manifest::new(&name, &a.language, &a.scale);
    m.organisation.name = a.org_name.unwrap_or_default();
    m.organisation.url = a.org_url.unwrap_or_default();
    Project::init(&a.dir, &m)?;
    println!(
        "created project {:?} in {} (scale {}, language {})",
        name,
        a.dir.display(),
        a.scale,
        a.language
    );
    println!(
        "next: factdesk --project {} article add FILE",
        a.dir.display()
    );
    Ok(())
}

pub fn article(ctx: &Ctx, cmd: ArticleCmd) -> Result<()> {
    match cmd {
        ArticleCmd::Add(a) => add(ctx, *a),
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
        SourceInput::Path(_) => None,
    };
    let web = super::sources::web_options(a.timeout, a.max_size.as_deref())?;
    let mut project = ctx.open(Access::Write)?;
    let bytes = match url {
        Some(_) => Vec::new(),
        None => read_user_file(&a.file)?,
    };
    let input = ArticleInput {
        path: a.file.clone(),
        bytes,
        title: a.title,
        url: a.url,
        publisher: a.publisher,
        author: a.author,
        date: a.date,
        language: a.language,
        candidates: !a.no_candidates,
    };
    let report = match &url {
        Some(url) => import_article_url(&mut project, url, &web, input)?,
        None => import_article(&mut project, input)?,
    };
    let shown = match &url {
        Some(url) => display_url(url),
        None => a.file.display().to_string(),
    };
    for w in &report.warnings {
        eprintln!("factdesk: {shown}: {w}");
    }
    println!(
        "imported {} as article {} ({} characters, {} candidate claims)",
        shown,
        report.article.meta.id,
        report.article.char_len(),
        report.claims
    );
    Ok(())
}

/// Read a file the user named, with a one-line error naming it.
pub fn read_user_file(path: &Path) -> Result<Vec<u8>> {
    let meta = fs::metadata(path)
        .map_err(|e| user_error(format!("{}: {}", path.display(), io_reason(&e))))?;
    if meta.is_dir() {
        user_bail!("{}: is a directory, not a file", path.display());
    }
    fs::read(path).map_err(|e| user_error(format!("{}: {}", path.display(), io_reason(&e))))
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
