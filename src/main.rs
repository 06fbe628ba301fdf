fn main() {
    // Like any Unix filter: `factdesk claims | head` ends quietly when the reader goes away,
    // instead of panicking on a broken pipe.
    // SAFETY: setting a signal disposition before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(factdesk::cli::main());
}
