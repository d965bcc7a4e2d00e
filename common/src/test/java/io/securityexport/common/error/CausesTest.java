package io.securityexport.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void aCauseIsFoundBehindAnyNumberOfWrappers() {
        Throwable wrapped = new CompletionException(new IllegalStateException(new SQLException("down")));

        assertThat(Causes.include(wrapped, SQLException.class)).isTrue();
        assertThat(Causes.include(wrapped, IOException.class, SQLException.class))
                .isTrue();
        assertThat(Causes.include(wrapped, CompletionException.class))
                .as("the error itself counts")
                .isTrue();
    }

    @Test
    void aTypeNowhereInTheChainIsNotFound() {
        Throwable wrapped = new CompletionException(new UncheckedIOException(new IOException("reset")));

        assertThat(Causes.include(wrapped, SQLException.class)).isFalse();
        assertThat(Causes.include(null, SQLException.class)).isFalse();
    }

    @Test
    void theCauseNearestTheSurfaceIsTheOneFound() {
        IllegalStateException inner = new IllegalStateException("inner");
        IllegalStateException outer = new IllegalStateException("outer", inner);
        Throwable wrapped = new CompletionException(outer);

        assertThat(Causes.find(wrapped, IllegalStateException.class)).containsSame(outer);
        assertThat(Causes.find(wrapped, SQLException.class)).isEmpty();
    }
}
