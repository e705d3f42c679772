//! The referral editor's `update`, message in and state out, without a
//! window: what is typed in one referral is never replaced by another.

use super::*;
use crate::domain::case::CaseRecord;

fn referral(id: &str, number: &str) -> Referral {
    Referral {
        id: id.into(),
        case_id: "c-1".into(),
        number: number.into(),
        ..Referral::default()
    }
}

/// A case with two draft referrals, the second one shown.
fn editor() -> (Editor, Session) {
    let s = Session::detached();
    let mut e = Editor::default();
    let case = CaseView {
        record: CaseRecord {
            id: "c-1".into(),
            number: "MB-2026-00001".into(),
            ..CaseRecord::default()
        },
        version: 1,
        batch_number: None,
        receptions: Vec::new(),
        screening_outcome: Some("suspected_victim".into()),
        decision: None,
        created_by: "canbo".into(),
        updated_at: "2026-12-01T08:00:00.000Z".into(),
    };
    let loaded = Loaded {
        case,
        referrals: vec![
            referral("r-1", "CG-2026-0001"),
            referral("r-2", "CG-2026-0002"),
        ],
        agencies: Vec::new(),
        draft: None,
        withdrawn: false,
    };
    let _ = e.update(Message::Loaded(Ok(Box::new(loaded))), &s);
    (e, s)
}

#[test]
fn another_referral_opens_only_once_the_typing_is_saved() {
    let (mut e, s) = editor();
    assert_eq!(e.current.as_ref().map(|r| r.id.as_str()), Some("r-2"));
    assert!(!e.is_dirty());
    let concern = "Có người lạ hỏi thăm nơi ở của em";
    let _ = e.update(Message::Text(Field::Protection, concern.into()), &s);
    assert!(e.is_dirty());
    // Its tab, or "new referral": the typing stays, and the officer is told why.
    for m in [Message::Select(0), Message::New] {
        let _ = e.update(m, &s);
        assert_eq!(e.current.as_ref().map(|r| r.id.as_str()), Some("r-2"));
        assert_eq!(e.text(Field::Protection), concern);
        assert_eq!(e.notice, Some(Notice::ReferralSaveFirst));
    }
    // Saved (the vault answers): the other referral opens.
    let mut written = referral("r-2", "CG-2026-0002");
    written.protection_concerns = concern.into();
    let _ = e.update(Message::Saved(Ok(written)), &s);
    assert!(!e.is_dirty());
    let _ = e.update(Message::Select(0), &s);
    assert_eq!(e.current.as_ref().map(|r| r.id.as_str()), Some("r-1"));
}

#[test]
fn a_referral_being_saved_takes_no_typing() {
    let (mut e, s) = editor();
    let _ = e.update(Message::Text(Field::Wishes, "Muốn về nhà".into()), &s);
    let _ = e.update(Message::Save, &s);
    assert!(e.busy, "the referral is being written");
    let _ = e.update(Message::Text(Field::Wishes, "Muốn về nhà ngay".into()), &s);
    assert_eq!(
        e.text(Field::Wishes),
        "Muốn về nhà",
        "what is shown is what is written"
    );
}

#[test]
fn ctrl_s_twice_writes_the_referral_once() {
    let (mut e, s) = editor();
    let _ = e.update(Message::Text(Field::Wishes, "Về với gia đình".into()), &s);
    let (first, _) = e.update(Message::Save, &s);
    assert!(first.units() > 0, "the first press saves");
    assert!(e.is_saving());
    for again in [Message::Save, Message::Approve, Message::Export] {
        let (task, _) = e.update(again, &s);
        assert_eq!(task.units(), 0, "no second write while the first runs");
    }
}
