package dev.fleetops.core.azure;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No credential path of {@link AzureIotHub}'s builder shows any piece of a key: for random keys, malformed
 * connection strings (hundreds of shapes: separators replaced, parts dropped, duplicated or truncated, characters
 * inserted, the key pasted twice), connection strings and keys passed as host names or endpoints, and providers that
 * fail quoting their secret, no 6-character substring of the key (in base64, or URL-encoded) appears in any message,
 * {@code toString} or cause chain (causes and suppressed, walked to the end).
 */
class CredentialSecretsPropertyTest {

    private static final int WINDOW = 6;

    /** How a well-formed connection string is broken; each takes the string and a random index. */
    private static final List<Malformation> MALFORMATIONS = List.of(
            new Malformation("comma separators", (cs, i) -> cs.replace(';', ',')),
            new Malformation("line-feed separators", (cs, i) -> cs.replace(";", "\n")),
            new Malformation("CRLF separators", (cs, i) -> cs.replace(";", "\r\n")),
            new Malformation("space separators", (cs, i) -> cs.replace(";", " ")),
            new Malformation("tab separators", (cs, i) -> cs.replace(";", "\t")),
            new Malformation("one ';' dropped", (cs, i) -> dropNth(cs, ';', i)),
            new Malformation("one ';' a comma", (cs, i) -> replaceNth(cs, ';', ",", i)),
            new Malformation("one ';' a newline", (cs, i) -> replaceNth(cs, ';', "\n", i)),
            new Malformation("key pasted twice", (cs, i) -> cs + keyOf(cs)),
            new Malformation("key pasted twice after ';'", (cs, i) -> cs + ";" + keyOf(cs)),
            new Malformation("key field twice", (cs, i) -> cs + ";SharedAccessKey=" + keyOf(cs)),
            new Malformation("whole string twice", (cs, i) -> cs + cs),
            new Malformation("whole string twice after ';'", (cs, i) -> cs + ";" + cs),
            new Malformation("truncated", (cs, i) -> cs.substring(0, i % cs.length())),
            new Malformation("cut in front", (cs, i) -> cs.substring(i % cs.length())),
            new Malformation("char inserted", (cs, i) -> insert(cs, i, "!\"#$&'()*,:<>?@[\\]^`{|}~ \n\u202e\u200b\u00e9")),
            new Malformation("char deleted", (cs, i) -> cs.substring(0, i % cs.length())
                    + cs.substring(i % cs.length() + 1)),
            new Malformation("'=' removed", (cs, i) -> replaceNth(cs, '=', "", i)),
            new Malformation("key name misspelled", (cs, i) -> cs.replace("SharedAccessKey=", "SharedAcessKey=")),
            new Malformation("key as the host", (cs, i) -> cs.replace("HostName=my-hub.azure-devices.net",
                    "HostName=" + keyOf(cs))),
            new Malformation("a device string", (cs, i) -> cs.replace("SharedAccessKeyName=service", "DeviceId=d1")),
            new Malformation("quoted", (cs, i) -> "\"" + cs + "\""),
            new Malformation("URL-encoded", (cs, i) -> SasTokens.encode(cs)),
            new Malformation("with an Endpoint", (cs, i) -> "Endpoint=sb://x/;" + cs),
            new Malformation("port broken", (cs, i) -> cs.replace(".net", ".net:" + (i % 3 == 0 ? "x" : "70000"))),
            new Malformation("prefix garbage", (cs, i) -> "connection string: " + cs));

    @Property(tries = 10_000)
    void builder_malformedConnectionStringsAndHostNames_neverShowTheKey(@ForAll("keys") String key,
            @ForAll("malformations") Malformation malformation, @ForAll("indexes") int index) {
        String cs = "HostName=my-hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=" + key;
        String text = malformation.apply(cs, index);
        List<String> seen = new ArrayList<>();

        seen.addAll(attempt(() -> AzureIotHub.builder().connectionString(text).toString()));
        seen.addAll(attempt(() -> ConnectionString.parse(text).toString()));
        seen.addAll(attempt(() -> AzureIotHub.builder().hostName(text).toString()));
        seen.addAll(attempt(() -> AzureIotHub.builder().endpoint(text).toString()));
        seen.addAll(attempt(() -> AzureIotHub.builder().hostName(key).toString()));

        assertNoPieceOf(key, seen, malformation.name);
    }

    @Property(tries = 2_000)
    void providers_failingWithTheirSecret_neverShowIt(@ForAll("keys") String key, @ForAll("leaks") int leak) {
        String cs = "HostName=my-hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=" + key;
        String token = SasTokens.mint("my-hub.azure-devices.net", "service", Base64.getDecoder().decode(key),
                Instant.parse("2030-01-01T00:00:00Z"));
        String secretText = List.of("bad key " + key, "cannot parse " + cs, "token " + token,
                "key=" + SasTokens.encode(key), key, "Bearer " + key).get(leak);
        RuntimeException thrown = new IllegalStateException(secretText, new RuntimeException(key));
        thrown.addSuppressed(new IllegalArgumentException(cs));
        List<String> seen = new ArrayList<>();

        seen.addAll(attempt(() -> new Credentials.FromSasProvider(() -> {
            throw thrown;
        }).authorization()));
        seen.addAll(attempt(() -> new Credentials.FromAccessTokenProvider(scope -> {
            throw thrown;
        }, java.time.Clock.systemUTC()).authorization()));

        assertThat(seen).anySatisfy(s -> assertThat(s).contains("IllegalStateException"));
        assertNoPieceOf(key, seen, "provider message " + leak);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(16).ofMaxSize(64)
                .map(b -> Base64.getEncoder().encodeToString(b));
    }

    @Provide
    Arbitrary<Malformation> malformations() {
        return Arbitraries.of(MALFORMATIONS);
    }

    @Provide
    Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<Integer> leaks() {
        return Arbitraries.integers().between(0, 5);
    }

    /** Runs {@code action}; returns the text it produced or everything its failure shows. */
    private static List<String> attempt(java.util.function.Supplier<String> action) {
        List<String> out = new ArrayList<>();
        try {
            out.add(action.get());
        } catch (RuntimeException e) {
            walk(e, out, new IdentityHashMap<>());
        }
        return out;
    }

    private static void walk(Throwable t, List<String> out, Map<Throwable, Boolean> visited) {
        if (t == null || visited.put(t, Boolean.TRUE) != null) {
            return;
        }
        out.add(String.valueOf(t.getMessage()));
        out.add(String.valueOf(t.getLocalizedMessage()));
        out.add(t.toString());
        walk(t.getCause(), out, visited);
        for (Throwable s : t.getSuppressed()) {
            walk(s, out, visited);
        }
    }

    private static void assertNoPieceOf(String key, List<String> seen, String what) {
        List<String> forms = List.of(key, SasTokens.encode(key));
        for (String text : seen) {
            for (String form : forms) {
                for (int i = 0; i + WINDOW <= form.length(); i++) {
                    String piece = form.substring(i, i + WINDOW);
                    if (text.contains(piece)) {
                        assertThat(text).as("%s: a piece of the key in %s", what, text).doesNotContain(piece);
                    }
                }
            }
        }
    }

    private static String keyOf(String cs) {
        return cs.substring(cs.indexOf("SharedAccessKey=") + "SharedAccessKey=".length());
    }

    private static String dropNth(String s, char c, int n) {
        return replaceNth(s, c, "", n);
    }

    private static String replaceNth(String s, char c, String with, int n) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                at.add(i);
            }
        }
        if (at.isEmpty()) {
            return s;
        }
        int i = at.get(n % at.size());
        return s.substring(0, i) + with + s.substring(i + 1);
    }

    private static String insert(String s, int n, String chars) {
        int i = n % (s.length() + 1);
        char c = chars.charAt(n % chars.length());
        return s.substring(0, i) + c + s.substring(i);
    }

    /** A named way to break a connection string. */
    static final class Malformation {
        final String name;
        final java.util.function.BiFunction<String, Integer, String> f;

        Malformation(String name, java.util.function.BiFunction<String, Integer, String> f) {
            this.name = name;
            this.f = f;
        }

        String apply(String cs, int index) {
            return f.apply(cs, index);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
