package io.securityexport.export.day;

/**
 * What one day's file is, as written to S3 (the compressed bytes when gzipped): what the customer downloads and can
 * check, and what the run history and the object's stamp say.
 *
 * @param rows   CSV lines after the header
 * @param bytes  the object's size
 * @param sha256 the object's SHA-256, lower-case hex
 */
record FileSummary(long rows, long bytes, String sha256) {}
