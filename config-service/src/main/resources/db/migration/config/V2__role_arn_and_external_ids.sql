-- The role-ARN method: the platform assumes a role in the customer's account with the company's external ID.
ALTER TABLE export_settings DROP CONSTRAINT export_settings_credential_method_check;
ALTER TABLE export_settings ADD CONSTRAINT export_settings_credential_method_check
    CHECK (credential_method IN ('ACCESS_KEY', 'ROLE_ARN'));
ALTER TABLE export_settings ADD COLUMN role_arn text;
ALTER TABLE export_settings ADD CONSTRAINT export_settings_credentials_complete CHECK (
    (credential_method = 'ACCESS_KEY' AND access_key_id IS NOT NULL AND secret_ciphertext IS NOT NULL AND role_arn IS NULL)
 OR (credential_method = 'ROLE_ARN' AND role_arn IS NOT NULL AND access_key_id IS NULL AND secret_ciphertext IS NULL));

-- One external ID per company, made by the server, never settable by clients, kept when settings are deleted
-- (the customer's trust policy names it).
CREATE TABLE company_external_ids (
    company_id  text        PRIMARY KEY,
    external_id text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL
);
