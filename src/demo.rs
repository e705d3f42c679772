//! Synthetic demo data, deterministic per seed: Vietnamese names with a
//! realistic surname spread, batches at the Tây Ninh gates, adults and
//! children, sources and outcomes. Nothing here is about a real person.

use std::path::Path;

use chrono::{Duration, NaiveDate};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use std::collections::BTreeMap;

use crate::domain::batch::BatchRecord;
use crate::domain::case::{CaseRecord, ExitLegality, Identity, Sex, Source, Status};
use crate::domain::places;
use crate::domain::referral::{Consent, Handover, Referral, ReferralStatus};
use crate::domain::screening::{
    Answer, Approval, Catalog, Decision, Evidence, Exploitation, Purpose, ScreeningInput,
    ScreeningRecord, evaluate, proposed_decision,
};
use crate::domain::security::Role;
use crate::vault::keyring::KdfParams;
use crate::vault::{NewVault, Result, Unit, UnitKind, Vault};

#[derive(Debug, Serialize)]
pub struct DemoSummary {
    pub vault: String,
    pub user: String,
    pub cases: usize,
    pub sample_case_numbers: Vec<String>,
    /// Batches with people who are not victims handed to their home police
    /// (for `export handover`).
    pub sample_batch_numbers: Vec<String>,
}

const SURNAMES: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 71),
    ("Hoàng", 31),
    ("Huỳnh", 20),
    ("Phan", 45),
    ("Vũ", 25),
    ("Võ", 14),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 6),
    ("Trương", 6),
    ("Lâm", 4),
    ("Mai", 4),
    ("Lương", 4),
    ("Tạ", 3),
    ("Châu", 2),
    ("Thạch", 2),
    ("Danh", 2),
    ("Kim", 2),
    ("Đoàn", 5),
    ("Cao", 3),
    ("Quách", 1),
    ("Lò", 1),
];
const MIDDLE_M: &[&str] = &[
    "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Ngọc", "Hoàng", "Trọng", "Tuấn",
    "Gia",
];
const MIDDLE_F: &[&str] = &[
    "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Bích", "Phương", "Thùy",
];
const GIVEN_M: &[&str] = &[
    "Anh", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng",
    "Huy", "Khánh", "Khoa", "Lâm", "Long", "Lực", "Minh", "Nam", "Nghĩa", "Phát", "Phong", "Phúc",
    "Quân", "Quang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Tiến", "Toàn", "Trung",
    "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Hưng", "Lộc", "Kiên", "Nhân",
];
const GIVEN_F: &[&str] = &[
    "Anh", "Châu", "Chi", "Diễm", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng",
    "Hương", "Huyền", "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh",
    "Phương", "Quỳnh", "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Trinh", "Tú", "Uyên", "Vân", "Vy",
    "Yến", "Liên",
];
const PLACES_KH: &[&str] = &[
    "Bavet, Svay Rieng",
    "Sihanoukville",
    "Phnom Penh",
    "O'Smach, Oddar Meanchey",
    "Poipet",
    "Kampot",
    "Koh Kong",
    "Mondulkiri",
    "Pailin",
    "Siem Reap",
];
const WORK: &[&str] = &[
    "Lừa đảo trực tuyến qua 'app tình yêu'",
    "Lừa đảo đầu tư sàn chứng khoán, tiền ảo",
    "Cờ bạc trực tuyến",
    "Chăm sóc khách hàng cho trang cá cược",
    "Tiếp viên karaoke",
    "Phụ bếp, tạp vụ trong khu công ty",
];
const RECRUITED: &[&str] = &[
    "Thấy quảng cáo trên Facebook 'việc nhẹ lương cao'",
    "Bạn bè giới thiệu qua Zalo",
    "Người quen cùng xã rủ đi",
    "Nhóm tuyển dụng trên Telegram",
    "Người yêu quen qua mạng hứa đưa đi làm",
];
const EMPLOYERS: &[&str] = &[
    "Công ty KK",
    "Khu Kim Sa",
    "Công ty Long Bay",
    "Khu Thái Sơn",
    "Công ty Hoàng Gia",
    "Không rõ tên công ty",
];
const HANDING: &[&str] = &[
    "Cảnh sát xuất nhập cảnh tỉnh Svay Rieng (Campuchia)",
    "Đồn Công an cửa khẩu quốc tế Trapeang Phlong (Campuchia)",
    "Cảnh sát tỉnh Tboung Khmum (Campuchia)",
];

fn weighted<'a>(rng: &mut ChaCha8Rng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (s, w) in items {
        if x < *w {
            return s;
        }
        x -= w;
    }
    items[0].0
}

/// Deterministic synthetic batches (with their people) for `cases` cases.
pub fn synthetic_batches(
    cases: usize,
    seed: u64,
    today: NaiveDate,
) -> Vec<(BatchRecord, Vec<CaseRecord>)> {
    SyntheticBatches::new(cases, seed, today).collect()
}

/// The synthetic reception batches, generated one at a time so that a large
/// demo vault is written in chunks without holding every case in memory.
pub struct SyntheticBatches {
    rng: ChaCha8Rng,
    provinces: Vec<u32>,
    start: NaiveDate,
    today: NaiveDate,
    cases: usize,
    made: usize,
    index: usize,
    batch_count: usize,
    /// People who may come back: their identity and person id.
    returning: Vec<(Identity, String)>,
    /// The list facts' own stream, so the rest of the data stays as it was.
    facts_rng: ChaCha8Rng,
}

impl SyntheticBatches {
    pub fn new(cases: usize, seed: u64, today: NaiveDate) -> Self {
        SyntheticBatches {
            rng: ChaCha8Rng::seed_from_u64(seed),
            provinces: places::provinces().iter().map(|p| p.code).collect(),
            start: today - Duration::days(1000),
            today,
            cases,
            made: 0,
            index: 0,
            batch_count: cases.div_ceil(30).max(1),
            returning: Vec::new(),
            facts_rng: ChaCha8Rng::seed_from_u64(seed ^ 0xFAC7),
        }
    }
}

impl Iterator for SyntheticBatches {
    type Item = (BatchRecord, Vec<CaseRecord>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.made >= self.cases {
            return None;
        }
        let span_days = 995i64;
        let today = self.today;
        let rng = &mut self.rng;
        let size = rng.random_range(5..=55).min(self.cases - self.made);
        let day = self.start
            + Duration::days((self.index as i64 * span_days) / self.batch_count as i64 % span_days);
        let source = match rng.random_range(0..100) {
            0..82 => Source::HandedOver,
            82..89 => Source::Rescued,
            89..96 => Source::SelfReturned,
            96..98 => Source::Hotline111,
            _ => Source::OtherAgency,
        };
        let gate = rng.random_range(1..=3);
        let batch = BatchRecord {
            received_at: day.and_hms_opt(
                rng.random_range(7..18),
                [0, 15, 30, 45][rng.random_range(0..4)],
                0,
            ),
            gate_id: Some(gate),
            place: String::new(),
            handing_party: if source == Source::HandedOver {
                HANDING
                    .choose(rng)
                    .expect("a fixed, non-empty list")
                    .to_string()
            } else {
                String::new()
            },
            receiving_officers: "Đại úy Lê Văn Tâm, Trợ lý trinh sát; Thượng úy Phạm Minh Khoa, Đội trưởng Đội Kiểm soát xuất nhập cảnh".into(),
            receiving_units: "Đồn Biên phòng CKQT; Phòng Cảnh sát hình sự Công an tỉnh; Công an xã"
                .into(),
            documents: format!(
                "{} điện thoại, {} hộ chiếu",
                rng.random_range(0..size),
                rng.random_range(0..size / 2 + 1)
            ),
            source,
            ..BatchRecord::default()
        };
        let mut people = Vec::with_capacity(size);
        for _ in 0..size {
            // About 2% are people received before: the same person again.
            let (identity, person_id) =
                if !self.returning.is_empty() && rng.random_range(0..100) < 2 {
                    self.returning
                        .choose(rng)
                        .expect("a fixed, non-empty list")
                        .clone()
                } else {
                    (
                        new_identity(rng, &self.provinces, day),
                        format!("p-{}", uuid::Uuid::now_v7()),
                    )
                };
            let months = rng.random_range(1..24u32);
            let mut c = CaseRecord {
                status: Status::Received,
                source,
                received_on: Some(day),
                identity: identity.clone(),
                person_id,
                ..CaseRecord::default()
            };
            c.address.province_code =
                Some(*self.provinces.choose(rng).expect("a fixed, non-empty list"));
            if let Some(p) = c.address.province_code.and_then(places::province) {
                c.address.commune_code = p.communes.choose(rng).map(|x| x.code);
                c.address.as_on_papers = format!("Thôn {}, {}", rng.random_range(1..12), p.name);
            }
            c.family.name = format!(
                "{} {} {}",
                identity.full_name.split(' ').next().unwrap_or("Nguyễn"),
                "Văn",
                GIVEN_M.choose(rng).expect("a fixed, non-empty list")
            );
            c.family.relation = ["Bố", "Mẹ", "Anh trai", "Chị gái", "Vợ", "Chồng"]
                .choose(rng)
                .expect("a fixed, non-empty list")
                .to_string();
            c.family.phone = format!("09{:08}", rng.random_range(0..100_000_000u32));
            c.journey.exit_date = Some(day - Duration::days(months as i64 * 30));
            c.journey.exit_legality = if rng.random_range(0..10) < 7 {
                ExitLegality::Irregular
            } else {
                ExitLegality::Legal
            };
            let country = match rng.random_range(0..100) {
                0..92 => "Campuchia",
                92..96 => "Myanmar",
                96..99 => "Lào",
                _ => "Thái Lan",
            };
            c.journey.destination_country = country.into();
            c.journey.destination_place = if country == "Campuchia" {
                PLACES_KH
                    .choose(rng)
                    .expect("a fixed, non-empty list")
                    .to_string()
            } else {
                String::new()
            };
            c.journey.employer = EMPLOYERS
                .choose(rng)
                .expect("a fixed, non-empty list")
                .to_string();
            c.journey.work_done = WORK
                .choose(rng)
                .expect("a fixed, non-empty list")
                .to_string();
            c.journey.how_recruited = RECRUITED
                .choose(rng)
                .expect("a fixed, non-empty list")
                .to_string();
            c.journey.months_abroad = Some(months);
            c.journey.how_returned = match source {
                Source::HandedOver => "Phía Campuchia trao trả".into(),
                Source::Rescued => "Được giải cứu".into(),
                _ => "Tự trốn về".into(),
            };
            c.support.meals = rng.random_range(1..6);
            c.support.clothing_sets = rng.random_range(0..2);
            c.support.medical = rng.random_range(0..10) < 3;
            c.wishes = "Về với gia đình".into();
            // Demo facts from the controlled lists (issue 18): foreign and
            // stateless people, ethnic groups, identified victims, fines and
            // wanted persons.
            demo_list_facts(&mut self.facts_rng, &mut c, today);
            let age_days = (today - day).num_days();
            if age_days > 5 {
                c.verification_requested_on = Some(day + Duration::days(rng.random_range(0..3)));
            }
            if age_days > 150 && rng.random_range(0..10) < 8 {
                c.status = Status::Closed;
            }
            people.push(c);
        }
        self.made += people.len();
        self.index += 1;
        // Remember some people so they can come back later (as the same person).
        for c in people.iter().take(3) {
            if self.returning.len() < 5000 {
                self.returning
                    .push((c.identity.clone(), c.person_id.clone()));
            }
        }
        Some((batch, people))
    }
}

/// Nationality, ethnic group, identification, fines and wanted persons of a
/// synthetic case, every value from the bundled lists.
fn demo_list_facts(rng: &mut ChaCha8Rng, c: &mut CaseRecord, today: NaiveDate) {
    use crate::domain::case::IdentificationBasis;
    let received = c.received_on.unwrap_or(today);
    match rng.random_range(0..1000) {
        0..15 => {
            // A Cambodian national handed over with the group.
            c.identity.nationality = "Campuchia".into();
            c.identity.passport_country = "Campuchia".into();
            c.identity.ethnicity = String::new();
            c.identity.id_number.clear();
            c.language.language = "Tiếng Khmer".into();
            c.language.interpreter_needed = true;
            c.support.interpretation = true;
            c.address.province_code = None;
            c.address.commune_code = None;
            c.address.as_on_papers = "Tỉnh Svay Rieng, Campuchia".into();
        }
        15..18 => {
            c.identity.nationality = "Không quốc tịch".into();
            c.identity.ethnicity = String::new();
            c.identity.id_number.clear();
            c.language.language = "Tiếng Việt".into();
        }
        _ => {
            c.identity.ethnicity = match rng.random_range(0..100) {
                0..84 => "Kinh",
                84..91 => "Khơ-me",
                91..94 => "Hoa",
                94..96 => "Tày",
                96..98 => "Mường",
                _ => "Chăm",
            }
            .into();
        }
    }
    let age_days = (today - received).num_days();
    if age_days > 30 && rng.random_range(0..100) < 6 {
        let on = received + Duration::days(rng.random_range(10..30));
        if rng.random_range(0..3) == 0 {
            c.identification.basis = IdentificationBasis::Art32Decision;
            c.identification.issuer = "Công an tỉnh Tây Ninh".into();
            c.identification.number = format!("{}/QĐ-CAT", rng.random_range(10..999));
        } else {
            c.identification.basis = IdentificationBasis::Art33Document;
            c.identification.document_type =
                "Văn bản xác nhận của cơ quan có thẩm quyền nước ngoài".into();
            c.identification.issuer = "Cảnh sát tỉnh Svay Rieng (Campuchia)".into();
            c.identification.number = format!("{}/XN", rng.random_range(10..999));
        }
        c.identified_on = Some(on.min(today));
    }
    if c.journey.exit_legality == ExitLegality::Irregular && rng.random_range(0..100) < 8 {
        c.fine.amount = 1_000_000 * rng.random_range(1..=5);
        c.fine.decision_number = format!("{}/QĐ-XPHC", rng.random_range(1..999));
        c.fine.decided_on = c.received_on;
    }
    if rng.random_range(0..1000) < 4 {
        c.wanted_handed_to_police = true;
    }
}

fn new_identity(rng: &mut ChaCha8Rng, provinces: &[u32], day: NaiveDate) -> Identity {
    use chrono::Datelike;
    let female = rng.random_range(0..100) < 38;
    let surname = weighted(rng, SURNAMES);
    let (middle, given) = if female {
        (
            *MIDDLE_F.choose(rng).expect("a fixed, non-empty list"),
            *GIVEN_F.choose(rng).expect("a fixed, non-empty list"),
        )
    } else {
        (
            *MIDDLE_M.choose(rng).expect("a fixed, non-empty list"),
            *GIVEN_M.choose(rng).expect("a fixed, non-empty list"),
        )
    };
    let age: u32 = match rng.random_range(0..100) {
        0..6 => rng.random_range(14..18),
        6..60 => rng.random_range(18..30),
        60..90 => rng.random_range(30..45),
        _ => rng.random_range(45..60),
    };
    let mut id = Identity {
        full_name: format!("{surname} {middle} {given}"),
        sex: if female { Sex::Female } else { Sex::Male },
        nationality: "Việt Nam".into(),
        ethnicity: "Kinh".into(),
        ..Identity::default()
    };
    match rng.random_range(0..100) {
        0..55 => {
            let y = day.year() - age as i32;
            id.birth_date =
                NaiveDate::from_ymd_opt(y, rng.random_range(1..=12), rng.random_range(1..=28));
        }
        55..85 => id.birth_year = Some(day.year() - age as i32),
        85..97 => id.age_estimate = Some(age),
        _ => {
            id.age_estimate = Some(age);
            id.age_uncertain = true;
        }
    }
    let province = *provinces.choose(rng).expect("a fixed, non-empty list");
    match rng.random_range(0..100) {
        0..70 => {
            let year = (day.year() - age as i32) % 100;
            let century = if day.year() - age as i32 >= 2000 {
                2
            } else {
                0
            } + u32::from(female);
            id.id_number = format!(
                "{:03}{}{:02}{:06}",
                province,
                century,
                year,
                rng.random_range(0..1_000_000u32)
            );
        }
        70..90 => id.passport_number = format!("C{:07}", rng.random_range(0..10_000_000u32)),
        _ => {}
    }
    if rng.random_range(0..10) < 6 {
        id.phone = format!("03{:08}", rng.random_range(0..100_000_000u32));
    }
    id
}

/// A synthetic screening (and, for suspected victims, a referral) of a case,
/// by `canbo`, approved by `chihuy`, as old as the case allows.
pub fn synthetic_followup(
    rng: &mut ChaCha8Rng,
    c: &CaseRecord,
    today: NaiveDate,
) -> (Option<ScreeningRecord>, Option<Referral>) {
    let Some(received) = c.received_on else {
        return (None, None);
    };
    let age_days = (today - received).num_days();
    if age_days < 2 || rng.random_range(0..100) >= 88 {
        return (None, None);
    }
    let catalog = Catalog::builtin().expect("catalog");
    let pick = rng.random_range(0..100);
    let mut answers: BTreeMap<String, Answer> = BTreeMap::new();
    let mut yes = |codes: &[&str]| {
        for c in codes {
            answers.insert(c.to_string(), Answer::Yes);
        }
    };
    match pick {
        0..16 => yes(&[
            "DR01", "DR02", "EX01", "EX02", "CD01", "CD03", "CD04", "CD06",
        ]),
        16..36 => yes(&["DR01", "EX02"]),
        36..66 => yes(&["EX01", "EX02", "EX04"]),
        _ => yes(&["VR06"]),
    }
    if (16..36).contains(&pick) {
        answers.insert("CD04".into(), Answer::Unknown);
        answers.insert("CD03".into(), Answer::Unknown);
    }
    if rng.random_range(0..4) == 0 {
        answers.insert("CR03".into(), Answer::Yes);
    }
    for code in ["VD02", "CD10", "DR07"] {
        answers.entry(code.into()).or_insert(Answer::No);
    }
    // The scam-compound and forced-labour answers record their purpose.
    let purposes = if pick < 66 {
        std::collections::BTreeSet::from([Purpose::ForcedLabour])
    } else {
        Default::default()
    };
    // The same reading of the age as the window's and `tiepnhan screen`'s.
    let input = ScreeningInput::for_case(c, Exploitation::Labour, Some(true), purposes, answers);
    let result = evaluate(catalog, &input).expect("catalog codes");
    let decision = proposed_decision(&result);
    let day = received + Duration::days(1);
    let ts = |d: NaiveDate, h: u32| format!("{}T{:02}:00:00.000Z", d, h);
    let approved = age_days > 4;
    let rec = ScreeningRecord {
        id: uuid::Uuid::now_v7().to_string(),
        case_id: c.id.clone(),
        version: 1,
        catalog_version: catalog.version.clone(),
        input,
        notes: BTreeMap::new(),
        result: result.clone(),
        evidence: Evidence {
            sources: vec!["b".into(), "e".into()],
            background_verified: true,
            signs: vec![],
            note: String::new(),
        },
        decision: Some(decision),
        decision_reason: match decision {
            Decision::SuspectedVictim => {
                "Bị lừa đi làm, bị giam giữ, đánh đập và ép lừa đảo qua mạng".into()
            }
            Decision::NeedsVerification => {
                "Còn thông tin chưa rõ, cần xác minh với Công an tỉnh".into()
            }
            Decision::NotVictim => {
                "Không có dấu hiệu bị mua bán; xuất cảnh trái phép để làm việc".into()
            }
        },
        decided_by: Some("canbo".into()),
        decided_at: Some(ts(day, 10)),
        approval: Some(if approved {
            Approval::Approved
        } else {
            Approval::Pending
        }),
        approved_by: approved.then(|| "chihuy".to_string()),
        approved_at: approved.then(|| ts(day + Duration::days(1), 9)),
        approval_note: String::new(),
        interviewer: "canbo".into(),
        created_at: ts(day, 9),
        updated_at: ts(day + Duration::days(u64::from(approved) as i64), 10),
    };
    let referral = (decision == Decision::SuspectedVictim && approved && rng.random_range(0..10) < 8).then(|| {
        let status = match age_days {
            0..8 => ReferralStatus::Approved,
            8..20 => ReferralStatus::HandedOver,
            _ => ReferralStatus::Acknowledged,
        };
        let handed = day + Duration::days(3);
        // The agency in force on the day of approval: Sở LĐ-TB&XH until
        // 28/02/2025, Sở Y tế from 01/03/2025.
        let approved_on = day + Duration::days(1);
        let agency = if approved_on < NaiveDate::from_ymd_opt(2025, 3, 1).expect("a valid date") { 2 } else { 1 };
        Referral {
            case_id: c.id.clone(),
            agency_id: Some(agency),
            approved_on: Some(approved_on),
            status,
            services: vec!["essential_needs".into(), "medical".into(), "psychological".into(), "travel_home".into()],
            wishes: c.wishes.clone(),
            protection_concerns: "Đối tượng môi giới có thể liên lạc lại qua mạng xã hội".into(),
            consent: Consent {
                given: true,
                told: "Mục đích chuyển gửi, cơ quan tiếp nhận, thông tin được chia sẻ, quyền từ chối".into(),
                language: "Tiếng Việt".into(),
                guardian_name: if c.is_under_18() { c.family.name.clone() } else { String::new() },
                guardian_relation: if c.is_under_18() { c.family.relation.clone() } else { String::new() },
                recorded_on: Some(day),
                child_agreed: c.is_under_18(),
            },
            handover: if status == ReferralStatus::Approved {
                Handover::default()
            } else {
                Handover {
                    at: handed.and_hms_opt(9, 0, 0),
                    place: "Trụ sở Đồn Biên phòng".into(),
                    receiver_name: "Nguyễn Thị Lan".into(),
                    receiver_title: "Chuyên viên Phòng Bảo trợ xã hội".into(),
                    documents: String::new(),
                }
            },
            acknowledged_on: (status == ReferralStatus::Acknowledged).then(|| handed + Duration::days(5)),
            created_by: "canbo".into(),
            approved_by: Some("chihuy".into()),
            ..Referral::default()
        }
    });
    (Some(rec), referral)
}

/// Create a demo vault: user `demo` (admin), `canbo` (officer) and `chihuy`
/// (supervisor), all with `password`, and `cases` synthetic cases.
pub fn create_demo_vault(
    dir: &Path,
    password: &str,
    cases: usize,
    seed: u64,
) -> Result<DemoSummary> {
    create_demo_vault_with(dir, password, cases, seed, KdfParams::FLOOR)
}

/// As `create_demo_vault`, with chosen key-derivation costs (the benchmark
/// measures a calibrated unlock).
/// Reception batches written per transaction when making a demo vault.
const DEMO_CHUNK: usize = 200;

pub fn create_demo_vault_with(
    dir: &Path,
    password: &str,
    cases: usize,
    seed: u64,
    kdf: KdfParams,
) -> Result<DemoSummary> {
    let (mut v, _code) = Vault::create(
        dir,
        NewVault {
            unit: Unit {
                name: "Đồn Biên phòng cửa khẩu quốc tế Mộc Bài".into(),
                kind: UnitKind::BorderGuardStation,
                province_code: Some(places::TAY_NINH),
                code: "MB".into(),
            },
            admin_username: "demo".into(),
            admin_display_name: "Người dùng thử".into(),
            admin_password: zeroize::Zeroizing::new(password.to_string()),
            kdf,
        },
    )?;
    v.create_user("canbo", "Lê Văn Tâm", Role::Officer, password)?;
    v.create_user("chihuy", "Trần Quốc Bảo", Role::Supervisor, password)?;
    demo_organisations(&mut v)?;
    let today = crate::clock::today();
    // Written in chunks: batches with their people, then their screenings,
    // decisions and referrals, deterministically from the seed.
    let mut generator = SyntheticBatches::new(cases, seed, today);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5EED);
    let mut made = 0;
    // Sample numbers that scripts can export: cases with an approved referral first.
    let mut with_referral = Vec::new();
    let mut others = Vec::new();
    // A new vault filled in bulk: the randomly ordered indexes are built once at the end.
    v.bulk_load(|v| {
        loop {
            let mut chunk: Vec<_> = generator.by_ref().take(DEMO_CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            v.insert_batches(&mut chunk)?;
            let mut screenings = Vec::new();
            let mut referrals = Vec::new();
            for (_, people) in &chunk {
                for c in people {
                    made += 1;
                    let (s, r) = synthetic_followup(&mut rng, c, today);
                    screenings.extend(s);
                    if r.is_some() && with_referral.len() < 64 {
                        with_referral.push(c.number.clone());
                    } else if others.len() < 5 {
                        others.push(c.number.clone());
                    }
                    referrals.extend(r);
                }
            }
            v.insert_screenings(&screenings)?;
            v.insert_referrals(&mut referrals)?;
        }
        Ok(())
    })?;
    v.refresh_sort_keys()?;
    let sample_batches = demo_citizen_handovers(&mut v)?;
    let step = (with_referral.len() / 8).max(1);
    let mut sample: Vec<String> = with_referral.into_iter().step_by(step).take(8).collect();
    for n in others {
        if sample.len() >= 5 {
            break;
        }
        if !sample.contains(&n) {
            sample.push(n);
        }
    }
    v.close_quietly();
    Ok(DemoSummary {
        vault: dir.display().to_string(),
        user: "demo".into(),
        cases: made,
        sample_case_numbers: sample,
        sample_batch_numbers: sample_batches,
    })
}

/// The demo unit's letterhead, ranks and posts, and the police of every
/// province (people who are not victims go home to them).
fn demo_organisations(v: &mut Vault) -> Result<()> {
    use crate::domain::org::Agency;
    use crate::domain::papers::Letterhead;
    v.set_letterhead(&Letterhead {
        superior: "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Tây Ninh".into(),
        unit_name: "Đồn Biên phòng cửa khẩu quốc tế Mộc Bài".into(),
        abbreviation: "ĐMB".into(),
        place: "Tây Ninh".into(),
        head_post: "Đồn trưởng".into(),
        default_signer: "chihuy".into(),
        ..Letterhead::default()
    })?;
    v.set_user_title("chihuy", "Trung tá", "Phó Đồn trưởng")?;
    v.set_user_title("canbo", "Đại úy", "Trợ lý trinh sát")?;
    let have: Vec<Option<u32>> = v
        .agencies()?
        .into_iter()
        .filter(|a| a.kind == "police")
        .map(|a| a.province_code)
        .collect();
    for p in places::provinces() {
        if have.contains(&Some(p.code)) {
            continue;
        }
        v.save_agency(&Agency {
            name: format!("Công an {}", lower_first(&p.name)),
            kind: "police".into(),
            active: true,
            province_code: Some(p.code),
            ..Agency::default()
        })?;
    }
    // Communes that take people back to their locality.
    for (name, province, address) in [
        (
            "Ủy ban nhân dân xã Bến Cầu",
            places::TAY_NINH,
            "Xã Bến Cầu, tỉnh Tây Ninh",
        ),
        (
            "Ủy ban nhân dân phường Châu Đốc",
            91,
            "Phường Châu Đốc, tỉnh An Giang",
        ),
    ] {
        if v.agencies()?.iter().any(|a| a.name == name) {
            continue;
        }
        v.save_agency(&Agency {
            name: name.into(),
            kind: "commune_committee".into(),
            active: true,
            province_code: Some(province),
            address: address.into(),
            ..Agency::default()
        })?;
    }
    Ok(())
}

/// "Tỉnh An Giang" -> "tỉnh An Giang".
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Batches handed over: the people of the latest batches older than two
/// days who are not victims go to the police of their home province the
/// day after reception. Returns their numbers.
fn demo_citizen_handovers(v: &mut Vault) -> Result<Vec<String>> {
    let today = crate::clock::today();
    let (batches, _) = v.list_batches(0, 40)?;
    let mut numbers = Vec::new();
    for b in batches {
        if numbers.len() >= 4 {
            break;
        }
        let Some(at) = crate::domain::dates::parse_iso(&b.received_at)
            .or_else(|| crate::clock::local_rfc3339(&b.received_at).map(|t| t.date()))
        else {
            continue;
        };
        if (today - at).num_days() < 2 {
            continue;
        }
        let groups = crate::app::handovers::plan(v, &b.id, None)
            .map_err(|e| crate::vault::VaultError::Invalid(e.to_string()))?;
        if groups.is_empty() {
            continue;
        }
        // The reception record was printed at the gate, before any handover.
        crate::app::documents::paper(v, &crate::app::documents::Doc::Reception(b.id.clone()))
            .map_err(|e| crate::vault::VaultError::Invalid(e.to_string()))?;
        let start = (at + Duration::days(1)).and_hms_opt(8, 30, 0);
        let giver = v.people()?.get("canbo").cloned().unwrap_or_default();
        for g in &groups {
            crate::app::handovers::record(v, &b.id, g, start, giver.clone(), Default::default())
                .map_err(|e| crate::vault::VaultError::Invalid(e.to_string()))?;
        }
        numbers.push(b.number);
    }
    Ok(numbers)
}
