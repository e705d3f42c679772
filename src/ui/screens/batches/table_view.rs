//! How the new batch looks: its header, the quick-entry table and the notes
//! under each row (duplicates, ID-card hints, problems).

use iced::widget::{Id, column, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length};

use super::*;

impl Table {
    fn header_error(&self, field: &str, label: &str, l: Lang) -> Option<String> {
        self.header_errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| labels::problem_for(l, e.problem, label))
    }

    pub fn view<'a>(&'a self, l: Lang, gates: &'a [Gate]) -> Element<'a, Message> {
        let f = &self.form;
        let gate_choices = widgets::labelled(
            gates
                .iter()
                .filter(|g| g.active)
                .map(|g| (g.id, g.name.clone())),
        );
        let sources = widgets::choices(Source::ALL, |s| labels::source(l, *s));
        let input = |label: String,
                     value: &'a str,
                     hf: HeaderField,
                     id: Option<&'static str>,
                     field: &str,
                     required: bool| {
            let mut ti = text_input("", value)
                .on_input(move |s| Message::Header(hf, s))
                .padding(6);
            if let Some(id) = id {
                ti = ti.id(Id::new(id));
            }
            let err = self.header_error(field, &label, l);
            widgets::field(label, required, ti, err)
        };
        let handed_over = f.source == Source::HandedOver;
        let header = column![
            row![
                input(
                    t!(l, "batch-date"),
                    &f.date,
                    HeaderField::Date,
                    Some(ID_DATE),
                    "received_at",
                    true
                ),
                input(
                    t!(l, "batch-time"),
                    &f.time,
                    HeaderField::Time,
                    None,
                    "time",
                    true
                ),
                widgets::field(
                    t!(l, "case-gate"),
                    true,
                    widgets::pick(
                        gate_choices,
                        f.gate_id.as_ref(),
                        t!(l, "choose-placeholder"),
                        Message::Gate
                    ),
                    self.header_error("gate", &t!(l, "case-gate"), l)
                ),
                widgets::pick_field(
                    l,
                    t!(l, "case-source"),
                    false,
                    sources,
                    Some(&f.source),
                    Message::Source
                ),
            ]
            .spacing(12),
            row![
                input(
                    t!(l, "batch-handing-party"),
                    &f.handing_party,
                    HeaderField::Handing,
                    Some(ID_HANDING),
                    "handing_party",
                    handed_over
                ),
                input(
                    t!(l, "case-place"),
                    &f.place,
                    HeaderField::Place,
                    None,
                    "place",
                    false
                ),
            ]
            .spacing(12),
            row![
                input(
                    t!(l, "batch-officers"),
                    &f.receiving_officers,
                    HeaderField::Officers,
                    None,
                    "officers",
                    false
                ),
                input(
                    t!(l, "batch-units"),
                    &f.receiving_units,
                    HeaderField::Units,
                    None,
                    "units",
                    false
                ),
            ]
            .spacing(12),
            row![
                input(
                    t!(l, "batch-documents"),
                    &f.documents,
                    HeaderField::Documents,
                    Some(ID_DOCUMENTS),
                    "documents",
                    false
                ),
                input(
                    t!(l, "case-notes"),
                    &f.notes,
                    HeaderField::Notes,
                    None,
                    "notes",
                    false
                ),
            ]
            .spacing(12),
        ]
        .spacing(4);

        let mut table = column![
            widgets::hint(t!(l, "batch-quick-help")),
            row![
                widgets::th("#".into(), Length::Fixed(30.0)),
                widgets::th(t!(l, "case-full-name"), Length::FillPortion(4)),
                widgets::th(t!(l, "batch-col-document"), Length::FillPortion(3)),
                widgets::th(t!(l, "batch-col-province"), Length::FillPortion(2)),
                widgets::th(t!(l, "batch-col-sex"), Length::FillPortion(1)),
                widgets::th(t!(l, "batch-col-age"), Length::FillPortion(2)),
                text("").width(Length::Fixed(36.0)),
            ]
            .spacing(6),
        ]
        .spacing(4);
        for (i, r) in f.rows.iter().enumerate() {
            let cell = |col: Col, value: &'a str, placeholder: String, portion: u16| {
                text_input(&placeholder, value)
                    .id(Id::from(row_id(i, col.key())))
                    .on_input(move |s| Message::Cell(i, col, s))
                    .on_submit(Message::RowSubmit(i))
                    .padding(5)
                    .width(Length::FillPortion(portion))
            };
            table = table.push(
                row![
                    text((i + 1).to_string()).width(Length::Fixed(30.0)),
                    // Name, number, province: the number fills sex and year.
                    cell(Col::Name, &r.name, String::new(), 4),
                    cell(Col::Document, &r.document, String::new(), 3),
                    cell(Col::Province, &r.province, String::new(), 2),
                    cell(Col::Sex, &r.sex, t!(l, "batch-sex-placeholder"), 1),
                    cell(Col::Age, &r.age, t!(l, "batch-age-placeholder"), 2),
                    btn("×".into(), Kind::Link, Some(Message::RemoveRow(i))),
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            );
            table = table.push(widgets::slot(self.view_row_notes(i, l)));
        }
        table = table.push(
            row![
                btn(
                    t!(l, "batch-add-row"),
                    Kind::Secondary,
                    Some(Message::AddRow)
                ),
                widgets::hspace(),
                text(t!(
                    l,
                    "batch-count",
                    count = f.rows.iter().filter(|r| !r.is_blank()).count()
                ))
                .size(14),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
        let import = (!self.busy && !self.has_people()).then_some(Message::StartImport);
        column![
            widgets::heading(
                l,
                Some(Message::BackToList),
                t!(l, "batch-new-title"),
                widgets::buttons([
                    (t!(l, "list-import"), Kind::Secondary, import),
                    (
                        t!(l, "batch-save"),
                        Kind::Primary,
                        (!self.busy).then_some(Message::Save)
                    ),
                ])
            ),
            scrollable(
                column![widgets::card(header), widgets::card(table),]
                    .spacing(10)
                    .padding(iced::Padding {
                        right: 14.0,
                        ..iced::Padding::ZERO
                    })
            )
            .height(Length::Fill),
        ]
        .spacing(10)
        .height(Length::Fill)
        .into()
    }

    /// Under a row: its problems, and the existing case it matches with the choices.
    fn view_row_notes(&self, i: usize, l: Lang) -> Option<Element<'_, Message>> {
        let errs: Vec<String> = self
            .row_errors
            .iter()
            .filter(|(ri, _)| *ri == i)
            .map(|(_, e)| {
                let label = column_label(e.field, l).unwrap_or_else(|| e.field.to_string());
                format!("{}: {}", label, labels::problem_for(l, e.problem, &label))
            })
            .collect();
        let m = self.matches.get(&i);
        let id = self.ids.get(&i);
        // The province a short or unaccented entry stands for ("tay" is
        // Tây Ninh), until Enter writes its name in the cell.
        let province = self.form.rows.get(i).and_then(|r| {
            places::find_province(&r.province)
                .filter(|p| p.short_name() != r.province.trim())
                .map(|p| p.name.clone())
        });
        if errs.is_empty() && m.is_none() && id.is_none() && province.is_none() {
            return None;
        }
        let mut c = column![].spacing(4);
        if let Some(p) = province {
            c = c.push(
                text(format!("{}: {p}", t!(l, "batch-col-province")))
                    .size(13)
                    .style(theme::muted),
            );
        }
        if !errs.is_empty() {
            c = c.push(text(errs.join(" · ")).size(13).style(theme::danger_text));
        }
        if let Some(id) = id {
            if let Some(e) = &id.error {
                c = c.push(
                    text(crate::ui::idtext::error(l, e))
                        .size(13)
                        .style(theme::danger_text),
                );
            }
            if let Some(p) = &id.filled {
                c = c.push(
                    text(crate::ui::idtext::filled(l, p))
                        .size(13)
                        .style(theme::success_text),
                );
            }
            for w in id.warnings() {
                c = c.push(
                    text(crate::ui::idtext::warning(l, w))
                        .size(13)
                        .style(theme::warning_text),
                );
            }
        }
        if let Some(m) = m {
            if let Some(hit) = m.strong() {
                let reason = match hit.kind {
                    crate::domain::dedupe::MatchKind::SamePassport => t!(l, "dup-same-passport"),
                    _ => t!(l, "dup-same-id"),
                };
                c = c.push(
                    text(t!(
                        l,
                        "batch-row-match",
                        reason = reason,
                        number = hit.number.clone(),
                        name = hit.full_name.clone(),
                        date = dates::iso_to_dmy(&hit.received_on)
                    ))
                    .size(13)
                    .style(theme::danger_text),
                );
                // The officer's choice stands out.
                let decide = |d: RowDecision, label: String| {
                    let kind = if m.decision == Some(d) {
                        Kind::Primary
                    } else {
                        Kind::Secondary
                    };
                    (label, kind, Some(Message::Decide(i, d)))
                };
                let open = Message::OpenCase(hit.case_id.clone());
                let mut choices = widgets::button_row([
                    (t!(l, "dup-open-other"), Kind::Secondary, Some(open)),
                    decide(RowDecision::RepeatReturn, t!(l, "dup-repeat-return")),
                    decide(RowDecision::Different, t!(l, "dup-different-person")),
                ])
                .spacing(6);
                if m.decision == Some(RowDecision::Different) {
                    choices = choices.push(
                        text_input(&t!(l, "dup-reason-placeholder"), &m.reason)
                            .on_input(move |s| Message::Reason(i, s))
                            .padding(4)
                            .width(Length::Fill),
                    );
                }
                c = c.push(choices);
            } else if let Some(hit) = m.hits.first() {
                c = c.push(
                    text(t!(l, "batch-dup-possible", number = hit.number.clone()))
                        .size(13)
                        .style(theme::warning_text),
                );
            }
        }
        Some(c.into())
    }
}
