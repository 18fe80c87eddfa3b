//! The browser tier: the built SPA served by the release binary, driven in Debian's
//! headless chromium through chromedriver: the journeys of each role at 375 px in both
//! languages, accessibility (axe-core) and the keyboard.
mod a11y;
mod journeys;
mod keyboard;
