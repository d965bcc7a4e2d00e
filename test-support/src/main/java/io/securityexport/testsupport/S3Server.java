package io.securityexport.testsupport;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server that checks SigV4 signatures against the identities registered with it. All
 * identities see the same buckets. There are no IAM policies, but a test can deny single
 * {@link S3Permission}s to a key ({@link #deny}) or to every key minted for a role
 * ({@link StsServer#denyForRole}); such requests are answered 403 AccessDenied, as AWS would.
 */
public interface S3Server {

    /** {@code http://127.0.0.1:<port>} */
    URI endpoint();

    /** {@code us-east-1} */
    String region();

    /** The admin identity. */
    AccessKey rootKey();

    /**
     * Registers a new random long-term key ({@code AKIA…}, 40-character secret) whose signed requests the
     * server then accepts. {@code namePrefix} only labels the user in this server's log lines.
     */
    AccessKey createUser(String namePrefix);

    /** Registers a given key pair, e.g. fixed credentials for a local stack or keys minted by STS. */
    void registerKey(AccessKey key);

    /**
     * From now on, requests of this key that need the permission are answered 403 {@code AccessDenied}
     * ("Access Denied") on every bucket, after the signature check. The key must be registered and may
     * not be the root key. Denials accumulate until {@link #allowAll}.
     */
    void deny(String accessKeyId, S3Permission permission);

    /** Like {@link #deny(String, S3Permission)}, on one bucket only. */
    void deny(String accessKeyId, S3Permission permission, String bucket);

    /**
     * Clears every denial made for this key with {@link #deny}. Denials of the role a temporary key was
     * minted for ({@link StsServer#denyForRole}) still apply.
     */
    void allowAll(String accessKeyId);

    /** Creates the bucket as root. */
    void createBucket(String bucket);

    /**
     * Creates the bucket as root, as if in {@code region}: GetBucketLocation names that region (requests are served
     * and signed alike whatever the region).
     */
    void createBucket(String bucket, String region);

    /** A shared synchronous client acting as root; do not close it. */
    S3Client client();

    /**
     * A new synchronous client configured like {@link #client()} but signing with the given credentials
     * (which may be session credentials); the caller closes it.
     */
    S3Client clientFor(AwsCredentialsProvider credentials);

    /** Reads a whole object as root. */
    byte[] getObject(String bucket, String key);

    /** All keys in the bucket, in the server's (lexicographic) order, as root. */
    List<String> listKeys(String bucket);
}
