package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3RequestPermissionsTest {

    @Test
    void listingsAndHeadBucketNeedListBucketButOtherBucketSubresourcesNothing() {
        assertThat(required("GET", "/b", null)).containsExactly(S3Permission.LIST_BUCKET);
        assertThat(required("GET", "/b/", "list-type=2&prefix=x%2F&max-keys=1"))
                .containsExactly(S3Permission.LIST_BUCKET);
        assertThat(required("HEAD", "/b", null)).containsExactly(S3Permission.LIST_BUCKET);
        assertThat(required("GET", "/b", "location")).containsExactly(S3Permission.GET_BUCKET_LOCATION);
        assertThat(required("GET", "/b", "uploads")).isEmpty();
        assertThat(required("GET", "/b", "acl")).isEmpty();
        assertThat(required("PUT", "/b", null)).isEmpty();
        assertThat(required("GET", "/", null)).isEmpty();
    }

    @Test
    void objectCallsNeedTheirObjectPermission() {
        assertThat(required("GET", "/b/k", "response-content-type=text%2Fplain"))
                .containsExactly(S3Permission.GET_OBJECT);
        assertThat(required("HEAD", "/b/dir/k", null)).containsExactly(S3Permission.GET_OBJECT);
        assertThat(required("PUT", "/b/k", "partNumber=1&uploadId=u")).containsExactly(S3Permission.PUT_OBJECT);
        assertThat(required("POST", "/b/k", "uploads")).containsExactly(S3Permission.PUT_OBJECT);
        assertThat(required("POST", "/b/k", "uploadId=u")).containsExactly(S3Permission.PUT_OBJECT);
        assertThat(required("DELETE", "/b/k", "uploadId=u")).containsExactly(S3Permission.DELETE_OBJECT);
        assertThat(required("GET", "/b/k", "uploadId=u")).isEmpty(); // ListParts
        assertThat(required("PUT", "/b/k", "tagging")).isEmpty();
    }

    @Test
    void copyNeedsGetObjectOnTheSourceBucket() {
        assertThat(S3RequestPermissions.of("PUT", "/dest/k", null, "/src/some%20key?versionId=1")
                        .required())
                .containsExactly(
                        new S3RequestPermissions.Required(S3Permission.PUT_OBJECT, "dest"),
                        new S3RequestPermissions.Required(S3Permission.GET_OBJECT, "src"));
    }

    @Test
    void multiObjectDeleteIsAuthorizedPerKey() {
        S3RequestPermissions permissions = S3RequestPermissions.of("POST", "/b", "delete", null);
        assertThat(permissions.required()).isEmpty();
        assertThat(permissions.multiDeleteBucket()).isEqualTo(Optional.of("b"));
    }

    private static List<S3Permission> required(String method, String path, String query) {
        return S3RequestPermissions.of(method, path, query, null).required().stream()
                .map(S3RequestPermissions.Required::permission)
                .toList();
    }
}
