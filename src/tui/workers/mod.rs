//! The workers that run effects off the input loop: the saver (it owns the writable project
//! and so the lock), the fetcher (`:add`'s URLs), the searcher and the verdict-library
//! reader. Each takes its own command type from `msg` and answers with `Msg`s.

pub mod adding;
pub mod fetcher;
pub mod library;
pub mod saver;
pub mod searcher;
pub mod writer;

pub use fetcher::spawn_fetcher;
pub use library::spawn_worker as spawn_library;
pub use saver::{spawn_saver, Saver, Stopped};
pub use searcher::{load_searcher, spawn_searcher};
