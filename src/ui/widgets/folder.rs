//! A folder typed or chosen in the system's dialog, in a required field of
//! its own (a backup's destination, the backup to restore from): the path,
//! its dialog, what the dialog answered, and the field that shows them.

use iced::{Element, Task};

use super::{field, path_picker};
use crate::ui::i18n::Lang;
use crate::ui::notice::Notice;
use crate::ui::print::{self, Picked};

#[derive(Debug, Clone)]
pub enum Message {
    /// The path typed.
    Typed(String),
    /// Open the system's dialog.
    Choose,
    Chosen(Picked),
}

/// The field's widget id, its label and hint (in the language shown), and
/// the path in it.
#[derive(Debug)]
pub struct Folder {
    id: &'static str,
    label: fn(Lang) -> String,
    hint: fn(Lang) -> String,
    path: String,
}

impl Folder {
    pub fn new(id: &'static str, label: fn(Lang) -> String, hint: fn(Lang) -> String) -> Folder {
        Folder {
            id,
            label,
            hint,
            path: String::new(),
        }
    }

    /// The path as typed or chosen, without the spaces around it.
    pub fn path(&self) -> &str {
        self.path.trim()
    }

    /// A message in: the dialog to open, and whether the path changed. When
    /// this system has no dialog, `notice` says so.
    pub fn update(
        &mut self,
        message: Message,
        notice: &mut Option<Notice>,
    ) -> (Task<Message>, bool) {
        match message {
            Message::Typed(s) => self.path = s,
            Message::Chosen(Picked::Path(p)) => self.path = p.display().to_string(),
            Message::Choose => return (print::choose_folder().map(Message::Chosen), false),
            Message::Chosen(Picked::NoDialog) => {
                *notice = Some(Notice::NoFolderDialog);
                return (Task::none(), false);
            }
            Message::Chosen(Picked::Cancelled) => return (Task::none(), false),
        }
        (Task::none(), true)
    }

    /// The field, its messages wrapped by `wrap`; the dialog's button is off
    /// while `busy`, and `Enter` sends `on_submit`.
    pub fn view<'a, M: Clone + 'a>(
        &'a self,
        l: Lang,
        busy: bool,
        wrap: fn(Message) -> M,
        on_submit: Option<M>,
    ) -> Element<'a, M> {
        let hint = (self.hint)(l);
        let on_input = move |s| wrap(Message::Typed(s));
        let choose = (!busy).then(|| wrap(Message::Choose));
        let picker = path_picker(l, self.id, &self.path, &hint, on_input, choose, on_submit);
        field((self.label)(l), true, picker, None)
    }
}
