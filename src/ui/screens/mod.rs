//! One module per screen, each with its own `Message`, `update` and `view`.

pub mod admin;
pub mod audit;
pub mod backup;
pub mod batches;
pub mod case_form;
pub mod cases;
pub mod password;
pub mod privacy;
pub mod privacy_notice;
pub mod referrals;
pub mod rekey;
pub mod reports;
pub mod restore;
pub mod screening;
pub mod setup;
pub mod shell;
pub mod transfer;
pub mod unlock;
