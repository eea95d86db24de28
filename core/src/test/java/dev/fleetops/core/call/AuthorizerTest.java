package dev.fleetops.core.call;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthorizerTest {

    private static final Authorizer ROLES = Authorizer.roleBased();

    private static boolean allows(Role role, Action action) {
        return ROLES.permits(Operator.of("someone", role), action, "device:d1");
    }

    @Test
    void allowAll_anyOperatorAndAction_permits() {
        for (Action action : Action.hubActions()) {
            assertThat(Authorizer.allowAll().permits(Operator.system(), action, "x")).isTrue();
        }
    }

    @Test
    void roleBased_reader_mayReadAndQueryOnly() {
        for (Action action : Action.hubActions()) {
            assertThat(allows(Role.READER, action)).as(action.id()).isEqualTo(!action.mutating());
        }
    }

    @Test
    void roleBased_operator_mayAlsoPatchTwinsRunJobsAndInvokeMethods() {
        assertThat(allows(Role.OPERATOR, Action.TWIN_PATCH)).isTrue();
        assertThat(allows(Role.OPERATOR, Action.JOB_SCHEDULE)).isTrue();
        assertThat(allows(Role.OPERATOR, Action.JOB_CANCEL)).isTrue();
        assertThat(allows(Role.OPERATOR, Action.METHOD_INVOKE)).isTrue();
        assertThat(allows(Role.OPERATOR, Action.QUERY_RUN)).isTrue();
        assertThat(allows(Role.OPERATOR, Action.CONFIGURATION_UPDATE)).isFalse();
        assertThat(allows(Role.OPERATOR, Action.DEVICE_CREATE)).isFalse();
        assertThat(allows(Role.OPERATOR, Action.DEVICE_BULK)).isFalse();
    }

    @Test
    void roleBased_developer_mayAlsoChangeConfigurationsButNotTheRegistry() {
        assertThat(allows(Role.DEVELOPER, Action.CONFIGURATION_CREATE)).isTrue();
        assertThat(allows(Role.DEVELOPER, Action.CONFIGURATION_UPDATE)).isTrue();
        assertThat(allows(Role.DEVELOPER, Action.CONFIGURATION_DELETE)).isTrue();
        assertThat(allows(Role.DEVELOPER, Action.TWIN_PATCH)).isTrue();
        assertThat(allows(Role.DEVELOPER, Action.DEVICE_DELETE)).isFalse();
    }

    @Test
    void roleBased_administrator_mayDoEverything() {
        for (Action action : Action.hubActions()) {
            assertThat(allows(Role.ADMINISTRATOR, action)).as(action.id()).isTrue();
        }
    }

    @Test
    void roleBased_operatorWithoutRoles_mayDoNothing() {
        for (Action action : Action.hubActions()) {
            assertThat(ROLES.permits(Operator.system(), action, "x")).isFalse();
        }
    }

    @Test
    void roleBased_severalRoles_allowTheUnion() {
        Operator both = Operator.of("carol", Role.READER, Role.DEVELOPER);

        assertThat(ROLES.permits(both, Action.CONFIGURATION_DELETE, "configuration:c")).isTrue();
        assertThat(ROLES.permits(both, Action.DEVICE_CREATE, "device:d")).isFalse();
    }

    @Test
    void rolesPermitting_deviceCreate_isAdministratorOnly() {
        assertThat(ROLES.rolesPermitting(Action.DEVICE_CREATE)).containsExactly(Role.ADMINISTRATOR);
        assertThat(ROLES.rolesPermitting(Action.TWIN_PATCH))
                .containsExactlyInAnyOrder(Role.OPERATOR, Role.DEVELOPER, Role.ADMINISTRATOR);
    }

    @Test
    void roleBased_customMapping_usesIt() {
        Authorizer custom = Authorizer.roleBased(Map.of(Role.READER, Set.of(Action.TWIN_READ, Action.TWIN_PATCH)));

        assertThat(custom.permits(Operator.of("r", Role.READER), Action.TWIN_PATCH, "device:d")).isTrue();
        assertThat(custom.permits(Operator.of("r", Role.READER), Action.QUERY_RUN, "x")).isFalse();
        assertThat(custom.permits(Operator.of("a", Role.ADMINISTRATOR), Action.TWIN_READ, "x")).isFalse();
        assertThat(custom.rolesPermitting(Action.TWIN_PATCH)).containsExactly(Role.READER);
    }

    @Test
    void roleBased_customMappingIsCopied_laterChangesDoNotLeakIn() {
        Set<Action> actions = new HashSet<>(Set.of(Action.TWIN_READ));
        Authorizer custom = Authorizer.roleBased(Map.of(Role.READER, actions));

        actions.add(Action.DEVICE_DELETE);

        assertThat(custom.permits(Operator.of("r", Role.READER), Action.DEVICE_DELETE, "x")).isFalse();
    }

    @Test
    void roleBased_nullAction_throws() {
        Set<Action> withNull = new java.util.HashSet<>();
        withNull.add(null);

        assertThatThrownBy(() -> Authorizer.roleBased(Map.of(Role.READER, withNull)))
                .isInstanceOf(NullPointerException.class);
    }
}
