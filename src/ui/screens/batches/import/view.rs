//! Drawing the list's import: the file, the columns as read, the converted
//! text, the rows with what each needs, and the confirmation.

use iced::widget::{Id, Row, column, container, row, scrollable, text};
use iced::{Alignment, Element, Font, Length};

use super::{Busy, Into, ListImport, Message};
use crate::domain::dedupe::MatchKind;
use crate::domain::handover_list::{
    self as hl, Field, LegacyChoice, Preview, PreviewRow, RowDuplicate, RowFlag,
};
use crate::domain::legacy_text::Legacy;
use crate::domain::{fields, places};
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::labels;
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::{self, Kind, btn};

/// Conversions listed before "… and N more".
const CONVERSIONS_SHOWN: usize = 6;

/// The widths of the rows' columns: line, name, sex, age, province, document.
const WIDTHS: [Length; 6] = [
    Length::Fixed(44.0),
    Length::FillPortion(3),
    Length::FillPortion(1),
    Length::FillPortion(2),
    Length::FillPortion(2),
    Length::FillPortion(2),
];

pub fn field_label(l: Lang, f: Field) -> String {
    i18n::dynamic(l, &format!("list-field-{}", f.key()))
}

fn legacy_name(l: Lang, x: Legacy) -> String {
    i18n::dynamic(l, &format!("list-legacy-{}", x.key()))
}

/// The label of a problem's field, as the batch table names its columns.
fn problem_field(l: Lang, field: &str) -> String {
    super::super::table::column_label(field, l).unwrap_or_else(|| {
        fields::FIELDS
            .iter()
            .find(|f| f.key == field)
            .map(|f| i18n::dynamic(l, f.label))
            .unwrap_or_else(|| field.to_string())
    })
}

fn dup_reason(l: Lang, k: MatchKind) -> String {
    match k {
        MatchKind::SameIdNumber => t!(l, "dup-same-id"),
        MatchKind::SamePassport => t!(l, "dup-same-passport"),
        MatchKind::SimilarName => t!(l, "list-dup-similar"),
    }
}

impl ListImport {
    pub fn view(&self, l: Lang) -> Element<'_, Message> {
        let count = self.preview.as_ref().map(|p| p.valid()).unwrap_or(0);
        let ready = self.preview.is_some() && self.busy.is_none();
        let heading = widgets::heading(
            l,
            Some(Message::Back),
            t!(l, "list-import-title"),
            vec![btn(
                t!(l, "list-confirm", count = count),
                Kind::Primary,
                ready.then_some(Message::Import),
            )],
        );
        let target = match &self.into {
            Into::New(b, gate) => t!(
                l,
                "list-target-new",
                date = b
                    .received_at
                    .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
                    .unwrap_or_default(),
                gate = gate.clone(),
                party = b.handing_party.clone()
            ),
            Into::Existing { number, .. } => {
                t!(l, "list-target-existing", number = number.clone())
            }
        };
        let mut file = column![
            text(target).size(14).font(theme::SEMIBOLD),
            widgets::field(
                t!(l, "list-file"),
                true,
                widgets::path_picker(
                    l,
                    super::ID_PATH,
                    &self.path,
                    "",
                    Message::Path,
                    Some(Message::Choose),
                    Some(Message::Read),
                ),
                None,
            ),
        ]
        .spacing(4);
        let legacy_choices = widgets::labelled([
            (LegacyChoice::Auto, t!(l, "list-legacy-auto")),
            (LegacyChoice::Off, t!(l, "list-legacy-off")),
            (
                LegacyChoice::Force(Legacy::Tcvn3),
                legacy_name(l, Legacy::Tcvn3),
            ),
            (
                LegacyChoice::Force(Legacy::Vni),
                legacy_name(l, Legacy::Vni),
            ),
        ]);
        let mut options = row![
            btn(
                t!(l, "list-read"),
                Kind::Secondary,
                (self.busy.is_none() && !self.path.trim().is_empty()).then_some(Message::Read)
            ),
            text(t!(l, "list-legacy")).size(14),
            widgets::pick(
                legacy_choices,
                Some(&self.legacy),
                String::new(),
                Message::Legacy
            ),
        ]
        .spacing(10)
        .align_y(Alignment::Center);
        if let Some(f) = self.file.as_ref().filter(|f| f.sheets.len() > 1) {
            let sheets = widgets::choices(&f.sheets, String::clone);
            options = options
                .push(text(t!(l, "list-sheet")).size(14))
                .push(widgets::pick(
                    sheets,
                    self.sheet.as_ref(),
                    String::new(),
                    Message::Sheet,
                ));
        }
        file = file.push(options);

        let status: Option<Element<'_, Message>> = match (self.busy, &self.notice, &self.preview) {
            (Some(Busy::Reading), ..) => Some(widgets::banner(Banner::Info, t!(l, "list-reading"))),
            (Some(Busy::Importing), ..) => {
                Some(widgets::banner(Banner::Info, t!(l, "list-importing")))
            }
            (None, Some(n), _) => Some(widgets::banner(n.kind(), n.text(l))),
            (None, None, Some(p)) => Some(widgets::banner(
                if self.blocker().is_some() {
                    Banner::Warning
                } else {
                    Banner::Info
                },
                summary(l, p),
            )),
            _ => None,
        };
        let mut body = column![widgets::card(file), widgets::slot(status),].spacing(10);
        if let Some(p) = &self.preview {
            body = body.push(self.view_footer(l));
            let mut right = column![].spacing(10);
            if !p.conversions.is_empty() {
                right = right.push(self.view_conversions(p, l));
            }
            right = right.push(self.view_rows(l));
            body = body.push(
                row![
                    container(self.view_mapping(p, l))
                        .padding(12)
                        .width(Length::Fixed(330.0))
                        .style(theme::card),
                    right.width(Length::Fill),
                ]
                .spacing(10),
            );
        }
        column![
            heading,
            scrollable(body.padding(iced::Padding {
                right: 14.0,
                ..iced::Padding::ZERO
            }))
            .id(Id::new("list-scroll"))
            .height(Length::Fill),
        ]
        .spacing(10)
        .height(Length::Fill)
        .into()
    }

    fn view_mapping<'a>(&'a self, p: &'a Preview, l: Lang) -> Element<'a, Message> {
        let mut c = column![
            widgets::section(t!(l, "list-mapping-title")),
            text(t!(l, "list-mapping-help"))
                .size(12)
                .style(theme::muted),
        ]
        .spacing(6);
        let options = widgets::filter_choices(t!(l, "list-column-skip"), &Field::ALL, |f| {
            field_label(l, *f)
        });
        let width = p.headers.len().max(self.mapping.columns.len());
        for col in 0..width {
            let header = p.headers.get(col).cloned().unwrap_or_default();
            let current = self.mapping.field_of(col);
            let title = if header.is_empty() {
                hl::column_letter(col)
            } else {
                format!("{} · {header}", hl::column_letter(col))
            };
            c = c.push(
                column![
                    text(title).size(13).font(theme::SEMIBOLD),
                    widgets::pick(options.clone(), Some(&current), String::new(), move |ch| {
                        Message::Column(col, ch)
                    }),
                ]
                .spacing(2),
            );
        }
        c.into()
    }

    fn view_conversions<'a>(&'a self, p: &'a Preview, l: Lang) -> Element<'a, Message> {
        let encoding = p
            .detection
            .legacy
            .or_else(|| p.conversions.first().map(|c| c.legacy))
            .map(|x| legacy_name(l, x))
            .unwrap_or_default();
        let mut c = column![widgets::section(t!(
            l,
            "list-conversions-title",
            encoding = encoding,
            count = p.conversions.len()
        ))]
        .spacing(4);
        for cv in p.conversions.iter().take(CONVERSIONS_SHOWN) {
            c = c.push(
                row![
                    text(format!("{}{}", cv.column, cv.line))
                        .size(13)
                        .width(Length::Fixed(50.0))
                        .style(theme::muted),
                    text(cv.before.clone())
                        .size(13)
                        .width(Length::FillPortion(1)),
                    text("→").size(13),
                    text(cv.after.clone())
                        .size(13)
                        .font(theme::SEMIBOLD)
                        .width(Length::FillPortion(1)),
                ]
                .spacing(8),
            );
        }
        if p.conversions.len() > CONVERSIONS_SHOWN {
            c = c.push(widgets::hint(t!(
                l,
                "list-conversions-more",
                count = p.conversions.len() - CONVERSIONS_SHOWN
            )));
        }
        c = c.push(widgets::check(
            t!(l, "list-conversions-ok"),
            self.conversions_ok,
            Some(Message::ConversionsOk),
        ));
        widgets::card(c).into()
    }

    fn view_rows(&self, l: Lang) -> Element<'_, Message> {
        let (rows, pages) = self.shown_rows();
        let heads = [
            t!(l, "list-col-line"),
            t!(l, "case-full-name"),
            t!(l, "batch-col-sex"),
            t!(l, "batch-col-age"),
            t!(l, "batch-col-province"),
            t!(l, "batch-col-document"),
        ];
        let only_flagged = t!(l, "list-only-flagged");
        let mut c = column![
            widgets::section_bar(
                t!(l, "list-rows-title"),
                widgets::check(only_flagged, self.only_flagged, Some(Message::OnlyFlagged))
            ),
            table_line(heads, 13.0, Some(theme::SEMIBOLD)),
        ]
        .spacing(4);
        for r in rows {
            c = c.push(view_row(r, l));
        }
        if pages > 1 {
            let total = self
                .preview
                .as_ref()
                .map(|p| p.rows.len())
                .unwrap_or_default();
            c = c.push(widgets::pager(
                l,
                self.page.min(pages - 1),
                pages,
                total.to_string(),
                Message::Page,
            ));
        }
        widgets::card(c).into()
    }

    fn view_footer(&self, l: Lang) -> Element<'_, Message> {
        let invalid = self.invalid();
        let mut c = column![].spacing(6);
        if invalid > 0 {
            c = c.push(widgets::check(
                t!(l, "list-skip-invalid", count = invalid),
                self.skip_invalid,
                Some(Message::SkipInvalid),
            ));
        }
        c.into()
    }
}

/// A line of the rows' table (the heading or a row): each text in the
/// width of its column.
fn table_line<'a>(texts: [String; 6], size: f32, font: Option<Font>) -> Row<'a, Message> {
    let cell = |(s, w): (String, Length)| {
        let mut t = text(s).size(size).width(w);
        if let Some(f) = font {
            t = t.font(f);
        }
        t.into()
    };
    Row::with_children(texts.into_iter().zip(WIDTHS).map(cell)).spacing(6)
}

fn summary(l: Lang, p: &Preview) -> String {
    let mut s = t!(
        l,
        "list-summary",
        rows = p.rows.len(),
        valid = p.valid(),
        invalid = p.rows.len() - p.valid(),
        duplicates = p.rows.iter().filter(|r| !r.duplicates.is_empty()).count(),
        nodiacritics = p
            .rows
            .iter()
            .filter(|r| r.flags.contains(&RowFlag::NameWithoutDiacritics))
            .count(),
        converted = p.converted_rows()
    );
    if let Some(x) = p.detection.legacy {
        s.push(' ');
        s.push_str(&t!(
            l,
            "list-detected",
            encoding = legacy_name(l, x),
            percent = (p.detection.confidence * 100.0).round() as u32
        ));
    }
    s
}

/// One row: what it becomes, then what the officer should see about it.
fn view_row(r: &PreviewRow, l: Lang) -> Element<'_, Message> {
    let q = &r.quick;
    let province = q
        .province_code
        .and_then(places::province)
        .map(|p| p.short_name().to_string())
        .unwrap_or_default();
    let sex = if q.sex == crate::domain::case::Sex::Unknown {
        String::new()
    } else {
        labels::sex(l, q.sex)
    };
    let cells = [
        r.line.to_string(),
        q.full_name.clone(),
        sex,
        q.age.clone(),
        province,
        q.document.clone(),
    ];
    let mut c = column![table_line(cells, 14.0, None)].spacing(2);
    let note = |s: String, style: fn(&iced::Theme) -> iced::widget::text::Style| {
        row![text("").width(WIDTHS[0]), text(s).size(13).style(style)].spacing(6)
    };
    if !r.problems.is_empty() {
        let errs: Vec<String> = r
            .problems
            .iter()
            .map(|e| {
                let label = problem_field(l, e.field);
                format!("{}: {}", label, labels::problem_for(l, e.problem, &label))
            })
            .collect();
        c = c.push(note(errs.join(" · "), theme::danger_text));
    }
    for d in &r.duplicates {
        match d {
            RowDuplicate::Vault {
                case_id,
                case_number,
                full_name,
                kind,
                ..
            } => {
                c = c.push(
                    row![
                        note(
                            t!(
                                l,
                                "list-dup-vault",
                                reason = dup_reason(l, *kind),
                                number = case_number.clone(),
                                name = full_name.clone()
                            ),
                            if kind.is_strong() {
                                theme::danger_text
                            } else {
                                theme::warning_text
                            }
                        ),
                        btn(
                            t!(l, "dup-open-other"),
                            Kind::Link,
                            Some(Message::OpenCase(case_id.clone()))
                        ),
                    ]
                    .spacing(8)
                    .align_y(Alignment::Center),
                );
            }
            RowDuplicate::List { line, kind } => {
                c = c.push(note(
                    t!(
                        l,
                        "list-dup-list",
                        line = *line,
                        reason = dup_reason(l, *kind)
                    ),
                    theme::warning_text,
                ));
            }
        }
    }
    let flags: Vec<String> = r
        .flags
        .iter()
        .map(|f| {
            let key = serde_json::to_value(f)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            i18n::dynamic(l, &format!("list-flag-{key}"))
        })
        .collect();
    if !flags.is_empty() {
        let style: fn(&iced::Theme) -> iced::widget::text::Style =
            if r.flags.contains(&RowFlag::NameWithoutDiacritics) {
                theme::warning_text
            } else {
                theme::muted
            };
        c = c.push(note(flags.join(" · "), style));
    }
    c.into()
}

/// The keys of the flags' labels (for the completeness test of dynamic keys).
pub fn flag_keys() -> Vec<String> {
    [
        RowFlag::NameWithoutDiacritics,
        RowFlag::NameTitleCased,
        RowFlag::Converted,
        RowFlag::IdZeroRestored,
        RowFlag::TwoDigitYear,
        RowFlag::SerialDate,
    ]
    .iter()
    .filter_map(|f| {
        serde_json::to_value(f)
            .ok()
            .and_then(|v| v.as_str().map(|s| format!("list-flag-{s}")))
    })
    .chain(Field::ALL.iter().map(|f| format!("list-field-{}", f.key())))
    .chain(
        Legacy::ALL
            .iter()
            .map(|x| format!("list-legacy-{}", x.key())),
    )
    .collect()
}
