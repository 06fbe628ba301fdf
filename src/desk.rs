//! What belongs to the desk rather than one project: the user's data directory, where the
//! check-worthiness model learnt from the desk's decisions is kept.

use std::path::PathBuf;

use anyhow::Result;

use crate::error::user_error;
use crate::triage::{Model, Scorer};

/// factdesk's data directory (`FACTDESK_DATA_DIR` overrides it, for tests and shared desks).
pub fn data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("FACTDESK_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "factdesk", "factdesk")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            user_error("no home directory to keep factdesk's data in; set FACTDESK_DATA_DIR")
        })
}

pub fn model_path() -> Result<PathBuf> {
    Ok(crate::triage::model_path(&data_dir()?))
}

/// The desk's scorer, made once per process: its trained model when there is a readable
/// one, else the built-in features. A broken model file is reported once and the built-in
/// features are used. A model trained with sentence embeddings gets the installed encoder
/// (loaded here, so a caller that needs it under the project lock loads it before); when
/// that encoder is missing it scores without embeddings and says so once.
pub fn scorer() -> &'static Scorer {
    static SCORER: std::sync::OnceLock<Scorer> = std::sync::OnceLock::new();
    SCORER.get_or_init(|| {
        let scorer = load_scorer();
        let Some(wanted) = scorer
            .model
            .as_ref()
            .and_then(|m| m.encoder_id().map(str::to_string))
        else {
            return scorer;
        };
        let scorer = match crate::triage_encoder::active() {
            Some(e) => scorer.with_encoder(e),
            None => scorer,
        };
        if scorer.missing_encoder().is_some() {
            eprintln!(
                "factdesk: the desk's check-worthiness model was trained with sentence embeddings of {wanted}, which is not installed (`factdesk model add`, docs/getting-started.md); scoring without them"
            );
        }
        scorer
    })
}

fn load_scorer() -> Scorer {
    let Ok(path) = model_path() else {
        return Scorer::builtin();
    };
    if !path.exists() {
        return Scorer::builtin();
    }
    match Model::load(&path) {
        Ok(m) => Scorer::with_model(m),
        Err(e) => {
            eprintln!(
                "factdesk: {}: {}; using the built-in check-worthiness features",
                crate::fsx::shown(&path),
                crate::error::one_line(&e)
            );
            Scorer::builtin()
        }
    }
}
