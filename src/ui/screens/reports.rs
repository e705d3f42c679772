//! Reports: a period (presets or dates), the counts on screen with bar
//! charts drawn on a canvas, and exports as PDF, XLSX, CSV and the
//! anonymised dataset.

use std::path::PathBuf;

use chrono::NaiveDate;
use iced::widget::canvas::{self, Frame, Geometry, Path, Text};
use iced::widget::{column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Point, Rectangle, Renderer, Size, Task, Theme, mouse};

use crate::domain::dates;
use crate::domain::report::{Preset, Report};
use crate::export::tables;
use crate::i18n::{self, Lang};
use crate::t;
use crate::ui::jobs::{self, UiError, UiResult};
use crate::ui::notice::Notice;
use crate::ui::session::Session;
use crate::ui::theme;
use crate::ui::widgets::{self, Kind, btn};

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
}

pub struct Reports {
    from: String,
    to: String,
    pub report: Option<Report>,
    notice: Option<Notice>,
    busy: bool,
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
        }
    }

    fn period(&self) -> Option<(NaiveDate, NaiveDate)> {
        let f = dates::parse_dmy(&self.from).ok()?;
        let t = dates::parse_dmy(&self.to).ok()?;
        (f <= t).then_some((f, t))
    }

    pub fn load(&mut self, session: &Session) -> Task<Message> {
        let Some((f, t)) = self.period() else {
            return Task::none();
        };
        self.busy = true;
        session
            .db
            .task(move |v| v.report(f, t, "screen"), Message::Loaded)
    }

    pub fn update(&mut self, m: Message, session: &Session) -> Task<Message> {
        match m {
            Message::Preset(p) => {
                let (f, t) = p.range(crate::clock::today());
                self.from = dates::format_dmy(f);
                self.to = dates::format_dmy(t);
                return self.load(session);
            }
            Message::From(s) => self.from = s,
            Message::To(s) => self.to = s,
            Message::Run => {
                if self.period().is_none() {
                    self.notice = Some(Notice::ReportBadDates);
                    return Task::none();
                }
                self.notice = None;
                return self.load(session);
            }
            Message::Loaded(Ok(r)) => {
                self.busy = false;
                self.report = Some(r);
            }
            Message::Loaded(Err(e)) => {
                self.busy = false;
                self.notice = Some(Notice::Error(e));
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
                let Some((f, t)) = self.period() else {
                    return Task::none();
                };
                self.busy = true;
                let db = session.db.clone();
                let lang = session.lang;
                return jobs::blocking(
                    move || {
                        let out = db.run(|v| crate::app::reports::export(v, f, t, fmt, lang))?;
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
        let mut presets = row![].spacing(6);
        for p in Preset::ALL {
            presets = presets.push(btn(
                i18n::dynamic(l, &format!("report-preset-{}", p.key())),
                Kind::Secondary,
                Some(Message::Preset(p)),
            ));
        }
        let export = |label: String, f: Format| {
            btn(
                label,
                Kind::Secondary,
                (!self.busy).then_some(Message::Export(f)),
            )
        };
        let controls = row![
            text(t!(l, "filter-from")).size(13),
            text_input("dd/mm/yyyy", &self.from)
                .on_input(Message::From)
                .on_submit(Message::Run)
                .padding(6)
                .width(Length::Fixed(130.0)),
            text(t!(l, "filter-to")).size(13),
            text_input("dd/mm/yyyy", &self.to)
                .on_input(Message::To)
                .on_submit(Message::Run)
                .padding(6)
                .width(Length::Fixed(130.0)),
            btn(t!(l, "report-run"), Kind::Primary, Some(Message::Run)),
            widgets::hspace(),
            export(t!(l, "report-export-pdf"), Format::Pdf),
            export(t!(l, "report-export-xlsx"), Format::Xlsx),
            export(t!(l, "report-export-csv"), Format::Csv),
            export(t!(l, "report-export-dataset"), Format::Dataset),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        let mut c = column![widgets::title(t!(l, "report-title")), presets, controls].spacing(10);
        c = c.push(widgets::slot(
            self.notice
                .as_ref()
                .map(|n| widgets::banner(n.kind(), n.text(l))),
        ));
        let Some(r) = &self.report else {
            return c.push(text(t!(l, "loading"))).padding(16).into();
        };
        let mut grid = column![].spacing(10);
        let mut pair = row![].spacing(10);
        for (i, table) in r.tables.iter().enumerate() {
            let rows: Vec<(String, i64)> = table
                .rows
                .iter()
                .map(|(k, n)| (tables::row_label(l, &table.key, k), *n))
                .collect();
            let height = rows.len() as f32 * 22.0 + 4.0;
            let mut card = column![widgets::section(tables::table_title(l, &table.key))].spacing(6);
            card = card.push(
                canvas::Canvas::new(Bars { rows })
                    .width(Length::Fill)
                    .height(Length::Fixed(height)),
            );
            if table.is_partition() {
                card = card.push(
                    text(format!("{}: {}", t!(l, "report-total"), table.total()))
                        .size(13)
                        .style(theme::muted),
                );
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
