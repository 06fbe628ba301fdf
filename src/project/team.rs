//! What a desk records on a claim beyond the verdict itself: the versions it published, the
//! corrections made after publishing, and the fields a sync found changed on both sides.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A change of a published verdict, with what changed and why (the desk's corrections policy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    pub at: String,
    pub by: String,
    pub text: String,
}

/// One version of the verdict as it left the desk (an export or `review publish`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Publication {
    pub at: String,
    pub by: String,
    pub rating: String,
    #[serde(default)]
    pub explanation: String,
    /// [`verdict_hash`] of rating and explanation: an unchanged verdict is not published twice.
    pub hash: String,
}

/// A field that both sides of a merge changed to different values. The claim keeps the value
/// of the machine that merged in the field itself; `values` holds both (that one first) until
/// `factdesk claim resolve` picks or combines them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The field's path in the claim file: `text`, `verdict.rating`, `verdict.explanation`, ...
    pub field: String,
    /// The value both sides started from (absent when both sides added the field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<toml::Value>,
    pub values: Vec<toml::Value>,
}

impl Conflict {
    /// A value as one line of text for messages and lists.
    pub fn show(v: &toml::Value) -> String {
        match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// The fingerprint of what a reviewer approves and a publication carries: rating and
/// explanation (trailing whitespace aside, which editors add and remove at will).
pub fn verdict_hash(rating: &str, explanation: &str) -> String {
    let mut h = Sha256::new();
    h.update(rating.trim().as_bytes());
    h.update([0]);
    h.update(explanation.trim_end().as_bytes());
    let digest = h.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_changes_with_rating_or_explanation_only() {
        let a = verdict_hash("Falsch", "Weil.");
        assert_eq!(a, verdict_hash("Falsch ", "Weil.\n"));
        assert_ne!(a, verdict_hash("Richtig", "Weil."));
        assert_ne!(a, verdict_hash("Falsch", "Weil nicht."));
        // The separator keeps "ab"+"c" apart from "a"+"bc".
        assert_ne!(verdict_hash("ab", "c"), verdict_hash("a", "bc"));
    }
}
