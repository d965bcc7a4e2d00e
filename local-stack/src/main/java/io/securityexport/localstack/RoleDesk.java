package io.securityexport.localstack;

import com.sun.net.httpserver.HttpExchange;
import io.securityexport.testsupport.StsServer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /role?arn=…&externalId=…} on the control port: what creating the IAM role in the customer's AWS
 * account is on AWS — the local STS trusts the platform to assume that role with that external ID (leave {@code
 * externalId} out for a role without the confused-deputy guard, which Test Credentials warns about). The role may
 * do everything in the local S3. Local only.
 */
final class RoleDesk {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws:iam::\\d{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    private final StsServer sts;

    RoleDesk(StsServer sts) {
        this.sts = sts;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<Map<String, String>> accepted = ControlPort.accept(exchange, "POST", "arn");
            if (accepted.isEmpty()) {
                return;
            }
            Map<String, String> query = accepted.get();
            String arn = query.get("arn");
            if (arn == null || !ROLE_ARN.matcher(arn).matches()) {
                ControlPort.refuse(
                        exchange, "arn", "must be an IAM role ARN such as arn:aws:iam::210987654321:role/my-export");
                return;
            }
            Optional<String> externalId = Optional.ofNullable(query.get("externalId"));
            if (externalId.isPresent() && !EXTERNAL_ID.matcher(externalId.get()).matches()) {
                ControlPort.refuse(exchange, "externalId", "must be the external ID the console shows (sx-…)");
                return;
            }
            sts.defineRole(arn, externalId);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("roleArn", arn);
            body.put("trusts", sts.platformAccountId());
            body.put("requiredExternalId", externalId.orElse(null));
            ControlPort.answer(exchange, 201, "application/json", JSON.writeValueAsString(body) + "\n");
        }
    }
}
