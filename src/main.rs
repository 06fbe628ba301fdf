fn main() {
    // Rust ignores SIGPIPE, so `factdesk claims --json | head` made `println!` panic with a
    // backtrace. Like every Unix filter, end quietly when the reader has gone. The TUI writes
    // to a terminal, never to a pipe, so it is not affected.
    // SAFETY: called first thing in main, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(factdesk::cli::main());
}
