package io.securityexport.common.secret;

/** A stored secret could not be sealed or opened. The message never contains key or secret material. */
public final class SecretUnreadable extends RuntimeException {
    public SecretUnreadable(String message) {
        super(message, null, false, false);
    }
}
