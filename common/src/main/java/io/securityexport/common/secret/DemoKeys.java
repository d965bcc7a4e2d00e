package io.securityexport.common.secret;

import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Keys whose secret half is public because it is committed in this repository, for demos and tests. A service
 * that finds one of them configured outside the local stack, the compose demo or a test must refuse to start:
 * anyone could open the customers' sealed secrets, or mint tokens the API accepts. The one list of them, so that
 * every service checks the same values.
 */
public final class DemoKeys {

    /** Keys that seal customers' secrets (Base64 AES-256), as committed. */
    private static final Set<String> SECRET_KEYS = Set.of(
            "7PEUz9uTnzGIUbC18PSUx21vlFAyocVPXKEGr8KekDQ=", // docker/secret-keys.env (compose demo)
            "bG9jYWwtc3RhY2stb25seS1rZXktMzItYnl0ZXMhISE=", // local-stack LocalStack.LOCAL_SECRET_KEY
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", // test-support ServiceEnvironment.TEST_SECRET_KEY
            "bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleSE="); // config-service SecretRotationIntegrationTest

    /**
     * RSA public keys (the Base64 of the X.509 key, PEM armour and line breaks removed) whose private key is
     * committed: docker/auth.env and docker/demo-jwt/public.pem, the pair of docker/demo-jwt/private.pem, which the
     * compose demo and the local stack sign with. Tests' tokens (test-support TestTokens) use a key pair made afresh
     * in each JVM, so it is on no list.
     */
    private static final Set<String> AUTH_PUBLIC_KEYS = Set.of(
            "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtTR+1d5jKA0Bf26E36YJ8yzNxbM++S/DUNPCNsdPQwIAIdqs90Of+o1z7nXVDu/"
                    + "pXs/Xf06b7bbVTdavgpd7gG5oirBA+2FZNbGJHZuImNLtfaECton/Cfs/aKlGyTi0kSWsgCaORYlr/z1cvDsbVrMYjIvfu0Zs"
                    + "AXWkyKUPfPusErCpS3U/poEYTYUPyhg6zoeuOhohir5l2sC9eJOvVXbHAG09YZG+WYCSfi4o0v/hJfZhxgv43tew5FByoMLZj2"
                    + "EQJR1QWB/Ro2G/OxGeZTsrGAwmhGPVbNUuUCLllXY+owBsQCPpzIfFPFP+bIBN4J4qWUbXk+CZrwNLE5/kRwIDAQAB");

    private DemoKeys() {}

    /** The versions among {@code keys} (version → Base64 key) whose key is a committed demo or test key. */
    public static SortedSet<Integer> demoSecretKeyVersions(Map<Integer, String> keys) {
        SortedSet<Integer> versions = new TreeSet<>();
        keys.forEach((version, key) -> {
            if (key != null && SECRET_KEYS.contains(key.strip())) {
                versions.add(version);
            }
        });
        return versions;
    }

    /** Whether {@code publicKey} (PEM, or its bare Base64) is the committed demo token-signing key. */
    public static boolean isDemoAuthPublicKey(String publicKey) {
        if (publicKey == null) {
            return false;
        }
        String base64 = publicKey
                .replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return AUTH_PUBLIC_KEYS.contains(base64);
    }
}
