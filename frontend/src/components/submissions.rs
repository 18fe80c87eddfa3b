//! A document submission on one line, linking to its receipt: the application page's
//! list and the help desk's.
use crate::i18n::targs;
use crate::route::{Link, Route};
use shared::api::document::SubmissionView;
use shared::i18n::Locale;
use yew::prelude::*;

pub fn submission_line(l: Locale, s: &SubmissionView) -> Html {
    html! {
        <li class="card" data-reference={s.reference.clone()}>
            <p><Link to={Route::Submission { reference: s.reference.clone() }}><strong>{ &s.reference }</strong></Link>
                { " · " }{ &s.doc_type_name }</p>
            <p>{ &s.subject }</p>
            <p class="hint">{ targs(l, "doc-line", &[
                ("received", s.received_et.clone()),
                ("date", crate::format::fmt_day(l, &s.receipt_date)),
                ("who", s.submitted_by.name.clone()),
            ]) }</p>
        </li>
    }
}
