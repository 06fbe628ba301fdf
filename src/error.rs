//! The two kinds of failure the CLI distinguishes by exit code.
//!
//! A [`UserError`] is something the user can fix (a missing file, a broken claim file, a held
//! lock): exit code 1 and a one-line message. Anything else is a bug or an environment failure
//! we did not anticipate: exit code 2.

use std::fmt;

#[derive(Debug)]
pub struct UserError(pub String);

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

/// Build an `anyhow::Error` that the CLI reports as a user error (exit code 1).
pub fn user_error(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UserError(msg.into()))
}

/// `bail!` for user errors.
#[macro_export]
macro_rules! user_bail {
    ($($arg:tt)*) => {
        return Err($crate::error::user_error(format!($($arg)*)))
    };
}

pub const EXIT_OK: i32 = 0;
pub const EXIT_USER: i32 = 1;
pub const EXIT_INTERNAL: i32 = 2;

/// Exit code for an error: 1 when any error in the chain is a [`UserError`] or a condition of
/// the machine the user can act on (a full disk, a permission, a read-only file system), else 2.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    let users = |e: &(dyn std::error::Error + 'static)| {
        e.is::<UserError>()
            || e.downcast_ref::<std::io::Error>()
                .is_some_and(crate::fsx::is_environment)
    };
    if err.chain().any(users) {
        EXIT_USER
    } else {
        EXIT_INTERNAL
    }
}

/// One line: the error and its causes joined, as users see it, safe for a terminal (messages
/// quote file names and file contents).
pub fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let s = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => crate::fsx::io_reason(io),
            None => cause.to_string(),
        };
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    factdesk_index::sanitize::sanitize_name(&parts.join(": ").replace('\n', " "))
}
