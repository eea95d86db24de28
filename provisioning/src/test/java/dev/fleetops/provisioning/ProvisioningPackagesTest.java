package dev.fleetops.provisioning;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The provisioning module builds on core's public API only, its packages form no cycle, no public method takes an
 * {@code Optional}, and no public signature shows the Azure SDK's types.
 */
class ProvisioningPackagesTest {

    private static final JavaClasses PROVISIONING = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.fleetops.provisioning");

    @Test
    void provisioning_usesNoInternalPackageOfCore() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.fleetops.core..internal..")
                .check(PROVISIONING);
    }

    @Test
    void provisioningPackages_haveNoCycle() {
        slices().matching("dev.fleetops.provisioning.(**)").should().beFreeOfCycles().allowEmptyShould(true)
                .check(PROVISIONING);
    }

    @Test
    void publicMethods_takeNoOptional_andShowNoAzureSdkType() {
        methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
                .should().notHaveRawParameterTypes(java.util.Optional.class).allowEmptyShould(true)
                .check(PROVISIONING);
        noClasses().that().arePublic().should().dependOnClassesThat()
                .resideInAnyPackage("com.microsoft.azure.sdk..").allowEmptyShould(true).check(PROVISIONING);
    }
}
