fn main() {
    std::process::exit(factdesk::cli::main());
}
