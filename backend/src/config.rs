//! Flags and `UMBRAL_*` environment variables, in one struct.
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "umbral",
    version,
    about = "Umbral: a self-hostable identity and access portal"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the SPA and the JSON API on one port.
    Serve(ServeConfig),
}

#[derive(Args, Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "UMBRAL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Directory of the sled database and the outbox.
    #[arg(long, env = "UMBRAL_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// The built SPA (trunk's output).
    #[arg(long, env = "UMBRAL_DIST", default_value = "./dist")]
    pub dist: PathBuf,
}
