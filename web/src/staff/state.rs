//! The staff screen's state as one reducer: the file being screened, the worker's progress, the
//! screening it sent, the message under the controls, the export links and the open report.
//! Every change is an [`Action`], so what a reply does to the screen is written once and tested
//! natively (no DOM, no worker): see the tests below.

use std::rc::Rc;

use yew::prelude::*;

use crate::draft::Outcome;
use crate::progress::percent;
use crate::staff_table::Screened;
use crate::worker::{Progress, WorkerError};

/// A message shown under the controls.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    Ok(String, String),
    Err(WorkerError),
}

/// A written file ready for download (the URL is revoked when a newer export replaces it).
#[derive(Clone, Debug, PartialEq)]
pub struct FileLink {
    pub name: String,
    pub url: String,
}

/// The subject whose report is open.
#[derive(Clone, Debug, PartialEq)]
pub enum Open {
    Loading(usize),
    Report(usize, Rc<Outcome>),
}

impl Open {
    pub fn index(&self) -> usize {
        match self {
            Open::Loading(i) | Open::Report(i, _) => *i,
        }
    }
}

/// The file staff chose or dropped, as the screen names it.
#[derive(Clone, Debug, PartialEq)]
pub struct FileInfo {
    pub name: String,
    /// Bytes.
    pub size: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Screening {
    /// The file last chosen (kept while it is screened again as of another date).
    pub file: Option<FileInfo>,
    pub busy: bool,
    pub progress: Option<Progress>,
    /// The phase and tenth last announced, so a screen reader hears each tenth once, not every tick.
    said: Option<(String, u32)>,
    /// Text for the live region.
    pub announce: String,
    pub screened: Option<Rc<Screened>>,
    /// The workbook sheet the worker read (`None` for CSV and JSONL).
    pub sheet: Option<String>,
    pub note: Option<Note>,
    pub open: Option<Open>,
    pub links: Vec<FileLink>,
}

pub enum Action {
    /// Screening of `file` starts (chosen, dropped, or again as of another date).
    Start {
        file: FileInfo,
        announce: String,
    },
    /// A progress tick; `label` is announced when the phase or the tenth changed.
    Progress {
        progress: Progress,
        label: String,
    },
    /// The worker's screening.
    Done {
        screened: Rc<Screened>,
        sheet: Option<String>,
        zh: String,
        en: String,
        announce: String,
    },
    /// The worker could not screen the file. It dropped its previous screening too, so the
    /// table goes: a table left on screen could no longer open reports or export.
    ScreenFailed {
        error: WorkerError,
        announce: String,
    },
    /// The screening ended without a result (the file could not be read, the reply could not
    /// be): said under the controls; the previous screening, if any, stays.
    Aborted(WorkerError),
    /// Something else failed (an export, a download): said under the controls.
    Failed(WorkerError),
    /// Export or template files were written.
    Files {
        links: Vec<FileLink>,
        zh: String,
        en: String,
    },
    Opening(usize),
    Opened(usize, Rc<Outcome>),
    /// The report could not be opened.
    OpenFailed(WorkerError),
    Close,
}

impl Reducible for Screening {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Start { file, announce } => {
                s.file = Some(file);
                s.busy = true;
                s.progress = None;
                s.said = None;
                s.note = None;
                s.open = None;
                s.links = vec![];
                s.announce = announce;
            }
            Action::Progress { progress, label } => {
                let now = (progress.phase.clone(), percent(&progress) / 10);
                if s.said.as_ref() != Some(&now) {
                    s.announce = label;
                    s.said = Some(now);
                }
                s.progress = Some(progress);
            }
            Action::Done {
                screened,
                sheet,
                zh,
                en,
                announce,
            } => {
                s.busy = false;
                s.progress = None;
                s.announce = announce;
                s.note = Some(Note::Ok(zh, en));
                s.screened = Some(screened);
                s.sheet = sheet;
            }
            Action::ScreenFailed { error, announce } => {
                s.busy = false;
                s.progress = None;
                s.announce = announce;
                s.screened = None;
                s.sheet = None;
                s.note = Some(Note::Err(error));
            }
            Action::Aborted(error) => {
                s.busy = false;
                s.progress = None;
                s.note = Some(Note::Err(error));
            }
            Action::Failed(error) => s.note = Some(Note::Err(error)),
            Action::Files { links, zh, en } => {
                s.note = Some(Note::Ok(zh, en));
                s.links = links;
            }
            Action::Opening(i) => s.open = Some(Open::Loading(i)),
            Action::Opened(i, outcome) => {
                // A reply for a subject closed meanwhile (or another one opened) is dropped.
                if s.open.as_ref().map(Open::index) == Some(i) {
                    s.open = Some(Open::Report(i, outcome));
                }
            }
            Action::OpenFailed(error) => {
                s.open = None;
                s.note = Some(Note::Err(error));
            }
            Action::Close => s.open = None,
        }
        Rc::new(s)
    }
}

/// A file size as staff read it: bytes, KB or MB (1024-based, one decimal).
pub fn size_text(bytes: f64) -> String {
    const K: f64 = 1024.0;
    if bytes < K {
        format!("{} B", bytes as u64)
    } else if bytes < K * K {
        format!("{:.1} KB", bytes / K)
    } else {
        format!("{:.1} MB", bytes / (K * K))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(actions: Vec<Action>) -> Rc<Screening> {
        actions
            .into_iter()
            .fold(Rc::new(Screening::default()), |s, a| s.reduce(a))
    }

    fn file() -> FileInfo {
        FileInfo {
            name: "batch.xlsx".into(),
            size: 2048.0,
        }
    }

    fn tick(phase: &str, done: f64) -> Action {
        Action::Progress {
            progress: Progress {
                phase: phase.into(),
                done,
                total: Some(100.0),
            },
            label: format!("{phase} {done}"),
        }
    }

    fn done() -> Action {
        Action::Done {
            screened: Rc::new(Screened::default()),
            sheet: Some("申请".into()),
            zh: "完成".into(),
            en: "done".into(),
            announce: "完成".into(),
        }
    }

    #[test]
    fn start_names_the_file_and_clears_the_last_run() {
        let s = run(vec![
            Action::Files {
                links: vec![FileLink {
                    name: "a.csv".into(),
                    url: "blob:1".into(),
                }],
                zh: "已生成".into(),
                en: "written".into(),
            },
            Action::Opening(3),
            Action::Start {
                file: file(),
                announce: "开始".into(),
            },
        ]);
        assert_eq!(s.file, Some(file()));
        assert!(s.busy);
        assert!(s.links.is_empty() && s.note.is_none() && s.open.is_none());
        assert_eq!(s.announce, "开始");
    }

    #[test]
    fn progress_is_announced_once_per_tenth_and_phase() {
        let s = run(vec![tick("read", 1.0), tick("read", 5.0)]);
        assert_eq!(
            s.announce, "read 1",
            "the same tenth is not announced again"
        );
        assert_eq!(
            s.progress.as_ref().map(|p| p.done),
            Some(5.0),
            "but the bar moves"
        );
        let s = s.reduce(tick("read", 12.0));
        assert_eq!(s.announce, "read 12");
        let s = s.reduce(tick("screen", 12.0));
        assert_eq!(s.announce, "screen 12", "a new phase is announced");
        // A new run starts announcing afresh.
        let s = s
            .reduce(Action::Start {
                file: file(),
                announce: "again".into(),
            })
            .reduce(tick("screen", 12.0));
        assert_eq!(s.announce, "screen 12");
    }

    #[test]
    fn done_keeps_the_sheet_and_failure_drops_the_table() {
        let s = run(vec![
            Action::Start {
                file: file(),
                announce: String::new(),
            },
            tick("screen", 50.0),
            done(),
        ]);
        assert!(!s.busy && s.progress.is_none());
        assert!(s.screened.is_some());
        assert_eq!(s.sheet.as_deref(), Some("申请"));
        assert_eq!(s.note, Some(Note::Ok("完成".into(), "done".into())));
        // An export failing keeps the table; the worker failing to screen drops it.
        let e = WorkerError::new("x", "错", "bad");
        let kept = s.clone().reduce(Action::Failed(e.clone()));
        assert!(kept.screened.is_some());
        assert_eq!(kept.note, Some(Note::Err(e.clone())));
        // A file that cannot be read ends the run and keeps the last screening.
        let again = s
            .clone()
            .reduce(Action::Start {
                file: file(),
                announce: String::new(),
            })
            .reduce(Action::Aborted(e.clone()));
        assert!(!again.busy && again.screened.is_some());
        // An export failing while a new run is under way does not end that run.
        let busy = s
            .clone()
            .reduce(Action::Start {
                file: file(),
                announce: String::new(),
            })
            .reduce(Action::Failed(e.clone()));
        assert!(busy.busy);
        let gone = s.reduce(Action::ScreenFailed {
            error: e,
            announce: "失败".into(),
        });
        assert!(gone.screened.is_none() && gone.sheet.is_none());
        assert_eq!(gone.file, Some(file()), "the file stays named");
    }

    #[test]
    fn a_report_for_a_subject_no_longer_open_is_dropped() {
        let outcome = Rc::new(Outcome::Empty);
        let s = run(vec![Action::Opening(1), Action::Close]);
        let s = s.reduce(Action::Opened(1, outcome.clone()));
        assert!(s.open.is_none());
        let s = run(vec![Action::Opening(1), Action::Opening(2)]);
        let s = s.reduce(Action::Opened(1, outcome.clone()));
        assert_eq!(s.open, Some(Open::Loading(2)));
        let s = s.reduce(Action::Opened(2, outcome.clone()));
        assert_eq!(s.open, Some(Open::Report(2, outcome)));
    }

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(size_text(512.0), "512 B");
        assert_eq!(size_text(2048.0), "2.0 KB");
        assert_eq!(size_text(3.5 * 1024.0 * 1024.0), "3.5 MB");
    }
}
