package io.securityexport.config.settings;

import io.securityexport.common.export.FolderPath;
import io.securityexport.common.secret.SealedSecret;
import io.securityexport.common.secret.SecretKeyring;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Reads, validates, seals and stores a company's export settings. */
@Service
public class SettingsService {

    private static final Logger log = LoggerFactory.getLogger(SettingsService.class);
    static final String DEFAULT_REGION = "us-east-1";

    private final SettingsRepository repository;
    private final SecretKeyring keyring;
    private final Clock clock;

    SettingsService(SettingsRepository repository, SecretKeyring keyring, Clock clock) {
        this.repository = repository;
        this.keyring = keyring;
        this.clock = clock;
    }

    public Mono<ExportSettings> get(String companyId) {
        return repository.find(companyId)
                .switchIfEmpty(Mono.error(() -> new SettingsNotFound(companyId)));
    }

    public Mono<ExportSettings> put(String companyId, SettingsChange change) {
        return repository.find(companyId)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(current -> validated(companyId, change, current))
                .flatMap(settings -> repository.save(settings)
                        .filter(saved -> saved)
                        .switchIfEmpty(Mono.error(() -> new SettingsConflict(companyId)))
                        .thenReturn(settings))
                .doOnNext(saved -> log.info("export settings saved companyId={} version={} enabled={}",
                        companyId, saved.version(), saved.enabled()));
    }

    public Mono<Void> delete(String companyId) {
        return repository.delete(companyId)
                .filter(deleted -> deleted)
                .switchIfEmpty(Mono.error(() -> new SettingsNotFound(companyId)))
                .doOnNext(deleted -> log.info("export settings and secrets erased companyId={}", companyId))
                .then();
    }

    private Mono<ExportSettings> validated(String companyId, SettingsChange change, Optional<ExportSettings> current) {
        List<FieldProblem> problems = SettingsRules.check(change, current.isPresent());
        if (!problems.isEmpty()) {
            return Mono.error(new InvalidSettings(problems));
        }
        SealedSecret secret = change.secretAccessKey() != null
                ? keyring.seal(change.secretAccessKey(), companyId)
                : ((ExportCredentials.AccessKey) current.orElseThrow().credentials()).secretAccessKey();
        return Mono.just(new ExportSettings(
                companyId,
                change.enabled() == null || change.enabled(),
                change.bucket(),
                change.region() == null ? DEFAULT_REGION : change.region(),
                change.folderPath() == null ? FolderPath.DEFAULT : new FolderPath(change.folderPath()),
                change.sseAes256() != null && change.sseAes256(),
                new ExportCredentials.AccessKey(change.accessKeyId(), secret),
                current.map(ExportSettings::version).orElse(0L) + 1,
                clock.instant()));
    }
}
