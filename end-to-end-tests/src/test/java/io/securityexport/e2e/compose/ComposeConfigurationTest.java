package io.securityexport.e2e.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.testsupport.KafkaBrokerSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The root docker-compose.yml (and its env files under docker/) against what the services actually read: their
 * {@code <service>.yml} files and Dockerfiles. Needs no Docker; it catches what would otherwise only show when
 * the stack is started: a misspelt or dead variable, a missing secret, a port or host name that does not match,
 * a topic nobody creates.
 */
class ComposeConfigurationTest {

    /** Maven runs the tests in the module directory; the compose file and the services are next to it. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");

    /** {@code ${NAME}} or {@code ${NAME:default}}: an environment variable the service reads. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::([^}]*))?}");

    private static final Pattern ENV_LINE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)");
    private static final Pattern HEALTH_URL = Pattern.compile("https?://localhost:(\\d+)/actuator/health\\S*");
    private static final Pattern TOPIC_OPTION = Pattern.compile("--topic\\s+(\\S+)");
    private static final int POSTGRES_IMAGE_PORT = 5432;
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static JsonNode compose;

    static Stream<String> services() {
        return Stream.of("ingest-service", "config-service", "export-worker");
    }

    @BeforeAll
    static void readComposeFile() {
        assertThat(COMPOSE_FILE).as("docker-compose.yml at the repository root").isRegularFile();
        compose = YAML.readTree(COMPOSE_FILE.toFile());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void everyEnvironmentVariableIsReadByItsService(String name) {
        AppService service = AppService.named(name);

        List<String> unread = service.environment().keySet().stream()
                .filter(variable -> !service.placeholders().containsKey(variable))
                .map(variable -> variable + " is given to " + name + " but " + service.ymlPath()
                        + " reads no ${" + variable + "}:"
                        + " fix the name or remove it from docker-compose.yml / its env_file."
                        + " It reads: " + new TreeSet<>(service.placeholders().keySet()))
                .toList();

        assertThat(unread).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void everyVariableWithoutDefaultIsProvided(String name) {
        AppService service = AppService.named(name);

        List<String> missing = service.placeholders().values().stream()
                .filter(placeholder -> placeholder.defaultValue() == null)
                .filter(placeholder -> service.environment()
                        .getOrDefault(placeholder.name(), "")
                        .isBlank())
                .map(placeholder -> service.ymlPath() + " reads ${" + placeholder.name() + "} without a default, but "
                        + name + " gets no value for it: set it in docker-compose.yml or one of its env_file files")
                .toList();

        assertThat(missing).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void composeMapsAndHealthChecksThePortTheServiceListensOn(String name) {
        AppService service = AppService.named(name);
        String port = service.listenPort();

        assertThat(containerPorts(service.definition()))
                .as(
                        "%s listens on %s (server.port in %s); docker-compose.yml's ports must publish that container port",
                        name, port, service.ymlPath())
                .contains(port);
        String healthCheck = String.join(
                " ", strings(service.definition().path("healthcheck").path("test")));
        Matcher url = HEALTH_URL.matcher(healthCheck);
        assertThat(url.find())
                .as(
                        "%s needs a healthcheck calling http://localhost:%s/actuator/health/readiness, found: '%s'",
                        name, port, healthCheck)
                .isTrue();
        assertThat(url.group(1))
                .as("%s's healthcheck must call the port the service listens on (%s)", name, port)
                .isEqualTo(port);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void dockerfileExposesThePortComposeUses(String name) throws IOException {
        AppService service = AppService.named(name);
        JsonNode build = service.definition().path("build");
        String context =
                build.isString() ? build.asString() : build.path("context").asString("");
        assertThat(context)
                .as("%s needs build: <its module directory> in docker-compose.yml", name)
                .isNotBlank();
        Path dockerfile = ROOT.resolve(context)
                .resolve(build.path("dockerfile").asString("Dockerfile"))
                .normalize();
        assertThat(dockerfile)
                .as("the Dockerfile docker-compose.yml builds %s from", name)
                .isRegularFile();

        Set<String> exposed = new LinkedHashSet<>();
        for (String line : Files.readAllLines(dockerfile)) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equalsIgnoreCase("EXPOSE")) {
                for (int i = 1; i < words.length; i++) {
                    exposed.add(words[i].replaceFirst("/tcp$", ""));
                }
            }
        }

        assertThat(exposed)
                .as(
                        "%s must EXPOSE %s, the port %s listens on in docker-compose.yml",
                        dockerfile, service.listenPort(), name)
                .contains(service.listenPort());
    }

    @Test
    void servicesReachPostgresUnderItsComposeNameWithItsCredentials() {
        for (String name : services().toList()) {
            AppService service = AppService.named(name);
            String host = service.resolved("DATABASE_HOST");
            JsonNode postgres = composeService(host);
            assertThat(postgres.isObject())
                    .as("%s: DATABASE_HOST=%s must name the PostgreSQL service of docker-compose.yml", name, host)
                    .isTrue();
            assertThat(service.resolved("DATABASE_PORT"))
                    .as("%s: DATABASE_PORT must be the port the postgres image listens on", name)
                    .isEqualTo(String.valueOf(POSTGRES_IMAGE_PORT));
            Map<String, String> postgresEnvironment = containerEnvironment(postgres);
            Map<String, String> sameValue = Map.of(
                    "DATABASE_NAME", "POSTGRES_DB",
                    "DATABASE_USER", "POSTGRES_USER",
                    "DATABASE_PASSWORD", "POSTGRES_PASSWORD");
            sameValue.forEach((serviceVariable, postgresVariable) -> assertThat(service.resolved(serviceVariable))
                    .as(
                            "%s's %s must equal %s of the %s service, or it cannot log in",
                            name, serviceVariable, postgresVariable, host)
                    .isEqualTo(postgresEnvironment.get(postgresVariable)));
        }
    }

    @Test
    void servicesReachKafkaOnAnAdvertisedListener() {
        for (String name : services().toList()) {
            for (String address :
                    AppService.named(name).resolved("KAFKA_BOOTSTRAP_SERVERS").split("\\s*,\\s*")) {
                String host = address.replaceFirst(":\\d+$", "");
                JsonNode kafka = composeService(host);
                assertThat(kafka.isObject())
                        .as(
                                "%s: KAFKA_BOOTSTRAP_SERVERS names %s, which is no service of docker-compose.yml",
                                name, host)
                        .isTrue();
                String listeners = containerEnvironment(kafka).getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
                List<String> advertised =
                        List.of(listeners.replaceAll("[A-Za-z_]+://", "").split(","));
                assertThat(advertised)
                        .as(
                                "%s: KAFKA_BOOTSTRAP_SERVERS address %s must be one of the %s service's advertised "
                                        + "listeners (KAFKA_ADVERTISED_LISTENERS)",
                                name, address, host)
                        .contains(address);
            }
        }
    }

    /**
     * The compose broker runs as every other broker of the project (test-support's {@link KafkaBrokerSettings}: the
     * tests' and the local stack's), in particular with share groups able to carry the export jobs.
     */
    @Test
    void kafkaRunsTheProjectsBrokerImageAndSettings() {
        JsonNode kafka = composeService("kafka");
        assertThat(kafka.path("image").asString())
                .as("the kafka service's image: 4.2+ for share groups, the tag the tests run")
                .isEqualTo(KafkaBrokerSettings.IMAGE);
        assertThat(composeService("kafka-init").path("image").asString()).isEqualTo(KafkaBrokerSettings.IMAGE);
        assertThat(containerEnvironment(kafka))
                .as("the kafka service's environment holds KafkaBrokerSettings.imageEnvironment()")
                .containsAllEntriesOf(KafkaBrokerSettings.imageEnvironment());
    }

    @Test
    void exportWorkerWritesToMinioWithPathStyleAddressing() {
        AppService worker = AppService.named("export-worker");
        String endpoint = worker.resolved("S3_ENDPOINT");
        assertThat(endpoint)
                .as("export-worker: S3_ENDPOINT must point at the MinIO service (empty means real AWS)")
                .isNotBlank();
        URI uri = URI.create(endpoint);
        JsonNode minio = composeService(uri.getHost());
        assertThat(minio.isObject())
                .as("export-worker: S3_ENDPOINT=%s must name a service of docker-compose.yml", endpoint)
                .isTrue();
        String address = optionValue(strings(minio.path("command")), "--address");
        assertThat(String.valueOf(uri.getPort()))
                .as(
                        "export-worker: S3_ENDPOINT's port must be the S3 API port of %s (its command's --address %s)",
                        uri.getHost(), address)
                .isEqualTo(address.substring(address.lastIndexOf(':') + 1));
        assertThat(worker.resolved("S3_PATH_STYLE"))
                .as(
                        "export-worker: S3_PATH_STYLE must be true; virtual-host style would ask DNS for <bucket>.%s",
                        uri.getHost())
                .isEqualTo("true");
    }

    @Test
    void configServiceAndExportWorkerShareTheSecretKeys() {
        AppService config = AppService.named("config-service");
        AppService worker = AppService.named("export-worker");
        Set<String> keyVariables = new TreeSet<>();
        config.placeholders().keySet().stream()
                .filter(v -> v.startsWith("SECRET_KEY_V"))
                .forEach(keyVariables::add);
        worker.placeholders().keySet().stream()
                .filter(v -> v.startsWith("SECRET_KEY_V"))
                .forEach(keyVariables::add);
        assertThat(keyVariables)
                .as("secret key placeholders in the services' yml")
                .isNotEmpty();

        assertThat(config.resolved("SECRET_KEY_V1"))
                .as("SECRET_KEY_V1: config-service gets no value for it")
                .isNotBlank();
        for (String variable : keyVariables) {
            // later versions are rotation slots that may stay empty, but never differ between the two services
            String key = config.resolved(variable);
            assertThat(worker.resolved(variable))
                    .as(
                            "%s: export-worker must get the config service's key, or it cannot open the secrets it sealed",
                            variable)
                    .isEqualTo(key);
            if (key != null && !key.isBlank()) {
                assertThat(Base64.getDecoder().decode(key))
                        .as("%s must be 32 random bytes in Base64 (AES-256), e.g. openssl rand -base64 32", variable)
                        .hasSize(32);
            }
        }
    }

    @Test
    void topicInitCreatesTheTopicsTheServicesUse() {
        Map<String, String> used = new LinkedHashMap<>(); // topic → who uses it, for the messages
        for (String name : services().toList()) {
            AppService service = AppService.named(name);
            service.placeholders().keySet().stream()
                    .filter(variable -> variable.endsWith("_TOPIC"))
                    .forEach(variable -> used.merge(
                            service.resolved(variable), name + " (" + variable + ")", (a, b) -> a + ", " + b));
        }
        Map<String, String> created = topicsCreated();

        assertThat(created.keySet())
                .as(
                        "topics the services use (%s); the kafka-init service of docker-compose.yml must create each of "
                                + "them with kafka-topics.sh --create --topic <name>, and nothing else",
                        used)
                .containsExactlyInAnyOrderElementsOf(used.keySet());
        String dashboardUsers = AppService.named("ingest-service").resolved("DASHBOARD_USERS_TOPIC");
        assertThat(created.get(dashboardUsers))
                .as(
                        "%s holds the latest state per user: kafka-init must create it with "
                                + "--config cleanup.policy=compact",
                        dashboardUsers)
                .contains("cleanup.policy=compact");
    }

    @Test
    void demoUserCanBeEnteredAsExportCredentials() {
        Map<String, String> minioInit = containerEnvironment(composeService("minio-init"));

        assertThat(minioInit.get("DEMO_ACCESS_KEY_ID"))
                .as("minio-init's DEMO_ACCESS_KEY_ID: the config service only takes AKIA + 16 uppercase letters/digits")
                .matches("AKIA[A-Z0-9]{16}");
        assertThat(minioInit.get("DEMO_SECRET_ACCESS_KEY"))
                .as("minio-init's DEMO_SECRET_ACCESS_KEY: the config service only accepts 40 of [A-Za-z0-9/+]")
                .matches("[A-Za-z0-9/+]{40}");
        assertThat(minioInit.get("DEMO_BUCKET"))
                .as("minio-init's DEMO_BUCKET must be a valid S3 bucket name")
                .matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    }

    /** One of the three services: its definition in docker-compose.yml and what its own yml file reads. */
    private record AppService(
            String name,
            JsonNode definition,
            Map<String, String> environment,
            Map<String, Placeholder> placeholders,
            JsonNode yml,
            String ymlPath) {

        static AppService named(String name) {
            JsonNode definition = composeService(name);
            assertThat(definition.isObject())
                    .as("docker-compose.yml must define the service %s", name)
                    .isTrue();
            String ymlPath = name + "/src/main/resources/" + name + ".yml";
            JsonNode yml = YAML.readTree(ROOT.resolve(ymlPath).toFile());
            Map<String, Placeholder> placeholders = new LinkedHashMap<>();
            collectPlaceholders(yml, placeholders);
            return new AppService(name, definition, containerEnvironment(definition), placeholders, yml, ymlPath);
        }

        /** The value the service ends up with: compose's, or else the yml default (null if it has none). */
        String resolved(String variable) {
            assertThat(placeholders).as("%s must read ${%s}", ymlPath, variable).containsKey(variable);
            return environment.getOrDefault(variable, placeholders.get(variable).defaultValue());
        }

        String listenPort() {
            String serverPort = yml.path("server").path("port").asString("");
            assertThat(serverPort).as("server.port in %s", ymlPath).isNotBlank();
            Matcher placeholder = PLACEHOLDER.matcher(serverPort);
            return placeholder.matches() ? resolved(placeholder.group(1)) : serverPort;
        }
    }

    private record Placeholder(String name, String defaultValue) {}

    private static void collectPlaceholders(JsonNode node, Map<String, Placeholder> into) {
        if (node.isContainer()) {
            node.values().forEach(child -> collectPlaceholders(child, into));
        } else if (node.isString()) {
            Matcher matcher = PLACEHOLDER.matcher(node.asString());
            while (matcher.find()) {
                into.putIfAbsent(matcher.group(1), new Placeholder(matcher.group(1), matcher.group(2)));
            }
        }
    }

    private static JsonNode composeService(String name) {
        return compose.path("services").path(name);
    }

    /** What a container gets: its env_file files in order, then its environment, which wins. */
    private static Map<String, String> containerEnvironment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode envFiles = service.path("env_file");
        for (JsonNode envFile : envFiles.isArray() ? envFiles.values() : List.of(envFiles)) {
            String path = envFile.isObject() ? envFile.path("path").asString("") : envFile.asString("");
            if (!path.isEmpty()) {
                environment.putAll(readEnvFile(ROOT.resolve(path)));
            }
        }
        JsonNode variables = service.path("environment");
        if (variables.isObject()) {
            variables
                    .properties()
                    .forEach(entry ->
                            environment.put(entry.getKey(), entry.getValue().asString("")));
        } else {
            for (String line : strings(variables)) {
                String[] pair = line.split("=", 2);
                environment.put(pair[0], pair.length == 2 ? pair[1] : "");
            }
        }
        return environment;
    }

    private static Map<String, String> readEnvFile(Path file) {
        assertThat(file).as("env_file named in docker-compose.yml").isRegularFile();
        Map<String, String> variables = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                Matcher pair = ENV_LINE.matcher(trimmed);
                assertThat(pair.matches())
                        .as("%s: '%s' is not KEY=VALUE", file, line)
                        .isTrue();
                variables.put(pair.group(1), pair.group(2).replaceAll("^([\"'])(.*)\\1$", "$2"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return variables;
    }

    /** Container side of each {@code ports} entry ("127.0.0.1:8081:8081", "8081:8081", "8081" or long syntax). */
    private static List<String> containerPorts(JsonNode service) {
        List<String> ports = new ArrayList<>();
        for (JsonNode port : service.path("ports").values()) {
            String target = port.isObject() ? port.path("target").asString("") : port.asString("");
            ports.add(target.substring(target.lastIndexOf(':') + 1).replaceFirst("/tcp$", ""));
        }
        return ports;
    }

    /** Topic name → the command line creating it, from the service that runs kafka-topics.sh --create. */
    private static Map<String, String> topicsCreated() {
        Map<String, String> topics = new LinkedHashMap<>();
        for (JsonNode service : compose.path("services").values()) {
            String script = String.join("\n", strings(service.path("entrypoint"))) + "\n"
                    + String.join("\n", strings(service.path("command")));
            if (!script.contains("kafka-topics.sh")) {
                continue;
            }
            for (String line : script.split("\n")) {
                Matcher topic = TOPIC_OPTION.matcher(line);
                if (topic.find()) {
                    topics.put(topic.group(1), line);
                }
            }
        }
        return topics;
    }

    private static List<String> strings(JsonNode node) {
        if (node.isArray()) {
            return node.values().stream().map(value -> value.asString("")).toList();
        }
        return node.isMissingNode() || node.isNull() ? List.of() : List.of(node.asString(""));
    }

    private static String optionValue(List<String> arguments, String option) {
        int index = arguments.indexOf(option);
        return index >= 0 && index + 1 < arguments.size() ? arguments.get(index + 1) : "";
    }

    @Test
    void theDemoUsersPolicyGrantsEveryActionCustomersAreToldToGrant() throws Exception {
        String script = java.nio.file.Files.readString(java.nio.file.Path.of("../docker/minio/create-demo-bucket.sh"));
        java.util.Set<String> granted = new java.util.TreeSet<>();
        java.util.regex.Matcher action =
                java.util.regex.Pattern.compile("\"(s3:\\w+)\"").matcher(script);
        while (action.find()) {
            granted.add(action.group(1));
        }
        java.util.Set<String> required = new java.util.TreeSet<>();
        io.securityexport.config.trust.AwsPolicies.permissionPolicy("bucket", "folder")
                .get("Statement")
                .forEach(statement -> statement.get("Action").forEach(name -> required.add(name.asString())));

        assertThat(granted)
                .as("docker/minio/create-demo-bucket.sh must grant what aws-trust tells customers to grant, or Test"
                        + " Credentials refuses the compose demo's settings")
                .containsAll(required);
    }
}
