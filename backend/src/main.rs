//! `umbral`: the server binary. Its commands are in the library (`backend::command`).
fn main() -> std::process::ExitCode {
    backend::command::main()
}
