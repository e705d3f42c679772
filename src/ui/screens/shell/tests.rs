//! The shell's routing of replies, without a window: an answer to work a
//! form started reaches that form, never the one shown after it.

use super::*;
use crate::t;
use crate::vault::cases::CaseSaved;

fn shell() -> Shell {
    Shell::new(Session::detached()).0
}

fn shown_case(sh: &Shell) -> &case_form::CaseForm {
    match &sh.detail {
        Some(Detail::Case(f)) => f,
        _ => panic!("a case form is shown"),
    }
}

#[test]
fn a_late_answer_for_one_case_never_reaches_the_next_case_form() {
    let mut sh = shell();
    let _ = sh.open_case("case-a".into());
    let a = sh.detail_token;
    // The officer leaves case A while its save waits for the vault, and opens B.
    let _ = sh.enter(Area::Cases);
    let _ = sh.open_case("case-b".into());
    assert_eq!(shown_case(&sh).draft_slot(), "case:case-b");
    // A's answer arrives now.
    let late = Message::CaseForm(case_form::Message::Saved(Ok(CaseSaved {
        id: "case-a".into(),
        number: "MB-2026-00001".into(),
        version: 2,
        duplicates: Vec::new(),
    })));
    let _ = sh.update(Message::ForDetail(a, Box::new(late.clone())));
    assert_eq!(
        shown_case(&sh).draft_slot(),
        "case:case-b",
        "B's typing is still kept as B's draft"
    );
    assert_eq!(
        shown_case(&sh).notice,
        None,
        "and B is not told A was saved"
    );
    // The same answer for the form shown now is taken.
    reply(&mut sh, late);
    assert_eq!(shown_case(&sh).draft_slot(), "case:case-a");
}

#[test]
fn opening_another_case_from_a_form_with_unsaved_input_asks_first() {
    let mut sh = shell();
    new_case_with(&mut sh, &[("full_name", "Nguyễn Thị Hoa")]);
    // "Open the other case" beside a duplicate warning.
    let _ = sh.update(Message::CaseForm(case_form::Message::OpenOther(
        "case-old".into(),
    )));
    assert!(
        matches!(&sh.modal, Some(Modal::Leave(Route::Case(id))) if id == "case-old"),
        "the leave prompt is asked first"
    );
    assert_eq!(shown_case(&sh).get("full_name"), "Nguyễn Thị Hoa");
    let _ = sh.update(Message::Leave(LeaveChoice::Stay));
    assert_eq!(shown_case(&sh).get("full_name"), "Nguyễn Thị Hoa");
}

fn saved_new_case() -> Message {
    Message::CaseForm(case_form::Message::Saved(Ok(CaseSaved {
        id: "case-new".into(),
        number: "MB-2026-00007".into(),
        version: 1,
        duplicates: Vec::new(),
    })))
}

/// A new case form, with `fields` typed in.
fn new_case_with(sh: &mut Shell, fields: &[(&'static str, &str)]) {
    let _ = sh.new_case();
    for (k, v) in fields {
        let typed = case_form::Message::Text(k, (*v).into());
        let _ = sh.update(Message::CaseForm(typed));
    }
}

/// The form shown now gets the answer to its work.
fn reply(sh: &mut Shell, m: Message) {
    let token = sh.detail_token;
    let _ = sh.update(Message::ForDetail(token, Box::new(m)));
}

/// The shell, as drawn in Vietnamese, holds this text.
fn shows(sh: &Shell, wanted: &str) -> bool {
    let view = sh.view(Lang::Vi, crate::ui::theme::ThemeChoice::Light, 0.0);
    let mut ui = iced_test::simulator(view);
    ui.find(wanted).is_ok()
}

/// The detail is closed and the officer is in `area`.
fn arrived(sh: &Shell, area: Area) -> bool {
    sh.detail.is_none() && sh.area == area
}

/// Nothing would be resumed after a lock: no draft, no form in progress.
fn nothing_to_resume(sh: &Shell) -> bool {
    sh.drafts()
        .iter()
        .all(|(slot, payload)| slot == RESUME_SLOT && payload.is_empty())
}

fn type_new_case(sh: &mut Shell) {
    new_case_with(sh, &[("full_name", "Lê Văn Bình"), ("birth_year", "1990")]);
    let _ = sh.update(Message::CaseForm(case_form::Message::Save));
    // No one alike in the vault: the case is being written.
    let checked = Message::CaseForm(case_form::Message::Checked(Ok(Vec::new())));
    reply(sh, checked);
    assert!(shown_case(sh).is_saving(), "the save has started");
}

#[test]
fn leaving_a_new_case_while_it_saves_waits_for_the_save_and_keeps_no_draft() {
    let mut sh = shell();
    type_new_case(&mut sh);
    // The officer clicks another area before the vault has answered.
    let _ = sh.update(Message::Nav(Area::Batches));
    assert!(
        sh.modal.is_none(),
        "no 'keep a draft?' question: a draft of the case being created would create it twice"
    );
    assert!(sh.detail.is_some(), "the form stays until the save answers");
    assert!(
        shows(&sh, &t!(Lang::Vi, "leave-after-save")),
        "the officer is told the click was heard"
    );
    reply(&mut sh, saved_new_case());
    assert!(!shows(&sh, &t!(Lang::Vi, "leave-after-save")));
    assert!(
        arrived(&sh, Area::Batches),
        "then the officer is where they asked to go"
    );
    assert!(
        nothing_to_resume(&sh),
        "and nothing is left to resume: {:?}",
        sh.drafts()
    );
}

#[test]
fn typing_during_the_save_is_asked_about_when_the_save_has_answered() {
    let mut sh = shell();
    type_new_case(&mut sh);
    let _ = sh.update(Message::Nav(Area::Batches));
    let more = case_form::Message::Text("other_names", "Bình Lê".into());
    let _ = sh.update(Message::CaseForm(more));
    reply(&mut sh, saved_new_case());
    assert!(
        matches!(&sh.modal, Some(Modal::Leave(Route::Area(Area::Batches)))),
        "what was typed after the save is not lost silently"
    );
    assert_eq!(
        sh.detail.as_ref().and_then(Detail::slot).as_deref(),
        Some("case:case-new"),
        "a draft kept now belongs to the case just created"
    );
}

#[test]
fn keep_draft_answered_while_the_save_runs_waits_for_the_save() {
    let mut sh = shell();
    new_case_with(
        &mut sh,
        &[("full_name", "Lê Văn Bình"), ("birth_year", "1990")],
    );
    // The officer clicks another area: the question shows...
    let _ = sh.update(Message::Nav(Area::Batches));
    assert!(matches!(&sh.modal, Some(Modal::Leave(_))));
    // ...then presses Ctrl+S under it, and answers "keep a draft".
    let _ = sh.update(Message::CaseForm(case_form::Message::Save));
    let checked = Message::CaseForm(case_form::Message::Checked(Ok(Vec::new())));
    reply(&mut sh, checked);
    let _ = sh.update(Message::Leave(LeaveChoice::KeepDraft));
    assert!(sh.detail.is_some(), "the save answers first");
    assert_ne!(
        sh.notice,
        Some(Notice::DraftKept),
        "no draft of the new case"
    );
    reply(&mut sh, saved_new_case());
    assert!(
        arrived(&sh, Area::Batches),
        "then the officer goes where they asked"
    );
}

#[test]
fn locking_while_a_new_case_is_created_keeps_no_draft_of_it() {
    let mut sh = shell();
    type_new_case(&mut sh);
    assert!(
        nothing_to_resume(&sh),
        "a resumed draft would create the case a second time: {:?}",
        sh.drafts()
    );
    // Once it exists, what is typed in it is kept as its own draft.
    reply(&mut sh, saved_new_case());
    let more = case_form::Message::Text("other_names", "Bình Lê".into());
    let _ = sh.update(Message::CaseForm(more));
    let drafts = sh.drafts();
    assert!(
        drafts
            .iter()
            .any(|(slot, p)| slot == "case:case-new" && !p.is_empty())
    );
}
