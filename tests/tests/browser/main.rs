//! The browser tier: the built SPA served by the release binary, driven in Debian's
//! headless chromium through chromedriver: the journeys of each role at 375 px in both
//! languages, accessibility (axe-core) and the keyboard.
mod a11y;
mod access;
mod documents;
mod helpers;
mod keyboard;
mod lifecycle;
mod login;
mod oidc;
mod passkeys;
mod recovery;
mod registration;
mod site;
mod status;
