//! The other screens of someone not logged in (`pages::public`).
fn main() {
    frontend::pages::public::start();
}
