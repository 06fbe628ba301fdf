//! factdesk: a keyboard-driven terminal workstation for fact-checkers.
//!
//! The binary is a thin shell over this library: `cli` parses commands, `project` owns the
//! on-disk project format, `text` the language handling, `export` the output formats.

pub mod error;
pub mod fsx;
pub mod project;
pub mod text;
