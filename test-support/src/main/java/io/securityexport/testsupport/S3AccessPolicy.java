package io.securityexport.testsupport;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which {@link S3Permission}s the embedded S3 server denies to which access keys: denials of a key
 * itself, plus those of the role it was minted for. Role denials are looked up on every request, so a
 * denial added to a role reaches keys minted for it earlier, too. Thread-safe.
 */
final class S3AccessPolicy {

    /** A denied permission, on one bucket or (empty) on all. */
    private record Denial(S3Permission permission, Optional<String> bucket) {

        boolean covers(S3Permission requested, String requestedBucket) {
            return permission == requested && (bucket.isEmpty() || bucket.get().equals(requestedBucket));
        }
    }

    private final Map<String, Set<Denial>> denialsByAccessKeyId = new ConcurrentHashMap<>();
    private final Map<String, Set<Denial>> denialsByRoleArn = new ConcurrentHashMap<>();
    private final Map<String, String> roleArnByAccessKeyId = new ConcurrentHashMap<>();

    void deny(String accessKeyId, S3Permission permission, Optional<String> bucket) {
        denialsByAccessKeyId
                .computeIfAbsent(accessKeyId, id -> ConcurrentHashMap.newKeySet())
                .add(new Denial(Objects.requireNonNull(permission, "permission"), bucket));
    }

    /** Clears the key's own denials; those of its role, if any, still apply. */
    void allowAll(String accessKeyId) {
        denialsByAccessKeyId.remove(accessKeyId);
    }

    void denyForRole(RoleArn role, S3Permission permission, Optional<String> bucket) {
        denialsByRoleArn
                .computeIfAbsent(role.value(), arn -> ConcurrentHashMap.newKeySet())
                .add(new Denial(Objects.requireNonNull(permission, "permission"), bucket));
    }

    void allowAllForRole(RoleArn role) {
        denialsByRoleArn.remove(role.value());
    }

    /** Records that STS minted the key for the role; call before the key becomes usable. */
    void bindToRole(String accessKeyId, RoleArn role) {
        roleArnByAccessKeyId.put(accessKeyId, role.value());
    }

    /** Whether any request of this key could be denied; keys without denials are served untouched. */
    boolean mayDeny(String accessKeyId) {
        return !denials(denialsByAccessKeyId, accessKeyId).isEmpty()
                || !denials(denialsByRoleArn, roleArnByAccessKeyId.get(accessKeyId))
                        .isEmpty();
    }

    boolean isDenied(String accessKeyId, S3Permission permission, String bucket) {
        return denials(denialsByAccessKeyId, accessKeyId).stream().anyMatch(d -> d.covers(permission, bucket))
                || denials(denialsByRoleArn, roleArnByAccessKeyId.get(accessKeyId)).stream()
                        .anyMatch(d -> d.covers(permission, bucket));
    }

    private static Set<Denial> denials(Map<String, Set<Denial>> denials, String key) {
        return key == null ? Set.of() : denials.getOrDefault(key, Set.of());
    }
}
