//! The library's tantivy schema: one document per verdict.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value,
    STORED, STRING,
};

use super::LibraryEntry;
use crate::search::analyzers;
use crate::source::Lang;

#[derive(Debug, Clone)]
pub(crate) struct LibraryFields {
    pub schema: Schema,
    /// The entry's key (exact).
    pub origin: Field,
    pub claim_de: Field,
    pub claim_en: Field,
    /// Unstemmed claim; also stores the claim text.
    pub claim: Field,
    pub rating: Field,
    pub explanation: Field,
    pub date: Field,
    pub url: Field,
    pub publisher: Field,
    pub claimant: Field,
    pub lang: Field,
}

fn text(analyzer: &str, stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    if stored {
        options.set_stored()
    } else {
        options
    }
}

impl LibraryFields {
    pub fn build() -> LibraryFields {
        let mut b = Schema::builder();
        let origin = b.add_text_field("origin", STRING | STORED);
        let claim_de = b.add_text_field("claim_de", text(analyzers::DE, false));
        let claim_en = b.add_text_field("claim_en", text(analyzers::EN, false));
        let claim = b.add_text_field("claim", text(analyzers::RAW, true));
        let rating = b.add_text_field("rating", STRING | STORED);
        let explanation = b.add_text_field("explanation", STORED);
        let date = b.add_text_field("date", STRING | STORED);
        let url = b.add_text_field("url", STORED);
        let publisher = b.add_text_field("publisher", STRING | STORED);
        let claimant = b.add_text_field("claimant", STORED);
        let lang = b.add_text_field("lang", STRING | STORED);
        LibraryFields {
            schema: b.build(),
            origin,
            claim_de,
            claim_en,
            claim,
            rating,
            explanation,
            date,
            url,
            publisher,
            claimant,
            lang,
        }
    }

    pub fn document(&self, e: &LibraryEntry) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.origin, &e.origin);
        doc.add_text(self.claim_de, &e.claim);
        doc.add_text(self.claim_en, &e.claim);
        doc.add_text(self.claim, &e.claim);
        doc.add_text(self.rating, &e.rating);
        let excerpt: String = e
            .explanation
            .chars()
            .take(super::EXPLANATION_CHARS)
            .collect();
        doc.add_text(self.explanation, &excerpt);
        doc.add_text(self.date, &e.date);
        doc.add_text(self.url, &e.url);
        doc.add_text(self.publisher, &e.publisher);
        doc.add_text(self.claimant, &e.claimant);
        doc.add_text(self.lang, e.lang.code());
        doc
    }

    pub fn entry(&self, doc: &TantivyDocument) -> LibraryEntry {
        let get = |f: Field| {
            doc.get_first(f)
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        LibraryEntry {
            origin: get(self.origin),
            claim: get(self.claim),
            rating: get(self.rating),
            explanation: get(self.explanation),
            date: get(self.date),
            url: get(self.url),
            publisher: get(self.publisher),
            claimant: get(self.claimant),
            lang: Lang::from_code(&get(self.lang)),
        }
    }
}
