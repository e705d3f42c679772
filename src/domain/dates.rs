//! Dates as officers write them (dd/mm/yyyy) and as the store keeps them (ISO).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("the date must be written dd/mm/yyyy")]
    Format,
    #[error("no such date")]
    Invalid,
    #[error("the date is in the future")]
    Future,
    #[error("the date is too far in the past")]
    TooOld,
}

/// Parse `dd/mm/yyyy` (also `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`).
pub fn parse_dmy(s: &str) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() != 3 || parts[2].len() != 4 || parts[0].is_empty() || parts[1].is_empty() {
        return Err(DateError::Format);
    }
    let nums: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            if p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        })
        .collect();
    let nums = nums.ok_or(DateError::Format)?;
    NaiveDate::from_ymd_opt(nums[2] as i32, nums[1], nums[0]).ok_or(DateError::Invalid)
}

/// A past date (not after `today`, not before 1900).
pub fn parse_past_dmy(s: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let d = parse_dmy(s)?;
    if d > today {
        return Err(DateError::Future);
    }
    if d.year() < 1900 {
        return Err(DateError::TooOld);
    }
    Ok(d)
}

/// Parse a moment as officers write it: `dd/mm/yyyy hh:mm` (the date as
/// `parse_dmy` reads it; the time also as `8:30`, `08h30` or `08 giờ 30`).
pub fn parse_dmy_hm(s: &str) -> Result<NaiveDateTime, DateError> {
    let s = s.trim();
    let (date, time) = s.split_once(char::is_whitespace).ok_or(DateError::Format)?;
    let date = parse_dmy(date)?;
    let time = time
        .trim()
        .to_lowercase()
        .replace("giờ", "h")
        .replace("phút", "");
    let time: String = time.chars().filter(|c| !c.is_whitespace()).collect();
    let (h, m) = time.split_once([':', 'h']).ok_or(DateError::Format)?;
    let num = |p: &str, max: u32| -> Result<u32, DateError> {
        if p.is_empty() || p.len() > 2 || !p.chars().all(|c| c.is_ascii_digit()) {
            return Err(DateError::Format);
        }
        let n: u32 = p.parse().map_err(|_| DateError::Format)?;
        if n > max {
            return Err(DateError::Invalid);
        }
        Ok(n)
    };
    let (h, m) = (num(h, 23)?, if m.is_empty() { 0 } else { num(m, 59)? });
    let t = NaiveTime::from_hms_opt(h, m, 0).ok_or(DateError::Invalid)?;
    Ok(date.and_time(t))
}

/// `05/03/2026 08:30`.
pub fn format_dmy_hm(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y %H:%M").to_string()
}

pub fn format_dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A date as Decree 30/2020/NĐ-CP writes it on an administrative document:
/// "ngày 05 tháng 3 năm 2024" — a leading zero on days below 10 and on
/// months 1 and 2 only ("tháng 01", "tháng 02", "tháng 3", "tháng 12").
pub fn decree30(d: NaiveDate) -> String {
    let month = match d.month() {
        m @ (1 | 2) => format!("{m:02}"),
        m => m.to_string(),
    };
    format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
}

pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// `2026-11-27` -> `27/11/2026`; other text is returned unchanged.
pub fn iso_to_dmy(s: &str) -> String {
    parse_iso(s)
        .map(format_dmy)
        .unwrap_or_else(|| s.to_string())
}

/// Whole years between a birth date and a day.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> u32 {
    let mut age = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_officer_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(parse_dmy("07/03/2026"), Ok(d));
        assert_eq!(parse_dmy("7/3/2026"), Ok(d));
        assert_eq!(parse_dmy("07-03-2026"), Ok(d));
        assert_eq!(parse_dmy("2026-03-07"), Err(DateError::Format));
        assert_eq!(parse_dmy("31/02/2026"), Err(DateError::Invalid));
        assert_eq!(parse_dmy("aa/bb/cccc"), Err(DateError::Format));
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(parse_past_dmy("28/11/2026", today), Err(DateError::Future));
        assert_eq!(format_dmy(d), "07/03/2026");
        assert_eq!(iso_to_dmy("2026-03-07T10:00:00Z"), "07/03/2026");
    }

    #[test]
    fn parses_officer_moments() {
        let at = |d, h, m| {
            NaiveDate::from_ymd_opt(2026, 3, d)
                .unwrap()
                .and_hms_opt(h, m, 0)
                .unwrap()
        };
        assert_eq!(parse_dmy_hm("05/03/2026 08:30"), Ok(at(5, 8, 30)));
        assert_eq!(parse_dmy_hm(" 5/3/2026  8:05 "), Ok(at(5, 8, 5)));
        assert_eq!(parse_dmy_hm("05/03/2026 14h"), Ok(at(5, 14, 0)));
        assert_eq!(parse_dmy_hm("05/03/2026 14h20"), Ok(at(5, 14, 20)));
        assert_eq!(parse_dmy_hm("05/03/2026 14 giờ 20 phút"), Ok(at(5, 14, 20)));
        assert_eq!(parse_dmy_hm("05/03/2026"), Err(DateError::Format));
        assert_eq!(parse_dmy_hm("05/03/2026 8"), Err(DateError::Format));
        assert_eq!(parse_dmy_hm("05/03/2026 24:00"), Err(DateError::Invalid));
        assert_eq!(parse_dmy_hm("05/03/2026 08:75"), Err(DateError::Invalid));
        assert_eq!(parse_dmy_hm("31/02/2026 08:00"), Err(DateError::Invalid));
        assert_eq!(parse_dmy_hm("08:30 05/03/2026"), Err(DateError::Format));
        assert_eq!(format_dmy_hm(at(5, 8, 5)), "05/03/2026 08:05");
    }

    #[test]
    fn decree_30_puts_zeros_only_where_it_says() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(decree30(d(2024, 3, 5)), "ngày 05 tháng 3 năm 2024");
        assert_eq!(decree30(d(2024, 1, 10)), "ngày 10 tháng 01 năm 2024");
        assert_eq!(decree30(d(2024, 2, 9)), "ngày 09 tháng 02 năm 2024");
        assert_eq!(decree30(d(2025, 12, 31)), "ngày 31 tháng 12 năm 2025");
        assert_eq!(decree30(d(2025, 10, 1)), "ngày 01 tháng 10 năm 2025");
        assert_eq!(decree30(d(2025, 11, 30)), "ngày 30 tháng 11 năm 2025");
        for m in 1..=12 {
            for day in [1, 9, 10, 28] {
                let s = decree30(d(2026, m, day));
                let want_month = if m <= 2 {
                    format!("{m:02}")
                } else {
                    m.to_string()
                };
                assert!(s.contains(&format!("tháng {want_month} ")), "{s}");
                let want_day = format!("{day:02}");
                assert!(s.starts_with(&format!("ngày {want_day} ")), "{s}");
            }
        }
    }

    /// Every day of two years (a leap year among them), against the rule
    /// written out by hand: "ngày DD" always two digits; "tháng 01", "tháng
    /// 02", then "tháng 3" … "tháng 12" without a zero.
    #[test]
    fn decree_30_dates_for_every_day_and_month() {
        const MONTHS: [&str; 12] = [
            "01", "02", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
        ];
        const DAYS: [&str; 31] = [
            "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14",
            "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28",
            "29", "30", "31",
        ];
        let mut seen = 0;
        for year in [2024, 2025] {
            let mut d = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
            while d.year() == year {
                let want = format!(
                    "ngày {} tháng {} năm {year}",
                    DAYS[d.day0() as usize],
                    MONTHS[d.month0() as usize]
                );
                assert_eq!(decree30(d), want);
                seen += 1;
                d = d.succ_opt().unwrap();
            }
        }
        assert_eq!(seen, 366 + 365);
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(decree30(d(2024, 2, 29)), "ngày 29 tháng 02 năm 2024");
        assert_eq!(decree30(d(2025, 3, 1)), "ngày 01 tháng 3 năm 2025");
        assert_eq!(decree30(d(2025, 9, 30)), "ngày 30 tháng 9 năm 2025");
        assert_eq!(decree30(d(2025, 10, 9)), "ngày 09 tháng 10 năm 2025");
    }

    #[test]
    fn ages() {
        let b = NaiveDate::from_ymd_opt(2009, 11, 28).unwrap();
        assert_eq!(
            age_on(b, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()),
            16
        );
        assert_eq!(
            age_on(b, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()),
            17
        );
    }
}
