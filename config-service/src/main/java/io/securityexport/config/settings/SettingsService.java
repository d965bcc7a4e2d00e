package io.securityexport.config.settings;

import io.securityexport.common.export.FolderPath;
import io.securityexport.common.secret.SealedSecret;
import io.securityexport.common.secret.SecretKeyring;
import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.web.FieldProblem;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Reads, validates, seals and stores a company's export settings, and announces every change as
 * {@link SettingsChanged} to the features that react to it (audit, retries), without knowing them.
 */
@Service
public class SettingsService {

    private static final Logger log = LoggerFactory.getLogger(SettingsService.class);
    /** The API's documented region when a request names none: a rule of the settings, not a tuning knob. */
    static final String DEFAULT_REGION = "us-east-1";

    private final SettingsRepository repository;
    private final SecretKeyring keyring;
    private final Clock clock;
    private final SettingsEvents events;

    SettingsService(SettingsRepository repository, SecretKeyring keyring, Clock clock, SettingsEvents events) {
        this.repository = repository;
        this.keyring = keyring;
        this.clock = clock;
        this.events = events;
    }

    /** Who is changing the settings: the token's subject and email. */
    public record Editor(String id, String email) {}

    public Mono<ExportSettings> get(String companyId) {
        return repository.find(companyId).switchIfEmpty(Mono.error(() -> new SettingsNotFound(companyId)));
    }

    /**
     * Stores settings. Creating needs no version; changing existing settings needs the version the caller read
     * ({@code If-Match}), so two admins never overwrite each other unnoticed. {@code gate} sees the settings as they
     * would be saved (validated, secret sealed) and may refuse them, e.g. when Test Credentials fails.
     */
    public Mono<ExportSettings> put(
            String companyId,
            SettingsChange change,
            Optional<Long> expectedVersion,
            Editor editor,
            Function<ExportSettings, Mono<ExportSettings>> gate) {
        return repository
                .find(companyId)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(current ->
                        checkVersion(companyId, current, expectedVersion).thenReturn(current))
                .flatMap(current -> validated(companyId, change, current)
                        .flatMap(gate)
                        .flatMap(settings -> repository
                                .save(settings)
                                .filter(saved -> saved)
                                .switchIfEmpty(Mono.defer(() -> lostRace(companyId, expectedVersion)))
                                .then(events.publish(new SettingsChanged(
                                        companyId, editor.id(), editor.email(), current, Optional.of(settings))))
                                .thenReturn(settings)))
                .doOnNext(saved -> log.info(
                        "export settings saved companyId={} version={} enabled={}",
                        companyId,
                        saved.version(),
                        saved.enabled()));
    }

    /** Checks the change without storing it: the settings as they would be saved, secret sealed. */
    public Mono<ExportSettings> preview(String companyId, SettingsChange change) {
        return repository
                .find(companyId)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(current -> validated(companyId, change, current));
    }

    public Mono<Void> delete(String companyId, Optional<Long> expectedVersion, Editor editor) {
        return repository
                .find(companyId)
                .switchIfEmpty(Mono.error(() -> new SettingsNotFound(companyId)))
                .flatMap(current -> (expectedVersion.isEmpty()
                                ? Mono.<Void>empty()
                                : checkVersion(companyId, Optional.of(current), expectedVersion))
                        .then(repository.delete(companyId))
                        // a row another request deleted meanwhile was not deleted by this one: no event, 404 below
                        .flatMap(deleted -> deleted
                                ? events.publish(new SettingsChanged(
                                                companyId,
                                                editor.id(),
                                                editor.email(),
                                                Optional.of(current),
                                                Optional.empty()))
                                        .thenReturn(true)
                                : Mono.just(false)))
                .filter(deleted -> deleted)
                .switchIfEmpty(Mono.error(() -> new SettingsNotFound(companyId)))
                .doOnNext(deleted -> log.info("export settings and secrets erased companyId={}", companyId))
                .then();
    }

    /** The access key ID sent, or the stored one when the key pair was left out to keep it. */
    private static String accessKeyId(SettingsChange change, Optional<ExportSettings> current) {
        if (change.accessKeyId() != null) {
            return change.accessKeyId();
        }
        return current.map(ExportSettings::credentials)
                .map(credentials -> ((ExportCredentials.AccessKey) credentials).accessKeyId())
                .orElseThrow();
    }

    /** A secret sent again unchanged keeps its ciphertext, so only a real change shows up as one (audit, rotation). */
    private SealedSecret sealedSecret(String companyId, SettingsChange change, Optional<SealedSecret> stored) {
        if (change.secretAccessKey() == null) {
            return stored.orElseThrow();
        }
        if (stored.isPresent() && keyring.open(stored.get(), companyId).equals(change.secretAccessKey())) {
            return stored.get();
        }
        return keyring.seal(change.secretAccessKey(), companyId);
    }

    private Mono<Void> checkVersion(String companyId, Optional<ExportSettings> current, Optional<Long> expected) {
        if (current.isEmpty()) {
            return Mono.empty();
        }
        if (expected.isEmpty()) {
            return Mono.error(new PreconditionFailed(Sentence.of("problem.if-match-required.detail", companyId), true));
        }
        if (expected.get() != current.get().version()) {
            return Mono.error(stale(companyId, current.get().version()));
        }
        return Mono.empty();
    }

    /**
     * Another save got in between this one's version check and its write (Test Credentials alone takes seconds).
     * With If-Match that is the same fact as a stale If-Match found earlier, and answered the same way (412 with the
     * version now stored), so a client that reads again on 412 needs no second rule; a creation that lost to another
     * creation had no version to match: {@link SettingsConflict}.
     */
    private Mono<Boolean> lostRace(String companyId, Optional<Long> expected) {
        if (expected.isEmpty()) {
            return Mono.error(new SettingsConflict(companyId));
        }
        return repository
                .find(companyId)
                .switchIfEmpty(Mono.error(() -> new SettingsNotFound(companyId)))
                .flatMap(now -> Mono.error(stale(companyId, now.version())));
    }

    private static PreconditionFailed stale(String companyId, long currentVersion) {
        return new PreconditionFailed(
                Sentence.of("problem.stale-version.detail", companyId, String.valueOf(currentVersion)), false);
    }

    private Mono<ExportSettings> validated(String companyId, SettingsChange change, Optional<ExportSettings> current) {
        Optional<SealedSecret> storedSecret = current.map(ExportSettings::credentials)
                .filter(ExportCredentials.AccessKey.class::isInstance)
                .map(credentials -> ((ExportCredentials.AccessKey) credentials).secretAccessKey());
        List<FieldProblem> problems = SettingsRules.check(change, storedSecret.isPresent());
        if (!problems.isEmpty()) {
            return Mono.error(new InvalidSettings(problems));
        }
        ExportCredentials credentials = ExportCredentials.AssumeRole.METHOD.equals(change.credentialMethod())
                ? new ExportCredentials.AssumeRole(change.roleArn())
                : new ExportCredentials.AccessKey(
                        accessKeyId(change, current), sealedSecret(companyId, change, storedSecret));
        return Mono.just(new ExportSettings(
                companyId,
                change.enabled() == null || change.enabled(),
                change.bucket(),
                change.region() == null ? DEFAULT_REGION : change.region(),
                change.folderPath() == null ? FolderPath.DEFAULT : new FolderPath(change.folderPath()),
                change.sseAes256() != null && change.sseAes256(),
                change.gzip() != null && change.gzip(),
                credentials,
                current.map(ExportSettings::version).orElse(0L) + 1,
                clock.instant()));
    }
}
