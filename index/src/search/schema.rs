//! The tantivy schema: one tantivy document per passage.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use super::analyzers;

/// Field names as they appear in the schema. `title`, `publisher`, `author`, `url` and
/// `date` are also the names users type in queries.
pub mod names {
    pub const SOURCE_ID: &str = "source_id";
    pub const SOURCE_KEY: &str = "source_key";
    pub const ORIGINAL_ID: &str = "original_id";
    pub const PASSAGE: &str = "passage";
    pub const CHAR_START: &str = "char_start";
    pub const CHAR_END: &str = "char_end";
    pub const BYTE_START: &str = "byte_start";
    pub const BYTE_END: &str = "byte_end";
    pub const BODY: &str = "body";
    pub const NUMBERS: &str = "numbers";
    pub const TITLE: &str = "title";
    pub const PUBLISHER: &str = "publisher";
    pub const AUTHOR: &str = "author";
    pub const URL: &str = "url";
    pub const DATE: &str = "date";
    pub const LANG: &str = "lang";
    pub const CAPTURE: &str = "capture";
}

/// Handles to every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    pub schema: Schema,
    /// Content hash of the source (exact, stored): deletes go through it.
    pub source_id: Field,
    /// A 64-bit hash of the source id as a fast field: grouping passages by source without
    /// reading stored documents.
    pub source_key: Field,
    pub original_id: Field,
    pub passage: Field,
    pub char_start: Field,
    pub char_end: Field,
    pub byte_start: Field,
    pub byte_end: Field,
    /// The passage: its words and, at the same positions, their stems in the source's
    /// language (see `analyzers`); also stores the text (behind its analysis marker).
    pub body: Field,
    /// The canonical terms of the passage's numbers, dates and quantities (see `numbers`),
    /// apart from the body so they do not lengthen it; not stored.
    pub numbers: Field,
    /// The source's title: words on every passage (so `title:` filters every passage), stems
    /// on its first passage only; stored like the body.
    pub title: Field,
    pub publisher: Field,
    pub author: Field,
    pub url: Field,
    pub date: Field,
    pub lang: Field,
    /// A web capture's provenance as JSON (stored only, on every passage); absent for files.
    pub capture: Field,
}

fn text(analyzer: &str, positions: bool, stored: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record),
    );
    if stored {
        options.set_stored()
    } else {
        options
    }
}

impl Fields {
    /// Builds the schema.
    pub fn build() -> Fields {
        use names::*;
        let mut b = Schema::builder();
        let stored_u64 = NumericOptions::default().set_stored();
        let source_id = b.add_text_field(SOURCE_ID, STRING | STORED);
        let source_key = b.add_u64_field(SOURCE_KEY, FAST);
        let original_id = b.add_text_field(ORIGINAL_ID, STRING | STORED);
        let passage = b.add_u64_field(PASSAGE, stored_u64.clone());
        let char_start = b.add_u64_field(CHAR_START, stored_u64.clone());
        let char_end = b.add_u64_field(CHAR_END, stored_u64.clone());
        let byte_start = b.add_u64_field(BYTE_START, stored_u64.clone());
        let byte_end = b.add_u64_field(BYTE_END, stored_u64);
        // One analysed field per text, words and stems at shared positions: each passage is
        // tokenised once (it was twice, into a stemmed and an exact field), and a stem equal
        // to its word is indexed once.
        let body = b.add_text_field(BODY, text(analyzers::TEXT, true, true));
        let numbers = b.add_text_field(NUMBERS, text(analyzers::NUM, false, false));
        let title = b.add_text_field(TITLE, text(analyzers::TEXT, true, true));
        let publisher = b.add_text_field(PUBLISHER, text(analyzers::RAW, true, true));
        let author = b.add_text_field(AUTHOR, text(analyzers::RAW, true, true));
        let url = b.add_text_field(URL, text(analyzers::RAW, true, true));
        let date = b.add_date_field(
            DATE,
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored()
                .set_precision(DateTimePrecision::Seconds),
        );
        let lang = b.add_text_field(LANG, STRING | STORED);
        let capture = b.add_text_field(CAPTURE, STORED);
        Fields {
            schema: b.build(),
            source_id,
            source_key,
            original_id,
            passage,
            char_start,
            char_end,
            byte_start,
            byte_end,
            body,
            numbers,
            title,
            publisher,
            author,
            url,
            date,
            lang,
            capture,
        }
    }

    /// Looks up the fields of an existing index's schema; `None` when it was built by an
    /// incompatible version.
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let expected = Fields::build();
        if expected.schema != *schema {
            return None;
        }
        Some(expected)
    }
}

/// The 64-bit grouping key of a source id: FNV-1a of the whole id (stable across runs and
/// versions, unlike std's hasher; collisions need ~4 billion sources).
pub fn source_key(source_id: &str) -> u64 {
    source_id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
