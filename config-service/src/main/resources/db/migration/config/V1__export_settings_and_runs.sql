-- One row per company that configured the export. Secrets are AES-GCM sealed (see SecretKeyring); never plain.
CREATE TABLE export_settings (
    company_id          text        PRIMARY KEY,
    enabled             boolean     NOT NULL,
    bucket              text        NOT NULL,
    region              text        NOT NULL,
    folder_path         text        NOT NULL,
    sse_aes256          boolean     NOT NULL,
    credential_method   text        NOT NULL CHECK (credential_method IN ('ACCESS_KEY')),
    access_key_id       text,
    secret_key_version  integer,
    secret_ciphertext   bytea,
    version             bigint      NOT NULL,
    updated_at          timestamptz NOT NULL
);

-- Every export attempt, requested here and completed by an export worker's result.
CREATE TABLE export_runs (
    job_id        uuid        PRIMARY KEY,
    company_id    text        NOT NULL,
    day           date        NOT NULL,
    trigger       text        NOT NULL,
    status        text        NOT NULL,
    requested_at  timestamptz NOT NULL,
    bucket        text,
    object_key    text,
    rows          bigint,
    bytes         bigint,
    sha256        text,
    started_at    timestamptz,
    finished_at   timestamptz,
    error_code    text,
    error_message text
);
CREATE INDEX export_runs_by_company_day ON export_runs (company_id, day DESC, requested_at DESC);
