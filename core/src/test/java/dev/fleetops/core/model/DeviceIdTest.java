package dev.fleetops.core.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceIdTest {

    @Test
    void of_allowedCharacters_accepted() {
        String id = "Ab9-.+%_#*?!(),:=@$'";
        assertThat(DeviceId.of(id).value()).isEqualTo(id);
        assertThat(DeviceId.isValid(id)).isTrue();
    }

    @Test
    void of_space_namesCharacterAndPosition() {
        assertThatThrownBy(() -> DeviceId.of("sensor 7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a space at position 7")
                .hasMessageContaining("IoT Hub allows ASCII letters, digits and");
    }

    @Test
    void of_slash_namesCharacterAndPosition() {
        assertThatThrownBy(() -> DeviceId.of("plant/7"))
                .hasMessageContaining("'/' (U+002F) at position 6");
    }

    @Test
    void of_nonAscii_rejected() {
        assertThatThrownBy(() -> DeviceId.of("gerät"))
                .hasMessageContaining("at position 4");
    }

    @Test
    void of_controlCharacter_isShownWithoutPrintingIt() {
        assertThatThrownBy(() -> DeviceId.of("a\u0007b"))
                .hasMessageContaining("U+0007 at position 2")
                .hasMessageContaining("'a\\u0007b'");
    }

    @Test
    void of_emptyOrTooLong_rejected() {
        assertThatThrownBy(() -> DeviceId.of("")).hasMessageContaining("empty");
        assertThat(DeviceId.of("x".repeat(128)).value()).hasSize(128);
        assertThatThrownBy(() -> DeviceId.of("x".repeat(129)))
                .hasMessageContaining("129 characters long; IoT Hub allows at most 128");
    }

    @Test
    void of_null_throwsNullPointer() {
        assertThatThrownBy(() -> DeviceId.of(null)).isInstanceOf(NullPointerException.class);
        assertThat(DeviceId.isValid(null)).isFalse();
    }

    @Property
    void of_anyString_acceptsExactlyTheValidOnes(@ForAll("candidates") String candidate) {
        boolean valid = !candidate.isEmpty() && candidate.length() <= 128
                && candidate.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9') || "-.+%_#*?!(),:=@$'".indexOf(c) >= 0);
        assertThat(DeviceId.isValid(candidate)).isEqualTo(valid);
        if (!valid) {
            assertThatThrownBy(() -> DeviceId.of(candidate)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Provide
    Arbitrary<String> candidates() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcXYZ019-.+%_#*?!(),:=@$'").ofMinLength(0).ofMaxLength(140),
                Arbitraries.strings().all().ofMaxLength(40));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"dev\u202Egnp.exe", "dev\nINFO forged line", "dev\u200Bice",
            "dev\u2028ice", "dev\u0085ice", "dev\u2066ice"})
    void of_hiddenCharacters_areEscapedInTheMessage(String id) {
        assertThatThrownBy(() -> DeviceId.of(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at position 4")
                .satisfies(e -> assertThat(e.getMessage()).contains(String.format("\\u%04X", (int) id.charAt(3)))
                        .doesNotContain(id.substring(3, 4)));
    }

    @Test
    void of_tooLongWithANewline_escapesTheQuotedStart() {
        String id = "a\n" + "b".repeat(200);

        assertThatThrownBy(() -> DeviceId.of(id)).hasMessageContaining("starts with 'a\\u000Abbb")
                .hasMessageNotContaining("\n");
    }
}
