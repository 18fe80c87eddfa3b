//! Secure document submission (`/submissions`) and the licence gate
//! (`/applications/{app}/licence`, `/admin/licence-acceptances`).
//!
//! `POST /submissions` is the one `multipart/form-data` operation: the text fields
//! first, then one `file` part per file, streamed to disk as they arrive (see
//! `domain::documents`). It has its own limits instead of the API's 64 KiB body limit:
//! each file at most `--upload-limit-mib`, at most [`MAX_FILES`] files, text fields at
//! most [`TEXT_MAX`] bytes, and a pause of more than [`IDLE`] between two pieces of the
//! body ends it (`408`), as does the whole taking longer than `serve::Limits::upload`.
use super::error::{ApiError, ApiResult};
use super::extractors::{ApiJson, Authed, HelpDesk, Lang};
use super::AppState;
use crate::domain::access::{field, DomainError};
use axum::body::{Body, Bytes};
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::StreamExt;
use serde::Deserialize;
use shared::api::document::*;
use shared::api::error::ErrorCode;
use shared::api::licence::*;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Longest text field of the form, in bytes.
pub const TEXT_MAX: usize = 4096;
/// Parts of one request, at most (the text fields and the files).
pub const MAX_PARTS: usize = 32;
/// Longest pause between two pieces of an upload.
pub const IDLE: Duration = Duration::from_secs(30);

#[utoipa::path(
    get,
    path = "/api/v1/submissions/form",
    tag = "documents",
    responses(
        (status = 200, description = "The document types (catalogue) in the request's language, the size limit of each file and the number of files", body = SubmissionForm),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn form(State(st): State<AppState>, Lang(l): Lang, _: Authed) -> Json<SubmissionForm> {
    Json(st.submission_form(l))
}

/// The form of `POST /submissions`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct SubmissionUpload {
    application: String,
    organization: String,
    /// A document type ID of `GET /submissions/form`.
    doc_type: String,
    subject: String,
    /// Optional claim or reference number.
    reference: Option<String>,
    /// One to ten files: PDF, PNG, JPEG or TIFF, recognised from their content.
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
}

fn multipart_error(e: MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        DomainError::TooLarge.into()
    } else {
        ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::Malformed)
    }
}

/// The next piece of a part, or `408` after [`IDLE`] without one.
async fn chunk(f: &mut Field<'_>) -> ApiResult<Option<Bytes>> {
    match tokio::time::timeout(IDLE, f.chunk()).await {
        Ok(r) => r.map_err(multipart_error),
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            ErrorCode::Malformed,
        )),
    }
}

async fn text(mut f: Field<'_>) -> ApiResult<String> {
    let mut out = vec![];
    while let Some(b) = chunk(&mut f).await? {
        out.extend_from_slice(&b);
        if out.len() > TEXT_MAX {
            return Err(field(f.name().unwrap_or("form"), "invalid").into());
        }
    }
    String::from_utf8(out).map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::Malformed))
}

#[utoipa::path(
    post,
    path = "/api/v1/submissions",
    tag = "documents",
    request_body(content = inline(SubmissionUpload), content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Received: the receipt (reference number, time received in ET, receipt date by the 6 p.m. ET / business-day rule, SHA-256 of each file), also emailed to the submitter. Nothing is kept of a request that fails.", body = SubmissionView),
        (status = 413, description = "A file is over the size limit (`payload_too_large`, `fields.files: [\"too_large\"]`), or the account's bytes for any 24 hours are spent (`fields.files: [\"quota\"]`): nothing is stored", body = shared::api::error::ApiError),
        (status = 507, description = "The server's disk is nearly full (`insufficient_storage`): nothing is read or stored", body = shared::api::error::ApiError),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn submit(
    State(st): State<AppState>,
    Lang(l): Lang,
    Authed(me): Authed,
    req: axum::extract::Request,
) -> ApiResult<(StatusCode, Json<SubmissionView>)> {
    // Before a byte of the body is read: a role of some application, the day's count and
    // bytes, room on the disk, and at most a few uploads of this account at once.
    let left = st.may_upload(&me, st.clock.now()).await?;
    let _slot = st
        .documents
        .slot(&me.account.key())
        .ok_or_else(|| ApiError::too_many(IDLE.as_secs()))?;
    let guard = Arc::new(BodyGuard::new(
        st.documents.file_limit * MAX_FILES as u64 + DRAIN_SLACK,
    ));
    let (parts, body) = req.into_parts();
    let g = guard.clone();
    let body = Body::from_stream(body.into_data_stream().map(move |r| g.pass(r)));
    let mp = Multipart::from_request(axum::extract::Request::from_parts(parts, body), &()).await;
    let mut mp = mp.map_err(|_: MultipartRejection| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
        )
    })?;
    match receive(&st, &me, &mut mp, &guard, left).await {
        Ok(s) => Ok((StatusCode::CREATED, Json(st.submission_view(&s, l).await))),
        Err(e) => {
            drain(&mut mp, st.documents.file_limit + DRAIN_SLACK).await;
            Err(guard.verdict().unwrap_or(e))
        }
    }
}

/// Bytes a part's header block may take, counted from the moment the next part is
/// asked for until its headers are read (a chunk of the body arrives whole, so this is
/// well above any real header block, and bounds what a client can make the server hold:
/// security review 3, G7).
pub const PART_HEADERS_MAX: u64 = 1 << 20;

/// Counts the body of an upload as it streams in: the whole request at most
/// `max_total` bytes, and at most [`PART_HEADERS_MAX`] while a part's headers are read.
/// Past either, the stream fails and the request is refused.
struct BodyGuard {
    max_total: u64,
    total: AtomicU64,
    reading_headers: AtomicBool,
    in_headers: AtomicU64,
    /// 1: the whole body is too large; 2: a part's headers are.
    tripped: AtomicU8,
}

impl BodyGuard {
    fn new(max_total: u64) -> BodyGuard {
        BodyGuard {
            max_total,
            total: AtomicU64::new(0),
            reading_headers: AtomicBool::new(false),
            in_headers: AtomicU64::new(0),
            tripped: AtomicU8::new(0),
        }
    }

    fn pass(&self, r: Result<Bytes, axum::Error>) -> Result<Bytes, std::io::Error> {
        let b = r.map_err(std::io::Error::other)?;
        let n = b.len() as u64;
        if self.total.fetch_add(n, Ordering::SeqCst) + n > self.max_total {
            self.tripped.store(1, Ordering::SeqCst);
            return Err(std::io::Error::other("the upload is too large"));
        }
        if self.reading_headers.load(Ordering::SeqCst)
            && self.in_headers.fetch_add(n, Ordering::SeqCst) + n > PART_HEADERS_MAX
        {
            self.tripped.store(2, Ordering::SeqCst);
            return Err(std::io::Error::other("a part's headers are too long"));
        }
        Ok(b)
    }

    /// Marks the start (true) or the end (false) of reading a part's headers.
    fn headers(&self, on: bool) {
        self.in_headers.store(0, Ordering::SeqCst);
        self.reading_headers.store(on, Ordering::SeqCst);
    }

    /// The answer when the guard stopped the body.
    fn verdict(&self) -> Option<ApiError> {
        match self.tripped.load(Ordering::SeqCst) {
            1 => Some(DomainError::TooLarge.into()),
            2 => Some(ApiError::new(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                ErrorCode::Malformed,
            )),
            _ => None,
        }
    }
}

/// Bytes read past a refusal, beyond the file limit, so that a client still sending
/// gets the answer instead of a reset connection.
const DRAIN_SLACK: u64 = 1 << 20;

/// Reads and drops what is left of a refused upload, up to `cap` bytes and within
/// [`IDLE`]: a browser that is still sending reads an error answer more reliably once
/// its body is taken. Past that, the connection is closed.
async fn drain(mp: &mut Multipart, cap: u64) {
    let _ = tokio::time::timeout(IDLE, async {
        let mut seen = 0u64;
        while let Ok(Some(mut f)) = mp.next_field().await {
            while let Ok(Some(b)) = f.chunk().await {
                seen += b.len() as u64;
                if seen > cap {
                    return;
                }
            }
        }
    })
    .await;
}

/// The form and its files, streamed into the domain's upload (`domain::documents`),
/// then committed. Only the streaming is here: the checks, the vault and the commit are
/// the domain's.
async fn receive(
    st: &AppState,
    me: &crate::domain::auth::Authenticated,
    mp: &mut Multipart,
    guard: &BodyGuard,
    left: u64,
) -> ApiResult<crate::store::Submission> {
    let mut sub = st.start_submission(left);
    let mut parts = 0;
    loop {
        guard.headers(true);
        let next = mp.next_field().await;
        guard.headers(false);
        let Some(mut f) = next.map_err(multipart_error)? else {
            break;
        };
        parts += 1;
        if parts > MAX_PARTS {
            return Err(field("files", "too_many").into());
        }
        let name = f.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = f.file_name().unwrap_or("").to_string();
            let mut w = st.open_file(me, &mut sub, &file_name).await?;
            while let Some(b) = chunk(&mut f).await? {
                sub.write(&mut w, &b).await?;
            }
            sub.close_file(w).await?;
        } else {
            let v = text(f).await?;
            let input = sub.input_mut();
            match name.as_str() {
                "application" => input.application = v,
                "organization" => input.organization = v,
                "doc_type" => input.doc_type = v,
                "subject" => input.subject = v,
                "reference" => input.reference = v,
                _ => {}
            }
        }
    }
    Ok(st.finish_submission(me, sub).await?)
}

#[utoipa::path(
    get,
    path = "/api/v1/submissions",
    tag = "documents",
    responses(
        (status = 200, description = "The submissions the caller may see, newest first (at most 200): their own and, for an approver, their organisations'; for the help desk, all", body = Vec<SubmissionView>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn list(
    State(st): State<AppState>,
    Lang(l): Lang,
    Authed(me): Authed,
) -> ApiResult<Json<Vec<SubmissionView>>> {
    Ok(Json(st.submissions(&me, l, st.clock.now()).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/submissions/{reference}",
    tag = "documents",
    params(("reference" = String, Path, description = "The receipt's reference number")),
    responses(
        (status = 200, description = "The submission and its receipt", body = SubmissionView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn one(
    State(st): State<AppState>,
    Lang(l): Lang,
    Authed(me): Authed,
    Path(reference): Path<String>,
) -> ApiResult<Json<SubmissionView>> {
    Ok(Json(
        st.submission(&me, &reference, l, st.clock.now()).await?,
    ))
}

/// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII fallback and the
/// name itself, percent-encoded.
fn disposition(name: &str) -> HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

#[utoipa::path(
    get,
    path = "/api/v1/submissions/{reference}/files/{index}",
    tag = "documents",
    params(
        ("reference" = String, Path, description = "The receipt's reference number"),
        ("index" = String, Path, description = "The file's position in the submission, from 0")
    ),
    responses(
        (status = 200, description = "The file as it was received, decrypted as it is sent (audited in the caller's trail)", content(("application/pdf"), ("image/png"), ("image/jpeg"), ("image/tiff"))),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn download(
    State(st): State<AppState>,
    Authed(me): Authed,
    Path((reference, index)): Path<(String, String)>,
) -> ApiResult<Response> {
    let index: usize = index.parse().map_err(|_| ApiError::not_found())?;
    let (f, reader) = st
        .open_document(&me, &reference, index, st.clock.now())
        .await?;
    let stream = futures_util::stream::unfold(Some(reader), |r| async move {
        let mut r = r?;
        match r.next().await {
            Ok(Some(b)) => Some((Ok(Bytes::from(b)), Some(r))),
            Ok(None) => None,
            Err(e) => {
                tracing::error!(error = %e, "a stored document could not be read");
                Some((Err(e), None))
            }
        }
    });
    let mut resp = Body::from_stream(stream).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(f.kind.mime()),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(f.size));
    // Names stored before the rule are fixed on the way out too (security review 3, G9).
    h.insert(
        header::CONTENT_DISPOSITION,
        disposition(&shared::api::document::name_for_kind(&f.name, f.kind)),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, private"),
    );
    Ok(resp)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ForOrganization {
    /// The organisation the user acts for.
    #[serde(default)]
    organization: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/applications/{app}/licence",
    tag = "documents",
    params(("app" = String, Path, description = "The application's ID"), ForOrganization),
    responses(
        (status = 200, description = "The application's licence in the request's language, and whether the caller has accepted its current version for the organisation (`accepted: true` and no text when it has none). 404 unless the caller holds a role of it there.", body = LicenceView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn licence(
    State(st): State<AppState>,
    Lang(l): Lang,
    Authed(me): Authed,
    Path(app): Path<String>,
    Query(q): Query<ForOrganization>,
) -> ApiResult<Json<LicenceView>> {
    Ok(Json(
        st.licence_view(&me, &app, &q.organization, l, st.clock.now())
            .await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/applications/{app}/licence",
    tag = "documents",
    params(("app" = String, Path, description = "The application's ID")),
    request_body = LicenceAcceptance,
    responses(
        (status = 200, description = "Accepted (recorded durably with the organisation, audited; accepting again changes nothing). `licence_changed` (409) when the version sent is no longer current.", body = LicenceView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn accept(
    State(st): State<AppState>,
    Lang(l): Lang,
    Authed(me): Authed,
    Path(app): Path<String>,
    ApiJson(input): ApiJson<LicenceAcceptance>,
) -> ApiResult<Json<LicenceView>> {
    let org = input.organization.clone();
    let now = st.clock.now();
    st.accept_licence(&me, &app, input, now).await?;
    Ok(Json(st.licence_view(&me, &app, &org, l, now).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ForApplication {
    /// One application's acceptances; all when empty.
    #[serde(default)]
    application: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/licence-acceptances",
    tag = "help desk",
    params(ForApplication),
    responses(
        (status = 200, description = "Every licence acceptance, newest first", body = Vec<AcceptanceView>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn acceptances(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Query(q): Query<ForApplication>,
) -> ApiResult<Json<Vec<AcceptanceView>>> {
    Ok(Json(st.acceptances(&me, &q.application).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/licence-acceptances.csv",
    tag = "help desk",
    params(ForApplication),
    responses(
        (status = 200, description = "The same as CSV (RFC 4180, UTF-8, a header line; cells a spreadsheet would run as formulas start with `'`)", content_type = "text/csv"),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn acceptances_csv(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Query(q): Query<ForApplication>,
) -> ApiResult<Response> {
    let csv = st.acceptances_csv(&me, &q.application).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"licence-acceptances.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store, private"),
        ],
        csv,
    )
        .into_response())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/submissions/form", get(form))
        .route(
            "/submissions",
            get(list)
                .post(submit)
                // Bounded in `submit` instead: per file, files, parts and text fields.
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/submissions/{reference}", get(one))
        .route("/submissions/{reference}/files/{index}", get(download))
        .route("/applications/{app}/licence", get(licence).post(accept))
        .route("/admin/licence-acceptances", get(acceptances))
        .route("/admin/licence-acceptances.csv", get(acceptances_csv))
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(
    form,
    submit,
    list,
    one,
    download,
    licence,
    accept,
    acceptances,
    acceptances_csv
))]
pub struct Api;
