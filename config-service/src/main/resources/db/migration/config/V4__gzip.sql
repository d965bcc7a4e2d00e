-- Per company: the daily file gzipped, under the same key with .gz appended.
ALTER TABLE export_settings ADD COLUMN gzip boolean NOT NULL DEFAULT false;
