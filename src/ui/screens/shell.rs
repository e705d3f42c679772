//! The unlocked app: header (unit, user, role, language, theme, lock), the
//! sidebar of areas, and the current area's screen.

use std::time::Instant;

use iced::widget::{button, column, container, pick_list, row, text};
use iced::{Alignment, Element, Length, Task};

use super::{
    admin, audit, backup, batches, case_form, cases, password, referrals, reports, screening,
    transfer,
};
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::print;
use crate::ui::session::Session;
use crate::ui::theme::Banner;
use crate::ui::theme::{self, ThemeChoice};
use crate::ui::widgets;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Cases,
    Batches,
    Screening,
    Referrals,
    Reports,
    Transfer,
    Backup,
    Admin,
    Audit,
}

impl Area {
    pub fn label(self, lang: Lang) -> String {
        match self {
            Area::Cases => t!(lang, "nav-cases"),
            Area::Batches => t!(lang, "nav-batches"),
            Area::Screening => t!(lang, "nav-screening"),
            Area::Referrals => t!(lang, "nav-referrals"),
            Area::Reports => t!(lang, "nav-reports"),
            Area::Transfer => t!(lang, "nav-transfer"),
            Area::Backup => t!(lang, "nav-backup"),
            Area::Admin => t!(lang, "nav-admin"),
            Area::Audit => t!(lang, "nav-audit"),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Nav(Area),
    Cases(cases::Message),
    Batches(batches::Message),
    CaseForm(case_form::Message),
    Queue(screening::QueueMessage),
    Interview(screening::Message),
    ReferralList(referrals::ListMessage),
    Reports(reports::Message),
    Transfer(transfer::Message),
    Referral(referrals::Message),
    Document(print::Doc, referrals::DocAction),
    DocumentDone(crate::ui::jobs::UiResult<print::Done>),
    DismissToast,
    GatesLoaded(crate::ui::jobs::UiResult<Vec<crate::vault::cases::Gate>>),
    ResumeDraft(crate::ui::jobs::UiResult<Option<String>>, String),
    Save,
    Autosave,
    Admin(admin::Message),
    Audit(audit::Message),
    Backup(backup::Message),
    BackupDue(crate::ui::jobs::UiResult<bool>),
    Password(password::Message),
    ChangePassword,
    Lock,
    ToggleTheme,
    Language(Lang),
}

pub enum Event {
    Lock,
    Language(Lang),
    ToggleTheme,
    AutoLockChanged(u32),
}

pub struct Shell {
    pub session: Session,
    pub area: Area,
    pub cases: cases::Cases,
    pub batches: batches::Batches,
    pub case_form: Option<case_form::CaseForm>,
    pub queue: screening::Queue,
    pub interview: Option<screening::Interview>,
    pub referral_list: referrals::List,
    pub reports: reports::Reports,
    pub transfer: transfer::Transfer,
    pub referral: Option<referrals::Editor>,
    /// The result of the last print or save, shown above the content.
    pub toast: Option<(Banner, String)>,
    gates: Vec<crate::vault::cases::Gate>,
    admin: admin::Admin,
    audit: audit::AuditLog,
    backup: backup::Backup,
    /// The last backup is older than the reminder period.
    backup_due: bool,
    password: Option<password::ChangePassword>,
    pub last_activity: Instant,
}

impl Shell {
    pub fn new(session: Session, lang: Lang) -> (Shell, Task<Message>) {
        let forced = session.user.must_change_password;
        let area = Area::Cases;
        let mut shell = Shell {
            session,
            area,
            cases: cases::Cases::new(),
            batches: batches::Batches::new(),
            case_form: None,
            queue: screening::Queue::new(),
            interview: None,
            referral_list: referrals::List::new(),
            reports: reports::Reports::new(),
            transfer: transfer::Transfer::new(),
            referral: None,
            toast: None,
            gates: Vec::new(),
            admin: admin::Admin::new(lang),
            audit: audit::AuditLog::new(),
            backup: backup::Backup::new(),
            backup_due: false,
            password: None,
            last_activity: Instant::now(),
        };
        let gates = shell.session.db.task(|v| v.gates(), Message::GatesLoaded);
        // A batch left unsaved by a crash or a lock is reopened.
        let batch_draft = shell.session.db.task(
            |v| v.load_draft(batches::DRAFT_SLOT),
            |r| Message::ResumeDraft(r, batches::DRAFT_SLOT.to_string()),
        );
        let due = shell
            .session
            .db
            .task(|v| Ok(v.backup_due(chrono::Utc::now())), Message::BackupDue);
        let mut tasks = vec![gates, batch_draft, due, shell.enter(area)];
        if forced {
            let (p, task) = password::ChangePassword::new(true);
            shell.password = Some(p);
            tasks.push(task.map(Message::Password));
        }
        (shell, Task::batch(tasks))
    }

    /// The areas this user may open.
    pub fn areas(session: &Session) -> Vec<Area> {
        let role = session.user.role;
        let mut a = vec![Area::Cases, Area::Batches, Area::Screening, Area::Referrals];
        if role.can_supervise() {
            a.push(Area::Reports);
            a.push(Area::Transfer);
        }
        a.push(Area::Backup);
        if role.can_administer() {
            a.push(Area::Admin);
        }
        if role.can_supervise() {
            a.push(Area::Audit);
        }
        a
    }

    fn enter(&mut self, area: Area) -> Task<Message> {
        self.area = area;
        self.case_form = None;
        self.interview = None;
        self.referral = None;
        match area {
            Area::Referrals => self
                .referral_list
                .load(&self.session.db)
                .map(Message::ReferralList),
            Area::Screening => self.queue.load(&self.session.db).map(Message::Queue),
            Area::Cases => self.cases.load(&self.session.db).map(Message::Cases),
            Area::Batches => {
                if matches!(self.batches.mode, batches::Mode::New) {
                    Task::none()
                } else {
                    self.batches.mode = batches::Mode::List;
                    self.batches.load(&self.session.db).map(Message::Batches)
                }
            }
            Area::Reports => self.reports.load(&self.session).map(Message::Reports),
            Area::Transfer => self.transfer.load(&self.session).map(Message::Transfer),
            Area::Backup => self.backup.load(&self.session.db).map(Message::Backup),
            Area::Admin => self.admin.load(&self.session.db).map(Message::Admin),
            Area::Audit => self.audit.load(&self.session.db).map(Message::Audit),
        }
    }

    fn document(&mut self, doc: print::Doc, action: referrals::DocAction) -> Task<Message> {
        self.toast = None;
        print::run(doc, action, &self.session).map(Message::DocumentDone)
    }

    /// Unsaved form input, to be kept as drafts in the vault when locking.
    pub fn drafts(&self) -> Vec<(String, String)> {
        let mut d = Vec::new();
        if let Some(f) = self.case_form.as_ref().and_then(|f| f.draft()) {
            d.push(f);
        }
        if let Some(b) = self.batches.draft() {
            d.push(b);
        }
        d
    }

    /// Whether a form has input not yet kept as a draft.
    pub fn needs_autosave(&self) -> bool {
        self.case_form.as_ref().is_some_and(|f| f.needs_autosave()) || self.batches.needs_autosave()
    }

    fn open_referral(&mut self, case_id: String) -> Task<Message> {
        let (e, task) = referrals::Editor::open(case_id, &self.session.db);
        self.referral = Some(e);
        task.map(Message::Referral)
    }

    fn open_interview(&mut self, case_id: String) -> Task<Message> {
        let (i, task) = screening::Interview::open(case_id, &self.session.db);
        self.interview = Some(i);
        task.map(Message::Interview)
    }

    fn open_case(&mut self, id: String) -> Task<Message> {
        self.interview = None;
        let (form, task) = case_form::CaseForm::open(id, self.gates.clone(), &self.session.db);
        self.case_form = Some(form);
        task.map(Message::CaseForm)
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.admin.set_lang(lang);
    }

    pub fn is_busy(&self) -> bool {
        self.backup.is_busy()
    }

    pub fn update(&mut self, message: Message, lang: Lang) -> (Task<Message>, Option<Event>) {
        let db = self.session.db.clone();
        match message {
            Message::Nav(area) => {
                if Self::areas(&self.session).contains(&area)
                    && self.password.as_ref().is_none_or(|p| !p.forced)
                {
                    return (self.enter(area), None);
                }
            }
            Message::GatesLoaded(Ok(gates)) => {
                self.cases.gates = gates.clone();
                self.batches.gates = gates.clone();
                self.gates = gates;
            }
            Message::GatesLoaded(Err(_)) => {}
            Message::ResumeDraft(Ok(Some(payload)), slot) => {
                if slot == batches::DRAFT_SLOT {
                    self.batches.resume(&payload);
                } else {
                    let (form, task) =
                        case_form::CaseForm::resume_new(slot, &payload, self.gates.clone());
                    self.case_form = Some(form);
                    return (task.map(Message::CaseForm), None);
                }
            }
            Message::ResumeDraft(_, _) => {}
            Message::Cases(m) => {
                let (task, event) = self.cases.update(m, &db, lang);
                let task = task.map(Message::Cases);
                return match event {
                    Some(cases::Event::Open(id)) => (Task::batch([task, self.open_case(id)]), None),
                    Some(cases::Event::New) => {
                        let (form, t) = case_form::CaseForm::new_case(self.gates.clone());
                        self.case_form = Some(form);
                        (Task::batch([task, t.map(Message::CaseForm)]), None)
                    }
                    Some(cases::Event::ResumeDraft(slot)) => {
                        let s2 = slot.clone();
                        let t = db.task(
                            move |v| v.load_draft(&s2),
                            move |r| Message::ResumeDraft(r, slot.clone()),
                        );
                        (Task::batch([task, t]), None)
                    }
                    None => (task, None),
                };
            }
            Message::Batches(m) => {
                let (task, event) = self.batches.update(m, &db, lang);
                let task = task.map(Message::Batches);
                return match event {
                    Some(batches::Event::OpenCase(id)) => {
                        (Task::batch([task, self.open_case(id)]), None)
                    }
                    Some(batches::Event::Document(d, a)) => {
                        (Task::batch([task, self.document(d, a)]), None)
                    }
                    Some(batches::Event::Changed) | None => (task, None),
                };
            }
            Message::CaseForm(m) => {
                if let Some(f) = &mut self.case_form {
                    let (task, event) = f.update(m, &db, lang);
                    let task = task.map(Message::CaseForm);
                    return match event {
                        Some(case_form::Event::Close) => {
                            self.case_form = None;
                            let reload = match self.area {
                                Area::Cases => self.cases.load(&db).map(Message::Cases),
                                _ => Task::none(),
                            };
                            (Task::batch([task, reload]), None)
                        }
                        Some(case_form::Event::Open(id)) => {
                            (Task::batch([task, self.open_case(id)]), None)
                        }
                        Some(case_form::Event::Screen(id)) => {
                            (Task::batch([task, self.open_interview(id)]), None)
                        }
                        Some(case_form::Event::Refer(id)) => {
                            (Task::batch([task, self.open_referral(id)]), None)
                        }
                        Some(case_form::Event::Changed) | None => (task, None),
                    };
                }
            }
            Message::Queue(m) => {
                let (task, open) = self.queue.update(m, &db, lang);
                let task = task.map(Message::Queue);
                if let Some(id) = open {
                    return (Task::batch([task, self.open_interview(id)]), None);
                }
                return (task, None);
            }
            Message::Interview(m) => {
                if let Some(i) = &mut self.interview {
                    let (task, event) = i.update(m, &self.session, lang);
                    let task = task.map(Message::Interview);
                    return match event {
                        Some(screening::Event::Close) => {
                            self.interview = None;
                            let reload = match self.area {
                                Area::Screening => self.queue.load(&db).map(Message::Queue),
                                Area::Cases if self.case_form.is_none() => {
                                    self.cases.load(&db).map(Message::Cases)
                                }
                                _ => Task::none(),
                            };
                            (Task::batch([task, reload]), None)
                        }
                        Some(screening::Event::Document(d, a)) => {
                            (Task::batch([task, self.document(d, a)]), None)
                        }
                        Some(screening::Event::Changed) | None => (task, None),
                    };
                }
            }
            Message::ReferralList(m) => {
                let (task, open) = self.referral_list.update(m, &db, lang);
                let task = task.map(Message::ReferralList);
                if let Some(id) = open {
                    return (Task::batch([task, self.open_referral(id)]), None);
                }
                return (task, None);
            }
            Message::Referral(m) => {
                if let Some(e) = &mut self.referral {
                    let (task, event) = e.update(m, &self.session, lang);
                    let task = task.map(Message::Referral);
                    return match event {
                        Some(referrals::Event::Close) => {
                            self.referral = None;
                            let reload = match self.area {
                                Area::Referrals => {
                                    self.referral_list.load(&db).map(Message::ReferralList)
                                }
                                _ => Task::none(),
                            };
                            (Task::batch([task, reload]), None)
                        }
                        Some(referrals::Event::Document(d, a)) => {
                            (Task::batch([task, self.document(d, a)]), None)
                        }
                        Some(referrals::Event::Changed) | None => (task, None),
                    };
                }
            }
            Message::Transfer(m) => {
                return (
                    self.transfer
                        .update(m, &self.session, lang)
                        .map(Message::Transfer),
                    None,
                );
            }
            Message::Reports(m) => {
                return (
                    self.reports
                        .update(m, &self.session, lang)
                        .map(Message::Reports),
                    None,
                );
            }
            Message::Document(d, a) => return (self.document(d, a), None),
            Message::DocumentDone(r) => self.toast = Some(print::notice(r, lang)),
            Message::DismissToast => self.toast = None,
            Message::Save => {
                if let Some(i) = &mut self.interview {
                    let (task, _) = i.update(screening::Message::Save, &self.session, lang);
                    return (task.map(Message::Interview), None);
                }
                if let Some(f) = &mut self.case_form {
                    let (task, _) = f.update(case_form::Message::Save, &db, lang);
                    return (task.map(Message::CaseForm), None);
                }
                if matches!(self.batches.mode, batches::Mode::New) {
                    let (task, _) = self.batches.update(batches::Message::Save, &db, lang);
                    return (task.map(Message::Batches), None);
                }
            }
            Message::Autosave => {
                let mut tasks = Vec::new();
                if let Some(f) = &mut self.case_form {
                    tasks.push(
                        f.update(case_form::Message::Autosave, &db, lang)
                            .0
                            .map(Message::CaseForm),
                    );
                }
                tasks.push(
                    self.batches
                        .update(batches::Message::Autosave, &db, lang)
                        .0
                        .map(Message::Batches),
                );
                return (Task::batch(tasks), None);
            }
            Message::Admin(m) => {
                let (task, event) = self.admin.update(m, &db, lang);
                let event = match event {
                    Some(admin::Event::AutoLockChanged(m)) => {
                        self.session.auto_lock_minutes = m;
                        Some(Event::AutoLockChanged(m))
                    }
                    Some(admin::Event::UnitChanged(u)) => {
                        self.session.unit = u;
                        None
                    }
                    None => None,
                };
                return (task.map(Message::Admin), event);
            }
            Message::Audit(m) => {
                return (self.audit.update(m, &db, lang).map(Message::Audit), None);
            }
            Message::Backup(m) => {
                let admin = self.session.user.role.can_administer();
                let (task, event) = self.backup.update(m, &db, lang, admin);
                match event {
                    Some(backup::Event::BackedUp) => self.backup_due = false,
                    Some(backup::Event::ReminderChanged(due)) => self.backup_due = due,
                    None => {}
                }
                return (task.map(Message::Backup), None);
            }
            Message::BackupDue(r) => self.backup_due = r.unwrap_or(false),
            Message::ChangePassword => {
                let (p, task) = password::ChangePassword::new(false);
                self.password = Some(p);
                return (task.map(Message::Password), None);
            }
            Message::Password(m) => {
                if let Some(p) = &mut self.password {
                    let (task, event) = p.update(m, &db, lang);
                    if event.is_some() {
                        self.password = None;
                        self.session.user.must_change_password = false;
                    }
                    return (task.map(Message::Password), None);
                }
            }
            Message::Lock => return (Task::none(), Some(Event::Lock)),
            Message::ToggleTheme => return (Task::none(), Some(Event::ToggleTheme)),
            Message::Language(l) => return (Task::none(), Some(Event::Language(l))),
        }
        (Task::none(), None)
    }

    pub fn view(&self, lang: Lang, theme_choice: ThemeChoice, phase: f32) -> Element<'_, Message> {
        let l = lang;
        let user = &self.session.user;
        let header = container(
            row![
                column![
                    text(self.session.unit.name.clone())
                        .size(16)
                        .font(theme::BOLD),
                    text(t!(l, "app-name")).size(12),
                ],
                widgets::hspace(),
                column![
                    text(user.display_name.clone())
                        .size(14)
                        .font(theme::SEMIBOLD),
                    text(format!(
                        "{} · {}",
                        user.username,
                        admin::role_label(l, user.role)
                    ))
                    .size(12),
                ]
                .align_x(Alignment::End),
                pick_list(Lang::ALL.to_vec(), Some(l), Message::Language).padding(6),
                button(text(match theme_choice {
                    ThemeChoice::Light => t!(l, "theme-dark"),
                    ThemeChoice::Dark => t!(l, "theme-light"),
                }))
                .on_press(Message::ToggleTheme)
                .style(button::secondary)
                .padding([6, 10]),
                button(text(t!(l, "shell-change-password")))
                    .on_press(Message::ChangePassword)
                    .style(button::secondary)
                    .padding([6, 10]),
                button(text(t!(l, "shell-lock")))
                    .on_press(Message::Lock)
                    .style(button::danger)
                    .padding([6, 12]),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        )
        .padding([10, 16])
        .width(Length::Fill)
        .style(theme::header);

        let mut nav = column![].spacing(4);
        for area in Self::areas(&self.session) {
            nav = nav.push(
                button(text(area.label(l)).size(15))
                    .width(Length::Fill)
                    .padding([8, 12])
                    .style(theme::nav(
                        self.area == area
                            && self.case_form.is_none()
                            && self.interview.is_none()
                            && self.referral.is_none(),
                    ))
                    .on_press(Message::Nav(area)),
            );
        }
        nav = nav.push(text(t!(l, "shell-lock-hint")).size(12).style(theme::muted));
        let sidebar = container(nav.padding(12))
            .width(Length::Fixed(220.0))
            .height(Length::Fill)
            .style(theme::sidebar);

        let content: Element<'_, Message> = if let Some(p) = &self.password {
            p.view(l).map(Message::Password)
        } else if let Some(e) = &self.referral {
            e.view(&self.session, l).map(Message::Referral)
        } else if let Some(i) = &self.interview {
            i.view(&self.session, l).map(Message::Interview)
        } else if let Some(f) = &self.case_form {
            f.view(l).map(Message::CaseForm)
        } else {
            match self.area {
                Area::Cases => self.cases.view(l).map(Message::Cases),
                Area::Batches => self.batches.view(l).map(Message::Batches),
                Area::Screening => self.queue.view(l).map(Message::Queue),
                Area::Referrals => self.referral_list.view(l).map(Message::ReferralList),
                Area::Reports => self.reports.view(l).map(Message::Reports),
                Area::Transfer => self
                    .transfer
                    .view(l, self.session.user.role.can_administer())
                    .map(Message::Transfer),
                Area::Backup => self
                    .backup
                    .view(l, self.session.user.role.can_administer(), phase)
                    .map(Message::Backup),
                Area::Admin => self.admin.view(l).map(Message::Admin),
                Area::Audit => self.audit.view(l).map(Message::Audit),
            }
        };
        let mut main = column![].height(Length::Fill);
        if let Some((kind, msg)) = &self.toast {
            main = main.push(
                container(
                    row![
                        text(msg.clone()).size(14).width(Length::Fill),
                        button(text("×"))
                            .on_press(Message::DismissToast)
                            .style(button::text),
                    ]
                    .align_y(Alignment::Center),
                )
                .padding([6, 12])
                .style(theme::banner(*kind)),
            );
        }
        if self.backup_due && self.area != Area::Backup {
            main = main.push(
                container(
                    row![
                        text(t!(l, "backup-reminder-banner"))
                            .size(14)
                            .width(Length::Fill),
                        button(text(t!(l, "backup-start")))
                            .on_press(Message::Nav(Area::Backup))
                            .style(button::secondary)
                            .padding([4, 10]),
                    ]
                    .spacing(10)
                    .align_y(Alignment::Center),
                )
                .padding([6, 12])
                .style(theme::banner(Banner::Warning)),
            );
        }
        main = main.push(content);
        column![
            header,
            row![
                sidebar,
                container(main).width(Length::Fill).height(Length::Fill)
            ]
        ]
        .into()
    }
}
