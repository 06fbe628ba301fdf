//! From what a user typed to a tantivy query plus the terms to highlight.
//!
//! The grammar is tantivy's (phrases, `AND`/`OR`/`NOT`, `+`/`-`, `field:value`, ranges,
//! `^boost`); this module rewrites the parsed tree before tantivy sees it: `title:` searches
//! all three title fields, `date:`, `after:` and `before:` take plain calendar dates, and a
//! `word:` that is no field is searched as text (so `https://…` or `Art:` do not fail).

use std::fmt;

use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, QueryParserError, RangeQuery};
use tantivy::query_grammar::{
    self, Delimiter, Occur as UserOccur, UserInputAst, UserInputBound, UserInputLeaf,
    UserInputLiteral,
};
use tantivy::schema::Field;
use tantivy::{Index, Searcher, Term};

use super::build::{single_word, word_count, Builder};
use super::complete;
use super::dates;
use super::highlight::HighlightTerms;
use super::schema::{names, Fields};

/// What to search for, and how results should come back.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// The query as typed: words, `"phrases"`, `AND`/`OR`/`NOT`, `+must`, `-mustnot`,
    /// `title:`, `publisher:`, `author:`, `url:`, `lang:de`, `date:2023-10`,
    /// `date:[2023-01-01 TO 2023-12-31]`, `after:2023-01-01`, `before:2023-12-31`
    /// (`after`/`before` bounds are inclusive; partial dates name a whole year or month).
    pub query: String,
    /// Maximum number of sources returned.
    pub limit: usize,
    /// Maximum number of passages returned per source (the best ones).
    pub passages_per_source: usize,
    /// Only sources dated on or after this day (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub after: Option<String>,
    /// Only sources dated on or before this day (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub before: Option<String>,
    /// Also match words one typo away (`Nordkorae` finds `Nordkorea`).
    pub fuzzy: bool,
    /// Search as you type: never fail, drop what cannot be parsed (see
    /// [`SearchResults::warnings`](super::SearchResults::warnings)).
    pub lenient: bool,
    /// Words without operators must all match. When that finds nothing, the search is
    /// retried with any word matching and [`SearchResults::relaxed`](super::SearchResults::relaxed) is set.
    pub all_words: bool,
    /// Target snippet length in chars.
    pub snippet_chars: usize,
    /// Search as you type: unless the query ends in whitespace, its last plain word (not
    /// quoted, not a field filter, not excluded) also matches longer words that start with
    /// it, so `Contai` already finds `Container`. Words shorter than three characters are
    /// not completed.
    pub complete_last_word: bool,
}

impl SearchRequest {
    /// A request with the defaults: 20 sources, 3 passages each, all words, snippets of
    /// about 240 chars.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: 20,
            passages_per_source: 3,
            after: None,
            before: None,
            fuzzy: false,
            lenient: false,
            all_words: true,
            snippet_chars: 240,
            complete_last_word: false,
        }
    }
}

/// A query that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// What is wrong, written for the user.
    pub message: String,
    /// Byte offset into the query where the problem was noticed, when known.
    pub position: Option<usize>,
}

impl QueryError {
    fn new(message: impl Into<String>) -> Self {
        QueryError {
            message: message.into(),
            position: None,
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages quote what the user typed, which may hold escape or bidi characters.
        let message = crate::sanitize::sanitize_text(&self.message);
        match self.position {
            Some(p) => write!(f, "{} (at character {})", message, p + 1),
            None => f.write_str(&message),
        }
    }
}

impl std::error::Error for QueryError {}

/// Default fields of what tantivy's parser builds (phrases, completions) and their BM25
/// boosts; plain words are built by `build` (stems and words in both).
const DEFAULT_FIELDS: [(&str, f32); 2] = [(names::BODY, 0.5), (names::TITLE, 0.3)];

/// Builds the plain and the fuzzy query parser of an index.
pub(super) fn parsers(index: &Index, fields: &Fields) -> (QueryParser, QueryParser) {
    let default_fields: Vec<_> = DEFAULT_FIELDS
        .iter()
        .filter_map(|(name, _)| fields.schema.get_field(name).ok())
        .collect();
    let mut parser = QueryParser::for_index(index, default_fields.clone());
    for (name, boost) in DEFAULT_FIELDS {
        if let Ok(field) = fields.schema.get_field(name) {
            parser.set_field_boost(field, boost);
        }
    }
    let mut fuzzy = parser.clone();
    for field in default_fields {
        fuzzy.set_field_fuzzy(field, false, 1, true);
    }
    (parser, fuzzy)
}

/// A parsed and rewritten request: [`Parsed::query`] builds what runs, with all words required
/// or any word, without parsing, rewriting or completing the query again.
pub(super) struct Parsed {
    ast: UserInputAst,
    lenient: bool,
    fuzzy: bool,
    /// The completed word is searched with regex leaves.
    regexes: bool,
    date_filter: Option<Box<dyn Query>>,
    pub highlight: HighlightTerms,
    pub warnings: Vec<String>,
    /// The query relied on the default conjunction (no explicit operator anywhere).
    pub implicit_only: bool,
}

impl Parsed {
    /// The query to run: every word required (`conjunction`) or any; warnings of lenient
    /// requests (parts tantivy could not build) go to `warnings`.
    pub fn query(
        &self,
        fields: &Fields,
        analyzers: super::analyzers::Analyzers,
        parser: &QueryParser,
        conjunction: bool,
        warnings: &mut Vec<String>,
    ) -> Result<Box<dyn Query>, QueryError> {
        let mut parser = parser.clone();
        if self.regexes {
            parser.allow_regexes();
        }
        let mut builder = Builder {
            fields,
            parser: &parser,
            conjunction,
            fuzzy: self.fuzzy,
            lenient: self.lenient,
            analyzers,
            warnings: Vec::new(),
        };
        let built = builder.build(&self.ast);
        warnings.extend(
            builder
                .warnings
                .into_iter()
                .map(|e| parser_error(e).message),
        );
        let query = built.map_err(parser_error)?;
        Ok(match &self.date_filter {
            Some(filter) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (Occur::Must, filter.box_clone()),
            ])),
            None => query,
        })
    }
}

const TEXT_FIELDS: [&str; 4] = [names::PUBLISHER, names::AUTHOR, names::URL, names::LANG];

fn is_text_field(f: &str) -> bool {
    f == names::TITLE || f == names::BODY || TEXT_FIELDS.contains(&f)
}

struct Rewriter<'a> {
    highlight: HighlightTerms,
    errors: Vec<QueryError>,
    explicit: bool,
    /// Prefix searches became regex leaves (the parser must allow them).
    regexes: bool,
    searcher: &'a Searcher,
    fields: &'a Fields,
}

impl Rewriter<'_> {
    fn ast(&mut self, ast: UserInputAst, negated: bool) -> UserInputAst {
        match ast {
            UserInputAst::Clause(children) => UserInputAst::Clause(
                children
                    .into_iter()
                    .map(|(occur, child)| {
                        self.explicit |= occur.is_some();
                        let neg = negated ^ (occur == Some(UserOccur::MustNot));
                        (occur, self.ast(child, neg))
                    })
                    .collect(),
            ),
            UserInputAst::Boost(child, boost) => {
                UserInputAst::Boost(Box::new(self.ast(*child, negated)), boost)
            }
            UserInputAst::Leaf(leaf) => self.leaf(*leaf, negated),
        }
    }

    fn leaf(&mut self, leaf: UserInputLeaf, negated: bool) -> UserInputAst {
        match leaf {
            UserInputLeaf::Literal(lit) => self.literal(lit, negated),
            UserInputLeaf::Range {
                field: Some(field),
                lower,
                upper,
            } if field == names::DATE => self.date_range(lower, upper),
            // `word:*` asks whether a field has a value, which tantivy answers only for fast
            // fields (the date) and fails on at search time for any other word. A text field
            // always has one; any other word is the word typed as a prefix, the way `word:`
            // alone is the word.
            UserInputLeaf::Exists { field } if field != names::DATE => {
                if is_text_field(&field) {
                    UserInputAst::Leaf(Box::new(UserInputLeaf::All))
                } else {
                    self.literal(
                        UserInputLiteral {
                            field_name: None,
                            phrase: field,
                            delimiter: Delimiter::None,
                            slop: 0,
                            prefix: true,
                        },
                        negated,
                    )
                }
            }
            other => UserInputAst::Leaf(Box::new(other)),
        }
    }

    fn literal(&mut self, mut lit: UserInputLiteral, negated: bool) -> UserInputAst {
        // `pesk*` reaches here as the word with its star (tantivy's grammar knows the star
        // only after a quoted phrase): the same prefix search as `"pesk"*`.
        if matches!(lit.delimiter, Delimiter::None) && lit.phrase.len() > 1 {
            if let Some(stem) = lit.phrase.strip_suffix('*') {
                lit.phrase = stem.to_string();
                lit.prefix = true;
            }
        }
        let field = lit.field_name.clone();
        let several_words = word_count(&lit.phrase) > 1;
        match field.as_deref() {
            None => {
                if !negated {
                    self.highlight.add_phrase(&lit.phrase, lit.prefix);
                    // Unquoted "Kreml-Sprecher" also finds "Kremlsprecher": mark it too.
                    if let Some(parts) = hyphenated(&lit) {
                        self.highlight.add_phrase(&parts.concat(), false);
                    }
                }
                if lit.prefix && !several_words {
                    // `pesk*`: tantivy's prefix literal needs two words; one word is matched
                    // the way the word being typed is.
                    if let Some(word) = single_word(&lit.phrase) {
                        self.regexes = true;
                        // The word itself too, stemmed and scored as any word.
                        lit.prefix = false;
                        let mut alternatives =
                            vec![UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit)))];
                        alternatives.extend(prefix_alternatives(
                            &word,
                            self.searcher,
                            &exact_fields(self.fields),
                        ));
                        return UserInputAst::or(alternatives);
                    }
                }
                if several_words {
                    // A phrase (quoted, hyphenated or a date) means these exact words in this
                    // order: only the exact fields keep positions.
                    let phrase = in_fields(&lit, &[names::BODY, names::TITLE]);
                    match hyphenated(&lit) {
                        Some(parts) => hyphen_alternatives(phrase, &parts),
                        None => phrase,
                    }
                } else {
                    UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit)))
                }
            }
            Some(names::TITLE) if lit.prefix && !several_words => match single_word(&lit.phrase) {
                Some(word) => {
                    self.regexes = true;
                    lit.prefix = false;
                    let mut alternatives = vec![in_fields(&lit, &[names::TITLE])];
                    let title = [(names::TITLE, self.fields.title)];
                    alternatives.extend(prefix_alternatives(&word, self.searcher, &title));
                    UserInputAst::or(alternatives)
                }
                None => UserInputAst::empty_query(),
            },
            Some(names::TITLE) if several_words => in_fields(&lit, &[names::TITLE]),
            Some(names::TITLE) => in_fields(&lit, &[names::TITLE]),
            Some(f) if is_text_field(f) => {
                UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit)))
            }
            Some(names::DATE) => {
                let bound = UserInputBound::Inclusive(lit.phrase.clone());
                self.date_range(bound.clone(), bound)
            }
            Some("after") => self.date_range(
                UserInputBound::Inclusive(lit.phrase.clone()),
                UserInputBound::Unbounded,
            ),
            Some("before") => self.date_range(
                UserInputBound::Unbounded,
                UserInputBound::Inclusive(lit.phrase.clone()),
            ),
            Some(other) => {
                // Not a field: the user meant the text, colon included.
                lit.phrase = format!("{other}:{}", lit.phrase);
                lit.field_name = None;
                lit.delimiter = Delimiter::DoubleQuotes;
                if !negated {
                    self.highlight.add_phrase(&lit.phrase, lit.prefix);
                }
                UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit)))
            }
        }
    }

    fn date_bound(&mut self, bound: UserInputBound, upper: bool) -> UserInputBound {
        let convert = |text: &str| dates::parse_period(text);
        match bound {
            UserInputBound::Unbounded => UserInputBound::Unbounded,
            UserInputBound::Inclusive(t) | UserInputBound::Exclusive(t) if t == "*" => {
                UserInputBound::Unbounded
            }
            UserInputBound::Inclusive(t) => match convert(&t) {
                Some((first, last)) => UserInputBound::Inclusive(dates::day_to_rfc3339(if upper {
                    last
                } else {
                    first
                })),
                None => self.bad_date(&t),
            },
            UserInputBound::Exclusive(t) => match convert(&t) {
                Some((first, last)) => UserInputBound::Exclusive(dates::day_to_rfc3339(if upper {
                    first
                } else {
                    last
                })),
                None => self.bad_date(&t),
            },
        }
    }

    fn bad_date(&mut self, text: &str) -> UserInputBound {
        self.errors.push(QueryError::new(format!(
            "'{text}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
        )));
        UserInputBound::Unbounded
    }

    fn date_range(&mut self, lower: UserInputBound, upper: UserInputBound) -> UserInputAst {
        let lower = self.date_bound(lower, false);
        let upper = self.date_bound(upper, true);
        UserInputAst::Leaf(Box::new(UserInputLeaf::Range {
            field: Some(names::DATE.to_string()),
            lower,
            upper,
        }))
    }
}

/// Shortest word (in chars) that is completed: shorter prefixes match a large part of the
/// term dictionary and say too little about what the user is after.
const MIN_COMPLETION_CHARS: usize = 3;

/// The query ends inside a word (the user is still typing it).
fn ends_in_word(query: &str) -> bool {
    query.chars().last().is_some_and(char::is_alphanumeric)
}

/// Completions of the word being typed searched as ordinary terms (per field), so prefix
/// matches are ranked (see `complete`).
const RANKED_COMPLETIONS: usize = 8;

/// Search as you type: the last plain word of the query also matches, as a prefix, the
/// exact-form fields (`body`, `title`). tantivy's parser has no one-word prefix query, so
/// the word becomes `word OR body:/word.*/ OR title:/word.*/`, plus its most frequent
/// completions in each field as plain terms, which rank what the flat-scored prefix finds.
/// Returns whether it did.
fn complete_last_word(
    ast: &mut UserInputAst,
    highlight: &mut HighlightTerms,
    searcher: &Searcher,
    fields: &Fields,
) -> bool {
    let slot = match ast {
        UserInputAst::Clause(children) => match children.last_mut() {
            Some((occur, child)) if *occur != Some(UserOccur::MustNot) => child,
            _ => return false,
        },
        leaf => leaf,
    };
    let Some(word) = plain_word(slot) else {
        return false;
    };
    if word.chars().count() < MIN_COMPLETION_CHARS {
        return false;
    }
    highlight.add_prefix(&word);
    let mut alternatives = vec![std::mem::replace(slot, UserInputAst::empty_query())];
    alternatives.extend(prefix_alternatives(&word, searcher, &exact_fields(fields)));
    *slot = UserInputAst::or(alternatives);
    true
}

/// Words starting with `word` (lowercased) in exact-form fields (`body`, `title`): a regex
/// leaf per field, which finds them all with one flat score, plus the field's most frequent
/// completions as plain terms, which rank what the regex finds.
fn prefix_alternatives(
    word: &str,
    searcher: &Searcher,
    targets: &[(&str, Field)],
) -> Vec<UserInputAst> {
    let pattern = format!("{}.*", regex_escape(word));
    let mut alternatives = Vec::new();
    for &(name, field) in targets {
        alternatives.push(UserInputAst::Leaf(Box::new(UserInputLeaf::Regex {
            field: Some(name.to_string()),
            pattern: pattern.clone(),
        })));
        let completions = complete::frequent_completions(searcher, field, word, RANKED_COMPLETIONS);
        alternatives.extend(completions.into_iter().filter(|c| c != word).map(|term| {
            UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(UserInputLiteral {
                field_name: Some(name.to_string()),
                phrase: term,
                delimiter: Delimiter::None,
                slop: 0,
                prefix: false,
            })))
        }));
    }
    alternatives
}

/// The fields that keep exact word forms, where prefixes are looked up.
fn exact_fields(fields: &Fields) -> [(&'static str, Field); 2] {
    [(names::BODY, fields.body), (names::TITLE, fields.title)]
}

/// The word of an unquoted, unfielded one-word literal, as the exact fields index it.
fn plain_word(ast: &UserInputAst) -> Option<String> {
    let UserInputAst::Leaf(leaf) = ast else {
        return None;
    };
    let UserInputLeaf::Literal(lit) = leaf.as_ref() else {
        return None;
    };
    if lit.field_name.is_some() || !matches!(lit.delimiter, Delimiter::None) || lit.prefix {
        return None;
    }
    single_word(&lit.phrase)
}

/// `text` matched literally by a regex (tokens are letters and digits, but the pattern
/// must never be able to widen what is matched).
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The literal searched in each of `fields`, any of them matching.
/// The parts of a hyphenated compound typed without quotes ("Kreml-Sprecher"). Quoted, it
/// is the phrase as written and nothing else.
fn hyphenated(lit: &UserInputLiteral) -> Option<Vec<String>> {
    let unquoted = matches!(lit.delimiter, Delimiter::None) && !lit.prefix;
    unquoted
        .then(|| super::analyzers::hyphen_parts(&lit.phrase))
        .flatten()
}

/// A hyphenated compound as a German desk writes it either way: the phrase of its parts, the
/// word they make joined ("Kreml-Sprecher" finds "Kremlsprecher", stems and compound parts
/// as for any word), and, weighing [`APART_BOOST`], all its parts anywhere in a passage, as a
/// split compound's parts are found. The index holds the joined form of hyphenated text too, so
/// "Kremlsprecher" finds "Kreml-Sprecher".
/// Parts found apart count for less than either spelling of the compound: two words score
/// about twice one, so a half would still rank "Sprecher … Kreml" above "Kremlsprecher".
const APART_BOOST: f64 = 0.2;

fn hyphen_alternatives(phrase: UserInputAst, parts: &[String]) -> UserInputAst {
    let word = |text: String| {
        UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(UserInputLiteral {
            field_name: None,
            phrase: text,
            delimiter: Delimiter::None,
            slop: 0,
            prefix: false,
        })))
    };
    let apart = UserInputAst::and(parts.iter().cloned().map(word).collect());
    UserInputAst::or(vec![
        phrase,
        word(parts.concat()),
        UserInputAst::Boost(Box::new(apart), APART_BOOST.into()),
    ])
}

fn in_fields(lit: &UserInputLiteral, fields: &[&str]) -> UserInputAst {
    let leaves: Vec<UserInputAst> = fields
        .iter()
        .map(|name| {
            let mut l = lit.clone();
            l.field_name = Some(name.to_string());
            UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(l)))
        })
        .collect();
    match <[UserInputAst; 1]>::try_from(leaves) {
        Ok([only]) => only,
        Err(leaves) => UserInputAst::or(leaves),
    }
}

fn parser_error(e: QueryParserError) -> QueryError {
    let message = match e {
        QueryParserError::SyntaxError(s) => format!("cannot read the query: {s}"),
        QueryParserError::FieldDoesNotExist(f) => format!("there is no field '{f}'"),
        QueryParserError::AllButQueryForbidden => {
            "the query only excludes words: add a word to search for".to_string()
        }
        QueryParserError::RangeMustNotHavePhrase => "a range cannot contain a phrase".into(),
        QueryParserError::FieldDoesNotHavePositionsIndexed(f) => {
            format!("'{f}' matches single words only: search phrases without a field or in title:")
        }
        QueryParserError::DateFormatError(_) => {
            "dates are written YYYY-MM-DD, YYYY-MM or YYYY".to_string()
        }
        other => format!("cannot use the query: {other}"),
    };
    QueryError::new(message)
}

/// A date filter from a request's `after`/`before`.
fn date_filter(
    fields: &Fields,
    after: Option<&str>,
    before: Option<&str>,
) -> Result<Option<Box<dyn Query>>, QueryError> {
    use std::ops::Bound;
    if after.is_none() && before.is_none() {
        return Ok(None);
    }
    let parse = |text: &str| {
        dates::parse_period(text).ok_or_else(|| {
            QueryError::new(format!(
                "'{text}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
            ))
        })
    };
    let lower = match after {
        Some(t) => Bound::Included(Term::from_field_date(
            fields.date,
            dates::day_to_datetime(parse(t)?.0),
        )),
        None => Bound::Unbounded,
    };
    let upper = match before {
        Some(t) => Bound::Included(Term::from_field_date(
            fields.date,
            dates::day_to_datetime(parse(t)?.1),
        )),
        None => Bound::Unbounded,
    };
    Ok(Some(Box::new(RangeQuery::new(lower, upper))))
}

/// How deeply a query may nest brackets and NOT/-/+ before it is refused (strict) or read
/// as plain words (lenient).
const MAX_NESTING: usize = 64;

/// The deepest nesting of brackets plus a run of prefix operators in `text`.
fn nesting(text: &str) -> usize {
    let (mut depth, mut max, mut unary) = (0usize, 0usize, 0usize);
    for word in text.split_whitespace() {
        let mut rest = word;
        loop {
            if let Some(r) = rest.strip_prefix('(') {
                depth += 1;
                rest = r;
            } else if let Some(r) = rest.strip_prefix(['-', '+']) {
                unary += 1;
                rest = r;
            } else {
                break;
            }
        }
        if rest == "NOT" {
            unary += 1;
        } else if !rest.is_empty() {
            unary = 0;
        }
        max = max.max(depth + unary);
        depth = depth.saturating_sub(rest.matches(')').count());
    }
    max
}

/// The words of `text` without brackets and operators.
fn words_only(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')'))
        .map(|w| w.trim_start_matches(['-', '+']))
        .filter(|w| !w.is_empty() && !matches!(*w, "NOT" | "AND" | "OR"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses a request. Strict requests fail on the first problem; lenient ones report
/// problems as warnings and search for what could be understood.
pub(super) fn parse(
    fields: &Fields,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<Parsed, QueryError> {
    let mut text = request.query.trim();
    let mut warnings = Vec::new();
    // The grammar recurses once per bracket and per NOT: 10,000 of them overflowed the
    // stack (on a worker thread's smaller stack, far fewer). Nobody writes such a query.
    let flattened;
    let depth = nesting(text);
    if depth > MAX_NESTING {
        let why = format!(
            "the query nests {depth} levels deep (brackets and NOT); at most {MAX_NESTING} are read"
        );
        if !request.lenient {
            return Err(QueryError::new(why));
        }
        warnings.push(format!("{why}: searched for its words only"));
        flattened = words_only(text);
        text = &flattened;
    }
    let ast = if request.lenient {
        let (ast, errors) = query_grammar::parse_query_lenient(text);
        warnings.extend(errors.into_iter().map(|e| e.message));
        ast
    } else {
        match query_grammar::parse_query(text) {
            Ok(ast) => ast,
            Err(_) => {
                let (_, errors) = query_grammar::parse_query_lenient(text);
                let first = errors.into_iter().next();
                return Err(QueryError {
                    message: first.as_ref().map_or_else(
                        || "cannot read the query (check quotes and brackets)".to_string(),
                        |e| format!("cannot read the query: {}", e.message),
                    ),
                    position: first.map(|e| e.pos),
                });
            }
        }
    };
    let mut rewriter = Rewriter {
        highlight: HighlightTerms::default(),
        errors: Vec::new(),
        explicit: false,
        regexes: false,
        searcher,
        fields,
    };
    let mut ast = rewriter.ast(ast, false);
    let completed = request.complete_last_word
        && ends_in_word(&request.query)
        && complete_last_word(&mut ast, &mut rewriter.highlight, searcher, fields);
    if !request.lenient {
        if let Some(e) = rewriter.errors.into_iter().next() {
            return Err(e);
        }
    } else {
        warnings.extend(rewriter.errors.into_iter().map(|e| e.message));
    }
    let filter = match date_filter(fields, request.after.as_deref(), request.before.as_deref()) {
        Ok(f) => f,
        Err(e) if request.lenient => {
            warnings.push(e.message);
            None
        }
        Err(e) => return Err(e),
    };
    let mut highlight = rewriter.highlight;
    if request.fuzzy {
        highlight.fuzzy_distance = 1;
    }
    Ok(Parsed {
        ast,
        lenient: request.lenient,
        fuzzy: request.fuzzy,
        regexes: completed || rewriter.regexes,
        date_filter: filter,
        highlight,
        warnings,
        implicit_only: !rewriter.explicit,
    })
}
