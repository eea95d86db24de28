package dev.fleetops.core.azure;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed IoT Hub service connection string ({@code HostName=...;SharedAccessKeyName=...;SharedAccessKey=...}).
 * Parsed here rather than by the SDK so that errors name the field without ever showing the key, and so that a
 * host name may carry a port. Immutable and thread-safe; {@link #toString()} never shows the key.
 */
final class ConnectionString {

    private static final String HOST_NAME = "HostName";
    private static final String KEY_NAME = "SharedAccessKeyName";
    private static final String KEY = "SharedAccessKey";

    private final String hostName;
    private final String keyName;
    private final byte[] key;

    private ConnectionString(String hostName, String keyName, byte[] key) {
        this.hostName = hostName;
        this.keyName = keyName;
        this.key = key;
    }

    /**
     * Parses a service connection string. Field names are matched ignoring case; values may contain {@code =}.
     * No error message shows any part of the text: the text is a credential, and a malformed one (a missing
     * {@code ;}, a comma or line break between fields, a key pasted twice) puts pieces of the key anywhere in it.
     * Errors name the field, the part (1-based, between {@code ;}) and the character position (1-based) instead.
     *
     * @throws IllegalArgumentException naming the field and position at fault, never showing the text
     */
    static ConnectionString parse(String text) {
        Objects.requireNonNull(text, "connectionString");
        if (text.isBlank()) {
            throw new IllegalArgumentException("IoT Hub connection string is blank; expected " + FORMAT);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, Integer> partOf = new LinkedHashMap<>();
        Map<String, Integer> valueAt = new LinkedHashMap<>();
        int partStart = 0;
        int part = 0;
        while (partStart <= text.length()) {
            int semicolon = text.indexOf(';', partStart);
            int partEnd = semicolon < 0 ? text.length() : semicolon;
            part++;
            String raw = text.substring(partStart, partEnd);
            int lead = leadingSpaces(raw);
            String piece = raw.strip();
            int pieceAt = partStart + lead + 1;
            if (!piece.isEmpty()) {
                int eq = piece.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("IoT Hub connection string: part " + part + " (at position "
                            + pieceAt + ") is not of the form Name=value; expected " + FORMAT + " (the text is not"
                            + " shown)");
                }
                String name = canonicalName(piece.substring(0, eq).strip());
                if (name == null) {
                    throw new IllegalArgumentException("IoT Hub connection string: part " + part + " (at position "
                            + pieceAt + ") has an unknown field name; expected HostName, SharedAccessKeyName and"
                            + " SharedAccessKey separated by ';' (the text is not shown)");
                }
                String value = piece.substring(eq + 1);
                int valueLead = leadingSpaces(value);
                if (fields.containsKey(name)) {
                    throw new IllegalArgumentException("IoT Hub connection string names " + name + " twice (parts "
                            + partOf.get(name) + " and " + part + ")");
                }
                fields.put(name, value.strip());
                partOf.put(name, part);
                valueAt.put(name, pieceAt + eq + 1 + valueLead);
            }
            if (semicolon < 0) {
                break;
            }
            partStart = semicolon + 1;
        }
        if (fields.containsKey("DeviceId")) {
            throw new IllegalArgumentException("IoT Hub connection string has a DeviceId: this is a device connection"
                    + " string; FleetOps needs a service connection string of a shared access policy (for example"
                    + " 'service' or 'registryReadWrite')");
        }
        String host = require(fields, HOST_NAME);
        checkHostName(host, "IoT Hub connection string: HostName (part " + partOf.get(HOST_NAME) + ")",
                valueAt.get(HOST_NAME));
        if (host.indexOf('.') < 0 && host.indexOf(':') < 0) {
            throw new IllegalArgumentException("IoT Hub connection string: HostName (part " + partOf.get(HOST_NAME)
                    + ") is neither a fully qualified host name nor host:port; expected for example"
                    + " my-hub.azure-devices.net (the value is not shown)");
        }
        String policy = require(fields, KEY_NAME);
        checkPolicyName(policy, partOf.get(KEY_NAME), valueAt.get(KEY_NAME));
        String keyText = require(fields, KEY);
        byte[] key = decodeKey(keyText, partOf.get(KEY), valueAt.get(KEY));
        return new ConnectionString(host, policy, key);
    }

    private static final String FORMAT =
            "HostName=<hub>.azure-devices.net;SharedAccessKeyName=<policy>;SharedAccessKey=<key>";

    private static int leadingSpaces(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The known field a name stands for, ignoring case; null for any other name. */
    private static String canonicalName(String name) {
        for (String known : new String[] {HOST_NAME, KEY_NAME, KEY, "DeviceId"}) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return null;
    }

    private static String require(Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException("IoT Hub connection string has no " + name);
        }
        if (v.isEmpty()) {
            throw new IllegalArgumentException("IoT Hub connection string: " + name + " is empty");
        }
        return v;
    }

    /** Policy names are letters, digits, '.', '-' and '_' (what IoT Hub accepts), at most 64 characters. */
    private static void checkPolicyName(String policy, int part, int at) {
        String field = "IoT Hub connection string: SharedAccessKeyName (part " + part + ")";
        if (policy.length() > 64) {
            throw new IllegalArgumentException(field + " is " + policy.length() + " characters long; at most 64"
                    + " (the value is not shown)");
        }
        for (int i = 0; i < policy.length(); i++) {
            char c = policy.charAt(i);
            if (!isDnsChar(c)) {
                throw new IllegalArgumentException(field + " has " + describeChar(c) + " at position " + (at + i)
                        + "; a policy name has letters, digits, '.', '-' and '_' only" + separatorHint(c)
                        + " (the value is not shown)");
            }
        }
    }

    private static byte[] decodeKey(String keyText, int part, int at) {
        String field = "IoT Hub connection string: SharedAccessKey (part " + part + ")";
        for (int i = 0; i < keyText.length(); i++) {
            char c = keyText.charAt(i);
            boolean base64 = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=';
            if (!base64) {
                throw new IllegalArgumentException(field + " is not valid base64: " + describeChar(c)
                        + " at position " + (at + i) + separatorHint(c) + " (the value is not shown)");
            }
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(keyText);
        } catch (IllegalArgumentException e) {
            // The decoder's message is not carried: it may quote a character of the key.
            throw new IllegalArgumentException(field + " is not valid base64: " + keyText.length()
                    + " characters with misplaced padding or a length that is not a multiple of 4"
                    + " (the value is not shown)");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("IoT Hub connection string: SharedAccessKey is empty");
        }
        return key;
    }

    /**
     * Accepts {@code host} or {@code host:port}; the host is DNS letters, digits, '-', '_' and '.'. The value is
     * never shown in the message (a connection string passed as a host name would show its key).
     *
     * @param host the value
     * @param what names the value in a message, for example {@code "hostName"}
     */
    static void checkHostName(String host, String what) {
        checkHostName(host, what, 1);
        if (host.indexOf('.') < 0) {
            throw new IllegalArgumentException(what + " is not a fully qualified host name (it has no '.'); expected"
                    + " a DNS name such as my-hub.azure-devices.net (the value is not shown)");
        }
    }

    /**
     * Accepts what {@link #checkHostName(String, String)} accepts, and a single-label host with a port, such as
     * {@code localhost:8443}. A value with neither a '.' nor a port is refused: a key has neither, and a key pasted
     * here must not reach {@code toString}.
     *
     * @param hostAndPort the value
     * @param what names the value in a message
     */
    static void checkEndpoint(String hostAndPort, String what) {
        checkHostName(hostAndPort, what, 1);
        if (hostAndPort.indexOf('.') < 0 && hostAndPort.indexOf(':') < 0) {
            throw new IllegalArgumentException(what + " is neither a fully qualified host name nor host:port;"
                    + " expected for example my-hub.azure-devices.net or localhost:8443 (the value is not shown)");
        }
    }

    private static void checkHostName(String host, String what, int at) {
        int colon = host.lastIndexOf(':');
        String h = colon >= 0 ? host.substring(0, colon) : host;
        if (h.isEmpty()) {
            throw new IllegalArgumentException(what + ": the host name is empty");
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!isDnsChar(c)) {
                throw new IllegalArgumentException(what + " has " + describeChar(c) + " at position " + (at + i)
                        + " of a host name; expected a DNS name such as my-hub.azure-devices.net, optionally with"
                        + " :port" + separatorHint(c) + " (the value is not shown)");
            }
        }
        if (colon >= 0) {
            String port = host.substring(colon + 1);
            boolean digits = !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9');
            if (!digits || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException(what + " has an invalid port after position " + (at + colon)
                        + "; expected host or host:port with a port from 1 to 65535 (the value is not shown)");
            }
        }
    }

    private static boolean isDnsChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_';
    }

    /** Names one character without quoting more of the input: {@code ';' (U+003B)}, or the code alone. */
    private static String describeChar(char c) {
        String code = String.format("U+%04X", (int) c);
        return c > 0x20 && c < 0x7F ? "'" + c + "' (" + code + ")" : code;
    }

    private static String separatorHint(char c) {
        if (c == ',' || c == '\n' || c == '\r' || c == ' ' || c == '\t' || c == '=' || c == ';') {
            return "; fields of a connection string are separated by ';' alone";
        }
        return "";
    }

    String hostName() {
        return hostName;
    }

    String keyName() {
        return keyName;
    }

    /** A copy of the decoded key. */
    byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "ConnectionString[HostName=" + hostName + ";SharedAccessKeyName=" + keyName
                + ";SharedAccessKey=***]";
    }
}
