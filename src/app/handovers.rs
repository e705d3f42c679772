//! The handover of people who are not victims: from a batch, batch by batch,
//! to the police of their home province, a commune People's Committee or
//! the family; one record ("Biên bản bàn giao công dân") per receiver,
//! issued when it is recorded.

use std::collections::{BTreeMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};

use super::documents::{self, Doc};
use super::{AppError, Result};
use crate::domain::org::{Agency, CitizenHandover};
use crate::domain::papers::{AgencyKind, Person};
use crate::domain::text;
use crate::vault::Vault;
use crate::vault::cases::CaseRow;

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

/// Who receives: an agency of the list (valid on the day, one that
/// receives citizens), or a receiver named as typed when the list has no
/// entry for it (a family: "Gia đình ông Nguyễn Văn A").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Receiver {
    Agency(i64),
    Named(String),
}

/// A handover as the officer fills it in: the receiver, who goes to it,
/// both parties' representatives, the place, the time of opening and
/// closing (blank stays blank on the paper) and the notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHandover {
    pub receiver: Receiver,
    pub case_ids: Vec<String>,
    pub receiver_person: Person,
    pub giver_person: Person,
    pub started_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
    pub place: String,
    pub notes: String,
}

/// A handover recorded, with the number its paper was issued under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub handover: CitizenHandover,
    pub number: String,
}

/// Record one handover and issue its paper (number and date fixed now).
/// A named receiver has no agency; its name is required.
pub fn record_new(v: &mut Vault, batch_id: &str, n: &NewHandover) -> Result<Recorded> {
    let (agency_id, receiver) = match &n.receiver {
        Receiver::Agency(id) => (Some(*id), v.agency(*id)?.name),
        Receiver::Named(name) => {
            let name = text::clean_line(name);
            if name.is_empty() {
                return Err(AppError::Refused("the receiver's name is required".into()));
            }
            (None, name)
        }
    };
    let mut h = CitizenHandover {
        batch_id: batch_id.to_string(),
        agency_id,
        receiver,
        receiver_person: n.receiver_person.clone(),
        giver_person: n.giver_person.clone(),
        started_at: n.started_at,
        ended_at: n.ended_at,
        place: n.place.clone(),
        case_ids: n.case_ids.clone(),
        notes: n.notes.clone(),
        ..CitizenHandover::default()
    };
    v.record_citizen_handover(&mut h)?;
    let paper = documents::paper(v, &Doc::CitizenHandover(h.id.clone()))?;
    Ok(Recorded {
        number: paper.issued.map(|(n, _)| n).unwrap_or_default(),
        handover: h,
    })
}

/// Record one handover to a planned group's agency and issue its paper.
pub fn record(
    v: &mut Vault,
    batch_id: &str,
    group: &Group,
    started_at: Option<NaiveDateTime>,
    giver_person: Person,
    receiver_person: Person,
) -> Result<CitizenHandover> {
    let n = NewHandover {
        receiver: Receiver::Agency(group.agency.id),
        case_ids: group.case_ids.clone(),
        receiver_person,
        giver_person,
        started_at,
        ended_at: None,
        place: String::new(),
        notes: String::new(),
    };
    Ok(record_new(v, batch_id, &n)?.handover)
}

/// The agencies a handover can go to on `day`: in force then and receiving
/// citizens (a retired agency is not offered); by kind (commune, police,
/// family, other), then name.
pub fn receivers_on(v: &Vault, day: NaiveDate) -> Result<Vec<Agency>> {
    let order = |k: AgencyKind| match k {
        AgencyKind::CommuneCommittee => 0,
        AgencyKind::Police => 1,
        AgencyKind::Family => 2,
        _ => 3,
    };
    let mut list: Vec<Agency> = v
        .agencies_valid_on(day)?
        .into_iter()
        .filter(|a| a.kind().receives_citizens())
        .collect();
    list.sort_by_cached_key(|a| (order(a.kind()), text::fold(&a.name)));
    Ok(list)
}

/// What the handover form of a batch starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct FormData {
    /// The people still to be handed over, in the batch's order.
    pub people: Vec<CaseRow>,
    /// The receivers that can be chosen today: the home-province police of
    /// the people first, then the others (`receivers_on`).
    pub receivers: Vec<Agency>,
    /// The receiver of the default plan (each person to the police of
    /// their home province) that takes the most people, and its people;
    /// none when a person's province has no police in the list.
    pub proposal: Option<Group>,
    /// How many pending people the plan sends to other receivers.
    pub others: usize,
    /// The signed-in officer (rank, post, name): the giver by default.
    pub giver: Person,
    /// What the paper names when no place is typed (the unit).
    pub default_place: String,
    pub received_at: Option<NaiveDateTime>,
}

pub fn form_data(v: &mut Vault, batch_id: &str) -> Result<FormData> {
    let ids = pending(v, batch_id)?;
    let (batch, rows) = v.open_batch(batch_id)?;
    let people: Vec<CaseRow> = ids
        .iter()
        .filter_map(|id| rows.iter().find(|r| &r.id == id).cloned())
        .collect();
    let mut groups = plan(v, batch_id, None).unwrap_or_default();
    // The biggest group first (stable: the plan's order among equals).
    groups.sort_by_key(|g| std::cmp::Reverse(g.case_ids.len()));
    let mut receivers = receivers_on(v, crate::clock::today())?;
    let home: Vec<i64> = groups.iter().map(|g| g.agency.id).collect();
    receivers.sort_by_key(|a| home.iter().position(|h| *h == a.id).unwrap_or(usize::MAX));
    let giver = v
        .people()?
        .get(&v.user().username)
        .cloned()
        .unwrap_or_default();
    let others = groups.iter().skip(1).map(|g| g.case_ids.len()).sum();
    Ok(FormData {
        people,
        receivers,
        proposal: groups.into_iter().next(),
        others,
        giver,
        default_place: v.letterhead()?.unit_name,
        received_at: batch.received_at,
    })
}
