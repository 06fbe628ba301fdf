//! The workstation: `factdesk open` and `factdesk demo`.
//!
//! input thread -> `Msg` -> `update` (pure: keymap -> action -> the component owning the
//! context) -> `Effect`s, each naming its worker -> `Msg`s back -> draw at most every 16 ms.
//! See docs/architecture.md ("The workstation") and docs/workstation.md.

pub mod action;
pub mod color;
pub mod config;
pub mod editing;
pub mod editor;
pub mod fit;
pub mod input;
pub mod keydoc;
pub mod keyfile;
pub mod keymap;
pub mod layout;
pub mod msg;
pub mod nav;
pub mod overlay;
pub mod pane;
pub mod provenance;
pub mod recovery;
pub mod run;
pub mod safe;
pub mod saving;
pub mod search;
pub mod state;
pub mod status;
pub mod text_cursor;
pub mod text_layout;
pub mod theme;
pub mod update;
pub mod view;
pub mod workers;

pub use run::{open, Options};
