package io.securityexport.export.s3;

import io.securityexport.common.csv.SecurityEventCsv;
import io.securityexport.common.error.Causes;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes one day's object. A file that fits in one part is one PutObject; a larger one a multipart upload, which
 * becomes visible only when complete, and is aborted on any failure or cancellation — readers never see a partial
 * file. Leftovers of a crashed earlier attempt at the same key are aborted first, and the key is swept again
 * afterwards (safe: the day's lock means no other exporter is writing it). The SHA-256 of the content goes into the
 * object's metadata ({@code sha256}, with the job's ID and the row count, see {@link Stamp}): directly with a single
 * PUT, by a server-side copy onto itself after a multipart upload (the values are only known at the end, while
 * multipart metadata is fixed at the start).
 */
public final class DayObjectUpload {

    public static final String SHA256_METADATA = "sha256";
    public static final String JOB_ID_METADATA = "job-id";
    public static final String ROWS_METADATA = "rows";
    /** A gzipped day is a gzip file (not a CSV with a Content-Encoding, which HTTP clients would silently unpack). */
    public static final String GZIP_CONTENT_TYPE = "application/gzip";
    private static final Logger log = LoggerFactory.getLogger(DayObjectUpload.class);
    private static final byte[] END = new byte[0];
    private static final long MAX_COPY_SIZE = 5_000_000_000L;

    private final S3AsyncClient s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final boolean sseAes256;
    private long uploadedBytes;

    public DayObjectUpload(S3AsyncClient s3, String bucket, String key, boolean gzip, boolean sseAes256) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.contentType = gzip ? GZIP_CONTENT_TYPE : SecurityEventCsv.CONTENT_TYPE;
        this.sseAes256 = sseAes256;
    }

    private record Part(byte[] bytes, boolean last) {
    }

    /**
     * What an object says about itself in its metadata: the job that wrote it, its rows and the content's SHA-256.
     * A job delivered again after its object was written (a rebalance, a worker that died before reporting) finds its
     * own stamp and need not write the day again.
     */
    public record Stamp(String jobId, long rows, String sha256) {

        Map<String, String> metadata() {
            return Map.of(SHA256_METADATA, sha256, JOB_ID_METADATA, jobId, ROWS_METADATA, Long.toString(rows));
        }
    }

    /** The object now at the key, with its stamp. */
    public record Written(Stamp stamp, long bytes) {
    }

    /** The stamped object at the key, if there is one and it can be read; empty otherwise (never an error). */
    public Mono<Written> current() {
        return Mono.fromFuture(() -> s3.headObject(head -> head.bucket(bucket).key(key)))
                .flatMap(head -> {
                    Map<String, String> metadata = head.metadata();
                    if (!metadata.containsKey(JOB_ID_METADATA) || !metadata.containsKey(ROWS_METADATA)
                            || !metadata.containsKey(SHA256_METADATA)) {
                        return Mono.empty();
                    }
                    return Mono.just(new Written(new Stamp(metadata.get(JOB_ID_METADATA),
                            Long.parseLong(metadata.get(ROWS_METADATA)), metadata.get(SHA256_METADATA)),
                            head.contentLength()));
                })
                .onErrorResume(error -> Mono.empty());
    }

    /** @param stamp the object's stamp, asked for once every part has been produced */
    public Mono<Void> upload(Flux<byte[]> parts, Supplier<Stamp> stamp) {
        return abortLeftovers()
                .thenMany(marked(parts))
                // the digest exists only once every part has been produced: ask for it lazily, never while assembling
                .switchOnFirst((first, all) -> {
                    if (first.isOnError()) {
                        return Flux.error(first.getThrowable()); // the data could not be read: start no upload
                    }
                    return first.hasValue() && first.get().last()
                            ? Mono.defer(() -> putSingle(first.get().bytes(), stamp)).flux()
                            : multipartThenSweep(all, stamp).flux();
                })
                .then();
    }

    /**
     * S3 may have created an upload whose answer was lost, and the SDK's retry then made another: what is still open
     * under the key after a multipart attempt, success or not, is an orphan (the day's lock means no one else writes
     * it), so the key is swept again.
     */
    private Mono<Void> multipartThenSweep(Flux<Part> parts, Supplier<Stamp> stamp) {
        return multipart(parts)
                .then(Mono.defer(() -> stamp(stamp)))
                .onErrorResume(error -> sweepLeftovers().then(Mono.error(error)))
                .then(Mono.defer(this::sweepLeftovers));
    }

    /** Each part tagged with whether it is the last: one part is held back until the next one (or the end) shows. */
    private static Flux<Part> marked(Flux<byte[]> parts) {
        return parts.concatWith(Mono.just(END))
                .buffer(2, 1)
                .filter(window -> window.get(0) != END)
                .map(window -> new Part(window.get(0), window.size() == 1 || window.get(1) == END));
    }

    private Mono<Void> putSingle(byte[] bytes, Supplier<Stamp> stamp) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key)
                .contentType(contentType)
                .contentLength((long) bytes.length)
                .metadata(stamp.get().metadata());
        if (sseAes256) {
            request.serverSideEncryption(ServerSideEncryption.AES256);
        }
        return Mono.fromFuture(() -> s3.putObject(request.build(), AsyncRequestBody.fromBytesUnsafe(bytes))).then();
    }

    private Mono<Void> multipart(Flux<Part> parts) {
        CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder()
                .bucket(bucket).key(key).contentType(contentType);
        if (sseAes256) {
            // With multipart, S3 takes the SSE header on the create call; parts inherit it.
            request.serverSideEncryption(ServerSideEncryption.AES256);
        }
        return Mono.fromFuture(() -> s3.createMultipartUpload(request.build()))
                .map(created -> created.uploadId())
                .flatMap(uploadId -> uploadParts(uploadId, parts)
                        .flatMap(completed -> complete(uploadId, completed))
                        .onErrorResume(error -> abort(uploadId).then(Mono.error(error)))
                        .doOnCancel(() -> abort(uploadId).subscribe()));
    }

    /** One part in flight at a time (prefetch 1), so memory stays at a few parts whatever the file size. */
    private Mono<List<CompletedPart>> uploadParts(String uploadId, Flux<Part> parts) {
        return parts.index()
                .concatMap(indexed -> uploadPart(uploadId, indexed), 1)
                .collectList();
    }

    private Mono<CompletedPart> uploadPart(String uploadId, Tuple2<Long, Part> indexed) {
        int partNumber = indexed.getT1().intValue() + 1;
        byte[] bytes = indexed.getT2().bytes();
        return Mono.fromFuture(() -> s3.uploadPart(
                        part -> part.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                                .contentLength((long) bytes.length),
                        AsyncRequestBody.fromBytesUnsafe(bytes)))
                .doOnSuccess(uploaded -> uploadedBytes += bytes.length) // parts complete one at a time
                .map(response -> CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).build());
    }

    private Mono<Void> complete(String uploadId, List<CompletedPart> parts) {
        return Mono.fromFuture(() -> s3.completeMultipartUpload(complete -> complete
                        .bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())))
                .then();
    }

    private Mono<Void> stamp(Supplier<Stamp> stamp) {
        if (uploadedBytes > MAX_COPY_SIZE) {
            // CopyObject stops at 5 GB: such a day's digest is in the run history only
            log.info("not stamping the digest on bucket={} key={}: {} bytes is beyond CopyObject's limit", bucket, key,
                    uploadedBytes);
            return Mono.empty();
        }
        CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                .sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType(contentType)
                .metadata(stamp.get().metadata());
        if (sseAes256) {
            copy.serverSideEncryption(ServerSideEncryption.AES256);
        }
        return Mono.fromFuture(() -> s3.copyObject(copy.build())).then();
    }

    /** Aborts incomplete uploads of this key left by a crashed attempt; best effort (it needs ListBucketMultipartUploads). */
    private Mono<Void> abortLeftovers() {
        return Mono.fromFuture(() -> s3.listMultipartUploads(list -> list.bucket(bucket).prefix(key)))
                .flatMapMany(listing -> Flux.fromIterable(listing.uploads()))
                .filter(upload -> key.equals(upload.key()))
                .concatMap(upload -> abort(upload.uploadId())
                        .doOnSuccess(ignored -> log.info("aborted a leftover multipart upload bucket={} key={}", bucket, key)))
                // S3 refusing the listing (a policy without ListBucketMultipartUploads) is no reason not to export;
                // anything else (credentials that do not work, S3 unreachable) fails the upload right here
                .onErrorResume(error -> Causes.include(error, S3Exception.class), error -> {
                    log.info("could not look for leftover uploads of key={} ({}); continuing", key, error.getMessage());
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Void> sweepLeftovers() {
        return abortLeftovers().onErrorResume(error -> {
            log.warn("could not sweep leftover uploads of bucket={} key={}: {}", bucket, key, error.getMessage());
            return Mono.empty();
        });
    }

    private Mono<Void> abort(String uploadId) {
        return Mono.fromFuture(() -> s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(key).uploadId(uploadId)))
                .doOnError(error -> log.warn("could not abort multipart upload bucket={} key={}: {}",
                        bucket, key, error.getMessage()))
                .onErrorComplete()
                .then();
    }
}
