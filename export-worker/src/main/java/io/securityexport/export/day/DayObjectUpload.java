package io.securityexport.export.day;

import io.securityexport.common.csv.SecurityEventCsv;
import io.securityexport.common.error.Causes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
 * <p>
 * Which part is the last, and what the whole file is, the parts say themselves ({@link Part.Last}): a first part that
 * is also the last is one PUT, anything else a multipart upload completed after the last part.
 * <p>
 * Up to {@code partsInFlight} parts are uploaded at once; the upload asks its producer for a new part only when one
 * of them is done, so the COPY pauses while all are taken, and the parts a running export holds stay bounded whatever
 * the file's size. The producer cuts the parts in file order on one thread (the digest, rows and bytes are the whole
 * file's); they are completed by part number, whatever order S3 answered them in. A part that fails ends the upload:
 * the parts still in flight are let finish (never cancelled under S3's feet) and the upload is aborted after them, so
 * no late part can land in an upload already aborted.
 */
final class DayObjectUpload {

    static final String SHA256_METADATA = "sha256";
    static final String JOB_ID_METADATA = "job-id";
    static final String ROWS_METADATA = "rows";
    /** A gzipped day is a gzip file (not a CSV with a Content-Encoding, which HTTP clients would silently unpack). */
    static final String GZIP_CONTENT_TYPE = "application/gzip";

    private static final Logger log = LoggerFactory.getLogger(DayObjectUpload.class);
    /** S3's limit for CopyObject, a fact of S3 and not a setting. */
    private static final long MAX_COPY_SIZE = 5_000_000_000L;

    private final S3AsyncClient s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final boolean sseAes256;
    private final int partsInFlight;
    private final PartBuffers.Lease buffers;

    DayObjectUpload(
            S3AsyncClient s3,
            String bucket,
            String key,
            boolean gzip,
            boolean sseAes256,
            int partsInFlight,
            PartBuffers.Lease buffers) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.contentType = gzip ? GZIP_CONTENT_TYPE : SecurityEventCsv.CONTENT_TYPE;
        this.sseAes256 = sseAes256;
        this.partsInFlight = partsInFlight;
        this.buffers = buffers;
    }

    /**
     * What an object says about itself in its metadata: the job that wrote it, its rows and the content's SHA-256.
     * A job delivered again after its object was written (a rebalance, a worker that died before reporting) finds its
     * own stamp and need not write the day again.
     */
    record Stamp(String jobId, long rows, String sha256) {

        static Stamp of(String jobId, FileSummary summary) {
            return new Stamp(jobId, summary.rows(), summary.sha256());
        }

        Map<String, String> metadata() {
            return Map.of(SHA256_METADATA, sha256, JOB_ID_METADATA, jobId, ROWS_METADATA, Long.toString(rows));
        }
    }

    /** The object now at the key, with its stamp. */
    record Written(Stamp stamp, long bytes) {}

    /** The stamped object at the key, if there is one and it can be read; empty otherwise (never an error). */
    Mono<Written> current() {
        return Mono.fromFuture(() -> s3.headObject(head -> head.bucket(bucket).key(key)))
                .flatMap(head -> {
                    Map<String, String> metadata = head.metadata();
                    if (!metadata.containsKey(JOB_ID_METADATA)
                            || !metadata.containsKey(ROWS_METADATA)
                            || !metadata.containsKey(SHA256_METADATA)) {
                        return Mono.empty();
                    }
                    return Mono.just(new Written(
                            new Stamp(
                                    metadata.get(JOB_ID_METADATA),
                                    Long.parseLong(metadata.get(ROWS_METADATA)),
                                    metadata.get(SHA256_METADATA)),
                            head.contentLength()));
                })
                .onErrorResume(error -> Mono.empty());
    }

    /**
     * The object at the key if this very job wrote it (it was delivered again); meanwhile the key's leftover uploads
     * are aborted, which writing needs first. The two S3 calls go out together: neither needs the other's answer, and
     * a small day's job is mostly such round trips.
     */
    Mono<Written> writtenBy(String jobId) {
        return Mono.zip(
                        current().map(Optional::of).defaultIfEmpty(Optional.empty()),
                        abortLeftovers().thenReturn(true))
                .flatMap(checked -> Mono.justOrEmpty(checked.getT1()))
                .filter(written -> written.stamp().jobId().equals(jobId));
    }

    /**
     * Writes the parts as the day's object, stamped for {@code jobId}, after aborting the key's leftover uploads.
     *
     * @return the summary the last part carried: what was written
     */
    Mono<FileSummary> upload(Flux<Part> parts, String jobId) {
        return abortLeftovers().then(uploadSwept(parts, jobId));
    }

    /** {@link #upload}, once {@link #writtenBy} has swept the key. */
    Mono<FileSummary> uploadSwept(Flux<Part> parts, String jobId) {
        return parts.doOnNext(part -> buffers.take(part.bytes().length))
                .switchOnFirst((first, all) -> {
                    if (first.isOnError()) {
                        return Flux.error(first.getThrowable()); // the data could not be read: start no upload
                    }
                    if (!first.hasValue()) {
                        return Flux.error(new IllegalStateException("the file ended without its last part"));
                    }
                    return first.get() instanceof Part.Last only
                            ? putSingle(only, jobId).flux()
                            : multipartThenSweep(all, jobId).flux();
                })
                // a part cut but never sent (the upload failed or was cancelled meanwhile) is no longer held
                .doOnDiscard(Part.class, part -> buffers.release(part.bytes().length))
                .single();
    }

    /**
     * S3 may have created an upload whose answer was lost, and the SDK's retry then made another: what is still open
     * under the key after a multipart attempt, success or not, is an orphan (the day's lock means no one else writes
     * it), so the key is swept again.
     */
    private Mono<FileSummary> multipartThenSweep(Flux<Part> parts, String jobId) {
        return multipart(parts)
                .flatMap(summary ->
                        stamp(Stamp.of(jobId, summary), summary.bytes()).thenReturn(summary))
                .onErrorResume(error -> sweepLeftovers().then(Mono.error(error)))
                .flatMap(summary -> sweepLeftovers().thenReturn(summary));
    }

    private Mono<FileSummary> putSingle(Part.Last only, String jobId) {
        byte[] bytes = only.bytes();
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .contentLength((long) bytes.length)
                .metadata(Stamp.of(jobId, only.summary()).metadata());
        if (sseAes256) {
            request.serverSideEncryption(ServerSideEncryption.AES256);
        }
        return held(bytes, () -> s3.putObject(request.build(), AsyncRequestBody.fromBytesUnsafe(bytes)))
                .thenReturn(only.summary());
    }

    private Mono<FileSummary> multipart(Flux<Part> parts) {
        CreateMultipartUploadRequest.Builder request =
                CreateMultipartUploadRequest.builder().bucket(bucket).key(key).contentType(contentType);
        if (sseAes256) {
            // With multipart, S3 takes the SSE header on the create call; parts inherit it.
            request.serverSideEncryption(ServerSideEncryption.AES256);
        }
        return Mono.fromFuture(() -> s3.createMultipartUpload(request.build()))
                .map(created -> created.uploadId())
                .flatMap(uploadId -> {
                    InFlight inFlight = new InFlight();
                    return uploadParts(uploadId, parts, inFlight)
                            .flatMap(uploaded -> complete(uploadId, uploaded))
                            .onErrorResume(error ->
                                    inFlight.settled().then(abort(uploadId)).then(Mono.error(error)))
                            .doOnCancel(() ->
                                    inFlight.settled().then(abort(uploadId)).subscribe());
                });
    }

    /** A part S3 holds, and the file's summary when it was the last part. */
    private record UploadedPart(CompletedPart completed, Optional<FileSummary> declared) {}

    /** The parts S3 holds and the file's summary, which the last part declared. */
    private record Uploaded(List<CompletedPart> parts, FileSummary summary) {}

    /**
     * Up to {@code partsInFlight} parts at once, in order. One more part is read ahead ({@code limitRate(1)}), so that
     * the COPY fills the next part while all are in flight (with one in flight: reading and sending overlap); then
     * the producer is asked for nothing until a part is done, and the COPY pauses. At most {@code partsInFlight + 1}
     * cut parts, and the one being filled, are held.
     */
    private Mono<Uploaded> uploadParts(String uploadId, Flux<Part> parts, InFlight inFlight) {
        return parts.limitRate(1)
                .index()
                .flatMapSequential(
                        indexed -> uploadPart(uploadId, indexed.getT1().intValue() + 1, indexed.getT2(), inFlight)
                                .map(completed -> new UploadedPart(completed, declared(indexed.getT2()))),
                        partsInFlight,
                        1)
                .collectList()
                .flatMap(DayObjectUpload::declaredLast);
    }

    private static Optional<FileSummary> declared(Part part) {
        return part instanceof Part.Last last ? Optional.of(last.summary()) : Optional.empty();
    }

    /** A producer that stopped without declaring its last part has not written the whole file: nothing is completed. */
    private static Mono<Uploaded> declaredLast(List<UploadedPart> uploaded) {
        Optional<FileSummary> summary = uploaded.isEmpty()
                ? Optional.empty()
                : uploaded.get(uploaded.size() - 1).declared();
        if (summary.isEmpty()) {
            return Mono.error(new IllegalStateException("the file ended without its last part"));
        }
        return Mono.just(
                new Uploaded(uploaded.stream().map(UploadedPart::completed).toList(), summary.get()));
    }

    private Mono<CompletedPart> uploadPart(String uploadId, int partNumber, Part part, InFlight inFlight) {
        byte[] bytes = part.bytes();
        return held(
                        bytes,
                        () -> inFlight.add(s3.uploadPart(
                                upload -> upload.bucket(bucket)
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(partNumber)
                                        .contentLength((long) bytes.length),
                                AsyncRequestBody.fromBytesUnsafe(bytes))))
                .map(response -> CompletedPart.builder()
                        .partNumber(partNumber)
                        .eTag(response.eTag())
                        .build());
    }

    /**
     * A request carrying a part: its bytes, held since the part was cut, are let go when the SDK is done with the
     * request, however it ended.
     * Cancelling the Mono does not cancel the request: the SDK may already be sending the part, and an upload is
     * aborted only once its parts have settled ({@link InFlight}).
     */
    private <T> Mono<T> held(byte[] bytes, Supplier<CompletableFuture<T>> request) {
        return Mono.defer(() -> {
            CompletableFuture<T> sent;
            try {
                sent = request.get();
            } catch (RuntimeException e) {
                buffers.release(bytes.length);
                return Mono.error(e);
            }
            sent.whenComplete((answer, error) -> buffers.release(bytes.length));
            return Mono.fromFuture(sent, true);
        });
    }

    /** The part requests of one multipart upload that S3 has not answered yet. */
    private static final class InFlight {

        private final Set<CompletableFuture<?>> requests = ConcurrentHashMap.newKeySet();

        <T> CompletableFuture<T> add(CompletableFuture<T> request) {
            requests.add(request);
            request.whenComplete((answer, error) -> requests.remove(request));
            return request;
        }

        /**
         * Completes when every part request sent so far has ended, well or not. S3 may store a part that arrives after
         * its upload was aborted ("it might be necessary to abort a given multipart upload multiple times", S3's
         * AbortMultipartUpload documentation): waiting for them first leaves nothing behind the abort. The SDK's own
         * timeouts bound the wait.
         */
        Mono<Void> settled() {
            CompletableFuture<?>[] pending = requests.toArray(CompletableFuture[]::new);
            return Mono.fromFuture(CompletableFuture.allOf(pending).handle((ignored, error) -> (Void) null))
                    .then();
        }
    }

    private Mono<FileSummary> complete(String uploadId, Uploaded uploaded) {
        return Mono.fromFuture(() -> s3.completeMultipartUpload(complete -> complete.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder()
                                .parts(uploaded.parts())
                                .build())))
                .thenReturn(uploaded.summary());
    }

    private Mono<Void> stamp(Stamp stamp, long objectBytes) {
        if (objectBytes > MAX_COPY_SIZE) {
            // CopyObject stops at 5 GB: such a day's digest is in the run history only
            log.info(
                    "not stamping the digest on bucket={} key={}: {} bytes is beyond CopyObject's limit",
                    bucket,
                    key,
                    objectBytes);
            return Mono.empty();
        }
        CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                .sourceBucket(bucket)
                .sourceKey(key)
                .destinationBucket(bucket)
                .destinationKey(key)
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType(contentType)
                .metadata(stamp.metadata());
        if (sseAes256) {
            copy.serverSideEncryption(ServerSideEncryption.AES256);
        }
        return Mono.fromFuture(() -> s3.copyObject(copy.build())).then();
    }

    /** Aborts incomplete uploads of this key left by a crashed attempt; best effort (it needs ListBucketMultipartUploads). */
    private Mono<Void> abortLeftovers() {
        return Mono.fromFuture(() ->
                        s3.listMultipartUploads(list -> list.bucket(bucket).prefix(key)))
                .flatMapMany(listing -> Flux.fromIterable(listing.uploads()))
                .filter(upload -> key.equals(upload.key()))
                .concatMap(upload -> abort(upload.uploadId())
                        .doOnSuccess(ignored ->
                                log.info("aborted a leftover multipart upload bucket={} key={}", bucket, key)))
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
        return Mono.fromFuture(() -> s3.abortMultipartUpload(
                        abort -> abort.bucket(bucket).key(key).uploadId(uploadId)))
                .doOnError(error -> log.warn(
                        "could not abort multipart upload bucket={} key={}: {}", bucket, key, error.getMessage()))
                .onErrorComplete()
                .then();
    }
}
