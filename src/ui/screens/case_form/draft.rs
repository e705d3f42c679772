//! The drafts of the forms about a case (the case itself, its screening,
//! its referral) and of a new batch: where each is kept in the vault, and
//! taking one away once the input is saved or thrown away.

use iced::Task;

use crate::ui::jobs::UiResult;
use crate::ui::session::Session;

/// The slot of the draft of `form` ("screening", "referral") for a case.
pub fn slot(form: &str, case_id: &str) -> String {
    format!("{form}:{case_id}")
}

/// Take away the draft kept in `slot`, if there is one; `done` gets the
/// answer (a failure is told like a failed autosave).
pub fn delete<M: Send + 'static>(
    session: &Session,
    slot: Option<String>,
    done: fn(UiResult<()>) -> M,
) -> Task<M> {
    match slot {
        Some(slot) => session.db.task(move |v| v.delete_draft(&slot), done),
        None => Task::none(),
    }
}
