use std::process::ExitCode;

use clap::Parser;
use tiepnhan::cli::{self, Cli};

fn main() -> ExitCode {
    tiepnhan::hardening::harden_process();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TIEPNHAN_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("warn,winit=error,sctk=error")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    if cli.version {
        println!("{}", cli::version_text());
        return ExitCode::SUCCESS;
    }
    match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => {
            let vault_dir = match (&cli.vault, cli.demo) {
                (Some(d), _) => d.clone(),
                (None, demo) => match tiepnhan::vault::default_dir() {
                    Some(d) if demo => d.with_file_name("demo-vault"),
                    Some(d) => d,
                    None => {
                        eprintln!("tiepnhan: no data folder on this system: pass --vault DIR");
                        return ExitCode::from(2);
                    }
                },
            };
            match tiepnhan::ui::run(tiepnhan::ui::Config {
                vault_dir,
                demo: cli.demo,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("tiepnhan: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
