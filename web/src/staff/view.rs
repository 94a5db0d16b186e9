//! How staff look at the results: the filter, the sort, the page and the columns shown, as one
//! reducer ([`TableView`]). Pure (no DOM), so every change is tested natively; which rows a
//! filter keeps is `staff_table::view`.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::Lang;
use crate::staff_table::{Filter, Sort, SortKey};

/// A column of the results table (the commitment schemes are one group: all or none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Row,
    Name,
    Id,
    Industry,
    Level,
    Score,
    Schemes,
    Repair,
    Warnings,
    Supervision,
    Complete,
}

impl Column {
    /// Table order.
    pub const ALL: [Column; 11] = [
        Column::Row,
        Column::Name,
        Column::Id,
        Column::Industry,
        Column::Level,
        Column::Score,
        Column::Schemes,
        Column::Repair,
        Column::Warnings,
        Column::Supervision,
        Column::Complete,
    ];

    fn bit(self) -> u16 {
        1 << (self as u16)
    }

    /// The name, the grade and whether the result is complete are always shown: without them a
    /// row says nothing.
    pub fn optional(self) -> bool {
        !matches!(self, Column::Name | Column::Level | Column::Complete)
    }

    /// The header's full words.
    pub fn label(self, l: Lang) -> &'static str {
        match self {
            Column::Row => l.t("行号", "Row"),
            Column::Name => l.t("名称", "Name"),
            Column::Id => l.t("证件号码（脱敏）", "Id (masked)"),
            Column::Industry => l.t("行业", "Industry"),
            Column::Level => l.t("等级", "Grade"),
            Column::Score => l.t("分数", "Score"),
            Column::Schemes => l.t("承诺制度", "Commitment schemes"),
            Column::Repair => l.t("最早可修复日期", "Earliest repair"),
            Column::Warnings => l.t("提示数", "Warnings"),
            Column::Supervision => l.t("监管类别", "Supervision"),
            Column::Complete => l.t("完整", "Complete"),
        }
    }

    pub fn sort_key(self) -> Option<SortKey> {
        Some(match self {
            Column::Row => SortKey::Row,
            Column::Name => SortKey::Name,
            Column::Id => SortKey::Id,
            Column::Industry => SortKey::Industry,
            Column::Level => SortKey::Level,
            Column::Score => SortKey::Score,
            Column::Schemes => return None,
            Column::Repair => SortKey::Repair,
            Column::Warnings => SortKey::Warnings,
            Column::Supervision => SortKey::Supervision,
            Column::Complete => SortKey::Complete,
        })
    }
}

/// The columns shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns(u16);

impl Default for Columns {
    /// What fits a 1280 px screen: everything but the repair date, the warning count and the
    /// supervision class, which the report of each subject says in full (the column chooser
    /// adds them back).
    fn default() -> Self {
        Column::ALL
            .into_iter()
            .filter(|c| !matches!(c, Column::Repair | Column::Warnings | Column::Supervision))
            .fold(Columns(0), |s, c| s.with(c, true))
    }
}

impl Columns {
    pub fn shows(self, c: Column) -> bool {
        !c.optional() || self.0 & c.bit() != 0
    }

    pub fn with(self, c: Column, on: bool) -> Self {
        if on {
            Columns(self.0 | c.bit())
        } else {
            Columns(self.0 & !c.bit())
        }
    }

    /// Columns shown, in table order.
    pub fn shown(self) -> impl Iterator<Item = Column> {
        Column::ALL.into_iter().filter(move |c| self.shows(*c))
    }

    /// Table cells per row (each scheme is a cell of its own).
    pub fn cells(self, schemes: usize) -> usize {
        self.shown()
            .map(|c| if c == Column::Schemes { schemes } else { 1 })
            .sum()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableView {
    pub filter: Filter,
    pub sort: Sort,
    pub page: usize,
    pub columns: Columns,
}

pub enum TableAct {
    Text(String),
    NotEligible(Option<String>),
    Below(Option<String>),
    IncompleteOnly(bool),
    /// A header clicked: that key, flipped if it was the key already.
    SortBy(SortKey),
    Page(usize),
    Show(Column, bool),
}

impl Reducible for TableView {
    type Action = TableAct;

    fn reduce(self: Rc<Self>, act: TableAct) -> Rc<Self> {
        let mut v = (*self).clone();
        match act {
            TableAct::Page(p) => v.page = p,
            TableAct::Show(c, on) => v.columns = v.columns.with(c, on),
            // A different selection starts at its first page.
            TableAct::SortBy(key) => {
                v.sort = v.sort.clicked(key);
                v.page = 0;
            }
            TableAct::Text(t) => {
                v.filter.text = t;
                v.page = 0;
            }
            TableAct::NotEligible(s) => {
                v.filter.not_eligible = s;
                v.page = 0;
            }
            TableAct::Below(s) => {
                v.filter.below = s;
                v.page = 0;
            }
            TableAct::IncompleteOnly(on) => {
                v.filter.incomplete_only = on;
                v.page = 0;
            }
        }
        Rc::new(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_columns_leave_out_only_what_the_report_says_in_full() {
        let d = Columns::default();
        let shown: Vec<Column> = d.shown().collect();
        assert_eq!(
            shown,
            vec![
                Column::Row,
                Column::Name,
                Column::Id,
                Column::Industry,
                Column::Level,
                Column::Score,
                Column::Schemes,
                Column::Complete
            ]
        );
        assert_eq!(d.cells(3), 10);
        // The name, the grade and completeness cannot be hidden.
        let bare = Column::ALL.into_iter().fold(d, |s, c| s.with(c, false));
        assert_eq!(
            bare.shown().collect::<Vec<_>>(),
            vec![Column::Name, Column::Level, Column::Complete]
        );
        let all = Column::ALL.into_iter().fold(bare, |s, c| s.with(c, true));
        assert_eq!(all.cells(2), 12);
    }

    #[test]
    fn a_new_selection_starts_at_page_one_and_paging_keeps_it() {
        let v = Rc::new(TableView::default()).reduce(TableAct::Page(3));
        assert_eq!(v.page, 3);
        let v = v.reduce(TableAct::Show(Column::Repair, true));
        assert_eq!(v.page, 3, "showing a column keeps the page");
        assert!(v.columns.shows(Column::Repair));
        for act in [
            TableAct::Text("甲".into()),
            TableAct::NotEligible(Some("x".into())),
            TableAct::Below(Some("A".into())),
            TableAct::IncompleteOnly(true),
            TableAct::SortBy(SortKey::Score),
        ] {
            let moved = v.clone().reduce(TableAct::Page(2));
            assert_eq!(moved.reduce(act).page, 0);
        }
        let v = v
            .reduce(TableAct::SortBy(SortKey::Score))
            .reduce(TableAct::SortBy(SortKey::Score));
        assert!(v.sort.descending, "the same header twice sorts descending");
    }
}
