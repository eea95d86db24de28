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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"alice\u202E", "ali\u200Bce", "alice\nbob", "al\u2066ice"})
    void new_hiddenCharacterInName_isRefusedNamingItsCodeAndPosition(String name) {
        int at = 0;
        while (!dev.fleetops.core.internal.text.Escape.isHidden(name.charAt(at))) {
            at++;
        }
        int position = at + 1;

        assertThatThrownBy(() -> new Operator(name, Set.of(Role.OPERATOR)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(String.format("operator name has the hidden character U+%04X at position %d",
                        (int) name.charAt(at), position));
    }
}
