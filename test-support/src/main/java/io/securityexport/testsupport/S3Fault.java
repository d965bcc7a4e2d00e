package io.securityexport.testsupport;

import java.time.Duration;
import java.util.Objects;

/** What {@link S3FaultProxy} does to a request instead of (or on top of) passing it to S3. */
public sealed interface S3Fault {

    /** 500 {@code InternalError}, as S3 answers now and then; the request never reaches S3. */
    S3Fault INTERNAL_ERROR =
            new ErrorAnswer(500, "InternalError", "We encountered an internal error. Please try again.");

    /** 503 {@code SlowDown}, S3's throttling answer; the request never reaches S3. */
    S3Fault SERVICE_UNAVAILABLE = new ErrorAnswer(503, "SlowDown", "Please reduce your request rate.");

    /** The connection is reset once the request has been read; it never reaches S3. */
    S3Fault CONNECTION_RESET = new ConnectionReset();

    /**
     * S3 handles the request, then the connection is reset instead of delivering S3's answer: the client cannot tell
     * whether its request took effect (a completed upload, a stored object).
     */
    S3Fault RESPONSE_LOST = new ResponseLost();

    /** S3 handles the request; its answer is held back this long. */
    static S3Fault slowAnswer(Duration delay) {
        return new SlowAnswer(delay);
    }

    /**
     * This error, answered only after {@code delay} in S3's place (the request never reaches S3): a request that
     * stays in flight for a while and then fails, so that others can be under way meanwhile.
     */
    static S3Fault lateError(ErrorAnswer error, Duration delay) {
        return new LateErrorAnswer(error, delay);
    }

    /** Whether the request is passed on to S3 at all. */
    boolean reachesS3();

    /** An S3 error document instead of S3's answer. */
    record ErrorAnswer(int status, String code, String message) implements S3Fault {

        @Override
        public boolean reachesS3() {
            return false;
        }
    }

    record LateErrorAnswer(ErrorAnswer error, Duration delay) implements S3Fault {

        public LateErrorAnswer {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(delay, "delay");
        }

        @Override
        public boolean reachesS3() {
            return false;
        }
    }

    record ConnectionReset() implements S3Fault {

        @Override
        public boolean reachesS3() {
            return false;
        }
    }

    record ResponseLost() implements S3Fault {

        @Override
        public boolean reachesS3() {
            return true;
        }
    }

    record SlowAnswer(Duration delay) implements S3Fault {

        public SlowAnswer {
            Objects.requireNonNull(delay, "delay");
        }

        @Override
        public boolean reachesS3() {
            return true;
        }
    }
}
