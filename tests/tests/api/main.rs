//! The API tier: the release `umbral` binary on a loopback socket, driven over HTTP as
//! a client, a relying party or a second instance would (one test binary, so the suite
//! links once; `cargo test --release -p tests --test api <name>` runs one test).
mod access;
mod api;
mod approvers;
mod auth;
mod backup;
mod delivery;
mod devices;
mod documents;
mod hardening;
mod lifecycle;
mod oidc;
mod oidc_apache;
mod package;
mod postgres;
mod recovery;
mod share;
mod site;
mod smtp;
mod spa;
mod status;
