package io.securityexport.config.credentials;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.securityexport.config.ConfigProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each company's own {@link TokenBucket} of Test Credentials runs requested through the API, in this replica's
 * memory ({@link ConfigProperties.RateLimit}). A bucket untouched for {@code burst × interval} would be full again,
 * exactly like a new one, so it is dropped then: memory holds only the companies that ran the test recently, however
 * many companies there are.
 */
@Component
class CredentialTestBudget {

    private static final Logger log = LoggerFactory.getLogger(CredentialTestBudget.class);

    private final ConfigProperties.RateLimit limit;
    private final Ticker ticker;
    private final Cache<String, TokenBucket> buckets;

    @Autowired
    CredentialTestBudget(ConfigProperties properties) {
        this(properties.credentialTest().rateLimit(), Ticker.systemTicker());
    }

    CredentialTestBudget(ConfigProperties.RateLimit limit, Ticker ticker) {
        this.limit = limit;
        this.ticker = ticker;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(limit.interval().multipliedBy(limit.burst()))
                .ticker(ticker)
                .build();
    }

    /** Completes when the company may run the test now; otherwise fails with {@link TooManyCredentialTests}. */
    Mono<Void> take(String companyId) {
        return Mono.defer(() -> {
            long now = ticker.read();
            Duration wait = buckets.get(companyId, company -> new TokenBucket(limit.burst(), limit.interval(), now))
                    .take(now);
            if (wait.isZero()) {
                return Mono.empty();
            }
            // debug, not info: a scripted client would otherwise write a line per refused call
            log.debug(
                    "credential test refused, budget used up companyId={} retryAfterMs={}", companyId, wait.toMillis());
            return Mono.error(new TooManyCredentialTests(companyId, wait, limit.burst(), limit.interval()));
        });
    }

    /** How many companies' buckets are held (for tests of the memory bound). */
    long held() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
