package dev.fleetops.core.embedded;

import dev.fleetops.core.error.BadRequestException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The embedded hub's continuation token: which query it belongs to, how many rows were served, and where to go on
 * (the last device id served, or a row offset). Opaque to callers; a token from another query is refused, as
 * IoT Hub expects the same query text with each token. Immutable.
 */
record ContinuationToken(int queryHash, long served, String position) {

    String encode() {
        String raw = "1|" + Integer.toHexString(queryHash) + "|" + served + "|" + position;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ContinuationToken decode(String token, String queryText) {
        int hash = queryText.hashCode();
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", 4);
            if (parts.length == 4 && "1".equals(parts[0])
                    && Integer.parseUnsignedInt(parts[1], 16) == hash && Long.parseLong(parts[2]) >= 0) {
                return new ContinuationToken(hash, Long.parseLong(parts[2]), parts[3]);
            }
        } catch (IllegalArgumentException malformed) {
            // falls through to the refusal below
        }
        throw new BadRequestException("400024", "the continuation token does not belong to this query; send the"
                + " same query text with each continuation token");
    }

    int offset() {
        try {
            int offset = Integer.parseInt(position);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal below
        }
        throw new BadRequestException("400024", "the continuation token is not an offset token of this query");
    }
}
