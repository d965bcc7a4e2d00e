package io.securityexport.localstack;

import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import java.util.Optional;

/**
 * What the README's curl examples for company {@code acme} expect to exist in AWS, made in the local S3 and STS so
 * that they work as printed: the bucket {@code acme-audit-logs} in eu-west-1, the IAM user of AWS's documentation
 * example key, and the role {@code arn:aws:iam::210987654321:role/security-export} whose trust policy names acme's
 * external ID. Local only: the key is AWS's well-known example, the role exists nowhere else.
 */
final class ReadmeExamples {

    static final String COMPANY = "acme";
    static final String BUCKET = "acme-audit-logs";
    static final String REGION = "eu-west-1";
    static final AccessKey KEY = new AccessKey("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    static final String ROLE_ARN = "arn:aws:iam::210987654321:role/security-export";

    private ReadmeExamples() {}

    static void prepare(Infrastructure infrastructure, Demo demo) {
        infrastructure.s3().createBucket(BUCKET, REGION);
        infrastructure.s3().registerKey(KEY);
        // the external ID is acme's own, made by the config service when it is first asked for it
        String externalId = demo.call(COMPANY, "GET", "/aws-trust?bucket=" + BUCKET, null)
                .get("externalId")
                .asString();
        infrastructure.sts().defineRole(ROLE_ARN, Optional.of(externalId));
    }
}
