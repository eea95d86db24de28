package dev.fleetops.core;

import dev.fleetops.core.spi.ConfigurationService;
import dev.fleetops.core.spi.DeviceRegistry;
import dev.fleetops.core.spi.DirectMethodService;
import dev.fleetops.core.spi.HubBackend;
import dev.fleetops.core.spi.JobService;
import dev.fleetops.core.spi.QueryService;
import dev.fleetops.core.spi.TwinService;

/** A backend that hands every service to another; tests override the service they want to change. */
public class DelegatingHub implements HubBackend {

    private final HubBackend delegate;

    /**
     * Wraps a backend.
     *
     * @param delegate the backend
     */
    public DelegatingHub(HubBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public String describe() {
        return "delegating(" + delegate.describe() + ")";
    }

    @Override
    public DeviceRegistry registry() {
        return delegate.registry();
    }

    @Override
    public TwinService twins() {
        return delegate.twins();
    }

    @Override
    public QueryService queries() {
        return delegate.queries();
    }

    @Override
    public ConfigurationService configurations() {
        return delegate.configurations();
    }

    @Override
    public JobService jobs() {
        return delegate.jobs();
    }

    @Override
    public DirectMethodService methods() {
        return delegate.methods();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
