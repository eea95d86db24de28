package dev.fleetops.rollout;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The rollout module builds on core's public API only, and its own packages form no cycle. */
class RolloutPackagesTest {

    private static final JavaClasses ROLLOUT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.fleetops.rollout");

    @Test
    void rollout_usesNoInternalPackageOfCore() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.fleetops.core..internal..")
                .check(ROLLOUT);
    }

    @Test
    void rolloutPackages_haveNoCycle() {
        slices().matching("dev.fleetops.rollout.(**)").should().beFreeOfCycles().allowEmptyShould(true)
                .check(ROLLOUT);
    }
}
