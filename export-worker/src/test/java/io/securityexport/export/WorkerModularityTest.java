package io.securityexport.export;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The worker's features (the packages under {@code io.securityexport.export}) keep their boundaries: no cycles
 * between them, and one uses of another only what that one exposes.
 */
class WorkerModularityTest {

    private static final JavaClasses WORKER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.securityexport.export");

    @Test
    void theFeaturesHaveNoCyclesAndUseOnlyWhatEachOtherExposes() {
        ApplicationModules.of(WorkerApplication.class).verify();
    }

    @Test
    void aDaysExportExposesNothing() {
        classes()
                .that()
                .resideInAPackage("io.securityexport.export.day..")
                .and()
                .areTopLevelClasses()
                .should()
                .notBePublic()
                .because("the day's export is one feature used by no other: everything in it is package-private")
                .check(WORKER);
    }

    @Test
    void companyClientsAreTheOnlyPublicTypeOfTheirPackage() {
        classes()
                .that()
                .resideInAPackage("io.securityexport.export.clients..")
                .and()
                .haveModifier(JavaModifier.PUBLIC)
                .should()
                .haveSimpleName("CompanyClients")
                .check(WORKER);
    }

    @Test
    void theSecretsPackageExposesNothing() {
        classes()
                .that()
                .resideInAPackage("io.securityexport.export.secrets..")
                .and()
                .areTopLevelClasses()
                .should()
                .notBePublic()
                .check(WORKER);
    }
}
