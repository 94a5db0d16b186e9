//! The progress bar of the staff worker's long jobs (screening a batch, loading a dataset),
//! shared by staff mode and the inquiry panel.

use yew::prelude::*;

use crate::i18n::Lang;
use crate::worker::Progress;

pub fn progress_label(p: &Progress, l: Lang) -> String {
    let phase = match p.phase.as_str() {
        "read" => l.t("正在读取文件", "Reading the file"),
        "screen" => l.t("正在逐个主体预审", "Screening each subject"),
        "download" => l.t("正在下载公开数据", "Downloading the published data"),
        "index" => l.t("正在建立查询索引", "Building the search index"),
        _ => l.t("正在处理", "Working"),
    };
    match p.total.filter(|t| *t > 0.0) {
        Some(t) => format!("{phase}：{} / {}（{}%）", p.done, t, percent(p)),
        None => format!("{phase}：{}", p.done),
    }
    .replace('：', l.t("：", ": "))
    .replace('（', l.t("（", " ("))
    .replace('）', l.t("）", ")"))
}

/// Whole percent done, when the total is known.
pub fn percent(p: &Progress) -> u32 {
    match p.total.filter(|t| *t > 0.0) {
        Some(t) => ((p.done / t * 100.0).clamp(0.0, 100.0)) as u32,
        None => 0,
    }
}

/// A progress bar screen readers can read; the live text changes per tenth, not per tick.
pub fn progress_bar(p: &Progress, l: Lang, label: &str) -> Html {
    let known = p.total.filter(|t| *t > 0.0).is_some();
    let pc = percent(p);
    html! {
        <div class="xy-progress">
            if known {
                <div class="xy-progress-bar" role="progressbar" aria-label={label.to_string()}
                    aria-valuemin="0" aria-valuemax="100" aria-valuenow={pc.to_string()}
                    aria-valuetext={progress_label(p, l)}>
                    <div class={classes!("xy-progress-fill", format!("xy-w{}", pc / 5 * 5))}></div>
                </div>
            } else {
                <div class="xy-progress-bar xy-progress-busy" role="progressbar" aria-label={label.to_string()}
                    aria-valuetext={progress_label(p, l)}>
                    <div class="xy-progress-fill"></div>
                </div>
            }
            <p class="xy-progress-text" aria-hidden="true">{ progress_label(p, l) }</p>
        </div>
    }
}
