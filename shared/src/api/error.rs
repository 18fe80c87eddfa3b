//! The one error shape: `{"error": {"code", "message", "fields"?}}`.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field name (nested fields joined with dots, as `address.zip`) to the rule codes it violates.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: FieldErrors,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorBody,
}
