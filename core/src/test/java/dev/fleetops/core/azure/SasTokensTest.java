package dev.fleetops.core.azure;

import dev.fleetops.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SasTokensTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static Map<String, String> fields(String token) {
        assertThat(token).startsWith("SharedAccessSignature ");
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : token.substring("SharedAccessSignature ".length()).split("&")) {
            int eq = part.indexOf('=');
            out.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return out;
    }

    @Test
    void mint_signsTheEncodedResourceAndExpiryWithTheKey() throws Exception {
        String token = SasTokens.mint("my-hub.azure-devices.net", "iothubowner", KEY,
                Instant.ofEpochSecond(1_800_000_000L));

        Map<String, String> f = fields(token);
        assertThat(f.keySet()).containsExactly("sr", "sig", "se", "skn");
        assertThat(f.get("sr")).isEqualTo("my-hub.azure-devices.net");
        assertThat(f.get("se")).isEqualTo("1800000000");
        assertThat(f.get("skn")).isEqualTo("iothubowner");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal("my-hub.azure-devices.net\n1800000000".getBytes(StandardCharsets.UTF_8)));
        assertThat(URLDecoder.decode(f.get("sig"), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void mint_encodesAResourceWithAPort() {
        String token = SasTokens.mint("localhost:8443", "p", KEY, Instant.ofEpochSecond(10));

        assertThat(fields(token).get("sr")).isEqualTo("localhost%3A8443");
    }

    @Test
    void mint_differentKeysOrExpiries_differentSignatures() {
        Instant t = Instant.ofEpochSecond(1000);
        String a = SasTokens.mint("h", "p", KEY, t);
        String b = SasTokens.mint("h", "p", "another-key-another-key-another!".getBytes(StandardCharsets.US_ASCII), t);
        String c = SasTokens.mint("h", "p", KEY, t.plusSeconds(1));

        assertThat(fields(a).get("sig")).isNotEqualTo(fields(b).get("sig")).isNotEqualTo(fields(c).get("sig"));
    }

    @Test
    void expiryOf_readsSe() {
        assertThat(SasTokens.expiryOf(SasTokens.mint("h", "p", KEY, Instant.ofEpochSecond(1234))))
                .isEqualTo(Instant.ofEpochSecond(1234));
        assertThat(SasTokens.expiryOf("SharedAccessSignature sr=h&sig=x")).isNull();
    }

    @Test
    void fromKey_renewsAfterThreeQuartersOfTheLifetime() {
        VirtualClock clock = VirtualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
        ConnectionString cs = ConnectionString.parse("HostName=h.net;SharedAccessKeyName=p;SharedAccessKey="
                + Base64.getEncoder().encodeToString(KEY));
        Credentials.FromKey credentials = new Credentials.FromKey(cs, Duration.ofHours(1), clock);

        String first = credentials.authorization();
        assertThat(SasTokens.expiryOf(first)).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
        assertThat(credentials.sasCredential().getSignature()).isEqualTo(first);

        clock.advance(Duration.ofMinutes(44));
        assertThat(credentials.authorization()).isEqualTo(first);

        clock.advance(Duration.ofMinutes(1));
        String second = credentials.authorization();
        assertThat(second).isNotEqualTo(first);
        assertThat(SasTokens.expiryOf(second)).isEqualTo(Instant.parse("2026-01-01T01:45:00Z"));
        assertThat(credentials.sasCredential().getSignature()).isEqualTo(second);
    }

    @Test
    void fromSasProvider_asksBeforeEveryCallAndUpdatesTheSdkCredential() {
        String[] next = {"SharedAccessSignature sr=h&sig=one&se=1&skn=p"};
        Credentials.FromSasProvider credentials = new Credentials.FromSasProvider(() -> next[0]);

        assertThat(credentials.authorization()).isEqualTo(next[0]);
        next[0] = "SharedAccessSignature sr=h&sig=two&se=2&skn=p";
        credentials.refresh();
        assertThat(credentials.sasCredential().getSignature()).isEqualTo(next[0]);
    }

    @Test
    void fromAccessTokenProvider_cachesUntilShortlyBeforeExpiry() {
        VirtualClock clock = VirtualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
        int[] calls = {0};
        String[] scope = {""};
        Credentials.FromAccessTokenProvider credentials = new Credentials.FromAccessTokenProvider(s -> {
            scope[0] = s;
            calls[0]++;
            return new AccessToken("token-" + calls[0], clock.instant().plus(Duration.ofHours(1)));
        }, clock);

        assertThat(credentials.authorization()).isEqualTo("Bearer token-1");
        clock.advance(Duration.ofMinutes(49));
        assertThat(credentials.authorization()).isEqualTo("Bearer token-1");
        clock.advance(Duration.ofMinutes(2));
        assertThat(credentials.authorization()).isEqualTo("Bearer token-2");
        assertThat(scope[0]).isEqualTo("https://iothubs.azure.net/.default");
        assertThat(credentials.tokenCredential().getToken(new com.azure.core.credential.TokenRequestContext())
                .block().getToken()).isEqualTo("token-3");
    }

    @Test
    void accessToken_toStringMasksTheToken() {
        assertThat(new AccessToken("eyJ.secret.sig", Instant.EPOCH).toString()).doesNotContain("secret")
                .contains("***");
    }
}
