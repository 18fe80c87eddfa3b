//! The signed-in module: a logged-in person's own screens (`pages::account`).
fn main() {
    frontend::pages::account::start();
}
