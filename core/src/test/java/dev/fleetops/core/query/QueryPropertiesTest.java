package dev.fleetops.core.query;

import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the parser and the builder: any text parses or fails with {@link InvalidQueryException}, what
 * parses renders to text that parses back equal, and every builder output does too.
 */
class QueryPropertiesTest {

    private static final List<String> VALID = List.of(
            "SELECT * FROM devices",
            "SELECT COUNT() as totalNumberOfDevices FROM devices",
            "SELECT * FROM devices WHERE tags.location.region = 'US' AND"
                    + " properties.reported.telemetryConfig.sendFrequencyInSecs >= 60",
            "SELECT * FROM devices WHERE properties.reported.connectivity IN ['wired', 'wifi']",
            "SELECT * FROM devices WHERE is_defined(properties.reported.connectivity)",
            "SELECT properties.reported.telemetryConfig.status AS status, COUNT() AS numberOfDevices FROM devices"
                    + " GROUP BY properties.reported.telemetryConfig.status",
            "SELECT DeviceId, LastActivityTime FROM devices WHERE status = 'enabled' AND connectionState ="
                    + " 'Disconnected'",
            "SELECT * FROM devices.modules WHERE properties.reported.status = 'scanning' AND deviceId IN ['device1',"
                    + " 'device2']",
            "SELECT * FROM devices.jobs WHERE devices.jobs.deviceId = 'myDeviceId' AND devices.jobs.jobType ="
                    + " 'scheduleUpdateTwin' AND devices.jobs.status = 'completed' AND devices.jobs.createdTimeUtc >"
                    + " '2016-09-01'",
            "SELECT deviceId FROM devices WHERE configurations.[[yourconfigname]].status='Applied'",
            "SELECT TOP 5 tags.a AS x, tags.[[odd key]] FROM devices WHERE NOT (tags.a + 2 * -tags.b % 3 > 0x1F"
                    + " OR tags.c NIN [\"it\\'s\", [1, [2]], null, true, -1.5e-3]) AND properties.desired.$version ="
                    + " properties.reported.lastDesiredVersion",
            "SELECT AVG(properties.reported.t), SUM(properties.reported.t), MIN(properties.reported.t),"
                    + " MAX(properties.reported.t) FROM devices.modules WHERE moduleId = '$edgeAgent'");

    private static final List<String> TOKENS = List.of("SELECT", "select", "TOP", "5", "0", "*", "FROM", "devices",
            "devices.modules", "devices.jobs", "devices.jobs.status", "WHERE", "GROUP", "BY", "AS", "AND", "OR", "NOT",
            "IN", "NIN", "(", ")", "[", "]", "[[", "]]", ",", ".", "=", "!=", "<>", "<", ">", "<=", ">=", "+", "-",
            "/", "%", "!", "'str'", "\"dq\"", "'", "\"", "\\", "'\\u12'", "'\\x'", "0x1F", "0x", "1.5e3", "1e999",
            "1.", "true", "false", "null", "undefined", "IS_DEFINED", "COUNT", "COUNT()", "AVG", "MAX", "LOWER",
            "frob", "tags.a", "tags.", "properties.reported.x", "[[odd key]]", "[[]]", "$version", "deviceId",
            "\u0000", "\n", "\uD83D\uDE00", "\uD800", "é", "@", ";", "{", "}", "--");

    private static final List<Twin> TWINS = List.of(
            Twin.builder(DeviceId.of("d1")).build(),
            Twin.builder(DeviceId.of("d2")).moduleId("m")
                    .tags(PropertyTree.parse("{\"a\":1,\"b\":\"x\",\"c\":[1,2],\"location\":{\"region\":\"US\"}}"))
                    .reported(PropertyTree.parse("{\"t\":2.5,\"x\":{\"y\":null},\"connectivity\":\"wifi\"}"))
                    .build());

    // ---- (1) any text parses or throws InvalidQueryException -------------------------------------------------

    @Property(tries = 1500)
    void parse_anyString_parsesOrThrowsInvalidQuery(@ForAll String text) {
        checkParsesOrFailsCleanly(text);
    }

    @Property(tries = 1500)
    void parse_tokenSoup_parsesOrThrowsInvalidQuery(@ForAll("tokenSoup") String text) {
        checkParsesOrFailsCleanly(text);
    }

    @Property(tries = 3000)
    void parse_mutatedValidQuery_parsesOrThrowsInvalidQuery(@ForAll("mutatedQueries") String text) {
        checkParsesOrFailsCleanly(text);
    }

    @Property(tries = 50)
    void parse_validQueries_parseAndRoundTrip(@ForAll("validQueries") String text) {
        Query q = Query.parse(text);
        assertThat(Query.parse(q.text())).isEqualTo(q);
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        Arbitrary<String> token = Arbitraries.of(TOKENS);
        Arbitrary<String> separator = Arbitraries.of(" ", "", "  ", "\t");
        return Combinators.combine(token.list().ofMaxSize(25), separator.list().ofMaxSize(25))
                .as((tokens, separators) -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < tokens.size(); i++) {
                        sb.append(tokens.get(i)).append(separators.isEmpty() ? " "
                                : separators.get(i % separators.size()));
                    }
                    return sb.toString();
                });
    }

    @Provide
    Arbitrary<String> validQueries() {
        return Arbitraries.of(VALID);
    }

    @Provide
    Arbitrary<String> mutatedQueries() {
        return Arbitraries.randomValue(QueryPropertiesTest::mutate);
    }

    private static String mutate(Random random) {
        StringBuilder sb = new StringBuilder(VALID.get(random.nextInt(VALID.size())));
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int at = sb.length() == 0 ? 0 : random.nextInt(sb.length() + 1);
            switch (random.nextInt(5)) {
                case 0: // delete a range
                    sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(6)));
                    break;
                case 1: // insert a token
                    sb.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                    break;
                case 2: // insert any character
                    sb.insert(at, (char) random.nextInt(0x10000));
                    break;
                case 3: // replace a character with a structural one
                    if (at < sb.length()) {
                        String structural = "()[]'\"\\.,=<>!-*%$_ 0aZ";
                        sb.setCharAt(at, structural.charAt(random.nextInt(structural.length())));
                    }
                    break;
                default: // duplicate a slice
                    int end = Math.min(sb.length(), at + random.nextInt(12));
                    sb.insert(at, sb.substring(at, end));
            }
        }
        return sb.toString();
    }

    /**
     * Parses {@code text} as a query and as a condition. Anything but success or InvalidQueryException fails the
     * property; what parses must also round-trip, compile and evaluate without throwing.
     */
    private static void checkParsesOrFailsCleanly(String text) {
        try {
            Query q = Query.parse(text);
            Query again = Query.parse(q.text());
            assertThat(again).isEqualTo(q);
            assertThat(again.text()).isEqualTo(q.text());
            CompiledQuery compiled = CompiledQuery.compile(q);
            if (compiled.source() == dev.fleetops.core.model.QuerySource.JOBS) {
                for (Twin t : TWINS) {
                    if (compiled.matches(t.toTree())) {
                        compiled.project(t.toTree());
                    }
                }
            } else if (compiled.isAggregate()) {
                CompiledQuery.Aggregation agg = compiled.newAggregation();
                TWINS.stream().filter(compiled::matches).forEach(agg::add);
                agg.rows();
            } else {
                for (Twin t : TWINS) {
                    assertThat(compiled.matches(t.toTree())).isEqualTo(compiled.matches(t));
                    compiled.project(t);
                }
            }
        } catch (InvalidQueryException expected) {
            assertThat(expected.getMessage()).startsWith("query: line " + expected.line() + ", column "
                    + expected.column() + ": ");
            assertThat(expected.offset()).isBetween(0, text.length());
        }
        try {
            Condition c = Condition.parse(text);
            assertThat(Condition.parse(c.text())).isEqualTo(c);
            CompiledCondition compiled = CompiledCondition.compile(c);
            for (Twin t : TWINS) {
                assertThat(compiled.matches(t.toTree())).isEqualTo(compiled.matches(t));
            }
        } catch (InvalidQueryException expected) {
            assertThat(expected.getMessage()).startsWith("condition: line ");
        }
    }

    // ---- (2) builder output renders to text that parses back equal --------------------------------------------

    @Property(tries = 2000)
    void build_anyCondition_rendersTextThatParsesBackEqual(@ForAll("conditions") Condition c) {
        Condition parsed = Condition.parse(c.text());

        assertThat(parsed).isEqualTo(c);
        assertThat(parsed.hashCode()).isEqualTo(c.hashCode());
        assertThat(parsed.text()).isEqualTo(c.text());
    }

    @Property(tries = 2000)
    void build_anyQuery_rendersTextThatParsesBackEqual(@ForAll("queries") Query.Builder builder) {
        Query q;
        try {
            q = builder.build();
        } catch (IllegalStateException e) {
            Assume.that(!e.getMessage().contains("names no job field"));
            throw e;
        }
        Query parsed = Query.parse(q.text());

        assertThat(parsed).isEqualTo(q);
        assertThat(parsed.text()).isEqualTo(q.text());
        assertThat(Query.parse(parsed.text()).text()).isEqualTo(q.text());
    }

    @Provide
    Arbitrary<Query.Builder> queries() {
        return Arbitraries.randomValue(random -> new RandomQueries(random).query(4));
    }

    @Provide
    Arbitrary<Condition> conditions() {
        return Arbitraries.randomValue(random -> new RandomQueries(random).condition(5));
    }
}
