//! Labels of the domain's enums in the user's language.

use super::i18n::{self, Lang};
use crate::domain::case::{ExitLegality, Problem, Sex, Source, Status};

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

pub fn problem(l: Lang, p: Problem) -> String {
    i18n::dynamic(l, &format!("problem-{}", p.key()))
}

/// A value with its label, for pick lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<T> {
    pub value: T,
    pub label: String,
}

impl<T> std::fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

pub fn choices<T: Copy>(values: &[T], label: impl Fn(T) -> String) -> Vec<Choice<T>> {
    values
        .iter()
        .map(|&value| Choice {
            value,
            label: label(value),
        })
        .collect()
}

pub fn selected<T: Copy + PartialEq>(options: &[Choice<T>], value: T) -> Option<Choice<T>>
where
    Choice<T>: Clone,
{
    options.iter().find(|c| c.value == value).cloned()
}

/// Every key the dynamic lookups above can ask for (for the completeness test).
pub fn all_keys() -> Vec<String> {
    let mut k = Vec::new();
    k.extend(Sex::ALL.iter().map(|s| format!("sex-{}", s.key())));
    k.extend(Source::ALL.iter().map(|s| format!("source-{}", s.key())));
    k.extend(Status::ALL.iter().map(|s| format!("status-{}", s.key())));
    k.extend(
        ExitLegality::ALL
            .iter()
            .map(|s| format!("exit-{}", s.key())),
    );
    k.extend(
        crate::domain::screening::Outcome::ALL
            .iter()
            .map(|o| format!("outcome-{}", o.key())),
    );
    for p in [
        Problem::Required,
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
    ] {
        k.push(format!("problem-{}", p.key()));
    }
    k
}
