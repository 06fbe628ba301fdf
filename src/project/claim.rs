//! A claim and its verdict: one human-readable TOML file per claim in `claims/`.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// Where a candidate sentence stands in triage. Dropped claims are kept on disk: they are the
/// desk's "not check-worthy" labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Triage {
    #[default]
    Candidate,
    Kept,
    Dropped,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Open,
    InProgress,
    NeedsReview,
    Done,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Open,
        Status::InProgress,
        Status::NeedsReview,
        Status::Done,
    ];

    /// The spelling of claim files, JSON and CSV: `open`, `in-progress`, `needs-review`, `done`.
    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in-progress",
            Status::NeedsReview => "needs-review",
            Status::Done => "done",
        }
    }

    /// The words people read: `open`, `in progress`, `needs review`, `done`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in progress",
            Status::NeedsReview => "needs review",
            Status::Done => "done",
        }
    }

    /// Accepts "in progress", "in-progress", "in_progress", "In Progress".
    pub fn parse(s: &str) -> Option<Status> {
        let norm: String = s
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == '-' || c == '_' { ' ' } else { c })
            .collect();
        Status::ALL.into_iter().find(|st| st.as_str() == norm)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Supports,
    Refutes,
    Context,
}

impl Stance {
    pub const ALL: [Stance; 3] = [Stance::Supports, Stance::Refutes, Stance::Context];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Refutes => "refutes",
            Stance::Context => "context",
        }
    }

    pub fn parse(s: &str) -> Option<Stance> {
        let s = s.trim().to_lowercase();
        Stance::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Source id (content hash) in `sources/`.
    pub source: String,
    /// A web capture: when the version quoted was captured (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured_at: Option<String>,
    pub quote: String,
    /// Character range `[start, end)` of the quote in the source's stored text, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[usize; 2]>,
    /// Kept with `--unverified`: the quote was not found in the source's text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unverified: bool,
    pub stance: Stance,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Verdict {
    /// A label of the project's scale, or free text on a written-conclusion scale. Empty: none yet.
    #[serde(default)]
    pub rating: String,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub explanation: String,
    #[serde(default)]
    pub notes: String,
    /// Who last set the rating or the explanation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// Who approved the verdict (`factdesk review approve`); empty while it is not approved.
    #[serde(default)]
    pub reviewer: String,
    /// When it was approved, and the [`super::team::verdict_hash`] of what was approved: a
    /// later change of rating or explanation no longer matches it, which voids the approval.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub approved: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub approved_hash: String,
    /// The reviewer's last comment (approval or rejection).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub review_comment: String,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<super::team::Correction>,
    /// Every version that left the desk, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub published: Vec<super::team::Publication>,
}

/// Whether a claimant is a person or an organisation (ClaimReview `Person` or
/// `Organization`). Files written before the distinction read as `Unknown`, published as a
/// person as before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
#[serde(rename_all = "lowercase")]
pub enum ClaimantKind {
    #[default]
    Unknown,
    Person,
    Organization,
}

impl ClaimantKind {
    pub fn is_unknown(&self) -> bool {
        *self == ClaimantKind::Unknown
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimantKind::Unknown => "unknown",
            ClaimantKind::Person => "person",
            ClaimantKind::Organization => "organization",
        }
    }

    /// Accepts "person", "organization", "organisation", "org".
    pub fn parse(s: &str) -> Option<ClaimantKind> {
        match s.trim().to_lowercase().as_str() {
            "person" => Some(ClaimantKind::Person),
            "organization" | "organisation" | "org" => Some(ClaimantKind::Organization),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: u32,
    pub article: String,
    /// Character range `[start, end)` in the article's normalised text.
    pub span: [usize; 2],
    pub text: String,
    #[serde(default)]
    pub triage: Triage,
    /// Check-worthiness score 0..1, when triage has scored it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// Who made the claim (for ClaimReview `itemReviewed.author`), when known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub claimant: String,
    /// Who on the desk works on the claim (`factdesk claim assign`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assignee: String,
    /// Whether the claimant is a person or an organisation.
    #[serde(default, skip_serializing_if = "ClaimantKind::is_unknown")]
    pub claimant_kind: ClaimantKind,
    /// The claimant was filled in by factdesk from the article's attribution and no person
    /// has confirmed or edited it yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub claimant_detected: bool,
    #[serde(with = "timestamp")]
    pub created: DateTime<Utc>,
    #[serde(with = "timestamp")]
    pub updated: DateTime<Utc>,
    #[serde(default)]
    pub verdict: Verdict,
    /// Fields both sides of a sync changed differently: both values, until resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<super::team::Conflict>,
}

impl Claim {
    pub fn file_name(id: u32) -> String {
        format!("{id:04}.toml")
    }

    /// The id a claim file name stands for, so a broken file still reserves its id.
    pub fn id_from_file_name(name: &str) -> Option<u32> {
        name.strip_suffix(".toml")?.parse().ok()
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("claim serialises")
    }

    pub fn parse(text: &str) -> Result<Claim, String> {
        let mut c: Claim =
            toml::from_str(text).map_err(|e| super::manifest::toml_error(&e, text))?;
        c.sanitize();
        if c.span[0] > c.span[1] {
            return Err(format!(
                "span [{}, {}] ends before it starts",
                c.span[0], c.span[1]
            ));
        }
        Ok(c)
    }

    /// Every text field made terminal-safe (see `sanitize_text`): what a claim file holds is
    /// printed by `claims`, `claim show` and the exports, and a file edited by hand, received
    /// through git or written from a command-line value may hold escape sequences (OSC 52
    /// writes the clipboard, CSI 6n makes the terminal type). Applied when a claim is read and
    /// when it is saved; idempotent.
    pub fn sanitize(&mut self) {
        let v = &mut self.verdict;
        // One line as a reader sees it: a tab or soft hyphen from the article (or a hand
        // edit) broke the listings' columns and reached the terminal as it was.
        clean(&mut self.text);
        self.text = crate::text::claim_text(&self.text);
        for s in [
            &mut self.article,
            &mut self.claimant,
            &mut self.assignee,
            &mut v.rating,
            &mut v.explanation,
            &mut v.notes,
            &mut v.author,
            &mut v.reviewer,
            &mut v.approved,
            &mut v.approved_hash,
        ] {
            clean(s);
        }
        for e in &mut v.evidence {
            clean(&mut e.source);
            clean(&mut e.quote);
            clean(&mut e.note);
            if let Some(at) = &mut e.captured_at {
                clean(at);
            }
        }
        for k in &mut self.conflicts {
            clean(&mut k.field);
            for value in k.values.iter_mut().chain(k.base.iter_mut()) {
                if let toml::Value::String(s) = value {
                    clean(s);
                }
            }
        }
    }

    /// Whether this claim is one the desk works on (not a dropped candidate).
    pub fn is_active(&self) -> bool {
        self.triage != Triage::Dropped
    }
}

/// `s` made terminal-safe in place (nothing is allocated when it already is).
pub fn clean(s: &mut String) {
    if !factdesk_index::sanitize::is_terminal_safe(s) {
        *s = factdesk_index::sanitize::sanitize_text(s);
    }
}

pub fn now() -> DateTime<Utc> {
    // Whole seconds keep the files short and make round trips exact.
    let t = Utc::now();
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}

pub fn format_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

mod timestamp {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_time(t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| serde::de::Error::custom(format!("bad timestamp {s:?}: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_parses_loosely() {
        assert_eq!(Status::parse("In Progress"), Some(Status::InProgress));
        assert_eq!(Status::parse("needs_review"), Some(Status::NeedsReview));
        assert_eq!(Status::parse("finished"), None);
    }

    #[test]
    fn toml_round_trip_keeps_multiline_explanation() {
        let c = Claim {
            id: 3,
            article: "abcd1234".into(),
            span: [10, 42],
            text: "Der Kreml erklärte heute (17.10.2023) …".into(),
            triage: Triage::Kept,
            score: Some(0.75),
            claimant: "Dmitri Peskow".into(),
            assignee: "ben".into(),
            claimant_kind: ClaimantKind::Person,
            claimant_detected: true,
            created: now(),
            updated: now(),
            verdict: Verdict {
                rating: "Richtig".into(),
                status: Status::Done,
                explanation: "Zeile eins\nZeile \"zwei\"\n\n'drei'".into(),
                notes: "n".into(),
                reviewer: "anna".into(),
                evidence: vec![Evidence {
                    source: "ff00".into(),
                    captured_at: Some("2026-11-27T09:12:44Z".into()),
                    quote: "„Zitat“".into(),
                    range: Some([1, 9]),
                    unverified: true,
                    stance: Stance::Supports,
                    note: String::new(),
                }],
                ..Verdict::default()
            },
            conflicts: vec![],
        };
        let text = c.to_toml();
        assert_eq!(Claim::parse(&text).unwrap(), c);
        assert!(
            text.contains("Zeile eins\nZeile"),
            "explanation should be a multi-line string:\n{text}"
        );
    }
}
