package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3OperationTest {

    @ParameterizedTest(name = "{0} {1} copy={2} is {3}")
    @CsvSource({
        "POST,   /bucket/a/b.csv?uploads,                      false, CREATE_MULTIPART_UPLOAD",
        "POST,   /bucket/a/b.csv?uploads=,                     false, CREATE_MULTIPART_UPLOAD",
        "PUT,    /bucket/a/b.csv?partNumber=2&uploadId=u-1,    false, UPLOAD_PART",
        "PUT,    /bucket/a/b.csv?uploadId=u-1&partNumber=1,    false, UPLOAD_PART",
        "POST,   /bucket/a/b.csv?uploadId=u-1,                 false, COMPLETE_MULTIPART_UPLOAD",
        "DELETE, /bucket/a/b.csv?uploadId=u-1,                 false, ABORT_MULTIPART_UPLOAD",
        "PUT,    /bucket/a/b.csv,                              false, PUT_OBJECT",
        "PUT,    /bucket/a/b.csv?x-id=PutObject,               false, PUT_OBJECT",
        "PUT,    /bucket/a/b.csv,                              true,  COPY_OBJECT",
        "PUT,    /bucket/a/b.csv?tagging,                      false, OTHER",
        "PUT,    /bucket,                                      false, OTHER",
        "PUT,    /bucket/,                                     false, OTHER",
        "GET,    /bucket/a/b.csv,                              false, OTHER",
        "GET,    /bucket?uploads&prefix=a,                     false, OTHER",
        "POST,   /bucket?delete,                               false, OTHER",
    })
    void requestsAreToldApartByTheirHttpShape(String method, String url, boolean copySource, S3Operation expected) {
        assertThat(S3Operation.of(method, url, copySource)).isEqualTo(expected);
    }
}
