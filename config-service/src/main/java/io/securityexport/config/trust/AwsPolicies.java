package io.securityexport.config.trust;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The IAM documents a customer pastes: the permission policy that allows exactly what the export and Test
 * Credentials do, on exactly their bucket and folder; and, for the role method, the trust policy that lets only the
 * platform's account assume the role, and only with the company's external ID.
 */
public final class AwsPolicies {

    private static final JsonMapper JSON = JsonMapper.shared();

    private AwsPolicies() {}

    public static ObjectNode permissionPolicy(String bucket, String folder) {
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        ObjectNode list = statements
                .addObject()
                .put("Sid", "ListExportFolder")
                .put("Effect", "Allow")
                .put("Resource", "arn:aws:s3:::" + bucket);
        list.putArray("Action").add("s3:ListBucket");
        list.putObject("Condition")
                .putObject("StringLike")
                .putArray("s3:prefix")
                .add(folder + "/*");
        ObjectNode location = statements
                .addObject()
                .put("Sid", "BucketRegionAndCleanup")
                .put("Effect", "Allow")
                .put("Resource", "arn:aws:s3:::" + bucket);
        // ListBucketMultipartUploads lets an export find and abort what a crashed attempt left behind
        location.putArray("Action").add("s3:GetBucketLocation").add("s3:ListBucketMultipartUploads");
        ObjectNode objects = statements
                .addObject()
                .put("Sid", "WriteDailyFiles")
                .put("Effect", "Allow")
                .put("Resource", "arn:aws:s3:::" + bucket + "/" + folder + "/*");
        // AbortMultipartUpload lets a failed export clean up its parts instead of leaving them to lifecycle rules.
        objects.putArray("Action")
                .add("s3:PutObject")
                .add("s3:GetObject")
                .add("s3:DeleteObject")
                .add("s3:AbortMultipartUpload");
        return policy;
    }

    public static ObjectNode trustPolicy(String platformAccountId, String externalId) {
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ObjectNode statement = policy.putArray("Statement")
                .addObject()
                .put("Sid", "SecurityEventExport")
                .put("Effect", "Allow")
                .put("Action", "sts:AssumeRole");
        statement.putObject("Principal").put("AWS", "arn:aws:iam::" + platformAccountId + ":root");
        statement.putObject("Condition").putObject("StringEquals").put("sts:ExternalId", externalId);
        return policy;
    }
}
