//! Licence acceptances in the console: who accepted which version of which
//! application's licence, for which organisation and when, with the CSV export.
use crate::api;
use crate::components::form::{alert, loading};
use crate::context::prefs::use_locale;
use crate::hooks::use_fetch;
use crate::i18n::t;
use yew::prelude::*;

#[function_component(Acceptances)]
pub fn acceptances() -> Html {
    let l = use_locale();
    let list = use_fetch(0, api::documents::acceptances);
    let body = match &*list {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(v)) if v.is_empty() => {
            html! { <p id="acceptances-none">{ t(l, "hd-acceptances-none") }</p> }
        }
        Some(Ok(v)) => html! {
            <div class="table-wrap">
                <table id="acceptances">
                    <thead><tr>
                        <th scope="col">{ t(l, "hd-acceptance-who") }</th>
                        <th scope="col">{ t(l, "hd-acceptance-org") }</th>
                        <th scope="col">{ t(l, "hd-acceptance-version") }</th>
                        <th scope="col">{ t(l, "hd-acceptance-when") }</th>
                    </tr></thead>
                    <tbody>
                        { for v.iter().map(|a| html! {
                            <tr data-user={a.user_id.clone()}>
                                <td>{ &a.name }<br /><small>{ &a.user_id }</small></td>
                                <td>{ &a.organization_name }<br /><small>{ &a.organization }</small></td>
                                <td>{ format!("{} {}", a.application, a.version) }</td>
                                <td>{ &a.accepted_et }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    html! {
        <div id="licence-acceptances">
            <p><a class="button secondary" id="acceptances-csv" href={api::documents::ACCEPTANCES_CSV} download="licence-acceptances.csv">{ t(l, "hd-acceptances-csv") }</a></p>
            { body }
        </div>
    }
}
