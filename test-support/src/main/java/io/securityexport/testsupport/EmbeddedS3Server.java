package io.securityexport.testsupport;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * s3proxy in-process on an in-memory blob store. s3proxy verifies SigV2/SigV4 signatures itself; the
 * locator below tells it the secret of every registered access key id, so a wrong secret is answered
 * 403 SignatureDoesNotMatch and an unregistered key 403 InvalidAccessKeyId.
 *
 * <p>Session credentials minted by the STS stub are registered here as plain identities. s3proxy
 * accepts the {@code x-amz-security-token} header they come with (it is signed like any other header,
 * and ignored otherwise), so the token itself is not checked: a test can prove "these temporary
 * credentials work", not "a wrong session token is rejected".
 *
 * <p>s3proxy has no IAM policies; {@link S3PermissionEnforcer} adds the denials of {@link #deny} and
 * {@link StsServer#denyForRole} on top of it.
 */
final class EmbeddedS3Server implements S3Server, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3Server.class);
    private static final String REGION = "us-east-1";

    private final Map<String, String> secretsByAccessKeyId;
    private final AccessKey rootKey;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3AccessPolicy accessPolicy;
    private final S3Client rootClient;
    private final Map<String, String> regionsByBucket;

    private EmbeddedS3Server(
            AccessKey rootKey,
            S3Proxy proxy,
            URI endpoint,
            Map<String, String> secrets,
            S3AccessPolicy accessPolicy,
            Map<String, String> regionsByBucket) {
        this.rootKey = rootKey;
        this.regionsByBucket = regionsByBucket;
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.secretsByAccessKeyId = secrets;
        this.accessPolicy = accessPolicy;
        this.rootClient = clientFor(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(rootKey.accessKeyId(), rootKey.secretAccessKey())));
    }

    static EmbeddedS3Server start() {
        AccessKey root = AccessKey.randomLongTerm();
        Map<String, String> secrets = new ConcurrentHashMap<>();
        secrets.put(root.accessKeyId(), root.secretAccessKey());
        // The transient store keeps blobs in an in-memory file system; unlike the filesystem store it
        // accepts x-amz-server-side-encryption (the filesystem store answers 501).
        BlobStore blobStore = new TransientNio2BlobStore();
        S3Proxy proxy = S3Proxy.builder()
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, root.accessKeyId(), root.secretAccessKey())
                .blobStore(blobStore)
                // without it the SDK's CompleteMultipartUpload (and other calls with headers s3proxy
                // does not know) are answered 501
                .ignoreUnknownHeaders(true)
                .build();
        S3AccessPolicy accessPolicy = new S3AccessPolicy();
        Map<String, String> regionsByBucket = new ConcurrentHashMap<>();
        S3PermissionEnforcer enforcer = new S3PermissionEnforcer(accessPolicy, regionsByBucket);
        // consulted per request, so keys registered later are honoured; all identities share one store,
        // which the enforcer wraps for keys with denials
        proxy.setBlobStoreLocator((identity, container, blob) -> {
            String secret = identity == null ? null : secrets.get(identity);
            // null tells s3proxy the identity is unknown -> 403 InvalidAccessKeyId
            return secret == null ? null : new AccessGrant(secret, enforcer.storeFor(identity, blobStore));
        });
        try {
            enforcer.installIn(proxy);
            proxy.start();
        } catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException("could not start s3proxy", e);
        }
        EmbeddedS3Server server = new EmbeddedS3Server(
                root, proxy, URI.create("http://127.0.0.1:" + proxy.getPort()), secrets, accessPolicy, regionsByBucket);
        log.info("s3proxy listening on {}, root key {}", server.endpoint, root.accessKeyId());
        return server;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String region() {
        return REGION;
    }

    @Override
    public AccessKey rootKey() {
        return rootKey;
    }

    @Override
    public AccessKey createUser(String namePrefix) {
        AccessKey key = AccessKey.randomLongTerm();
        registerKey(key);
        log.info("S3 user '{}' has access key {}", namePrefix, key.accessKeyId());
        return key;
    }

    @Override
    public void registerKey(AccessKey key) {
        String previous = secretsByAccessKeyId.putIfAbsent(key.accessKeyId(), key.secretAccessKey());
        if (previous != null && !previous.equals(key.secretAccessKey())) {
            throw new IllegalArgumentException(
                    "access key id already registered with another secret: " + key.accessKeyId());
        }
    }

    @Override
    public void deny(String accessKeyId, S3Permission permission) {
        deny(accessKeyId, permission, Optional.empty());
    }

    @Override
    public void deny(String accessKeyId, S3Permission permission, String bucket) {
        deny(accessKeyId, permission, Optional.of(Objects.requireNonNull(bucket, "bucket")));
    }

    private void deny(String accessKeyId, S3Permission permission, Optional<String> bucket) {
        Objects.requireNonNull(permission, "permission");
        if (rootKey.accessKeyId().equals(accessKeyId)) {
            // the shared root client serves every test in the JVM
            throw new IllegalArgumentException("the root key cannot be restricted");
        }
        if (accessKeyId == null || !secretsByAccessKeyId.containsKey(accessKeyId)) {
            throw new IllegalArgumentException("not a registered access key id: " + accessKeyId);
        }
        accessPolicy.deny(accessKeyId, permission, bucket);
        log.info("S3 denies {} on {} to {}", permission, bucket.orElse("all buckets"), accessKeyId);
    }

    @Override
    public void allowAll(String accessKeyId) {
        accessPolicy.allowAll(accessKeyId);
    }

    /** Where the STS stub binds minted keys to their role and keeps per-role denials. */
    S3AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    @Override
    public void createBucket(String bucket) {
        rootClient.createBucket(request -> request.bucket(bucket));
    }

    @Override
    public void createBucket(String bucket, String region) {
        createBucket(bucket);
        regionsByBucket.put(bucket, Objects.requireNonNull(region, "region"));
    }

    @Override
    public S3Client client() {
        return rootClient;
    }

    @Override
    public S3Client clientFor(AwsCredentialsProvider credentials) {
        return S3Clients.create(endpoint, REGION, credentials);
    }

    @Override
    public byte[] getObject(String bucket, String key) {
        return rootClient
                .getObjectAsBytes(request -> request.bucket(bucket).key(key))
                .asByteArray();
    }

    @Override
    public List<String> listKeys(String bucket) {
        return rootClient.listObjectsV2Paginator(request -> request.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    @Override
    public void close() {
        rootClient.close();
        stopQuietly(proxy);
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            log.warn("could not stop s3proxy cleanly", e);
        }
    }
}
