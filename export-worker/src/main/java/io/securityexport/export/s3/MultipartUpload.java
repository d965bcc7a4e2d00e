package io.securityexport.export.s3;

import io.securityexport.common.csv.SecurityEventCsv;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes one object from a stream of parts with S3's multipart upload. The object appears only when the upload
 * completes, so readers never see a partial file; any failure or cancellation aborts the upload so no stored parts
 * are left behind (a crash can still leave one, which a cleanup pass must abort).
 */
public final class MultipartUpload {

    private static final Logger log = LoggerFactory.getLogger(MultipartUpload.class);

    private final S3AsyncClient s3;
    private final String bucket;
    private final String key;
    private final boolean sseAes256;

    public MultipartUpload(S3AsyncClient s3, String bucket, String key, boolean sseAes256) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.sseAes256 = sseAes256;
    }

    public Mono<Void> upload(Flux<byte[]> parts) {
        return create().flatMap(uploadId -> uploadParts(uploadId, parts)
                .flatMap(completed -> complete(uploadId, completed))
                .onErrorResume(error -> abort(uploadId).then(Mono.error(error)))
                .doOnCancel(() -> abort(uploadId).subscribe()));
    }

    private Mono<String> create() {
        CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(SecurityEventCsv.CONTENT_TYPE);
        if (sseAes256) {
            // With multipart, S3 takes the SSE header on the create call; parts inherit it.
            request.serverSideEncryption(ServerSideEncryption.AES256);
        }
        return Mono.fromFuture(() -> s3.createMultipartUpload(request.build()))
                .map(created -> created.uploadId());
    }

    /** One part in flight at a time (prefetch 1), so memory stays at a few parts whatever the file size. */
    private Mono<List<CompletedPart>> uploadParts(String uploadId, Flux<byte[]> parts) {
        return parts.index()
                .concatMap(indexed -> uploadPart(uploadId, indexed), 1)
                .collectList();
    }

    private Mono<CompletedPart> uploadPart(String uploadId, Tuple2<Long, byte[]> indexed) {
        int partNumber = indexed.getT1().intValue() + 1;
        byte[] bytes = indexed.getT2();
        return Mono.fromFuture(() -> s3.uploadPart(
                        part -> part.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                                .contentLength((long) bytes.length),
                        AsyncRequestBody.fromBytesUnsafe(bytes)))
                .map(response -> CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).build());
    }

    private Mono<Void> complete(String uploadId, List<CompletedPart> parts) {
        return Mono.fromFuture(() -> s3.completeMultipartUpload(complete -> complete
                        .bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())))
                .then();
    }

    private Mono<Void> abort(String uploadId) {
        return Mono.fromFuture(() -> s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(key).uploadId(uploadId)))
                .doOnError(error -> log.warn("could not abort multipart upload bucket={} key={}: {}",
                        bucket, key, error.getMessage()))
                .onErrorComplete()
                .then();
    }
}
