package io.securityexport.export.day;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The bytes of file this worker holds for its uploads: every part from the moment the upload takes it until S3 has
 * answered for it (or the SDK has let go of it after a failure), as the gauge {@code export_upload_buffer_bytes}.
 * Each export also keeps its own peak ({@link Lease#peak()}), which its log line reports. The part being filled from
 * COPY is not counted: it is one more part per running export, always.
 */
@Component
class PartBuffers {

    private final AtomicLong held = new AtomicLong();

    PartBuffers(MeterRegistry meters) {
        Gauge.builder("export.upload.buffer", held, AtomicLong::get)
                .baseUnit(BaseUnits.BYTES)
                .description("bytes of upload parts held in memory, taken and not yet answered by S3")
                .register(meters);
    }

    /** One export's share of the buffers. */
    Lease lease() {
        return new Lease();
    }

    final class Lease {

        private final AtomicLong mine = new AtomicLong();
        private final AtomicLong peak = new AtomicLong();

        void take(int bytes) {
            held.addAndGet(bytes);
            peak.accumulateAndGet(mine.addAndGet(bytes), Math::max);
        }

        void release(int bytes) {
            held.addAndGet(-bytes);
            mine.addAndGet(-bytes);
        }

        /** The most this export held at once. */
        long peak() {
            return peak.get();
        }
    }
}
