package io.securityexport.ingest;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The ingest service's features — {@code events}, {@code directory}, {@code partitions}, {@code isolation},
 * {@code progress} — depend on each other only through what each exposes in its top package, without cycles.
 * A new dependency between features shows up here first. The module diagram is written to {@code target/spring-modulith-docs}.
 */
class IngestModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(IngestApplication.class);

    @Test
    void featuresDependOnEachOtherOnlyThroughTheirApiAndWithoutCycles() {
        MODULES.verify();
    }

    @Test
    void writesTheModuleDocumentation() {
        new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
