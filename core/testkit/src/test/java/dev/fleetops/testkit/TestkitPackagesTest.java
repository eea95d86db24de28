package dev.fleetops.testkit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The testkit is built like a module on core: core's public API only, and no package cycle of its own. */
class TestkitPackagesTest {

    private static JavaClasses testkit() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fleetops.testkit");
    }

    @Test
    void testkit_usesNoInternalPackageOfCore() {
        JavaClasses classes = testkit();
        assertThat(classes.size()).isGreaterThan(10);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.fleetops.core..internal..")
                .check(classes);
    }

    @Test
    void testkit_hasNoPackageCycle() {
        slices().matching("dev.fleetops.(**)").should().beFreeOfCycles().check(testkit());
    }
}
