//! What makes a paper one a records office (văn thư) accepts under Decree
//! 30/2020/NĐ-CP: the unit's letterhead, the number "Số: 12/BB-ĐMB" given
//! at issue (or left blank for the records office), the signer block, and
//! the legal regime of the date of the act (Law 66/2011 before 01/07/2025,
//! Law 53/2024 and Decree 162/2025 from then).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::text;

/// The papers this app issues, each with its Decree 30 type abbreviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaperKind {
    /// Biên bản tiếp nhận (of a batch).
    Reception,
    /// Phiếu sàng lọc (of a screening).
    Screening,
    /// Phiếu chuyển gửi (of a referral).
    Referral,
    /// Biên bản bàn giao (of a referral: a person being identified as a victim).
    Handover,
    /// Biên bản bàn giao công dân (people who are not victims, per receiver).
    CitizenHandover,
}

impl PaperKind {
    pub const ALL: [PaperKind; 5] = [
        PaperKind::Reception,
        PaperKind::Screening,
        PaperKind::Referral,
        PaperKind::Handover,
        PaperKind::CitizenHandover,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PaperKind::Reception => "reception",
            PaperKind::Screening => "screening",
            PaperKind::Referral => "referral",
            PaperKind::Handover => "handover",
            PaperKind::CitizenHandover => "citizen_handover",
        }
    }

    pub fn from_key(s: &str) -> Option<PaperKind> {
        PaperKind::ALL.into_iter().find(|k| k.key() == s)
    }

    /// The abbreviation of the type of paper in its number (Decree 30,
    /// appendix III: BB biên bản, PC phiếu chuyển; PSL for the screening
    /// form, which the decree does not name).
    pub fn symbol(self) -> &'static str {
        match self {
            PaperKind::Reception | PaperKind::Handover | PaperKind::CitizenHandover => "BB",
            PaperKind::Screening => "PSL",
            PaperKind::Referral => "PC",
        }
    }
}

/// How the unit numbers its papers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Numbering {
    /// The app gives the next number of the year at issue.
    #[default]
    Issued,
    /// The number is left blank for the records office to write.
    Blank,
}

/// The unit's letterhead and default signer, as its papers print them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Letterhead {
    /// The superior agency ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Tây Ninh"; the
    /// header prints it in capitals).
    pub superior: String,
    /// The unit as its papers name it (empty: the unit's name).
    pub unit_name: String,
    /// The abbreviation in numbers ("ĐMB" in "Số: 12/BB-ĐMB").
    pub abbreviation: String,
    /// The place name of the date line ("Tây Ninh", "Bến Cầu").
    pub place: String,
    pub numbering: Numbering,
    /// The commander's post ("ĐỒN TRƯỞNG"), printed on letters.
    pub head_post: String,
    /// The username of the default signer; when that user's post differs
    /// from `head_post`, the block reads "KT. ĐỒN TRƯỞNG / PHÓ ĐỒN TRƯỞNG".
    pub default_signer: String,
}

impl Letterhead {
    /// The letterhead with every empty field filled from the unit.
    pub fn resolved(&self, unit_name: &str, unit_code: &str, province_short: &str) -> Letterhead {
        let mut l = self.clone();
        if l.unit_name.trim().is_empty() {
            l.unit_name = unit_name.to_string();
        }
        if l.abbreviation.trim().is_empty() {
            l.abbreviation = if unit_code.trim().is_empty() {
                initials(&l.unit_name)
            } else {
                unit_code.trim().to_string()
            };
        }
        if l.place.trim().is_empty() {
            l.place = province_short.to_string();
        }
        if l.head_post.trim().is_empty() {
            l.head_post = "Thủ trưởng đơn vị".into();
        }
        l
    }

    /// Clean every field (one line each, NFC).
    pub fn cleaned(&self) -> Letterhead {
        Letterhead {
            superior: text::clean_line(&self.superior),
            unit_name: text::clean_line(&self.unit_name),
            abbreviation: text::clean_line(&self.abbreviation),
            place: text::clean_line(&self.place),
            numbering: self.numbering,
            head_post: text::clean_line(&self.head_post),
            default_signer: text::clean_line(&self.default_signer),
        }
    }

    /// The fields typed all in capitals that papers also print inside a
    /// sentence ("Kính gửi: …", "của Đồn Biên phòng …", "Tây Ninh, ngày …"),
    /// by key: they are typed as written in a sentence, and the header
    /// prints them in capitals itself. The abbreviation and the head's post
    /// are capitals by nature.
    pub fn typed_in_capitals(&self) -> Vec<&'static str> {
        // A one-word name may be an abbreviation; a place never is.
        [
            ("superior", &self.superior, 2),
            ("unit_name", &self.unit_name, UNIT_NAME_WORDS),
            ("place", &self.place, 1),
        ]
        .into_iter()
        .filter(|(_, v, words)| all_capitals(v, *words))
        .map(|(k, _, _)| k)
        .collect()
    }

    /// "Số: 12/BB-ĐMB", or with the number left blank for the records office.
    pub fn number(&self, kind: PaperKind, seq: Option<i64>) -> String {
        match (self.numbering, seq) {
            (Numbering::Issued, Some(n)) => {
                format!("{n:02}/{}-{}", kind.symbol(), self.abbreviation)
            }
            _ => self.blank_number(kind.symbol()),
        }
    }

    /// "Số:        /BC-ĐMB": the number left for the records office to write.
    pub fn blank_number(&self, symbol: &str) -> String {
        format!("{}/{symbol}-{}", "\u{a0}".repeat(8), self.abbreviation)
    }

    /// A number made by [`Self::blank_number`]: nothing before its slash.
    pub fn is_blank_number(number: &str) -> bool {
        number
            .split('/')
            .next()
            .is_some_and(|n| n.trim().is_empty())
    }

    /// "Tây Ninh, ngày 05 tháng 3 năm 2024".
    pub fn place_date(&self, d: NaiveDate) -> String {
        let date = super::dates::decree30(d);
        if self.place.trim().is_empty() {
            // A date line on its own starts with a capital.
            let mut c = date.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        } else {
            format!("{}, {date}", self.place)
        }
    }
}

/// Text of at least `words` words whose letters are all capitals ("BỘ CHỈ HUY").
/// A unit's name typed all in capitals ("ĐỒN BIÊN PHÒNG MỘC BÀI"): papers
/// print it inside sentences as typed, so it is refused wherever it is
/// typed (the first-run set-up, the unit, the letterhead). One word may be
/// an abbreviation.
pub fn unit_name_in_capitals(name: &str) -> bool {
    all_capitals(name, UNIT_NAME_WORDS)
}

/// Below this many words a name in capitals may be an abbreviation.
const UNIT_NAME_WORDS: usize = 2;

fn all_capitals(s: &str, words: usize) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    s.split_whitespace().count() >= words
        && letters.peek().is_some()
        && letters.all(|c| c.is_uppercase())
}

/// The capitals of the words of a name ("Đồn Biên phòng Mộc Bài" -> "ĐBPMB").
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A person as a paper names them: rank, post, full name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Person {
    pub name: String,
    pub rank: String,
    pub post: String,
}

impl Person {
    /// "Thiếu tá Nguyễn Văn An".
    pub fn ranked_name(&self) -> String {
        text::join_present(&[self.rank.trim(), self.name.trim()], " ")
    }

    /// "Thiếu tá Nguyễn Văn An, Phó Đồn trưởng".
    pub fn described(&self) -> String {
        let n = self.ranked_name();
        if self.post.trim().is_empty() {
            n
        } else if n.is_empty() {
            self.post.clone()
        } else {
            format!("{n}, {}", self.post)
        }
    }
}

/// The signer block: the authority line ("ĐỒN TRƯỞNG" or "KT. ĐỒN
/// TRƯỞNG"), the signer's own post under it when signing for the head,
/// room for signature and seal, then rank and full name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SignerBlock {
    pub authority: String,
    pub post: String,
    pub name: String,
}

impl SignerBlock {
    /// The block of `signer` for a unit headed by `head_post`.
    pub fn of(head_post: &str, signer: &Person) -> SignerBlock {
        let head = head_post.trim();
        let own = signer.post.trim();
        let (authority, post) = if own.is_empty() || text::fold(own) == text::fold(head) {
            (upper(head), String::new())
        } else {
            (format!("KT. {}", upper(head)), upper(own))
        };
        SignerBlock {
            authority,
            post,
            name: signer.ranked_name(),
        }
    }
}

/// Upper case, Vietnamese letters included ("Đồn trưởng" -> "ĐỒN TRƯỞNG").
pub fn upper(s: &str) -> String {
    text::nfc(&s.to_uppercase())
}

/// The legal regime of an act, by its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    /// Law 66/2011/QH12 and its decrees (62/2012, 09/2013) and the joint
    /// circular 01/2014: acts before 01/07/2025.
    Law2011,
    /// Law 53/2024/QH15 and Decree 162/2025/NĐ-CP: acts from 01/07/2025.
    Law2024,
}

impl Regime {
    pub fn cutover() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default()
    }

    pub fn on(d: NaiveDate) -> Regime {
        if d < Regime::cutover() {
            Regime::Law2011
        } else {
            Regime::Law2024
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Regime::Law2011 => "law_2011",
            Regime::Law2024 => "law_2024",
        }
    }

    /// The law on trafficking by its full name and number.
    pub fn law(self) -> &'static str {
        match self {
            Regime::Law2011 => "Luật Phòng, chống mua bán người số 66/2011/QH12",
            Regime::Law2024 => "Luật Phòng, chống mua bán người số 53/2024/QH15",
        }
    }

    /// The law and decrees a referral or handover rests on.
    pub fn basis(self) -> &'static str {
        match self {
            Regime::Law2011 => {
                "Luật Phòng, chống mua bán người số 66/2011/QH12; Nghị định số 62/2012/NĐ-CP ngày 13 tháng 8 năm 2012 và Nghị định số 09/2013/NĐ-CP ngày 11 tháng 01 năm 2013 của Chính phủ"
            }
            Regime::Law2024 => {
                "Luật Phòng, chống mua bán người số 53/2024/QH15; Nghị định số 162/2025/NĐ-CP ngày 29 tháng 6 năm 2025 của Chính phủ"
            }
        }
    }

    /// The procedure of reception and handover.
    pub fn procedure(self) -> &'static str {
        match self {
            Regime::Law2011 => {
                "Thông tư liên tịch số 01/2014/TTLT-BCA-BQP-BLĐTBXH-BNG ngày 10 tháng 02 năm 2014"
            }
            Regime::Law2024 => "Nghị định số 162/2025/NĐ-CP ngày 29 tháng 6 năm 2025 của Chính phủ",
        }
    }

    /// Where the grounds of identification are.
    pub fn grounds(self) -> &'static str {
        match self {
            Regime::Law2011 => "Điều 5 Nghị định số 62/2012/NĐ-CP",
            Regime::Law2024 => "Điều 32 Luật Phòng, chống mua bán người số 53/2024/QH15",
        }
    }

    /// The elements of the offence (the definition of trafficking).
    pub fn definition(self) -> &'static str {
        match self {
            Regime::Law2011 => "Điều 3 Luật Phòng, chống mua bán người số 66/2011/QH12",
            Regime::Law2024 => "khoản 1 Điều 2 Luật Phòng, chống mua bán người số 53/2024/QH15",
        }
    }

    /// What a person with signs of trafficking is called.
    pub fn suspected_term(self) -> &'static str {
        match self {
            Regime::Law2011 => "người có dấu hiệu là nạn nhân bị mua bán",
            Regime::Law2024 => "người đang trong quá trình xác định là nạn nhân mua bán người",
        }
    }
}

/// The kinds of organisation a unit works with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// Sở Y tế (social protection since 01/03/2025).
    ProvincialHealth,
    /// Sở Lao động – Thương binh và Xã hội (until the province's transfer).
    ProvincialLabour,
    /// Cơ sở trợ giúp xã hội.
    SocialAssistance,
    /// Cơ sở hỗ trợ nạn nhân.
    VictimSupport,
    /// Công an (tỉnh, xã).
    Police,
    /// Ủy ban nhân dân xã, phường.
    CommuneCommittee,
    /// Hội Liên hiệp Phụ nữ.
    WomensUnion,
    /// Nhà tạm lánh của tổ chức phi chính phủ.
    NgoShelter,
    /// Gia đình (người thân nhận về).
    Family,
    Other,
}

impl AgencyKind {
    pub const ALL: [AgencyKind; 10] = [
        AgencyKind::ProvincialHealth,
        AgencyKind::ProvincialLabour,
        AgencyKind::SocialAssistance,
        AgencyKind::VictimSupport,
        AgencyKind::Police,
        AgencyKind::CommuneCommittee,
        AgencyKind::WomensUnion,
        AgencyKind::NgoShelter,
        AgencyKind::Family,
        AgencyKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AgencyKind::ProvincialHealth => "provincial_health",
            AgencyKind::ProvincialLabour => "provincial_labour",
            AgencyKind::SocialAssistance => "social_assistance",
            AgencyKind::VictimSupport => "victim_support",
            AgencyKind::Police => "police",
            AgencyKind::CommuneCommittee => "commune_committee",
            AgencyKind::WomensUnion => "womens_union",
            AgencyKind::NgoShelter => "ngo_shelter",
            AgencyKind::Family => "family",
            AgencyKind::Other => "other",
        }
    }

    pub fn from_key(s: &str) -> Option<AgencyKind> {
        AgencyKind::ALL.into_iter().find(|k| k.key() == s)
    }

    /// Who may receive a person who is not a victim (the home-locality
    /// police, the commune, the family, another agency such as a unit
    /// that asked for the person); not the services for victims.
    pub fn receives_citizens(self) -> bool {
        matches!(
            self,
            AgencyKind::Police
                | AgencyKind::CommuneCommittee
                | AgencyKind::Family
                | AgencyKind::Other
        )
    }
}

/// The kinds of border gate (and other places of reception).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateKind {
    International,
    Main,
    Secondary,
    Crossing,
    Other,
}

impl GateKind {
    pub const ALL: [GateKind; 5] = [
        GateKind::International,
        GateKind::Main,
        GateKind::Secondary,
        GateKind::Crossing,
        GateKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            GateKind::International => "international",
            GateKind::Main => "main",
            GateKind::Secondary => "secondary",
            GateKind::Crossing => "crossing",
            GateKind::Other => "other",
        }
    }

    pub fn from_key(s: &str) -> Option<GateKind> {
        GateKind::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// Whether a date lies in a validity window (both ends included).
pub fn valid_on(from: Option<NaiveDate>, to: Option<NaiveDate>, d: NaiveDate) -> bool {
    from.is_none_or(|f| f <= d) && to.is_none_or(|t| d <= t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::day;

    #[test]
    fn names_typed_all_in_capitals_are_found_and_capitals_by_nature_are_not() {
        let l = Letterhead {
            superior: "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH TÂY NINH".into(),
            unit_name: "Đồn Biên phòng cửa khẩu quốc tế Mộc Bài".into(),
            abbreviation: "ĐMB".into(),
            place: "TÂY NINH".into(),
            head_post: "ĐỒN TRƯỞNG".into(),
            ..Letterhead::default()
        };
        assert_eq!(l.typed_in_capitals(), ["superior", "place"]);
        // A one-word unit may be an abbreviation, a name may hold digits;
        // a place is never an abbreviation.
        let other = Letterhead {
            superior: "BĐBP".into(),
            unit_name: "Trạm Kiểm soát Biên phòng 945".into(),
            place: "HUẾ".into(),
            ..Letterhead::default()
        };
        assert_eq!(other.typed_in_capitals(), ["place"]);
        assert!(Letterhead::default().typed_in_capitals().is_empty());
    }

    #[test]
    fn citizens_go_home_not_to_victim_services() {
        let receive: Vec<AgencyKind> = AgencyKind::ALL
            .into_iter()
            .filter(|k| k.receives_citizens())
            .collect();
        assert_eq!(
            receive,
            [
                AgencyKind::Police,
                AgencyKind::CommuneCommittee,
                AgencyKind::Family,
                AgencyKind::Other
            ]
        );
    }

    #[test]
    fn numbers_follow_decree_30() {
        let l = Letterhead {
            abbreviation: "ĐMB".into(),
            ..Letterhead::default()
        };
        assert_eq!(l.number(PaperKind::Reception, Some(7)), "07/BB-ĐMB");
        assert_eq!(l.number(PaperKind::Referral, Some(123)), "123/PC-ĐMB");
        let blank = Letterhead {
            numbering: Numbering::Blank,
            ..l
        };
        let n = blank.number(PaperKind::Referral, Some(3));
        assert!(n.ends_with("/PC-ĐMB") && !n.contains('3'), "{n}");
    }

    #[test]
    fn letterhead_falls_back_to_the_unit() {
        let l = Letterhead::default().resolved("Đồn Biên phòng Mộc Bài", "", "Tây Ninh");
        assert_eq!(l.abbreviation, "ĐBPMB");
        assert_eq!(l.place, "Tây Ninh");
        assert_eq!(
            l.place_date(day(2024, 3, 5)),
            "Tây Ninh, ngày 05 tháng 3 năm 2024"
        );
        let none = Letterhead::default();
        assert_eq!(
            none.place_date(day(2024, 1, 10)),
            "Ngày 10 tháng 01 năm 2024"
        );
    }

    #[test]
    fn signer_blocks_sign_for_the_head() {
        let head = Person {
            name: "Nguyễn Văn An".into(),
            rank: "Trung tá".into(),
            post: "Đồn trưởng".into(),
        };
        let b = SignerBlock::of("Đồn trưởng", &head);
        assert_eq!(b.authority, "ĐỒN TRƯỞNG");
        assert_eq!(b.post, "");
        assert_eq!(b.name, "Trung tá Nguyễn Văn An");
        let deputy = Person {
            post: "Phó Đồn trưởng".into(),
            ..head
        };
        let b = SignerBlock::of("Đồn trưởng", &deputy);
        assert_eq!(b.authority, "KT. ĐỒN TRƯỞNG");
        assert_eq!(b.post, "PHÓ ĐỒN TRƯỞNG");
    }

    #[test]
    fn the_regime_changes_on_1_july_2025() {
        assert_eq!(Regime::on(day(2024, 3, 15)), Regime::Law2011);
        assert_eq!(Regime::on(day(2025, 6, 30)), Regime::Law2011);
        assert_eq!(Regime::on(day(2025, 7, 1)), Regime::Law2024);
        assert!(Regime::Law2011.basis().contains("66/2011/QH12"));
        assert!(Regime::Law2011.basis().starts_with(Regime::Law2011.law()));
        assert!(Regime::Law2024.basis().starts_with(Regime::Law2024.law()));
        assert!(!Regime::Law2011.basis().contains("162/2025"));
        assert!(Regime::Law2024.basis().contains("53/2024/QH15"));
        assert!(Regime::Law2024.basis().contains("162/2025/NĐ-CP"));
    }

    #[test]
    fn validity_windows_include_both_ends() {
        let to = Some(day(2025, 2, 28));
        assert!(valid_on(None, to, day(2025, 2, 28)));
        assert!(!valid_on(None, to, day(2025, 3, 1)));
        assert!(!valid_on(Some(day(2025, 3, 1)), None, day(2025, 2, 28)));
        assert!(valid_on(Some(day(2025, 3, 1)), None, day(2025, 3, 1)));
    }
}
