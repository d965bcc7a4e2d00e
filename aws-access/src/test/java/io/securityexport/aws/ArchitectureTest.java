package io.securityexport.aws;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** aws-access is a library of both services: it knows neither of them, nor Spring, and has no package cycles. */
class ArchitectureTest {

    private static final JavaClasses AWS_ACCESS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.securityexport.aws");

    @Test
    void itHasNoPackageCycles() {
        slices().matching("io.securityexport.aws.(**)")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true)
                .check(AWS_ACCESS);
    }

    @Test
    void itDependsOnNoServiceAndNotOnSpring() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.securityexport.export..",
                        "io.securityexport.config..",
                        "io.securityexport.ingest..",
                        "org.springframework..")
                .check(AWS_ACCESS);
    }
}
