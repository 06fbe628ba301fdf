//! A three-way merge of two TOML documents that started from a common one, key by key: what
//! one side changed is taken, what both changed alike is taken once, and what both changed
//! differently is settled by the caller's [`Policy`] for that key.

use toml::{Table, Value};

/// How to settle a key both sides changed to different values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Keep this machine's value and report both ([`Merged::conflicts`]).
    Conflict,
    /// Take the value of the side whose document changed last.
    Later,
    /// The smaller (earlier) or larger (later) value: timestamps.
    Min,
    Max,
    /// A list of records: keep what either side added, drop what either removed.
    Set,
    /// This machine's value, reported as kept ([`Merged::kept_ours`]).
    Ours,
}

/// A key both sides changed differently, recorded by [`Policy::Conflict`].
#[derive(Debug, Clone, PartialEq)]
pub struct FieldConflict {
    pub path: String,
    pub base: Option<Value>,
    pub ours: Option<Value>,
    pub theirs: Option<Value>,
}

#[derive(Debug, Default)]
pub struct Merged {
    pub table: Table,
    pub conflicts: Vec<FieldConflict>,
    /// Keys settled by [`Policy::Ours`]: the other side's value is gone.
    pub kept_ours: Vec<String>,
}

/// Which side changed last, for [`Policy::Later`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Later {
    Ours,
    Theirs,
}

pub struct Merger<'a> {
    pub policy: &'a dyn Fn(&str) -> Policy,
    pub later: Later,
}

impl Merger<'_> {
    pub fn merge(&self, base: &Table, ours: &Table, theirs: &Table) -> Merged {
        let mut out = Merged::default();
        out.table = self.merge_tables("", base, ours, theirs, &mut out);
        out
    }

    fn merge_tables(
        &self,
        prefix: &str,
        base: &Table,
        ours: &Table,
        theirs: &Table,
        out: &mut Merged,
    ) -> Table {
        let mut keys: Vec<&String> = ours.keys().collect();
        keys.extend(theirs.keys().filter(|k| !ours.contains_key(*k)));
        keys.extend(
            base.keys()
                .filter(|k| !ours.contains_key(*k) && !theirs.contains_key(*k)),
        );
        let mut table = Table::new();
        for key in keys {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            let sides = Sides {
                b: base.get(key),
                o: ours.get(key),
                t: theirs.get(key),
            };
            let merged = self.merge_value(&path, sides, out);
            if let Some(v) = merged {
                table.insert(key.clone(), v);
            }
        }
        table
    }

    fn merge_value(&self, path: &str, sides: Sides, out: &mut Merged) -> Option<Value> {
        let Sides { b, o, t } = sides;
        if o == t || t == b {
            return o.cloned();
        }
        if o == b {
            return t.cloned();
        }
        if let (Some(Value::Table(ot)), Some(Value::Table(tt))) = (o, t) {
            let empty = Table::new();
            let bt = match b {
                Some(Value::Table(bt)) => bt,
                _ => &empty,
            };
            return Some(Value::Table(self.merge_tables(path, bt, ot, tt, out)));
        }
        match (self.policy)(path) {
            Policy::Set => match (o, t) {
                (Some(Value::Array(oa)), Some(Value::Array(ta))) => {
                    let ba: &[Value] = match b {
                        Some(Value::Array(ba)) => ba,
                        _ => &[],
                    };
                    Some(Value::Array(set_merge(ba, oa, ta)))
                }
                _ => conflict(path, sides, out),
            },
            Policy::Later => match self.later {
                Later::Ours => o.cloned(),
                Later::Theirs => t.cloned(),
            },
            Policy::Min => pick_ordered(o, t, std::cmp::Ordering::Less),
            Policy::Max => pick_ordered(o, t, std::cmp::Ordering::Greater),
            Policy::Ours => {
                out.kept_ours.push(path.to_string());
                o.cloned()
            }
            Policy::Conflict => conflict(path, sides, out),
        }
    }
}

/// One key's value in the common version, this machine's and the incoming one.
#[derive(Clone, Copy)]
struct Sides<'v> {
    b: Option<&'v Value>,
    o: Option<&'v Value>,
    t: Option<&'v Value>,
}

fn conflict(path: &str, sides: Sides, out: &mut Merged) -> Option<Value> {
    out.conflicts.push(FieldConflict {
        path: path.to_string(),
        base: sides.b.cloned(),
        ours: sides.o.cloned(),
        theirs: sides.t.cloned(),
    });
    sides.o.cloned()
}

/// The value ordered `want` relative to the other (strings compare as written: RFC 3339
/// timestamps in UTC order by time); a missing one loses.
fn pick_ordered(o: Option<&Value>, t: Option<&Value>, want: std::cmp::Ordering) -> Option<Value> {
    match (o, t) {
        (Some(Value::String(a)), Some(Value::String(b))) => {
            if b.cmp(a) == want {
                t.cloned()
            } else {
                o.cloned()
            }
        }
        (Some(_), _) => o.cloned(),
        _ => t.cloned(),
    }
}

/// Records kept by either side, minus those either side removed: this machine's in its
/// order, then what only the other side added.
pub fn set_merge(base: &[Value], ours: &[Value], theirs: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for x in ours {
        if (!base.contains(x) || theirs.contains(x)) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    for y in theirs {
        if !base.contains(y) && !out.contains(y) {
            out.push(y.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Table {
        toml::from_str(s).unwrap()
    }

    fn merger(policy: &dyn Fn(&str) -> Policy) -> Merger<'_> {
        Merger {
            policy,
            later: Later::Theirs,
        }
    }

    #[test]
    fn one_sided_changes_and_equal_changes_merge_cleanly() {
        let base = t("a = 1\nb = 'x'\n[v]\nc = 'old'\nd = 'old'\n");
        let ours = t("a = 2\nb = 'x'\n[v]\nc = 'mine'\nd = 'old'\n");
        let theirs = t("a = 2\nb = 'y'\n[v]\nc = 'old'\nd = 'theirs'\n");
        let m = merger(&|_| Policy::Conflict).merge(&base, &ours, &theirs);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(
            m.table,
            t("a = 2\nb = 'y'\n[v]\nc = 'mine'\nd = 'theirs'\n")
        );
    }

    #[test]
    fn both_changed_keeps_ours_and_records_both() {
        let m = merger(&|_| Policy::Conflict).merge(&t("r = 'a'"), &t("r = 'b'"), &t("r = 'c'"));
        assert_eq!(m.table, t("r = 'b'"));
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].theirs, Some(Value::String("c".into())));
    }

    #[test]
    fn policies_settle_without_conflict() {
        let policy = |p: &str| match p {
            "first" => Policy::Min,
            "last" => Policy::Max,
            "who" => Policy::Later,
            _ => Policy::Set,
        };
        let base = t("first = '2026-01-02'\nlast = '2026-01-02'\nwho = 'a'\nlist = [1, 2, 3]");
        let ours = t("first = '2026-01-01'\nlast = '2026-01-03'\nwho = 'b'\nlist = [1, 3, 4]");
        let theirs = t("first = '2026-01-05'\nlast = '2026-01-04'\nwho = 'c'\nlist = [2, 3, 5]");
        let m = merger(&policy).merge(&base, &ours, &theirs);
        assert!(m.conflicts.is_empty());
        assert_eq!(
            m.table,
            t("first = '2026-01-01'\nlast = '2026-01-04'\nwho = 'c'\nlist = [3, 4, 5]")
        );
    }
}
