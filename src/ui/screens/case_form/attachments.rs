//! The attachments of a case in its form: thumbnails of photos (made off
//! the UI thread, kept in memory only, gone with the form), a PDF's label,
//! the kind, the size, when and by whom; attach a file (chosen in a dialog or
//! typed), open or print a copy through the print folder wiped on lock,
//! remove one attached by mistake.

use std::collections::HashMap;
use std::path::PathBuf;

use iced::widget::{column, container, image, row, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::domain::attachment::AttachmentKind;
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::jobs::{self, UiError, UiResult};
use crate::ui::print::{self, Picked};
use crate::ui::session::Session;
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::{self, Kind as Btn};
use crate::vault::attachments::{AttachmentMeta, Owner};

/// The longer side of a thumbnail, in pixels.
pub const THUMB_PX: u32 = 120;

#[derive(Debug, Clone)]
pub enum Thumb {
    Loading,
    Ready(image::Handle),
    Failed,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(UiResult<Vec<AttachmentMeta>>),
    Thumb(String, UiResult<crate::export::media::Thumbnail>),
    Path(String),
    Kind(AttachmentKind),
    Choose,
    Chosen(Picked),
    Add,
    Added(UiResult<AttachmentMeta>),
    Open(String),
    Opened(UiResult<PathBuf>),
    Remove(String),
    Removed(UiResult<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Said {
    Added,
    Opened,
    Removed,
    NoDialog,
    Failed(UiError),
}

#[derive(Default)]
pub struct Panel {
    owner: Option<Owner>,
    pub list: Vec<AttachmentMeta>,
    pub thumbs: HashMap<String, Thumb>,
    pub path: String,
    pub kind: AttachmentKind,
    busy: bool,
    said: Option<Said>,
}

/// The widget id of the path input.
pub const ID_PATH: &str = "attachment-path";

/// The kind of an attachment in words ("Giấy tờ tùy thân").
fn kind_label(l: Lang, k: AttachmentKind) -> String {
    i18n::dynamic(l, &format!("attachment-kind-{}", k.key()))
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

impl Panel {
    /// Show the attachments of a saved case (or batch).
    pub fn load(&mut self, owner: Owner, session: &Session) -> Task<Message> {
        if self.owner.as_ref() == Some(&owner) && !self.list.is_empty() {
            return Task::none();
        }
        self.owner = Some(owner.clone());
        session
            .db
            .task(move |v| v.attachments_of(&owner), Message::Loaded)
    }

    fn thumbnail_task(id: String, session: &Session) -> Task<Message> {
        let db = session.db.clone();
        let key = id.clone();
        jobs::blocking(
            move || {
                // Read under the vault's lock, decode outside it.
                let bytes = db.with(|v| v.read_attachment(&id))?;
                crate::export::media::thumbnail(&bytes, THUMB_PX)
                    .map_err(|e| UiError::Other(e.to_string()))
            },
            move |r| Message::Thumb(key, r),
        )
    }

    pub fn update(&mut self, message: Message, session: &Session) -> Task<Message> {
        match message {
            Message::Loaded(Ok(list)) => {
                let mut tasks = Vec::new();
                for m in &list {
                    if m.content_type.is_image() && !self.thumbs.contains_key(&m.id) {
                        self.thumbs.insert(m.id.clone(), Thumb::Loading);
                        tasks.push(Self::thumbnail_task(m.id.clone(), session));
                    }
                }
                self.list = list;
                return Task::batch(tasks);
            }
            Message::Loaded(Err(e)) => self.said = Some(Said::Failed(e)),
            Message::Thumb(id, Ok(t)) => {
                self.thumbs.insert(
                    id,
                    Thumb::Ready(image::Handle::from_rgba(t.width, t.height, t.rgba)),
                );
            }
            Message::Thumb(id, Err(_)) => {
                self.thumbs.insert(id, Thumb::Failed);
            }
            Message::Path(p) => self.path = p,
            Message::Kind(k) => self.kind = k,
            Message::Choose => {
                return print::choose_open_path(&["jpg", "jpeg", "png", "pdf"])
                    .map(Message::Chosen);
            }
            Message::Chosen(Picked::Path(p)) => {
                self.path = p.display().to_string();
                return self.update(Message::Add, session);
            }
            Message::Chosen(Picked::Cancelled) => {}
            Message::Chosen(Picked::NoDialog) => {
                self.said = Some(Said::NoDialog);
                return iced::widget::operation::focus(iced::widget::Id::new(ID_PATH));
            }
            Message::Add => {
                let (Some(owner), false) = (self.owner.clone(), self.busy) else {
                    return Task::none();
                };
                let path = PathBuf::from(self.path.trim());
                if path.as_os_str().is_empty() {
                    return Task::none();
                }
                self.busy = true;
                self.said = None;
                let kind = self.kind;
                return session.db.task_app(
                    move |v| crate::app::attachments::add_file(v, &owner, kind, &path),
                    Message::Added,
                );
            }
            Message::Added(Ok(meta)) => {
                self.busy = false;
                self.path.clear();
                self.said = Some(Said::Added);
                let task = if meta.content_type.is_image() {
                    self.thumbs.insert(meta.id.clone(), Thumb::Loading);
                    Self::thumbnail_task(meta.id.clone(), session)
                } else {
                    Task::none()
                };
                self.list.push(meta);
                return task;
            }
            Message::Added(Err(e)) | Message::Opened(Err(e)) | Message::Removed(Err(e)) => {
                self.busy = false;
                self.said = Some(Said::Failed(e));
            }
            Message::Open(id) => {
                let db = session.db.clone();
                return jobs::blocking(
                    move || {
                        let (meta, bytes) = db.with(|v| v.open_attachment(&id, "print"))?;
                        print::open_copy(&bytes, meta.content_type.ext())
                    },
                    Message::Opened,
                );
            }
            Message::Opened(Ok(_)) => self.said = Some(Said::Opened),
            Message::Remove(id) => {
                return session.db.task(
                    move |v| {
                        v.remove_attachment(&id)?;
                        Ok(id)
                    },
                    Message::Removed,
                );
            }
            Message::Removed(Ok(id)) => {
                self.list.retain(|m| m.id != id);
                self.thumbs.remove(&id);
                self.said = Some(Said::Removed);
            }
        }
        Task::none()
    }

    fn view_item<'a>(&'a self, l: Lang, m: &'a AttachmentMeta) -> Element<'a, Message> {
        let picture: Element<'a, Message> = match self.thumbs.get(&m.id) {
            Some(Thumb::Ready(h)) => image(h.clone())
                .width(Length::Fixed(THUMB_PX as f32))
                .height(Length::Fixed(THUMB_PX as f32))
                .into(),
            Some(Thumb::Loading) => text(t!(l, "attachments-thumb-loading"))
                .size(12)
                .style(theme::muted)
                .into(),
            Some(Thumb::Failed) => text(t!(l, "attachments-thumb-failed"))
                .size(12)
                .style(theme::muted)
                .into(),
            None => text(t!(l, "attachments-pdf")).size(14).into(),
        };
        let mut info = column![
            text(kind_label(l, m.kind)).size(14).font(theme::SEMIBOLD),
            text(t!(
                l,
                "attachments-meta",
                kind = m.content_type.ext().to_uppercase(),
                size = size_text(m.bytes),
                date = crate::ui::screens::audit::format_ts(&m.added_at),
                who = m.added_by.clone()
            ))
            .size(12)
            .style(theme::muted),
        ]
        .spacing(4);
        if m.is_sensitive() {
            info = info.push(
                text(format!("⚠ {}", t!(l, "attachments-sensitive")))
                    .size(12)
                    .style(theme::danger_text),
            );
        }
        let (open, remove) = (Message::Open(m.id.clone()), Message::Remove(m.id.clone()));
        info = info.push(
            widgets::button_row([
                (t!(l, "attachments-open"), Btn::Secondary, Some(open)),
                (t!(l, "attachments-remove"), Btn::Danger, Some(remove)),
            ])
            .spacing(6),
        );
        container(
            column![
                container(picture)
                    .width(Length::Fixed(THUMB_PX as f32 + 8.0))
                    .height(Length::Fixed(THUMB_PX as f32 + 8.0))
                    .center_x(Length::Fixed(THUMB_PX as f32 + 8.0))
                    .center_y(Length::Fixed(THUMB_PX as f32 + 8.0)),
                info
            ]
            .spacing(6)
            .width(Length::Fixed(220.0)),
        )
        .padding(8)
        .style(theme::card)
        .into()
    }

    pub fn view(&self, l: Lang) -> Element<'_, Message> {
        let mut col = column![widgets::section(t!(l, "attachments-title"))].spacing(8);
        if self.owner.is_none() {
            return col
                .push(widgets::hint(t!(l, "attachments-save-first")))
                .into();
        }
        let said = self.said.as_ref().map(|s| match s {
            Said::Added => widgets::banner(Banner::Success, t!(l, "attachments-added")),
            Said::Opened => widgets::banner(Banner::Info, t!(l, "attachments-opened")),
            Said::Removed => widgets::banner(Banner::Info, t!(l, "attachments-removed")),
            Said::NoDialog => widgets::banner(Banner::Info, t!(l, "attachments-no-dialog")),
            Said::Failed(e) => widgets::banner(Banner::Error, e.message(l)),
        });
        col = col.push(widgets::slot(said));
        if self.list.is_empty() {
            col = col.push(widgets::hint(t!(l, "attachments-none")));
        } else {
            let mut grid = row![].spacing(8);
            for m in &self.list {
                grid = grid.push(self.view_item(l, m));
            }
            col = col.push(grid.wrap());
        }
        let kinds = widgets::choices(&AttachmentKind::ALL, |k| kind_label(l, *k));
        let add = (!self.busy && !self.path.trim().is_empty()).then_some(Message::Add);
        let adding = row![
            widgets::pick(kinds, Some(&self.kind), t!(l, "attachments-kind"), |c| {
                Message::Kind(c.value)
            }),
            text_input(&t!(l, "attachments-path"), &self.path)
                .id(iced::widget::Id::new(ID_PATH))
                .on_input(Message::Path)
                .on_submit(Message::Add)
                .width(Length::Fill),
        ]
        .extend(widgets::buttons([
            (
                t!(l, "attachments-choose"),
                Btn::Secondary,
                (!self.busy).then_some(Message::Choose),
            ),
            (t!(l, "attachments-add"), Btn::Primary, add),
        ]))
        .spacing(8)
        .align_y(Alignment::Center);
        col.push(adding).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::attachment::ContentType;

    fn meta(id: &str, ct: ContentType) -> AttachmentMeta {
        AttachmentMeta {
            id: id.into(),
            owner: Owner::Case("c1".into()),
            kind: AttachmentKind::IdDocument,
            content_type: ct,
            bytes: 2048,
            sha256: "0".repeat(64),
            added_at: "2026-03-06T02:00:00.000Z".into(),
            added_by: "canbo".into(),
        }
    }

    #[test]
    fn photos_get_thumbnails_and_a_new_case_must_be_saved_first() {
        let s = Session::detached();
        // Nothing to attach to before the case is saved.
        let mut p = Panel {
            path: "/tmp/anh.jpg".into(),
            ..Default::default()
        };
        let _ = p.update(Message::Add, &s);
        assert!(!p.busy);
        let _ = p.load(Owner::Case("c1".into()), &s);
        let _ = p.update(
            Message::Loaded(Ok(vec![
                meta("a1", ContentType::Jpeg),
                meta("a2", ContentType::Pdf),
            ])),
            &s,
        );
        assert_eq!(p.list.len(), 2);
        assert!(matches!(p.thumbs.get("a1"), Some(Thumb::Loading)));
        assert!(!p.thumbs.contains_key("a2"), "a PDF has no thumbnail");
        let t = crate::export::media::Thumbnail {
            width: 2,
            height: 1,
            rgba: vec![255; 8],
        };
        let _ = p.update(Message::Thumb("a1".into(), Ok(t)), &s);
        assert!(matches!(p.thumbs.get("a1"), Some(Thumb::Ready(_))));
        let _ = p.update(
            Message::Thumb("a9".into(), Err(UiError::Other("x".into()))),
            &s,
        );
        assert!(matches!(p.thumbs.get("a9"), Some(Thumb::Failed)));
        // Attaching: busy until the vault answers, then listed with its thumbnail coming.
        let _ = p.update(Message::Add, &s);
        assert!(p.busy);
        let _ = p.update(Message::Added(Ok(meta("a3", ContentType::Png))), &s);
        assert!(!p.busy && p.path.is_empty());
        assert_eq!(p.said, Some(Said::Added));
        assert!(matches!(p.thumbs.get("a3"), Some(Thumb::Loading)));
        // Removed: gone from the list and from the memory cache.
        let _ = p.update(Message::Removed(Ok("a1".into())), &s);
        assert!(p.list.iter().all(|m| m.id != "a1"));
        assert!(!p.thumbs.contains_key("a1"));
        // A refusal is shown in the panel.
        let _ = p.update(Message::Add, &s);
        let _ = p.update(
            Message::Added(Err(UiError::Refused("too large".into()))),
            &s,
        );
        assert!(matches!(p.said, Some(Said::Failed(_))));
        let _ = p.view(Lang::Vi);
        let _ = p.view(Lang::En);
    }
}
