package dev.fleetops.core.packagegraph.b;

import dev.fleetops.core.packagegraph.a.A;

/** The other half of a deliberate package cycle, for {@code PackageGraphTest}. */
public final class B {
    /** Uses A. @return an A */
    public A a() {
        return new A();
    }
}
