//! Labels of the domain's enums and problems in the user's language.

use super::i18n::{self, Lang};
use crate::domain::case::{ExitLegality, Problem, Sex, Source, Status};
use crate::domain::fields::{ChoiceList, FIELDS};
use crate::t;

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

pub fn sex(l: Lang, s: Sex) -> String {
    i18n::dynamic(l, &format!("sex-{}", s.key()))
}

pub fn source(l: Lang, s: Source) -> String {
    i18n::dynamic(l, &format!("source-{}", s.key()))
}

pub fn status(l: Lang, s: Status) -> String {
    i18n::dynamic(l, &format!("status-{}", s.key()))
}

pub fn legality(l: Lang, s: ExitLegality) -> String {
    i18n::dynamic(l, &format!("exit-{}", s.key()))
}

pub fn outcome(l: Lang, key: &str) -> String {
    i18n::dynamic(l, &format!("outcome-{key}"))
}

/// The label of a value of one of the form's lists.
pub fn choice(l: Lang, list: ChoiceList, key: &str) -> String {
    i18n::dynamic(l, &format!("{}-{key}", list.message_prefix()))
}

/// What is wrong, in one sentence.
pub fn problem(l: Lang, p: Problem) -> String {
    match p {
        Problem::Required => t!(l, "problem-required"),
        Problem::NotADate => t!(l, "problem-not_a_date"),
        Problem::NoSuchDate => t!(l, "problem-no_such_date"),
        Problem::NotANumber => t!(l, "problem-not_a_number"),
        Problem::OutOfRange { min, max } => t!(l, "problem-out_of_range", min = min, max = max),
        Problem::NotAYear => t!(l, "problem-not_a_year"),
        Problem::NotAnAge => t!(l, "problem-not_an_age"),
        Problem::NotMonths => t!(l, "problem-not_months"),
        Problem::NotATime => t!(l, "problem-not_a_time"),
        Problem::NotASex => t!(l, "problem-not_a_sex"),
        Problem::CccdDigits => t!(l, "problem-cccd_digits"),
        Problem::PassportFormat => t!(l, "problem-passport_format"),
        Problem::PhoneFormat => t!(l, "problem-phone_format"),
        Problem::FutureDate => t!(l, "problem-future_date"),
        Problem::TooOld => t!(l, "problem-too_old"),
        Problem::AgeRange => t!(l, "problem-age_range"),
        Problem::AgeMissing => t!(l, "problem-age_missing"),
        Problem::BirthConflict => t!(l, "problem-birth_conflict"),
        Problem::ExitAfterReception => t!(l, "problem-exit_after_reception"),
        Problem::CommuneOutsideProvince => t!(l, "problem-commune_outside_province"),
        Problem::UnknownProvince => t!(l, "problem-unknown_province"),
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

/// Every key the dynamic lookups of the window can ask for (for the
/// completeness test): enums, the form's labels and headings.
pub fn all_keys() -> Vec<String> {
    let mut k = Vec::new();
    for list in ChoiceList::ALL {
        let prefix = list.message_prefix();
        k.extend(list.keys().into_iter().map(|v| format!("{prefix}-{v}")));
    }
    k.extend(keyed(
        "outcome",
        crate::domain::screening::Outcome::ALL
            .iter()
            .map(|o| o.key()),
    ));
    for f in FIELDS {
        k.push(f.label.to_string());
        if let Some(h) = f.heading {
            k.push(h.to_string());
        }
    }
    k
}

/// `prefix-key` for each key: the message ids of an enum's values.
fn keyed<D: std::fmt::Display>(
    prefix: &'static str,
    keys: impl IntoIterator<Item = D>,
) -> impl Iterator<Item = String> {
    keys.into_iter().map(move |k| format!("{prefix}-{k}"))
}

/// Every message id the window looks up at run time (`i18n::dynamic`), from
/// every enum and list it is built from: the completeness test checks each
/// in both languages, so none can fall back to its raw id.
pub fn dynamic_keys() -> Vec<String> {
    use crate::domain::referral::{ReferralProblem, ReferralStatus, SERVICES};
    use crate::domain::screening::record::{EVIDENCE_SOURCES, FALLBACK_SIGNS};
    use crate::domain::screening::{Answer, ListKind};
    let mut k = all_keys();
    k.extend(crate::ui::screens::batches::import::flag_keys());
    k.extend(crate::ui::idtext::dynamic_keys());
    {
        use crate::domain::bundle::ConflictReason as R;
        k.extend(
            [
                R::ChangedHere,
                R::NotFromSender,
                R::ScreeningOfAnotherCase,
                R::ReferralOfAnotherCase,
            ]
            .iter()
            .map(|r| format!("conflict-reason-{}", r.key())),
        );
    }
    let ui = crate::ui::screens::audit::ACTIONS;
    k.extend(ui.iter().map(|a| format!("audit-action-{a}")));
    k.extend(
        crate::ui::screens::audit::DETAIL_KEYS
            .iter()
            .map(|d| format!("audit-field-{d}")),
    );
    k.extend(EVIDENCE_SOURCES.iter().map(|e| format!("evidence-{e}")));
    k.extend(FALLBACK_SIGNS.iter().map(|e| format!("sign-{e}")));
    k.extend(SERVICES.iter().map(|e| format!("service-{e}")));
    k.extend(crate::ui::screens::admin::orgs::dynamic_keys());
    k.extend(keyed(
        "report-preset",
        crate::domain::report::Preset::ALL.iter().map(|p| p.key()),
    ));
    k.extend(keyed("list", ListKind::ALL.iter().map(|l| l.key())));
    // The export's screening record names the missing elements by key.
    k.extend(keyed(
        "legal-missing",
        crate::domain::screening::Element::ALL
            .iter()
            .map(|e| e.key()),
    ));
    k.extend(keyed("answer", Answer::ALL.iter().map(|a| a.key())));
    k.extend(keyed(
        "attachment-kind",
        crate::domain::attachment::AttachmentKind::ALL
            .iter()
            .map(|a| a.key()),
    ));
    k.extend(keyed(
        "age-band",
        crate::domain::screening::AgeBand::ALL
            .iter()
            .map(|b| b.key()),
    ));
    k.extend(keyed(
        "purpose",
        crate::domain::screening::Purpose::ALL
            .iter()
            .map(|p| p.key()),
    ));
    k.extend(keyed(
        "referral-status",
        ReferralStatus::ALL.iter().map(|s| s.key()),
    ));
    k.extend(keyed(
        "referral-problem",
        ReferralProblem::ALL.iter().map(|p| p.key()),
    ));
    {
        use crate::domain::privacy::{
            Choice, NoticeProblem, OptionalUse, RequestDecision, RequestKind,
        };
        k.extend(keyed("notice-choice", Choice::ALL.iter().map(|c| c.key())));
        k.extend(keyed(
            "notice-use",
            OptionalUse::ALL.iter().map(|u| u.key()),
        ));
        k.extend(keyed(
            "notice-problem",
            NoticeProblem::ALL.iter().map(|p| p.key()),
        ));
        k.extend(keyed(
            "rights-kind",
            RequestKind::ALL.iter().map(|r| r.key()),
        ));
        k.extend(keyed(
            "rights-decision",
            RequestDecision::ALL.iter().map(|d| d.key()),
        ));
    }
    k
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
    fn every_problem_has_its_own_sentence() {
        use crate::domain::case::Problem;
        let all = [
            Problem::Required,
            Problem::NotADate,
            Problem::NoSuchDate,
            Problem::NotANumber,
            Problem::OutOfRange { min: 0, max: 10 },
            Problem::NotAYear,
            Problem::NotAnAge,
            Problem::NotMonths,
            Problem::NotATime,
            Problem::NotASex,
            Problem::CccdDigits,
            Problem::PassportFormat,
            Problem::PhoneFormat,
            Problem::FutureDate,
            Problem::TooOld,
            Problem::AgeRange,
            Problem::AgeMissing,
            Problem::BirthConflict,
            Problem::ExitAfterReception,
            Problem::CommuneOutsideProvince,
            Problem::UnknownProvince,
        ];
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
