//! The handover of people who are not victims: from a batch, batch by batch,
//! to the police of their home province, a commune People's Committee or
//! the family; one record ("Biên bản bàn giao công dân") per receiver,
//! issued when it is recorded.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDateTime;

use super::documents::{self, Doc};
use super::{AppError, Result};
use crate::domain::org::{Agency, CitizenHandover};
use crate::domain::papers::{AgencyKind, Person};
use crate::domain::text;
use crate::vault::Vault;

/// Who is to be handed to whom: the receiver and the cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub agency: Agency,
    pub case_ids: Vec<String>,
}

/// An agency named on the command line: its id, or its name (folded).
pub fn find_agency(v: &Vault, typed: &str) -> Result<Agency> {
    let agencies = v.agencies()?;
    if let Ok(id) = typed.trim().parse::<i64>()
        && let Some(a) = agencies.iter().find(|a| a.id == id)
    {
        return Ok(a.clone());
    }
    let want = text::fold(typed);
    agencies
        .into_iter()
        .find(|a| text::fold(&a.name) == want)
        .ok_or_else(|| AppError::Refused(format!("no agency '{}'", typed.trim())))
}

/// The people of a batch still to be handed over: screened, with a
/// decision that is not "suspected victim", not on a record yet; in the
/// batch's order.
pub fn pending(v: &mut Vault, batch_id: &str) -> Result<Vec<String>> {
    let done: HashSet<String> = v
        .citizen_handovers_of(batch_id)?
        .into_iter()
        .flat_map(|h| h.case_ids)
        .collect();
    let mut s = v.conn().prepare(
        "SELECT id FROM cases WHERE batch_id = ?1 AND decision IS NOT NULL AND decision <> 'suspected_victim' ORDER BY seq",
    ).map_err(crate::vault::VaultError::from)?;
    let ids = s
        .query_map([batch_id], |r| r.get::<_, String>(0))
        .map_err(crate::vault::VaultError::from)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(crate::vault::VaultError::from)?;
    Ok(ids.into_iter().filter(|i| !done.contains(i)).collect())
}

/// Who receives whom: everyone pending to `to` when given; otherwise each
/// person to the police of their home province in force on the day (one
/// group per receiver), a person with no home province to the police of the
/// unit's province. Refuses a person with no such police agency.
pub fn plan(v: &mut Vault, batch_id: &str, to: Option<&Agency>) -> Result<Vec<Group>> {
    let ids = pending(v, batch_id)?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let today = crate::clock::today();
    if let Some(a) = to {
        return Ok(vec![Group {
            agency: a.clone(),
            case_ids: ids,
        }]);
    }
    let police: Vec<Agency> = v
        .agencies_valid_on(today)?
        .into_iter()
        .filter(|a| a.kind() == AgencyKind::Police && a.province_code.is_some())
        .collect();
    let unit_province = v.unit()?.province_code;
    let mut groups: BTreeMap<i64, Group> = BTreeMap::new();
    for id in ids {
        let province: Option<u32> = v
            .conn()
            .query_row(
                "SELECT home_province FROM cases WHERE id = ?1",
                [&id],
                |r| r.get(0),
            )
            .map_err(crate::vault::VaultError::from)?;
        // A person with no Vietnamese home province (a foreign or stateless
        // person) goes to the police of the unit's own province, whose
        // immigration office deals with them.
        let province = province.or(unit_province);
        let a = police
            .iter()
            .find(|a| province.is_some() && a.province_code == province)
            .ok_or_else(|| {
                AppError::Refused(
                    "a person's home province has no police agency in the list: name the receiver (--to)"
                        .into(),
                )
            })?;
        groups
            .entry(a.id)
            .or_insert_with(|| Group {
                agency: a.clone(),
                case_ids: Vec::new(),
            })
            .case_ids
            .push(id);
    }
    Ok(groups.into_values().collect())
}

/// Record one handover and issue its paper (number and date fixed now).
pub fn record(
    v: &mut Vault,
    batch_id: &str,
    group: &Group,
    started_at: Option<NaiveDateTime>,
    giver_person: Person,
    receiver_person: Person,
) -> Result<CitizenHandover> {
    let mut h = CitizenHandover {
        batch_id: batch_id.to_string(),
        agency_id: Some(group.agency.id),
        receiver: group.agency.name.clone(),
        receiver_person,
        giver_person,
        started_at,
        case_ids: group.case_ids.clone(),
        ..CitizenHandover::default()
    };
    v.record_citizen_handover(&mut h)?;
    documents::paper(v, &Doc::CitizenHandover(h.id.clone()))?;
    Ok(h)
}
