package dev.fleetops.core.call;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Actions, roles, permissions and audit contexts are open: modules and applications add their own. */
class OpenNamesTest {

    private static final Action ROLLOUT_BEGIN = Action.change("rollout.begin");
    private static final Action ROLLOUT_READ = Action.read("rollout.read");
    private static final Role RELEASE_MANAGER = Role.of("release-manager");

    @Test
    void action_moduleDefined_equalsByNameAndKind() {
        assertThat(Action.change("rollout.begin")).isEqualTo(ROLLOUT_BEGIN);
        assertThat(ROLLOUT_BEGIN.mutating()).isTrue();
        assertThat(ROLLOUT_BEGIN.feature()).isEqualTo("rollout");
        assertThat(ROLLOUT_BEGIN).hasToString("rollout.begin");
        assertThat(Action.hubActions()).contains(Action.TWIN_PATCH).doesNotContain(ROLLOUT_BEGIN);
    }

    @Test
    void action_badName_namesTheRuleWithoutEchoingControls() {
        assertThatThrownBy(() -> Action.change("rollout")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two or more dot-separated segments");
        assertThatThrownBy(() -> Action.read("Rollout.Begin")).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> Action.read("a.b\nFORGED")).hasMessageContaining("\\u000A")
                .hasMessageNotContaining("\n");
    }

    @Test
    void role_badName_isRefused() {
        assertThat(RELEASE_MANAGER).hasToString("release-manager");
        assertThatThrownBy(() -> Role.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Role.of("Admin")).hasMessageContaining("lower-case");
    }

    @Test
    void standard_coversModuleActionsByKind() {
        RolePermissions p = RolePermissions.standard();

        assertThat(p.allows(Role.READER, ROLLOUT_READ)).isTrue();
        assertThat(p.allows(Role.READER, ROLLOUT_BEGIN)).isFalse();
        assertThat(p.allows(Role.OPERATOR, ROLLOUT_BEGIN)).isFalse();
        assertThat(p.allows(Role.ADMINISTRATOR, ROLLOUT_BEGIN)).isTrue();
        assertThat(p.allows(Role.DEVELOPER, Action.CONFIGURATION_DELETE)).isTrue();
        assertThat(p.allows(Role.OPERATOR, Action.CONFIGURATION_DELETE)).isFalse();
    }

    @Test
    void grant_byFeatureAndName_extendsRolesAndNewOnes() {
        RolePermissions p = Authorizer.roleBased().grant(Role.OPERATOR, "rollout.*")
                .grant(RELEASE_MANAGER, "rollout.begin", "*.read");

        assertThat(p.permits(Operator.of("olga", Role.OPERATOR), ROLLOUT_BEGIN, "rollout:r1")).isTrue();
        assertThat(p.permits(Operator.of("rm", RELEASE_MANAGER), ROLLOUT_BEGIN, "rollout:r1")).isTrue();
        assertThat(p.permits(Operator.of("rm", RELEASE_MANAGER), Action.change("rollout.abort"), "rollout:r1"))
                .isFalse();
        assertThat(p.rolesPermitting(ROLLOUT_BEGIN)).containsExactly(Role.ADMINISTRATOR, Role.OPERATOR,
                RELEASE_MANAGER);
        // The standard instance is unchanged: grant returns a new one.
        assertThat(RolePermissions.standard().allows(Role.OPERATOR, ROLLOUT_BEGIN)).isFalse();
    }

    @Test
    void grant_badPattern_namesItsPositionAndTheForms() {
        assertThatThrownBy(() -> RolePermissions.none().grant(Role.READER, "twin.read", "rollout.*.begin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permission pattern 1").hasMessageContaining("'*.read'");
        assertThatThrownBy(() -> RolePermissions.none().grant(Role.READER)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void auditContext_attributes_areSortedRedactedAndValidated() {
        AuditContext c = AuditContext.of("req-42").with("wave", "2").with("rollout", "r-17")
                .with("url", "https://x/fw.bin?sv=1&sig=SECRET");

        assertThat(c.attributes().keySet()).containsExactly("rollout", "url", "wave");
        assertThat(c.attributes().get("url")).doesNotContain("SECRET");
        assertThatThrownBy(() -> c.with("operator", "mallory")).hasMessageContaining("key 'operator'");
        assertThatThrownBy(() -> c.with("note", "a\nb")).hasMessageContaining("control character at index 1");
        assertThatThrownBy(() -> AuditContext.of("has space")).hasMessageContaining("correlation id");
        assertThatThrownBy(() -> new AuditContext("x", Map.of("k", ""))).hasMessageContaining("1 to 200");
    }

    @Test
    void slf4jFormat_recordWithContext_carriesCorrelationIdAndAttributes() {
        AuditRecord r = new AuditRecord(Operator.of("alice"), ROLLOUT_BEGIN, "rollout:r-17",
                AuditRecord.Outcome.SUCCEEDED, "", "req-42", Map.of("wave", "2", "rollout", "r-17"),
                java.time.Instant.parse("2026-01-01T00:00:00Z"), "");

        assertThat(Slf4jAuditSink.format(r)).isEqualTo("time=2026-01-01T00:00:00Z correlationId=req-42 "
                + "operator=alice action=rollout.begin target=rollout:r-17 outcome=SUCCEEDED rollout=r-17 wave=2");
    }
}
