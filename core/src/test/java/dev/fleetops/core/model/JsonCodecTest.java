package dev.fleetops.core.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonCodecTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\": tru}                | line 1 column",
        "{\"a\": 1,}                 | line 1 column",
        "{'a': 1}                    | line 1 column",
        "[1, 2                       | line 1 column",
        "{\"a\": {\"b\": [1, x]}}    | path $.a.b[1]",
        "{\"a\": 1} trailing         | line 1 column"})
    void parseValue_malformed_saysWhatAndWhereWithoutTheLibrarysAdvice(String json, String where) {
        assertThatThrownBy(() -> JsonCodec.parseValue(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON: ")
                .hasMessageContaining(where)
                .hasMessageNotContaining("setStrictness")
                .hasMessageNotContaining("LENIENT")
                .hasMessageNotContaining("Troubleshooting")
                .hasMessageNotContaining("\n")
                .hasNoCause();
    }
}
