package dev.fleetops.provisioning.keys;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Derived device keys, SAS tokens, and the secrecy of both. */
class KeysTest {

    /** The group key of Microsoft's DPS symmetric-key enrollment group tutorial. */
    private static final String GROUP_KEY =
            "8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegxkqIChbqOS9Egw==";
    private static final String REGISTRATION_ID = "sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6";

    @Test
    void derivedKey_matchesMicrosoftsWorkedExample() {
        SymmetricKey group = SymmetricKey.parse(GROUP_KEY, "group key");

        SymmetricKey device = DerivedKeys.forDevice(group, REGISTRATION_ID);

        assertThat(device.base64()).isEqualTo("Jsm0lyGpjaVYVP2g3FnmnmG9dI/9qU24wNoykUmermc=");
        assertThat(device.length()).isEqualTo(32);
    }

    @Test
    void sasTokens_forAHubDeviceAndForADpsRegistration_matchAnIndependentComputation() {
        // computed with another language's HMAC-SHA256 and URL encoder from the same inputs
        SymmetricKey key = SymmetricKey.parse("Jsm0lyGpjaVYVP2g3FnmnmG9dI/9qU24wNoykUmermc=", "device key");
        Instant expiry = Instant.ofEpochSecond(1767225600);

        assertThat(SasToken.forDevice("myhub.azure-devices.net", REGISTRATION_ID, key, expiry).value())
                .isEqualTo("SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2F" + REGISTRATION_ID
                        + "&sig=wBuqG5gQQmbKshV9wpE1Ts5KvbL0jRCAf4SZ0%2FNDb50%3D&se=1767225600");
        assertThat(SasToken.forRegistration("0ne00000A0A", REGISTRATION_ID, key, expiry).value())
                .isEqualTo("SharedAccessSignature sr=0ne00000A0A%2Fregistrations%2F" + REGISTRATION_ID
                        + "&sig=rtvhKDIMpR1F9AQgr2xbuAQi0bzBqoNE0OqQIPwIImg%3D&se=1767225600&skn=registration");
    }

    @Test
    void keysAndTokens_neverPrintTheirSecrets() {
        SymmetricKey group = SymmetricKey.parse(GROUP_KEY, "group key");
        SasToken token = SasToken.forDevice("myhub.azure-devices.net", "d1", group,
                Instant.ofEpochSecond(2_000_000_000));
        int sig = token.value().indexOf("sig=") + 4;

        assertThat(group.toString()).doesNotContain(GROUP_KEY).doesNotContain(GROUP_KEY.substring(0, 8))
                .contains("64 bytes");
        assertThat(token.toString()).contains("myhub.azure-devices.net/devices/d1").doesNotContain("sig=")
                .doesNotContain(token.value().substring(sig, sig + 8));
    }

    @Test
    void aBadKey_isRefusedWithItsFieldRuleAndPosition_withoutEchoingIt() {
        String bad = GROUP_KEY.substring(0, 20) + "#" + GROUP_KEY.substring(21);

        assertThatThrownBy(() -> SymmetricKey.parse(bad, "enrollment group 'factory-a' primary key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enrollment group 'factory-a' primary key").hasMessageContaining("position 21")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(GROUP_KEY.substring(0, 20)));
        assertThatThrownBy(() -> SymmetricKey.parse("c2hvcnQ=", "device key"))
                .hasMessageContaining("device key has 5 bytes").hasMessageContaining("16 to 64");
        assertThatThrownBy(() -> SymmetricKey.parse("abcde", "device key")).hasMessageContaining("multiple of 4");
    }

    @Test
    void registrationIds_followDpsRules() {
        SymmetricKey group = SymmetricKey.generate();

        assertThatThrownBy(() -> DerivedKeys.forDevice(group, "bad id")).hasMessageContaining("' ' at position 4");
        assertThatThrownBy(() -> DerivedKeys.forDevice(group, "ends-with.")).hasMessageContaining("ends with '.'");
        assertThatThrownBy(() -> DerivedKeys.forDevice(group, "x".repeat(129))).hasMessageContaining("1 to 128");
        assertThat(DerivedKeys.forDevice(group, "Factory.Line-2:unit_7-")).isNotNull();
    }

    @Property(tries = 200)
    void derivation_isDeterministic_andDiffersPerDevice(@ForAll @AlphaChars @NumericChars @StringLength(min = 1,
            max = 40) String a, @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 40) String b) {
        SymmetricKey group = SymmetricKey.parse(GROUP_KEY, "group key");

        assertThat(DerivedKeys.forDevice(group, a)).isEqualTo(DerivedKeys.forDevice(group, a));
        assertThat(DerivedKeys.forDevice(group, a).equals(DerivedKeys.forDevice(group, b))).isEqualTo(a.equals(b));
        SymmetricKey k = DerivedKeys.forDevice(group, a);
        assertThat(SymmetricKey.parse(k.base64(), "round trip")).isEqualTo(k);
    }
}
