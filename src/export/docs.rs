//! The data of each printed document, built from the store's records.
//! Labels are Vietnamese: these are Vietnamese administrative papers.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::{Value, json};

use crate::domain::batch::BatchRecord;
use crate::domain::case::{CaseRecord, Sex, Source};
use crate::domain::org::{Agency, CitizenHandover};
use crate::domain::papers::{Letterhead, Person, Regime, SignerBlock};
use crate::domain::referral::Referral;
use crate::domain::screening::{
    AgeBand, Catalog, Decision, Dimension, Grade, LegalElements, Means, ScreeningRecord, Signs,
};
use crate::domain::text::join_present;
use crate::domain::unit::Unit;
use crate::domain::{dates, places};
use crate::i18n::Lang;
use crate::t;

fn sex_vi(s: Sex) -> &'static str {
    match s {
        Sex::Male => "Nam",
        Sex::Female => "Nữ",
        Sex::Other => "Khác",
        Sex::Unknown => "Chưa rõ",
    }
}

/// How the people came, after "Về việc tiếp nhận công dân Việt Nam":
/// the source, with "do" where someone else brought them.
fn source_subtitle(s: Source) -> String {
    match s {
        Source::HandedOver | Source::OtherAgency => format!("do {}", source_vi(s)),
        _ => source_vi(s).to_string(),
    }
}

fn source_vi(s: Source) -> &'static str {
    match s {
        Source::HandedOver => "phía nước ngoài trao trả",
        Source::Rescued => "được giải cứu",
        Source::SelfReturned => "tự trở về",
        Source::Hotline111 => "theo tin báo qua Tổng đài 111",
        Source::OtherAgency => "cơ quan khác chuyển đến",
    }
}

/// The officer's decision in the words of the law in force on the paper's
/// date: "người có dấu hiệu là nạn nhân bị mua bán" under Law 66/2011,
/// "người đang trong quá trình xác định là nạn nhân" under Law 53/2024.
pub fn decision_vi(d: Option<Decision>, regime: Regime) -> String {
    match d {
        Some(Decision::SuspectedVictim) => capitalise(regime.suspected_term()),
        Some(Decision::NotVictim) => {
            "Chưa phát hiện dấu hiệu là nạn nhân (tại thời điểm sàng lọc)".into()
        }
        Some(Decision::NeedsVerification) => "Cần xác minh thêm".into(),
        None => "Chưa kết luận".into(),
    }
}

pub fn outcome_vi(key: &str) -> &'static str {
    match key {
        "suspected_victim" => "Nghi là nạn nhân mua bán người",
        "needs_further_interview" => "Cần phỏng vấn thêm",
        "exploitation_only" => {
            "Có dấu hiệu bị bóc lột – chưa đủ dấu hiệu mua bán người, cần hỏi thêm"
        }
        _ => "Chưa phát hiện dấu hiệu là nạn nhân (tại thời điểm sàng lọc)",
    }
}

pub fn service_vi(key: &str) -> &'static str {
    match key {
        "essential_needs" => "Hỗ trợ nhu cầu thiết yếu (ăn, mặc, đồ dùng cá nhân)",
        "shelter" => "Bố trí nơi ở tạm thời",
        "medical" => "Hỗ trợ y tế",
        "psychological" => "Hỗ trợ tâm lý",
        "legal_aid" => "Tư vấn pháp luật, trợ giúp pháp lý",
        "travel_home" => "Hỗ trợ chi phí đi lại về nơi cư trú",
        "education_vocational" => "Hỗ trợ học văn hóa, học nghề",
        "hardship_allowance" => "Trợ cấp khó khăn ban đầu",
        "loan" => "Hỗ trợ vay vốn",
        "interpretation" => "Phiên dịch",
        _ => "Hỗ trợ khác",
    }
}

/// "Tây Ninh, ngày 27 tháng 11 năm 2026" (Decree 30's zeros).
pub fn place_date(unit: &Unit, date: NaiveDate) -> String {
    unit_letterhead(unit).place_date(date)
}

/// The letterhead of a unit with nothing set: its name, code and province.
pub fn unit_letterhead(unit: &Unit) -> Letterhead {
    let place = unit
        .province_code
        .and_then(places::province)
        .map(|p| p.short_name().to_string())
        .unwrap_or_default();
    Letterhead::default().resolved(&unit.name, &unit.code, &place)
}

#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub title: String,
    pub unit: String,
    pub superior: String,
    pub number: String,
    pub place_date: String,
}

/// The header of a paper from the unit alone (no letterhead set).
pub fn header(unit: &Unit, title: &str, number: &str, date: NaiveDate) -> Header {
    let l = unit_letterhead(unit);
    Header {
        title: title.to_string(),
        unit: l.unit_name.clone(),
        superior: l.superior.clone(),
        number: number.to_string(),
        place_date: l.place_date(date),
    }
}

/// What a paper's head is made from: the letterhead, the number (given at
/// issue, or the blank one of a paper not issued yet) and the date.
#[derive(Debug, Clone)]
pub struct PaperHead<'a> {
    pub letterhead: &'a Letterhead,
    pub number: String,
    pub date: NaiveDate,
}

impl PaperHead<'_> {
    pub fn header(&self, title: &str) -> Header {
        Header {
            title: title.to_string(),
            unit: self.letterhead.unit_name.clone(),
            superior: self.letterhead.superior.clone(),
            number: self.number.clone(),
            place_date: self.letterhead.place_date(self.date),
        }
    }

    /// The legal regime of the paper's date (the date of the act).
    pub fn regime(&self) -> Regime {
        Regime::on(self.date)
    }

    /// The signer block of `signer` for this unit.
    pub fn signer(&self, signer: &Person) -> SignerBlock {
        SignerBlock::of(&self.letterhead.head_post, signer)
    }
}

fn merge(header: Header, body: Value) -> Value {
    let mut v = serde_json::to_value(header).unwrap_or_else(|_| json!({}));
    if let (Some(o), Value::Object(b)) = (v.as_object_mut(), body) {
        o.extend(b);
    }
    v
}

/// "...... giờ ...... phút" for a time nobody recorded: never made up.
const BLANK_TIME: &str = "...... giờ ...... phút";
const BLANK_DATE: &str = "ngày ...... tháng ...... năm ..........";

fn time_text(t: Option<NaiveDateTime>) -> (String, String) {
    match t {
        Some(t) => (
            t.format("%H giờ %M phút").to_string(),
            dates::decree30(t.date()),
        ),
        None => (BLANK_TIME.to_string(), BLANK_DATE.to_string()),
    }
}

/// The lines of a party of a biên bản from free text ("Đại úy Lê Văn Tâm;
/// Thượng úy Trần Quốc Bảo").
fn party_lines(text: &str) -> Vec<String> {
    text.split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn birth_text(c: &CaseRecord) -> String {
    let id = &c.identity;
    let base = if let Some(d) = id.birth_date {
        dates::format_dmy(d)
    } else if let Some(y) = id.birth_year {
        y.to_string()
    } else if let Some(a) = id.age_estimate {
        format!("khoảng {a} tuổi")
    } else {
        "chưa rõ".into()
    };
    if id.age_uncertain {
        format!("{base} (chưa chắc chắn)")
    } else {
        base
    }
}

fn province_name(code: Option<u32>) -> String {
    code.and_then(places::province)
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

/// " (2 nam, 1 nữ; trong đó 1 người dưới 18 tuổi)": the parts that are
/// not zero, or nothing.
fn breakdown(people: &[CaseRecord], minors: &str) -> String {
    let count = |f: fn(&CaseRecord) -> bool| people.iter().filter(|c| f(c)).count();
    let sexes = [
        (count(|c| c.identity.sex == Sex::Male), "nam"),
        (count(|c| c.identity.sex == Sex::Female), "nữ"),
        (
            count(|c| matches!(c.identity.sex, Sex::Other | Sex::Unknown)),
            "chưa xác định giới tính",
        ),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| format!("{n} {w}"))
    .collect::<Vec<_>>()
    .join(", ");
    let text = match (count(CaseRecord::is_under_18), sexes.is_empty()) {
        (0, _) => sexes,
        (n, true) => format!("trong đó {n} {minors}"),
        (n, false) => format!("{sexes}; trong đó {n} {minors}"),
    };
    if text.is_empty() {
        text
    } else {
        format!(" ({text})")
    }
}

/// A commune's or province's name inside a phrase: "xã Phước Chỉ",
/// "tỉnh Tây Ninh", "thành phố Hà Nội" (its own name keeps its capitals).
fn in_phrase(name: &str) -> String {
    for prefix in ["Xã ", "Phường ", "Đặc khu ", "Tỉnh ", "Thành phố "] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return format!("{}{rest}", prefix.to_lowercase());
        }
    }
    name.to_string()
}

fn address_text(c: &CaseRecord) -> String {
    let mut parts = Vec::new();
    if !c.address.detail.is_empty() {
        parts.push(c.address.detail.clone());
    }
    if let Some(p) = c.address.province_code.and_then(places::province) {
        if let Some(cm) = c.address.commune_code.and_then(|x| p.commune(x)) {
            parts.push(cm.name.clone());
        }
        parts.push(p.name.clone());
    }
    // The first part opens the cell; the administrative words of the
    // others are lower case, as in running text.
    let current = parts
        .iter()
        .enumerate()
        .map(|(i, p)| if i == 0 { p.clone() } else { in_phrase(p) })
        .collect::<Vec<_>>()
        .join(", ");
    match (c.address.as_on_papers.is_empty(), current.is_empty()) {
        (true, _) => current,
        (false, true) => c.address.as_on_papers.clone(),
        (false, false) => format!("{current} (theo giấy tờ: {})", c.address.as_on_papers),
    }
}

fn document_text(c: &CaseRecord) -> String {
    match (
        c.identity.id_number.is_empty(),
        c.identity.passport_number.is_empty(),
    ) {
        (false, _) => format!("CCCD {}", c.identity.id_number),
        (true, false) => format!("Hộ chiếu {}", c.identity.passport_number),
        (true, true) => "không có".into(),
    }
}

fn support_given(c: &CaseRecord) -> Vec<String> {
    let s = &c.support;
    let mut v = Vec::new();
    if s.meals > 0 {
        v.push(format!("{} suất ăn", s.meals));
    }
    if s.clothing_sets > 0 {
        v.push(format!("{} bộ quần áo", s.clothing_sets));
    }
    if s.shelter_days > 0 {
        v.push(format!("{} ngày lưu trú", s.shelter_days));
    }
    if s.medical {
        v.push("Khám, chữa bệnh".into());
    }
    if s.travel {
        v.push("Hỗ trợ đi lại".into());
    }
    if s.interpretation {
        v.push("Phiên dịch".into());
    }
    if !s.other.is_empty() {
        v.push(s.other.clone());
    }
    v
}

/// The age note beside a name in a list: "trẻ em" under 16, "dưới 18 tuổi"
/// for 16–17 or an uncertain age presumed under 18, nothing otherwise.
fn age_note(c: &CaseRecord) -> &'static str {
    if c.is_under_16() {
        "trẻ em"
    } else if c.is_under_18() {
        "dưới 18 tuổi"
    } else {
        ""
    }
}

/// The Vietnamese label of an age band.
pub fn age_band_vi(b: AgeBand) -> &'static str {
    match b {
        AgeBand::Under16 => "Dưới 16 tuổi (trẻ em)",
        AgeBand::From16To17 => "Từ đủ 16 đến dưới 18 tuổi",
        AgeBand::Adult => "Từ đủ 18 tuổi trở lên",
        AgeBand::Unknown => "Chưa rõ tuổi",
    }
}

/// The legal elements of a screening as the paper shows them: one row per
/// element, the line that sums them up, and what is missing.
pub fn legal_rows(l: &LegalElements) -> Value {
    let v = |b: Option<bool>| match b {
        Some(true) => t!(Lang::Vi, "legal-value-yes"),
        Some(false) => t!(Lang::Vi, "legal-value-no"),
        None => t!(Lang::Vi, "legal-value-unknown"),
    };
    let means = match l.means {
        Means::Present => v(Some(true)),
        Means::Absent => v(Some(false)),
        Means::Unknown => v(None),
        Means::NotRequired => t!(Lang::Vi, "legal-value-not_required"),
    };
    let summary = match l.signs {
        Signs::Present if l.means == Means::NotRequired => {
            t!(Lang::Vi, "legal-signs-present-under-18")
        }
        Signs::Present => t!(Lang::Vi, "legal-signs-present"),
        Signs::Insufficient => t!(Lang::Vi, "legal-signs-insufficient"),
        Signs::Unknown => t!(Lang::Vi, "legal-signs-unknown"),
    };
    let missing: Vec<String> = l
        .missing
        .iter()
        .map(|e| crate::i18n::dynamic(Lang::Vi, &format!("legal-missing-{}", e.key())))
        .collect();
    json!({
        "rows": [
            [t!(Lang::Vi, "legal-element-act"), v(l.act)],
            [t!(Lang::Vi, "legal-element-purpose"), v(l.purpose)],
            [t!(Lang::Vi, "legal-element-means"), means],
        ],
        "summary": summary,
        "signs": l.signs.key(),
        "missing": missing,
    })
}

/// The legal elements' summary names the law of the screening's date as
/// official texts name a law cited in full just before (the heading):
/// "Luật Phòng, chống mua bán người năm 2024" (the screen's short
/// "Luật 53/2024").
fn cite_regime(mut v: Value, regime: Regime) -> Value {
    let law = match regime {
        Regime::Law2011 => "Luật Phòng, chống mua bán người năm 2011",
        Regime::Law2024 => "Luật Phòng, chống mua bán người năm 2024",
    };
    if let Some(s) = v.get("summary").and_then(Value::as_str) {
        v["summary"] = Value::String(s.replace("Luật 53/2024", law));
    }
    v
}

/// The reception record of a batch, with the list of persons as an annex.
pub fn reception(
    head: &PaperHead<'_>,
    batch: &BatchRecord,
    gate: &str,
    people: &[CaseRecord],
    officer: &Person,
) -> Value {
    let (time, date) = time_text(batch.received_at);
    let place = join_present(&[gate, batch.place.as_str()], ", ");
    let rows: Vec<Value> = people
        .iter()
        .map(|c| {
            json!({
                "name": c.identity.full_name,
                "age_note": age_note(c),
                "sex": sex_vi(c.identity.sex),
                "birth": birth_text(c),
                "province": c.address.province_code.and_then(places::province).map(|p| p.short_name().to_string()).unwrap_or_default(),
                "document": match (c.identity.id_number.is_empty(), c.identity.passport_number.is_empty()) {
                    (false, _) => c.identity.id_number.clone(),
                    (true, false) => c.identity.passport_number.clone(),
                    _ => String::new(),
                },
                "nationality": match crate::domain::lists::printed(&c.identity.nationality) {
                    n if n.is_empty() => "Việt Nam".to_string(),
                    n => n,
                },
                "case_number": c.number,
            })
        })
        .collect();
    // Who was received: "công dân Việt Nam", or the foreigners with them.
    let foreign = people.iter().filter(|c| c.is_foreign()).count();
    let (who, counted) = match (foreign, people.len() - foreign) {
        (0, _) => ("công dân Việt Nam", "công dân"),
        (_, 0) => ("người nước ngoài", "người"),
        _ => ("công dân Việt Nam và người nước ngoài", "người"),
    };
    let mut receivers = vec![officer.described()];
    for l in party_lines(&batch.receiving_officers) {
        if !receivers.contains(&l) && l != officer.ranked_name() {
            receivers.push(l);
        }
    }
    let other_units = party_lines(&batch.receiving_units);
    merge(
        head.header("Biên bản tiếp nhận"),
        json!({
            "subtitle": format!("Về việc tiếp nhận {who} {}", source_subtitle(batch.source)),
            "counted": counted,
            "foreign": foreign,
            "time": time,
            "date": date,
            "place": if place.is_empty() { "cửa khẩu".to_string() } else { place },
            "handing_party": if batch.handing_party.is_empty() { "Không có (công dân tự trở về hoặc được giải cứu)".to_string() } else { batch.handing_party.clone() },
            "receivers": receivers,
            "other_units": other_units,
            "total": people.len(),
            "breakdown": breakdown(people, "người dưới 18 tuổi hoặc chưa xác định được tuổi"),
            "source": source_vi(batch.source),
            "documents": batch.documents,
            "notes": batch.notes,
            "officer": officer.ranked_name(),
            "people": rows,
            "copies": "02",
        }),
    )
}

/// The screening record of a case: the indicators answered yes, the result
/// path, the evidence and the officer's decision.
pub fn screening(
    head: &PaperHead<'_>,
    case: &CaseRecord,
    s: &ScreeningRecord,
    interviewer: &Person,
    approver: &Person,
    catalog: &Catalog,
) -> Value {
    let regime = head.regime();
    let grade_vi = |g: Option<Grade>| match g {
        Some(Grade::Strong) => "Mạnh",
        Some(Grade::Medium) => "Trung bình",
        Some(Grade::Weak) => "Yếu",
        None => "",
    };
    let yes: Vec<Value> = catalog
        .indicators()
        .iter()
        .filter(|i| s.input.answers.get(&i.code) == Some(&crate::domain::screening::Answer::Yes))
        .filter(|i| i.grade(s.result.list).is_some())
        .map(|i| {
            json!({
                "code": i.code,
                "label": i.label_vi,
                "grade": grade_vi(i.grade(s.result.list)),
                "note": s.notes.get(&i.code).cloned().unwrap_or_default(),
            })
        })
        .collect();
    let dims: Vec<Value> = Dimension::ALL
        .iter()
        .map(|d| {
            let r = s.result.dimension(*d);
            json!({
                "label": format!("{} – {}", d.prefix(), catalog.dimension_info(*d).label_vi),
                "strong": r.strong, "medium": r.medium, "weak": r.weak,
                "positive": if r.positive { "Có" } else { "Không" },
            })
        })
        .collect();
    let list_vi = match s.result.list.key() {
        "adult_labour" => "người lớn – bóc lột lao động",
        "child_labour" => "người dưới 18 tuổi – bóc lột lao động",
        "adult_sexual" => "người lớn – bóc lột tình dục",
        _ => "người dưới 18 tuổi – bóc lột tình dục",
    };
    let source_labels = [
        ("a", "Tài liệu, chứng cứ của cơ quan tiến hành tố tụng"),
        ("b", "Tài liệu của cơ quan, đơn vị giải cứu"),
        ("c", "Tài liệu của cơ quan đại diện Việt Nam ở nước ngoài"),
        ("d", "Tài liệu của cơ quan, tổ chức khác trong nước"),
        ("dd", "Tài liệu của cơ quan có thẩm quyền nước ngoài"),
        (
            "e",
            "Lời khai, tài liệu của người được xác định hoặc người thân",
        ),
        ("g", "Lời khai của người thực hiện hành vi mua bán người"),
        ("h", "Lời khai của nạn nhân khác, người làm chứng"),
        ("i", "Nguồn chứng cứ hợp pháp khác"),
    ];
    let sign_labels = [
        (
            "found_with_victims",
            "Được phát hiện, giải cứu cùng với nạn nhân khác",
        ),
        (
            "held_in_exploitation_place",
            "Đã có thời gian ở, bị giữ tại nơi bóc lột",
        ),
        ("papers_confiscated", "Bị giữ giấy tờ tùy thân"),
        ("movement_restricted", "Bị hạn chế đi lại, liên lạc"),
        ("debt_bondage", "Bị gán nợ, đòi tiền chuộc"),
        (
            "deceived_job_or_marriage",
            "Bị lừa về việc làm hoặc hôn nhân",
        ),
        ("exploited", "Bị bóc lột tình dục hoặc cưỡng bức lao động"),
        (
            "child_transferred_for_benefit",
            "Người dưới 18 tuổi bị chuyển giao để nhận lợi ích",
        ),
    ];
    let sources: Vec<String> = s
        .evidence
        .sources
        .iter()
        .filter_map(|k| {
            source_labels
                .iter()
                .find(|(x, _)| x == k)
                .map(|(x, l)| format!("{}) {l}", if *x == "dd" { "đ" } else { x }))
        })
        .collect();
    let mut signs: Vec<String> = s
        .evidence
        .signs
        .iter()
        .filter_map(|k| {
            sign_labels
                .iter()
                .find(|(x, _)| x == k)
                .map(|(_, l)| l.to_string())
        })
        .collect();
    if s.evidence.background_verified {
        signs.insert(
            0,
            "Đã xác minh lý lịch, thời gian và lý do vắng mặt phù hợp với lời khai".into(),
        );
    }
    let approval = match (s.approval, &s.approved_by) {
        (Some(crate::domain::screening::Approval::Approved), Some(b)) => {
            format!(
                "Đã phê duyệt ({})",
                if approver.name.is_empty() {
                    b.clone()
                } else {
                    approver.ranked_name()
                }
            )
        }
        (Some(crate::domain::screening::Approval::Returned), Some(b)) => {
            format!(
                "Trả lại ({}): {}",
                if approver.name.is_empty() {
                    b.clone()
                } else {
                    approver.ranked_name()
                },
                s.approval_note
            )
        }
        (Some(crate::domain::screening::Approval::Pending), _) => "Chờ phê duyệt".into(),
        _ => "Chưa trình".into(),
    };
    let date = crate::domain::dates::parse_iso(&s.updated_at).unwrap_or_default();
    // The purposes the officer named; where none is named, what the law's
    // purpose element (section V) rests on is said, so the two agree.
    let purpose_inferred = s
        .result
        .legal
        .as_ref()
        .is_some_and(|l| l.purpose == Some(true));
    let purposes = if s.input.purposes.is_empty() && purpose_inferred {
        "Chưa ghi nhận cụ thể; có mục đích bóc lột theo nhóm dấu hiệu EX (điều kiện bóc lột) đạt ngưỡng".to_string()
    } else if s.input.purposes.is_empty() {
        "Chưa ghi nhận".to_string()
    } else {
        s.input
            .purposes
            .iter()
            .map(|p| crate::i18n::dynamic(Lang::Vi, &format!("purpose-{}", p.key())))
            .collect::<Vec<_>>()
            .join("; ")
    };
    merge(
        head.header("Phiếu sàng lọc"),
        json!({
            "regime": regime.key(),
            "definition": regime.definition(),
            "grounds": regime.grounds(),
            "person": [
                ["Họ và tên", case.identity.full_name],
                ["Tên gọi khác", case.identity.other_names],
                ["Giới tính", sex_vi(case.identity.sex)],
                ["Ngày, năm sinh", birth_text(case)],
                ["Giấy tờ tùy thân", document_text(case)],
                ["Nơi cư trú", address_text(case)],
                ["Mã hồ sơ", case.number],
            ],
            "interview": [
                ["Ngày sàng lọc", dates::format_dmy(date)],
                ["Lần sàng lọc", format!("Lần {}", s.version)],
                ["Cán bộ sàng lọc", interviewer.described()],
                ["Hình thức bóc lột", match s.input.exploitation { crate::domain::screening::Exploitation::Labour => "Lao động", crate::domain::screening::Exploitation::Sexual => "Tình dục" }],
                ["Nhóm tuổi", s.result.age_band.map(age_band_vi).unwrap_or("—")],
                ["Bộ chỉ số áp dụng", format!("{list_vi}{}", if s.result.presumed_child { " (tuổi chưa rõ hoặc chưa chắc chắn, coi là người dưới 18 tuổi)" } else { "" })],
                ["Mục đích bóc lột đã ghi nhận", purposes],
                ["Phiên bản bộ chỉ số", s.catalog_version],
            ],
            "yes": yes,
            "dimensions": dims,
            "rule": if s.result.list.is_child() {
                "Người dưới 18 tuổi: nghi là nạn nhân khi nhóm EX đạt ngưỡng và có hành vi tuyển mộ, vận chuyển, chuyển giao, chứa chấp hoặc tiếp nhận người; không cần yếu tố thủ đoạn."
            } else {
                "Người lớn: nghi là nạn nhân khi (DR hoặc CR hoặc VR) và EX và (CD hoặc VD) đạt ngưỡng."
            },
            "outcome": outcome_vi(s.result.outcome.key()),
            "legal": s.result.legal.as_ref().map(|l| cite_regime(legal_rows(l), regime)),
            "non_punishment": t!(Lang::Vi, "screening-non-punishment"),
            "catalog_version": s.catalog_version,
            "unknown_note": if s.result.unknown_could_change { "Còn câu trả lời \"chưa rõ\" có thể làm thay đổi kết quả: cần phỏng vấn thêm." } else { "" },
            "sources": sources,
            "signs": signs,
            "evidence_note": s.evidence.note,
            "decision": [
                ["Kết luận", decision_vi(s.decision, regime)],
                ["Lý do", s.decision_reason],
                ["Phê duyệt", approval],
            ],
            "person_name": case.identity.full_name,
            "interviewer": interviewer.ranked_name(),
            "approver": approver.ranked_name(),
        }),
    )
}

fn identity_rows(c: &CaseRecord) -> Vec<[String; 2]> {
    vec![
        ["Họ và tên".into(), c.identity.full_name.clone()],
        ["Tên gọi khác".into(), c.identity.other_names.clone()],
        ["Giới tính".into(), sex_vi(c.identity.sex).into()],
        ["Ngày, năm sinh".into(), birth_text(c)],
        [
            "Quốc tịch".into(),
            crate::domain::lists::printed(&c.identity.nationality),
        ],
        ["Giấy tờ tùy thân".into(), document_text(c)],
        ["Nơi cư trú".into(), address_text(c)],
        [
            "Người thân liên hệ".into(),
            join_present(
                &[
                    c.family.name.as_str(),
                    c.family.relation.as_str(),
                    c.family.phone.as_str(),
                ],
                " – ",
            ),
        ],
        ["Mã hồ sơ".into(), c.number.clone()],
    ]
}

/// The subtitle of a referral: what the officer decided, in the words of
/// the regime of its date.
pub fn referral_subtitle(decision: Option<Decision>, regime: Regime) -> String {
    match decision {
        Some(Decision::SuspectedVictim) => {
            format!("Về việc chuyển gửi {}", regime.suspected_term())
        }
        Some(Decision::NeedsVerification) => {
            "Về việc chuyển gửi người cần tiếp tục xác minh dấu hiệu bị mua bán".into()
        }
        Some(Decision::NotVictim) | None => "Về việc chuyển gửi công dân để hỗ trợ".into(),
    }
}

/// The referral letter: only what the receiving agency needs. Signed by
/// `signer` (the approving commander) for the unit.
pub fn referral(
    head: &PaperHead<'_>,
    case: &CaseRecord,
    r: &Referral,
    agency: &Agency,
    decision: Option<Decision>,
    officer: &Person,
    signer: &Person,
) -> Value {
    let regime = head.regime();
    let services = services_vi(r);
    let consent = if r.consent.given {
        let mut rows = vec![
            ["Đồng ý chuyển gửi".to_string(), "Có".to_string()],
            ["Nội dung đã được giải thích".into(), r.consent.told.clone()],
            ["Ngôn ngữ giải thích".into(), r.consent.language.clone()],
        ];
        if !r.consent.guardian_name.is_empty() {
            rows.push([
                "Người giám hộ đồng ý".into(),
                format!(
                    "{} ({})",
                    r.consent.guardian_name, r.consent.guardian_relation
                ),
            ]);
        }
        if let Some(d) = r.consent.recorded_on {
            rows.push(["Ngày ghi nhận".into(), dates::format_dmy(d)]);
        }
        rows
    } else {
        vec![
            [
                "Đồng ý chuyển gửi".to_string(),
                "Không ghi nhận được".to_string(),
            ],
            ["Lý do vẫn chuyển gửi".into(), r.no_consent_reason.clone()],
        ]
    };
    let status = decision_vi(decision, regime);
    let status_rows = vec![
        ["Tình trạng".to_string(), status],
        [
            "Ngày tiếp nhận".into(),
            case.received_on.map(dates::format_dmy).unwrap_or_default(),
        ],
        [
            "Hình thức tiếp nhận".into(),
            capitalise(source_vi(case.source)),
        ],
        [
            "Nước, nơi bị đưa đến".into(),
            join_present(
                &[
                    case.journey.destination_country.as_str(),
                    case.journey.destination_place.as_str(),
                ],
                ", ",
            ),
        ],
        [
            "Trẻ em (dưới 16 tuổi)".into(),
            match (case.is_under_16(), case.age_reading().effective) {
                (true, _) => "Có",
                (false, None) => "Chưa rõ tuổi",
                (false, Some(_)) => "Không",
            }
            .into(),
        ],
        [
            "Người dưới 18 tuổi".into(),
            if case.is_under_18() {
                "Có (áp dụng quy trình dành cho người dưới 18 tuổi)"
            } else {
                "Không"
            }
            .into(),
        ],
        [
            "Tình trạng sức khỏe".into(),
            join_present(
                &[
                    case.health.condition.as_str(),
                    case.health.injuries.as_str(),
                ],
                "; ",
            ),
        ],
    ];
    merge(
        head.header("Phiếu chuyển gửi"),
        json!({
            "subtitle": referral_subtitle(decision, regime),
            "regime": regime.key(),
            "basis": regime.basis(),
            "agency": agency.name,
            "identity": identity_rows(case),
            "status": status_rows,
            "support_given": support_given(case),
            "services": services,
            "wishes": if r.wishes.is_empty() { case.wishes.clone() } else { r.wishes.clone() },
            "protection": r.protection_concerns,
            "consent": consent,
            "attachments": ["Biên bản bàn giao", "Tệp dữ liệu referral.json (định dạng HTCDS)"],
            "officer": officer.described(),
            "signer": head.signer(signer),
            "recipients": ["Như trên".to_string(), format!("Lưu: VT, hồ sơ {}", case.number)],
        }),
    )
}

/// The services asked for, in Vietnamese, the officer's own last.
fn services_vi(r: &Referral) -> Vec<String> {
    let mut services: Vec<String> = r
        .services
        .iter()
        .map(|s| service_vi(s).to_string())
        .collect();
    if !r.services_other.is_empty() {
        services.push(r.services_other.clone());
    }
    services
}

/// The handover record of a referral (a person being identified as a
/// victim handed to the receiving agency).
pub fn handover(
    head: &PaperHead<'_>,
    case: &CaseRecord,
    r: &Referral,
    agency: &Agency,
    officer: &Person,
) -> Value {
    let regime = head.regime();
    // The time of the handover is the one the officer records; until then the
    // paper leaves it blank to be written by hand, never a made-up hour.
    let (time, date) = time_text(r.handover.at);
    let services = services_vi(r);
    let receiver = join_present(
        &[
            r.handover.receiver_name.as_str(),
            r.handover.receiver_title.as_str(),
        ],
        ", ",
    );
    merge(
        head.header("Biên bản bàn giao"),
        json!({
            "subtitle": capitalise(regime.suspected_term()),
            "regime": regime.key(),
            "basis": regime.procedure(),
            "time": time,
            "date": date,
            "place": if r.handover.place.is_empty() { head.letterhead.unit_name.clone() } else { r.handover.place.clone() },
            "giver_unit": head.letterhead.unit_name,
            "giver": [officer.described()],
            "receiver_unit": agency.name,
            "receiver_address": agency.address,
            "receiver": if receiver.is_empty() { Vec::<String>::new() } else { vec![receiver] },
            "identity": identity_rows(case),
            "documents": if r.handover.documents.is_empty() { case.documents.clone() } else { r.handover.documents.clone() },
            "support_given": support_given(case),
            "services": services,
            "officer": officer.ranked_name(),
            "receiver_name": r.handover.receiver_name,
            "person_name": case.identity.full_name,
            "copies": "03",
            "end_time": BLANK_TIME,
        }),
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Notes beside a person on the handover list: age, fine, wanted mark.
fn citizen_notes(c: &CaseRecord) -> String {
    let mut n: Vec<String> = Vec::new();
    let age = age_note(c);
    if !age.is_empty() {
        n.push(capitalise(age));
    }
    if !c.fine.is_empty() {
        n.push(c.fine.paper_text());
    }
    if c.wanted_handed_to_police {
        n.push("Đối tượng truy nã, đã bàn giao cho cơ quan Công an".into());
    }
    n.join("; ")
}

/// "Biên bản bàn giao công dân": people who are not victims handed, from
/// one batch, to one receiver, with the list "Danh sách công dân bàn giao".
/// `reception` is the number and date of the batch's reception record,
/// when it was issued: the paper the receiver can ask to see.
pub fn citizen_handover(
    head: &PaperHead<'_>,
    h: &CitizenHandover,
    batch: &BatchRecord,
    people: &[CaseRecord],
    officer: &Person,
    receiver_address: &str,
    reception: Option<(&str, NaiveDate)>,
) -> Value {
    let (time, date) = time_text(h.started_at);
    let (end_time, _) = time_text(h.ended_at);
    // "kết thúc hồi … cùng ngày", or the day it ended when that is another.
    let end_date = match (h.started_at, h.ended_at) {
        (Some(s), Some(e)) if e.date() != s.date() => dates::decree30(e.date()),
        _ => String::new(),
    };
    let giver = if h.giver_person.name.is_empty() {
        officer.clone()
    } else {
        h.giver_person.clone()
    };
    let rows: Vec<Value> = people
        .iter()
        .map(|c| {
            json!({
                "name": c.identity.full_name,
                "sex": sex_vi(c.identity.sex),
                "birth": birth_text(c),
                "document": document_text(c),
                "residence": address_text(c),
                "belongings": if c.documents.trim().is_empty() { "Không có".to_string() } else { c.documents.clone() },
                "notes": citizen_notes(c),
            })
        })
        .collect();
    let received = batch
        .received_at
        .map(|t| dates::format_dmy(t.date()))
        .unwrap_or_default();
    // Which reception they came in: by its record's number, else by the
    // day and the batch's own number.
    let reception_ref = match reception {
        // A number left for the records office to write is not cited.
        Some((number, on)) if Letterhead::is_blank_number(number) => {
            format!(
                "được tiếp nhận theo Biên bản tiếp nhận ngày {}",
                dates::format_dmy(on)
            )
        }
        Some((number, on)) => format!(
            "được tiếp nhận theo Biên bản tiếp nhận số {number} ngày {}",
            dates::format_dmy(on)
        ),
        None => format!(
            "được tiếp nhận ngày {received} (đợt tiếp nhận {})",
            batch.number
        ),
    };
    let receiver_lines = if h.receiver_person.name.is_empty() && h.receiver_person.post.is_empty() {
        Vec::new()
    } else {
        vec![h.receiver_person.described()]
    };
    merge(
        head.header("Biên bản bàn giao công dân"),
        json!({
            "time": time,
            "date": date,
            "end_time": end_time,
            "end_date": end_date,
            "place": if h.place.is_empty() { head.letterhead.unit_name.clone() } else { h.place.clone() },
            "giver_unit": head.letterhead.unit_name,
            "giver": [giver.described()],
            "receiver_unit": h.receiver,
            "receiver_address": receiver_address,
            "receiver": receiver_lines,
            "batch": batch.number,
            "received": received,
            "reception_ref": reception_ref,
            "total": people.len(),
            "breakdown": breakdown(people, "người dưới 18 tuổi"),
            "notes": h.notes,
            "people": rows,
            "giver_name": giver.ranked_name(),
            "receiver_name": h.receiver_person.ranked_name(),
            "copies": "02",
        }),
    )
}

/// The recovery-code sheet printed at setup.
pub fn recovery_sheet(unit: &Unit, code: &str, officer: &str, today: NaiveDate) -> Value {
    merge(
        header(unit, "Mã khôi phục", "", today),
        json!({"code": code, "officer": officer}),
    )
}

pub fn province_label(code: Option<u32>) -> String {
    province_name(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child_rows(case: &CaseRecord) -> String {
        let l = Letterhead::default();
        let head = PaperHead {
            letterhead: &l,
            number: "01/PC-MB".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
        };
        let p = Person::default();
        let data = referral(
            &head,
            case,
            &Referral::default(),
            &Agency::default(),
            None,
            &p,
            &p,
        );
        data.to_string()
    }

    #[test]
    fn a_referral_says_when_the_age_is_not_known_rather_than_not_a_child() {
        let unknown = child_rows(&CaseRecord::default());
        assert!(
            unknown.contains(r#"["Trẻ em (dưới 16 tuổi)","Chưa rõ tuổi"]"#),
            "{unknown}"
        );
        let mut adult = CaseRecord::default();
        adult.identity.birth_year = Some(1990);
        adult.received_on = NaiveDate::from_ymd_opt(2026, 11, 2);
        let adult = child_rows(&adult);
        assert!(
            adult.contains(r#"["Trẻ em (dưới 16 tuổi)","Không"]"#),
            "{adult}"
        );
    }
}
