package io.securityexport.testsupport;

import java.net.URI;
import java.util.Optional;

/**
 * A minimal AWS STS endpoint answering {@code AssumeRole} (form POST, query protocol) for the AWS SDK.
 * It checks the caller's SigV4 signature, the role and its external id, and registers every key it
 * mints with the {@link S3Server}.
 */
public interface StsServer {

    /** {@code http://127.0.0.1:<port>/} */
    URI endpoint();

    /** The platform's own identity, the only one allowed to call AssumeRole; S3 accepts it too. */
    AccessKey platformKey();

    /** The platform's 12-digit account id. */
    String platformAccountId();

    /**
     * Defines (or redefines) a role the platform may assume. An empty {@code requiredExternalId} means
     * the role accepts any or no external id.
     */
    void defineRole(String roleArn, Optional<String> requiredExternalId);

    /**
     * Denies the S3 permission on every bucket to every key minted for this role, before or after this
     * call, as a role policy without the action would ({@link S3Server#deny} for what that means). The
     * role need not be defined yet.
     */
    void denyForRole(String roleArn, S3Permission permission);

    /** Like {@link #denyForRole(String, S3Permission)}, on one bucket only. */
    void denyForRole(String roleArn, S3Permission permission, String bucket);

    /** Clears the role's denials, for its keys minted before and after this call. */
    void allowAllForRole(String roleArn);

    /** How many AssumeRole requests were answered successfully since start. */
    int assumeRoleCalls();
}
