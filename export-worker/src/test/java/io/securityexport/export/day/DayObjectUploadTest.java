package io.securityexport.export.day;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void withThreePartsInFlightTheProducerIsAskedForOnePartMoreAndThenWaitsForAnAnswer() {
        StubS3 s3 = StubS3.holdingParts();
        AtomicInteger cut = new AtomicInteger();
        Flux<Part> parts = Flux.generate(sink -> {
            int number = cut.incrementAndGet();
            sink.next(number == 6 ? new Part.Last(bytes("ff"), SUMMARY) : middle("part" + number));
            if (number == 6) {
                sink.complete();
            }
        });

        StepVerifier.create(upload(s3, parts, 3))
                .then(() -> {
                    assertThat(s3.calls)
                            .filteredOn(call -> call.startsWith("uploadPart"))
                            .hasSize(3);
                    assertThat(cut).as("three in flight and one read ahead").hasValue(4);
                    assertThat(gauge()).isEqualTo(4 * 5);
                })
                .then(() -> s3.answerPart(1))
                .then(() -> {
                    assertThat(s3.calls).contains("uploadPart 4 5").doesNotContain("uploadPart 5 5");
                    assertThat(cut).hasValue(5);
                })
                .then(() -> {
                    // answered out of order; completed in order of part number
                    s3.answerPart(4);
                    s3.answerPart(3);
                    s3.answerPart(2);
                })
                .then(() -> assertThat(s3.calls).contains("uploadPart 6 2"))
                .then(() -> {
                    s3.answerPart(6);
                    s3.answerPart(5);
                })
                .expectNext(SUMMARY)
                .verifyComplete();

        assertThat(s3.complete.multipartUpload().parts())
                .extracting(CompletedPart::partNumber)
                .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(gauge()).as("every part let go").isZero();
    }

    @Test
    void aPartFailingWhileTheNextIsInFlightAbortsTheUploadOnlyOnceThatPartIsAnswered() {
        StubS3 s3 = StubS3.holdingParts();

        StepVerifier.create(
                        upload(s3, Flux.just(middle("aaaaa"), middle("bbbbb"), middle("ccccc"), middle("ddddd")), 3))
                .then(() -> assertThat(s3.calls).contains("uploadPart 3 5"))
                .then(() -> s3.failPart(2))
                .then(() -> assertThat(s3.operations())
                        .as("part 3 still in flight: not aborted under its feet")
                        .doesNotContain("abortMultipartUpload"))
                .then(() -> {
                    s3.answerPart(1);
                    s3.answerPart(3);
                })
                .verifyError(S3Exception.class);

        assertThat(s3.calls)
                .containsSubsequence("uploadPart 3 5", "abortMultipartUpload upload-1")
                .doesNotContain("uploadPart 4 5", "completeMultipartUpload upload-1");
        assertThat(gauge()).as("every part let go").isZero();
    }

    @Test
    void aFailingFirstPartLetsGoOfEveryPartCutMeanwhile() {
        StubS3 s3 = StubS3.failingPart(1);

        upload(s3, Flux.just(middle("aaaaa"), middle("bbbbb"), new Part.Last(bytes("cc"), SUMMARY)), 2)
                .as(StepVerifier::create)
                .verifyError(S3Exception.class);

        assertThat(gauge()).isZero();
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PartBuffers buffers = new PartBuffers(meters);

    private double gauge() {
        return meters.get("export.upload.buffer").gauge().value();
    }

    private reactor.core.publisher.Mono<FileSummary> upload(StubS3 s3, Flux<Part> parts) {
        return upload(s3, parts, 1);
    }

    private reactor.core.publisher.Mono<FileSummary> upload(StubS3 s3, Flux<Part> parts, int partsInFlight) {
        return new DayObjectUpload(s3, "bucket", "day.csv", false, false, partsInFlight, buffers.lease())
                .upload(parts, JOB_ID);
    }

    private static Part.Middle middle(String content) {
        return new Part.Middle(bytes(content));
    }

    private static byte[] bytes(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
