package dev.fleetops.core.model;

import java.util.List;

/**
 * How a device authenticates to IoT Hub ({@code authentication.type}, a twin's {@code authenticationType}).
 *
 * <p>The constants are the values this version knows; compare them with {@code ==}. A value the hub sends that
 * is not among them is read, not refused: {@link #of(String)} returns an unknown value that keeps the hub's text
 * ({@link #isUnknown()}, {@link #wireName()}), so that a page of results never fails for one new value. Immutable
 * and thread-safe.
 */
public final class AuthenticationType extends OpenValue {

    /** Shared access signature from a symmetric key ({@code sas}). */
    public static final AuthenticationType SAS = new AuthenticationType("SAS", "sas", true);

    /** X.509 certificate identified by its thumbprint ({@code selfSigned}). */
    public static final AuthenticationType SELF_SIGNED = new AuthenticationType("SELF_SIGNED", "selfSigned", true);

    /** X.509 certificate signed by a registered certificate authority ({@code certificateAuthority}). */
    public static final AuthenticationType CERTIFICATE_AUTHORITY = new AuthenticationType("CERTIFICATE_AUTHORITY", "certificateAuthority", true);

    /** No authentication of its own, for example a module authenticated by its device ({@code none}). */
    public static final AuthenticationType NONE = new AuthenticationType("NONE", "none", true);

    private static final List<AuthenticationType> VALUES = List.of(SAS, SELF_SIGNED, CERTIFICATE_AUTHORITY, NONE);

    private AuthenticationType(String name, String wireName, boolean known) {
        super(name, wireName, known);
    }

    /**
     * Returns the value for a name as the hub writes it ({@code sas}) or as a constant is named ({@code SAS}),
     * case ignored; a name this version does not know gives an unknown value that keeps it.
     *
     * @param wireName the hub's text
     * @return the constant, or an unknown value
     * @throws NullPointerException if {@code wireName} is null
     */
    public static AuthenticationType of(String wireName) {
        return lookup(wireName, VALUES, w -> new AuthenticationType(w, w, false), "authenticationType");
    }

    /**
     * Returns the constants this version knows, in declaration order.
     *
     * @return an unmodifiable list
     */
    public static List<AuthenticationType> values() {
        return VALUES;
    }

}
