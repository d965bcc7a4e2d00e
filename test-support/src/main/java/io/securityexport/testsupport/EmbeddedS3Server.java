package io.securityexport.testsupport;

import java.net.URI;
import java.util.List;
import java.util.Map;
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
 */
final class EmbeddedS3Server implements S3Server, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3Server.class);
    private static final String REGION = "us-east-1";

    private final Map<String, String> secretsByAccessKeyId;
    private final AccessKey rootKey;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client rootClient;

    private EmbeddedS3Server(AccessKey rootKey, S3Proxy proxy, URI endpoint, Map<String, String> secrets) {
        this.rootKey = rootKey;
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.secretsByAccessKeyId = secrets;
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
        // consulted per request, so keys registered later are honoured; all identities share one store
        proxy.setBlobStoreLocator((identity, container, blob) -> {
            String secret = identity == null ? null : secrets.get(identity);
            // null tells s3proxy the identity is unknown -> 403 InvalidAccessKeyId
            return secret == null ? null : new AccessGrant(secret, blobStore);
        });
        try {
            proxy.start();
        } catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException("could not start s3proxy", e);
        }
        EmbeddedS3Server server = new EmbeddedS3Server(
                root, proxy, URI.create("http://127.0.0.1:" + proxy.getPort()), secrets);
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
            throw new IllegalArgumentException("access key id already registered with another secret: "
                    + key.accessKeyId());
        }
    }

    @Override
    public void createBucket(String bucket) {
        rootClient.createBucket(request -> request.bucket(bucket));
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
        return rootClient.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
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
