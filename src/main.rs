//! The `unpress` binary: a thin leaf over the library.

fn main() {
    std::process::exit(unpress::cli::run());
}
