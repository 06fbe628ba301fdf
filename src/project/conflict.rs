//! Git merge conflicts left in a project's text files: a failed `git merge` or `git pull`
//! writes both versions between `<<<<<<<`, `=======` and `>>>>>>>` lines. Such a file is
//! reported as a conflict (with its lines), not as a syntax error somewhere inside it.

use std::path::Path;

/// Whether `line` is one of the lines git writes around the two sides of a conflict.
pub fn is_marker_line(line: &str) -> bool {
    let line = line.trim_end_matches('\r');
    ["<<<<<<<", ">>>>>>>", "|||||||"]
        .iter()
        .any(|m| line == *m || line.strip_prefix(m).is_some_and(|r| r.starts_with(' ')))
        || line == "======="
}

/// "git merge conflict in claims/0001.toml (lines 3-9): ..." when `text` holds one, naming the
/// file relative to the project `root`.
pub fn describe(root: &Path, path: &Path, text: &str) -> Option<String> {
    let mut first = None;
    let mut last = None;
    for (i, line) in text.lines().enumerate() {
        let l = line.trim_end_matches('\r');
        if first.is_none() && (l == "<<<<<<<" || l.starts_with("<<<<<<< ")) {
            first = Some(i + 1);
        }
        if first.is_some() && (l == ">>>>>>>" || l.starts_with(">>>>>>> ")) {
            last = Some(i + 1);
        }
    }
    let (first, last) = (first?, last?);
    let name = path.strip_prefix(root).unwrap_or(path);
    Some(format!(
        "git merge conflict in {} (lines {first}-{last}): keep the right version, delete the \
         <<<<<<< ======= >>>>>>> lines, then `git add` the file",
        crate::fsx::shown(name)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicts_are_found_with_their_lines() {
        let text = "id = 1\n<<<<<<< HEAD\nrating = \"Falsch\"\n=======\nrating = \"Richtig\"\n>>>>>>> origin/main\n";
        let root = Path::new("/p");
        let msg = describe(root, &root.join("claims/0001.toml"), text).unwrap();
        assert!(
            msg.starts_with("git merge conflict in claims/0001.toml (lines 2-6)"),
            "{msg}"
        );
        assert!(describe(root, &root.join("x"), "a = \"=======\"\n").is_none());
        assert!(is_marker_line("======="));
        assert!(is_marker_line(">>>>>>> theirs"));
        assert!(!is_marker_line("<<<<<<<<"));
        assert!(!is_marker_line("text = \"<<<<<<< \""));
    }
}
