package dev.fleetops.core.query;

import dev.fleetops.core.error.InvalidQueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class QueryParseTest {

    private static InvalidQueryException queryError(String text) {
        InvalidQueryException e = catchThrowableOfType(InvalidQueryException.class, () -> Query.parse(text));
        assertThat(e).as("parse of %s", text).isNotNull();
        return e;
    }

    private static InvalidQueryException conditionError(String text) {
        InvalidQueryException e = catchThrowableOfType(InvalidQueryException.class, () -> Condition.parse(text));
        assertThat(e).as("parse of %s", text).isNotNull();
        return e;
    }

    private static String canonical(String text) {
        Query q = Query.parse(text);
        assertThat(Query.parse(q.text())).isEqualTo(q);
        return q.text();
    }

    private static String canonicalCondition(String text) {
        Condition c = Condition.parse(text);
        assertThat(Condition.parse(c.text())).isEqualTo(c);
        return c.text();
    }

    // ---- errors -------------------------------------------------------------------------------------------

    @Test
    void parse_misspelledFrom_namesLineColumnAndExpectedToken() {
        InvalidQueryException e = queryError("SELECT * FORM devices");

        assertThat(e).hasMessage("query: line 1, column 10: expected FROM but found 'FORM'");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(10);
        assertThat(e.offset()).isEqualTo(9);
        assertThat(e.expected()).isEqualTo("FROM");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void parse_errorOnLaterLine_countsLinesAndColumns() {
        InvalidQueryException e = queryError("SELECT *\nFROM devices\n  WHERE tags.x = = 1");

        assertThat(e).hasMessage("query: line 3, column 18: expected a value but found '='");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(18);
    }

    @Test
    void parse_emptyText_expectsSelect() {
        assertThat(queryError("")).hasMessage("query: line 1, column 1: expected SELECT but found end of text");
        assertThat(queryError("   ").expected()).isEqualTo("SELECT");
    }

    @Test
    void parse_missingCollection_expectsCollection() {
        assertThat(queryError("SELECT * FROM")).hasMessage(
                "query: line 1, column 14: expected devices, devices.modules or devices.jobs but found end of text");
        assertThat(queryError("SELECT * FROM twins").expected()).isEqualTo("devices, devices.modules or devices.jobs");
        assertThat(queryError("SELECT * FROM devices.things").column()).isEqualTo(15);
    }

    @Test
    void parse_emptyWhere_expectsCondition() {
        assertThat(queryError("SELECT * FROM devices WHERE")).hasMessage(
                "query: line 1, column 28: expected a condition but found end of text");
    }

    @Test
    void parse_garbageAfterCondition_expectsOperatorOrEnd() {
        InvalidQueryException e = queryError("SELECT * FROM devices WHERE tags.a = 1 ANDD tags.b = 2");

        assertThat(e).hasMessage("query: line 1, column 40: expected AND, OR, GROUP BY or end of query but found"
                + " 'ANDD'");
    }

    @Test
    void parse_unknownCharacter_isReportedWhereTheParserIs() {
        assertThat(queryError("SELECT * FROM devices WHERE tags.a == 1")).hasMessage(
                "query: line 1, column 37: expected a value but found '='");
        assertThat(queryError("SELECT * FROM devices WHERE tags.a = @x")).hasMessage(
                "query: line 1, column 38: expected a value but found '@'");
        assertThat(queryError("SELECT * FROM devices WHERE tags.a ! 1")).hasMessage(
                "query: line 1, column 36: expected AND, OR, GROUP BY or end of query but found '!'");
    }

    @Test
    void parse_unclosedParenthesis_expectsClosingParenthesis() {
        assertThat(queryError("SELECT * FROM devices WHERE (tags.a = 1")).hasMessage(
                "query: line 1, column 40: expected ')' but found end of text");
    }

    @Test
    void parse_unterminatedString_pointsAtOpeningQuote() {
        InvalidQueryException e = queryError("SELECT * FROM devices WHERE tags.a = 'eu");

        assertThat(e).hasMessage("query: line 1, column 38: expected a closing ' for the string that starts here"
                + " but found end of text");
    }

    @Test
    void parse_unknownEscape_namesTheAcceptedEscapes() {
        InvalidQueryException e = queryError("SELECT * FROM devices WHERE tags.a = 'a\\nb'");

        assertThat(e).hasMessage("query: line 1, column 40: expected an escape \\' \\\" \\\\ or \\uXXXX but found"
                + " '\\n'");
    }

    @Test
    void parse_shortUnicodeEscape_expectsFourHexDigits() {
        assertThat(queryError("SELECT * FROM devices WHERE tags.a = '\\u12g4'").expected())
                .isEqualTo("four hexadecimal digits after \\u");
    }

    @Test
    void parse_unclosedEscapedName_expectsClosingBrackets() {
        assertThat(queryError("SELECT * FROM devices WHERE tags.[[odd = 1").expected())
                .isEqualTo("']]' to close the name that starts with '[['");
        assertThat(queryError("SELECT * FROM devices WHERE tags.[[]] = 1").expected())
                .isEqualTo("a name inside [[ ]]");
    }

    @Test
    void parse_danglingDot_expectsPropertyName() {
        InvalidQueryException e = queryError("SELECT * FROM devices WHERE tags. = 1");

        assertThat(e).hasMessage("query: line 1, column 34: expected a property name or [[name]] after '.' but found"
                + " ' '");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.", "1.e5", "1e", "1e+", "0x", "0xG"})
    void parse_malformedNumber_isRefused(String number) {
        assertThat(conditionError("tags.a = " + number).getMessage()).startsWith("condition: line 1, column ");
    }

    @Test
    void parse_numberBeyondDouble_isRefused() {
        assertThat(conditionError("tags.a = 1e400").expected())
                .isEqualTo("a number of magnitude at most 1.7976931348623157E308");
        assertThat(conditionError("tags.a = 0x10000000000000000").expected())
                .isEqualTo("a hexadecimal number of at most 0x7FFFFFFFFFFFFFFF");
    }

    @Test
    void parse_textOver8192Characters_isRefused() {
        String base = "SELECT * FROM devices WHERE tags.a = '";
        String ok = base + "x".repeat(8192 - base.length() - 1) + "'";
        String tooLong = base + "x".repeat(8192 - base.length()) + "'";

        assertThat(ok).hasSize(8192);
        assertThat(Query.parse(ok).text()).isEqualTo(ok);
        InvalidQueryException e = queryError(tooLong);
        assertThat(e).hasMessage("query: line 1, column 8193: expected at most 8,192 characters but found 8,193"
                + " characters");
        assertThat(e.offset()).isEqualTo(8192);
        assertThat(conditionError("a".repeat(9000)).expected()).isEqualTo("at most 8,192 characters");
    }

    @Test
    void parse_theLimitIsOnTheCallersText_notOnTheCanonicalForm() {
        // IoT Hub counts the text it is sent, and the backends send the caller's text as given
        StringBuilder dense = new StringBuilder("SELECT * FROM devices WHERE a=0");
        while (dense.length() < 8100) {
            dense.append(" OR a=0");
        }
        assertThat(dense.length()).isLessThanOrEqualTo(8192);
        assertThat(CompiledQuery.of(dense.toString()).text().length()).isGreaterThan(8192);
        String rawControlCharacters = "x = '" + "\u0001".repeat(2000) + "'"; // each becomes a 6-character escape
        assertThat(CompiledCondition.of(rawControlCharacters)).isNotNull();
        assertThat(conditionError("x = '" + "y".repeat(8190) + "'").expected()).isEqualTo("at most 8,192 characters");
    }

    @Test
    void parse_deepNesting_isRefusedWithClearError() {
        String deep = "SELECT * FROM devices WHERE " + "(".repeat(101) + "tags.a = 1" + ")".repeat(101);
        String fine = "SELECT * FROM devices WHERE " + "(".repeat(100) + "tags.a = 1" + ")".repeat(100);

        assertThat(queryError(deep)).hasMessage("query: line 1, column 129: expected at most 100 levels of nesting"
                + " (parentheses, NOT, minus signs, arrays) but found more");
        assertThat(Query.parse(fine).text()).isEqualTo("SELECT * FROM devices WHERE tags.a = 1");
        assertThat(conditionError("NOT ".repeat(101) + "true").expected()).startsWith("at most 100 levels");
        assertThat(conditionError("tags.a = " + "-".repeat(101) + "1").expected()).startsWith("at most 100 levels");
        assertThat(conditionError("tags.a IN " + "[ ".repeat(101) + "]".repeat(101)).expected())
                .startsWith("at most 100 levels");
    }

    @Test
    void parse_veryDeepNesting_neverOverflowsTheStack() {
        String text = "SELECT * FROM devices WHERE " + "(".repeat(4000) + "x" + ")".repeat(4000);

        assertThat(queryError(text).expected()).startsWith("at most 100 levels");
        assertThat(conditionError("NOT ".repeat(2000) + "x").expected()).startsWith("at most 100 levels");
    }

    @Test
    void parse_longFlatChains_parseWithoutDeepRecursion() {
        StringBuilder and = new StringBuilder("tags.a = 0");
        StringBuilder sum = new StringBuilder("tags.a = 1");
        for (int i = 1; i < 500; i++) {
            and.append(" AND tags.a = ").append(i % 10);
        }
        for (int i = 1; i < 2000; i++) {
            sum.append(" + 1");
        }

        assertThat(canonicalCondition(and.toString())).isEqualTo(and.toString());
        assertThat(canonicalCondition(sum.toString())).isEqualTo(sum.toString());
    }

    // ---- functions ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ABS", "EXP", "POWER", "SQUARE", "CEILING", "FLOOR", "SIGN", "SQRT", "AS_NUMBER",
        "IS_ARRAY", "IS_BOOL", "IS_NULL", "IS_NUMBER", "IS_OBJECT", "IS_PRIMITIVE", "IS_STRING", "CONCAT", "LENGTH",
        "LOWER", "UPPER", "SUBSTRING", "INDEX_OF", "STARTS_WITH", "ENDS_WITH", "CONTAINS"})
    void parse_routingOnlyFunction_isRefusedAsRoutingOnly(String function) {
        InvalidQueryException e = queryError("SELECT * FROM devices WHERE " + function.toLowerCase(Locale.ROOT)
                + "(tags.a) = 1");

        assertThat(e.getMessage()).startsWith("query: line 1, column 29: IoT Hub accepts the function " + function
                + " only in message-routing queries");
        assertThat(e.expected()).isEqualTo("IS_DEFINED");
    }

    @Test
    void parse_routingOnlyFunctionInSelect_isRefusedAsRoutingOnly() {
        assertThat(queryError("SELECT LOWER(tags.a) FROM devices").getMessage())
                .contains("IoT Hub accepts the function LOWER only in message-routing queries");
    }

    @Test
    void parse_unknownFunction_isRefusedPlainly() {
        InvalidQueryException e = conditionError("frobnicate(tags.a)");

        assertThat(e.getMessage()).startsWith("condition: line 1, column 1: unknown function 'frobnicate'");
        assertThat(e.getMessage()).doesNotContain("routing");
    }

    @Test
    void parse_isDefined_isCaseInsensitiveAndTakesOnlyAPath() {
        assertThat(canonicalCondition("is_defined(tags.a)")).isEqualTo("IS_DEFINED(tags.a)");
        assertThat(canonicalCondition("Is_Defined ( tags.a )")).isEqualTo("IS_DEFINED(tags.a)");
        assertThat(conditionError("IS_DEFINED('a')").expected()).isEqualTo("an attribute path");
        assertThat(conditionError("IS_DEFINED(tags.a, tags.b)").expected()).isEqualTo("')'");
    }

    @Test
    void parse_aggregateInWhere_isRefused() {
        assertThat(queryError("SELECT * FROM devices WHERE COUNT() > 1").getMessage())
                .endsWith("expected a value but found the aggregate COUNT, which IoT Hub accepts only in SELECT");
    }

    @Test
    void parse_isDefinedInSelect_isRefused() {
        assertThat(queryError("SELECT IS_DEFINED(tags.a) FROM devices").getMessage())
                .contains("IS_DEFINED, which IoT Hub accepts only in WHERE");
    }

    // ---- literals -------------------------------------------------------------------------------------------

    @Test
    void parse_keywordConstants_areCaseInsensitive() {
        assertThat(canonicalCondition("tags.a = TRUE OR tags.a = False OR tags.a = NULL OR tags.a = Undefined"))
                .isEqualTo("tags.a = true OR tags.a = false OR tags.a = null OR tags.a = undefined");
    }

    @Test
    void parse_numbers_areNormalised() {
        assertThat(canonicalCondition("tags.a = 42")).isEqualTo("tags.a = 42");
        assertThat(canonicalCondition("tags.a = 2.0")).isEqualTo("tags.a = 2");
        assertThat(canonicalCondition("tags.a = 2.5")).isEqualTo("tags.a = 2.5");
        assertThat(canonicalCondition("tags.a = 1.5e3")).isEqualTo("tags.a = 1500");
        assertThat(canonicalCondition("tags.a = 15E-1")).isEqualTo("tags.a = 1.5");
        assertThat(canonicalCondition("tags.a = 1e-7")).isEqualTo("tags.a = 1.0E-7");
        assertThat(canonicalCondition("tags.a = 1e300")).isEqualTo("tags.a = 1.0E300");
        assertThat(canonicalCondition("tags.a = 007")).isEqualTo("tags.a = 7");
        assertThat(canonicalCondition("tags.a = 0x1F")).isEqualTo("tags.a = 31");
        assertThat(canonicalCondition("tags.a = 0XfF")).isEqualTo("tags.a = 255");
        assertThat(canonicalCondition("tags.a = -5")).isEqualTo("tags.a = -5");
        assertThat(canonicalCondition("tags.a = - 5")).isEqualTo("tags.a = -5");
        assertThat(canonicalCondition("tags.a = -(-5)")).isEqualTo("tags.a = 5");
        assertThat(canonicalCondition("tags.a = 9223372036854775807")).isEqualTo("tags.a = 9223372036854775807");
        assertThat(canonicalCondition("tags.a = -9223372036854775808")).isEqualTo("tags.a = -9223372036854775808");
        assertThat(canonicalCondition("tags.a = 9223372036854775808")).isEqualTo("tags.a = 9.223372036854776E18");
    }

    @Test
    void parse_strings_acceptBothQuotesAndTheirEscapes() {
        assertThat(canonicalCondition("tags.a = \"eu\"")).isEqualTo("tags.a = 'eu'");
        assertThat(canonicalCondition("tags.a = 'it\\'s'")).isEqualTo("tags.a = \"it's\"");
        assertThat(canonicalCondition("tags.a = \"it's\"")).isEqualTo("tags.a = \"it's\"");
        assertThat(canonicalCondition("tags.a = 'it\\'s \\\"x\\\"'")).isEqualTo("tags.a = 'it\\'s \"x\"'");
        assertThat(canonicalCondition("tags.a = '\\'\\'\\\"'")).isEqualTo("tags.a = \"''\\\"\"");
        assertThat(canonicalCondition("tags.a = \"say \\\"hi\\\"\"")).isEqualTo("tags.a = 'say \"hi\"'");
        assertThat(canonicalCondition("tags.a = 'say \\\"hi\\\"'")).isEqualTo("tags.a = 'say \"hi\"'");
        assertThat(canonicalCondition("tags.a = 'back\\\\slash'")).isEqualTo("tags.a = 'back\\\\slash'");
        assertThat(canonicalCondition("tags.a = '\\u00e9\\u00C9'")).isEqualTo("tags.a = 'éÉ'");
        assertThat(canonicalCondition("tags.a = ''")).isEqualTo("tags.a = ''");
    }

    @Test
    void parse_stringWithControlCharacters_rendersThemAsUnicodeEscapes() {
        Condition c = Condition.parse("tags.a = 'line\nbreak\\u0009tab'");

        assertThat(c.text()).isEqualTo("tags.a = 'line\\u000Abreak\\u0009tab'");
        assertThat(Condition.parse(c.text())).isEqualTo(c);
    }

    @Test
    void parse_arrays_holdConstantsOnly() {
        assertThat(conditionError("tags.a IN []").expected()).isEqualTo("an array with at least one value after IN");
        assertThat(canonicalCondition("tags.a IN ['x', 1, -2.5, true, null, [1, [2]]]"))
                .isEqualTo("tags.a IN ['x', 1, -2.5, true, null, [1, [2]]]");
        assertThat(canonicalCondition("tags.a IN [[1, 2], [3]]")).isEqualTo("tags.a IN [ [1, 2], [3]]");
        assertThat(canonicalCondition("tags.a = [1, 2]")).isEqualTo("tags.a = [1, 2]");
        assertThat(canonicalCondition("tags.a = [ [1, 2]]")).isEqualTo("tags.a = [ [1, 2]]");
        assertThat(conditionError("tags.a IN [tags.b]").expected())
                .isEqualTo("a constant (a number, string, true, false, null or array)");
        assertThat(conditionError("tags.a IN [undefined]").expected())
                .isEqualTo("a constant other than undefined (an array holds JSON values)");
        assertThat(conditionError("tags.a IN [1 2]").expected()).isEqualTo("',' or ']'");
        assertThat(conditionError("tags.a IN tags.b").expected()).isEqualTo("an array constant such as ['a', 'b']");
    }

    // ---- paths ----------------------------------------------------------------------------------------------

    @Test
    void parse_paths_acceptDollarDigitsAndEscapes() {
        assertThat(canonicalCondition("properties.desired.$version = 3")).isEqualTo("properties.desired.$version = 3");
        assertThat(canonicalCondition("tags.floor.1st = 'x'")).isEqualTo("tags.floor.1st = 'x'");
        assertThat(canonicalCondition("configurations.[[my-config.v2]].status = 'Applied'"))
                .isEqualTo("configurations.[[my-config.v2]].status = 'Applied'");
        assertThat(canonicalCondition("tags.[[odd key]] = 1")).isEqualTo("tags.[[odd key]] = 1");
        assertThat(canonicalCondition("tags.[[plain]] = 1")).isEqualTo("tags.plain = 1");
        assertThat(canonicalCondition("[[tags]].[[a]] = 1")).isEqualTo("tags.a = 1");
        assertThat(canonicalCondition("[[select]] = 1")).isEqualTo("[[select]] = 1");
        assertThat(canonicalCondition("tags.select = 1")).isEqualTo("tags.select = 1");
        assertThat(canonicalCondition("tags.[[a]b]] = 1")).isEqualTo("tags.[[a]b]] = 1");
        assertThat(canonicalCondition("tags.[[ünïcödé]] = 1")).isEqualTo("tags.[[ünïcödé]] = 1");
    }

    @Test
    void parse_twinFieldNames_matchWithoutCase() {
        assertThat(Condition.parse("DeviceId = 'a' AND STATUS = 'enabled' AND ConnectionState = 'Connected'"))
                .isEqualTo(Condition.parse("deviceId = 'a' AND status = 'enabled' AND connectionState = 'Connected'"));
        assertThat(canonicalCondition("Properties.Desired.x = Properties.REPORTED.x"))
                .isEqualTo("properties.desired.x = properties.reported.x");
        assertThat(canonicalCondition("Capabilities.IotEdge = true")).isEqualTo("capabilities.iotEdge = true");
        assertThat(canonicalCondition("Configurations.[[c]].STATUS = 'Applied'"))
                .isEqualTo("configurations.c.status = 'Applied'");
        assertThat(canonicalCondition("tags.Region = 'eu'")).isEqualTo("tags.Region = 'eu'");
    }

    @Test
    void parse_keywordAsPath_isRefused() {
        assertThat(conditionError("select = 1").expected())
                .isEqualTo("a condition (write [[select]] for a property of that name)");
        assertThat(conditionError("tags.a = from").expected())
                .isEqualTo("a value (write [[from]] for a property of that name)");
    }

    // ---- keywords and structure -----------------------------------------------------------------------------

    @Test
    void parse_keywords_areCaseInsensitive() {
        assertThat(canonical("select top 5 * from DEVICES where tags.a = 1 and not tags.b = 2 or tags.c nin [1]"))
                .isEqualTo("SELECT TOP 5 * FROM devices WHERE tags.a = 1 AND NOT tags.b = 2 OR tags.c NIN [1]");
        assertThat(canonical("sElEcT * FrOm Devices.Modules")).isEqualTo("SELECT * FROM devices.modules");
        assertThat(canonical("SELECT * FROM DEVICES.JOBS")).isEqualTo("SELECT * FROM devices.jobs");
    }

    @Test
    void parse_operators_keepPrecedenceAndRenderMinimalParentheses() {
        assertThat(canonicalCondition("a = 1 OR b = 2 AND c = 3")).isEqualTo("a = 1 OR b = 2 AND c = 3");
        assertThat(canonicalCondition("(a = 1 OR b = 2) AND c = 3")).isEqualTo("(a = 1 OR b = 2) AND c = 3");
        assertThat(canonicalCondition("((a = 1)) AND ((b = 2 AND c = 3))")).isEqualTo("a = 1 AND b = 2 AND c = 3");
        assertThat(canonicalCondition("NOT (a = 1 AND b = 2)")).isEqualTo("NOT (a = 1 AND b = 2)");
        assertThat(canonicalCondition("NOT NOT a")).isEqualTo("NOT NOT a");
        assertThat(canonicalCondition("a + b * c - d / e % f > 0")).isEqualTo("a + b * c - d / e % f > 0");
        assertThat(canonicalCondition("(a + b) * c > 0")).isEqualTo("(a + b) * c > 0");
        assertThat(canonicalCondition("(a + b) + c > 0")).isEqualTo("a + b + c > 0");
        assertThat(canonicalCondition("a - (b - c) > 0")).isEqualTo("a - (b - c) > 0");
        assertThat(canonicalCondition("-a * -(b + 1) > 0")).isEqualTo("-a * -(b + 1) > 0");
        assertThat(canonicalCondition("(a = 1) = true")).isEqualTo("(a = 1) = true");
        assertThat(canonicalCondition("a <> 1 AND b != 2")).isEqualTo("a != 1 AND b != 2");
        assertThat(canonicalCondition("a<1 AND b<=2 AND c>3 AND d>=4"))
                .isEqualTo("a < 1 AND b <= 2 AND c > 3 AND d >= 4");
    }

    @Test
    void parse_chainedComparison_isRefused() {
        assertThat(conditionError("a = 1 = 2").expected()).isEqualTo("AND, OR or end of condition");
    }

    @Test
    void parse_equalStructure_givesEqualQueries() {
        Query a = Query.parse("select *\n  from devices\n  where tags.a = \"x\"");
        Query b = Query.parse("SELECT * FROM devices WHERE (tags.a = 'x')");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).isEqualTo("SELECT * FROM devices WHERE tags.a = 'x'");
        assertThat(a).isNotEqualTo(Query.parse("SELECT * FROM devices.modules WHERE tags.a = 'x'"));
    }

    @Test
    void parse_top_needsAPositiveInteger() {
        assertThat(canonical("SELECT TOP 10 deviceId FROM devices")).isEqualTo("SELECT TOP 10 deviceId FROM devices");
        for (String bad : List.of("0", "-1", "1.5", "'1'", "2147483648")) {
            assertThat(queryError("SELECT TOP " + bad + " * FROM devices").expected())
                    .isEqualTo("a positive integer after TOP");
        }
    }

    @Test
    void parse_projections_acceptAliasesAndAggregates() {
        assertThat(canonical("select deviceId as id, tags.location.region from devices"))
                .isEqualTo("SELECT deviceId AS id, tags.location.region FROM devices");
        assertThat(canonical("SELECT count(), avg(properties.reported.t), SUM(properties.reported.t) AS s,"
                + " min(properties.reported.t), max(properties.reported.t) FROM devices"))
                .isEqualTo("SELECT COUNT(), AVG(properties.reported.t), SUM(properties.reported.t) AS s,"
                        + " MIN(properties.reported.t), MAX(properties.reported.t) FROM devices");
        assertThat(queryError("SELECT COUNT(tags.a) FROM devices").expected())
                .isEqualTo("')' (COUNT takes no argument)");
        assertThat(queryError("SELECT AVG() FROM devices").expected()).isEqualTo("an attribute path");
        assertThat(queryError("SELECT deviceId AS FROM devices").expected()).isEqualTo("an alias (an identifier)");
        assertThat(queryError("SELECT deviceId AS 'x' FROM devices").expected()).isEqualTo("an alias (an identifier)");
        assertThat(queryError("SELECT deviceId, FROM devices").expected()).isEqualTo("a projection");
        assertThat(queryError("SELECT *, deviceId FROM devices").expected()).isEqualTo("FROM");
        assertThat(queryError("SELECT 1 FROM devices").expected()).isEqualTo("* or a projection");
    }

    @Test
    void parse_duplicateColumnNames_areRefused() {
        InvalidQueryException e = queryError("SELECT tags.status, properties.reported.status FROM devices");

        assertThat(e).hasMessage("query: line 1, column 21: column name 'status' appears twice; give one of the"
                + " projections another name with AS");
        assertThat(canonical("SELECT tags.status, properties.reported.status AS reportedStatus FROM devices"))
                .endsWith("AS reportedStatus FROM devices");
        assertThat(queryError("SELECT COUNT(), COUNT() AS $1 FROM devices").getMessage())
                .contains("'$1' appears twice");
    }

    @Test
    void parse_groupBy_followsIotHubRules() {
        assertThat(canonical("SELECT tags.a, COUNT() FROM devices GROUP BY tags.a"))
                .isEqualTo("SELECT tags.a, COUNT() FROM devices GROUP BY tags.a");
        assertThat(canonical("SELECT COUNT() AS n FROM devices GROUP BY tags.a"))
                .isEqualTo("SELECT COUNT() AS n FROM devices GROUP BY tags.a");

        assertThat(queryError("SELECT * FROM devices GROUP BY tags.a")).hasMessage("query: line 1, column 23: GROUP BY"
                + " needs an aggregate (COUNT, AVG, SUM, MIN or MAX) in SELECT, not SELECT *");
        assertThat(queryError("SELECT tags.a FROM devices GROUP BY tags.a").expected())
                .isEqualTo("an aggregate in SELECT");
        assertThat(queryError("SELECT tags.b, COUNT() FROM devices GROUP BY tags.a")).hasMessage("query: line 1,"
                + " column 8: projection tags.b is neither an aggregate nor the GROUP BY path tags.a");
        assertThat(queryError("SELECT COUNT() FROM devices GROUP tags.a").expected()).isEqualTo("BY");
        assertThat(queryError("SELECT COUNT() FROM devices GROUP BY tags.a WHERE x = 1").expected())
                .isEqualTo("end of query");
        assertThat(queryError("SELECT COUNT(), tags.a FROM devices").expected()).isEqualTo("an aggregate");
    }

    @Test
    void parse_groupByOnModules_isRefusedAsDeviceTwinsOnly() {
        InvalidQueryException e = queryError("SELECT moduleId, COUNT() FROM devices.modules GROUP BY moduleId");

        assertThat(e).hasMessage("query: line 1, column 47: IoT Hub accepts GROUP BY only in queries FROM devices"
                + " (device twins), not FROM devices.modules");
        assertThat(canonical("SELECT COUNT() FROM devices.modules")).isEqualTo("SELECT COUNT() FROM devices.modules");
    }

    @Test
    void parse_jobs_selectOnlyStar() {
        assertThat(queryError("SELECT devices.jobs.jobId FROM devices.jobs")).hasMessage(
                "query: line 1, column 8: IoT Hub accepts only SELECT * in queries FROM devices.jobs");
        assertThat(queryError("SELECT COUNT() FROM devices.jobs").expected()).isEqualTo("*");
        assertThat(queryError("SELECT * FROM devices.jobs GROUP BY devices.jobs.status").getMessage())
                .contains("GROUP BY only in queries FROM devices");
        assertThat(canonical("SELECT TOP 3 * FROM devices.jobs")).isEqualTo("SELECT TOP 3 * FROM devices.jobs");
    }

    @Test
    void parse_jobPaths_acceptPrefixOrBareFieldName() {
        Query prefixed = Query.parse("SELECT * FROM devices.jobs WHERE devices.jobs.status = 'completed'");
        Query bare = Query.parse("SELECT * FROM devices.jobs WHERE Status = 'completed'");
        Query mixedCase = Query.parse("SELECT * FROM devices.jobs WHERE Devices.Jobs.STATUS = 'completed'");

        assertThat(bare).isEqualTo(prefixed).isEqualTo(mixedCase);
        assertThat(bare.text()).isEqualTo("SELECT * FROM devices.jobs WHERE devices.jobs.status = 'completed'");
        assertThat(Query.parse("SELECT * FROM devices.jobs WHERE JOBID = 'j'").text())
                .isEqualTo("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'j'");
        assertThat(bare.where()).contains(Condition.parse("status = 'completed'"));
        assertThat(queryError("SELECT * FROM devices.jobs WHERE devices.jobs = 1").expected())
                .isEqualTo("a job field after devices.jobs, such as devices.jobs.status");
    }

    @Test
    void parse_condition_reportsAsCondition() {
        assertThat(conditionError("tags.a = ")).hasMessage(
                "condition: line 1, column 10: expected a value but found end of text");
        assertThat(conditionError("").expected()).isEqualTo("a condition");
        assertThat(conditionError("*").expected()).isEqualTo("a condition");
        assertThatThrownBy(() -> Condition.parse(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Query.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void parse_whereOnlyQuery_exposesCondition() {
        Query q = Query.parse("SELECT * FROM devices WHERE tags.region = 'eu' AND deviceId IN ['a','b']");

        assertThat(q.where()).contains(Condition.parse("tags.region = 'eu' AND deviceId IN ['a', 'b']"));
        assertThat(Query.parse("SELECT * FROM devices").where()).isEmpty();
    }

    @Test
    void parse_bidiAndZeroWidthInAnError_areEscapedInTheQuotedSnippet() {
        InvalidQueryException e = queryError("SELECT * FROM devices WHERE \u202Etags.x = 1");

        assertThat(e.getMessage()).contains("\\u202E").doesNotContain("\u202E");
    }
}
