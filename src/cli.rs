//! Headless commands: the stable contract used by tests and scripts.
//! Passphrases come from standard input (the user's on the first line), never
//! from arguments. Exit codes: 0 success, 1 a check failed or input was
//! rejected (one line on stderr), 2 usage error.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use chrono::Utc;
use clap::{Args, Parser, Subcommand};
use zeroize::Zeroizing;

use crate::domain::screening::{self, Catalog, ScreeningInput};
use crate::vault::keyring::KdfParams;
use crate::vault::{self, NewVault, Unit, UnitKind, Vault, VaultError};

#[derive(Debug, Parser)]
#[command(
    name = "tiepnhan",
    about = "TiepNhan: reception, screening and referral of returned citizens",
    disable_version_flag = true
)]
pub struct Cli {
    /// Print the version, the SQLCipher version and the screening catalog version.
    #[arg(short = 'V', long)]
    pub version: bool,
    /// The vault folder (default: the platform data folder).
    #[arg(long, global = true)]
    pub vault: Option<PathBuf>,
    /// Open a demo vault with synthetic cases (created on first use).
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a vault; prints the recovery code.
    Init(InitArgs),
    /// Create a vault with synthetic cases (user "demo").
    Demo(DemoArgs),
    /// Check integrity: page HMACs, structure, the audit chain and its anchor.
    Check(CheckArgs),
    /// Evaluate screening answers: JSON in on stdin, result JSON out.
    Screen,
    /// Export a document package.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Period statistics (or the anonymised dataset) as CSV, XLSX or PDF.
    Report(ReportArgs),
    /// Named report periods ("Đợt cao điểm 01/7–30/9/2024"): list, add, remove.
    #[command(subcommand)]
    Period(PeriodCommand),
    /// The unit's signing key.
    #[command(subcommand, name = "unit-key")]
    UnitKey(UnitKeyCommand),
    /// Trusted sending units.
    #[command(subcommand)]
    Trust(TrustCommand),
    /// Transfer bundles between vaults.
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Write a verified, encrypted backup of the vault into a new folder under --out.
    Backup {
        #[arg(long)]
        user: String,
        /// The folder (a USB stick, a second disk) that receives the backup folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup folder into --vault (an administrator's passphrase on stdin).
    Restore {
        #[arg(long)]
        user: String,
        /// The backup folder (tiepnhan-backup-...).
        #[arg(long)]
        from: PathBuf,
        /// Confirm replacing a vault that is newer than the backup (what is lost is printed first).
        #[arg(long)]
        replace_newer: bool,
    },
    /// Read identity from papers: a CCCD's QR text or a passport's MRZ.
    #[command(subcommand)]
    Id(IdCommand),
    /// Reception batches: import the handover list, write it back.
    #[command(subcommand)]
    Batch(BatchCommand),
    /// User accounts (an administrator's passphrase on stdin).
    #[command(subcommand)]
    User(UserCommand),
    /// Retention (administrators): remove what the periods say is due; `--dry-run` only counts it.
    Retention(RetentionArgs),
    /// The person's own data (Law 91/2025).
    #[command(subcommand)]
    Subject(SubjectCommand),
    /// Attach a JPEG, PNG or PDF (at most 20 MB) to a case or a batch;
    /// images lose their metadata. Prints the attachment as JSON.
    Attach(AttachArgs),
    /// Measure every hot path, encrypted and against plain SQLite.
    Bench {
        #[arg(long, default_value_t = 200_000)]
        cases: usize,
        /// Also write the figures to this file.
        #[arg(long)]
        json: Option<PathBuf>,
    },
}

/// The `--version` text.
pub fn version_text() -> String {
    let catalog = Catalog::builtin()
        .map(|c| c.version.clone())
        .unwrap_or_else(|e| format!("invalid: {e}"));
    format!(
        "tiepnhan {}\nSQLCipher {}\nscreening catalog {}",
        crate::VERSION_LINE,
        crate::vault::sqlcipher_version().unwrap_or_else(|| "unknown".into()),
        catalog
    )
}

#[derive(Debug, Subcommand)]
pub enum UnitKeyCommand {
    /// Write this unit's public key to a file for the receiving desk.
    Export {
        #[arg(long)]
        user: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// Trust a sending unit's public key file.
    Add {
        #[arg(long)]
        user: String,
        #[arg(long)]
        key: PathBuf,
    },
    /// Stop trusting a sending unit (its fingerprint, as `trust add` printed it).
    Remove {
        #[arg(long)]
        user: String,
        #[arg(long)]
        fingerprint: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. Stdin: the administrator's passphrase, then the new
    /// user's initial password (which they must change at first sign-in).
    Add {
        #[arg(long)]
        admin: String,
        #[arg(long)]
        name: String,
        /// officer | supervisor | admin
        #[arg(long, value_parser = ["officer", "supervisor", "admin"])]
        role: String,
        /// The display name (default: the username).
        #[arg(long)]
        full_name: Option<String>,
    },
    /// Deactivate an account: re-keys the vault and prints the new recovery code.
    Deactivate {
        #[arg(long)]
        admin: String,
        #[arg(long)]
        name: String,
    },
    /// List the accounts.
    List {
        #[arg(long)]
        admin: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Export cases as a signed, encrypted bundle.
    Export {
        #[arg(long)]
        user: String,
        #[arg(long)]
        out: PathBuf,
        /// Encrypt to a passphrase (the second line of standard input).
        #[arg(
            long,
            conflicts_with = "recipient",
            required_unless_present = "recipient"
        )]
        passphrase: bool,
        /// Encrypt to the desk's age public key (age1...).
        #[arg(long)]
        recipient: Option<String>,
        /// Only what changed since the last bundle to this recipient.
        #[arg(long)]
        since_last: bool,
    },
    /// Check a bundle and show what it would change; write only with --yes.
    Import {
        #[arg(long)]
        user: String,
        #[arg(long = "in")]
        input: PathBuf,
        /// The desk's age identity file (for bundles sent to its public key).
        #[arg(long)]
        identity: Option<PathBuf>,
        #[arg(long)]
        yes: bool,
        /// The largest bundle read, in MiB (checked before reading).
        #[arg(long, default_value_t = crate::export::bundle::DEFAULT_MAX_BYTES >> 20)]
        max_mib: u64,
    },
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(long)]
    pub user: String,
    /// First day, YYYY-MM-DD.
    #[arg(
        long,
        required_unless_present = "period",
        requires = "to",
        conflicts_with = "period"
    )]
    pub from: Option<chrono::NaiveDate>,
    /// Last day, YYYY-MM-DD.
    #[arg(long, requires = "from", conflicts_with = "period")]
    pub to: Option<chrono::NaiveDate>,
    /// A period an administrator named (`tiepnhan period list`), instead of --from/--to.
    #[arg(long)]
    pub period: Option<String>,
    /// A confidentiality mark printed on the PDF: mat | toi-mat | tuyet-mat.
    #[arg(long, value_parser = ["mat", "toi-mat", "tuyet-mat"])]
    pub mark: Option<String>,
    /// csv | xlsx | pdf | dataset (the anonymised case-level CSV, k = 11)
    #[arg(long, value_parser = ["csv", "xlsx", "pdf", "dataset"])]
    pub format: String,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct RetentionArgs {
    #[arg(long)]
    pub user: String,
    /// Count what is due, remove nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum SubjectCommand {
    /// The person's own copy of their data: an AES-256 ZIP (a PDF and
    /// subject.json); prints its passphrase.
    Export(SubjectExportArgs),
}

#[derive(Debug, Args)]
pub struct SubjectExportArgs {
    #[arg(long)]
    pub user: String,
    /// The case number (e.g. MB-2026-00017).
    #[arg(long)]
    pub case: String,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum PeriodCommand {
    /// The named periods as JSON lines: {"name","from","to"}.
    List {
        #[arg(long)]
        user: String,
    },
    /// Name a period (administrators); an existing name gets the new dates.
    Add {
        #[arg(long)]
        user: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        from: chrono::NaiveDate,
        #[arg(long)]
        to: chrono::NaiveDate,
    },
    /// Remove a named period (administrators).
    Remove {
        #[arg(long)]
        user: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The encrypted referral package of a case's approved referral; prints its passphrase.
    Referral(ExportReferralArgs),
    /// The encrypted handover package of a batch's people who are not
    /// victims (one record and list per receiver); prints its passphrase last.
    Handover(ExportHandoverArgs),
}

#[derive(Debug, Args)]
pub struct ExportHandoverArgs {
    #[arg(long)]
    pub user: String,
    /// The batch number (e.g. TN-2026-0004).
    #[arg(long)]
    pub batch: String,
    /// The receiver (agency id or name); without it, each person's home-province police.
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportReferralArgs {
    #[arg(long)]
    pub user: String,
    /// The case number (e.g. MB-2026-00017).
    #[arg(long)]
    pub case: String,
    #[arg(long)]
    pub out: PathBuf,
    /// Put this attachment (its id, as `attach` printed it) in the package;
    /// repeatable. Refused unless the referral's consent covers it.
    #[arg(long = "attachment")]
    pub attachments: Vec<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[arg(long)]
    pub unit: String,
    #[arg(long)]
    pub admin: String,
    /// Display name of the administrator (default: the username).
    #[arg(long)]
    pub admin_name: Option<String>,
    /// border_guard_station | provincial_police | commune_police | other
    #[arg(long, default_value = "border_guard_station")]
    pub unit_kind: String,
    /// Province code (e.g. 80 for Tây Ninh).
    #[arg(long)]
    pub province: Option<u32>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[arg(long, default_value_t = 200)]
    pub cases: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long)]
    pub user: String,
    #[arg(long)]
    pub json: bool,
    /// Also verify the vault holds this audit checkpoint (SEQUENCE:HASH, as
    /// printed on papers and written in backups, bundles and packages).
    #[arg(long)]
    pub against: Option<String>,
}

/// A rejected input or failed check: one line on stderr, exit 1.
pub struct Failure(pub String);

impl From<VaultError> for Failure {
    fn from(e: VaultError) -> Self {
        Failure(e.to_string())
    }
}

impl From<crate::app::AppError> for Failure {
    fn from(e: crate::app::AppError) -> Self {
        Failure(e.to_string())
    }
}

pub fn read_secret_line(stdin: &mut impl BufRead) -> Result<Zeroizing<String>, Failure> {
    let mut line = Zeroizing::new(String::new());
    stdin.read_line(&mut line).map_err(|e| {
        Failure(format!(
            "cannot read the passphrase from standard input: {e}"
        ))
    })?;
    let trimmed = Zeroizing::new(line.trim_end_matches(['\n', '\r']).to_string());
    if trimmed.is_empty() {
        return Err(Failure("no passphrase on standard input".into()));
    }
    Ok(trimmed)
}

fn vault_dir(cli_vault: &Option<PathBuf>) -> Result<PathBuf, Failure> {
    cli_vault
        .clone()
        .or_else(vault::default_dir)
        .ok_or_else(|| Failure("no vault folder: pass --vault DIR".into()))
}

/// Run a headless command.
pub fn run(cli: &Cli, command: &Command) -> ExitCode {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let result = match command {
        Command::Init(a) => init(cli, a, &mut input),
        Command::Demo(a) => demo(cli, a, &mut input),
        Command::Check(a) => check(cli, a, &mut input),
        Command::Screen => screen(&mut input),
        Command::Export(ExportCommand::Referral(a)) => export_referral(cli, a, &mut input),
        Command::Export(ExportCommand::Handover(a)) => export_handover(cli, a, &mut input),
        Command::Report(a) => report(cli, a, &mut input),
        Command::Period(c) => period_command(cli, c, &mut input),
        Command::UnitKey(UnitKeyCommand::Export { user, out }) => {
            unit_key_export(cli, user, out, &mut input)
        }
        Command::Trust(TrustCommand::Add { user, key }) => trust_add(cli, user, key, &mut input),
        Command::Trust(TrustCommand::Remove { user, fingerprint }) => {
            trust_remove(cli, user, fingerprint, &mut input)
        }
        Command::User(c) => user_command(cli, c, &mut input),
        Command::Bench { cases, json } => bench(*cases, json.as_deref()),
        Command::Retention(a) => retention(cli, a, &mut input),
        Command::Subject(SubjectCommand::Export(a)) => subject_export(cli, a, &mut input),
        Command::Attach(a) => attach(cli, a, &mut input),
        Command::Id(IdCommand::Parse(a)) => id_parse(a, &mut input),
        Command::Batch(BatchCommand::Import(a)) => batch_import(cli, a, &mut input),
        Command::Batch(BatchCommand::ExportList(a)) => batch_export_list(cli, a, &mut input),
        Command::Backup { user, out } => backup(cli, user, out, &mut input),
        Command::Restore {
            user,
            from,
            replace_newer,
        } => restore(cli, user, from, *replace_newer, &mut input),
        Command::Bundle(BundleCommand::Export {
            user,
            out,
            passphrase,
            recipient,
            since_last,
        }) => bundle_export(
            cli,
            user,
            out,
            *passphrase,
            recipient.as_deref(),
            *since_last,
            &mut input,
        ),
        Command::Bundle(BundleCommand::Import {
            user,
            input: file,
            identity,
            yes,
            max_mib,
        }) => bundle_import(
            cli,
            user,
            file,
            identity.as_deref(),
            *yes,
            crate::export::bundle::Limits {
                max_bytes: max_mib.saturating_mul(1 << 20),
                ..Default::default()
            },
            &mut input,
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(msg)) => {
            let line = msg.lines().next().unwrap_or("failed").to_string();
            eprintln!("tiepnhan: {line}");
            ExitCode::from(1)
        }
    }
}

fn init(cli: &Cli, a: &InitArgs, input: &mut impl BufRead) -> Result<(), Failure> {
    let dir = vault_dir(&cli.vault)?;
    let kind = UnitKind::from_key(&a.unit_kind)
        .ok_or_else(|| Failure(format!("unknown unit kind '{}'", a.unit_kind)))?;
    let password = read_secret_line(input)?;
    let kdf = KdfParams::calibrate(Duration::from_millis(600));
    let (v, code) = Vault::create(
        &dir,
        NewVault {
            unit: Unit {
                name: a.unit.clone(),
                kind,
                province_code: a.province,
                code: String::new(),
            },
            admin_username: a.admin.clone(),
            admin_display_name: a.admin_name.clone().unwrap_or_else(|| a.admin.clone()),
            admin_password: password,
            kdf,
        },
    )?;
    v.close_quietly();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", code.as_str());
    Ok(())
}

fn demo(cli: &Cli, a: &DemoArgs, input: &mut impl BufRead) -> Result<(), Failure> {
    let dir = vault_dir(&cli.vault)?;
    let password = read_secret_line(input)?;
    let summary = crate::demo::create_demo_vault(&dir, &password, a.cases, a.seed)?;
    println!(
        "{}",
        serde_json::to_string(&summary).expect("summary serialises")
    );
    Ok(())
}

fn check(cli: &Cli, a: &CheckArgs, input: &mut impl BufRead) -> Result<(), Failure> {
    let dir = vault_dir(&cli.vault)?;
    let password = read_secret_line(input)?;
    let against = a
        .against
        .as_deref()
        .map(vault::check::Checkpoint::parse)
        .transpose()
        .map_err(Failure)?;
    let report = vault::check::run_against(&dir, &a.user, &password, Utc::now(), against.as_ref())?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serialises")
        );
    } else if report.ok {
        println!(
            "ok: pages authenticated, structure sound, {} audit events chained and anchored, {} attachments complete",
            report.audit_events, report.attachments.count
        );
    }
    match report.findings.first() {
        None => Ok(()),
        Some(f) => Err(Failure(if report.findings.len() > 1 {
            format!(
                "{} (and {} more findings)",
                f.message,
                report.findings.len() - 1
            )
        } else {
            f.message.clone()
        })),
    }
}

fn backup(cli: &Cli, user: &str, out: &Path, input: &mut impl BufRead) -> Result<(), Failure> {
    let mut v = unlock(cli, user, input)?;
    let done = v.backup(out, Utc::now());
    v.close_quietly();
    let done = done?;
    println!(
        "{}",
        serde_json::to_string(&serde_json::json!({
            "folder": done.folder,
            "cases": done.manifest.cases,
            "audit_seq": done.manifest.audit_seq,
            "bytes": done.bytes,
            "checked": true,
        }))
        .expect("summary serialises")
    );
    Ok(())
}

fn restore(
    cli: &Cli,
    user: &str,
    from: &Path,
    replace_newer: bool,
    input: &mut impl BufRead,
) -> Result<(), Failure> {
    use vault::backup::{self, Target};
    let dir = vault_dir(&cli.vault)?;
    let password = read_secret_line(input)?;
    let plan = backup::plan_restore(from, &dir, user, &password)?;
    if let Target::SameNewer(loss) = &plan.state {
        let what = format!(
            "the vault at {} is newer than this backup of {}: restoring loses {} new cases, {} case edits, \
             {} screening records, {} referrals and {} audit events (the newest at {})",
            dir.display(),
            plan.manifest.created_at.format("%Y-%m-%d %H:%M UTC"),
            loss.cases_added,
            loss.cases_changed,
            loss.screenings,
            loss.referrals,
            loss.audit_events,
            loss.newest.as_deref().unwrap_or("?"),
        );
        if !replace_newer {
            return Err(Failure(format!("{what}; pass --replace-newer to confirm")));
        }
        eprintln!("tiepnhan: {what}; confirmed by --replace-newer");
    }
    let done = backup::restore(&plan, user, &password, replace_newer, Utc::now())?;
    println!(
        "{}",
        serde_json::to_string(&serde_json::json!({
            "restored": dir,
            "cases": done.cases,
            "backup_created_at": plan.manifest.created_at,
            "replaced_vault_kept_at": done.replaced_kept_at,
        }))
        .expect("summary serialises")
    );
    Ok(())
}

/// Unlock for a headless command (the passphrase is the first line of stdin).
/// An account that must change its password is refused (the window asks
/// for the new one first).
fn unlock(cli: &Cli, user: &str, input: &mut impl BufRead) -> Result<Vault, Failure> {
    let dir = vault_dir(&cli.vault)?;
    let password = read_secret_line(input)?;
    let v = Vault::unlock(&dir, user, &password, Utc::now())?;
    crate::clock::set_offset_minutes(v.utc_offset_minutes());
    if v.user().must_change_password {
        v.close_quietly();
        return Err(VaultError::MustChangePassword.into());
    }
    Ok(v)
}

fn trust_remove(
    cli: &Cli,
    user: &str,
    fingerprint: &str,
    input: &mut impl BufRead,
) -> Result<(), Failure> {
    let mut v = unlock(cli, user, input)?;
    let done = v.untrust_unit(fingerprint);
    v.close_quietly();
    done?;
    println!("{}", serde_json::json!({"removed": fingerprint.trim()}));
    Ok(())
}

fn user_command(cli: &Cli, c: &UserCommand, input: &mut impl BufRead) -> Result<(), Failure> {
    use crate::domain::security::Role;
    match c {
        UserCommand::Add {
            admin,
            name,
            role,
            full_name,
        } => {
            let mut v = unlock(cli, admin, input)?;
            let password = read_secret_line(input)?;
            let role =
                Role::from_key(role).ok_or_else(|| Failure(format!("unknown role {role}")))?;
            let display = full_name.clone().unwrap_or_else(|| name.clone());
            let done = v.create_user(name, &display, role, &password);
            v.close_quietly();
            let id = done?;
            println!(
                "{}",
                serde_json::json!({"id": id, "username": name.trim().to_ascii_lowercase(),
                    "role": role.key(), "must_change_password": true})
            );
            Ok(())
        }
        UserCommand::Deactivate { admin, name } => {
            let mut v = unlock(cli, admin, input)?;
            let done = v.deactivate_user(name, &vault::rekey::no_progress);
            v.close_quietly();
            let done = done?;
            println!(
                "{}",
                serde_json::json!({"deactivated": name.trim().to_ascii_lowercase(),
                    "epoch": done.epoch,
                    "removed_accounts": done.removed_accounts,
                    "need_new_password": done.need_new_password,
                    "seconds": (done.seconds * 10.0).round() / 10.0,
                    "recovery_code": done.recovery_code.as_str()})
            );
            Ok(())
        }
        UserCommand::List { admin, json } => {
            let v = unlock(cli, admin, input)?;
            let done = v.require_admin().and_then(|_| v.list_users());
            v.close_quietly();
            let users = done?;
            let rows: Vec<serde_json::Value> = users
                .iter()
                .map(|u| {
                    serde_json::json!({"username": u.username, "display_name": u.display_name,
                        "role": u.role.key(), "active": u.active,
                        "must_change_password": u.must_change_password,
                        "failures": u.failures, "hard_locked": u.hard_locked, "has_key": u.has_key})
                })
                .collect();
            if *json {
                println!("{}", serde_json::Value::Array(rows));
            } else {
                for u in &users {
                    println!(
                        "{}\t{}\t{}",
                        u.username,
                        u.role.key(),
                        if u.active { "active" } else { "deactivated" }
                    );
                }
            }
            Ok(())
        }
    }
}

fn export_referral(
    cli: &Cli,
    a: &ExportReferralArgs,
    input: &mut impl BufRead,
) -> Result<(), Failure> {
    let mut v = unlock(cli, &a.user, input)?;
    let case_id = v.case_id_by_number(&a.case)?;
    let referral = v
        .referrals_of(&case_id)?
        .into_iter()
        .rev()
        .find(|r| r.status != crate::domain::referral::ReferralStatus::Draft)
        .ok_or_else(|| Failure(format!("case {} has no approved referral", a.case.trim())))?;
    let package = crate::app::packages::referral_with(&mut v, &referral.id, &a.attachments);
    hand_out(v, &a.out, package, |_| ())
}

/// Write a package to `out`, close the vault, say what it holds (`tell`),
/// and print its passphrase last on stdout, the contract of every export
/// that makes an AES-256 package: the officer reads the passphrase out or
/// writes it down; it is never logged or written to a file.
fn hand_out(
    v: Vault,
    out: &Path,
    package: crate::app::Result<crate::export::package::Package>,
    tell: impl FnOnce(&crate::export::package::Package),
) -> Result<(), Failure> {
    let written = package.and_then(|p| crate::app::packages::write(out, &p.zip).map(|()| p));
    v.close_quietly();
    let package = written?;
    tell(&package);
    println!("{}", package.passphrase.as_str());
    Ok(())
}

/// `{"due": {"screening_answers": n, "cases": n}, "applied": bool}`.
fn retention(cli: &Cli, a: &RetentionArgs, input: &mut impl BufRead) -> Result<(), Failure> {
    let mut v = unlock(cli, &a.user, input)?;
    let done = crate::app::privacy::retention(&mut v, a.dry_run, crate::clock::today());
    v.close_quietly();
    let due = done?;
    println!("{}", serde_json::json!({"due": due, "applied": !a.dry_run}));
    Ok(())
}

fn subject_export(
    cli: &Cli,
    a: &SubjectExportArgs,
    input: &mut impl BufRead,
) -> Result<(), Failure> {
    let mut v = unlock(cli, &a.user, input)?;
    let done = v
        .case_id_by_number(&a.case)
        .map_err(crate::app::AppError::from)
        .and_then(|id| crate::app::privacy::subject_copy(&mut v, &id));
    hand_out(v, &a.out, done, |_| ())
}

/// The handovers recorded for the batch (to `--to` when given) or, when
/// none is, recorded now for everyone not yet handed over; then the package.
fn export_handover(
    cli: &Cli,
    a: &ExportHandoverArgs,
    input: &mut impl BufRead,
) -> Result<(), Failure> {
    use crate::app::handovers;
    let mut v = unlock(cli, &a.user, input)?;
    let batch_id = v.batch_id_by_number(&a.batch)?;
    let to =
        a.to.as_deref()
            .map(|t| handovers::find_agency(&v, t))
            .transpose()?;
    let recorded = v
        .citizen_handovers_of(&batch_id)?
        .iter()
        .any(|h| to.as_ref().is_none_or(|t| h.agency_id == Some(t.id)));
    if !recorded {
        let groups = handovers::plan(&mut v, &batch_id, to.as_ref())?;
        if groups.is_empty() {
            return Err(Failure(format!(
                "batch {} has nobody left to hand over",
                a.batch.trim()
            )));
        }
        let me = v
            .people()?
            .get(&v.user().username)
            .cloned()
            .unwrap_or_default();
        for g in &groups {
            handovers::record(&mut v, &batch_id, g, None, me.clone(), Default::default())?;
        }
    }
    let package =
        crate::app::packages::citizen_handover(&mut v, &batch_id, to.as_ref().map(|t| t.id));
    hand_out(v, &a.out, package, |p| {
        println!(
            "{} record(s): {}",
            p.manifest.files.len(),
            p.manifest.referral_number
        )
    })
}

fn report(cli: &Cli, a: &ReportArgs, input: &mut impl BufRead) -> Result<(), Failure> {
    use crate::app::reports::{self, Choice, Format, MARKS, Printing};
    let choice = match (&a.period, a.from, a.to) {
        (Some(name), _, _) => Choice::Named(name.clone()),
        (None, Some(from), Some(to)) if from > to => {
            return Err(Failure("--from is after --to".into()));
        }
        (None, Some(from), Some(to)) => Choice::Dates(from, to),
        _ => return Err(Failure("give --period NAME or --from and --to".into())),
    };
    let format = Format::from_key(&a.format)
        .ok_or_else(|| Failure(format!("unknown format {}", a.format)))?;
    let printing = Printing {
        mark: a.mark.as_deref().map(|m| {
            match m {
                "toi-mat" => MARKS[1],
                "tuyet-mat" => MARKS[2],
                _ => MARKS[0],
            }
            .to_string()
        }),
        recipient: None,
    };
    let mut v = unlock(cli, &a.user, input)?;
    let out = reports::export_period(&mut v, &choice, format, crate::i18n::Lang::Vi, &printing)?;
    if let Some(info) = &out.dataset {
        eprintln!(
            "tiepnhan: {} rows, {} suppressed for k = {}",
            info.rows_out, info.suppressed, info.k
        );
    }
    crate::vault::fsio::write_atomic(&a.out, &out.bytes)?;
    v.close_quietly();
    Ok(())
}

fn period_command(cli: &Cli, c: &PeriodCommand, input: &mut impl BufRead) -> Result<(), Failure> {
    let user = match c {
        PeriodCommand::List { user }
        | PeriodCommand::Add { user, .. }
        | PeriodCommand::Remove { user, .. } => user,
    };
    let mut v = unlock(cli, user, input)?;
    match c {
        PeriodCommand::List { .. } => {
            for p in v.report_periods()? {
                println!(
                    "{}",
                    serde_json::json!({"name": p.name, "from": p.from.to_string(), "to": p.to.to_string()})
                );
            }
        }
        PeriodCommand::Add { name, from, to, .. } => {
            v.save_report_period(name, *from, *to)?;
            println!("period saved");
        }
        PeriodCommand::Remove { name, .. } => {
            v.remove_report_period(name)?;
            println!("period removed");
        }
    }
    v.close_quietly();
    Ok(())
}

fn unit_key_export(
    cli: &Cli,
    user: &str,
    out: &Path,
    input: &mut impl BufRead,
) -> Result<(), Failure> {
    let mut v = unlock(cli, user, input)?;
    let file = v.unit_key_file()?;
    let json = serde_json::to_vec_pretty(&file).expect("serialises");
    crate::vault::fsio::write_atomic(out, &json)?;
    v.close_quietly();
    println!("{}", file.fingerprint);
    Ok(())
}

fn trust_add(cli: &Cli, user: &str, key: &Path, input: &mut impl BufRead) -> Result<(), Failure> {
    let text =
        std::fs::read(key).map_err(|e| Failure(format!("cannot read {}: {e}", key.display())))?;
    let file: crate::vault::transfer::UnitKeyFile = serde_json::from_slice(&text)
        .map_err(|_| Failure("not a TiepNhan unit key file".into()))?;
    let mut v = unlock(cli, user, input)?;
    let fp = v.trust_unit(&file)?;
    v.close_quietly();
    println!("{fp}");
    Ok(())
}

fn bundle_export(
    cli: &Cli,
    user: &str,
    out: &Path,
    passphrase: bool,
    recipient: Option<&str>,
    since_last: bool,
    input: &mut impl BufRead,
) -> Result<(), Failure> {
    use crate::export::bundle::Seal;
    let mut v = unlock(cli, user, input)?;
    let secret = if passphrase {
        Some(read_secret_line(input)?)
    } else {
        None
    };
    if secret.as_ref().is_some_and(|s| s.chars().count() < 10) {
        return Err(Failure(
            "the bundle passphrase must have at least 10 characters".into(),
        ));
    }
    let how = match (&secret, recipient) {
        (Some(s), _) => Seal::Passphrase(s),
        (None, Some(r)) => Seal::Recipient(r),
        (None, None) => return Err(Failure("--passphrase or --recipient is required".into())),
    };
    let sent = crate::app::transfer::export_to(&mut v, out, how, since_last)?;
    v.close_quietly();
    println!(
        "{}",
        serde_json::json!({"cases": sent.cases, "sequence": sent.sequence})
    );
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn bundle_import(
    cli: &Cli,
    user: &str,
    file: &Path,
    identity: Option<&Path>,
    yes: bool,
    limits: crate::export::bundle::Limits,
    input: &mut impl BufRead,
) -> Result<(), Failure> {
    use crate::export::bundle::{BundleError, Key};
    // Refused before anything is read: a bundle larger than the limit.
    let size = std::fs::metadata(file)
        .map_err(|e| Failure(format!("cannot read {}: {e}", file.display())))?
        .len();
    if size > limits.max_bytes {
        return Err(Failure(
            BundleError::TooLarge {
                bytes: size,
                limit: limits.max_bytes,
            }
            .to_string(),
        ));
    }
    let mut v = unlock(cli, user, input)?;
    let identity_text = match identity {
        Some(p) => {
            Some(Zeroizing::new(std::fs::read_to_string(p).map_err(|e| {
                Failure(format!("cannot read {}: {e}", p.display()))
            })?))
        }
        None => None,
    };
    let pass = if identity_text.is_none() {
        Some(read_secret_line(input)?)
    } else {
        None
    };
    let key = match (&identity_text, &pass) {
        (Some(t), _) => Key::Identity(t),
        (None, Some(p)) => Key::Passphrase(p),
        (None, None) => {
            return Err(Failure(
                "a bundle passphrase or --identity is needed".into(),
            ));
        }
    };
    let preview = if yes {
        crate::app::transfer::import(&mut v, file, key, &limits)?
    } else {
        crate::app::transfer::preview(&v, file, key, &limits)?.0
    };
    v.close_quietly();
    println!(
        "{}",
        serde_json::json!({
            "new": preview.new,
            "updated": preview.updated,
            "conflicts": preview.conflicts,
            "unchanged": preview.unchanged,
            "cases": preview.items,
        })
    );
    Ok(())
}

fn bench(cases: usize, json: Option<&Path>) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let mut progress = |step: &str| {
        eprintln!(
            "[{:>6.1} s, peak {:>4.0} MB] {step}",
            started.elapsed().as_secs_f64(),
            crate::bench::peak_rss_mb()
        )
    };
    let figures = crate::bench::run(cases, &mut progress)?;
    let text = serde_json::to_string_pretty(&figures).expect("serialises");
    if let Some(path) = json {
        crate::vault::fsio::write_atomic(path, text.as_bytes())?;
    }
    println!("{text}");
    Ok(())
}

fn screen(input: &mut impl Read) -> Result<(), Failure> {
    let mut text = String::new();
    input
        .take(1 << 20)
        .read_to_string(&mut text)
        .map_err(|e| Failure(format!("cannot read standard input: {e}")))?;
    let parsed: ScreeningInput = serde_json::from_str(&text)
        .map_err(|e| Failure(format!("invalid screening input: {e}")))?;
    let catalog = Catalog::builtin().map_err(|e| Failure(e.to_string()))?;
    let result = screening::evaluate(catalog, &parsed)
        .map_err(|e| Failure(format!("invalid screening input: {e}")))?;
    println!(
        "{}",
        serde_json::to_string(&result).expect("result serialises")
    );
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum IdCommand {
    /// Read a CCCD QR line or a passport's two MRZ lines on standard input
    /// (or the QR code in a photo of the card's back); prints JSON.
    Parse(IdParseArgs),
}

#[derive(Debug, Args)]
pub struct IdParseArgs {
    /// A PNG or JPEG photo of the CCCD's back, instead of text on standard input.
    #[arg(long)]
    pub image: Option<PathBuf>,
    /// The sex the officer typed (male | female), compared with the number.
    #[arg(long, value_parser = ["male", "female"])]
    pub typed_sex: Option<String>,
    /// The birth year the officer typed, compared with the number.
    #[arg(long)]
    pub typed_year: Option<i32>,
}

#[derive(Debug, Subcommand)]
pub enum BatchCommand {
    /// Check a handover list (XLSX, XLS, ODS, CSV) and create its people in
    /// a new batch or an existing one; prints JSON. Rows with problems
    /// refuse the whole list unless --skip-invalid.
    Import(BatchImportArgs),
    /// Write a batch's people as the handover list they came with (XLSX).
    ExportList(BatchExportListArgs),
}

#[derive(Debug, Args)]
pub struct BatchImportArgs {
    #[arg(long)]
    pub user: String,
    /// The list: .xlsx, .xls, .ods or .csv.
    #[arg(long)]
    pub file: PathBuf,
    /// The sheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Column choices as a JSON object: {"B": "full_name", "Quê quán": "address", "G": null}.
    #[arg(long)]
    pub map: Option<String>,
    /// The gate: its number in the vault's list of gates, or its name.
    #[arg(long, required_unless_present = "batch")]
    pub gate: Option<String>,
    /// The day the people were received, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
    /// The time they were received, HH:MM (default: now today, else 12:00).
    #[arg(long)]
    pub time: Option<String>,
    /// The handing-over party (e.g. the foreign police unit).
    #[arg(long)]
    pub party: Option<String>,
    /// handed_over | rescued | self_returned | hotline_111 | other_agency
    #[arg(long, default_value = "handed_over")]
    pub source: String,
    /// Add the people to this existing batch (its number) instead of a new one.
    #[arg(long, conflicts_with_all = ["gate", "date", "time", "party"])]
    pub batch: Option<String>,
    /// Legacy text: auto (detect TCVN3/VNI), off, tcvn3 or vni.
    #[arg(long, default_value = "auto", value_parser = ["auto", "off", "tcvn3", "vni"])]
    pub legacy: String,
    /// Check and report only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the valid rows and leave out the rows with problems.
    #[arg(long)]
    pub skip_invalid: bool,
}

#[derive(Debug, Args)]
pub struct BatchExportListArgs {
    #[arg(long)]
    pub user: String,
    /// The batch number (e.g. DTN-2026-0012).
    #[arg(long)]
    pub batch: String,
    #[arg(long)]
    pub out: PathBuf,
}

fn id_parse(a: &IdParseArgs, input: &mut impl Read) -> Result<(), Failure> {
    use crate::domain::case::Sex;
    use crate::domain::identity;
    let text = match &a.image {
        Some(path) => {
            let cannot =
                |e: std::io::Error| Failure(format!("cannot read {}: {e}", path.display()));
            if std::fs::metadata(path).map_err(cannot)?.len() > crate::export::qr::MAX_BYTES as u64
            {
                return Err(Failure(crate::export::qr::QrError::TooLarge.to_string()));
            }
            let bytes = std::fs::read(path).map_err(cannot)?;
            crate::export::qr::decode_qr(&bytes).map_err(|e| Failure(e.to_string()))?
        }
        None => {
            let mut text = String::new();
            input
                .take(64 * 1024)
                .read_to_string(&mut text)
                .map_err(|e| Failure(format!("cannot read standard input: {e}")))?;
            text
        }
    };
    let typed = identity::Typed {
        sex: a.typed_sex.as_deref().and_then(Sex::from_key),
        birth_year: a.typed_year,
    };
    let today = chrono::Local::now().date_naive();
    let parsed = identity::parse(&text, today, typed).map_err(|e| Failure(e.to_string()))?;
    println!(
        "{}",
        serde_json::to_string(&parsed.summary()).expect("summary serialises")
    );
    Ok(())
}

/// The gate a command line names: its id, or its name (folded, unique prefix).
fn resolve_gate(v: &Vault, typed: &str) -> Result<i64, Failure> {
    let gates = v.gates()?;
    if let Ok(id) = typed.trim().parse::<i64>()
        && gates.iter().any(|g| g.id == id)
    {
        return Ok(id);
    }
    let q = crate::domain::text::fold(typed);
    let exact: Vec<_> = gates
        .iter()
        .filter(|g| crate::domain::text::fold(&g.name) == q)
        .collect();
    let prefix: Vec<_> = gates
        .iter()
        .filter(|g| crate::domain::text::fold(&g.name).contains(&q))
        .collect();
    match (exact.as_slice(), prefix.as_slice()) {
        ([g], _) | ([], [g]) => Ok(g.id),
        _ => Err(Failure(format!(
            "unknown gate '{}' (gates: {})",
            typed.trim(),
            gates
                .iter()
                .map(|g| format!("{} {}", g.id, g.name))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn batch_import(cli: &Cli, a: &BatchImportArgs, input: &mut impl BufRead) -> Result<(), Failure> {
    use crate::domain::batch::BatchRecord;
    use crate::domain::case::Source;
    use crate::domain::handover_list::{self as hl, LegacyChoice, RowDuplicate};
    use crate::domain::legacy_text::Legacy;
    use crate::export::sheet_reader;
    use crate::vault::batch_import::{self, ImportRequest, Target};

    // The file is read and checked before the vault is opened: a file that
    // is not a list changes nothing, not even the audit log.
    let len = std::fs::metadata(&a.file)
        .map_err(|e| Failure(format!("cannot read {}: {e}", a.file.display())))?
        .len();
    if len > sheet_reader::MAX_FILE_BYTES as u64 {
        return Err(Failure(sheet_reader::SheetError::TooLarge.to_string()));
    }
    let bytes = std::fs::read(&a.file)
        .map_err(|e| Failure(format!("cannot read {}: {e}", a.file.display())))?;
    let book =
        sheet_reader::read_bytes(&bytes, a.sheet.as_deref()).map_err(|e| Failure(e.to_string()))?;
    let sha256 = batch_import::sha256_hex(&bytes);
    drop(bytes);
    let legacy = match a.legacy.as_str() {
        "off" => LegacyChoice::Off,
        "tcvn3" => LegacyChoice::Force(Legacy::Tcvn3),
        "vni" => LegacyChoice::Force(Legacy::Vni),
        _ => LegacyChoice::Auto,
    };
    let source = Source::from_key(&a.source)
        .ok_or_else(|| Failure(format!("unknown source '{}'", a.source)))?;
    let converted = hl::convert(&book.grid, legacy);
    let mut mapping = hl::propose(&converted.grid);

    let mut v = unlock(cli, &a.user, input)?;
    let result = (|| {
        let headers = hl::header_labels(&converted.grid, &mapping);
        if let Some(r) = v.remembered_mapping()? {
            mapping.apply_remembered(&headers, &r);
        }
        if let Some(json) = &a.map {
            mapping
                .apply_overrides(&headers, json)
                .map_err(|e| Failure(e.to_string()))?;
        }
        if mapping.column_of(hl::Field::FullName).is_none() {
            return Err(Failure(
                "no column of full names was found; name it with --map '{\"B\": \"full_name\"}'"
                    .into(),
            ));
        }
        let today = chrono::Local::now().date_naive();
        let (batch, target) = match &a.batch {
            Some(number) => {
                let b = v.batch_by_number(number)?;
                // Refused before the preview, so that a dry run says what
                // the import would: no one joins once the record is issued.
                if let Some(r) = crate::app::batches::issued_reception(&v, &b.id)? {
                    return Err(VaultError::ReceptionIssued {
                        number: r.number,
                        issued_on: r.issued_on,
                    }
                    .into());
                }
                let id = b.id.clone();
                (b, Target::Existing(id))
            }
            None => {
                let date = a.date.unwrap_or(today);
                let time = match &a.time {
                    Some(t) => chrono::NaiveTime::parse_from_str(t.trim(), "%H:%M")
                        .map_err(|_| Failure(format!("--time '{t}' is not HH:MM")))?,
                    None if date == today => chrono::Local::now().time(),
                    None => chrono::NaiveTime::from_hms_opt(12, 0, 0).expect("valid time"),
                };
                let gate = resolve_gate(&v, a.gate.as_deref().unwrap_or_default())?;
                let b = BatchRecord {
                    received_at: Some(date.and_time(time)),
                    gate_id: Some(gate),
                    handing_party: a.party.clone().unwrap_or_default(),
                    source,
                    ..BatchRecord::default()
                };
                let missing: Vec<&str> = b
                    .validate(chrono::Local::now().naive_local())
                    .iter()
                    .map(|e| match e.field {
                        "handing_party" => "--party",
                        "received_at" => "--date/--time (not in the future)",
                        "gate" => "--gate",
                        other => other,
                    })
                    .collect();
                if !missing.is_empty() {
                    return Err(Failure(format!("the batch needs {}", missing.join(", "))));
                }
                (b.clone(), Target::New(b))
            }
        };
        let mut preview = hl::preview_converted(&converted, &mapping, &batch, today);
        v.list_duplicates(&mut preview)?;
        let problems: Vec<serde_json::Value> = preview
            .problems()
            .map(|(row, field, problem)| {
                serde_json::json!({"row": row, "field": field, "problem": problem.key()})
            })
            .collect();
        let duplicates: Vec<serde_json::Value> = preview
            .rows
            .iter()
            .flat_map(|r| {
                r.duplicates.iter().map(move |d| match d {
                    RowDuplicate::Vault {
                        case_number, kind, ..
                    } => {
                        serde_json::json!({"row": r.line, "case_number": case_number, "kind": kind})
                    }
                    RowDuplicate::List { line, kind } => {
                        serde_json::json!({"row": r.line, "same_as_row": line, "kind": kind})
                    }
                })
            })
            .collect();
        let mut flags = std::collections::BTreeMap::<String, usize>::new();
        for r in &preview.rows {
            for f in &r.flags {
                let key = serde_json::to_value(f)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                *flags.entry(key).or_default() += 1;
            }
        }
        let columns: serde_json::Map<String, serde_json::Value> = mapping
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.map(|f| (hl::column_letter(i), f.key().into())))
            .collect();
        let invalid = preview.rows.len() - preview.valid();
        let imported = if a.dry_run || (invalid > 0 && !a.skip_invalid) {
            None
        } else {
            Some(v.import_list(ImportRequest {
                preview: &preview,
                target,
                sha256: &sha256,
                format: book.format.key(),
                skip_invalid: a.skip_invalid,
            })?)
        };
        let report = serde_json::json!({
            "rows": preview.rows.len(),
            "valid": preview.valid(),
            "problems": problems,
            "duplicates": duplicates,
            "converted": preview.converted_rows(),
            "created": imported.as_ref().map(|i| i.created.iter().map(|c| c.case_number.clone()).collect::<Vec<_>>()).unwrap_or_default(),
            "batch": imported.as_ref().map(|i| i.batch_number.clone()),
            "skipped": imported.as_ref().map(|i| i.skipped).unwrap_or(0),
            "format": book.format.key(),
            "sheet": book.sheet,
            "sheets": book.sheets,
            "encoding": book.encoding.map(|e| e.key()),
            "legacy": {
                "encoding": preview.detection.legacy.map(|l| l.key()),
                "confidence": (preview.detection.confidence * 100.0).round() / 100.0,
            },
            "mapping": columns,
            "flags": flags,
            "dry_run": a.dry_run,
        });
        println!("{report}");
        if imported.is_none() && !a.dry_run {
            return Err(Failure(format!(
                "{invalid} of {} rows have problems; nothing was imported (--skip-invalid imports the others)",
                preview.rows.len()
            )));
        }
        Ok(())
    })();
    v.close_quietly();
    result
}

fn batch_export_list(
    cli: &Cli,
    a: &BatchExportListArgs,
    input: &mut impl BufRead,
) -> Result<(), Failure> {
    let mut v = unlock(cli, &a.user, input)?;
    let result = (|| {
        let batch = v.batch_by_number(&a.batch)?;
        let (batch, table) = v.list_back(&batch.id)?;
        let when = batch
            .received_at
            .map(|t| t.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        let title = format!(
            "DANH SÁCH CÔNG DÂN ĐÃ TIẾP NHẬN — đợt {}, ngày {when}",
            batch.number
        );
        let bytes = crate::export::handover_xlsx::list_xlsx(&title, &table)
            .map_err(|e| Failure(e.to_string()))?;
        crate::vault::fsio::write_atomic(&a.out, &bytes)?;
        println!(
            "{}",
            serde_json::json!({"batch": batch.number, "people": table.rows.len()})
        );
        Ok(())
    })();
    v.close_quietly();
    result
}

#[derive(Debug, Args)]
pub struct AttachArgs {
    #[arg(long)]
    pub user: String,
    /// The case number (e.g. MB-2026-00017).
    #[arg(long, conflicts_with = "batch", required_unless_present = "batch")]
    pub case: Option<String>,
    /// Or the batch number.
    #[arg(long)]
    pub batch: Option<String>,
    /// The file (its format is told from its bytes, not its name).
    #[arg(long)]
    pub file: PathBuf,
    /// person_photo | id_document | handover_list | medical | other
    #[arg(long, default_value = "other",
          value_parser = ["person_photo", "id_document", "handover_list", "medical", "other"])]
    pub kind: String,
}

fn attach(cli: &Cli, a: &AttachArgs, input: &mut impl BufRead) -> Result<(), Failure> {
    use crate::domain::attachment::AttachmentKind;
    use crate::vault::attachments::Owner;
    let kind = AttachmentKind::from_key(&a.kind)
        .ok_or_else(|| Failure(format!("unknown kind {}", a.kind)))?;
    // Refuse an unreadable or oversized file before asking for the vault.
    let bytes = crate::app::attachments::read_file(&a.file)?;
    let mut v = unlock(cli, &a.user, input)?;
    let done = (|| -> Result<_, Failure> {
        let owner = match (&a.case, &a.batch) {
            (Some(c), _) => Owner::Case(v.case_id_by_number(c)?),
            (None, Some(b)) => Owner::Batch(v.batch_id_by_number(b)?),
            (None, None) => return Err(Failure("--case or --batch is required".into())),
        };
        Ok(v.add_attachment(&owner, kind, &bytes)?)
    })();
    v.close_quietly();
    let meta = done?;
    println!(
        "{}",
        serde_json::json!({
            "id": meta.id,
            "case": a.case.as_deref().map(str::trim),
            "batch": a.batch.as_deref().map(str::trim),
            "kind": meta.kind.key(),
            "content_type": meta.content_type.mime(),
            "bytes": meta.bytes,
            "sha256": meta.sha256,
            "added_at": meta.added_at,
            "added_by": meta.added_by,
            "sensitive": meta.is_sensitive(),
        })
    );
    Ok(())
}
