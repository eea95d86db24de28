package dev.fleetops.core.internal.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EscapeTest {

    @Test
    void escape_bidiZeroWidthAndNewline_becomeEscapes() {
        assertThat(Escape.escape("a\u202Eb\u200Bc\nd\\e")).isEqualTo("a\\u202Eb\\u200Bc\\u000Ad\\\\e");
    }

    @Test
    void escape_plainText_isReturnedUnchanged() {
        assertThat(Escape.escape("dev-1 caf\u00e9 \u65e5\u672c")).isEqualTo("dev-1 caf\u00e9 \u65e5\u672c");
    }

    @Test
    void escape_longText_isCutAfterMaxOriginalCharacters() {
        assertThat(Escape.escape("\n" + "x".repeat(50), 3)).isEqualTo("\\u000Axx...");
    }

    @Test
    void escape_null_isTheWordNull() {
        assertThat(Escape.escape(null)).isEqualTo("null");
    }

    @Property(tries = 2000)
    void escape_anyText_leavesNoHiddenCharacterAndIsReversible(@ForAll("texts") String text) {
        String out = Escape.escape(text);

        assertThat(out.chars().noneMatch(c -> Escape.isHidden((char) c))).isTrue();
        assertThat(unescape(out)).isEqualTo(text);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange('\u0000', '\u00ff').withChars("\u202E\u200B\u2028\u2066\uFEFF\\")
                .ofMaxLength(40);
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && s.charAt(i + 1) == '\\') {
                sb.append('\\');
                i++;
            } else if (c == '\\' && s.charAt(i + 1) == 'u') {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
