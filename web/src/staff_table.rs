//! The staff screen's table logic: what the worker's `screened` message holds, and which of its
//! rows a filter keeps in which order. Pure functions over the worker's data (no DOM), so they
//! are tested natively; the widget only pages through the indices they return.
//!
//! Nothing here judges a subject: eligibility, levels and scores are the core's answers as the
//! worker sent them. The only ordering known here is the one the worker gives for levels
//! (`levels`, best → worst per grade scheme).

use std::cmp::Ordering;

// What the worker's `screened` message holds, and the reads of it the table makes (a count
// that reconciles, a scheme's verdict, a level's rank): declared once, in the protocol crate the
// worker writes them with.
pub use xinyong_protocol::{Counts, ReaderNote, Rejected, Row, Scheme, Screened, Verdict};

/// What staff narrowed the table to. Empty/`None` means "no restriction".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Part of the name or of the masked id (case-insensitive).
    pub text: String,
    /// Keep subjects judged not eligible for this commitment scheme (id).
    pub not_eligible: Option<String>,
    /// Keep subjects whose level is worse than this label in their own grade scheme.
    pub below: Option<String>,
    /// Keep only subjects that lost a row (incomplete results).
    pub incomplete_only: bool,
}

impl Filter {
    pub fn keeps(&self, s: &Screened, r: &Row, needle: &str) -> bool {
        if self.incomplete_only && r.complete {
            return false;
        }
        if let Some(id) = &self.not_eligible {
            if r.eligible(id) != Some(false) {
                return false;
            }
        }
        if let Some(lv) = &self.below {
            // Compared within the subject's own scheme: a level the scheme does not have,
            // or a subject without a grade, is not "below" anything.
            match (
                s.rank(&r.grade_scheme, &r.level),
                s.rank(&r.grade_scheme, lv),
            ) {
                (Some(mine), Some(limit)) if mine > limit => {}
                _ => return false,
            }
        }
        if !needle.is_empty()
            && !r.name.to_lowercase().contains(needle)
            && !r.id_masked.to_lowercase().contains(needle)
        {
            return false;
        }
        true
    }
}

/// A sortable column.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Row number in the file (the order the worker sent).
    #[default]
    Row,
    Id,
    Name,
    Industry,
    /// Best level first, by the subject's own scheme's order.
    Level,
    Score,
    /// Eligible first, then not eligible, then "does not apply".
    Scheme(String),
    Repair,
    Warnings,
    Supervision,
    Complete,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// The order after a click on `key`'s header: the same key flips, another starts ascending.
    pub fn clicked(&self, key: SortKey) -> Sort {
        if self.key == key {
            Sort {
                key,
                descending: !self.descending,
            }
        } else {
            Sort {
                key,
                descending: false,
            }
        }
    }
}

/// Missing values sort last in either direction: an empty cell is not "smallest" to staff.
fn with_missing<T>(
    a: Option<T>,
    b: Option<T>,
    desc: bool,
    cmp: impl Fn(&T, &T) -> Ordering,
) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => {
            let o = cmp(&x, &y);
            if desc {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Indices into `s.rows` that `f` keeps, in `sort` order (ties keep file order).
pub fn view(s: &Screened, f: &Filter, sort: &Sort) -> Vec<usize> {
    let needle = f.text.trim().to_lowercase();
    let mut idx: Vec<usize> = (0..s.rows.len())
        .filter(|&i| f.keeps(s, &s.rows[i], &needle))
        .collect();
    let d = sort.descending;
    let by = |a: &Row, b: &Row| -> Ordering {
        match &sort.key {
            SortKey::Row => with_missing(Some(a.row), Some(b.row), d, Ord::cmp),
            SortKey::Id => with_missing(Some(&a.id_masked), Some(&b.id_masked), d, |x, y| x.cmp(y)),
            SortKey::Name => {
                with_missing(non_empty(&a.name), non_empty(&b.name), d, |x, y| x.cmp(y))
            }
            SortKey::Industry => {
                with_missing(non_empty(&a.industry), non_empty(&b.industry), d, |x, y| {
                    x.cmp(y)
                })
            }
            SortKey::Level => with_missing(
                s.rank(&a.grade_scheme, &a.level),
                s.rank(&b.grade_scheme, &b.level),
                d,
                Ord::cmp,
            ),
            SortKey::Score => with_missing(a.score, b.score, d, |x, y| x.total_cmp(y)),
            // Eligible, then unverified, then not eligible.
            SortKey::Scheme(id) => with_missing(a.verdict(id), b.verdict(id), d, Ord::cmp),
            SortKey::Repair => with_missing(
                a.earliest_repair.as_deref(),
                b.earliest_repair.as_deref(),
                d,
                |x, y| x.cmp(y),
            ),
            SortKey::Warnings => with_missing(Some(a.warnings), Some(b.warnings), d, Ord::cmp),
            SortKey::Supervision => with_missing(
                non_empty(&a.supervision),
                non_empty(&b.supervision),
                d,
                |x, y| x.cmp(y),
            ),
            SortKey::Complete => with_missing(Some(!a.complete), Some(!b.complete), d, Ord::cmp),
        }
    };
    idx.sort_by(|&i, &j| by(&s.rows[i], &s.rows[j]).then(s.rows[i].row.cmp(&s.rows[j].row)));
    idx
}

/// How many pages of `size` rows `n` rows make (at least one, so "page 1 of 1" for none).
pub fn pages(n: usize, size: usize) -> usize {
    n.div_ceil(size.max(1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn row(
        i: usize,
        name: &str,
        scheme: &str,
        level: &str,
        score: Option<f64>,
        cert: Option<bool>,
        complete: bool,
    ) -> Row {
        Row {
            index: i,
            row: i * 2 + 2,
            id_masked: format!("9135********{i:02}"),
            name: name.into(),
            industry: "road_freight".into(),
            pack: "national".into(),
            grade_scheme: scheme.into(),
            level: level.into(),
            score,
            commitments: cert
                .map(|e| vec![("certification_notice".to_string(), e)])
                .unwrap_or_default(),
            earliest_repair: None,
            warnings: i,
            supervision: String::new(),
            complete,
            note: String::new(),
            rejected_rows: if complete { vec![] } else { vec![i * 2 + 3] },
            ..Row::default()
        }
    }

    fn sample() -> Screened {
        let mut levels = BTreeMap::new();
        levels.insert(
            "road_transport_quality".to_string(),
            vec!["AAA".into(), "AA".into(), "A".into(), "B".into()],
        );
        levels.insert(
            "highway_construction".to_string(),
            vec!["AA".into(), "A".into(), "B".into(), "C".into(), "D".into()],
        );
        Screened {
            counts: Counts {
                rows_read: 7,
                rows_used: 6,
                rows_rejected: 1,
                subjects: 5,
                subjects_incomplete: 1,
                ..Counts::default()
            },
            schemes: vec![Scheme {
                id: "certification_notice".into(),
                zh: "证明事项告知承诺".into(),
                en: "Certification notice".into(),
            }],
            levels,
            rows: vec![
                row(
                    0,
                    "甲运输公司",
                    "road_transport_quality",
                    "AAA",
                    Some(95.0),
                    Some(true),
                    true,
                ),
                row(
                    1,
                    "乙路桥公司",
                    "highway_construction",
                    "C",
                    Some(70.0),
                    Some(false),
                    true,
                ),
                row(
                    2,
                    "丙运输公司",
                    "road_transport_quality",
                    "B",
                    Some(60.0),
                    Some(false),
                    false,
                ),
                row(
                    3,
                    "Ding Haulage",
                    "road_transport_quality",
                    "A",
                    None,
                    None,
                    true,
                ),
                row(4, "戊公司", "", "", None, Some(true), true),
            ],
            rejected: vec![],
            notes: vec![],
            sheet: None,
        }
    }

    #[test]
    fn counts_reconcile() {
        assert!(sample().counts.reconciles());
        let bad = Counts {
            rows_read: 3,
            rows_used: 1,
            rows_rejected: 1,
            ..Counts::default()
        };
        assert!(!bad.reconciles());
    }

    #[test]
    fn no_filter_keeps_file_order() {
        let s = sample();
        assert_eq!(
            view(&s, &Filter::default(), &Sort::default()),
            vec![0, 1, 2, 3, 4]
        );
    }

    #[test]
    fn not_eligible_keeps_only_a_no_not_a_missing_scheme() {
        let s = sample();
        let f = Filter {
            not_eligible: Some("certification_notice".into()),
            ..Filter::default()
        };
        assert_eq!(view(&s, &f, &Sort::default()), vec![1, 2]);
        let none = Filter {
            not_eligible: Some("green_channel".into()),
            ..Filter::default()
        };
        assert!(view(&s, &none, &Sort::default()).is_empty());
    }

    #[test]
    fn below_compares_within_each_subjects_scheme() {
        let s = sample();
        let f = Filter {
            below: Some("A".into()),
            ..Filter::default()
        };
        // B (road transport) and C (highway) are below A; A itself, AAA and "no grade" are not.
        assert_eq!(view(&s, &f, &Sort::default()), vec![1, 2]);
        let aa = Filter {
            below: Some("AA".into()),
            ..Filter::default()
        };
        assert_eq!(view(&s, &aa, &Sort::default()), vec![1, 2, 3]);
    }

    #[test]
    fn text_matches_name_or_masked_id_case_insensitively() {
        let s = sample();
        let f = Filter {
            text: " ding ".into(),
            ..Filter::default()
        };
        assert_eq!(view(&s, &f, &Sort::default()), vec![3]);
        let id = Filter {
            text: "********02".into(),
            ..Filter::default()
        };
        assert_eq!(view(&s, &id, &Sort::default()), vec![2]);
        let zh = Filter {
            text: "运输".into(),
            ..Filter::default()
        };
        assert_eq!(view(&s, &zh, &Sort::default()), vec![0, 2]);
    }

    #[test]
    fn filters_combine() {
        let s = sample();
        let f = Filter {
            not_eligible: Some("certification_notice".into()),
            incomplete_only: true,
            ..Filter::default()
        };
        assert_eq!(view(&s, &f, &Sort::default()), vec![2]);
    }

    #[test]
    fn score_sort_puts_missing_last_both_ways() {
        let s = sample();
        let asc = Sort {
            key: SortKey::Score,
            descending: false,
        };
        assert_eq!(view(&s, &Filter::default(), &asc), vec![2, 1, 0, 3, 4]);
        let desc = asc.clicked(SortKey::Score);
        assert!(desc.descending);
        assert_eq!(view(&s, &Filter::default(), &desc), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn level_sort_uses_the_schemes_order_not_the_alphabet() {
        let s = sample();
        let asc = Sort {
            key: SortKey::Level,
            descending: false,
        };
        // Ranks: AAA 0, C 3, B 3, A 2, none → last; ties keep file order.
        assert_eq!(view(&s, &Filter::default(), &asc), vec![0, 3, 1, 2, 4]);
    }

    #[test]
    fn scheme_sort_puts_eligible_first_and_not_applicable_last() {
        let s = sample();
        let asc = Sort {
            key: SortKey::Scheme("certification_notice".into()),
            descending: false,
        };
        assert_eq!(view(&s, &Filter::default(), &asc), vec![0, 4, 1, 2, 3]);
    }

    /// An incomplete subject's "yes" is shown as unverified and sorts between yes and no
    /// (before: ✓ like any other, though the lost row may close the scheme).
    #[test]
    fn an_incomplete_subjects_yes_is_unverified() {
        let mut s = sample();
        s.rows[3].commitments = vec![("certification_notice".into(), true)];
        s.rows[3].complete = false;
        let id = "certification_notice";
        assert_eq!(s.rows[0].verdict(id), Some(Verdict::Yes));
        assert_eq!(s.rows[3].verdict(id), Some(Verdict::Unverified));
        assert_eq!(s.rows[2].verdict(id), Some(Verdict::No));
        let asc = Sort {
            key: SortKey::Scheme(id.into()),
            descending: false,
        };
        assert_eq!(view(&s, &Filter::default(), &asc), vec![0, 4, 3, 1, 2]);
        // "Not eligible" keeps the noes only, as the exported column does.
        let f = Filter {
            not_eligible: Some(id.into()),
            ..Filter::default()
        };
        assert_eq!(view(&s, &f, &Sort::default()), vec![1, 2]);
    }

    /// A "yes" resting on an assumption (the report's `assumed`, sent as `conditional`) is
    /// shown as conditional, as the exports write it, and sorts between yes and unverified
    /// (before: ✓ like any other, read as unconditional). An incomplete subject's stays
    /// unverified; "not eligible" still keeps the noes only.
    #[test]
    fn a_conditional_yes_is_not_a_plain_yes() {
        let mut s = sample();
        let id = "certification_notice";
        s.rows[0].conditional = vec![id.into()];
        s.rows[3].commitments = vec![(id.into(), true)];
        s.rows[3].conditional = vec![id.into()];
        s.rows[3].complete = false;
        assert_eq!(s.rows[4].verdict(id), Some(Verdict::Yes));
        assert_eq!(s.rows[0].verdict(id), Some(Verdict::Conditional));
        assert_eq!(s.rows[3].verdict(id), Some(Verdict::Unverified));
        let asc = Sort {
            key: SortKey::Scheme(id.into()),
            descending: false,
        };
        assert_eq!(view(&s, &Filter::default(), &asc), vec![4, 0, 3, 1, 2]);
        let f = Filter {
            not_eligible: Some(id.into()),
            ..Filter::default()
        };
        assert_eq!(view(&s, &f, &Sort::default()), vec![1, 2]);
        // The worker's message carries it; an older one without the field reads as before.
        let row: Row = serde_json::from_str(
            r#"{"index":0,"row":2,"id_masked":"x","name":"n","score":null,"earliest_repair":null,
            "complete":true,"commitments":[["certification_notice",true]],"conditional":["certification_notice"]}"#,
        )
        .unwrap();
        assert_eq!(row.verdict(id), Some(Verdict::Conditional));
    }

    #[test]
    fn clicking_another_header_starts_ascending() {
        let s = Sort {
            key: SortKey::Name,
            descending: true,
        };
        assert_eq!(
            s.clicked(SortKey::Row),
            Sort {
                key: SortKey::Row,
                descending: false
            }
        );
    }

    #[test]
    fn level_options_merge_every_scheme_in_order() {
        assert_eq!(
            sample().level_options(),
            vec!["AAA", "AA", "A", "B", "C", "D"]
        );
    }

    #[test]
    fn pages_round_up() {
        assert_eq!(pages(0, 50), 1);
        assert_eq!(pages(50, 50), 1);
        assert_eq!(pages(20_000, 50), 400);
        assert_eq!(pages(20_001, 50), 401);
    }

    #[test]
    fn parses_the_worker_message() {
        let json = r#"{"counts":{"rows_read":3,"rows_used":2,"rows_rejected":1,"subjects":1,"subjects_incomplete":1},
            "schemes":[{"id":"certification_notice","zh":"证明事项告知承诺","en":"Certification"}],
            "levels":{"road_transport_quality":["AAA","AA","A","B"]},
            "rows":[{"index":0,"row":2,"id_masked":"9135************3A","name":"某公司","industry":"road_freight",
              "pack":"national","grade_scheme":"road_transport_quality","level":"AA","score":88.0,
              "commitments":[["certification_notice",false]],"earliest_repair":"2027-01-01","warnings":1,
              "supervision":"B","complete":false,"note":"第 3 行被拒绝","rejected_rows":[3]}],
            "rejected":[{"row":3,"column":"日期(date)","value":"2026-13-01","zh":"日期无效","en":"bad date"}],
            "notes":[{"zh":"读取了工作表“申请”","en":"read sheet \"申请\""}],"sheet":"申请"}"#;
        let s: Screened = serde_json::from_str(json).unwrap();
        assert_eq!(s.notes[0].en, "read sheet \"申请\"");
        assert_eq!(s.rows[0].verdict("certification_notice"), Some(Verdict::No));
        assert_eq!(s.rows[0].rejected_rows, vec![3]);
        assert_eq!(s.rows[0].eligible("certification_notice"), Some(false));
        assert_eq!(s.rejected[0].row, 3);
        assert!(s.counts.reconciles());
    }
}
