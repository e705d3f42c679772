//! The papers of personal data protection, kept apart from the other papers
//! (their layout comes from `common.typ`): the notice given to a person at
//! intake (one sheet, a copy for the person) and the person's own copy of
//! their data (a PDF in plain Vietnamese and `subject.json`).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::docs::{self, Header};
use crate::domain::case::CaseRecord;
use crate::domain::dates;
use crate::domain::fields::{self, ChoiceList, FIELDS, Kind, Sensitivity, Value as FieldValue};
use crate::domain::papers::{Letterhead, Person, Regime};
use crate::domain::places;
use crate::domain::privacy::{
    Choice, Notice, OptionalUse, RequestDecision, RequestKind, RetentionPolicy, RightsRequest,
    parties,
};
use crate::domain::screening::{Answer, Catalog, ScreeningRecord};
use crate::i18n::{self, Lang};

pub const SUBJECT_PDF: &str = "ban-sao-du-lieu-ca-nhan.pdf";
pub const SUBJECT_JSON: &str = "subject.json";

/// Fields about other people (the family, the recruiters, the children who
/// came along): not in the person's copy of their own data.
pub const OTHER_PEOPLE: [&str; 6] = [
    "family_name",
    "family_relation",
    "family_phone",
    "family_address",
    "recruiter_contacts",
    "children",
];

pub fn use_vi(u: OptionalUse) -> &'static str {
    match u {
        OptionalUse::ShareNgo => {
            "Chia sẻ thông tin với tổ chức hỗ trợ ngoài cơ quan nhà nước (tổ chức phi chính phủ, IOM) để được hỗ trợ thêm"
        }
        OptionalUse::Photos => "Chụp và lưu ảnh của anh/chị trong hồ sơ",
        OptionalUse::FollowUp => {
            "Liên hệ lại với anh/chị hoặc gia đình sau khi bàn giao để hỏi thăm, hỗ trợ"
        }
        OptionalUse::ShareFamilyContact => {
            "Gửi thông tin liên hệ của gia đình cho cơ quan tiếp nhận khi chuyển gửi"
        }
    }
}

pub fn choice_vi(c: Choice) -> &'static str {
    match c {
        Choice::Agreed => "Đồng ý",
        Choice::Refused => "Không đồng ý",
        Choice::NotAsked => "Chưa hỏi (không coi là đồng ý)",
    }
}

pub fn request_kind_vi(k: RequestKind) -> &'static str {
    match k {
        RequestKind::Access => "Xem, nhận bản sao dữ liệu",
        RequestKind::Correction => "Chỉnh sửa dữ liệu",
        RequestKind::Withdrawal => "Rút lại sự đồng ý",
        RequestKind::Deletion => "Xóa dữ liệu",
        RequestKind::Objection => "Phản đối, hạn chế xử lý",
    }
}

pub fn request_decision_vi(d: Option<RequestDecision>) -> &'static str {
    match d {
        None => "Đang xem xét",
        Some(RequestDecision::Granted) => "Chấp nhận",
        Some(RequestDecision::PartlyGranted) => "Chấp nhận một phần",
        Some(RequestDecision::Refused) => "Không chấp nhận",
    }
}

/// A text written to an adult ("anh/chị") as it is written to a child
/// under 16 ("em"), when `child`.
fn addressed(text: &str, child: bool) -> String {
    if child {
        text.replace("Anh/chị", "Em").replace("anh/chị", "em")
    } else {
        text.to_string()
    }
}

/// The rights of the person, addressed to them.
fn rights(child: bool) -> Vec<String> {
    RIGHTS.iter().map(|r| addressed(r, child)).collect()
}

/// Who consents with a minor (Law 91/2025 art. 24): a parent or guardian.
const GUARDIAN: &str = "Cha, mẹ hoặc người giám hộ";

const RIGHTS: [&str; 7] = [
    "Được biết về việc xử lý dữ liệu của mình; đồng ý hoặc không đồng ý với các việc sử dụng cần sự đồng ý.",
    "Rút lại sự đồng ý bất cứ lúc nào; việc rút lại không ảnh hưởng đến hỗ trợ anh/chị được hưởng theo pháp luật.",
    "Xem và nhận bản sao dữ liệu của mình.",
    "Yêu cầu chỉnh sửa dữ liệu sai hoặc chưa đầy đủ.",
    "Yêu cầu xóa, hạn chế hoặc phản đối việc xử lý dữ liệu, trừ trường hợp pháp luật yêu cầu lưu giữ.",
    "Khiếu nại, tố cáo, khởi kiện khi quyền của mình bị xâm phạm.",
    "Gọi Tổng đài quốc gia về phòng, chống mua bán người 111 (miễn phí, 24/7) khi cần giúp đỡ.",
];

fn retention_text(p: &RetentionPolicy) -> String {
    format!(
        "Câu trả lời sàng lọc của người được kết luận không phải là nạn nhân được xóa sau {} tháng kể từ khi bàn giao; \
         hồ sơ đã đóng được rút gọn thành số liệu thống kê không thể nhận diện sau {} năm, trừ trường hợp pháp luật yêu cầu lưu giữ lâu hơn.",
        p.screening_months, p.closed_years
    )
}

/// Who signs the notice, by the person's age.
fn notice_signers(case: &CaseRecord, n: &Notice, officer: &str) -> Vec<[String; 3]> {
    let who = parties(&case.age_reading());
    let mut s = vec![[
        "Người được thông báo".to_string(),
        "(Ký hoặc điểm chỉ)".to_string(),
        case.identity.full_name.clone(),
    ]];
    if who.guardian {
        s.push([
            GUARDIAN.into(),
            "(Ký, ghi rõ họ tên)".into(),
            n.guardian_name.clone(),
        ]);
    }
    if !n.interpreter.is_empty() {
        s.push([
            "Người phiên dịch".into(),
            "(Ký, ghi rõ họ tên)".into(),
            n.interpreter.clone(),
        ]);
    }
    s.push([
        "Cán bộ ghi nhận".into(),
        "(Ký, ghi rõ họ tên)".into(),
        officer.to_string(),
    ]);
    s
}

/// The one-page notice, with what the person answered.
pub fn notice(
    letterhead: &Letterhead,
    case: &CaseRecord,
    n: &Notice,
    officer: &str,
    policy: &RetentionPolicy,
    today: NaiveDate,
) -> Value {
    let who = parties(&case.age_reading());
    let child = case.is_under_16();
    // "dưới 16 tuổi", or, when only the uncertain reading of the age (or
    // none) puts the person under it, what the law presumes.
    let under = |years: u32| {
        if case.age().is_none_or(|a| a >= years) {
            format!("được coi là dưới {years} tuổi vì chưa xác định chắc chắn được tuổi")
        } else {
            format!("dưới {years} tuổi")
        }
    };
    let uses: Vec<[String; 2]> = OptionalUse::ALL
        .iter()
        .map(|u| {
            [
                addressed(use_vi(*u), child),
                choice_vi(n.answer(*u)).to_string(),
            ]
        })
        .collect();
    let mut record = vec![
        [
            "Ngày thông báo".to_string(),
            n.given_on.map(dates::format_dmy).unwrap_or_default(),
        ],
        ["Ngôn ngữ".into(), n.language.clone()],
        [
            "Người phiên dịch".into(),
            if n.interpreter.is_empty() {
                "Không".into()
            } else {
                n.interpreter.clone()
            },
        ],
        ["Mã hồ sơ".into(), case.number.clone()],
    ];
    if who.guardian {
        record.push([
            GUARDIAN.into(),
            format!(
                "{} ({}) – {}",
                n.guardian_name,
                n.guardian_relation,
                choice_vi(n.guardian)
            ),
        ]);
    }
    // Dated the day it was given; the laws of that day.
    let given = n.given_on.unwrap_or(today);
    let head = docs::PaperHead {
        letterhead,
        number: letterhead.blank_number("TB"),
        date: given,
    };
    let trafficking_law = head.regime().law();
    merge(
        head.header("Thông báo về xử lý dữ liệu cá nhân"),
        json!({
            "person": case.identity.full_name,
            "you": if child { "em" } else { "anh/chị" },
            "collected": addressed("Họ tên, ngày sinh, giới tính, giấy tờ tùy thân, nơi cư trú, người thân liên hệ; \
                thông tin về hành trình, công việc, sức khỏe và lời khai của anh/chị. Dân tộc, sức khỏe, \
                lời khai về hành vi phạm tội, nơi bị đưa đến và ảnh giấy tờ là dữ liệu cá nhân nhạy cảm, được bảo vệ chặt chẽ hơn.", child),
            "purpose": addressed(&format!("Tiếp nhận, xác minh, xác định và hỗ trợ, bảo vệ anh/chị theo {trafficking_law}: \
                các việc này là nhiệm vụ của cơ quan nhà nước theo luật, không cần sự đồng ý của anh/chị ({}).",
                data_law(given)), child),
            "non_punishment": i18n::dynamic(Lang::Vi, "screening-non-punishment"),
            "keeper": format!("{} lưu giữ và bảo mật dữ liệu trên máy tính được mã hóa; chỉ cán bộ có thẩm quyền được truy cập, mọi lần truy cập đều được ghi lại.", letterhead.unit_name),
            "retention": retention_text(policy),
            "uses": uses,
            "child_note": match (who.guardian, who.own, child) {
                (false, _, _) => String::new(),
                (true, false, _) => format!("Trẻ dưới 7 tuổi: {} trả lời thay.", GUARDIAN.to_lowercase()),
                (true, true, true) => format!("Em {}: mỗi việc sử dụng chỉ được thực hiện khi cả em và {} cùng đồng ý.", under(16), GUARDIAN.to_lowercase()),
                (true, true, false) => format!("Anh/chị {}: mỗi việc sử dụng chỉ được thực hiện khi cả anh/chị và {} cùng đồng ý.", under(18), GUARDIAN.to_lowercase()),
            },
            "rights": rights(child),
            "record": record,
            "signers": notice_signers(case, n, officer),
        }),
    )
}

/// The law on personal data in force on `d`: Law 91/2025/QH15 from
/// 01/01/2026, Decree 13/2023/NĐ-CP before.
fn data_law(d: NaiveDate) -> &'static str {
    if d >= NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default() {
        "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15"
    } else {
        "Nghị định số 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân"
    }
}

fn merge(header: Header, body: Value) -> Value {
    let mut v = serde_json::to_value(header).expect("serialises");
    if let (Some(o), Value::Object(b)) = (v.as_object_mut(), body) {
        o.extend(b);
    }
    v
}

fn choice_label(list: ChoiceList, key: &str) -> String {
    i18n::dynamic(Lang::Vi, &format!("{}-{key}", list.message_prefix()))
}

/// A field's value as the person reads it (names for codes), or `None` when empty.
fn value_text(f: &fields::Field, c: &CaseRecord, gates: &HashMap<i64, String>) -> Option<String> {
    let v = (f.get)(c);
    let s = match (f.kind, &v) {
        (Kind::Choice(_), FieldValue::Key(k)) if k == "unknown" => String::new(),
        (Kind::Choice(list), FieldValue::Key(k)) => choice_label(list, k),
        (Kind::Province, FieldValue::Int(Some(p))) => u32::try_from(*p)
            .ok()
            .and_then(places::province)
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        (Kind::Commune, FieldValue::Int(Some(n))) => c
            .address
            .province_code
            .and_then(places::province)
            .and_then(|p| u32::try_from(*n).ok().and_then(|n| p.commune(n)))
            .map(|x| x.name.clone())
            .unwrap_or_default(),
        (Kind::Gate, FieldValue::Int(Some(g))) => gates.get(g).cloned().unwrap_or_default(),
        (Kind::Flag, FieldValue::Flag(b)) => {
            if *b {
                "Có".into()
            } else {
                String::new()
            }
        }
        _ => fields::to_typed(f.kind, &v),
    };
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn answer_vi(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "Có",
        Answer::No => "Không",
        Answer::Unknown => "Chưa rõ",
        Answer::Declined => "Không muốn trả lời",
    }
}

/// What one reception of the person holds, for their copy.
pub struct SubjectCase<'a> {
    pub case: &'a CaseRecord,
    pub screenings: &'a [ScreeningRecord],
    pub notice: Option<&'a Notice>,
    pub requests: &'a [RightsRequest],
}

/// The person's copy: the PDF data and `subject.json`.
pub fn subject(
    letterhead: &Letterhead,
    signer: &Person,
    cases: &[SubjectCase<'_>],
    gates: &HashMap<i64, String>,
    catalog: &Catalog,
    today: NaiveDate,
) -> (Value, Value) {
    // A child under 16 today is "em"; an adult who came as a child is not.
    let child = cases
        .last()
        .is_some_and(|c| c.case.age_reading_on(today).under_16());
    let mut pdf_cases = Vec::new();
    let mut json_cases = Vec::new();
    for sc in cases {
        let c = sc.case;
        let mut rows: Vec<[String; 2]> = Vec::new();
        let mut jfields = serde_json::Map::new();
        for f in FIELDS {
            if OTHER_PEOPLE.contains(&f.key) {
                continue;
            }
            let Some(text) = value_text(f, c, gates) else {
                continue;
            };
            // The form's typing hints ("(dd/mm/yyyy)") are not for the person.
            let label = i18n::dynamic(Lang::Vi, f.label)
                .replace("(dd/mm/yyyy)", "")
                .trim()
                .to_string();
            let sensitive = f.sensitivity.is_sensitive();
            rows.push([
                if sensitive {
                    format!("{label} (nhạy cảm)")
                } else {
                    label.clone()
                },
                text.clone(),
            ]);
            jfields.insert(
                f.key.to_string(),
                json!({"label": label, "value": text,
                       "sensitive": matches!(f.sensitivity, Sensitivity::Sensitive(_))}),
            );
        }
        let mut answers: Vec<[String; 2]> = Vec::new();
        let mut janswers = Vec::new();
        let mut decision = String::new();
        if let Some(s) = sc.screenings.first() {
            for (code, a) in &s.input.answers {
                let q = catalog
                    .get(code)
                    .map(|i| i.label_vi.clone())
                    .unwrap_or_else(|| code.clone());
                answers.push([q.clone(), answer_vi(*a).to_string()]);
                janswers.push(json!({"code": code, "indicator": q, "answer": a.key()}));
            }
            let on = crate::domain::dates::parse_iso(&s.updated_at).unwrap_or_default();
            decision = docs::decision_vi(s.decision, Regime::on(on));
        }
        let notice_rows: Vec<[String; 2]> = match sc.notice {
            Some(n) => {
                let mut r = vec![[
                    "Ngày được thông báo".to_string(),
                    n.given_on.map(dates::format_dmy).unwrap_or_default(),
                ]];
                r.extend(OptionalUse::ALL.iter().map(|u| {
                    [
                        addressed(use_vi(*u), child),
                        choice_vi(n.answer(*u)).to_string(),
                    ]
                }));
                r
            }
            None => vec![["Thông báo".into(), "Chưa ghi nhận".into()]],
        };
        let requests: Vec<[String; 2]> = sc
            .requests
            .iter()
            .map(|q| {
                [
                    format!(
                        "{} ({})",
                        request_kind_vi(q.kind),
                        q.received_on.map(dates::format_dmy).unwrap_or_default()
                    ),
                    request_decision_vi(q.decision).to_string(),
                ]
            })
            .collect();
        pdf_cases.push(json!({
            "number": c.number,
            "received_on": c.received_on.map(dates::format_dmy).unwrap_or_default(),
            "fields": rows,
            "answers": answers,
            "decision": decision,
            "notice": notice_rows,
            "requests": requests,
        }));
        json_cases.push(json!({
            "case_number": c.number,
            "received_on": c.received_on.map(|d| d.to_string()),
            "fields": jfields,
            "screening": {"answers": janswers, "decision": sc.screenings.first().and_then(|s| s.decision)},
            "notice": sc.notice.map(|n| json!({
                "given_on": n.given_on.map(|d| d.to_string()),
                "language": n.language,
                "uses": OptionalUse::ALL.iter().map(|u| (u.key(), n.answer(*u).key())).collect::<std::collections::BTreeMap<_, _>>(),
            })),
            "requests": sc.requests.iter().map(|q| json!({
                "kind": q.kind.key(),
                "received_on": q.received_on.map(|d| d.to_string()),
                "decision": q.decision.map(|d| d.key()),
            })).collect::<Vec<_>>(),
        }));
    }
    let name = cases
        .last()
        .map(|c| c.case.identity.full_name.clone())
        .unwrap_or_default();
    let other_note = addressed(
        "Bản sao này không có thông tin về người khác (người thân liên hệ, người tuyển dụng, trẻ em đi cùng). \
        Anh/chị có thể đề nghị cán bộ cho xem trực tiếp các thông tin đó.",
        child,
    );
    let head = docs::PaperHead {
        letterhead,
        number: letterhead.blank_number("BS"),
        date: today,
    };
    let pdf = merge(
        head.header("Bản sao dữ liệu cá nhân"),
        json!({
            "person": name,
            "you": if child { "em" } else { "anh/chị" },
            "intro": addressed(&format!(
                "Theo yêu cầu của anh/chị, {} cung cấp bản sao dữ liệu cá nhân của anh/chị mà đơn vị đang lưu giữ \
                 ({}). Dòng ghi \"(nhạy cảm)\" là dữ liệu cá nhân nhạy cảm.",
                letterhead.unit_name,
                data_law(today)
            ), child),
            "recipients": [format!("{} {name}", if child { "Em" } else { "Ông/Bà" }), "Lưu: VT".to_string()],
            "signer": head.signer(signer),
            "cases": pdf_cases,
            "other_note": other_note,
            "rights": rights(child),
        }),
    );
    let json = json!({
        "kind": "subject_copy",
        "law": "Law 91/2025/QH15 on Personal Data Protection, art. 4 (right of access)",
        "unit": letterhead.unit_name,
        "made_on": today.to_string(),
        "person": {"full_name": name},
        "cases": json_cases,
        "not_included": OTHER_PEOPLE,
    });
    (pdf, json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_of(age_estimate: u32, received: NaiveDate, today: NaiveDate) -> Value {
        let mut case = CaseRecord {
            received_on: Some(received),
            ..CaseRecord::default()
        };
        case.identity.full_name = "Lò Thị Mai".into();
        case.identity.age_estimate = Some(age_estimate);
        let mut notice = Notice::renewed(None, "c");
        notice.given_on = Some(received);
        let cases = [SubjectCase {
            case: &case,
            screenings: &[],
            notice: Some(&notice),
            requests: &[],
        }];
        let catalog = Catalog::builtin().unwrap();
        let (pdf, _) = subject(
            &Letterhead::default(),
            &Person::default(),
            &cases,
            &HashMap::new(),
            catalog,
            today,
        );
        pdf
    }

    #[test]
    fn a_child_is_addressed_as_em_and_a_grown_up_as_anh_chi_on_the_day_of_the_copy() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let child = copy_of(12, day(2026, 11, 2), day(2026, 12, 1)).to_string();
        assert!(child.contains("\"you\":\"em\""), "{child}");
        assert!(child.contains("Em Lò Thị Mai"), "{child}");
        assert!(child.contains("Chụp và lưu ảnh của em"), "{child}");
        assert!(!child.to_lowercase().contains("anh/chị"), "{child}");
        // Received at 14 in 2022, 18 today: no longer a child.
        let grown = copy_of(14, day(2022, 3, 1), day(2026, 12, 1)).to_string();
        assert!(grown.contains("\"you\":\"anh/chị\""), "{grown}");
        assert!(grown.contains("Ông/Bà Lò Thị Mai"), "{grown}");
    }

    fn child_note(age_estimate: u32, uncertain: bool) -> String {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut case = CaseRecord {
            received_on: Some(day),
            ..CaseRecord::default()
        };
        case.identity.age_estimate = Some(age_estimate);
        case.identity.age_uncertain = uncertain;
        let n = Notice::renewed(None, "c");
        let data = notice(
            &Letterhead::default(),
            &case,
            &n,
            "",
            &RetentionPolicy::default(),
            day,
        );
        data["child_note"].as_str().unwrap().to_string()
    }

    #[test]
    fn the_notice_says_when_a_child_is_only_presumed_to_be_one() {
        assert!(child_note(12, false).starts_with("Em dưới 16 tuổi:"));
        assert!(child_note(17, false).starts_with("Anh/chị dưới 18 tuổi:"));
        assert!(
            child_note(19, true)
                .starts_with("Anh/chị được coi là dưới 18 tuổi vì chưa xác định chắc chắn"),
            "{}",
            child_note(19, true)
        );
        assert_eq!(child_note(30, false), "");
    }
}
