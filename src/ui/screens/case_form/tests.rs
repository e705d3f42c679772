//! The case form's `update`, message in and state out, without a window:
//! what an officer sees after typing into a field, leaving it and saving.

use iced::widget::Id;

use super::*;
use crate::domain::case::Problem;
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::labels;

fn form() -> (CaseForm, Session) {
    let (f, _) = CaseForm::new_case(Vec::new());
    (f, Session::detached())
}

/// A new case with a name and a year of birth typed in.
fn person(name: &str, birth_year: &str) -> (CaseForm, Session) {
    let (mut f, s) = form();
    type_in(&mut f, &s, "full_name", name);
    type_in(&mut f, &s, "birth_year", birth_year);
    (f, s)
}

fn send(f: &mut CaseForm, s: &Session, m: Message) {
    let _ = f.update(m, s);
}

fn type_in(f: &mut CaseForm, s: &Session, key: &'static str, text: &str) {
    // Typed one character at a time, as the keyboard does.
    let mut typed = String::new();
    for c in text.chars() {
        typed.push(c);
        send(f, s, Message::Text(key, typed.clone()));
    }
}

fn leave(f: &mut CaseForm, s: &Session, key: &'static str) {
    send(f, s, Message::Left(Id::new(widget_id(key))));
}

fn message_for(f: &CaseForm, key: &str) -> Option<String> {
    let field = fields::field(key).unwrap();
    f.problem(key).map(|p| {
        labels::problem_for(
            Lang::Vi,
            p,
            &crate::ui::i18n::dynamic(Lang::Vi, field.label),
        )
    })
}

#[test]
fn letters_in_meals_ask_for_a_number_not_an_age() {
    let (mut f, s) = form();
    type_in(&mut f, &s, "meals", "abc");
    assert_eq!(f.problem("meals"), None, "no message while typing");
    leave(&mut f, &s, "meals");
    assert_eq!(f.problem("meals"), Some(Problem::NotANumber));
    assert_eq!(
        message_for(&f, "meals").unwrap(),
        t!(Lang::Vi, "problem-not_a_number")
    );
    assert_ne!(
        message_for(&f, "meals").unwrap(),
        t!(Lang::Vi, "problem-age_range")
    );
}

#[test]
fn an_impossible_date_is_told_it_does_not_exist() {
    let (mut f, s) = form();
    type_in(&mut f, &s, "exit_date", "32/13/2026");
    // Leaving by typing in another field checks the one left.
    type_in(&mut f, &s, "exit_gate", "Mộc Bài");
    assert_eq!(f.problem("exit_date"), Some(Problem::NoSuchDate));
    assert_eq!(
        message_for(&f, "exit_date").unwrap(),
        t!(Lang::Vi, "problem-no_such_date")
    );
    type_in(&mut f, &s, "birth_date", "2001-05-03");
    leave(&mut f, &s, "birth_date");
    assert_eq!(f.problem("birth_date"), Some(Problem::NotADate));
}

#[test]
fn each_bad_input_gets_its_own_message_on_saving() {
    let (mut f, s) = person("Lê Văn Bình", "1990");
    type_in(&mut f, &s, "meals", "ba");
    type_in(&mut f, &s, "shelter_days", "-2");
    type_in(&mut f, &s, "months_abroad", "2 năm");
    send(&mut f, &s, Message::Save);
    assert_eq!(f.problem("meals"), Some(Problem::NotANumber));
    assert_eq!(f.problem("shelter_days"), Some(Problem::NotANumber));
    assert_eq!(f.problem("months_abroad"), Some(Problem::NotMonths));
    assert_eq!(f.remaining_problems(), Some(3));
    assert_eq!(
        f.section,
        fields::Section::Journey,
        "the first problem's section opens"
    );
    // The summary follows the fixes, down to nothing.
    type_in(&mut f, &s, "months_abroad", "24");
    assert_eq!(f.remaining_problems(), Some(2));
    send(&mut f, &s, Message::Text("meals", "3".into()));
    send(&mut f, &s, Message::Text("shelter_days", "2".into()));
    assert_eq!(
        f.remaining_problems(),
        None,
        "the banner goes when all are fixed"
    );
}

#[test]
fn a_missing_name_asks_for_the_name() {
    let (mut f, s) = form();
    type_in(&mut f, &s, "birth_year", "1990");
    send(&mut f, &s, Message::Save);
    assert_eq!(f.problem("full_name"), Some(Problem::Required));
    assert_eq!(
        message_for(&f, "full_name").unwrap(),
        t!(Lang::Vi, "problem-required-field", field = "họ và tên")
    );
}

#[test]
fn typing_an_id_number_keeps_the_age_hint_and_every_digit() {
    let (mut f, s) = person("Phạm Thị Thu", "2011");
    let hint = fields::age_hint(&f.data, crate::clock::today());
    assert_eq!(hint, fields::AgeHint::Under16);
    type_in(&mut f, &s, "id_number", "079123456789");
    assert_eq!(f.get("id_number"), "079123456789");
    assert_eq!(
        fields::age_hint(&f.data, crate::clock::today()),
        hint,
        "the hint depends on the age fields alone"
    );
    assert_eq!(f.problem("id_number"), None);
    leave(&mut f, &s, "id_number");
    assert_eq!(
        f.problem("id_number"),
        None,
        "twelve digits are a good CCCD"
    );
}

#[test]
fn a_draft_keeps_what_was_typed() {
    let (mut f, s) = form();
    type_in(&mut f, &s, "full_name", "Trần Thị Mai");
    type_in(&mut f, &s, "meals", "ba");
    let (slot, payload) = f.draft().expect("a dirty form has a draft");
    assert!(slot.starts_with("case:new:"));
    let (g, _) = CaseForm::resume_new(slot, &payload, Vec::new());
    assert_eq!(g.get("full_name"), "Trần Thị Mai");
    assert_eq!(
        g.get("meals"),
        "ba",
        "kept as typed, even when not yet valid"
    );
}

#[test]
fn a_new_case_is_checked_for_duplicates_before_it_is_created() {
    let (mut f, s) = person("Lê Văn Bình", "1990");
    type_in(&mut f, &s, "id_number", "079123456789");
    send(&mut f, &s, Message::Save);
    // The vault answers that another case has this number.
    let hit = crate::vault::cases::DuplicateHit {
        case_id: "c-old".into(),
        number: "MB-2025-00012".into(),
        full_name: "Lê Văn Bình".into(),
        received_on: "2025-03-01".into(),
        birth_year: Some(1990),
        home_province: None,
        kind: crate::domain::dedupe::MatchKind::SameIdNumber,
        score: 100,
        same_person: false,
    };
    send(&mut f, &s, Message::Checked(Ok(vec![hit])));
    assert!(
        f.pending_duplicates,
        "nothing is created until the officer decides"
    );
    assert_eq!(f.duplicates.len(), 1);
    // "A different person" needs a reason.
    send(&mut f, &s, Message::Decide(DuplicateChoice::CreateAnyway));
    assert_eq!(f.notice, Some(Notice::DuplicateReasonRequired));
    assert!(f.pending_duplicates);
}

#[test]
fn a_fine_on_a_suspected_victim_asks_first_and_says_why() {
    let (mut f, s) = person("Lê Thị Hồng", "1998");
    f.screening_outcome = Some("suspected_victim".into());
    type_in(&mut f, &s, "fine_decision_number", "12/QĐ-XPHC");
    type_in(&mut f, &s, "fine_amount", "4.000.000");
    send(&mut f, &s, Message::Save);
    assert!(
        f.fine_asked,
        "the fine is not recorded without a confirmation"
    );
    assert!(!f.busy, "nothing is written yet");
    let why = t!(Lang::Vi, "case-fine-confirm");
    assert!(why.contains("không xử lý nạn nhân"), "{why}");
    send(&mut f, &s, Message::CancelFine);
    assert!(!f.fine_asked && !f.busy);
    send(&mut f, &s, Message::Save);
    assert!(f.fine_asked);
    send(&mut f, &s, Message::ConfirmFine);
    assert!(!f.fine_asked, "confirmed: the save goes on");
    assert!(f.busy, "the case is being written");
}

#[test]
fn a_fine_on_a_person_who_is_not_a_victim_is_saved_straight_away() {
    let (mut f, s) = person("Lê Văn Nam", "1995");
    f.screening_outcome = Some("no_indicators".into());
    type_in(&mut f, &s, "fine_amount", "4000000");
    send(&mut f, &s, Message::Save);
    assert!(!f.fine_asked);
    assert!(f.busy, "{:?} {:?}", f.notice, f.shown);
}

fn saved(id: &str, number: &str, version: i64) -> Message {
    Message::Saved(Ok(CaseSaved {
        id: id.into(),
        number: number.into(),
        version,
        duplicates: Vec::new(),
    }))
}

#[test]
fn what_is_typed_while_a_save_runs_stays_unsaved() {
    let (mut f, s) = person("Lê Văn Bình", "1990");
    type_in(&mut f, &s, "meals", "2");
    send(&mut f, &s, Message::Save);
    // No one like him in the vault: the case is written.
    send(&mut f, &s, Message::Checked(Ok(Vec::new())));
    assert!(f.busy);
    // The officer goes on typing before the vault answers.
    type_in(&mut f, &s, "shelter_days", "3");
    send(&mut f, &s, saved("c-1", "MB-2026-00001", 1));
    assert_eq!(f.notice, Some(Notice::CaseCreated("MB-2026-00001".into())));
    assert_eq!(f.get("shelter_days"), "3", "the typing is still on screen");
    assert!(f.is_dirty(), "and it is not counted as saved");
    assert!(
        f.needs_autosave(),
        "it goes to the draft at the next autosave"
    );
    let (slot, payload) = f.draft().expect("the unsaved typing has a draft");
    assert_eq!(slot, "case:c-1", "the draft of the case just created");
    assert!(payload.contains("shelter_days"), "{payload}");
    // What was written is what the form held when Save was pressed.
    assert_eq!(f.base.identity.full_name, "Lê Văn Bình");
    assert_eq!(f.base.support.shelter_days, 0);
    assert_eq!(f.base.support.meals, 2);
}

fn opened(record: &CaseRecord, version: i64) -> Message {
    Message::Loaded(Ok(Opened {
        view: CaseView {
            record: record.clone(),
            version,
            batch_number: None,
            receptions: Vec::new(),
            screening_outcome: None,
            decision: None,
            created_by: "canbo".into(),
            updated_at: "2026-12-01T08:00:00.000Z".into(),
        },
        draft: None,
    }))
}

#[test]
fn linking_a_duplicate_keeps_what_is_being_typed() {
    let (mut f, s) = form();
    let record = CaseRecord {
        id: "c-1".into(),
        number: "MB-2026-00001".into(),
        identity: crate::domain::case::Identity {
            full_name: "Trần Thị Mai".into(),
            birth_year: Some(1999),
            ..Default::default()
        },
        received_on: Some(today()),
        ..CaseRecord::default()
    };
    send(&mut f, &s, opened(&record, 1));
    assert!(!f.is_dirty());
    type_in(&mut f, &s, "meals", "4");
    // The officer links the case to an earlier reception of the same person;
    // the form reads the case again (its person, its version).
    send(&mut f, &s, Message::DuplicateHandled(Ok("c-old".into())));
    let (task, _) = f.update(opened(&record, 2), &s);
    assert_eq!(f.get("meals"), "4", "the typing survives the reload");
    assert!(f.is_dirty());
    assert_eq!(f.version, Some(2), "the next save is of the new version");
    assert_eq!(
        task.units(),
        0,
        "and the focus stays where the officer types"
    );
}
