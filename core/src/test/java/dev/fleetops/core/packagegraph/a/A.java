package dev.fleetops.core.packagegraph.a;

import dev.fleetops.core.packagegraph.b.B;

/** Half of a deliberate package cycle, for {@code PackageGraphTest}. */
public final class A {
    /** Uses B. @return a B */
    public B b() {
        return new B();
    }
}
