//! The form opened over an area, and what the shell asks of each kind:
//! unsaved input, a save on its way, the draft it keeps.

use super::{case_form, privacy_notice, referrals, screening};

/// A form opened over the current area.
pub enum Detail {
    Case(Box<case_form::CaseForm>),
    /// A screening interview, and the case form to return to (if it was opened from one).
    Interview(Box<screening::Interview>, Option<String>),
    Referral(Box<referrals::Editor>, Option<String>),
    /// The personal-data notice of a case, and the case form to return to.
    Notice(Box<privacy_notice::NoticeForm>, Option<String>),
}

impl Detail {
    pub(super) fn is_dirty(&self) -> bool {
        match self {
            Detail::Case(f) => f.is_dirty(),
            Detail::Interview(i, _) => i.is_dirty(),
            Detail::Referral(e, _) => e.is_dirty(),
            Detail::Notice(n, _) => n.is_dirty(),
        }
    }

    /// A save (or another write) of the form is on its way.
    pub(super) fn is_saving(&self) -> bool {
        match self {
            Detail::Case(f) => f.is_saving(),
            Detail::Interview(i, _) => i.is_saving(),
            Detail::Referral(e, _) => e.is_saving(),
            Detail::Notice(n, _) => n.is_saving(),
        }
    }

    /// A save is creating the form's record: a draft kept now would create
    /// it a second time when resumed.
    pub(super) fn is_creating(&self) -> bool {
        self.is_saving()
            && match self {
                Detail::Case(f) => f.is_new(),
                Detail::Interview(i, _) => i.is_new(),
                Detail::Referral(e, _) => e.is_new(),
                Detail::Notice(..) => false,
            }
    }

    /// The unsaved input as a draft (slot, payload).
    pub(super) fn draft(&self) -> Option<(String, String)> {
        match self {
            Detail::Case(f) => f.draft(),
            Detail::Interview(i, _) => i.draft(),
            Detail::Referral(e, _) => e.draft(),
            // A notice is recorded in one sitting with the person: no draft.
            Detail::Notice(..) => None,
        }
    }

    pub(super) fn slot(&self) -> Option<String> {
        match self {
            Detail::Case(f) => Some(f.draft_slot().to_string()),
            Detail::Interview(i, _) => i.draft_slot(),
            Detail::Referral(e, _) => e.draft_slot(),
            Detail::Notice(..) => None,
        }
    }
}
