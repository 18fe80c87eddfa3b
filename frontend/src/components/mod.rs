//! Building blocks shared by the pages.
pub mod decision;
pub mod device_form;
pub mod field;
pub mod for_you;
pub mod form;
pub mod header;
pub mod help_desk;
pub mod input;
pub mod licence_gate;
pub mod recert;
pub mod recovery_codes;
pub mod rule_list;
pub mod share;
pub mod signed_in_apps;
pub mod site_panel;
pub mod stepper;
pub mod submissions;
