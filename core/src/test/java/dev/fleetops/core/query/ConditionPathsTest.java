package dev.fleetops.core.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Condition#paths()}: every path a condition reads, once, in order of first appearance. */
class ConditionPathsTest {

    @Test
    void paths_areListedOnceInOrder_fromComparisonsInsArithmeticAndIsDefined() {
        Condition c = Condition.parse("properties.reported.firmware.version = '2.0' AND (tags.region IN ['eu', 'us'] "
                + "OR NOT IS_DEFINED(properties.reported.firmware.state)) AND properties.reported.battery * 2 > "
                + "tags.threshold AND tags.region != 'ap'");

        assertThat(c.paths()).extracting(Path::text).containsExactly("properties.reported.firmware.version",
                "tags.region", "properties.reported.firmware.state", "properties.reported.battery", "tags.threshold");
    }

    @Test
    void aConditionWithoutPaths_hasNone() {
        assertThat(Condition.parse("1 = 1").paths()).isEmpty();
    }
}
