package io.securityexport.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BinaryCopyTest {

    @Test
    void theHeaderIsTheSignatureWithoutFlagsOrExtension() {
        ByteBuf out = Unpooled.buffer();
        BinaryCopy.header(out);

        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("5047434f50590aff0d0a00" + "00000000" + "00000000");
    }

    @Test
    void aTextIsItsUtf8BytesBehindTheirLengthAndNullIsMinusOne() {
        ByteBuf out = Unpooled.buffer();
        BinaryCopy.text(out, "a\"b\\,{}\n");
        BinaryCopy.text(out, "日本🙂");
        BinaryCopy.text(out, "");
        BinaryCopy.text(out, null);

        assertThat(out.readInt()).isEqualTo(8);
        assertThat(out.readCharSequence(8, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("a\"b\\,{}\n");
        assertThat(out.readInt()).isEqualTo(3 + 3 + 4);
        assertThat(out.readCharSequence(10, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("日本🙂");
        assertThat(out.readInt()).isZero();
        assertThat(out.readInt()).isEqualTo(-1);
        assertThat(out.isReadable()).isFalse();
    }

    @Test
    void aTimestampIsMicrosecondsSince2000WithSubMicrosecondsDropped() {
        ByteBuf out = Unpooled.buffer();
        BinaryCopy.timestamptz(out, Instant.parse("2000-01-01T00:00:00.000001999Z"));
        BinaryCopy.timestamptz(out, Instant.parse("1999-12-31T23:59:59.999999Z"));
        BinaryCopy.timestamptz(out, Instant.parse("2026-11-20T13:45:12.123456Z"));

        assertThat(out.readInt()).isEqualTo(8);
        assertThat(out.readLong()).isEqualTo(1L);
        assertThat(out.readInt()).isEqualTo(8);
        assertThat(out.readLong()).isEqualTo(-1L);
        assertThat(out.readInt()).isEqualTo(8);
        assertThat(out.readLong())
                .isEqualTo((Instant.parse("2026-11-20T13:45:12Z").getEpochSecond() - 946_684_800L) * 1_000_000L
                        + 123_456L);
    }
}
