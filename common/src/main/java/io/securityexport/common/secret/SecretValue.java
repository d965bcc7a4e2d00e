package io.securityexport.common.secret;

/** A secret in memory. Its {@code toString} never shows it, so it cannot leak through logs or exceptions by accident. */
public record SecretValue(String reveal) {

    @Override
    public String toString() {
        return "SecretValue[****]";
    }
}
