package io.securityexport.export.day;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The few S3 operations {@link DayObjectUpload} uses, answering at once and writing down every call in order; chosen
 * calls fail as S3 would (a 500). Every other operation is the interface's default: unsupported.
 */
final class StubS3 implements S3AsyncClient {

    static final String UPLOAD_ID = "upload-1";

    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile PutObjectRequest put;
    volatile CompleteMultipartUploadRequest complete;
    volatile CopyObjectRequest copy;
    private final Set<Integer> failingParts;
    private final boolean failingComplete;
    private final boolean holdingParts;
    private final Map<Integer, CompletableFuture<UploadPartResponse>> heldParts = new ConcurrentHashMap<>();

    private StubS3(Set<Integer> failingParts, boolean failingComplete, boolean holdingParts) {
        this.failingParts = failingParts;
        this.failingComplete = failingComplete;
        this.holdingParts = holdingParts;
    }

    /** Part uploads are answered only when the test says so ({@link #answerPart}, {@link #failPart}). */
    static StubS3 holdingParts() {
        return new StubS3(Set.of(), false, true);
    }

    void answerPart(int partNumber) {
        heldParts
                .get(partNumber)
                .complete(
                        UploadPartResponse.builder().eTag("etag-" + partNumber).build());
    }

    void failPart(int partNumber) {
        heldParts.get(partNumber).completeExceptionally(internalError());
    }

    static StubS3 answeringEverything() {
        return new StubS3(Set.of(), false, false);
    }

    static StubS3 failingPart(int partNumber) {
        return new StubS3(Set.of(partNumber), false, false);
    }

    static StubS3 failingComplete() {
        return new StubS3(Set.of(), true, false);
    }

    List<String> operations() {
        return calls.stream().map(call -> call.split(" ")[0]).collect(Collectors.toList());
    }

    @Override
    public CompletableFuture<ListMultipartUploadsResponse> listMultipartUploads(ListMultipartUploadsRequest request) {
        calls.add("listMultipartUploads");
        return CompletableFuture.completedFuture(
                ListMultipartUploadsResponse.builder().build());
    }

    @Override
    public CompletableFuture<PutObjectResponse> putObject(PutObjectRequest request, AsyncRequestBody body) {
        calls.add("putObject " + body.contentLength().orElseThrow());
        put = request;
        return CompletableFuture.completedFuture(
                PutObjectResponse.builder().eTag("single").build());
    }

    @Override
    public CompletableFuture<CreateMultipartUploadResponse> createMultipartUpload(
            CreateMultipartUploadRequest request) {
        calls.add("createMultipartUpload");
        return CompletableFuture.completedFuture(
                CreateMultipartUploadResponse.builder().uploadId(UPLOAD_ID).build());
    }

    @Override
    public CompletableFuture<UploadPartResponse> uploadPart(UploadPartRequest request, AsyncRequestBody body) {
        calls.add("uploadPart " + request.partNumber() + " "
                + body.contentLength().orElseThrow());
        if (failingParts.contains(request.partNumber())) {
            return CompletableFuture.failedFuture(internalError());
        }
        if (holdingParts) {
            return heldParts.computeIfAbsent(request.partNumber(), ignored -> new CompletableFuture<>());
        }
        return CompletableFuture.completedFuture(UploadPartResponse.builder()
                .eTag("etag-" + request.partNumber())
                .build());
    }

    @Override
    public CompletableFuture<CompleteMultipartUploadResponse> completeMultipartUpload(
            CompleteMultipartUploadRequest request) {
        calls.add("completeMultipartUpload " + request.uploadId());
        complete = request;
        if (failingComplete) {
            return CompletableFuture.failedFuture(internalError());
        }
        return CompletableFuture.completedFuture(
                CompleteMultipartUploadResponse.builder().build());
    }

    @Override
    public CompletableFuture<AbortMultipartUploadResponse> abortMultipartUpload(AbortMultipartUploadRequest request) {
        calls.add("abortMultipartUpload " + request.uploadId());
        return CompletableFuture.completedFuture(
                AbortMultipartUploadResponse.builder().build());
    }

    @Override
    public CompletableFuture<CopyObjectResponse> copyObject(CopyObjectRequest request) {
        calls.add("copyObject");
        copy = request;
        return CompletableFuture.completedFuture(CopyObjectResponse.builder().build());
    }

    private static S3Exception internalError() {
        return (S3Exception) S3Exception.builder()
                .statusCode(500)
                .message("We encountered an internal error")
                .build();
    }

    @Override
    public String serviceName() {
        return "s3";
    }

    @Override
    public void close() {}
}
