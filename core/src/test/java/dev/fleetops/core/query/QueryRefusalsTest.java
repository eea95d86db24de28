package dev.fleetops.core.query;

import dev.fleetops.core.error.InvalidQueryException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What IoT Hub's query language refuses is refused here too, before anything is sent, with the position. */
class QueryRefusalsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM devices WHERE tags.group = 'a'",
        "SELECT * FROM devices WHERE properties.reported.Group.x = 1",
        "SELECT * FROM devices WHERE group = 1",
        "SELECT tags.group FROM devices",
    })
    void group_asAnUnescapedPathSegment_isRefusedPointingToTheEscape(String query) {
        assertThatThrownBy(() -> CompiledQuery.of(query)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("[[");
    }

    @Test
    void group_escaped_isAccepted() {
        assertThat(CompiledQuery.of("SELECT * FROM devices WHERE tags.[[group]] = 'a'").source()).isNotNull();
        assertThat(CompiledQuery.of("SELECT COUNT() AS n, tags.region FROM devices GROUP BY tags.region"))
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM devices.jobs WHERE devices.tags.region = 'eu'",
        "SELECT * FROM devices.jobs WHERE tags.region = 'eu'",
        "SELECT * FROM devices.jobs WHERE properties.reported.fw = '1.0'",
        "SELECT * FROM devices.jobs WHERE devices.jobs.status = 'completed' AND connectionState = 'Connected'",
    })
    void jobQuery_withAConditionOnTheDeviceTwin_isRefused(String query) {
        assertThatThrownBy(() -> CompiledQuery.of(query)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("devices.jobs");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM devices.jobs WHERE devices.jobs.status = 'completed'",
        "SELECT * FROM devices.jobs WHERE devices.jobs.deviceId = 'd1' AND devices.jobs.jobId = 'j1'",
        "SELECT * FROM devices.jobs WHERE status = 'failed' AND deviceId = 'd1'",
        "SELECT * FROM devices.jobs WHERE devices.jobs.outcome.deviceMethodResponse.status = 200",
    })
    void jobQuery_onJobFields_isAccepted(String query) {
        assertThat(CompiledQuery.of(query)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM devices WHERE tags.region IN []",
        "SELECT * FROM devices WHERE tags.region NIN [ ]",
    })
    void emptyInList_isRefused(String query) {
        assertThatThrownBy(() -> CompiledQuery.of(query)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM devices WHERE select = 1",
        "SELECT * FROM devices WHERE from.x = 1",
        "SELECT * FROM devices WHERE where.x = 'a'",
        "SELECT * FROM devices WHERE top > 3",
    })
    void reservedWord_asTheFirstSegmentOfAPath_isRefused(String query) {
        assertThatThrownBy(() -> CompiledQuery.of(query)).isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void lengthLimit_appliesToTheCallersText_notToARewrittenForm() {
        // "a=1" is written "a = 1" in canonical form: a query of exactly 8,192 characters grows past the limit
        String prefix = "SELECT * FROM devices WHERE ";
        StringBuilder sb = new StringBuilder(prefix);
        int i = 0;
        while (sb.length() < 8192 - 20) {
            sb.append(i == 0 ? "" : " OR ").append("tags.n=").append(i++);
        }
        while (sb.length() < 8192) {
            sb.append(' ');
        }
        String exactly = sb.toString();
        assertThat(exactly).hasSize(8192);
        assertThat(CompiledQuery.of(exactly).text().length()).isGreaterThan(8192);
        assertThatThrownBy(() -> CompiledQuery.of(exactly + " ")).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("8,192");
    }
}
