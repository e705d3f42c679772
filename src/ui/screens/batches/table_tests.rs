//! The quick-entry table's `update`, message in and state out, without a
//! window: rows added by Enter, removed with their duplicate warnings, and a
//! batch that cannot be saved while a duplicate is undecided.

use super::*;
use crate::domain::dedupe::MatchKind;

fn table() -> (Table, Session) {
    (Table::new(), Session::detached())
}

fn send(t: &mut Table, s: &Session, m: Message) {
    let _ = t.update(m, s);
}

fn cell(t: &mut Table, s: &Session, row: usize, col: Col, value: &str) {
    send(t, s, Message::Cell(row, col, value.into()));
}

fn person(t: &mut Table, s: &Session, row: usize, name: &str, age: &str, document: &str) {
    while t.form.rows.len() <= row {
        send(t, s, Message::AddRow);
    }
    cell(t, s, row, Col::Name, name);
    cell(t, s, row, Col::Sex, "Nam");
    cell(t, s, row, Col::Age, age);
    cell(t, s, row, Col::Document, document);
}

/// A batch with its header typed (who handed the people over, the gate).
fn headed() -> (Table, Session) {
    let (mut t, s) = table();
    let handing = Message::Header(HeaderField::Handing, "Cảnh sát Campuchia".into());
    send(&mut t, &s, handing);
    t.form.gate_id = Some(1);
    (t, s)
}

/// The person whose ID card number is already in the vault (`same_id`).
fn known_person(t: &mut Table, s: &Session, row: usize) {
    person(t, s, row, "Nguyễn Văn Cũ", "1990", "072090001234");
}

/// A batch whose first row is a person already in the vault, not yet decided.
fn undecided() -> (Table, Session) {
    let (mut t, s) = headed();
    known_person(&mut t, &s, 0);
    checked(&mut t, &s, 0, vec![same_id("c1")]);
    (t, s)
}

fn same_id(case_id: &str) -> DuplicateHit {
    DuplicateHit {
        case_id: case_id.into(),
        number: "MB-2026-00001".into(),
        full_name: "Nguyễn Văn Cũ".into(),
        received_on: "2026-01-01".into(),
        birth_year: Some(1990),
        home_province: None,
        kind: MatchKind::SameIdNumber,
        score: 100,
        same_person: false,
    }
}

/// The row's duplicate lookup answers with `hits` for the row as typed now.
fn checked(t: &mut Table, s: &Session, row: usize, hits: Vec<DuplicateHit>) {
    let probe = probe_of(&t.form.rows[row]);
    send(t, s, Message::RowChecked(row, probe, Ok(hits)));
}

#[test]
fn enter_on_the_last_row_opens_one_new_row() {
    let (mut t, s) = table();
    assert_eq!(t.form.rows.len(), 1);
    person(&mut t, &s, 0, "Trần Văn Một", "1990", "");
    send(&mut t, &s, Message::RowSubmit(0));
    assert_eq!(t.form.rows.len(), 2, "Enter adds a row below");
    // Enter on a row that already has one below moves there, adds nothing.
    send(&mut t, &s, Message::RowSubmit(0));
    assert_eq!(t.form.rows.len(), 2);
    assert!(t.is_dirty(), "typed rows make the batch unsaved");
}

#[test]
fn a_blank_batch_asks_for_people_and_a_bad_age_is_a_problem() {
    let (mut t, s) = headed();
    assert_eq!(t.save(&s).err(), Some(Notice::BatchNoPeople));
    person(&mut t, &s, 0, "Trần Văn Một", "tuổi", "");
    assert!(
        matches!(t.save(&s), Err(Notice::FormProblems(n)) if n >= 1),
        "an age that is not an age is counted"
    );
    // Typing in the row clears its error until the next save.
    cell(&mut t, &s, 0, Col::Age, "30");
    assert!(t.row_errors.is_empty());
}

#[test]
fn an_undecided_duplicate_blocks_saving_until_the_officer_says_why() {
    let (mut t, s) = undecided();
    assert_eq!(
        t.save(&s).err(),
        Some(Notice::BatchDuplicatesUndecided(1)),
        "the same ID number must be decided first"
    );
    // "A different person" needs a reason.
    send(&mut t, &s, Message::Decide(0, RowDecision::Different));
    assert_eq!(t.save(&s).err(), Some(Notice::BatchDuplicatesUndecided(1)));
    send(
        &mut t,
        &s,
        Message::Reason(0, "Trùng số do nhập sai ở hồ sơ cũ".into()),
    );
    assert!(t.save(&s).is_ok(), "decided with a reason: saving starts");
}

#[test]
fn a_repeat_return_needs_no_reason() {
    let (mut t, s) = undecided();
    send(&mut t, &s, Message::Decide(0, RowDecision::RepeatReturn));
    assert!(t.save(&s).is_ok());
}

#[test]
fn a_lookup_for_what_the_row_said_before_is_ignored() {
    let (mut t, s) = headed();
    known_person(&mut t, &s, 0);
    let stale = probe_of(&t.form.rows[0]);
    // The officer corrects the number before the answer arrives.
    cell(&mut t, &s, 0, Col::Document, "072090009999");
    send(
        &mut t,
        &s,
        Message::RowChecked(0, stale, Ok(vec![same_id("c1")])),
    );
    assert!(
        t.save(&s).is_ok(),
        "the old number's duplicate is not shown"
    );
}

#[test]
fn removing_a_row_moves_the_warnings_of_the_rows_below() {
    let (mut t, s) = headed();
    person(&mut t, &s, 0, "Lê Thị Đầu", "1995", "");
    known_person(&mut t, &s, 1);
    checked(&mut t, &s, 1, vec![same_id("c1")]);
    send(&mut t, &s, Message::RemoveRow(0));
    assert_eq!(t.form.rows.len(), 1);
    assert_eq!(t.form.rows[0].name, "Nguyễn Văn Cũ");
    // The warning moved with its row: it still blocks, and is decided at 0.
    assert_eq!(t.save(&s).err(), Some(Notice::BatchDuplicatesUndecided(1)));
    send(&mut t, &s, Message::Decide(0, RowDecision::RepeatReturn));
    assert!(t.save(&s).is_ok());
    // The last row cannot be removed.
    send(&mut t, &s, Message::RemoveRow(0));
    assert_eq!(t.form.rows.len(), 1);
}

#[test]
fn a_typed_cccd_fills_the_sex_and_birth_year_left_empty() {
    let (mut t, s) = headed();
    cell(&mut t, &s, 0, Col::Name, "Lê Thị Mai");
    // Digit by digit, as the officer types: nothing is filled before the 12th.
    let number = "072195001234";
    for n in 1..=number.len() {
        if n == number.len() {
            assert!(t.form.rows[0].sex.is_empty() && t.form.rows[0].age.is_empty());
        }
        cell(&mut t, &s, 0, Col::Document, &number[..n]);
    }
    assert_eq!(t.form.rows[0].document, number, "every digit in the number");
    assert_eq!(
        t.form.rows[0].sex, "Nữ",
        "digit 4 = 1: a woman born 1900-1999"
    );
    assert_eq!(t.form.rows[0].age, "1995", "digits 5-6: the year");
    assert!(
        t.ids.get(&0).is_none_or(|n| n.warnings().next().is_none()),
        "what the number filled agrees with it"
    );
    assert!(t.form.rows[0].province.is_empty(), "not from digits 1-3");
    cell(&mut t, &s, 0, Col::Province, "tay");
    assert!(
        t.save(&s).is_ok(),
        "name, number and province make a whole row"
    );
    // The vault refused the save (as `Saved(Err)` leaves it): typing goes on.
    t.busy = false;

    // Enter writes the province a short entry stands for.
    send(&mut t, &s, Message::RowSubmit(0));
    assert_eq!(t.form.rows[0].province, "Tây Ninh");

    // A corrected 4th digit: what the number filled follows it.
    cell(&mut t, &s, 0, Col::Document, "072205001234");
    assert_eq!(
        (t.form.rows[0].sex.as_str(), t.form.rows[0].age.as_str()),
        ("Nam", "2005")
    );
    // Half the number deleted: what it filled is taken back.
    cell(&mut t, &s, 0, Col::Document, "072205");
    assert!(t.form.rows[0].sex.is_empty() && t.form.rows[0].age.is_empty());
}

#[test]
fn a_typed_sex_and_year_the_cccd_contradicts_stay_and_are_warned() {
    use crate::domain::identity::IdWarning;
    let (mut t, s) = table();
    cell(&mut t, &s, 0, Col::Name, "Lê Văn Tâm");
    cell(&mut t, &s, 0, Col::Sex, "nam");
    cell(&mut t, &s, 0, Col::Age, "1990");
    cell(&mut t, &s, 0, Col::Document, "072195001234");
    let r = &t.form.rows[0];
    assert_eq!((r.sex.as_str(), r.age.as_str()), ("nam", "1990"));
    let w: Vec<&IdWarning> = t.ids.get(&0).map(|n| n.warnings().collect()).unwrap();
    assert!(
        w.iter().any(|w| matches!(w, IdWarning::SexDigit { .. })),
        "{w:?}"
    );
    assert!(
        w.iter().any(|w| matches!(
            w,
            IdWarning::YearDigits {
                number_says: 1995,
                stated: 1990,
                ..
            }
        )),
        "{w:?}"
    );
    // The officer's cell is never overwritten, even after clearing the other.
    cell(&mut t, &s, 0, Col::Age, "");
    cell(&mut t, &s, 0, Col::Document, "072195001235");
    assert_eq!(t.form.rows[0].sex, "nam");
    assert_eq!(t.form.rows[0].age, "1995", "the emptied year is filled");
}

#[test]
fn clearing_the_number_drops_the_decision_taken_on_it() {
    let (mut t, s) = undecided();
    send(&mut t, &s, Message::Decide(0, RowDecision::RepeatReturn));
    // The number was typed in the wrong row: the officer clears it.
    cell(&mut t, &s, 0, Col::Document, "");
    let Ok(_) = t.save(&s) else {
        panic!("nothing is left to decide");
    };
    assert!(
        t.matches.is_empty(),
        "no link to the other case is made on a number no longer there"
    );
}

#[test]
fn the_table_takes_no_typing_while_it_is_saved() {
    let (mut t, s) = headed();
    person(&mut t, &s, 0, "Trần Văn Một", "1990", "");
    assert!(t.save(&s).is_ok());
    assert!(t.busy);
    cell(&mut t, &s, 0, Col::Name, "Trần Văn Hai");
    send(&mut t, &s, Message::AddRow);
    assert_eq!(
        t.form.rows[0].name, "Trần Văn Một",
        "what is written is what was shown"
    );
    assert_eq!(t.form.rows.len(), 1);
}
