package io.securityexport.common.error;

import java.util.Optional;

/** Looking through the wrappers (CompletionException, retries, SDK client exceptions) for what really went wrong. */
public final class Causes {

    private Causes() {}

    /** Whether {@code error} or any of its causes is an instance of one of {@code types}. */
    @SafeVarargs
    public static boolean include(Throwable error, Class<? extends Throwable>... types) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first of {@code error} and its causes that is a {@code type}: the one nearest the surface. */
    public static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }
}
