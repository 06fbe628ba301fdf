//! The workstation: `factdesk open` and `factdesk demo`.
//!
//! input thread -> `Msg` -> `update` (pure) -> `Effect`s run by workers -> `Msg`s back ->
//! draw at most every 16 ms. See docs/workstation.md.

pub mod action;
pub mod article;
pub mod color;
pub mod config;
pub mod cursor;
pub mod editor;
pub mod keyfile;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod overview;
pub mod run;
pub mod safe;
pub mod search;
pub mod state;
pub mod theme;
pub mod update;
pub mod view;
pub mod visual;
pub mod workers;

pub use run::{open, Options};
