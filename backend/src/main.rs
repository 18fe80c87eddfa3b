//! `umbral`: the server binary.
use backend::config::{Cli, Command, ServeConfig};
use backend::store::Store;
use backend::{http, store};
use clap::Parser;
use std::sync::Arc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("UMBRAL_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(cfg) => serve(cfg).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("umbral: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

async fn serve(cfg: ServeConfig) -> Result<(), String> {
    std::fs::create_dir_all(&cfg.data_dir).map_err(|e| {
        format!(
            "cannot create data directory {}: {e}",
            cfg.data_dir.display()
        )
    })?;
    let store = store::sled_store::SledStore::open(&cfg.data_dir).map_err(|e| {
        format!(
            "cannot open the database in {}: {e}",
            cfg.data_dir.display()
        )
    })?;
    let state = Arc::new(http::AppState {
        store,
        hasher: Default::default(),
    });
    let app = http::router(state.clone(), &cfg.dist);
    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .map_err(|e| {
            format!(
                "cannot listen on {}: {e} (choose another with --listen)",
                cfg.listen
            )
        })?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%addr, data_dir = %cfg.data_dir.display(), "Umbral is listening on http://{addr}");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    state.store.flush().map_err(|e| e.to_string())?;
    tracing::info!("store flushed; bye");
    Ok(())
}
