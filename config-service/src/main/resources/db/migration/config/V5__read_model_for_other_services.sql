-- The read model other services use: export workers (what to write where, with which credentials) and ingest
-- retention (which days are still owed to someone). They read these views, never the tables, so the settings'
-- columns and the credential method's values have one owner, this service, which can change its tables freely
-- as long as the views keep their shape.
CREATE VIEW export_targets AS
SELECT s.company_id,
       s.enabled,
       s.bucket,
       s.region,
       s.folder_path,
       s.sse_aes256,
       s.gzip,
       s.credential_method = 'ROLE_ARN' AS assumes_role,
       s.access_key_id,
       s.secret_key_version,
       s.secret_ciphertext,
       s.role_arn,
       x.external_id
  FROM export_settings s
  LEFT JOIN company_external_ids x ON x.company_id = s.company_id;

-- Every company-day a run delivered, with the object it wrote.
CREATE VIEW delivered_days AS
SELECT company_id, day, bucket, object_key
  FROM export_runs
 WHERE status = 'SUCCEEDED';
