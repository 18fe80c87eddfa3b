//! The help desk's console (`pages::help_desk`).
fn main() {
    frontend::pages::help_desk::start();
}
