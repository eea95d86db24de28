package dev.fleetops.core;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The package graph of core's main classes is a DAG, and an {@code internal} package is used only by the package
 * that owns it (its parent) and that parent's sub-packages. These rules are what keeps the modules built on core
 * away from its internals.
 */
class PackageGraphTest {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fleetops.core");
    }

    /** Each package is its own slice: a cycle between any two packages fails. */
    static ArchRule noPackageCycles() {
        return slices().matching("dev.fleetops.(**)").should().beFreeOfCycles();
    }

    /** A class may depend on {@code a.b.internal..} only if it lives in {@code a.b} or below. */
    static ArchRule internalsStayHome() {
        return classes().should(new ArchCondition<JavaClass>("use an internal package only from the package that owns it") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    int at = target.indexOf(".internal");
                    if (!target.startsWith("dev.fleetops.") || at < 0) {
                        continue;
                    }
                    String owner = target.substring(0, at);
                    String from = item.getPackageName();
                    if (!(from.equals(owner) || from.startsWith(owner + "."))) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        });
    }

    @Test
    void packages_haveNoCycles() {
        noPackageCycles().check(core);
    }

    @Test
    void internalPackages_areUsedOnlyByTheirOwners() {
        internalsStayHome().check(core);
    }

    @Test
    void moduleLikeComponent_usesThePublicSeamOnly() {
        // The example component in dev.fleetops.example stands for rollout, provisioning and monitoring: it must
        // get everything it needs without touching an internal package of core.
        JavaClasses example = new ClassFileImporter().importPackages("dev.fleetops.example");
        assertThat(example.size()).isGreaterThanOrEqualTo(3);
        internalsStayHome().check(example);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("..internal..").check(example);
    }

    @Test
    void rules_failOnACycleAndOnAForeignInternalImport() {
        // The rules are only worth something if they can fail: a test-only class outside query that imports
        // query.internal, and two test packages that import each other.
        JavaClasses offenders = new ClassFileImporter().importPackages("dev.fleetops.core.packagegraph");
        assertThat(offenders.size()).isGreaterThanOrEqualTo(3);
        assertThatThrownBy(() -> noPackageCycles().check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected");
        assertThatThrownBy(() -> internalsStayHome().check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.fleetops.core.query.internal");
    }
}
