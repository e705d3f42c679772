//! The unlocked app: header (unit, user, role, language, theme, lock), the
//! sidebar of areas, and what is open. What is open is one area (whose
//! screen keeps its state while another area is shown), at most one detail
//! over it (a case, a screening interview, a case's referrals) and at most
//! one modal (changing the password, or the question asked before leaving a
//! form with unsaved input). Screens report to the shell through their
//! `Event`s; the shell never reaches into a screen's fields. The drawing is
//! in `view`.

mod detail;
mod view;

pub use detail::Detail;

use std::time::Instant;

use iced::Task;
use iced::widget::Id;

use super::{
    PaperEvent, Update, admin, audit, backup, batches, case_form, cases, password, privacy,
    privacy_notice, referrals, reports, screening, transfer,
};
use crate::ui::i18n::Lang;
use crate::ui::jobs::UiResult;
use crate::ui::labels;
use crate::ui::notice::Notice;
use crate::ui::print::{self, Doc, DocAction};
use crate::ui::session::Session;
use crate::vault::cases::Gate;

/// The draft slot that names the form in progress when the app was locked.
pub const RESUME_SLOT: &str = "ui:resume";

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumIter)]
#[strum(prefix = "nav-", serialize_all = "kebab-case")]
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
    Privacy,
}

impl Area {
    pub fn label(self, lang: Lang) -> String {
        labels::of(lang, self)
    }
}

/// Where the user asked to go while a form had unsaved input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Area(Area),
    /// The form's own "back".
    Back,
    /// Another case, opened from the case form (a duplicate's "open").
    Case(String),
}

pub enum Modal {
    Password(password::ChangePassword),
    Leave(Route),
}

/// What to do with unsaved input when leaving a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaveChoice {
    KeepDraft,
    Discard,
    Stay,
}

/// What was waiting after sign-in: the user's drafts and the form in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub drafts: Vec<(String, String)>,
    pub resume: Option<(String, Option<String>)>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Nav(Area),
    Leave(LeaveChoice),
    Cases(cases::Message),
    Batches(batches::Message),
    CaseForm(case_form::Message),
    /// A reply to work a detail form started, for the form it started in
    /// (the number `Shell::show` gave it): a form closed since gets nothing,
    /// and no other case's form is handed its answer.
    ForDetail(u64, Box<Message>),
    Queue(screening::QueueMessage),
    Interview(screening::Message),
    ReferralList(referrals::ListMessage),
    Referral(referrals::Message),
    Reports(reports::Message),
    Transfer(transfer::Message),
    Admin(admin::Message),
    Audit(audit::Message),
    Privacy(privacy::Message),
    Notice(privacy_notice::Message),
    Backup(backup::Message),
    Password(password::Message),
    Document(Doc, DocAction),
    DocumentDone(UiResult<print::Done>),
    DismissNotice,
    GatesLoaded(UiResult<Vec<Gate>>),
    Waiting(UiResult<Waiting>),
    DraftDone(UiResult<()>),
    BackupDue(UiResult<bool>),
    /// What the last unlock found that administrators must see.
    Alarms(UiResult<crate::vault::Alarms>),
    /// Ctrl+S: save what is open.
    Save,
    /// Every 3 seconds while a form has unsaved input.
    Autosave,
    /// The focus left this widget (Tab): the form checks that field.
    FocusLeft(Id),
    /// A key typed outside any text input: 1–4 answer in the questionnaire.
    Digit(u8),
    /// Page up / down: the questionnaire's previous / next dimension.
    Page(i8),
    /// Arrow up / down outside inputs: the previous / next question.
    Step(i8),
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
    pub detail: Option<Detail>,
    /// Counts the details shown; the replies of each carry its number.
    detail_token: u64,
    /// Where the user asked to go while the detail form was saving.
    after_save: Option<Route>,
    pub modal: Option<Modal>,
    pub cases: cases::Cases,
    pub batches: batches::Batches,
    pub queue: screening::Queue,
    pub referral_list: referrals::List,
    pub reports: reports::Reports,
    pub transfer: transfer::Transfer,
    admin: admin::Admin,
    audit: audit::AuditLog,
    pub privacy: privacy::Privacy,
    backup: backup::Backup,
    /// The result of the last print, save or resume, shown under the content.
    pub notice: Option<Notice>,
    gates: Vec<Gate>,
    /// The last backup is older than the reminder period.
    backup_due: bool,
    /// Tampering and key alarms, shown to supervisors and administrators.
    pub alarms: Option<crate::vault::Alarms>,
    pub last_activity: Instant,
}

impl Shell {
    /// What is on screen, as a number that changes when the area, the open
    /// detail, the dialog or the batch screen's page changes.
    pub fn screen_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::mem::discriminant(&self.area).hash(&mut h);
        self.detail
            .as_ref()
            .map(std::mem::discriminant)
            .hash(&mut h);
        self.modal.as_ref().map(std::mem::discriminant).hash(&mut h);
        std::mem::discriminant(&self.batches.mode).hash(&mut h);
        // Tabs inside a screen replace its content as a screen change does.
        match &self.detail {
            Some(Detail::Case(f)) => f.section.hash(&mut h),
            Some(Detail::Interview(i, _)) => std::mem::discriminant(&i.dimension).hash(&mut h),
            _ => {}
        }
        h.finish()
    }

    pub fn new(session: Session) -> (Shell, Task<Message>) {
        let forced = session.user.must_change_password;
        let mut shell = Shell {
            session,
            area: Area::Cases,
            detail: None,
            detail_token: 0,
            after_save: None,
            modal: None,
            cases: cases::Cases::new(),
            batches: batches::Batches::new(),
            queue: screening::Queue::new(),
            referral_list: referrals::List::new(),
            reports: reports::Reports::new(),
            transfer: transfer::Transfer::new(),
            admin: admin::Admin::new(),
            audit: audit::AuditLog::new(),
            privacy: privacy::Privacy::new(),
            backup: backup::Backup::new(),
            notice: None,
            gates: Vec::new(),
            backup_due: false,
            alarms: None,
            last_activity: Instant::now(),
        };
        let db = &shell.session.db;
        let gates = db.task(|v| v.gates(), Message::GatesLoaded);
        let waiting = db.task(
            |v| {
                let drafts: Vec<(String, String)> = v
                    .list_drafts()?
                    .into_iter()
                    .filter(|(s, _)| s != RESUME_SLOT)
                    .collect();
                let resume = match v.load_draft(RESUME_SLOT)? {
                    Some(slot) if !slot.is_empty() => {
                        let payload = v.load_draft(&slot)?;
                        Some((slot, payload))
                    }
                    _ => None,
                };
                Ok(Waiting { drafts, resume })
            },
            Message::Waiting,
        );
        let due = db.task(|v| Ok(v.backup_due(chrono::Utc::now())), Message::BackupDue);
        let mut tasks = vec![
            gates,
            waiting,
            due,
            shell.load_alarms(),
            shell.enter(Area::Cases),
        ];
        if forced {
            let (p, task) = password::ChangePassword::new(true);
            shell.modal = Some(Modal::Password(p));
            tasks.push(task.map(Message::Password));
        }
        (shell, Task::batch(tasks))
    }

    fn load_alarms(&self) -> Task<Message> {
        self.session
            .db
            .task(|v| Ok(v.alarms().clone()), Message::Alarms)
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
        a.push(Area::Privacy);
        a
    }

    fn enter(&mut self, area: Area) -> Task<Message> {
        self.area = area;
        self.hide_detail();
        let s = &self.session;
        match area {
            Area::Referrals => self.referral_list.load(s).map(Message::ReferralList),
            Area::Screening => self.queue.load(s).map(Message::Queue),
            Area::Cases => self.cases.load(s).map(Message::Cases),
            Area::Batches => self.batches.enter(s).map(Message::Batches),
            Area::Reports => self.reports.load(s).map(Message::Reports),
            Area::Transfer => self.transfer.load(s).map(Message::Transfer),
            Area::Backup => self.backup.load(s).map(Message::Backup),
            Area::Admin => self.admin.load(s).map(Message::Admin),
            Area::Audit => self.audit.load(s).map(Message::Audit),
            Area::Privacy => self.privacy.load(s).map(Message::Privacy),
        }
    }

    /// Unsaved input, to be kept as drafts in the vault when locking, and
    /// the marker of the form in progress (an empty marker clears it).
    pub fn drafts(&self) -> Vec<(String, String)> {
        let mut d = Vec::new();
        let mut resume = String::new();
        if let Some(detail) = self.detail.as_ref().filter(|d| !d.is_creating()) {
            if let Some(x) = detail.draft() {
                d.push(x);
            }
            if detail.is_dirty() {
                resume = detail.slot().unwrap_or_default();
            }
        }
        if let Some(b) = self.batches.draft() {
            if resume.is_empty() && self.area == Area::Batches && self.detail.is_none() {
                resume = b.0.clone();
            }
            d.push(b);
        }
        d.push((RESUME_SLOT.to_string(), resume));
        d
    }

    /// Whether a form has input not yet kept as a draft.
    pub fn needs_autosave(&self) -> bool {
        let detail = match &self.detail {
            Some(Detail::Case(f)) => f.needs_autosave(),
            Some(Detail::Interview(i, _)) => i.needs_autosave(),
            Some(Detail::Referral(e, _)) => e.needs_autosave(),
            Some(Detail::Notice(..)) | None => false,
        };
        detail || self.batches.needs_autosave()
    }

    pub fn is_busy(&self) -> bool {
        self.backup.is_busy()
    }

    /// Show a detail form and start its work, whose replies come back to it alone.
    fn show(&mut self, detail: Detail, task: Task<Message>) -> Task<Message> {
        self.hide_detail();
        self.detail = Some(detail);
        self.for_detail(task)
    }

    /// Close the detail form: replies to its work arriving later are dropped.
    fn hide_detail(&mut self) -> Option<Detail> {
        self.detail_token += 1;
        self.after_save = None;
        self.detail.take()
    }

    /// Work started by the detail form shown now, answered to it alone.
    fn for_detail(&self, task: Task<Message>) -> Task<Message> {
        let token = self.detail_token;
        task.map(move |m| Message::ForDetail(token, Box::new(m)))
    }

    fn open_case(&mut self, id: String) -> Task<Message> {
        let (form, task) = case_form::CaseForm::open(id, self.gates.clone(), &self.session);
        self.show(Detail::Case(Box::new(form)), task.map(Message::CaseForm))
    }

    fn new_case(&mut self) -> Task<Message> {
        let (form, task) = case_form::CaseForm::new_case(self.gates.clone());
        self.show(Detail::Case(Box::new(form)), task.map(Message::CaseForm))
    }

    fn open_interview(&mut self, case_id: String, back_to: Option<String>) -> Task<Message> {
        let (i, task) = screening::Interview::open(case_id, &self.session);
        self.show(
            Detail::Interview(Box::new(i), back_to),
            task.map(Message::Interview),
        )
    }

    fn open_referral(&mut self, case_id: String, back_to: Option<String>) -> Task<Message> {
        let (e, task) = referrals::Editor::open(case_id, &self.session);
        self.show(
            Detail::Referral(Box::new(e), back_to),
            task.map(Message::Referral),
        )
    }

    fn open_notice(&mut self, case_id: String, back_to: Option<String>) -> Task<Message> {
        let (n, task) = privacy_notice::NoticeForm::open(case_id, &self.session);
        self.show(
            Detail::Notice(Box::new(n), back_to),
            task.map(Message::Notice),
        )
    }

    /// Reopen the form a draft belongs to (after sign-in).
    fn resume(&mut self, slot: &str, payload: Option<&str>) -> Task<Message> {
        if slot == batches::DRAFT_SLOT {
            if let Some(p) = payload {
                self.batches.resume(p);
            }
            self.area = Area::Batches;
            return Task::none();
        }
        if let Some(rest) = slot.strip_prefix("case:new:") {
            let Some(p) = payload else {
                return Task::none();
            };
            let (form, task) =
                case_form::CaseForm::resume_new(format!("case:new:{rest}"), p, self.gates.clone());
            return self.show(Detail::Case(Box::new(form)), task.map(Message::CaseForm));
        }
        if let Some(id) = slot.strip_prefix("case:") {
            return self.open_case(id.to_string());
        }
        if let Some(id) = slot.strip_prefix("screening:") {
            return self.open_interview(id.to_string(), None);
        }
        if let Some(id) = slot.strip_prefix("referral:") {
            return self.open_referral(id.to_string(), None);
        }
        Task::none()
    }

    fn document(&mut self, doc: Doc, action: DocAction) -> Task<Message> {
        self.notice = None;
        print::run(doc, action, &self.session).map(Message::DocumentDone)
    }

    /// Close the detail, back to where it was opened from.
    fn close_detail(&mut self) -> Task<Message> {
        let back_to = match self.hide_detail() {
            Some(Detail::Interview(_, b))
            | Some(Detail::Referral(_, b))
            | Some(Detail::Notice(_, b)) => b,
            _ => None,
        };
        if let Some(case_id) = back_to {
            return self.open_case(case_id);
        }
        // The area's list may have changed.
        let s = &self.session;
        match self.area {
            Area::Cases => self.cases.load(s).map(Message::Cases),
            Area::Screening => self.queue.load(s).map(Message::Queue),
            Area::Referrals => self.referral_list.load(s).map(Message::ReferralList),
            _ => Task::none(),
        }
    }

    /// Go somewhere, asking first when a form has unsaved input.
    fn go(&mut self, route: Route) -> Task<Message> {
        // Leaving while a save runs could keep a draft of what it writes,
        // and a new case resumed from it would be created twice: go when
        // the save has answered.
        if self.detail.as_ref().is_some_and(Detail::is_saving) {
            self.after_save = Some(route);
            return Task::none();
        }
        if self.detail.as_ref().is_some_and(Detail::is_dirty) {
            self.modal = Some(Modal::Leave(route));
            return Task::none();
        }
        self.follow(route)
    }

    fn follow(&mut self, route: Route) -> Task<Message> {
        match route {
            Route::Area(a) => self.enter(a),
            Route::Back => self.close_detail(),
            Route::Case(id) => self.open_case(id),
        }
    }

    /// The end of a child screen's update: its work (in the shell's
    /// messages), then the work of what its event asks of the shell.
    /// A paper form went back, or asked for its paper.
    fn paper_event(&mut self, event: PaperEvent) -> Task<Message> {
        match event {
            PaperEvent::Close => self.go(Route::Back),
            PaperEvent::Document(d, a) => self.document(d, a),
        }
    }

    fn after<M: Send + 'static, E>(
        &mut self,
        (task, event): Update<M, E>,
        wrap: fn(M) -> Message,
        on: impl FnOnce(&mut Self, E) -> Task<Message>,
    ) -> (Task<Message>, Option<Event>) {
        let task = task.map(wrap);
        let next = match event {
            Some(e) => on(self, e),
            None => Task::none(),
        };
        (Task::batch([task, next]), None)
    }

    /// As `after`, for the detail form shown now: its own work answers to
    /// it alone (what its event opens answers to what it opens).
    fn after_detail<M: Send + 'static, E>(
        &mut self,
        (task, event): Update<M, E>,
        wrap: fn(M) -> Message,
        on: impl FnOnce(&mut Self, E) -> Task<Message>,
    ) -> (Task<Message>, Option<Event>) {
        let own = self.for_detail(task.map(wrap));
        self.after((own, event), std::convert::identity, on)
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        let session = self.session.clone();
        let s = &session;
        match message {
            Message::Nav(area) => {
                let forced = matches!(&self.modal, Some(Modal::Password(p)) if p.forced);
                if Self::areas(s).contains(&area) && !forced {
                    return (self.go(Route::Area(area)), None);
                }
            }
            Message::Leave(choice) => {
                let Some(Modal::Leave(route)) = self.modal.take() else {
                    return (Task::none(), None);
                };
                // Save was pressed while the question showed: its answer
                // decides (`go` asks again if input is still unsaved).
                if choice != LeaveChoice::Stay
                    && self.detail.as_ref().is_some_and(Detail::is_saving)
                {
                    self.after_save = Some(route);
                    return (Task::none(), None);
                }
                let draft = self.detail.as_ref().and_then(Detail::draft);
                let slot = self.detail.as_ref().and_then(Detail::slot);
                let store = match (choice, draft, slot) {
                    (LeaveChoice::Stay, _, _) => return (Task::none(), None),
                    (LeaveChoice::KeepDraft, Some((slot, payload)), _) => {
                        self.notice = Some(Notice::DraftKept);
                        s.db.task(move |v| v.save_draft(&slot, &payload), Message::DraftDone)
                    }
                    (LeaveChoice::Discard, _, Some(slot)) => {
                        s.db.task(move |v| v.delete_draft(&slot), Message::DraftDone)
                    }
                    _ => Task::none(),
                };
                return (Task::batch([store, self.follow(route)]), None);
            }
            Message::DraftDone(Err(e)) => self.notice = Some(Notice::DraftFailed(e)),
            Message::DraftDone(Ok(())) => {}
            Message::GatesLoaded(Ok(gates)) => {
                self.cases.gates = gates.clone();
                self.batches.gates = gates.clone();
                self.gates = gates;
            }
            Message::GatesLoaded(Err(_)) => {}
            Message::Waiting(Ok(w)) => {
                self.cases.set_drafts(&w.drafts);
                if let Some((slot, payload)) = w.resume {
                    return (self.resume(&slot, payload.as_deref()), None);
                }
                if !w.drafts.is_empty() {
                    self.notice = Some(Notice::DraftsWaiting(w.drafts.len()));
                }
            }
            Message::Waiting(Err(_)) => {}
            Message::Cases(m) => {
                let update = self.cases.update(m, s);
                return self.after(update, Message::Cases, |sh, event| match event {
                    cases::Event::Open(id) => sh.open_case(id),
                    cases::Event::New => sh.new_case(),
                    cases::Event::ResumeDraft(slot) => s.db.task(
                        move |v| {
                            let payload = v.load_draft(&slot)?;
                            Ok(Waiting {
                                drafts: Vec::new(),
                                resume: Some((slot, payload)),
                            })
                        },
                        Message::Waiting,
                    ),
                });
            }
            Message::Batches(m) => {
                let update = self.batches.update(m, s);
                return self.after(update, Message::Batches, |sh, event| match event {
                    batches::Event::OpenCase(id) => sh.open_case(id),
                    batches::Event::Notice(id) => sh.open_notice(id, None),
                    batches::Event::Document(d, a) => sh.document(d, a),
                });
            }
            Message::CaseForm(m) => {
                let Some(Detail::Case(f)) = &mut self.detail else {
                    return (Task::none(), None);
                };
                let update = f.update(m, s);
                return self.after_detail(update, Message::CaseForm, |sh, event| match event {
                    case_form::Event::Close => sh.go(Route::Back),
                    // Through the leave prompt: the form may hold unsaved input.
                    case_form::Event::Open(id) => sh.go(Route::Case(id)),
                    case_form::Event::Screen(id) => sh.open_interview(id.clone(), Some(id)),
                    case_form::Event::Refer(id) => sh.open_referral(id.clone(), Some(id)),
                    case_form::Event::Notice(id) => sh.open_notice(id.clone(), Some(id)),
                });
            }
            Message::Queue(m) => {
                let update = self.queue.update(m, s);
                return self.after(update, Message::Queue, |sh, id| sh.open_interview(id, None));
            }
            Message::Interview(m) => {
                let Some(Detail::Interview(i, _)) = &mut self.detail else {
                    return (Task::none(), None);
                };
                let update = i.update(m, s);
                return self.after_detail(update, Message::Interview, Self::paper_event);
            }
            Message::ReferralList(m) => {
                let update = self.referral_list.update(m, s);
                return self.after(update, Message::ReferralList, |sh, id| {
                    sh.open_referral(id, None)
                });
            }
            Message::Referral(m) => {
                let Some(Detail::Referral(e, _)) = &mut self.detail else {
                    return (Task::none(), None);
                };
                let update = e.update(m, s);
                return self.after_detail(update, Message::Referral, Self::paper_event);
            }
            Message::Transfer(m) => {
                return (self.transfer.update(m, s).map(Message::Transfer), None);
            }
            Message::Privacy(m) => return (self.privacy.update(m, s).map(Message::Privacy), None),
            Message::Notice(m) => {
                let Some(Detail::Notice(n, _)) = &mut self.detail else {
                    return (Task::none(), None);
                };
                let update = n.update(m, s);
                return self.after_detail(update, Message::Notice, Self::paper_event);
            }
            Message::Reports(m) => return (self.reports.update(m, s).map(Message::Reports), None),
            Message::Document(d, a) => return (self.document(d, a), None),
            Message::DocumentDone(r) => {
                self.notice = Some(print::notice(r));
                // A reception record printed from the batch is now issued.
                return (self.batches.papers_changed(s).map(Message::Batches), None);
            }
            Message::DismissNotice => self.notice = None,
            Message::Save => {
                // Ctrl+S: the open form's own save, as its button does.
                let save = match &self.detail {
                    Some(Detail::Interview(..)) => Message::Interview(screening::Message::Save),
                    Some(Detail::Case(_)) => Message::CaseForm(case_form::Message::Save),
                    Some(Detail::Referral(..)) => Message::Referral(referrals::Message::Save),
                    Some(Detail::Notice(..)) => Message::Notice(privacy_notice::Message::Save),
                    None if self.area == Area::Batches => Message::Batches(batches::Message::Save),
                    None => return (Task::none(), None),
                };
                return self.update(save);
            }
            Message::Autosave => {
                let detail = match &mut self.detail {
                    Some(Detail::Case(f)) => f
                        .update(case_form::Message::Autosave, s)
                        .0
                        .map(Message::CaseForm),
                    Some(Detail::Interview(i, _)) => i
                        .update(screening::Message::Autosave, s)
                        .0
                        .map(Message::Interview),
                    Some(Detail::Referral(e, _)) => e
                        .update(referrals::Message::Autosave, s)
                        .0
                        .map(Message::Referral),
                    Some(Detail::Notice(..)) | None => Task::none(),
                };
                let detail = self.for_detail(detail);
                let batch = self
                    .batches
                    .update(batches::Message::Autosave, s)
                    .0
                    .map(Message::Batches);
                return (Task::batch([detail, batch]), None);
            }
            Message::FocusLeft(id) => {
                if let Some(Detail::Case(_)) = &self.detail {
                    return self.update(Message::CaseForm(case_form::Message::Left(id)));
                }
            }
            Message::Digit(n) => {
                if let Some(Detail::Interview(..)) = &self.detail {
                    return self.update(Message::Interview(screening::Message::Key(n)));
                }
            }
            Message::Page(d) => {
                if let Some(Detail::Interview(..)) = &self.detail {
                    return self.update(Message::Interview(screening::Message::StepDimension(d)));
                }
            }
            Message::Step(d) => {
                if let Some(Detail::Interview(..)) = &self.detail {
                    return self.update(Message::Interview(screening::Message::StepQuestion(d)));
                }
            }
            Message::ForDetail(token, m) => {
                if token == self.detail_token {
                    let (task, event) = self.update(*m);
                    let saving = self.detail.as_ref().is_some_and(Detail::is_saving);
                    let Some(route) = self.after_save.take_if(|_| !saving) else {
                        return (task, event);
                    };
                    // A package's passphrase is shown once: the officer reads
                    // it before going anywhere.
                    if matches!(&self.detail, Some(Detail::Referral(e, _)) if e.passphrase.is_some())
                    {
                        return (task, event);
                    }
                    return (Task::batch([task, self.go(route)]), event);
                }
            }
            Message::Admin(m) => {
                let (task, event) = self.admin.update(m, s);
                let event = match event {
                    Some(admin::Event::AutoLockChanged(m)) => {
                        self.session.auto_lock_minutes = m;
                        Some(Event::AutoLockChanged(m))
                    }
                    Some(admin::Event::UnitChanged(u)) => {
                        self.session.unit = u;
                        None
                    }
                    Some(admin::Event::Rekeyed) => {
                        return (
                            Task::batch([task.map(Message::Admin), self.load_alarms()]),
                            None,
                        );
                    }
                    None => None,
                };
                return (task.map(Message::Admin), event);
            }
            Message::Audit(m) => return (self.audit.update(m, s).map(Message::Audit), None),
            Message::Backup(m) => {
                let (task, event) = self.backup.update(m, s);
                match event {
                    Some(backup::Event::BackedUp) => self.backup_due = false,
                    Some(backup::Event::ReminderChanged(due)) => self.backup_due = due,
                    None => {}
                }
                return (task.map(Message::Backup), None);
            }
            Message::BackupDue(r) => self.backup_due = r.unwrap_or(false),
            Message::Alarms(r) => self.alarms = r.ok().filter(|a| a.any()),
            Message::ChangePassword => {
                let (p, task) = password::ChangePassword::new(false);
                self.modal = Some(Modal::Password(p));
                return (task.map(Message::Password), None);
            }
            Message::Password(m) => {
                if let Some(Modal::Password(p)) = &mut self.modal {
                    let (task, event) = p.update(m, s);
                    if event.is_some() {
                        self.modal = None;
                        self.session.user.must_change_password = false;
                    }
                    return (task.map(Message::Password), None);
                }
            }
            Message::Lock => return (Task::none(), Some(Event::Lock)),
            Message::ToggleTheme => return (Task::none(), Some(Event::ToggleTheme)),
            Message::Language(l) => {
                self.session.lang = l;
                return (Task::none(), Some(Event::Language(l)));
            }
        }
        (Task::none(), None)
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
