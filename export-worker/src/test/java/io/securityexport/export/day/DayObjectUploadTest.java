package io.securityexport.export.day;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The upload's sequencing and abort paths against a stub S3: what it asks S3 to do, in which order. */
class DayObjectUploadTest {

    private static final FileSummary SUMMARY = new FileSummary(3, 15, "ab12");
    private static final String JOB_ID = "job-1";

    @Test
    void aFileWhoseFirstPartIsItsLastIsOnePutStampedWithTheSummaryItCarries() {
        StubS3 s3 = StubS3.answeringEverything();

        upload(s3, Flux.just(new Part.Last(bytes("whole"), SUMMARY)))
                .as(StepVerifier::create)
                .expectNext(SUMMARY)
                .verifyComplete();

        assertThat(s3.calls).containsExactly("listMultipartUploads", "putObject 5");
        assertThat(s3.put.metadata())
                .containsEntry("sha256", "ab12")
                .containsEntry("rows", "3")
                .containsEntry("job-id", JOB_ID);
    }

    @Test
    void largerFilesAreUploadedInNumberedPartsCompletedWithEveryETagThenStampedAndSwept() {
        StubS3 s3 = StubS3.answeringEverything();

        upload(s3, Flux.just(middle("aaaaa"), middle("bbbbb"), new Part.Last(bytes("cc"), SUMMARY)))
                .as(StepVerifier::create)
                .expectNext(SUMMARY)
                .verifyComplete();

        assertThat(s3.calls)
                .containsExactly(
                        "listMultipartUploads",
                        "createMultipartUpload",
                        "uploadPart 1 5",
                        "uploadPart 2 5",
                        "uploadPart 3 2",
                        "completeMultipartUpload upload-1",
                        "copyObject",
                        "listMultipartUploads");
        assertThat(s3.complete.multipartUpload().parts())
                .extracting(CompletedPart::partNumber, CompletedPart::eTag)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "etag-1"),
                        org.assertj.core.groups.Tuple.tuple(2, "etag-2"),
                        org.assertj.core.groups.Tuple.tuple(3, "etag-3"));
        assertThat(s3.copy.metadata()).containsEntry("sha256", "ab12").containsEntry("job-id", JOB_ID);
    }

    @Test
    void aFailingPartAbortsTheUploadAndNothingIsCompleted() {
        StubS3 s3 = StubS3.failingPart(2);

        upload(s3, Flux.just(middle("aaaaa"), middle("bbbbb"), new Part.Last(bytes("cc"), SUMMARY)))
                .as(StepVerifier::create)
                .verifyError(S3Exception.class);

        assertThat(s3.operations())
                .contains("abortMultipartUpload")
                .doesNotContain("completeMultipartUpload", "copyObject");
        assertThat(s3.calls).contains("abortMultipartUpload upload-1").doesNotContain("uploadPart 3 2");
    }

    @Test
    void aFailingCompleteAbortsTheUpload() {
        StubS3 s3 = StubS3.failingComplete();

        upload(s3, Flux.just(middle("aaaaa"), new Part.Last(bytes("cc"), SUMMARY)))
                .as(StepVerifier::create)
                .verifyError(S3Exception.class);

        assertThat(s3.calls)
                .containsSubsequence("completeMultipartUpload upload-1", "abortMultipartUpload upload-1")
                .doesNotContain("copyObject");
    }

    @Test
    void partsThatEndWithoutTheLastOneAreAbortedNotCompleted() {
        StubS3 s3 = StubS3.answeringEverything();

        upload(s3, Flux.just(middle("aaaaa"), middle("bbbbb")))
                .as(StepVerifier::create)
                .verifyErrorMessage("the file ended without its last part");

        assertThat(s3.calls)
                .contains("abortMultipartUpload upload-1")
                .doesNotContain("completeMultipartUpload upload-1");
    }

    @Test
    void aReadFailingAfterTheFirstPartAbortsTheUpload() {
        StubS3 s3 = StubS3.answeringEverything();

        upload(s3, Flux.<Part>just(middle("aaaaa")).concatWith(Flux.error(new IllegalStateException("COPY broke"))))
                .as(StepVerifier::create)
                .verifyErrorMessage("COPY broke");

        assertThat(s3.calls)
                .contains("uploadPart 1 5", "abortMultipartUpload upload-1")
                .doesNotContain("completeMultipartUpload upload-1");
    }

    @Test
    void aReadFailingBeforeTheFirstPartStartsNoUpload() {
        StubS3 s3 = StubS3.answeringEverything();

        upload(s3, Flux.error(new IllegalStateException("no connection")))
                .as(StepVerifier::create)
                .verifyErrorMessage("no connection");

        assertThat(s3.calls).containsExactly("listMultipartUploads");
    }

    @Test
    void aCancelledUploadIsAborted() {
        StubS3 s3 = StubS3.answeringEverything();

        upload(s3, Flux.<Part>just(middle("aaaaa")).concatWith(Flux.never()))
                .as(StepVerifier::create)
                .expectSubscription()
                .thenAwait()
                .thenCancel()
                .verify();

        org.awaitility.Awaitility.await()
                .untilAsserted(() -> assertThat(s3.calls).contains("abortMultipartUpload upload-1"));
    }

    private static reactor.core.publisher.Mono<FileSummary> upload(StubS3 s3, Flux<Part> parts) {
        return new DayObjectUpload(s3, "bucket", "day.csv", false, false).upload(parts, JOB_ID);
    }

    private static Part.Middle middle(String content) {
        return new Part.Middle(bytes(content));
    }

    private static byte[] bytes(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
