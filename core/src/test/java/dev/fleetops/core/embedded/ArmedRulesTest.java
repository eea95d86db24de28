package dev.fleetops.core.embedded;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ArmedRulesTest {

    private record Rule(String name, double probability, long limit) {
    }

    @Test
    void pick_firstApplyingRuleWithFiringsLeft_wins() {
        ArmedRules<Rule> rules = new ArmedRules<>(1, Rule::probability, Rule::limit);
        rules.add(new Rule("once", 1.0, 1));
        rules.add(new Rule("always", 1.0, -1));
        assertThat(rules.pick(r -> true).map(Rule::name)).contains("once");
        assertThat(rules.pick(r -> true).map(Rule::name)).contains("always");
        assertThat(rules.pick(r -> !r.name().equals("always")).map(Rule::name)).isEqualTo(Optional.empty());
        assertThat(rules.firedCount()).isEqualTo(2);
        rules.clear();
        assertThat(rules.pick(r -> true)).isEmpty();
    }

    @Test
    void pick_probability_isSeededAndNearItsShare() {
        ArmedRules<Rule> a = new ArmedRules<>(7, Rule::probability, Rule::limit);
        ArmedRules<Rule> b = new ArmedRules<>(7, Rule::probability, Rule::limit);
        a.add(new Rule("fifth", 0.2, -1));
        b.add(new Rule("fifth", 0.2, -1));
        int fired = 0;
        for (int i = 0; i < 5000; i++) {
            boolean fa = a.pick(r -> true).isPresent();
            assertThat(b.pick(r -> true).isPresent()).isEqualTo(fa);
            fired += fa ? 1 : 0;
        }
        assertThat(fired).isBetween(900, 1100);
    }
}
