//! Loaders for the three benchmark formats. Errors name the file and line.

use std::path::Path;
use std::str::FromStr;

use anyhow::{anyhow, bail, Context};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON array of {text, label}.
    ClaimBuster,
    /// CSV with text, label, file_name (one debate per file name).
    Ct19,
    /// CSV with comment_text and Sub3_FactClaiming.
    GermEval,
}

impl Format {
    /// Language of the benchmark's sentences.
    pub fn lang(self) -> &'static str {
        match self {
            Format::ClaimBuster | Format::Ct19 => "en",
            Format::GermEval => "de",
        }
    }
}

impl FromStr for Format {
    type Err = anyhow::Error;
    fn from_str(s: &str) -> anyhow::Result<Format> {
        match s.to_ascii_lowercase().as_str() {
            "claimbuster" => Ok(Format::ClaimBuster),
            "ct19" | "checkthat" | "clef2019" => Ok(Format::Ct19),
            "germeval" | "germeval2021" => Ok(Format::GermEval),
            _ => bail!("unknown format {s:?}: expected claimbuster, ct19 or germeval"),
        }
    }
}

/// One labelled sentence; `group` is the debate for CheckThat! (its sentences in file
/// order), `speaker` who said it where the data names one, `id` the row's own id
/// (ClaimBuster `sentence_id`, GermEval `comment_id`) where it has one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Example {
    pub text: String,
    pub label: bool,
    pub group: Option<String>,
    pub speaker: Option<String>,
    pub id: Option<String>,
}

pub fn load(path: &Path, format: Format) -> anyhow::Result<Vec<Example>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| anyhow!("{}: not UTF-8 text ({e})", path.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match format {
        Format::ClaimBuster => load_claimbuster(path, text),
        Format::Ct19 => load_csv(path, text, &CT19_COLUMNS),
        Format::GermEval => load_csv(path, text, &GERMEVAL_COLUMNS),
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawLabel {
    Int(i64),
    Bool(bool),
    Text(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawId {
    Int(i64),
    Text(String),
}

#[derive(Deserialize)]
struct CbRow {
    #[serde(alias = "sentence")]
    text: String,
    label: RawLabel,
    #[serde(default)]
    sentence_id: Option<RawId>,
}

fn parse_label(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "1.0" => Some(true),
        "0" | "false" | "no" | "0.0" | "-1" => Some(false),
        _ => None,
    }
}

fn load_claimbuster(path: &Path, text: &str) -> anyhow::Result<Vec<Example>> {
    // Typed rows keep serde_json's line/column in every error.
    let rows: Vec<CbRow> = serde_json::from_str(text).map_err(|e| {
        anyhow!(
            "{}: line {} column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| {
            let label = match r.label {
                RawLabel::Int(n) => Some(n > 0),
                RawLabel::Bool(b) => Some(b),
                RawLabel::Text(s) => parse_label(&s),
            }
            .ok_or_else(|| {
                anyhow!(
                    "{}: element {} (text {:?}): label is not 0/1",
                    path.display(),
                    i + 1,
                    r.text.chars().take(40).collect::<String>()
                )
            })?;
            let id = r.sentence_id.map(|i| match i {
                RawId::Int(n) => n.to_string(),
                RawId::Text(s) => s,
            });
            Ok(Example {
                text: r.text,
                label,
                id,
                ..Example::default()
            })
        })
        .collect()
}

/// Labelled sentences for `triage train`, by file extension: `.json`, an
/// array of {text or sentence, label}; otherwise CSV/TSV with a header naming
/// a text column (sentence, text or comment_text) and a label column (label,
/// checkworthy or Sub3_FactClaiming), labels 0/1 or true/false.
pub fn load_labelled(path: &Path) -> anyhow::Result<Vec<Example>> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        return load(path, Format::ClaimBuster);
    }
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| anyhow!("{}: not UTF-8 text ({e})", path.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let header = text.lines().next().unwrap_or("").to_ascii_lowercase();
    let cols: Vec<&str> = header
        .split([',', '\t'])
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    let pick = |names: &[&'static str]| {
        names
            .iter()
            .copied()
            .find(|n| cols.contains(&n.to_ascii_lowercase().as_str()))
    };
    let text_col = pick(&["sentence", "text", "comment_text"]).ok_or_else(|| {
        anyhow!(
            "{}: line 1: no sentence, text or comment_text column",
            path.display()
        )
    })?;
    let label_col = pick(&["label", "checkworthy", "Sub3_FactClaiming"]).ok_or_else(|| {
        anyhow!(
            "{}: line 1: no label, checkworthy or Sub3_FactClaiming column",
            path.display()
        )
    })?;
    let columns = Columns {
        text: text_col,
        label: label_col,
        group: None,
        speaker: None,
        id: None,
    };
    load_csv(path, text, &columns)
}

/// The columns a CSV format is read from; `group`, `speaker` and `id` are optional
/// (a file without them still loads).
struct Columns<'a> {
    text: &'a str,
    label: &'a str,
    group: Option<&'a str>,
    speaker: Option<&'a str>,
    id: Option<&'a str>,
}

const CT19_COLUMNS: Columns<'static> = Columns {
    text: "text",
    label: "label",
    group: Some("file_name"),
    speaker: Some("speaker"),
    id: None,
};

const GERMEVAL_COLUMNS: Columns<'static> = Columns {
    text: "comment_text",
    label: "Sub3_FactClaiming",
    group: None,
    speaker: None,
    id: Some("comment_id"),
};

fn load_csv(path: &Path, text: &str, cols: &Columns) -> anyhow::Result<Vec<Example>> {
    let (text_col, label_col) = (cols.text, cols.label);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| anyhow!("{}: line 1: {e}", path.display()))?
        .clone();
    let find = |name: &str| -> anyhow::Result<usize> {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                anyhow!(
                    "{}: line 1: no column {name:?} (columns: {})",
                    path.display(),
                    headers.iter().collect::<Vec<_>>().join(", ")
                )
            })
    };
    let ti = find(text_col)?;
    let li = find(label_col)?;
    let gi = cols.group.map(find).transpose()?;
    let optional = |name: Option<&str>| {
        name.and_then(|n| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(n))
        })
    };
    let si = optional(cols.speaker);
    let ii = optional(cols.id);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            anyhow!("{}: line {line}: {e}", path.display())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize, name: &str| -> anyhow::Result<&str> {
            record
                .get(i)
                .ok_or_else(|| anyhow!("{}: line {line}: missing column {name:?}", path.display()))
        };
        let raw_label = field(li, label_col)?;
        let label = parse_label(raw_label).ok_or_else(|| {
            anyhow!(
                "{}: line {line}: {label_col} is {raw_label:?}, expected 0 or 1",
                path.display()
            )
        })?;
        let group = match (gi, cols.group) {
            (Some(i), Some(name)) => Some(field(i, name)?.to_string()),
            _ => None,
        };
        let cell = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        out.push(Example {
            text: field(ti, text_col)?.to_string(),
            label,
            group,
            speaker: cell(si),
            id: cell(ii),
        });
    }
    Ok(out)
}
