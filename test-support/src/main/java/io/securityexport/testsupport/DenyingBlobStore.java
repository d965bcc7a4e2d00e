package io.securityexport.testsupport;

import java.util.List;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * The blob store s3proxy uses for one request of an access key that has denials: every use of the
 * underlying store first asks {@link S3PermissionEnforcer} whether the request served on this thread is
 * denied to the key, and fails with AccessDenied if so.
 *
 * <p>The check sits in {@link #delegate()} because every {@link ForwardingBlobStore} method forwards
 * through it (and s3proxy's interface defaults end in those methods); extending ForwardingBlobStore
 * rather than wrapping otherwise keeps s3proxy's store-type quirks, which unwrap forwarding stores.
 */
final class DenyingBlobStore extends ForwardingBlobStore {

    private final S3PermissionEnforcer enforcer;
    private final String accessKeyId;

    DenyingBlobStore(BlobStore delegate, S3PermissionEnforcer enforcer, String accessKeyId) {
        super(delegate);
        this.enforcer = enforcer;
        this.accessKeyId = accessKeyId;
    }

    @Override
    public BlobStore delegate() {
        enforcer.checkCurrentRequest(accessKeyId);
        return super.delegate();
    }

    /** S3 answers a multi-object delete 200 and reports every key it may not delete as an error. */
    @Override
    public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
        if (!enforcer.deniesMultiDelete(accessKeyId)) {
            return super.removeBlobs(request);
        }
        List<S3Error> errors = request.delete().objects().stream()
                .map(object -> S3Error.builder()
                        .key(object.key())
                        .versionId(object.versionId())
                        .code(S3PermissionEnforcer.ACCESS_DENIED_CODE)
                        .message(S3PermissionEnforcer.ACCESS_DENIED_MESSAGE)
                        .build())
                .toList();
        return DeleteObjectsResponse.builder().errors(errors).build();
    }

    /** s3proxy deletes conditionally deleted keys of a multi-object delete one by one, on this thread. */
    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        if (enforcer.deniesMultiDelete(accessKeyId)) {
            throw S3PermissionEnforcer.accessDenied();
        }
        return super.removeBlob(request);
    }
}
