package io.securityexport.testsupport;

/**
 * What {@link S3FaultProxy} saw of one operation since it started or was last cleared.
 *
 * @param reachedS3 requests passed on to S3 (including those whose answer was then lost or delayed)
 * @param faulted   requests that met an armed fault of any kind
 */
public record S3Traffic(int reachedS3, int faulted) {}
