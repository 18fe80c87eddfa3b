//! Widgets used by several pages.
pub mod field;
pub mod header;
pub mod rule_list;
pub mod stepper;
