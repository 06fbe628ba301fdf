//! The app's use of the search index: keeping it in step with `sources/` and rebuilding it.

use anyhow::Result;
use factdesk_index::store::ImportEvent;
use factdesk_index::{IndexError, SearchIndex};

use crate::error::user_error;
use crate::project::Project;
use crate::sources;

fn index_error(e: IndexError) -> anyhow::Error {
    user_error(e.to_string())
}

/// Open the project's index for reading, building it from `sources/` if it does not exist yet
/// (a fresh clone of a project has sources but no index: `index/` is not kept in git).
pub fn open(project: &Project) -> Result<SearchIndex> {
    let dir = project.index_dir();
    if !dir.exists() && !sources::list(project)?.0.is_empty() {
        eprintln!("factdesk: building the search index from sources/ (first use)");
        let (index, ..) = rebuild(project)?;
        return Ok(index);
    }
    match SearchIndex::open_or_create(&dir) {
        Err(IndexError::Outdated { .. }) => {
            eprintln!("factdesk: rebuilding the search index (built by another factdesk version)");
            let (index, ..) = rebuild(project)?;
            Ok(index)
        }
        other => other.map_err(index_error),
    }
}

/// Rebuild the index from `sources/` alone, whatever state the index folder is in (this is
/// how a damaged index is repaired). Returns the index, documents, passages and failures.
pub fn rebuild(project: &Project) -> Result<(SearchIndex, usize, usize, Vec<String>)> {
    let store = sources::store(project)?;
    let mut failures = Vec::new();
    let mut docs = 0usize;
    let iter = store.iter_docs().filter_map(|r| match r {
        Ok(doc) => {
            docs += 1;
            Some(doc)
        }
        Err(e) => {
            failures.push(e.to_string());
            None
        }
    });
    let (index, passages) = SearchIndex::rebuild_in(project.index_dir(), Default::default(), iter)
        .map_err(index_error)?;
    Ok((index, docs, passages, failures))
}

/// Applies import events to the index as they arrive, committing at the importer's
/// checkpoints (the stored files are on disk by then), so a crash mid-import loses at most the
/// index entries since the last one: `reindex` restores them from `sources/`.
pub struct IndexUpdater<'a> {
    index: &'a mut SearchIndex,
    pub error: Option<IndexError>,
}

impl<'a> IndexUpdater<'a> {
    pub fn new(index: &'a mut SearchIndex) -> Self {
        IndexUpdater { index, error: None }
    }

    pub fn apply(&mut self, ev: &ImportEvent) {
        if self.error.is_some() {
            return;
        }
        let result = match ev {
            ImportEvent::Added(doc) => self.index.add(doc).map(|_| ()),
            ImportEvent::Updated { old_id, doc } => self
                .index
                .remove(old_id)
                .and_then(|_| self.index.add(doc).map(|_| ())),
            ImportEvent::Removed(id) => self.index.remove(id),
            ImportEvent::Checkpoint => self.index.commit(),
            _ => return,
        };
        if let Err(e) = result {
            self.error = Some(e);
        }
    }

    pub fn finish(self) -> Result<()> {
        if let Some(e) = self.error {
            return Err(index_error(e));
        }
        self.index.commit().map_err(index_error)
    }
}
