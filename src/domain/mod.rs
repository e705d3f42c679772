//! Pure types and rules. No I/O, no SQL, no GUI.

pub mod audit;
pub mod batch;
pub mod bundle;
pub mod case;
pub mod dates;
pub mod deadlines;
pub mod dedupe;
pub mod fields;
pub mod lists;
pub mod org;
pub mod places;
pub mod referral;
pub mod report;
pub mod screening;
pub mod security;
pub mod text;
pub mod unit;
