-- Umbral on PostgreSQL, schema 2: the throttle's counts, shared by every instance, so
-- that N instances do not give a client N times the tries (domain/throttle). UNLOGGED:
-- not written to the write-ahead log (a counter is rewritten at every request) and
-- emptied by a crash of PostgreSQL, which forgets what a restart of Umbral forgot anyway.
-- Only added tables: a server of schema 1 keeps working beside it.

-- A GCRA bucket per key (`<bucket>` US `<client, account or destination>`): the
-- theoretical arrival time, in milliseconds since the Unix epoch.
CREATE UNLOGGED TABLE throttle_buckets (
    key text PRIMARY KEY,
    tat bigint NOT NULL
);

-- Failed tries of one client at one user ID, and when the last one was (seconds).
CREATE UNLOGGED TABLE throttle_tries (
    user_key text NOT NULL,
    client text NOT NULL,
    failures integer NOT NULL,
    last bigint NOT NULL,
    PRIMARY KEY (user_key, client)
);
