//! Opening, writing and rebuilding the index.
//!
//! Layout: `<dir>/CURRENT` names the live generation folder (`<dir>/gen-000001/`, a plain
//! tantivy index). A rebuild writes a new generation next to it and then replaces `CURRENT`
//! atomically (temp file, fsync, rename, fsync of the folder), so a crash at any moment
//! leaves either the old or the new index in place, never a mix.

use std::borrow::Borrow;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use tantivy::schema::TantivyDocument;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings, IndexWriter, ReloadPolicy, Term};

use super::directory::GenerationDirectory;
use super::schema::{source_key, Fields};
use super::{analyzers, compounds, dates, passages, query, IndexConfig, IndexError, SearchIndex};
use crate::source::SourceDoc;

const CURRENT: &str = "CURRENT";
/// Held (an advisory `flock`, released when the process dies) while a generation is created
/// and made current, so that two openers of a fresh index, or an opener and a rebuild, never
/// build the same generation folder at once.
const CREATING: &str = "CREATING.lock";
/// Why an index with another schema is rebuilt.
const OTHER_VERSION: &str = "was written by another factdesk version";
const GEN_PREFIX: &str = "gen-";

fn damaged(path: &Path, detail: impl ToString) -> IndexError {
    IndexError::Damaged {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    }
}

/// A failure to open an index: a condition of the machine (permissions, a full disk) named
/// as such, anything else taken for damage, which a rebuild repairs.
fn unreadable(path: &Path, e: tantivy::TantivyError) -> IndexError {
    match super::environment_reason(&e) {
        Some(reason) => IndexError::Unavailable {
            path: path.to_path_buf(),
            reason,
        },
        None => damaged(path, e),
    }
}

fn generation_name(n: u64) -> String {
    format!("{GEN_PREFIX}{n:06}")
}

fn generation_number(name: &str) -> Option<u64> {
    name.strip_prefix(GEN_PREFIX)?.parse().ok()
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

/// Points `CURRENT` at a generation, atomically and durably.
fn write_current(root: &Path, name: &str) -> std::io::Result<()> {
    let tmp = root.join(format!("{CURRENT}.tmp"));
    {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(name.as_bytes())?;
        f.sync_all()?;
    }
    fs::rename(&tmp, root.join(CURRENT))?;
    sync_dir(root)
}

/// Waits for any other creator of a generation in `root`; the guard releases on drop.
fn lock_creation(root: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = root.join(CREATING);
    // Put there by someone else, a FIFO would block the open and a symlink lead elsewhere.
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(&path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other(format!(
            "{} is not a regular file",
            crate::sanitize::shown_path(&path)
        )));
    }
    crate::flock::lock_exclusive(&file)?;
    Ok(file)
}

fn read_current(root: &Path) -> Result<Option<String>, IndexError> {
    match crate::bounded::read_text_bounded(&root.join(CURRENT), 4096, Some(root)) {
        Ok(s) => {
            let name = s.trim().to_string();
            if generation_number(&name).is_none() {
                return Err(damaged(
                    root,
                    format!("{CURRENT} names no index generation"),
                ));
            }
            Ok(Some(name))
        }
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => match e.io_error().filter(|io| super::is_environment(io)) {
            Some(io) => Err(IndexError::Unavailable {
                path: root.join(CURRENT),
                reason: crate::bounded::io_reason(io),
            }),
            None => Err(damaged(root, e)),
        },
    }
}

fn create_generation(dir: &Path, fields: &Fields) -> Result<Index, IndexError> {
    let splitter = compounds::configured();
    if dir.exists() {
        // Left behind by a rebuild that crashed before it was made current.
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    let directory = GenerationDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
    let index = Index::builder()
        .schema(fields.schema.clone())
        .settings(index_settings())
        .open_or_create(directory)?;
    compounds::save(dir, splitter.as_ref())?;
    analyzers::register(index.tokenizers(), splitter.map(|(s, _)| s));
    Ok(index)
}

/// zstd instead of tantivy's default lz4 for the stored passages: the stored text was the
/// largest part of the index (46% on the laws corpus, lz4) and zstd nearly halves it, while
/// a results page still decompresses only a few blocks.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(3),
        }),
        // Larger blocks compress better (laws corpus: 65 MB at 16 KiB, 56 MB at 64 KiB);
        // higher levels cost more time than they save space (level 9: 51 MB, +20% CPU).
        docstore_blocksize: 64 << 10,
        ..IndexSettings::default()
    }
}

fn open_writer(
    index: &Index,
    root: &Path,
    config: &IndexConfig,
) -> Result<IndexWriter, IndexError> {
    let threads = config.writer_threads.max(1);
    // tantivy refuses less than 15 MB per thread.
    let budget = config.writer_memory_bytes.max(threads * (16 << 20));
    index
        .writer_with_num_threads(threads, budget)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => IndexError::Locked {
                path: root.to_path_buf(),
            },
            other => other.into(),
        })
}

impl SearchIndex {
    /// Opens the index in `dir`, creating an empty one if there is none.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<SearchIndex, IndexError> {
        Self::open_or_create_with(dir, IndexConfig::default())
    }

    /// Like [`SearchIndex::open_or_create`], with explicit settings.
    pub fn open_or_create_with(
        dir: impl AsRef<Path>,
        config: IndexConfig,
    ) -> Result<SearchIndex, IndexError> {
        let root = dir.as_ref().to_path_buf();
        fs::create_dir_all(&root)?;
        let fields = Fields::build();
        let generation = match read_current(&root)? {
            Some(name) => root.join(name),
            None => {
                let _creating = lock_creation(&root)?;
                // Another opener may have made it while this one waited.
                match read_current(&root)? {
                    Some(name) => root.join(name),
                    None => {
                        let name = generation_name(1);
                        create_generation(&root.join(&name), &fields)?;
                        sync_dir(&root)?;
                        write_current(&root, &name)?;
                        root.join(name)
                    }
                }
            }
        };
        Self::open_generation(root, generation, config)
    }

    fn open_generation(
        root: PathBuf,
        generation: PathBuf,
        config: IndexConfig,
    ) -> Result<SearchIndex, IndexError> {
        if !generation.is_dir() {
            return Err(damaged(
                &root,
                format!("{} is missing", crate::sanitize::shown_path(&generation)),
            ));
        }
        let directory = GenerationDirectory::open(&generation)
            .map_err(|e| unreadable(&root, tantivy::TantivyError::from(e)))?;
        let index = Index::open(directory).map_err(|e| unreadable(&root, e))?;
        let fields = Fields::from_schema(&index.schema()).ok_or_else(|| IndexError::Outdated {
            path: root.clone(),
            why: OTHER_VERSION.into(),
        })?;
        let splitter =
            compounds::load_checked(&generation).map_err(|why| IndexError::Outdated {
                path: root.clone(),
                why,
            })?;
        analyzers::register(index.tokenizers(), splitter.clone());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| unreadable(&root, e))?;
        let (parser, fuzzy_parser) = query::parsers(&index, &fields);
        Ok(SearchIndex {
            root,
            generation,
            config,
            fields,
            index,
            reader,
            writer: None,
            parser,
            fuzzy_parser,
            splitter,
        })
    }

    /// Whether German compounds are split (the index was built with a German word list).
    pub fn splits_compounds(&self) -> bool {
        self.splitter.is_some()
    }

    /// Analyzers that analyse queries as this index analyses its texts.
    pub(crate) fn analyzers(&self) -> super::analyzers::Analyzers {
        super::analyzers::Analyzers::with_splitter(self.splitter.clone())
    }

    /// The folder the index was opened from.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Number of indexed passages (as of the last commit).
    pub fn num_passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn writer(&mut self) -> Result<&mut IndexWriter, IndexError> {
        if self.writer.is_none() {
            self.writer = Some(open_writer(&self.index, &self.root, &self.config)?);
        }
        // Just filled in above.
        self.writer
            .as_mut()
            .ok_or_else(|| IndexError::Other("index writer unavailable".into()))
    }

    /// Adds (or replaces) a source. Visible to searches after the next [`commit`].
    /// Returns the number of passages indexed.
    ///
    /// [`commit`]: SearchIndex::commit
    pub fn add(&mut self, doc: &SourceDoc) -> Result<usize, IndexError> {
        let fields = self.fields.clone();
        let config = self.config.passages;
        let root = self.root.clone();
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_text(fields.source_id, &doc.id));
        add_passages(writer, &fields, config, doc).map_err(|e| e.on_disk_of(&root))
    }

    /// Removes a source. Visible to searches after the next [`commit`](SearchIndex::commit).
    pub fn remove(&mut self, source_id: &str) -> Result<(), IndexError> {
        let field = self.fields.source_id;
        self.writer()?
            .delete_term(Term::from_field_text(field, source_id));
        Ok(())
    }

    /// Makes all adds and removes durable and visible. A crash before it loses only the
    /// changes since the previous commit.
    pub fn commit(&mut self) -> Result<(), IndexError> {
        if let Some(writer) = self.writer.as_mut() {
            writer
                .commit()
                .map_err(|e| IndexError::from(e).on_disk_of(&self.root))?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// Replaces the whole index with one built from `docs` (for `factdesk reindex`). The old
    /// index stays in place, and searchable, until the new one is complete. Returns the
    /// number of passages indexed.
    pub fn rebuild<I>(&mut self, docs: I) -> Result<usize, IndexError>
    where
        I: IntoIterator,
        I::Item: Borrow<SourceDoc>,
    {
        // Uncommitted changes to the old generation are moot: the new one replaces it.
        self.writer = None;
        let (rebuilt, passages) = Self::rebuild_in(&self.root, self.config, docs)?;
        *self = rebuilt;
        Ok(passages)
    }

    /// Builds a fresh index in `dir` from `docs` and makes it current, whatever state `dir`
    /// is in: this is how a damaged index is repaired. Returns the opened index and the
    /// number of passages indexed.
    pub fn rebuild_in<I>(
        dir: impl AsRef<Path>,
        config: IndexConfig,
        docs: I,
    ) -> Result<(SearchIndex, usize), IndexError>
    where
        I: IntoIterator,
        I::Item: Borrow<SourceDoc>,
    {
        let root = dir.as_ref().to_path_buf();
        let built = (|| {
            fs::create_dir_all(&root)?;
            let _creating = lock_creation(&root)?;
            // A damaged CURRENT must not stop a rebuild: that is how damage gets repaired.
            let previous = read_current(&root).ok().flatten();
            let next = previous.as_deref().and_then(generation_number).unwrap_or(0) + 1;
            let name = generation_name(next);
            let generation = root.join(&name);
            let fields = Fields::build();
            let index = create_generation(&generation, &fields)?;
            let mut writer = open_writer(&index, &root, &config)?;
            let mut passages = 0;
            for doc in docs {
                passages += add_passages(&mut writer, &fields, config.passages, doc.borrow())?;
            }
            writer.commit()?;
            writer.wait_merging_threads()?;
            sync_dir(&generation)?;
            sync_dir(&root)?;
            write_current(&root, &name)?;
            remove_old_generations(&root, &name);
            let opened = Self::open_generation(root.clone(), generation, config)?;
            Ok((opened, passages))
        })();
        built.map_err(|e: IndexError| e.on_disk_of(&root))
    }
}

/// Deletes generations other than `keep`. Failures are harmless (the next rebuild retries),
/// and a reader that still has old files mapped keeps them until it closes.
fn remove_old_generations(root: &Path, keep: &str) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name != keep && generation_number(&name).is_some() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn add_passages(
    writer: &mut IndexWriter,
    f: &Fields,
    config: passages::PassageConfig,
    doc: &SourceDoc,
) -> Result<usize, IndexError> {
    let mut spans = passages::split_passages(&doc.text, config);
    if spans.is_empty() {
        // Keep text-less sources findable by title and metadata.
        spans.push(passages::PassageSpan {
            chars: 0..0,
            bytes: 0..0,
        });
    }
    let date = doc
        .date
        .as_deref()
        .and_then(dates::parse_period)
        .map(|(first, _)| dates::day_to_datetime(first));
    let key = source_key(&doc.id);
    let count = spans.len();
    let stems = analyzers::Stems::for_lang(doc.language);
    let title_marked = analyzers::marked(stems, &doc.title);
    let capture = doc
        .capture
        .as_ref()
        .and_then(|c| serde_json::to_string(c).ok());
    for (n, span) in spans.into_iter().enumerate() {
        let text = &doc.text[span.bytes.clone()];
        let mut d = TantivyDocument::default();
        d.add_text(f.source_id, &doc.id);
        d.add_u64(f.source_key, key);
        if let Some(original) = &doc.original_id {
            d.add_text(f.original_id, original);
        }
        d.add_u64(f.passage, n as u64);
        d.add_u64(f.char_start, span.chars.start as u64);
        d.add_u64(f.char_end, span.chars.end as u64);
        d.add_u64(f.byte_start, span.bytes.start as u64);
        d.add_u64(f.byte_end, span.bytes.end as u64);
        // Stems only of the document's language (both when unknown). The title's stems only
        // on the first passage: on every passage they were a sixth of all tokens indexed (laws
        // corpus); its words still mark every passage.
        let body = analyzers::marked(stems, text);
        // The numbers' canonical terms, read in the same language (see `numbers`).
        d.add_text(f.numbers, &body);
        d.add_text(f.body, body);
        if n == 0 {
            // The title is part of what a source says: a claim meets it in the body of the
            // first passage, scored as the passage's own words (a separate title field,
            // scored apart, ranked SciFact's abstracts worse). Readers take the body's first
            // value, the passage text.
            if !doc.title.is_empty() {
                d.add_text(f.body, &title_marked);
            }
            d.add_text(f.title, &title_marked);
        } else {
            d.add_text(f.title, &doc.title);
        }
        d.add_text(f.publisher, &doc.publisher);
        d.add_text(f.author, &doc.author);
        d.add_text(f.url, &doc.url);
        if let Some(date) = date {
            d.add_date(f.date, date);
        }
        d.add_text(f.lang, doc.language.code());
        if let Some(capture) = &capture {
            d.add_text(f.capture, capture);
        }
        writer.add_document(d)?;
    }
    Ok(count)
}
