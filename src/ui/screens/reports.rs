//! Reports: a period (presets, dates or a named period), the cross-tables
//! on screen with their totals and a bar chart of the row totals drawn on a
//! canvas, the comparison with the same period last year, and exports as
//! PDF (with an optional confidentiality mark), XLSX, CSV and the
//! anonymised dataset. An administrator names the period shown.

use std::path::PathBuf;

use chrono::NaiveDate;
use iced::widget::canvas::{self, Frame, Geometry, Path, Text};
use iced::widget::{column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Point, Rectangle, Renderer, Size, Task, Theme, mouse};

use crate::app::reports::{Choice as PeriodChoice, MARKS, Printing};
use crate::domain::dates;
use crate::domain::report::{NamedPeriod, Preset, Report};
use crate::export::tables;
use crate::i18n::{self, Lang};
use crate::t;
use crate::ui::jobs::{self, UiError, UiResult};
use crate::ui::notice::Notice;
use crate::ui::session::Session;
use crate::ui::theme;
use crate::ui::widgets::{self, Choice, Kind, btn};

pub use crate::app::reports::Format;

#[derive(Debug, Clone)]
pub enum Message {
    Preset(Preset),
    From(String),
    To(String),
    Run,
    Loaded(UiResult<Report>),
    Export(Format),
    ExportTo(Format, Option<PathBuf>),
    Exported(UiResult<Notice>),
    Periods(UiResult<Vec<NamedPeriod>>),
    /// A named period chosen (its dates fill the fields).
    Named(Option<String>),
    PeriodName(String),
    SavePeriod,
    PeriodSaved(UiResult<String>),
    Mark(Option<String>),
}

pub struct Reports {
    from: String,
    to: String,
    pub report: Option<Report>,
    notice: Option<Notice>,
    busy: bool,
    pub periods: Vec<NamedPeriod>,
    /// The named period shown, while its dates are not edited.
    pub named: Option<String>,
    period_name: String,
    mark: Option<String>,
}

/// A horizontal bar chart of one table, drawn on a canvas.
struct Bars {
    rows: Vec<(String, i64)>,
}

impl<Message> canvas::Program<Message> for Bars {
    type State = ();

    fn draw(
        &self,
        _: &(),
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        _: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = Frame::new(renderer, bounds.size());
        let max = self.rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f32;
        let p = theme.palette();
        let label_w = bounds.width * 0.45;
        let count_w = 56.0;
        let bar_w = (bounds.width - label_w - count_w - 8.0).max(10.0);
        let max_chars = ((label_w - 8.0) / 7.0).max(8.0) as usize;
        for (i, (label, n)) in self.rows.iter().enumerate() {
            let y = i as f32 * 22.0;
            let shown = if label.chars().count() > max_chars {
                format!("{}…", label.chars().take(max_chars - 1).collect::<String>())
            } else {
                label.clone()
            };
            frame.fill_text(Text {
                content: shown,
                position: Point::new(0.0, y + 3.0),
                color: p.text,
                size: 13.0.into(),
                font: theme::FONT,
                ..Text::default()
            });
            frame.fill_text(Text {
                content: n.to_string(),
                position: Point::new(label_w + count_w - 6.0, y + 3.0),
                color: p.text,
                size: 13.0.into(),
                font: theme::SEMIBOLD,
                align_x: iced::widget::text::Alignment::Right,
                ..Text::default()
            });
            let w = bar_w * (*n as f32 / max);
            if w > 0.0 {
                frame.fill(
                    &Path::rectangle(Point::new(label_w + count_w, y + 4.0), Size::new(w, 14.0)),
                    p.primary,
                );
            }
        }
        vec![frame.into_geometry()]
    }
}

impl Reports {
    pub fn new() -> Reports {
        let (f, t) = Preset::ThisYear.range(crate::clock::today());
        Reports {
            from: dates::format_dmy(f),
            to: dates::format_dmy(t),
            report: None,
            notice: None,
            busy: false,
            periods: Vec::new(),
            named: None,
            period_name: String::new(),
            mark: None,
        }
    }

    /// The period as the report and the exports take it.
    fn choice(&self) -> Option<PeriodChoice> {
        let (f, t) = self.period()?;
        Some(match &self.named {
            Some(n) => PeriodChoice::Named(n.clone()),
            None => PeriodChoice::Dates(f, t),
        })
    }

    fn period(&self) -> Option<(NaiveDate, NaiveDate)> {
        let f = dates::parse_dmy(&self.from).ok()?;
        let t = dates::parse_dmy(&self.to).ok()?;
        (f <= t).then_some((f, t))
    }

    pub fn load(&mut self, session: &Session) -> Task<Message> {
        let periods = session.db.task(|v| v.report_periods(), Message::Periods);
        let Some(choice) = self.choice() else {
            return periods;
        };
        self.busy = true;
        let report = session.db.task_app(
            move |v| crate::app::reports::report(v, &choice, "screen"),
            Message::Loaded,
        );
        Task::batch([periods, report])
    }

    pub fn update(&mut self, m: Message, session: &Session) -> Task<Message> {
        match m {
            Message::Preset(p) => {
                let (f, t) = p.range(crate::clock::today());
                self.from = dates::format_dmy(f);
                self.to = dates::format_dmy(t);
                return self.load(session);
            }
            Message::From(s) => {
                self.from = s;
                self.named = None;
            }
            Message::To(s) => {
                self.to = s;
                self.named = None;
            }
            Message::Periods(Ok(p)) => self.periods = p,
            Message::Periods(Err(_)) => self.periods.clear(),
            Message::Named(None) => self.named = None,
            Message::Named(Some(name)) => {
                if let Some(p) = self.periods.iter().find(|p| p.name == name) {
                    self.from = dates::format_dmy(p.from);
                    self.to = dates::format_dmy(p.to);
                    self.named = Some(name);
                    self.notice = None;
                    return self.load(session);
                }
            }
            Message::PeriodName(s) => self.period_name = s,
            Message::SavePeriod => {
                let Some((f, t)) = self.period() else {
                    self.notice = Some(Notice::ReportBadDates);
                    return Task::none();
                };
                let name = crate::domain::text::clean_line(&self.period_name);
                if name.is_empty() {
                    self.notice = Some(Notice::ReportPeriodNeedsName);
                    return Task::none();
                }
                return session.db.task(
                    move |v| v.save_report_period(&name, f, t).map(|_| name),
                    Message::PeriodSaved,
                );
            }
            Message::PeriodSaved(Ok(name)) => {
                self.notice = Some(Notice::ReportPeriodSaved(name.clone()));
                self.period_name.clear();
                self.named = Some(name);
                return session.db.task(|v| v.report_periods(), Message::Periods);
            }
            Message::PeriodSaved(Err(e)) => self.notice = Some(Notice::Error(e)),
            Message::Mark(m) => self.mark = m,
            Message::Run => {
                if self.period().is_none() {
                    // The figures shown are another period's.
                    self.report = None;
                    self.notice = Some(Notice::ReportBadDates);
                    return Task::none();
                }
                self.notice = None;
                return self.load(session);
            }
            Message::Loaded(r) => {
                if let Some(r) = widgets::settle(&mut self.busy, &mut self.notice, r) {
                    self.report = Some(r);
                }
            }
            Message::Export(fmt) => {
                let Some((f, t)) = self.period() else {
                    self.notice = Some(Notice::ReportBadDates);
                    return Task::none();
                };
                return crate::ui::print::choose_save_path(
                    fmt.file_name(f, t),
                    fmt.ext(),
                    session.dir.join("exports"),
                )
                .map(move |p| Message::ExportTo(fmt, p));
            }
            Message::ExportTo(_, None) => {}
            Message::ExportTo(fmt, Some(path)) => {
                let Some(choice) = self.choice() else {
                    return Task::none();
                };
                self.busy = true;
                let db = session.db.clone();
                let lang = session.lang;
                let printing = Printing {
                    mark: self.mark.clone(),
                    recipient: None,
                };
                return jobs::blocking(
                    move || {
                        let out = db.run(|v| {
                            crate::app::reports::export_period(v, &choice, fmt, lang, &printing)
                        })?;
                        crate::vault::fsio::write_atomic(&path, &out.bytes)
                            .map_err(UiError::from)?;
                        Ok(match out.dataset {
                            Some(info) => Notice::DatasetExported {
                                rows: info.rows_out,
                                suppressed: info.suppressed,
                                k: info.k,
                            },
                            None => Notice::ReportExported(path),
                        })
                    },
                    Message::Exported,
                );
            }
            Message::Exported(r) => {
                self.busy = false;
                self.notice = Some(match r {
                    Ok(n) => n,
                    Err(e) => Notice::Error(e),
                });
            }
        }
        Task::none()
    }

    pub fn view(&self, l: Lang) -> Element<'_, Message> {
        let mut presets = row![].spacing(6).align_y(Alignment::Center);
        for p in Preset::ALL {
            presets = presets.push(btn(
                i18n::dynamic(l, &format!("report-preset-{}", p.key())),
                Kind::Secondary,
                Some(Message::Preset(p)),
            ));
        }
        // A pick list of names after "none" (whose label is also the
        // placeholder), in a fixed width.
        let optional = |choices: Vec<Choice<_>>, value, on: fn(_) -> Message, width| {
            let none = choices.first().map(|c| c.label.clone()).unwrap_or_default();
            let pick = widgets::pick(choices, Some(value), none, move |c| on(c.value));
            container(pick).width(Length::Fixed(width))
        };
        let names: Vec<String> = self.periods.iter().map(|p| p.name.clone()).collect();
        let named = widgets::filter_choices(t!(l, "report-named-period"), &names, String::clone);
        let named = optional(named, &self.named, Message::Named, 320.0);
        presets = presets.push(widgets::hspace()).push(named);
        let export = |label: String, f: Format| {
            btn(
                label,
                Kind::Secondary,
                (!self.busy).then_some(Message::Export(f)),
            )
        };
        let period_name = text_input(&t!(l, "report-period-name"), &self.period_name)
            .id("report-period-name")
            .on_input(Message::PeriodName)
            .padding(6)
            .width(Length::Fixed(300.0));
        let controls = row![
            widgets::date_range(l, &self.from, &self.to, Message::From, Message::To)
                .on_submit(Message::Run),
            btn(t!(l, "report-run"), Kind::Primary, Some(Message::Run)),
            widgets::hspace(),
            widgets::input_button(
                period_name,
                t!(l, "report-save-period"),
                Message::SavePeriod
            ),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        let marks: Vec<String> = MARKS.iter().map(|m| m.to_string()).collect();
        let marks = widgets::filter_choices(t!(l, "report-mark-none"), &marks, String::clone);
        let exports = row![
            text(t!(l, "report-mark")).size(13),
            optional(marks, &self.mark, Message::Mark, 200.0),
            export(t!(l, "report-export-pdf"), Format::Pdf),
            export(t!(l, "report-export-xlsx"), Format::Xlsx),
            export(t!(l, "report-export-csv"), Format::Csv),
            export(t!(l, "report-export-dataset"), Format::Dataset),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        let mut c = column![
            widgets::title(t!(l, "report-title")),
            presets,
            controls,
            exports
        ]
        .spacing(10);
        c = c.push(widgets::notice(l, self.notice.as_ref()));
        let Some(r) = &self.report else {
            return c.push(text(t!(l, "loading"))).padding(16).into();
        };
        let (now, before) = r.compare("received");
        let change = match now - before {
            0 => t!(l, "report-change-same"),
            d if d > 0 => t!(l, "report-change-up", n = d),
            d => t!(l, "report-change-down", n = -d),
        };
        c = c.push(
            text(t!(
                l,
                "report-compare",
                from = dates::format_dmy(r.last_year.0),
                to = dates::format_dmy(r.last_year.1),
                now = now,
                change = change
            ))
            .size(14),
        );
        let mut grid = column![].spacing(10);
        let mut pair = row![].spacing(10);
        for (i, table) in r.tables.iter().enumerate() {
            let g = tables::grid(l, table);
            let bar_of = |cells: &Vec<i64>| {
                if table.totals && !table.is_one_way() {
                    cells.last().copied().unwrap_or(0)
                } else {
                    cells.first().copied().unwrap_or(0)
                }
            };
            let mut card = column![widgets::section(g.title.clone())].spacing(4);
            // The cross-table as text: the header, each row, the totals.
            let cell = |s: String, bold: bool| {
                let t = text(s).size(12).width(Length::FillPortion(1));
                if bold { t.font(theme::SEMIBOLD) } else { t }
            };
            let mut head = row![text("").width(Length::FillPortion(3))].spacing(4);
            for h in &g.header {
                head = head.push(cell(h.clone(), true));
            }
            card = card.push(head);
            if !table.is_one_way() || table.key == "overview" {
                for (_, label, cells) in &g.rows {
                    let mut line =
                        row![text(label.clone()).size(12).width(Length::FillPortion(3))].spacing(4);
                    for n in cells {
                        line = line.push(cell(n.to_string(), false));
                    }
                    card = card.push(line);
                }
                if let Some(total) = &g.total {
                    let mut line = row![
                        text(t!(l, "report-total"))
                            .size(12)
                            .font(theme::SEMIBOLD)
                            .width(Length::FillPortion(3))
                    ]
                    .spacing(4);
                    for n in total {
                        line = line.push(cell(n.to_string(), true));
                    }
                    card = card.push(line);
                }
            }
            if table.key != "overview" {
                let rows: Vec<(String, i64)> = g
                    .rows
                    .iter()
                    .map(|(_, label, cells)| (label.clone(), bar_of(cells)))
                    .collect();
                let height = rows.len() as f32 * 22.0 + 4.0;
                card = card.push(
                    canvas::Canvas::new(Bars { rows })
                        .width(Length::Fill)
                        .height(Length::Fixed(height)),
                );
                if table.is_one_way()
                    && let Some(total) = &g.total
                {
                    card = card.push(
                        text(format!("{}: {}", t!(l, "report-total"), total[0]))
                            .size(13)
                            .style(theme::muted),
                    );
                }
            }
            pair = pair.push(
                container(card)
                    .padding(10)
                    .width(Length::FillPortion(1))
                    .style(theme::card),
            );
            if i % 2 == 1 {
                grid = grid.push(pair);
                pair = row![].spacing(10);
            }
        }
        grid = grid.push(pair);
        c.push(scrollable(grid).height(Length::Fill))
            .padding(16)
            .height(Length::Fill)
            .into()
    }
}

impl Default for Reports {
    fn default() -> Self {
        Reports::new()
    }
}
