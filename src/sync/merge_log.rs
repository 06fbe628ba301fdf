//! The merge driver for `changes.jsonl`: the union of both logs, ordered by time, each entry
//! once. Both sides only ever appended, so what they share is a common beginning; what each
//! added after it is interleaved by time (ties by the line itself, so the result does not
//! depend on which side merges).

use std::collections::HashSet;

fn entries(text: &str) -> Vec<&str> {
    // A line that is not a JSON object is what a crash mid-append leaves: nothing to keep.
    text.split('\n')
        .filter(|l| {
            !l.trim().is_empty()
                && serde_json::from_str::<serde_json::Value>(l).is_ok_and(|v| v.is_object())
        })
        .collect()
}

fn at(line: &str) -> String {
    serde_json::from_str::<serde_json::Value>(line)
        .ok()
        .and_then(|v| v.get("at").and_then(|a| a.as_str()).map(str::to_string))
        .unwrap_or_default()
}

/// The merged log's text (`_base` is all in both sides' shared beginning).
pub fn merge_log(_base: &str, ours: &str, theirs: &str) -> String {
    let o = entries(ours);
    let t = entries(theirs);
    let shared = o.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = o[..shared].to_vec();
    let mut seen: HashSet<&str> = out.iter().copied().collect();
    let (mut i, mut j) = (shared, shared);
    while i < o.len() || j < t.len() {
        let take_ours = match (o.get(i), t.get(j)) {
            (Some(a), Some(b)) => (at(a), *a) <= (at(b), *b),
            (Some(_), None) => true,
            _ => false,
        };
        let line = if take_ours {
            i += 1;
            o[i - 1]
        } else {
            j += 1;
            t[j - 1]
        };
        if seen.insert(line) {
            out.push(line);
        }
    }
    let mut text = out.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(at: &str, action: &str) -> String {
        format!("{{\"at\":\"{at}\",\"user\":\"u\",\"action\":\"{action}\"}}")
    }

    #[test]
    fn union_by_time_without_duplicates_and_symmetric() {
        let shared = format!("{}\n{}\n", line("T1", "a"), line("T2", "b"));
        let ours = format!("{shared}{}\n{}\n", line("T3", "ours"), line("T5", "ours2"));
        let theirs = format!(
            "{shared}{}\n{}\n",
            line("T4", "theirs"),
            line("T5", "ours2")
        );
        let merged = merge_log(&shared, &ours, &theirs);
        let actions: Vec<String> = merged
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["action"].to_string())
            .collect();
        assert_eq!(
            actions,
            ["\"a\"", "\"b\"", "\"ours\"", "\"theirs\"", "\"ours2\""]
        );
        assert_eq!(merged, merge_log(&shared, &theirs, &ours));
    }

    #[test]
    fn torn_lines_are_dropped() {
        let ours = format!("{}\n{{\"at\":\"T", line("T1", "a"));
        let merged = merge_log("", &ours, &format!("{}\n", line("T2", "b")));
        assert_eq!(merged.lines().count(), 2);
    }
}
