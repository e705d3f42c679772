//! The shell's routing of replies, without a window: an answer to work a
//! form started reaches that form, never the one shown after it.

use super::*;
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
    let _ = sh.update(Message::ForDetail(sh.detail_token, Box::new(late)));
    assert_eq!(shown_case(&sh).draft_slot(), "case:case-a");
}

#[test]
fn opening_another_case_from_a_form_with_unsaved_input_asks_first() {
    let mut sh = shell();
    let _ = sh.new_case();
    let typed = case_form::Message::Text("full_name", "Nguyễn Thị Hoa".into());
    let _ = sh.update(Message::CaseForm(typed));
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
