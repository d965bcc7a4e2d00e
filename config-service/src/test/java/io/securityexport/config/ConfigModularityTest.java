package io.securityexport.config;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The features of the config service (the packages under {@code io.securityexport.config}) and their boundaries:
 * no cycles between them, and each uses of another only what that one exposes — the public types of its top
 * package; everything in a sub-package ({@code web/}) is internal to its feature. Reads the compiled classes only,
 * no Spring context, so it runs with the fast tests.
 */
class ConfigModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(ConfigApplication.class);

    @Test
    void featuresHaveNoCyclesAndUseOnlyWhatOthersExpose() {
        MODULES.verify();
    }

    /** The same, said without Spring Modulith: also cycles between sub-packages inside one feature. */
    @Test
    void noPackageCycles() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.securityexport.config");
        slices().matching("io.securityexport.config.(**)")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    /** The module overview (PlantUML and a canvas per feature) in target/spring-modulith-docs, for newcomers. */
    @Test
    void writeDocumentation() {
        new Documenter(MODULES).writeDocumentation();
    }
}
