//! One module per screen, each with its own `Message`, `update` and `view`.

pub mod admin;
pub mod audit;
pub mod backup;
pub mod batches;
pub mod case_form;
pub mod cases;
pub mod password;
pub mod privacy;
pub mod privacy_notice;
pub mod referrals;
pub mod rekey;
pub mod reports;
pub mod restore;
pub mod screening;
pub mod setup;
pub mod shell;
pub mod transfer;
pub mod unlock;

/// What a form about one paper tells its holder (the screening interview,
/// the referral editor, the privacy notice): go back, or open or save a
/// paper.
pub enum PaperEvent {
    Close,
    Document(crate::ui::print::Doc, crate::ui::print::DocAction),
}

/// What the screens before sign-in (setup, unlock) tell the app: a session
/// began, or the officer asked to restore a backup.
pub enum EntryEvent {
    SignedIn(crate::ui::session::Session),
    Restore,
}

/// What a screen's `update` gives back: the work to run and at most one
/// event for the screen that holds it (the shell, or a parent screen).
pub type Update<M, E> = (iced::Task<M>, Option<E>);
