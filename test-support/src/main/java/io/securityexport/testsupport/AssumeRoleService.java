package io.securityexport.testsupport;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** The roles the platform may assume, and the minting of session credentials for them. */
final class AssumeRoleService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, DefinedRole> rolesByArn = new ConcurrentHashMap<>();
    private final AtomicInteger successfulCalls = new AtomicInteger();
    private final String callerArn;
    private final BiConsumer<AccessKey, RoleArn> mintedKeyRegistrar;
    private final Clock clock;

    /**
     * @param callerArn the platform's identity, quoted in AccessDenied messages as AWS does
     * @param mintedKeyRegistrar makes a minted key usable elsewhere (the S3 server), told the role it
     *     was minted for
     */
    AssumeRoleService(String callerArn, BiConsumer<AccessKey, RoleArn> mintedKeyRegistrar, Clock clock) {
        this.callerArn = callerArn;
        this.mintedKeyRegistrar = mintedKeyRegistrar;
        this.clock = clock;
    }

    void defineRole(String roleArn, Optional<String> requiredExternalId) {
        RoleArn arn = RoleArn.parse(roleArn);
        // AWS role ids: AROA + 17 uppercase alphanumerics, stable for the role's lifetime
        rolesByArn.put(
                arn.value(), new DefinedRole(arn, requiredExternalId, "AROA" + RandomStrings.upperAlphanumeric(17)));
    }

    AssumedRole assume(AssumeRoleRequest request) {
        DefinedRole role = rolesByArn.get(request.roleArn().value());
        // AWS does not reveal whether the role is missing or its trust policy refused: same answer
        if (role == null || !role.accepts(request.externalId())) {
            throw new StsFault(
                    403,
                    "AccessDenied",
                    "User: " + callerArn + " is not authorized to perform: sts:AssumeRole on resource: "
                            + request.roleArn());
        }
        SessionCredentials credentials = new SessionCredentials(
                AccessKey.randomTemporary(), sessionToken(), clock.instant().plus(request.duration()));
        RoleArn arn = role.arn();
        mintedKeyRegistrar.accept(credentials.key(), arn);
        successfulCalls.incrementAndGet();
        return new AssumedRole(
                role.roleId() + ":" + request.roleSessionName(),
                "arn:" + arn.partition() + ":sts::" + arn.accountId() + ":assumed-role/" + arn.roleName() + "/"
                        + request.roleSessionName(),
                credentials);
    }

    int successfulCalls() {
        return successfulCalls.get();
    }

    private static String sessionToken() {
        byte[] bytes = new byte[192]; // real tokens are several hundred base64 characters
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private record DefinedRole(RoleArn arn, Optional<String> requiredExternalId, String roleId) {

        boolean accepts(Optional<String> externalId) {
            return requiredExternalId.isEmpty() || requiredExternalId.equals(externalId);
        }
    }
}
