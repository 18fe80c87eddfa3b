//! The front door: the home page and login (`pages::front`).
fn main() {
    frontend::pages::front::start();
}
