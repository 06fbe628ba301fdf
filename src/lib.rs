//! factdesk: a keyboard-driven terminal workstation for fact-checkers.
//!
//! The binary is a thin shell over this library: `cli` parses commands, `project` owns the
//! on-disk project format, `edit` the changes users make to claims and verdicts, `import`
//! turns article files into claims, `text` handles language, `export` writes reports.

pub mod claimant;
pub mod cli;
pub mod demo;
pub mod desk;
pub mod edit;
pub mod error;
pub mod eval;
pub mod export;
pub mod fsx;
pub mod import;
pub mod interrupt;
pub mod library;
pub mod project;
pub mod resolve;
pub mod review;
pub mod search;
pub mod semantic;
pub mod sentence_cache;
pub mod sources;
pub mod sync;
pub mod text;
pub mod triage;
pub mod triage_encoder;
pub mod tui;
