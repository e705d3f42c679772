//! Labels of the domain's enums and problems in the user's language.

use super::i18n::{self, Lang};
use crate::domain::case::{ExitLegality, Problem, Sex, Source, Status};
use crate::domain::fields::{ChoiceList, FIELDS};
use crate::t;
use strum::IntoEnumIterator;

pub use super::widgets::Choice;

/// The provinces (34 since 1 July 2025) to choose from, by name.
pub fn provinces() -> Vec<Choice<u32>> {
    crate::domain::places::provinces()
        .iter()
        .map(|p| Choice {
            value: p.code,
            label: p.name.clone(),
        })
        .collect()
}

/// The label of a value stored under `key`: the message `prefix-key`
/// (`dynamic_keys` lists every such enum for the completeness test).
pub fn keyed(l: Lang, prefix: &str, key: &str) -> String {
    i18n::dynamic(l, &format!("{prefix}-{key}"))
}

/// The label of a value whose enum derives its message ids:
/// `#[derive(strum::IntoStaticStr, strum::EnumIter)]` with
/// `#[strum(prefix = "nav-", serialize_all = "kebab-case")]`.
pub fn of(l: Lang, value: impl Into<&'static str>) -> String {
    i18n::dynamic(l, value.into())
}

pub fn sex(l: Lang, s: Sex) -> String {
    choice(l, ChoiceList::Sex, s.key())
}

pub fn source(l: Lang, s: Source) -> String {
    choice(l, ChoiceList::Source, s.key())
}

pub fn status(l: Lang, s: Status) -> String {
    choice(l, ChoiceList::Status, s.key())
}

pub fn legality(l: Lang, s: ExitLegality) -> String {
    choice(l, ChoiceList::ExitLegality, s.key())
}

pub fn outcome(l: Lang, key: &str) -> String {
    keyed(l, "outcome", key)
}

/// The label of a value of one of the form's lists.
pub fn choice(l: Lang, list: ChoiceList, key: &str) -> String {
    keyed(l, list.message_prefix(), key)
}

/// What is wrong, in one sentence.
pub fn problem(l: Lang, p: Problem) -> String {
    match p {
        Problem::OutOfRange { min, max } => t!(l, "problem-out_of_range", min = min, max = max),
        other => keyed(l, "problem", other.key()),
    }
}

/// What is wrong with a named field: a required one says what to enter.
pub fn problem_for(l: Lang, p: Problem, field: &str) -> String {
    match p {
        Problem::Required => {
            let mut chars = field.chars();
            let field = match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => String::new(),
            };
            t!(l, "problem-required-field", field = field)
        }
        other => problem(l, other),
    }
}

/// The message ids the window looks up at run time, gathered for the
/// completeness test.
#[derive(Default)]
struct Ids(Vec<String>);

impl Ids {
    /// `prefix-key` for each key: the message ids of an enum's (or a list's)
    /// values, named by their stored keys (see `keyed`).
    fn add<K: std::fmt::Display>(&mut self, prefix: &str, keys: impl IntoIterator<Item = K>) {
        self.extend(keys.into_iter().map(|k| format!("{prefix}-{k}")));
    }

    /// The message ids of an enum that derives them (see `of`).
    fn derived<E: IntoEnumIterator + Into<&'static str>>(&mut self) {
        self.extend(E::iter().map(|e| Into::<&'static str>::into(e).to_string()));
    }
}

impl Extend<String> for Ids {
    fn extend<I: IntoIterator<Item = String>>(&mut self, ids: I) {
        self.0.extend(ids);
    }
}

/// Every message id the window looks up at run time (`i18n::dynamic`), from
/// every enum and list it is built from: the completeness test checks each
/// in both languages, so none can fall back to its raw id.
pub fn dynamic_keys() -> Vec<String> {
    use crate::domain::attachment::AttachmentKind;
    use crate::domain::bundle::ConflictReason as R;
    use crate::domain::fields::Section;
    use crate::domain::privacy::{
        Choice as NoticeChoice, NoticeProblem, OptionalUse, RequestDecision, RequestKind,
    };
    use crate::domain::referral::{ReferralProblem, ReferralStatus, SERVICES};
    use crate::domain::report::Preset;
    use crate::domain::screening::record::{EVIDENCE_SOURCES, FALLBACK_SIGNS};
    use crate::domain::screening::{
        AgeBand, Answer, Decision, Element, ListKind, Outcome, Purpose,
    };
    use crate::domain::security::Role;
    use crate::domain::unit::UnitKind;
    use crate::ui::screens::audit::{ACTIONS, DETAIL_KEYS};
    let mut k = Ids::default();
    for list in ChoiceList::ALL {
        k.add(list.message_prefix(), list.keys());
    }
    for f in FIELDS {
        k.extend(std::iter::once(f.label).chain(f.heading).map(String::from));
    }
    k.extend(crate::ui::screens::batches::import::flag_keys());
    k.extend(crate::ui::idtext::dynamic_keys());
    k.extend(crate::ui::screens::admin::orgs::dynamic_keys());
    k.add("problem", Problem::iter().map(Problem::key));
    let conflicts = [
        R::ChangedHere,
        R::NotFromSender,
        R::ScreeningOfAnotherCase,
        R::ReferralOfAnotherCase,
    ];
    k.add("conflict-reason", conflicts.map(R::key));
    k.add("audit-action", ACTIONS);
    k.add("audit-field", DETAIL_KEYS);
    k.add("evidence", EVIDENCE_SOURCES);
    k.add("sign", FALLBACK_SIGNS);
    k.add("service", SERVICES);
    k.add("outcome", Outcome::ALL.map(|o| o.key()));
    k.add("report-preset", Preset::ALL.map(|p| p.key()));
    k.add("list", ListKind::ALL.map(|l| l.key()));
    // The export's screening record names the missing elements by key.
    k.add("legal-missing", Element::ALL.map(|e| e.key()));
    k.add("answer", Answer::ALL.map(|a| a.key()));
    k.add("decision", Decision::ALL.map(|d| d.key()));
    k.add("attachment-kind", AttachmentKind::ALL.map(|a| a.key()));
    k.add("age-band", AgeBand::ALL.map(|a| a.key()));
    k.add("purpose", Purpose::ALL.map(|p| p.key()));
    k.add("referral-status", ReferralStatus::ALL.map(|r| r.key()));
    k.add("referral-problem", ReferralProblem::ALL.map(|r| r.key()));
    k.add("notice-choice", NoticeChoice::ALL.map(|n| n.key()));
    k.add("notice-use", OptionalUse::ALL.map(|o| o.key()));
    k.add("notice-problem", NoticeProblem::ALL.map(|n| n.key()));
    k.add("rights-kind", RequestKind::ALL.map(|r| r.key()));
    k.add("rights-decision", RequestDecision::ALL.map(|r| r.key()));
    k.add("role", Role::ALL.map(|r| r.key()));
    k.add("unit-kind", UnitKind::ALL.map(|u| u.key()));
    k.add("case-section", Section::ALL.map(|s| s.key()));
    k.derived::<crate::domain::screening::Grade>();
    k.derived::<crate::vault::rekey::RekeyStage>();
    k.derived::<crate::ui::screens::shell::Area>();
    k.derived::<crate::ui::screens::batches::handover_form::Problem>();
    k.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dynamic_message_exists_in_both_languages() {
        let keys = dynamic_keys();
        assert!(
            keys.len() > 150,
            "the list covers the enums: {}",
            keys.len()
        );
        for l in Lang::ALL {
            let loader = i18n::loader(l);
            let missing: Vec<&String> = keys.iter().filter(|k| !loader.has(k)).collect();
            assert!(missing.is_empty(), "missing in {l:?}: {missing:?}");
        }
    }

    #[test]
    fn english_counts_agree_with_their_number() {
        let one = crate::t!(Lang::En, "page-of", page = 1, pages = 1, total = 1);
        assert!(one.ends_with("1 item"), "{one}");
        let many = crate::t!(Lang::En, "page-of", page = 1, pages = 2, total = 51);
        assert!(many.ends_with("51 items"), "{many}");
        let fix = crate::t!(Lang::En, "case-has-errors", count = 1);
        assert_eq!(fix, "1 field needs fixing before saving.");
        let sent = crate::t!(
            Lang::En,
            "transfer-exported",
            count = 1,
            path = "/media/usb"
        );
        assert!(sent.starts_with("1 case exported"), "{sent}");
        let queue = crate::t!(Lang::En, "screening-queue-title", count = 1);
        assert_eq!(queue, "Waiting for screening (1 person, first come first)");
        let two = crate::t!(Lang::En, "screening-queue-title", count = 2);
        assert_eq!(two, "Waiting for screening (2 people, first come first)");
    }

    #[test]
    fn every_problem_has_its_own_sentence() {
        let all: Vec<Problem> = Problem::iter().collect();
        for l in Lang::ALL {
            let texts: Vec<String> = all.iter().map(|p| problem(l, *p)).collect();
            let mut unique = texts.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(
                unique.len(),
                texts.len(),
                "two problems share a sentence in {l:?}"
            );
        }
        assert_eq!(
            problem(Lang::Vi, Problem::OutOfRange { min: 0, max: 1200 }),
            "Nhập số từ 0 đến 1200."
        );
    }

    #[test]
    fn enums_read_in_their_own_words() {
        // A value named by its stored key and one whose enum derives its id
        // read the sentence of their own message, in both languages.
        use crate::domain::fields::Section;
        use crate::domain::screening::Grade;
        use crate::domain::unit::UnitKind;
        use crate::ui::screens::batches::handover_form::Problem as Handover;
        use crate::ui::screens::shell::Area;
        use crate::vault::rekey::RekeyStage;
        let kind = UnitKind::BorderGuardStation;
        assert_eq!(keyed(Lang::Vi, "unit-kind", kind.key()), "Đồn Biên phòng");
        let address = Section::AddressFamily.key();
        assert_eq!(keyed(Lang::En, "case-section", address), "Address, family");
        assert_eq!(
            problem(Lang::Vi, Problem::NotADate),
            t!(Lang::Vi, "problem-not_a_date")
        );
        assert_eq!(Area::Cases.label(Lang::Vi), "Hồ sơ");
        assert_eq!(of(Lang::En, Handover::NoReceiver), "Choose the receiver.");
        assert_eq!(of(Lang::Vi, Grade::Weak), "Dấu hiệu yếu");
        assert_eq!(of(Lang::En, RekeyStage::Done), "The data key was changed.");
    }

    #[test]
    fn every_recorded_action_has_a_label() {
        // Every constant of `domain::audit::action` is in the window's list,
        // so a new action cannot reach the log without a readable name.
        let src = include_str!("../domain/audit.rs");
        let module = src.split("pub mod action").nth(1).unwrap_or_default();
        let body = module.split("\n}").next().unwrap_or_default();
        let declared: Vec<&str> = body
            .lines()
            .filter_map(|l| l.trim().strip_prefix("pub const "))
            .filter_map(|l| l.split('"').nth(1))
            .collect();
        assert!(declared.len() > 30, "{declared:?}");
        let listed = crate::ui::screens::audit::ACTIONS;
        let missing: Vec<&&str> = declared.iter().filter(|a| !listed.contains(a)).collect();
        assert!(missing.is_empty(), "actions without a label: {missing:?}");
    }
}
