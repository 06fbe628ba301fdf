//! What `claim show` and `history` say about the desk's work on a claim: who works on it,
//! who wrote and approved the verdict, corrections, published versions, sync conflicts.

use crate::project::claim::Claim;
use crate::project::team::Conflict;
use crate::project::Project;
use crate::review;
use crate::text::one_line;

pub fn print_desk(project: &Project, c: &Claim) {
    let v = &c.verdict;
    if !c.assignee.is_empty() {
        println!("assignee:    {}", one_line(&c.assignee));
    }
    if !v.author.is_empty() {
        println!("author:      {}", one_line(&v.author));
    }
    if !v.reviewer.is_empty() {
        let state = if v.approved_hash.is_empty() {
            String::new()
        } else if review::approval_valid(c) {
            format!(", approved {} ({})", v.approved, v.approved_hash)
        } else {
            ", approval void: the verdict changed since".to_string()
        };
        println!("reviewer:    {}{state}", one_line(&v.reviewer));
    }
    if !v.review_comment.is_empty() {
        println!("review:      {}", one_line(&v.review_comment));
    }
    for k in &v.corrections {
        println!(
            "correction:  {} by {}: {}",
            k.at,
            one_line(&k.by),
            one_line(&k.text)
        );
    }
    if let Some(first) = v.published.first() {
        let last = v.published.last().unwrap_or(first);
        println!(
            "published:   {} ({} version{}, latest {}; `factdesk history {}` shows them)",
            first.at,
            v.published.len(),
            if v.published.len() == 1 { "" } else { "s" },
            last.at,
            c.id
        );
    }
    for field in crate::resolve::fields(c) {
        println!("conflict in {field} (sync kept both values):");
        for (i, value) in crate::resolve::values_of(c, &field).iter().enumerate() {
            let who = crate::resolve::value_author(project, c.id, &field, value)
                .map(|u| format!(" ({})", one_line(&u)))
                .unwrap_or_default();
            println!(
                "  {}{who}: {}",
                i + 1,
                crate::text::shorten(&one_line(&Conflict::show(value)), 200)
            );
        }
        println!(
            "  settle: factdesk claim resolve {} {field} --pick N | --value TEXT | --both",
            c.id
        );
    }
}

/// Every version that left the desk, in full: what readers saw, whatever changed since.
pub fn print_published(c: &Claim) {
    for (i, p) in c.verdict.published.iter().enumerate() {
        println!(
            "published version {} ({}, by {}): {}",
            i + 1,
            p.at,
            one_line(&p.by),
            one_line(&p.rating)
        );
        for line in p.explanation.lines() {
            println!("    {}", one_line(line));
        }
    }
}
