package dev.fleetops.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of core's public API, checked over every public method of every public type outside the
 * {@code internal} packages: no method takes an {@code Optional} (callers pass a value, a documented sentinel such as
 * {@code ETag.ANY}, or call an overload), and every public method named {@code find} returns {@code Optional}.
 */
class ApiShapeTest {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fleetops.core");
    }

    private static List<JavaMethod> publicMethods() {
        List<JavaMethod> out = new ArrayList<>();
        core.stream().filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(c -> !c.getPackageName().contains(".internal"))
                .forEach(c -> c.getMethods().stream()
                        .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC)
                                || c.isInterface() && !m.getModifiers().contains(JavaModifier.PRIVATE))
                        .forEach(out::add));
        return out;
    }

    @Test
    void noPublicOrSpiMethod_takesAnOptional() {
        List<String> offenders = new ArrayList<>();
        for (JavaMethod m : publicMethods()) {
            if (m.getRawParameterTypes().stream().anyMatch(t -> t.isEquivalentTo(Optional.class))) {
                offenders.add(m.getFullName());
            }
        }
        assertThat(publicMethods()).hasSizeGreaterThan(300); // the scan sees the API
        assertThat(offenders).isEmpty();
    }

    @Test
    void everyPublicFind_returnsOptional() {
        List<String> offenders = new ArrayList<>();
        int finds = 0;
        for (JavaMethod m : publicMethods()) {
            if (m.getName().equals("find")) {
                finds++;
                if (!m.getRawReturnType().isEquivalentTo(Optional.class)) {
                    offenders.add(m.getFullName());
                }
            }
        }
        assertThat(finds).isGreaterThanOrEqualTo(4); // devices, twins, configurations, jobs
        assertThat(offenders).isEmpty();
    }
}
