package dev.fleetops.core.error;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    private static final String KEY = "q2VxZ3R5dWlvcGFzZGZnaGprbHp4Y3Zibm0xMjM0NTY=";
    private static final String SIG = "Xy7%2BabcDEF0123456789ghiJKL%3D";

    @Test
    void redact_connectionString_masksKeyAndKeepsKeyName() {
        String text = "HostName=hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY;

        String out = Redactor.redact(text);

        assertThat(out).doesNotContain(KEY)
                .isEqualTo("HostName=hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=***");
    }

    @Test
    void redact_deviceConnectionStringWithKeyInMiddle_masksOnlyTheKey() {
        String text = "HostName=h;DeviceId=d1;SharedAccessKey=" + KEY + ";GatewayHostName=gw";

        assertThat(Redactor.redact(text)).isEqualTo("HostName=h;DeviceId=d1;SharedAccessKey=***;GatewayHostName=gw");
    }

    @Test
    void redact_sasToken_masksSignatureOnly() {
        String text = "Authorization: SharedAccessSignature sr=hub.azure-devices.net%2Fdevices&sig=" + SIG
                + "&se=1767225600&skn=iothubowner";

        String out = Redactor.redact(text);

        assertThat(out).doesNotContain(SIG)
                .contains("sr=hub.azure-devices.net%2Fdevices", "sig=***", "se=1767225600", "skn=iothubowner");
    }

    @Test
    void redact_sasTokenWithSignatureFirst_masksIt() {
        assertThat(Redactor.redact("SharedAccessSignature sig=" + SIG + "&sr=x")).isEqualTo(
                "SharedAccessSignature sig=***&sr=x");
    }

    @Test
    void redact_urlEncodedSignature_masksIt() {
        assertThat(Redactor.redact("https://fw.example/blob?sv=2021&sig%3D" + SIG)).doesNotContain(SIG);
    }

    @Test
    void redact_bearerToken_masksIt() {
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

        assertThat(Redactor.redact("Authorization: Bearer " + token)).isEqualTo("Authorization: Bearer ***");
    }

    @Test
    void redact_jsonDeviceKeys_masksValuesAndKeepsShape() {
        String json = "{\"authentication\":{\"symmetricKey\":{\"primaryKey\":\"" + KEY + "\", \"secondaryKey\" : \""
                + KEY + "\"}},\"primaryThumbprint\":\"AB12\"}";

        String out = Redactor.redact(json);

        assertThat(out).doesNotContain(KEY)
                .contains("\"primaryKey\":\"***\"", "\"secondaryKey\" : \"***\"", "\"primaryThumbprint\":\"AB12\"");
    }

    @Test
    void redact_keyValueDeviceKeys_masksValues() {
        assertThat(Redactor.redact("primaryKey=" + KEY + ", secondaryKey: " + KEY)).doesNotContain(KEY);
    }

    @Test
    void redact_pemPrivateKey_masksWholeBlock() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";

        assertThat(Redactor.redact("key: " + pem)).doesNotContain("MIIEowIBAAKCAQEA").contains("PRIVATE KEY");
    }

    @Test
    void redact_textWithoutSecrets_returnsItUnchanged() {
        String text = "device 'sensor-17' is not registered; SharedAccessKeyName=registryRead";

        assertThat(Redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void redact_null_returnsEmpty() {
        assertThat(Redactor.redact(null)).isEmpty();
    }

    @Test
    void redact_withLimit_cutsAfterMasking() {
        String text = "SharedAccessKey=" + KEY + " and more text after it";

        String out = Redactor.redact(text, 20);

        assertThat(out).hasSize(20).doesNotContain(KEY.substring(0, 4)).endsWith("\u2026");
    }

    @Test
    void describe_exceptionWithSecret_namesClassAndMasks() {
        RuntimeException e = new IllegalStateException("bad credentials SharedAccessKey=" + KEY);

        assertThat(Redactor.describe(e)).isEqualTo("IllegalStateException: bad credentials SharedAccessKey=***");
    }

    @Test
    void redact_urlEncodedSasAndConnectionString_masksSignatureAndKey() {
        String sas = "SharedAccessSignature%20sr%3Dhub.example%26sig%3DXy7abcDEF%252B%253D%26se%3D1700000000";
        assertThat(Redactor.redact(sas)).doesNotContain("Xy7abc").contains("sig%3D***%26se%3D1700000000")
                .contains("sr%3Dhub.example");
        String cs = "HostName%3Dh%3BSharedAccessKeyName%3Diothubowner%3BSharedAccessKey%3Dq2VxSECRET%3D%3D";
        assertThat(Redactor.redact(cs)).doesNotContain("q2VxSECRET").contains("SharedAccessKeyName%3Diothubowner");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"AAAAAAAAAAAAAAAAAAAAAAAA", "c2VjcmV0LWtleS1zZWNyZXQta2V5",
            "abcdefghijklmnop/q", "abcdefghijklmnopq="})
    void redactCredentialText_bareKey_isMaskedWhateverItHolds(String key) {
        assertThat(Redactor.redactCredentialText("bad key " + key + ", vault-unreachable")).isEqualTo(
                "bad key ***, vault-unreachable");
    }
}
