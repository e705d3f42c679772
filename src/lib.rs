//! TiepNhan: reception, trafficking screening and referral of citizens received
//! at the border. Layers: `domain` (pure) <- `vault`, `export` <- `ui`, `cli`.

pub mod app;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod console;
pub mod demo;
pub mod domain;
pub mod export;
pub mod hardening;
pub mod i18n;
pub mod ui;
pub mod vault;

/// The version line of `--version`.
pub const VERSION_LINE: &str = env!("CARGO_PKG_VERSION");
