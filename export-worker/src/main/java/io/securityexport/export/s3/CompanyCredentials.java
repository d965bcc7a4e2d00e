package io.securityexport.export.s3;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.securityexport.aws.AwsClients;
import io.securityexport.aws.CustomerCredentials;
import java.time.Duration;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One credentials provider per distinct company credential, kept between jobs: an assumed role's session is reused
 * until shortly before it expires instead of calling STS for every file. Changed settings are a different key, so
 * they take effect at once; idle entries are evicted and closed.
 */
@Component
public class CompanyCredentials {

    private static final Duration IDLE = Duration.ofHours(2);

    private final AwsClients aws;
    private final Cache<CustomerCredentials, AwsCredentialsProvider> providers = Caffeine.newBuilder()
            .expireAfterAccess(IDLE)
            .maximumSize(50_000)
            .<CustomerCredentials, AwsCredentialsProvider>removalListener((key, provider, cause) -> close(provider))
            .build();

    CompanyCredentials(AwsClients aws) {
        this.aws = aws;
    }

    public AwsCredentialsProvider of(CustomerCredentials credentials) {
        return providers.get(credentials, aws::credentials);
    }

    private static void close(AwsCredentialsProvider provider) {
        if (provider instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}
