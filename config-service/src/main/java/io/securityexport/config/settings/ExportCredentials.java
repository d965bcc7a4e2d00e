package io.securityexport.config.settings;

import io.securityexport.common.secret.SealedSecret;

/** How the platform gets into the customer's bucket: the two methods the product offers. */
public sealed interface ExportCredentials {

    String method();

    /** An IAM user's access key; the secret only ever sealed. */
    record AccessKey(String accessKeyId, SealedSecret secretAccessKey) implements ExportCredentials {
        public static final String METHOD = "ACCESS_KEY";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** A role in the customer's account, assumed with the company's external ID (kept in {@code ExternalIds}). */
    record AssumeRole(String roleArn) implements ExportCredentials {
        public static final String METHOD = "ROLE_ARN";

        @Override
        public String method() {
            return METHOD;
        }
    }
}
