-- Umbral on PostgreSQL, schema 1 (issue 15).
--
-- One table per collection of the `Store` trait (backend/src/store/mod.rs). The key is
-- the same bytes as in sled (secondary keys join their parts with a 0 byte, which a
-- text column cannot hold), so key order is byte order and a prefix search is a range
-- of the primary key's btree (`key >= prefix AND key < next(prefix)`): every search
-- the domain makes (accounts by email, organisations by state and name, members and
-- requests by organisation, the help desk's queues) is a prefix of `index_keys` or of
-- a table and uses that index. The record itself is JSONB; columns generated from it
-- give typed, indexed access to what people search and report on, and `expires_at`
-- lets the sweep delete expired rows with one statement.

CREATE TABLE accounts (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    -- Typed copies of what is searched or reported on (kept by PostgreSQL itself).
    user_id text GENERATED ALWAYS AS (value->>'user_id') STORED,
    email text GENERATED ALWAYS AS (lower(value->>'email')) STORED,
    status text GENERATED ALWAYS AS (value->>'status') STORED,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE INDEX accounts_email ON accounts (email);
CREATE INDEX accounts_status ON accounts (status);
CREATE TABLE sessions (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE INDEX sessions_expires_at ON sessions (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE challenges (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE INDEX challenges_expires_at ON challenges (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE links (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE INDEX links_expires_at ON links (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE device_owners (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE email_index (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE organizations (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    legal_name text GENERATED ALWAYS AS (value->>'legal_name') STORED,
    state text GENERATED ALWAYS AS (value->'address'->>'state') STORED,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE INDEX organizations_state_legal_name ON organizations (state, legal_name);
CREATE TABLE org_forms (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    legal_name text GENERATED ALWAYS AS (value->>'legal_name') STORED,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE submitter_ids (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE role_requests (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    organization text GENERATED ALWAYS AS (value->>'organization') STORED,
    requester text GENERATED ALWAYS AS (value->>'requester') STORED,
    status text GENERATED ALWAYS AS (value->>'status') STORED,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE INDEX role_requests_organization_status ON role_requests (organization, status);
CREATE INDEX role_requests_requester ON role_requests (requester);
CREATE TABLE handovers (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE index_keys (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE meta (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE outbound (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE receipts (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE outages (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE alerts (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE submissions (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE acceptances (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE oidc_keys (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE TABLE oidc_requests (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE INDEX oidc_requests_expires_at ON oidc_requests (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE oidc_codes (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE INDEX oidc_codes_expires_at ON oidc_codes (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE oidc_grants (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE INDEX oidc_grants_expires_at ON oidc_grants (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE oidc_refresh (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);
CREATE INDEX oidc_refresh_expires_at ON oidc_refresh (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE oidc_secrets (
    key bytea PRIMARY KEY,
    value jsonb NOT NULL,
    expires_at bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(value->'expires_at') = 'number' THEN (value->>'expires_at')::numeric::bigint END) STORED
);

-- The last TOTP time step accepted per authenticator: a step is accepted once, and
-- never one older than the last, by one conditional upsert.
CREATE TABLE totp_steps (
    device text COLLATE "C" PRIMARY KEY,
    step bigint NOT NULL
);

-- Each account's audit trail, append-only, newest last.
CREATE TABLE audit (
    seq bigserial PRIMARY KEY,
    account text COLLATE "C" NOT NULL,
    event jsonb NOT NULL
);
CREATE INDEX audit_account_seq ON audit (account, seq);
