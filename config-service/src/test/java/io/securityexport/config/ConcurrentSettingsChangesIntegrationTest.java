package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.TestResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Admins editing the same company's settings at the same moment, each reading, changing and saving with If-Match
 * and reading again when told the settings changed (412): no save is lost, none is answered with a 5xx, and the
 * versions the successful saves were answered with are exactly the versions the settings went through.
 */
@SpringBootTest(
        classes = ConfigApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + ConfigApplication.CONFIG_NAME, TestKeys.DEMO_KEYS_ALLOWED})
class ConcurrentSettingsChangesIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final String PREFIX = TestResources.uniqueName("concurrent");
    private static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("concurrent");
    private static final AccessKey CUSTOMER = INFRASTRUCTURE.s3().createUser("concurrent");
    private static final String BUCKET = TestResources.uniqueName("concurrent-bucket");
    private static final int CLIENTS = 8;
    private static final int SAVES_PER_CLIENT = 5;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.s3().createBucket(BUCKET);
        ConfigEnvironment.register(registry, INFRASTRUCTURE, DATABASE, PREFIX);
    }

    @Test
    void concurrentReadModifyWriteLoopsNeverLoseASave() throws Exception {
        WebTestClient api = TenantClients.admin(port);
        long initial = version(save(api, "start", null).getResponseHeaders().getETag());
        Map<Long, String> folderByVersion = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<CompletableFuture<Void>> loops = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                loops.add(CompletableFuture.runAsync(() -> edit(api, id, folderByVersion, unexpected), clients));
            }
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        } finally {
            clients.shutdownNow();
        }

        assertThat(unexpected).isEmpty();
        assertThat(folderByVersion).hasSize(CLIENTS * SAVES_PER_CLIENT);
        long last = initial + CLIENTS * SAVES_PER_CLIENT;
        assertThat(folderByVersion.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(initial + 1, last).boxed().toList());
        assertThat(folderByVersion.values())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, CLIENTS)
                        .boxed()
                        .flatMap(client -> IntStream.range(0, SAVES_PER_CLIENT).mapToObj(n -> folder(client, n)))
                        .toList());
        api.get()
                .uri("/shared/security-export")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("ETag", "\"" + last + "\"")
                .expectBody()
                .jsonPath("$.folderPath")
                .isEqualTo(folderByVersion.get(last));
    }

    /** One admin's loop: read, change the folder to its own marker, save with If-Match; read again on 412. */
    private static void edit(
            WebTestClient api,
            int client,
            Map<Long, String> folderByVersion,
            ConcurrentLinkedQueue<String> unexpected) {
        for (int n = 0; n < SAVES_PER_CLIENT; ) {
            String etag = api.get()
                    .uri("/shared/security-export")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .returnResult(String.class)
                    .getResponseHeaders()
                    .getETag();
            EntityExchangeResult<String> saved = save(api, folder(client, n), etag);
            int status = saved.getStatus().value();
            if (status == 200) {
                String previous =
                        folderByVersion.put(version(saved.getResponseHeaders().getETag()), folder(client, n));
                if (previous != null) {
                    unexpected.add("two saves answered with the same version: " + previous + ", " + folder(client, n));
                }
                n++;
            } else if (status != 412) {
                unexpected.add(status + " " + saved.getResponseBody());
                return;
            }
        }
    }

    private static EntityExchangeResult<String> save(WebTestClient api, String folder, String etag) {
        WebTestClient.RequestBodySpec put =
                api.put().uri("/shared/security-export?saveAnyway=true").contentType(MediaType.APPLICATION_JSON);
        if (etag != null) {
            put = put.header("If-Match", etag);
        }
        return put.bodyValue(("""
                        {"bucket":"%s","folderPath":"%s","credentials":{"method":"ACCESS_KEY","accessKeyId":"%s",\
                        "secretAccessKey":"%s"}}""").formatted(BUCKET, folder, CUSTOMER.accessKeyId(), CUSTOMER.secretAccessKey()))
                .exchange()
                .expectBody(String.class)
                .returnResult();
    }

    private static String folder(int client, int n) {
        return "client-" + client + "/save-" + n;
    }

    private static long version(String etag) {
        return Long.parseLong(etag.replace("\"", ""));
    }
}
