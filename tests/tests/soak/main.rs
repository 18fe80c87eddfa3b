//! The soak tier: long or timing-sensitive runs, one at a time (`--test-threads=1` in
//! `scripts/test.sh`; `scripts/test.sh --fast` leaves this tier out): the crash test's
//! SIGKILLs, the alert fan-out to 2,000 accounts killed halfway, the load harness's
//! smoke run, the first load on a throttled line, the password step's timing and
//! PostgreSQL stopped under a running server.
mod alerts;
mod crash;
mod first_paint;
mod load;
mod outage;
mod timing;
