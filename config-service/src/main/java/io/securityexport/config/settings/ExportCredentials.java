package io.securityexport.config.settings;

import io.securityexport.common.secret.SealedSecret;

/** How the platform gets into the customer's bucket. The role-ARN method joins as a second variant. */
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
}
