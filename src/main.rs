// Windows: a GUI program (no console window from the Start menu); a
// command started from a shell attaches to that shell's console.
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use tiepnhan::cli::{self, Cli};

fn main() -> ExitCode {
    tiepnhan::hardening::harden_process();
    if std::env::args_os().len() > 1 {
        tiepnhan::console::attach_parent();
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TIEPNHAN_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("warn,winit=error,sctk=error")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    if cli.command.is_some() || cli.version {
        // Print copies left by a process that ended without wiping them (a
        // crash), at every start of a command (the window sweeps in `App::new`).
        let vault = cli.vault.clone().or_else(tiepnhan::vault::default_dir);
        tiepnhan::vault::print_copies::sweep_at_start(vault.as_deref());
    }
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
