//! From the rewritten query tree to the tantivy query that runs.
//!
//! tantivy's parser turns a word into one term per field; with words and stems in one field
//! (see `analyzers`) a word must become its stems under every spelling ([`SynonymQuery`]) and
//! the word itself, which the parser cannot build. So the tree is walked here: plain words
//! (and `title:` words) are built by [`word_clauses`]; everything else (phrases, other fields,
//! ranges, regexes) is one leaf handed to tantivy's parser, whose analyzer sees no stems
//! in what users type (only indexed values carry the marker that asks for them).

use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, Query, QueryParser,
    QueryParserError, TermQuery,
};
use tantivy::query_grammar::{Occur as UserOccur, UserInputAst, UserInputLeaf};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::analyzers::{self, Analyzers};
use super::schema::{names, Fields};
use super::synonym::SynonymQuery;

/// BM25 boosts of a plain word: its stems count fully, the exact word on top of them (so
/// `Müller` ranks exact matches above `Müllers`), the title a little less.
const STEMS_BODY: f32 = 1.0;
const WORD_BODY: f32 = 0.5;
const STEMS_TITLE: f32 = 0.6;
const WORD_TITLE: f32 = 0.3;
/// A word as a part of a compound, or a compound's parts found apart.
const PART_BODY: f32 = 0.5;

/// How the tree is built.
pub(super) struct Builder<'a> {
    pub fields: &'a Fields,
    pub parser: &'a QueryParser,
    pub conjunction: bool,
    pub fuzzy: bool,
    pub lenient: bool,
    pub analyzers: Analyzers,
    /// Problems of a lenient build (parts that were dropped).
    pub warnings: Vec<QueryParserError>,
}

/// The terms of a word's stems in `field`: the German and English stem, each as the marked
/// stem term and as the word that equals it.
pub(super) fn stem_terms(analyzers: &mut Analyzers, field: Field, word: &str) -> Vec<Term> {
    let de = analyzers.stem(true, word);
    let en = analyzers.stem(false, word);
    vec![
        Term::from_field_text(field, &analyzers::stem_term(analyzers::DE_STEM, &de)),
        Term::from_field_text(field, &de),
        Term::from_field_text(field, &analyzers::stem_term(analyzers::EN_STEM, &en)),
        Term::from_field_text(field, &en),
    ]
}

fn boosted(query: Box<dyn Query>, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(BoostQuery::new(query, boost)))
}

fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

impl Builder<'_> {
    /// The query of a whole tree; `None` when nothing in it can match anything.
    pub fn build(&mut self, ast: &UserInputAst) -> Result<Box<dyn Query>, QueryParserError> {
        if all_negative(ast) {
            if !self.lenient {
                return Err(QueryParserError::AllButQueryForbidden);
            }
            self.warnings.push(QueryParserError::AllButQueryForbidden);
            return Ok(Box::new(EmptyQuery));
        }
        Ok(self
            .node(ast)?
            .unwrap_or_else(|| Box::new(EmptyQuery) as Box<dyn Query>))
    }

    fn node(&mut self, ast: &UserInputAst) -> Result<Option<Box<dyn Query>>, QueryParserError> {
        match ast {
            UserInputAst::Clause(children) => {
                let mut clauses = Vec::with_capacity(children.len());
                for (occur, child) in children {
                    let occur = match occur {
                        Some(UserOccur::Must) => Occur::Must,
                        Some(UserOccur::MustNot) => Occur::MustNot,
                        Some(UserOccur::Should) => Occur::Should,
                        None if self.conjunction => Occur::Must,
                        None => Occur::Should,
                    };
                    if let Some(q) = self.node(child)? {
                        clauses.push((occur, q));
                    }
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    return Ok(None);
                }
                Ok(Some(Box::new(BooleanQuery::new(clauses))))
            }
            UserInputAst::Boost(child, boost) => Ok(self.node(child)?.map(|q| {
                Box::new(BoostQuery::new(q, boost.into_inner() as f32)) as Box<dyn Query>
            })),
            UserInputAst::Leaf(leaf) => self.leaf(leaf),
        }
    }

    fn leaf(&mut self, leaf: &UserInputLeaf) -> Result<Option<Box<dyn Query>>, QueryParserError> {
        if let UserInputLeaf::Literal(lit) = leaf {
            let field = match lit.field_name.as_deref() {
                None => Some(None),
                Some(names::TITLE) => Some(Some(self.fields.title)),
                _ => None,
            };
            if let (Some(field), false) = (field, lit.prefix) {
                if let Some(word) = single_word(&lit.phrase) {
                    let clauses = match field {
                        None => self.word_clauses(&word),
                        Some(title) => self.title_word_clauses(title, &word),
                    };
                    return Ok(Some(Box::new(BooleanQuery::new(clauses))));
                }
            }
        }
        self.delegate(leaf)
    }

    /// A leaf tantivy's parser builds: phrases, other fields, ranges, regexes, sets.
    fn delegate(
        &mut self,
        leaf: &UserInputLeaf,
    ) -> Result<Option<Box<dyn Query>>, QueryParserError> {
        let ast = UserInputAst::Leaf(Box::new(leaf.clone()));
        if self.lenient {
            let (query, errors) = self.parser.build_query_from_user_input_ast_lenient(ast);
            self.warnings.extend(errors);
            Ok(Some(query))
        } else {
            self.parser.build_query_from_user_input_ast(ast).map(Some)
        }
    }

    /// A plain word: its stems and the word itself, in body and title.
    pub fn word_clauses(&mut self, word: &str) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields;
        let mut clauses = vec![
            boosted(
                Box::new(SynonymQuery::new(stem_terms(
                    &mut self.analyzers,
                    f.body,
                    word,
                ))),
                STEMS_BODY,
            ),
            boosted(term(f.body, word), WORD_BODY),
            boosted(
                Box::new(SynonymQuery::new(stem_terms(
                    &mut self.analyzers,
                    f.title,
                    word,
                ))),
                STEMS_TITLE,
            ),
            boosted(term(f.title, word), WORD_TITLE),
        ];
        // As a part of German compounds ("Gutachten" in "Altersgutachten"); a compound finds
        // its parts anywhere in a passage, all of them ("Privatisierung der Autobahnen").
        let de = self.analyzers.stem(true, word);
        clauses.push(boosted(
            term(f.body, &analyzers::stem_term(analyzers::DE_PART, &de)),
            PART_BODY,
        ));
        let parts = self.analyzers.parts(word);
        if !parts.is_empty() {
            let all: Vec<(Occur, Box<dyn Query>)> = parts
                .iter()
                .map(|p| {
                    let q: Box<dyn Query> =
                        Box::new(SynonymQuery::new(super::evidence::part_terms(f.body, p)));
                    (Occur::Must, q)
                })
                .collect();
            clauses.push(boosted(Box::new(BooleanQuery::new(all)), PART_BODY));
        }
        if self.fuzzy {
            for (field, boost) in [(f.body, WORD_BODY), (f.title, WORD_TITLE)] {
                let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, word), 1, true);
                clauses.push(boosted(Box::new(fuzzy), boost));
            }
        }
        clauses
    }

    fn title_word_clauses(&mut self, title: Field, word: &str) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses = vec![
            boosted(
                Box::new(SynonymQuery::new(stem_terms(
                    &mut self.analyzers,
                    title,
                    word,
                ))),
                STEMS_TITLE,
            ),
            boosted(term(title, word), WORD_TITLE),
        ];
        if self.fuzzy {
            let fuzzy = FuzzyTermQuery::new(Term::from_field_text(title, word), 1, true);
            clauses.push(boosted(Box::new(fuzzy), WORD_TITLE));
        }
        clauses
    }
}

/// Whether every leaf of the tree is excluded (`-a -b`): such a query excludes from nothing.
fn all_negative(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(children) => {
            !children.is_empty()
                && children
                    .iter()
                    .all(|(occur, child)| *occur == Some(UserOccur::MustNot) || all_negative(child))
        }
        UserInputAst::Boost(child, _) => all_negative(child),
        UserInputAst::Leaf(_) => false,
    }
}

/// The one word of `text` as the index has it; `None` for none or several.
pub(super) fn single_word(text: &str) -> Option<String> {
    let mut words = analyzers::Words::new(text);
    let mut word = String::new();
    let mut found = None;
    while words.next_into(&mut word).is_some() {
        if word.is_empty() {
            continue;
        }
        if found.is_some() {
            return None;
        }
        found = Some(word.clone());
    }
    found
}

/// Words of `text` as the index counts them.
pub(super) fn word_count(text: &str) -> usize {
    let mut words = analyzers::Words::new(text);
    let mut word = String::new();
    let mut n = 0;
    while words.next_into(&mut word).is_some() {
        n += usize::from(!word.is_empty());
    }
    n
}
