//! Report wording in the project's language (German or English).

pub struct Labels {
    pub claims: &'static str,
    pub article: &'static str,
    pub claim: &'static str,
    pub claimant: &'static str,
    pub rating: &'static str,
    pub status: &'static str,
    pub explanation: &'static str,
    pub evidence: &'static str,
    pub no_rating: &'static str,
    pub no_claims: &'static str,
    pub source: &'static str,
    pub unknown_source: &'static str,
    pub published_by: &'static str,
    pub generated: &'static str,
    pub corrections: &'static str,
    /// Before a web capture's date: "captured 2026-11-27, sha256 …".
    pub captured: &'static str,
    /// Marks a quote kept with `--unverified`.
    pub unverified: &'static str,
    /// Before a field a sync left with two values ("Rating: “Richtig” / “Falsch”").
    pub conflict: &'static str,
}

pub fn labels(lang: &str) -> Labels {
    if lang == "de" {
        Labels {
            claims: "Behauptungen",
            article: "Artikel",
            claim: "Behauptung",
            claimant: "Urheber",
            rating: "Bewertung",
            status: "Status",
            explanation: "Begründung",
            evidence: "Belege",
            no_rating: "noch keine Bewertung",
            no_claims: "Keine geprüften Behauptungen.",
            source: "Quelle",
            unknown_source: "Quelle nicht mehr im Projekt",
            published_by: "Herausgegeben von",
            generated: "Erstellt mit factdesk",
            corrections: "Korrekturen",
            captured: "archiviert",
            unverified: "ungeprüftes Zitat: nicht im Text der Quelle gefunden",
            conflict: "Ungeklärter Sync-Konflikt",
        }
    } else {
        Labels {
            claims: "Claims",
            article: "Article",
            claim: "Claim",
            claimant: "Claimant",
            rating: "Rating",
            status: "Status",
            explanation: "Explanation",
            evidence: "Evidence",
            no_rating: "not rated yet",
            no_claims: "No checked claims.",
            source: "Source",
            unknown_source: "source no longer in the project",
            published_by: "Published by",
            generated: "Made with factdesk",
            corrections: "Corrections",
            captured: "captured",
            unverified: "unverified quote: not found in the source's text",
            conflict: "Unsettled sync conflict",
        }
    }
}

/// A status in the report's language.
pub fn status(lang: &str, s: crate::project::claim::Status) -> &'static str {
    use crate::project::claim::Status::*;
    if lang == "de" {
        match s {
            Open => "offen",
            InProgress => "in Arbeit",
            NeedsReview => "zur Abnahme",
            Done => "fertig",
        }
    } else {
        s.as_str()
    }
}

/// An evidence stance in the report's language.
pub fn stance(lang: &str, s: crate::project::claim::Stance) -> &'static str {
    use crate::project::claim::Stance::*;
    if lang == "de" {
        match s {
            Supports => "stützt",
            Refutes => "widerlegt",
            Context => "Kontext",
        }
    } else {
        s.as_str()
    }
}
