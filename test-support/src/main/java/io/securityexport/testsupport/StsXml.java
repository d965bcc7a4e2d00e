package io.securityexport.testsupport;

import java.time.temporal.ChronoUnit;

/** The XML bodies of the AWS query protocol as STS (version 2011-06-15) writes them. */
final class StsXml {

    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private StsXml() {}

    static String assumeRoleResponse(AssumedRole role, String requestId) {
        SessionCredentials credentials = role.credentials();
        return "<AssumeRoleResponse xmlns=\"" + NAMESPACE + "\">"
                + "<AssumeRoleResult>"
                + "<AssumedRoleUser>"
                + element("AssumedRoleId", role.assumedRoleId())
                + element("Arn", role.arn())
                + "</AssumedRoleUser>"
                + "<Credentials>"
                + element("AccessKeyId", credentials.key().accessKeyId())
                + element("SecretAccessKey", credentials.key().secretAccessKey())
                + element("SessionToken", credentials.sessionToken())
                + element(
                        "Expiration",
                        credentials.expiration().truncatedTo(ChronoUnit.SECONDS).toString())
                + "</Credentials>"
                + "</AssumeRoleResult>"
                + "<ResponseMetadata>" + element("RequestId", requestId) + "</ResponseMetadata>"
                + "</AssumeRoleResponse>";
    }

    static String errorResponse(StsFault fault, String requestId) {
        // AWS answers Sender for the caller's mistakes (4xx) and Receiver for its own (5xx)
        String type = fault.httpStatus() >= 500 ? "Receiver" : "Sender";
        return "<ErrorResponse xmlns=\"" + NAMESPACE + "\">"
                + "<Error>"
                + element("Type", type)
                + element("Code", fault.code())
                + element("Message", fault.getMessage())
                + "</Error>"
                + element("RequestId", requestId)
                + "</ErrorResponse>";
    }

    private static String element(String name, String text) {
        return "<" + name + ">" + escape(text) + "</" + name + ">";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
