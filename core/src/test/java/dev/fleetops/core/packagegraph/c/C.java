package dev.fleetops.core.packagegraph.c;

import dev.fleetops.core.query.internal.Parser;

/** A deliberate import of another feature's internal package, for {@code PackageGraphTest}. */
public final class C {
    /** Reaches into query.internal. @return the routing-only function names */
    public Object reach() {
        return Parser.ROUTING_ONLY_FUNCTIONS;
    }
}
