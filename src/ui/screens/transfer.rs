//! Transfer between vaults: this unit's key, the trusted senders, exporting a
//! signed and encrypted bundle, importing one (preview first), and settling
//! conflicts.

use std::path::PathBuf;

use iced::widget::{button, checkbox, column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::domain::bundle::{Payload, Preview};
use crate::export::bundle::{self, Key, Seal};
use crate::i18n::Lang;
use crate::t;
use crate::ui::jobs::{self, UiError, UiResult};
use crate::ui::print;
use crate::ui::session::Session;
use crate::ui::theme::{self, Banner};
use crate::ui::widgets;
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
    Picked(Field, Option<PathBuf>),
    Trust,
    Export,
    ExportTo(Option<PathBuf>),
    PickImport,
    PickIdentity,
    Check,
    Checked(UiResult<(Preview, String, usize)>),
    Import,
    Done(UiResult<String>),
    Settle(i64, bool),
}

pub struct Transfer {
    state: Option<State>,
    texts: std::collections::BTreeMap<&'static str, String>,
    to_recipient: bool,
    since_last: bool,
    preview: Option<(Preview, String, usize)>,
    notice: Option<(Banner, String)>,
    busy: bool,
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

/// Open a bundle file with what the officer gave: the size is checked before
/// reading and the signer against the trusted units before the payload is
/// read. Returns the payload and the sender's (fingerprint, unit).
fn open_file(
    path: &str,
    pass: &str,
    identity: &str,
    db: &jobs::Db,
    l: Lang,
) -> Result<(Payload, (String, String)), UiError> {
    let id_text;
    let key = if identity.trim().is_empty() {
        Key::Passphrase(pass)
    } else {
        id_text =
            std::fs::read_to_string(identity.trim()).map_err(|e| UiError::Other(e.to_string()))?;
        Key::Identity(&id_text)
    };
    let limits = bundle::Limits::default();
    bundle::open_file(std::path::Path::new(path.trim()), key, &limits, |public| {
        db.with(|v| v.trusted_sender(public))
            .map_err(|e| bundle::BundleError::Io(e.message(l)))
    })
    .map(|o| (o.payload, o.sender))
    .map_err(|e| match e {
        bundle::BundleError::Untrusted(_) => UiError::Invalid(t!(l, "transfer-untrusted")),
        e => UiError::Invalid(e.to_string()),
    })
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
                let key = v.unit_key_file()?;
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

    fn finish(&mut self, r: UiResult<String>, l: Lang) {
        self.busy = false;
        self.notice = Some(match r {
            Ok(m) => (Banner::Success, m),
            Err(e) => (Banner::Error, e.message(l)),
        });
    }

    pub fn update(&mut self, m: Message, session: &Session, l: Lang) -> Task<Message> {
        let db = session.db.clone();
        match m {
            Message::Load => return self.load(session),
            Message::Loaded(Ok(s)) => self.state = Some(s),
            Message::Loaded(Err(e)) => self.notice = Some((Banner::Error, e.message(l))),
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
                let Some(s) = &self.state else {
                    return Task::none();
                };
                let json = serde_json::to_vec_pretty(&s.key).expect("serialises");
                self.busy = true;
                return jobs::blocking(
                    move || {
                        crate::vault::fsio::write_atomic(&path, &json)?;
                        Ok(t!(l, "doc-saved", path = path.display().to_string()))
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
            Message::Picked(f, Some(p)) => {
                self.texts.insert(key(f), p.display().to_string());
                self.preview = None;
            }
            Message::Picked(_, None) => {}
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
                        let fp = v.trust_unit(&file)?;
                        Ok(t!(
                            l,
                            "transfer-trusted",
                            unit = file.unit.clone(),
                            fingerprint = fp
                        ))
                    },
                    Message::Done,
                );
            }
            Message::Export => {
                if self.to_recipient {
                    if !self.text(Field::ExportRecipient).trim().starts_with("age1") {
                        self.notice = Some((Banner::Error, t!(l, "transfer-bad-recipient")));
                        return Task::none();
                    }
                } else if self.text(Field::ExportPass).chars().count() < 10 {
                    self.notice = Some((Banner::Error, t!(l, "error-password-short", min = 10)));
                    return Task::none();
                } else if self.text(Field::ExportPass) != self.text(Field::ExportPassConfirm) {
                    self.notice = Some((Banner::Error, t!(l, "error-password-mismatch")));
                    return Task::none();
                }
                let name = format!(
                    "goi-chuyen-giao-{}.age",
                    chrono::Local::now().format("%Y%m%d-%H%M")
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
                return jobs::blocking(
                    move || {
                        let to = if to_recipient {
                            recipient.clone()
                        } else {
                            "passphrase".into()
                        };
                        let (payload, bytes) = db.with(|v| {
                            let payload = v.bundle_payload(&to, since_last)?;
                            let how = if to_recipient {
                                Seal::Recipient(&recipient)
                            } else {
                                Seal::Passphrase(&pass)
                            };
                            let bytes = bundle::seal_for(v, &payload, how)
                                .map_err(|e| crate::vault::VaultError::Invalid(e.to_string()))?;
                            Ok((payload, bytes))
                        })?;
                        crate::vault::fsio::write_atomic(&path, &bytes)?;
                        db.with(|v| v.record_bundle_sent(&to, &payload))?;
                        Ok(t!(
                            l,
                            "transfer-exported",
                            count = payload.cases.len(),
                            path = path.display().to_string()
                        ))
                    },
                    Message::Done,
                );
            }
            Message::Check => {
                let (path, pass, identity) = (
                    self.text(Field::ImportPath).to_string(),
                    zeroize::Zeroizing::new(self.text(Field::ImportPass).to_string()),
                    self.text(Field::ImportIdentity).to_string(),
                );
                self.busy = true;
                return jobs::blocking(
                    move || {
                        let (payload, (fp, unit)) = open_file(&path, &pass, &identity, &db, l)?;
                        db.with(|v| {
                            let preview = v.preview_import(&payload, &fp)?;
                            Ok((preview, unit, payload.cases.len()))
                        })
                    },
                    Message::Checked,
                );
            }
            Message::Checked(Ok(p)) => {
                self.busy = false;
                self.notice = None;
                self.preview = Some(p);
            }
            Message::Checked(Err(e)) => {
                self.busy = false;
                self.preview = None;
                self.notice = Some((Banner::Error, e.message(l)));
            }
            Message::Import => {
                let (path, pass, identity) = (
                    self.text(Field::ImportPath).to_string(),
                    zeroize::Zeroizing::new(self.text(Field::ImportPass).to_string()),
                    self.text(Field::ImportIdentity).to_string(),
                );
                self.busy = true;
                self.preview = None;
                return jobs::blocking(
                    move || {
                        let (payload, (fp, _)) = open_file(&path, &pass, &identity, &db, l)?;
                        let p = db.with(|v| v.apply_import(&payload, &fp))?;
                        Ok(t!(
                            l,
                            "transfer-imported",
                            new = p.new,
                            updated = p.updated,
                            conflicts = p.conflicts
                        ))
                    },
                    Message::Done,
                );
            }
            Message::Done(r) => {
                self.finish(r, l);
                return self.load(session);
            }
            Message::Settle(id, incoming) => {
                self.busy = true;
                return db.task(
                    move |v| {
                        v.settle_conflict(id, incoming)?;
                        Ok(t!(l, "transfer-settled"))
                    },
                    Message::Done,
                );
            }
        }
        Task::none()
    }

    pub fn view(&self, l: Lang, is_admin: bool) -> Element<'_, Message> {
        let mut c = column![widgets::title(t!(l, "nav-transfer"))].spacing(12);
        if let Some((k, m)) = &self.notice {
            c = c.push(widgets::banner(*k, m.clone()));
        }
        let Some(s) = &self.state else {
            return c.push(text(t!(l, "loading"))).padding(16).into();
        };
        let input = |f: Field, label: String, secure: bool| {
            widgets::field(
                label,
                text_input("", self.text(f))
                    .secure(secure)
                    .on_input(move |v| Message::Text(f, v))
                    .padding(6),
                None,
            )
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
            text(t!(l, "transfer-unit-key-help"))
                .size(13)
                .style(theme::muted),
            button(text(t!(l, "transfer-save-key")))
                .on_press(Message::SaveKey)
                .style(button::secondary),
        ]
        .spacing(6);
        key = key.push(widgets::section(t!(l, "transfer-trusted-title")));
        for u in &s.trusted {
            key = key.push(text(format!("{} — {}", u.unit, u.fingerprint)).size(14));
        }
        if s.trusted.is_empty() {
            key = key.push(
                text(t!(l, "transfer-none-trusted"))
                    .size(13)
                    .style(theme::muted),
            );
        }
        if is_admin {
            key = key.push(
                row![
                    input(Field::TrustPath, t!(l, "transfer-key-file"), false),
                    button(text(t!(l, "transfer-choose")))
                        .on_press(Message::PickTrust)
                        .style(button::secondary),
                    button(text(t!(l, "transfer-trust")))
                        .on_press_maybe(
                            (!self.busy && !self.text(Field::TrustPath).is_empty())
                                .then_some(Message::Trust)
                        )
                        .style(button::primary),
                ]
                .spacing(8)
                .align_y(Alignment::End),
            );
        }
        // Export.
        let mut export = column![
            widgets::section(t!(l, "transfer-export-title")),
            checkbox(self.to_recipient)
                .label(t!(l, "transfer-to-recipient"))
                .on_toggle(Message::ToRecipient),
        ]
        .spacing(6);
        if self.to_recipient {
            export = export.push(input(
                Field::ExportRecipient,
                t!(l, "transfer-recipient"),
                false,
            ));
        } else {
            export = export.push(
                row![
                    input(Field::ExportPass, t!(l, "transfer-passphrase"), true),
                    input(
                        Field::ExportPassConfirm,
                        t!(l, "field-password-confirm"),
                        true
                    )
                ]
                .spacing(8),
            );
        }
        export = export
            .push(
                checkbox(self.since_last)
                    .label(t!(l, "transfer-since-last"))
                    .on_toggle(Message::SinceLast),
            )
            .push(
                button(text(t!(l, "transfer-export")))
                    .on_press_maybe((!self.busy).then_some(Message::Export))
                    .style(button::primary),
            );
        // Import.
        let mut import = column![
            widgets::section(t!(l, "transfer-import-title")),
            row![
                input(Field::ImportPath, t!(l, "transfer-bundle-file"), false),
                button(text(t!(l, "transfer-choose")))
                    .on_press(Message::PickImport)
                    .style(button::secondary),
            ]
            .spacing(8)
            .align_y(Alignment::End),
            row![
                input(Field::ImportPass, t!(l, "transfer-passphrase"), true),
                input(Field::ImportIdentity, t!(l, "transfer-identity"), false),
                button(text(t!(l, "transfer-choose")))
                    .on_press(Message::PickIdentity)
                    .style(button::secondary),
            ]
            .spacing(8)
            .align_y(Alignment::End),
            button(text(t!(l, "transfer-check")))
                .on_press_maybe(
                    (!self.busy && !self.text(Field::ImportPath).is_empty())
                        .then_some(Message::Check)
                )
                .style(button::secondary),
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
                .push(
                    button(text(t!(l, "transfer-import")))
                        .on_press_maybe((!self.busy).then_some(Message::Import))
                        .style(button::primary),
                );
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
                    text(format!("{number}: {local} / {incoming}"))
                        .size(14)
                        .width(Length::Fill),
                    button(text(t!(l, "transfer-keep-local")))
                        .on_press_maybe((!self.busy).then_some(Message::Settle(cf.id, false)))
                        .style(button::secondary),
                    button(text(t!(l, "transfer-take-incoming")))
                        .on_press_maybe((!self.busy).then_some(Message::Settle(cf.id, true)))
                        .style(button::secondary),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        let body = column![
            container(key).padding(12).style(theme::card),
            row![
                container(export)
                    .padding(12)
                    .style(theme::card)
                    .width(Length::Fill),
                container(import)
                    .padding(12)
                    .style(theme::card)
                    .width(Length::Fill)
            ]
            .spacing(12),
            container(conflicts).padding(12).style(theme::card),
        ]
        .spacing(12);
        c.push(scrollable(body).height(Length::Fill))
            .padding(16)
            .height(Length::Fill)
            .into()
    }
}

impl Default for Transfer {
    fn default() -> Self {
        Transfer::new()
    }
}
