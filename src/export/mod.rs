//! Export formats. Each takes the loaded project and returns the file's text.

pub mod json;
pub mod markdown;

use anyhow::Result;

use crate::project::article::Article;
use crate::project::claim::Claim;
use crate::project::Project;

/// Everything an export needs, loaded once.
pub struct ExportData {
    pub name: String,
    pub language: String,
    pub organisation: crate::project::manifest::Organisation,
    pub scale: crate::project::scale::Scale,
    pub articles: Vec<(Article, Vec<Claim>)>,
    pub problems: Vec<String>,
}

impl ExportData {
    /// Load the project's articles with their active (not dropped) claims.
    pub fn load(project: &Project) -> Result<ExportData> {
        let set = project.load_claims()?;
        let (metas, mut problems) = project.articles()?;
        problems.extend(set.problems);
        let mut articles = Vec::new();
        for m in metas {
            let article = project.article(&m.id)?;
            let claims: Vec<Claim> = set
                .claims
                .iter()
                .filter(|c| c.article == m.id && c.is_active())
                .cloned()
                .collect();
            articles.push((article, claims));
        }
        let manifest = project.manifest();
        Ok(ExportData {
            name: manifest.name.clone(),
            language: manifest.language.clone(),
            organisation: manifest.organisation.clone(),
            scale: project.scale().clone(),
            articles,
            problems,
        })
    }
}
