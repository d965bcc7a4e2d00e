package io.securityexport.aws;

import io.securityexport.common.secret.SecretValue;

/** How the platform reaches one company's bucket: the two methods the product offers. */
public sealed interface CustomerCredentials {

    /** An IAM user's long-term key, given by the customer. */
    record AccessKey(String accessKeyId, SecretValue secretAccessKey) implements CustomerCredentials {}

    /**
     * A role in the customer's account that trusts the platform's account, assumed through STS with the company's
     * external ID (the confused-deputy guard) and a session name that names the company in the customer's CloudTrail.
     */
    record AssumedRole(String roleArn, String externalId, String sessionName) implements CustomerCredentials {

        public static AssumedRole forCompany(String roleArn, String externalId, String companyId) {
            // session names allow [\w+=,.@-]{2,64}; company IDs are [A-Za-z0-9_-]{1,64}
            String name = "security-export-" + companyId;
            return new AssumedRole(roleArn, externalId, name.length() > 64 ? name.substring(0, 64) : name);
        }
    }
}
