package io.securityexport.common.error;

/** Looking through the wrappers (CompletionException, retries, SDK client exceptions) for what really went wrong. */
public final class Causes {

    private Causes() {
    }

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
}
