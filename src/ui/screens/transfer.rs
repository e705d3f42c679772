//! Transfer between vaults: this unit's key, the trusted senders, exporting a
//! signed and encrypted bundle, importing one (preview first), and settling
//! conflicts.

use std::path::{Path, PathBuf};

use iced::widget::{column, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::domain::bundle::Preview;
use crate::export::bundle::{Key, Limits, Seal};
use crate::i18n::Lang;
use crate::t;
use crate::ui::jobs::{self, UiError, UiResult};
use crate::ui::notice::Notice;
use crate::ui::print;
use crate::ui::session::Session;
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::{self, Kind, btn};
use crate::vault::Vault;
use crate::vault::transfer::{Conflict, TrustedUnit, UnitKeyFile};

#[derive(Debug, Clone)]
pub struct State {
    pub key: UnitKeyFile,
    pub trusted: Vec<TrustedUnit>,
    pub conflicts: Vec<(Conflict, String, String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    TrustPath,
    ExportPass,
    ExportPassConfirm,
    ExportRecipient,
    ImportPath,
    ImportPass,
    ImportIdentity,
}

#[derive(Debug, Clone)]
pub enum Message {
    Load,
    Loaded(UiResult<State>),
    Text(Field, String),
    ToRecipient(bool),
    SinceLast(bool),
    SaveKey,
    SaveKeyTo(Option<PathBuf>),
    PickTrust,
    Picked(Field, print::Picked),
    Trust,
    Export,
    ExportTo(Option<PathBuf>),
    PickImport,
    PickIdentity,
    Check,
    Checked(UiResult<(Preview, String, usize)>),
    Import,
    Done(UiResult<Notice>),
    Settle(i64, bool),
}

pub struct Transfer {
    state: Option<State>,
    texts: std::collections::BTreeMap<&'static str, String>,
    to_recipient: bool,
    since_last: bool,
    preview: Option<(Preview, String, usize)>,
    notice: Option<Notice>,
    busy: bool,
}

impl Field {
    /// Whether what is typed is hidden (a passphrase).
    fn secret(self) -> bool {
        matches!(
            self,
            Field::ExportPass | Field::ExportPassConfirm | Field::ImportPass
        )
    }
}

fn key(f: Field) -> &'static str {
    match f {
        Field::TrustPath => "trust",
        Field::ExportPass => "pass",
        Field::ExportPassConfirm => "pass2",
        Field::ExportRecipient => "recipient",
        Field::ImportPath => "import",
        Field::ImportPass => "import_pass",
        Field::ImportIdentity => "identity",
    }
}

/// The private receiving key file the officer named, if any.
fn read_identity(identity: &str) -> Result<Option<String>, UiError> {
    if identity.trim().is_empty() {
        return Ok(None);
    }
    std::fs::read_to_string(identity.trim())
        .map(Some)
        .map_err(|e| UiError::Other(e.to_string()))
}

fn key_of<'a>(id_text: &'a Option<String>, pass: &'a str) -> Key<'a> {
    match id_text {
        Some(t) => Key::Identity(t),
        None => Key::Passphrase(pass),
    }
}

impl Default for Transfer {
    fn default() -> Self {
        Transfer::new()
    }
}

impl Transfer {
    pub fn new() -> Transfer {
        Transfer {
            state: None,
            texts: Default::default(),
            to_recipient: false,
            since_last: true,
            preview: None,
            notice: None,
            busy: false,
        }
    }

    fn text(&self, f: Field) -> &str {
        self.texts.get(key(f)).map(String::as_str).unwrap_or("")
    }

    pub fn load(&mut self, session: &Session) -> Task<Message> {
        session.db.task(
            |v| {
                // Shown, not handed over: viewing the key is not an export.
                let key = v.unit_key_info()?;
                let trusted = v.trusted_units()?;
                let mut conflicts = Vec::new();
                for c in v.open_conflicts()? {
                    let local = v.read_case(&c.case_id)?;
                    let incoming = v.conflict_incoming(c.id)?;
                    conflicts.push((
                        c,
                        local.record.number.clone(),
                        local.record.identity.full_name.clone(),
                        incoming.record.identity.full_name.clone(),
                    ));
                }
                Ok(State {
                    key,
                    trusted,
                    conflicts,
                })
            },
            Message::Loaded,
        )
    }

    /// Open the bundle the officer named, with the passphrase or the
    /// receiving key's file given, and do `f` with it (on the blocking pool).
    fn with_bundle<T: Send + 'static>(
        &mut self,
        session: &Session,
        f: impl FnOnce(&mut Vault, &Path, Key<'_>) -> crate::app::Result<T> + Send + 'static,
        done: fn(UiResult<T>) -> Message,
    ) -> Task<Message> {
        let path = PathBuf::from(self.text(Field::ImportPath).trim());
        let pass = zeroize::Zeroizing::new(self.text(Field::ImportPass).to_string());
        let identity = self.text(Field::ImportIdentity).to_string();
        let db = session.db.clone();
        self.busy = true;
        jobs::blocking(
            move || {
                let id_text = read_identity(&identity)?;
                db.run(|v| f(v, &path, key_of(&id_text, &pass)))
            },
            done,
        )
    }

    pub fn update(&mut self, m: Message, session: &Session) -> Task<Message> {
        let db = session.db.clone();
        match m {
            Message::Load => return self.load(session),
            Message::Loaded(Ok(s)) => self.state = Some(s),
            Message::Loaded(Err(e)) => self.notice = Some(Notice::Error(e)),
            Message::Text(f, v) => {
                self.texts.insert(key(f), v);
                if matches!(
                    f,
                    Field::ImportPath | Field::ImportPass | Field::ImportIdentity
                ) {
                    self.preview = None;
                }
            }
            Message::ToRecipient(b) => self.to_recipient = b,
            Message::SinceLast(b) => self.since_last = b,
            Message::SaveKey => {
                return print::choose_save_path(
                    "khoa-don-vi.json".into(),
                    "json",
                    session.dir.join("exports"),
                )
                .map(Message::SaveKeyTo);
            }
            Message::SaveKeyTo(None) => {}
            Message::SaveKeyTo(Some(path)) => {
                self.busy = true;
                return db.task(
                    move |v| {
                        let file = v.unit_key_file()?;
                        let json = serde_json::to_vec_pretty(&file).unwrap_or_default();
                        crate::vault::fsio::write_atomic(&path, &json)?;
                        Ok(Notice::DocSaved(path))
                    },
                    Message::Done,
                );
            }
            Message::PickTrust => {
                return print::choose_open_path(&["json"])
                    .map(|p| Message::Picked(Field::TrustPath, p));
            }
            Message::PickImport => {
                return print::choose_open_path(&["age", "bin"])
                    .map(|p| Message::Picked(Field::ImportPath, p));
            }
            Message::PickIdentity => {
                return print::choose_open_path(&["txt", "key", "agekey"])
                    .map(|p| Message::Picked(Field::ImportIdentity, p));
            }
            Message::Picked(f, print::Picked::Path(p)) => {
                self.texts.insert(key(f), p.display().to_string());
                self.preview = None;
            }
            Message::Picked(_, print::Picked::NoDialog) => self.notice = Some(Notice::NoFileDialog),
            Message::Picked(_, print::Picked::Cancelled) => {}
            Message::Trust => {
                let path = self.text(Field::TrustPath).trim().to_string();
                self.busy = true;
                return db.task(
                    move |v| {
                        let bytes = std::fs::read(&path)
                            .map_err(|e| crate::vault::VaultError::io("read key file", e))?;
                        let file: UnitKeyFile = serde_json::from_slice(&bytes).map_err(|_| {
                            crate::vault::VaultError::Invalid("not a TiepNhan unit key file".into())
                        })?;
                        let fingerprint = v.trust_unit(&file)?;
                        Ok(Notice::TransferTrusted {
                            unit: file.unit.clone(),
                            fingerprint,
                        })
                    },
                    Message::Done,
                );
            }
            Message::Export => {
                if self.to_recipient {
                    if !self.text(Field::ExportRecipient).trim().starts_with("age1") {
                        self.notice = Some(Notice::TransferBadRecipient);
                        return Task::none();
                    }
                } else if self.text(Field::ExportPass).chars().count() < 10 {
                    self.notice = Some(Notice::PasswordShort(10));
                    return Task::none();
                } else if self.text(Field::ExportPass) != self.text(Field::ExportPassConfirm) {
                    self.notice = Some(Notice::PasswordMismatch);
                    return Task::none();
                }
                let name = format!(
                    "goi-chuyen-giao-{}.age",
                    crate::clock::now().format("%Y%m%d-%H%M")
                );
                return print::choose_save_path(name, "age", session.dir.join("exports"))
                    .map(Message::ExportTo);
            }
            Message::ExportTo(None) => {}
            Message::ExportTo(Some(path)) => {
                let (to_recipient, since_last) = (self.to_recipient, self.since_last);
                let recipient = self.text(Field::ExportRecipient).trim().to_string();
                let pass = zeroize::Zeroizing::new(self.text(Field::ExportPass).to_string());
                self.busy = true;
                return db.task_app(
                    move |v| {
                        let how = if to_recipient {
                            Seal::Recipient(&recipient)
                        } else {
                            Seal::Passphrase(&pass)
                        };
                        let sent = crate::app::transfer::export_to(v, &path, how, since_last)?;
                        Ok(Notice::TransferExported {
                            count: sent.cases,
                            path,
                        })
                    },
                    Message::Done,
                );
            }
            Message::Check => {
                let preview = |v: &mut Vault, path: &Path, key: Key<'_>| {
                    let (p, o) = crate::app::transfer::preview(v, path, key, &Limits::default())?;
                    Ok((p, o.unit, o.payload.cases.len()))
                };
                return self.with_bundle(session, preview, Message::Checked);
            }
            Message::Checked(Ok(p)) => {
                self.busy = false;
                self.notice = None;
                self.preview = Some(p);
            }
            Message::Checked(Err(e)) => {
                self.busy = false;
                self.preview = None;
                self.notice = Some(Notice::Error(e));
            }
            Message::Import => {
                self.preview = None;
                let import = |v: &mut Vault, path: &Path, key: Key<'_>| {
                    let p = crate::app::transfer::import(v, path, key, &Limits::default())?;
                    Ok(Notice::TransferImported {
                        new: p.new,
                        updated: p.updated,
                        conflicts: p.conflicts,
                    })
                };
                return self.with_bundle(session, import, Message::Done);
            }
            Message::Done(r) => {
                self.busy = false;
                self.notice = Some(r.unwrap_or_else(Notice::Error));
                return self.load(session);
            }
            Message::Settle(id, incoming) => {
                self.busy = true;
                return db.task(
                    move |v| {
                        v.settle_conflict(id, incoming)?;
                        Ok(Notice::TransferSettled)
                    },
                    Message::Done,
                );
            }
        }
        Task::none()
    }

    pub fn view(&self, l: Lang, is_admin: bool) -> Element<'_, Message> {
        let c = column![
            widgets::title(t!(l, "nav-transfer")),
            widgets::notice(l, self.notice.as_ref()),
        ]
        .spacing(12);
        let Some(s) = &self.state else {
            return c.push(text(t!(l, "loading"))).padding(16).into();
        };
        let input = |f: Field, label: String| {
            let input = text_input("", self.text(f))
                .secure(f.secret())
                .on_input(move |v| Message::Text(f, v))
                .padding(6);
            widgets::field(label, false, input, None)
        };
        // A file's field and the button that opens the system's dialog.
        let file = |f: Field, label: String, on_choose: Message| {
            let choose = btn(t!(l, "transfer-choose"), Kind::Secondary, Some(on_choose));
            row![input(f, label), choose]
                .spacing(8)
                .align_y(Alignment::End)
        };
        // This unit's key.
        let mut key = column![
            widgets::section(t!(l, "transfer-unit-key")),
            text(t!(
                l,
                "transfer-fingerprint",
                fingerprint = s.key.fingerprint.clone()
            ))
            .size(16)
            .font(theme::SEMIBOLD),
            widgets::hint(t!(l, "transfer-unit-key-help")),
            btn(
                t!(l, "transfer-save-key"),
                Kind::Secondary,
                Some(Message::SaveKey)
            ),
        ]
        .spacing(6);
        key = key.push(widgets::section(t!(l, "transfer-trusted-title")));
        for u in &s.trusted {
            key = key.push(text(format!("{} — {}", u.unit, u.fingerprint)).size(14));
        }
        if s.trusted.is_empty() {
            key = key.push(widgets::hint(t!(l, "transfer-none-trusted")));
        }
        if is_admin {
            let trust = btn(
                t!(l, "transfer-trust"),
                Kind::Primary,
                (!self.busy && !self.text(Field::TrustPath).is_empty()).then_some(Message::Trust),
            );
            let key_file = t!(l, "transfer-key-file");
            key = key.push(file(Field::TrustPath, key_file, Message::PickTrust).push(trust));
        }
        // Export.
        let mut export = column![
            widgets::section(t!(l, "transfer-export-title")),
            widgets::check(
                t!(l, "transfer-to-recipient"),
                self.to_recipient,
                Some(Message::ToRecipient)
            ),
        ]
        .spacing(6);
        if self.to_recipient {
            export = export.push(input(Field::ExportRecipient, t!(l, "transfer-recipient")));
        } else {
            let pass = input(Field::ExportPass, t!(l, "transfer-passphrase"));
            let confirm = input(Field::ExportPassConfirm, t!(l, "field-password-confirm"));
            export = export.push(row![pass, confirm].spacing(8));
        }
        export = export
            .push(widgets::check(
                t!(l, "transfer-since-last"),
                self.since_last,
                Some(Message::SinceLast),
            ))
            .push(btn(
                t!(l, "transfer-export"),
                Kind::Primary,
                (!self.busy).then_some(Message::Export),
            ));
        // Import.
        let mut import = column![
            widgets::section(t!(l, "transfer-import-title")),
            file(
                Field::ImportPath,
                t!(l, "transfer-bundle-file"),
                Message::PickImport
            ),
            row![
                input(Field::ImportPass, t!(l, "transfer-passphrase")),
                file(
                    Field::ImportIdentity,
                    t!(l, "transfer-identity"),
                    Message::PickIdentity
                ),
            ]
            .spacing(8)
            .align_y(Alignment::End),
            btn(
                t!(l, "transfer-check"),
                Kind::Secondary,
                (!self.busy && !self.text(Field::ImportPath).is_empty()).then_some(Message::Check)
            ),
        ]
        .spacing(6);
        if let Some((p, unit, n)) = &self.preview {
            import = import
                .push(widgets::banner(
                    Banner::Info,
                    t!(
                        l,
                        "transfer-preview",
                        unit = unit.clone(),
                        count = *n,
                        new = p.new,
                        updated = p.updated,
                        conflicts = p.conflicts,
                        unchanged = p.unchanged
                    ),
                ))
                .push(btn(
                    t!(l, "transfer-import"),
                    Kind::Primary,
                    (!self.busy).then_some(Message::Import),
                ));
        }
        // Conflicts.
        let mut conflicts = column![widgets::section(t!(
            l,
            "transfer-conflicts",
            count = s.conflicts.len()
        ))]
        .spacing(6);
        for (cf, number, local, incoming) in &s.conflicts {
            conflicts = conflicts.push(
                row![
                    column![
                        text(format!("{number}: {local} / {incoming}")).size(14),
                        text(crate::ui::i18n::dynamic(
                            l,
                            &format!("conflict-reason-{}", cf.reason.key())
                        ))
                        .size(13)
                        .style(theme::warning_text),
                    ]
                    .width(Length::Fill),
                    btn(
                        t!(l, "transfer-keep-local"),
                        Kind::Secondary,
                        (!self.busy).then_some(Message::Settle(cf.id, false))
                    ),
                    btn(
                        t!(l, "transfer-take-incoming"),
                        Kind::Secondary,
                        (!self.busy).then_some(Message::Settle(cf.id, true))
                    ),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        let body = column![
            widgets::card(key),
            row![
                widgets::card(export).width(Length::Fill),
                widgets::card(import).width(Length::Fill)
            ]
            .spacing(12),
            widgets::card(conflicts),
        ]
        .spacing(12);
        c.push(scrollable(body).height(Length::Fill))
            .padding(16)
            .height(Length::Fill)
            .into()
    }
}
