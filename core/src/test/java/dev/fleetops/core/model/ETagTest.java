package dev.fleetops.core.model;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ETagTest {

    @Test
    void of_wildcardAndEmpty_areAny() {
        assertThat(ETag.of("*")).isSameAs(ETag.ANY);
        assertThat(ETag.of("")).isSameAs(ETag.ANY);
        assertThat(ETag.of("\"*\"")).isSameAs(ETag.ANY);
        assertThat(ETag.ANY.isAny()).isTrue();
        assertThat(ETag.of("AAAAAAAAAAE=").isAny()).isFalse();
    }

    @Test
    void of_quotedValue_equalsTheBareOne() {
        assertThat(ETag.of("\"AAAAAAAAAAE=\"")).isEqualTo(ETag.of("AAAAAAAAAAE="));
        assertThat(ETag.of("\"MQ==\"").value()).isEqualTo("MQ==");
        assertThat(ETag.of("MQ==")).hasToString("MQ==");
    }

    @Test
    void constructor_empty_pointsToAny() {
        assertThatThrownBy(() -> new ETag("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ETag.ANY");
        assertThatThrownBy(() -> new ETag("\"\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ETag.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void of_controlCharacterOrInnerQuote_namesThePosition() {
        assertThatThrownBy(() -> ETag.of("ab\ncd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 3").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ETag.of("a\"b")).hasMessageContaining("a quote at position 2");
        assertThatThrownBy(() -> ETag.of("x".repeat(ETag.MAX_LENGTH + 1))).hasMessageContaining("at most 512");
    }

    @Property(tries = 500)
    void of_printableValue_keepsItExactly(@ForAll @StringLength(min = 1, max = 60) @CharRange(from = '#', to = '~')
            String value) {
        ETag tag = ETag.of(value);
        assertThat(tag.value()).isEqualTo(value.equals("*") ? "*" : value);
        assertThat(ETag.of(tag.value())).isEqualTo(tag);
        assertThat(ETag.of("\"" + value + "\"")).isEqualTo(tag);
    }
}
