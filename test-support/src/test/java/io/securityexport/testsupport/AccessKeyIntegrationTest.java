package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessKeyIntegrationTest {

    @Test
    void toStringShowsTheKeyIdButNotTheSecret() {
        AccessKey key = new AccessKey("AKIAEXAMPLE000000001", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

        assertThat(key.toString()).contains("AKIAEXAMPLE000000001").doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void createdUsersHaveAwsShapedKeys() {
        AccessKey key = Infrastructure.shared().s3().createUser("shape");

        assertThat(key.accessKeyId()).matches("AKIA[A-Z0-9]{16}");
        assertThat(key.secretAccessKey()).hasSize(40);
    }
}
