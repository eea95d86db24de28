package dev.fleetops.core.call;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorTest {

    @Test
    void system_hasNameSystemAndNoRoles() {
        assertThat(Operator.system().name()).isEqualTo("system");
        assertThat(Operator.system().roles()).isEmpty();
    }

    @Test
    void of_roles_copiesThemImmutably() {
        Set<Role> roles = new HashSet<>(Set.of(Role.READER));
        Operator op = new Operator("alice", roles);

        roles.add(Role.ADMINISTRATOR);

        assertThat(op.roles()).containsExactly(Role.READER);
        assertThat(op.has(Role.ADMINISTRATOR)).isFalse();
        assertThatThrownBy(() -> op.roles().add(Role.OPERATOR)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructor_blankName_throws() {
        assertThatThrownBy(() -> Operator.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_nameWithLineBreak_throws() {
        assertThatThrownBy(() -> Operator.of("eve\noutcome=SUCCEEDED"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equals_sameNameAndRoles_isEqual() {
        assertThat(Operator.of("bob", Role.OPERATOR, Role.READER))
                .isEqualTo(Operator.of("bob", Role.READER, Role.OPERATOR));
    }
}
