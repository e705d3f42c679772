//! The report window as a supervisor or administrator uses it: the
//! cross-tables with their totals, foreigners counted, the comparison with
//! the same period last year, and naming the period shown, which then
//! appears in the list of named periods.
#![allow(clippy::unwrap_used)]

mod common;

use common::ui::*;
use common::*;
use tiepnhan::t;
use tiepnhan::ui::i18n::Lang;
use tiepnhan::ui::{App, State};

fn shows(app: &App, s: &str) -> bool {
    visible_texts(&mut sim(app)).iter().any(|t| t.contains(s))
}

#[test]
fn the_report_window_shows_cross_tables_and_names_the_period() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    for (name, nationality) in [("Lò Thị Một", "Việt Nam"), ("Sok Dara", "cambodia")] {
        let mut c = tiepnhan::domain::case::CaseRecord {
            received_on: Some(chrono::Local::now().date_naive()),
            ..Default::default()
        };
        c.identity.full_name = name.into();
        c.identity.age_estimate = Some(20);
        c.identity.nationality = nationality.into();
        v.create_case(&mut c).unwrap();
    }
    v.close_quietly();

    let (mut app, rt) = unlocked_app(&dir);
    let m = click_text(&app, &t!(Lang::Vi, "nav-reports"));
    feed(&rt, &mut app, m);
    let l = Lang::Vi;
    for s in [
        t!(l, "report-table-sex_age_received"),
        t!(l, "report-table-nationality"),
        t!(l, "report-col-class-identified"),
        t!(l, "report-row-overview-foreigners"),
        "Campuchia".to_string(),
        "So với cùng kỳ năm trước".to_string(),
    ] {
        assert!(shows(&app, &s), "not shown: {s}");
    }
    let State::Unlocked(shell) = &app.state else {
        panic!("locked")
    };
    let r = shell.reports.report.as_ref().unwrap();
    assert_eq!(r.compare("received").0, 2);
    assert_eq!(r.compare("foreigners").0, 1);
    assert!(shell.reports.periods.is_empty());

    // The administrator names the period shown; it is then in the list.
    let m = type_into(&app, "report-period-name", "Đợt kiểm tra tháng 12", true);
    feed(&rt, &mut app, m);
    let saved = t!(l, "report-period-saved", name = "Đợt kiểm tra tháng 12");
    assert!(shows(&app, &saved), "{:?}", visible_texts(&mut sim(&app)));
    let State::Unlocked(shell) = &app.state else {
        panic!("locked")
    };
    assert_eq!(shell.reports.periods.len(), 1);
    assert_eq!(shell.reports.periods[0].name, "Đợt kiểm tra tháng 12");
    assert_eq!(
        shell.reports.named.as_deref(),
        Some("Đợt kiểm tra tháng 12")
    );

    // A date that does not exist: the figures of the other period go, so
    // none is read as this period's.
    use tiepnhan::ui::screens::{reports, shell::Message as Shell};
    let from =
        tiepnhan::ui::Message::Shell(Shell::Reports(reports::Message::From("31/02/2026".into())));
    feed(&rt, &mut app, vec![from]);
    let m = click_text(&app, &t!(l, "report-run"));
    feed(&rt, &mut app, m);
    assert!(shows(&app, &t!(l, "report-bad-dates")));
    assert!(
        !shows(&app, &t!(l, "report-table-nationality")),
        "{:?}",
        visible_texts(&mut sim(&app))
    );
}
