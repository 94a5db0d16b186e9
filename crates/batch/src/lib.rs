//! Batch pre-screening for bureau staff (批量预审): read an application batch, evaluate every
//! subject with the core, write one summary row per subject plus details and rejected rows.
//!
//! Separate from the core so the self-check widget does not carry the spreadsheet readers and
//! writers; staff mode links this crate (calamine and rust_xlsxwriter compile to wasm).

pub mod columns;
pub mod read;
pub mod screen;
pub mod stream;
pub mod stream_csv;
pub mod stream_xlsx;
pub mod view;
pub mod write;

pub use read::{read, Batch, Format, RejectedRow, MAX_BATCH_BYTES, MAX_LINE_BYTES};
pub use read::{HeaderUsed, Note};
pub use screen::{screen, screen_each, Counts, Screening, SubjectResult};
pub use view::{add_levels, add_schemes, commitment_schemes, grade_levels, SchemeInfo};
pub use write::{
    csv_safe, inputs_to_file, template, write, write_each, write_in, Frame, OutFile, SummaryRow,
};
pub use xinyong_core::vocab::Lang;
