//! CSV import of records: one record per row, as a clerk would keep them in a spreadsheet.
//!
//! Header cells are contract field names (`id,type,date,penalty,…`) or their Chinese labels
//! (`记录编号,记录类型,决定 / 认定日期,…`, plus short aliases such as `日期`). Cells may use
//! contract spellings or Chinese labels (`罚款`, `一般失信`, the catalogue's `行政处罚`);
//! several penalty kinds are separated by `;`, `；`, `|` or `、`. Excel's UTF-8 BOM and
//! quoted cells (RFC 4180) are handled. Every row is checked by the model's strict parser, and
//! every problem names its row and column.

use xinyong_core::pack::Pack;
use xinyong_model::{CommitmentStatus, Field, PenaltyKind, Procedure, Record, Tier};

use xinyong_core::vocab;

use crate::draft::{RecordDraft, ALL_FIELDS};
use crate::i18n::{self, Lang};

/// One problem in an imported file, located by row (1 = header) and column name.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvError {
    pub row: usize,
    pub column: String,
    pub zh: String,
    pub en: String,
}

impl CsvError {
    fn new(row: usize, column: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        CsvError {
            row,
            column: column.into(),
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// Split CSV text into rows of cells (RFC 4180: quoted cells may hold commas, quotes and
/// newlines). A comma-free file using semicolons or tabs (some Excel locales) works too.
pub fn split(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let sep = [',', '\t', ';']
        .into_iter()
        .max_by_key(|s| first_line.matches(*s).count())
        .unwrap_or(',');
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    cell.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
        } else if c == '"' && cell.is_empty() {
            quoted = true;
        } else if c == sep {
            row.push(std::mem::take(&mut cell));
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            row.push(std::mem::take(&mut cell));
            rows.push(std::mem::take(&mut row));
        } else {
            cell.push(c);
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    rows
}

/// The contract field a header cell names: one table with the batch reader
/// (`xinyong_core::vocab::column`), so a header one accepts the other does too. Subject columns
/// of a batch file are not record fields.
fn header_field(h: &str) -> Option<&'static str> {
    // A record's own field names first: in a record import `id` is the record's id.
    let lower = h.trim().to_ascii_lowercase();
    if let Some(f) = ALL_FIELDS.iter().find(|f| **f == lower) {
        return Some(f);
    }
    let c = vocab::column(h).filter(|c| !c.subject)?;
    Some(match c.key {
        "record_id" => "id",
        "record_type" => "type",
        k => k,
    })
    .filter(|f| ALL_FIELDS.contains(f))
}

/// A cell of a closed vocabulary read through the one table (`vocab::find`).
fn enum_cell<T: Copy>(
    v: &str,
    all: &[T],
    as_str: impl Fn(T) -> &'static str,
    table: &'static [vocab::Term],
) -> Option<T> {
    let value = vocab::find(table, v)?.value;
    all.iter().copied().find(|x| as_str(*x) == value)
}

/// Parse CSV records against `pack` (for type labels). All rows or nothing: a half-imported
/// sheet would silently change the answer.
pub fn parse(text: &str, pack: &Pack) -> Result<Vec<Record>, Vec<CsvError>> {
    let rows = split(text);
    let Some((header, body)) = rows.split_first() else {
        return Err(vec![CsvError::new(
            1,
            "",
            "文件是空的",
            "the file is empty",
        )]);
    };
    let mut errors = Vec::new();
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    for h in header {
        let f = header_field(h);
        if f.is_none() && !h.trim().is_empty() {
            errors.push(CsvError::new(
                1,
                h.trim(),
                format!(
                    "无法识别的列名“{}”（可用：{}）",
                    h.trim(),
                    ALL_FIELDS.join(", ")
                ),
                format!(
                    "unknown column \"{}\" (known: {})",
                    h.trim(),
                    ALL_FIELDS.join(", ")
                ),
            ));
        }
        columns.push(f);
    }
    for need in ["id", "type"] {
        if !columns.contains(&Some(need)) {
            errors.push(CsvError::new(
                1,
                need,
                format!("缺少“{need}”列（{}）", i18n::record_field(need, Lang::Zh)),
                format!("missing column \"{need}\""),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut records = Vec::new();
    for (i, cells) in body.iter().enumerate() {
        let row = i + 2;
        let mut d = RecordDraft::default();
        let before = errors.len();
        for (col, cell) in columns.iter().zip(cells) {
            let (Some(f), v) = (col, cell.trim()) else {
                continue;
            };
            if v.is_empty() {
                continue;
            }
            // Chinese labels become contract spellings; the record builder checks the rest.
            let value = match *f {
                "id" => {
                    d.id = v.to_string();
                    continue;
                }
                "type" => {
                    d.kind = vocab::record_type(v, &pack.rules.catalogue)
                        .unwrap_or_else(|| v.to_string());
                    continue;
                }
                "penalty" => {
                    for part in v
                        .split([';', '；', '|', '、'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                    {
                        match enum_cell(
                            part,
                            PenaltyKind::ALL,
                            PenaltyKind::as_str,
                            vocab::PENALTIES,
                        ) {
                            Some(k) if d.penalties.contains(&k) => {}
                            Some(k) => d.penalties.push(k),
                            None => errors.push(bad_value(
                                row,
                                f,
                                part,
                                &kind_list(PenaltyKind::ALL, PenaltyKind::as_str),
                            )),
                        }
                    }
                    continue;
                }
                "severity" => translate(row, f, v, Tier::ALL, Tier::as_str, vocab::TIERS),
                "field" => translate(row, f, v, Field::ALL, Field::as_str, vocab::FIELDS),
                "status" => translate(
                    row,
                    f,
                    v,
                    CommitmentStatus::ALL,
                    CommitmentStatus::as_str,
                    vocab::COMMITMENT_STATUSES,
                ),
                "procedure" => translate(
                    row,
                    f,
                    v,
                    Procedure::ALL,
                    Procedure::as_str,
                    vocab::PROCEDURES,
                ),
                "specific_serious" => match vocab::yes_no(v) {
                    Some(b) => Ok(b.to_string()),
                    None => Err(bad_value(row, f, v, "true, false, 是, 否")),
                },
                _ => Ok(v.to_string()),
            };
            match value {
                Ok(v) => {
                    d.values.insert((*f).to_string(), v);
                }
                Err(e) => errors.push(e),
            }
        }
        // Every field the sheet gives is kept; which ones a type needs is the engine's check.
        match d.to_record(None) {
            Ok(r) => records.push(r),
            Err(es) => {
                let seen: Vec<String> = errors[before..].iter().map(|e| e.column.clone()).collect();
                errors.extend(
                    es.into_iter()
                        .filter(|e| !seen.contains(&e.field))
                        .map(|e| {
                            CsvError::new(
                                row,
                                &e.field,
                                format!("第 {row} 行：{}", e.zh),
                                format!("row {row}: {}", e.en),
                            )
                        }),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

fn kind_list<T: Copy>(all: &[T], as_str: impl Fn(T) -> &'static str) -> String {
    all.iter()
        .map(|x| as_str(*x))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bad_value(row: usize, col: &str, v: &str, allowed: &str) -> CsvError {
    CsvError::new(
        row,
        col,
        format!("第 {row} 行“{col}”列的取值“{v}”无效（可用：{allowed}）"),
        format!("row {row}, column \"{col}\": \"{v}\" is not allowed (allowed: {allowed})"),
    )
}

fn translate<T: Copy>(
    row: usize,
    col: &str,
    v: &str,
    all: &[T],
    as_str: impl Fn(T) -> &'static str + Copy,
    table: &'static [vocab::Term],
) -> Result<String, CsvError> {
    enum_cell(v, all, as_str, table)
        .map(|x| as_str(x).to_string())
        .ok_or_else(|| bad_value(row, col, v, &kind_list(all, as_str)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack() -> &'static Pack {
        crate::draft::pack_for("national").unwrap()
    }

    #[test]
    fn english_headers_and_contract_values() {
        let text = "id,type,date,penalty,amount,fulfilled_on\np1,administrative_penalty,2026-05-06,fine,5000,2026-05-20\n";
        let r = parse(text, pack()).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].amount, Some(5000.0));
        assert_eq!(r[0].penalty.as_ref().unwrap().0, vec![PenaltyKind::Fine]);
    }

    #[test]
    fn chinese_headers_labels_bom_and_quotes() {
        let text = "\u{feff}编号,类型,日期,处罚种类,失信等级,机关\r\n\"p1\",行政处罚,2026-05-06,\"罚款；警告\",一般失信,\"厦门市交通运输局, 执法支队\"\r\n";
        let r = parse(text, pack()).unwrap();
        assert_eq!(r[0].kind, "administrative_penalty");
        assert_eq!(r[0].severity, Some(Tier::General));
        assert_eq!(r[0].penalty.as_ref().unwrap().0.len(), 2);
        assert_eq!(
            r[0].authority.as_deref(),
            Some("厦门市交通运输局, 执法支队")
        );
    }

    #[test]
    fn every_bad_cell_is_named_by_row_and_column() {
        let text = "id,type,date,severity\np1,administrative_penalty,2026-13-01,huge\n";
        let e = parse(text, pack()).unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e.iter().all(|x| x.row == 2));
        assert!(e.iter().any(|x| x.column == "date"));
        assert!(e
            .iter()
            .any(|x| x.column == "severity" && x.en.contains("minor")));
    }

    #[test]
    fn unknown_and_missing_columns() {
        let e = parse("id,colour\n1,red\n", pack()).unwrap_err();
        assert!(e.iter().any(|x| x.column == "colour"));
        assert!(e.iter().any(|x| x.column == "type"));
        assert!(parse("", pack()).is_err());
    }

    #[test]
    fn procedure_and_specific_serious_in_both_languages() {
        use xinyong_model::Procedure;
        let zh =
            "记录编号,记录类型,日期,处罚种类,罚款金额（元）,处罚程序,特定严重失信行为（527号）\n\
                  p1,行政处罚,2026-05-06,罚款,150,简易程序,否\n\
                  p2,行政处罚,2026-05-06,吊销许可证件,,普通程序,是\n";
        let en = "id,type,date,penalty,amount,procedure,specific_serious\n\
                  p1,administrative_penalty,2026-05-06,fine,150,simplified,false\n\
                  p2,administrative_penalty,2026-05-06,license_revocation,,general,TRUE\n";
        for text in [zh, en] {
            let r = parse(text, pack()).unwrap();
            assert_eq!(
                r.iter()
                    .map(|x| (x.procedure, x.specific_serious))
                    .collect::<Vec<_>>(),
                vec![
                    (Some(Procedure::Simplified), Some(false)),
                    (Some(Procedure::General), Some(true))
                ],
                "{text}"
            );
        }
        let e = parse(
            "id,type,date,penalty,procedure,specific_serious\np1,administrative_penalty,2026-05-06,fine,当场,maybe\n",
            pack(),
        )
        .unwrap_err();
        let cols: Vec<&str> = e.iter().map(|x| x.column.as_str()).collect();
        assert_eq!(cols, vec!["procedure", "specific_serious"], "{e:?}");
        assert!(e[0].en.contains("simplified, general"), "{e:?}");
        assert!(e[1].zh.contains("是, 否"), "{e:?}");
    }

    /// Issue 15: one vocabulary. Every label the widget shows reads back in an import, the
    /// batch layout's headers and synonyms are import headers too, and 责令停产停业 is a business
    /// restriction (行政处罚法 第九条（四）) as in the batch reader.
    #[test]
    fn the_widgets_own_labels_and_the_batch_headers_read_back() {
        let header: Vec<&str> = ALL_FIELDS
            .iter()
            .map(|f| i18n::record_field(f, Lang::Zh))
            .collect();
        assert!(
            header.iter().all(|h| header_field(h).is_some()),
            "{header:?}"
        );
        for h in [
            "处罚日期",
            "缴款日期",
            "文号",
            "罚款金额（元）",
            "日期(date)",
            "金额",
        ] {
            assert!(header_field(h).is_some(), "{h}");
        }
        let text = "记录编号,记录类型,处罚日期,处罚种类\n\
                    p1,驾驶员违法违规计分,2026-05-06,\n\
                    p2,行政处罚,2026-05-06,责令停产停业\n";
        let text = text
            .replace("处罚种类\n", "处罚种类,扣分 / 记分\n")
            .replace("2026-05-06,\n", "2026-05-06,,3\n")
            .replace("责令停产停业\n", "责令停产停业,\n");
        let r = parse(&text, pack()).unwrap();
        assert_eq!(r[0].kind, "driver_violation");
        assert_eq!(
            r[1].penalty.as_ref().unwrap().0,
            vec![PenaltyKind::BusinessRestriction]
        );
        for p in PenaltyKind::ALL {
            let t = format!(
                "id,type,date,penalty\np1,administrative_penalty,2026-05-06,\"{}\"\n",
                i18n::penalty(*p, Lang::Zh)
            );
            let r = parse(&t, pack()).unwrap();
            assert_eq!(r[0].penalty.as_ref().unwrap().0, vec![*p]);
        }
    }

    #[test]
    fn semicolon_separated_sheets() {
        let rows = split("id;type\np1;commendation\n");
        assert_eq!(rows, vec![vec!["id", "type"], vec!["p1", "commendation"]]);
    }
}
