//! The isolated PDF extractor as a stand-alone program: `factdesk-index-extract-pdf FILE`.
//! The app has the same as its hidden `__extract-pdf` subcommand; this one is what the
//! crate's own tests run.

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: factdesk-index-extract-pdf FILE");
        std::process::exit(2);
    };
    std::process::exit(factdesk_index::pdf::run_extract_pdf_child(
        std::path::Path::new(&path),
    ));
}
