package io.securityexport.testsupport;

import java.time.Instant;

/** Temporary credentials as AssumeRole returns them. */
record SessionCredentials(AccessKey key, String sessionToken, Instant expiration) {

    @Override
    public String toString() {
        return "SessionCredentials[" + key + ", sessionToken=<redacted>, expiration=" + expiration + "]";
    }
}
