//! A drop zone for one file (the self-check's import panel, staff mode's batch file): the
//! drag-over highlight and the first dropped file handed to a callback.

use web_sys::{DragEvent, File};
use yew::prelude::*;

pub struct DropZone {
    pub ondrop: Callback<DragEvent>,
    pub ondragover: Callback<DragEvent>,
    pub ondragleave: Callback<DragEvent>,
}

/// Handlers for a zone whose highlight is `dragging` (a `use_state` of the component).
pub fn drop_zone(dragging: &UseStateHandle<bool>, on_file: Callback<File>) -> DropZone {
    let ondrop = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Without preventDefault the browser opens the dropped file instead.
            e.prevent_default();
            dragging.set(false);
            if let Some(f) = e
                .data_transfer()
                .and_then(|t| t.files())
                .and_then(|f| f.get(0))
            {
                on_file.emit(f);
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    DropZone {
        ondrop,
        ondragover,
        ondragleave,
    }
}
