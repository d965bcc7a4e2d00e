package io.securityexport.config.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.securityexport.config.ConfigProperties;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Each company's budget of Test Credentials runs, on a clock the test moves. */
class CredentialTestBudgetTest {

    /** A burst of 5, 10 per minute: one run back every 6 s (the defaults). */
    private static final ConfigProperties.RateLimit LIMIT =
            new ConfigProperties.RateLimit(5, 10, Duration.ofMinutes(1));

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = nanos::get;
    private final CredentialTestBudget budget = new CredentialTestBudget(LIMIT, ticker);

    @Test
    void aCompanyGetsItsBurstThenOneRunPerIntervalAndIsToldHowLongToWait() {
        for (int run = 0; run < 5; run++) {
            allowed("acme");
        }
        assertThat(refused("acme").retryAfterSeconds()).isEqualTo(6);

        advance(Duration.ofSeconds(4));
        assertThat(refused("acme").retryAfterSeconds()).isEqualTo(2);

        advance(Duration.ofSeconds(2));
        allowed("acme");
        assertThat(refused("acme").retryAfterSeconds()).isEqualTo(6);
    }

    @Test
    void aWaitOfLessThanASecondIsToldAsOneWholeSecond() {
        for (int run = 0; run < 5; run++) {
            allowed("acme");
        }
        advance(Duration.ofMillis(5_900));
        assertThat(refused("acme").retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void refusedCallsDoNotPushTheNextRunFurtherAway() {
        for (int run = 0; run < 5; run++) {
            allowed("acme");
        }
        for (int call = 0; call < 100; call++) {
            refused("acme");
        }
        advance(Duration.ofSeconds(6));
        allowed("acme");
    }

    @Test
    void companiesNeverShareABudget() {
        for (int run = 0; run < 5; run++) {
            allowed("acme");
        }
        refused("acme");
        for (int run = 0; run < 5; run++) {
            allowed("globex");
        }
    }

    @Test
    void aQuietCompanyGetsItsWholeBurstBackAndIsNoLongerHeldInMemory() {
        for (int company = 0; company < 10_000; company++) {
            allowed("company-" + company);
        }
        assertThat(budget.held()).isEqualTo(10_000);

        advance(Duration.ofSeconds(30)); // burst × interval: every bucket is full again

        assertThat(budget.held()).isZero();
        for (int run = 0; run < 5; run++) {
            allowed("company-1");
        }
        refused("company-1");
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private void allowed(String company) {
        budget.take(company).as(StepVerifier::create).verifyComplete();
    }

    private TooManyCredentialTests refused(String company) {
        AtomicReference<TooManyCredentialTests> refusal = new AtomicReference<>();
        budget.take(company)
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(TooManyCredentialTests.class);
                    refusal.set((TooManyCredentialTests) error);
                })
                .verify();
        return refusal.get();
    }
}
