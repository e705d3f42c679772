//! Pure types and rules. No I/O, no SQL, no GUI.

pub mod attachment;
pub mod audit;
pub mod batch;
pub mod bundle;
pub mod case;
pub mod dates;
pub mod deadlines;
pub mod dedupe;
pub mod fields;
pub mod handover_list;
pub mod identity;
pub mod legacy_text;
pub mod lists;
pub mod names;
pub mod old_provinces;
pub mod org;
pub mod papers;
pub mod places;
pub mod privacy;
pub mod referral;
pub mod report;
pub mod screening;
pub mod security;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;
pub mod unit;
