//! Inquiry (信用查询) in a published dataset: a portal publishes its public credit data
//! (双公示 penalties, list entries, evaluation results) as one static file; the browser loads
//! it once, and a user finds their own subject by 统一社会信用代码 or name and checks it.
//!
//! Nothing here sends anything anywhere: the dataset is fetched by the page like any asset,
//! and search runs in memory.

pub mod index;
pub mod synthetic;

use serde::{Deserialize, Serialize};
use xinyong_core::{Problem, Problems};
use xinyong_model::{Date, Input, Record, Subject, SubjectKind};

pub use index::{Hit, Index, MatchKind};

/// What the publisher says about its file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct DatasetMeta {
    pub id: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_on: Option<Date>,
    /// Why the data is public (e.g. 双公示).
    #[serde(default)]
    pub basis: String,
}

/// One subject's public records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct PublicSubject {
    pub subject: Subject,
    #[serde(default)]
    pub records: Vec<Record>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub dataset: DatasetMeta,
    pub subjects: Vec<PublicSubject>,
}

/// A dataset as loaded, with the rows of a CSV that could not be used.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub rejected: Vec<xinyong_batch::RejectedRow>,
}

/// Largest dataset accepted (bytes).
pub const MAX_DATASET_BYTES: usize = 256 * 1024 * 1024;

/// Load a published dataset: JSON (the `Dataset` shape) or CSV in the batch column layout.
pub fn load(bytes: &[u8], csv: bool) -> Result<Loaded, Problems> {
    if bytes.len() > MAX_DATASET_BYTES {
        return Err(Problems::one(Problem::new(
            "dataset",
            Some(format!("{} bytes", bytes.len())),
            format!("数据集过大，上限为 {MAX_DATASET_BYTES} 字节"),
            format!("dataset too large; at most {MAX_DATASET_BYTES} bytes"),
        )));
    }
    if !csv {
        let text = std::str::from_utf8(bytes).map_err(|_| {
            Problems::one(Problem::new(
                "dataset",
                None,
                "数据集不是 UTF-8 文本",
                "the dataset is not UTF-8 text",
            ))
        })?;
        let dataset: Dataset = xinyong_core::input::from_json_str(text).map_err(Problems::one)?;
        return Ok(Loaded {
            dataset,
            rejected: Vec::new(),
        });
    }
    let batch = xinyong_batch::read(bytes, xinyong_batch::Format::Csv)?;
    let mut rejected = batch.rejected;
    let mut subjects = Vec::with_capacity(batch.subjects.len());
    for e in batch.subjects {
        match serde_json::from_value::<Input>(e.doc) {
            Ok(i) => subjects.push(PublicSubject {
                subject: i.subject,
                records: i.records,
            }),
            Err(err) => rejected.push(xinyong_batch::RejectedRow {
                row: e.first_row,
                column: String::new(),
                value: String::new(),
                zh: "该主体的数据无法读取".into(),
                en: format!("this subject's data cannot be read: {err}"),
            }),
        }
    }
    Ok(Loaded {
        dataset: Dataset {
            dataset: DatasetMeta {
                id: "csv".into(),
                ..DatasetMeta::default()
            },
            subjects,
        },
        rejected,
    })
}

/// The self-check input for a found subject: its public records, to which the user may add
/// what they know.
pub fn to_input(s: &PublicSubject, as_of: Option<Date>) -> Input {
    Input {
        as_of,
        subject: s.subject.clone(),
        records: s.records.clone(),
    }
}

/// A search hit as a result list shows it: the subject's kind and how many public records it
/// has, besides the masked id and how it matched.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HitRow {
    /// Position in the dataset (for `pick`).
    pub index: usize,
    pub name: String,
    pub id_masked: String,
    pub kind: SubjectKind,
    pub records: usize,
    #[serde(rename = "match")]
    pub matched: MatchKind,
}

/// `Index::search` hits with what the dataset says about each subject.
pub fn hit_rows(dataset: &Dataset, hits: &[Hit]) -> Vec<HitRow> {
    hits.iter()
        .filter_map(|h| {
            let s = dataset.subjects.get(h.index)?;
            Some(HitRow {
                index: h.index,
                name: h.name.clone(),
                id_masked: h.id_masked.clone(),
                kind: s.subject.kind,
                records: s.records.len(),
                matched: h.kind,
            })
        })
        .collect()
}
