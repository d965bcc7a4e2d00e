package io.securityexport.testsupport;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server that checks SigV4 signatures against the identities registered with it. All
 * identities see the same buckets: there are no per-identity policies.
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

    /** Creates the bucket as root. */
    void createBucket(String bucket);

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
