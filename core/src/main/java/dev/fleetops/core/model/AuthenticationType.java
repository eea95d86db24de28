package dev.fleetops.core.model;

/**
 * How a device authenticates to IoT Hub. Thread-safe.
 */
public enum AuthenticationType {
    /** Shared access signature from a symmetric key ({@code sas}). */
    SAS,
    /** X.509 certificate identified by its thumbprint ({@code selfSigned}). */
    SELF_SIGNED,
    /** X.509 certificate signed by a registered certificate authority ({@code certificateAuthority}). */
    CERTIFICATE_AUTHORITY,
    /** No authentication of its own, for example a module authenticated by its device ({@code none}). */
    NONE;

    /**
     * Returns the name IoT Hub uses on the wire and in queries ({@code sas}, {@code selfSigned}, ...).
     *
     * @return the wire name
     */
    public String wireName() {
        switch (this) {
            case SAS:
                return "sas";
            case SELF_SIGNED:
                return "selfSigned";
            case CERTIFICATE_AUTHORITY:
                return "certificateAuthority";
            default:
                return "none";
        }
    }

    /**
     * Returns the type for a wire name, ignoring case.
     *
     * @param wireName a name such as {@code sas}
     * @return the type
     * @throws IllegalArgumentException if the name is unknown
     */
    public static AuthenticationType fromWireName(String wireName) {
        for (AuthenticationType t : values()) {
            if (t.wireName().equalsIgnoreCase(wireName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown authentication type '" + wireName
                + "'; expected sas, selfSigned, certificateAuthority or none");
    }
}
